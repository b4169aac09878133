import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { listTopLevelFunctions, loadBundle, runExecution, runExecutionWith } from '../harness/bundle';
import { createWorld } from './index';

const BUNDLE = `
var loads = (typeof loads === 'number' ? loads : 0) + 1;
function onOpen(e) {
  var menu = SpreadsheetApp.getUi().createAddonMenu();
  if (e && e.authMode !== ScriptApp.AuthMode.NONE) menu.addItem('Refresh', 'refresh');
  menu.addItem('Open', 'showSidebar').addToUi();
}
function probe() {
  var names = ['require', 'process', 'setTimeout', 'setInterval', 'URL', 'URLSearchParams', 'TextEncoder', 'TextDecoder',
    'fetch', 'atob', 'btoa', 'Blob', 'crypto', 'Buffer', 'structuredClone', 'queueMicrotask', 'module', 'exports', 'global'];
  var out = {};
  for (var i = 0; i < names.length; i++) out[names[i]] = eval('typeof ' + names[i]);
  out.SpreadsheetApp = typeof SpreadsheetApp;
  out.Utilities = typeof Utilities;
  return out;
}
function clock() { return [Date.now(), new Date().getTime(), new Date(0).getTime(), typeof Date(), new Date(2026, 0, 1) instanceof Date]; }
function catchPermission() {
  try { SpreadsheetApp.openById('x'); } catch (e) { return [e instanceof Error, e.message, e.name]; }
  return null;
}
function realmChecks() {
  var r = SpreadsheetApp.getActiveSpreadsheet().getSheets()[0].getRange('A1:B1');
  r.setValues([[new Date(0), 'x']]);
  var v = r.getValues();
  var props = PropertiesService.getDocumentProperties().getProperties();
  return [v instanceof Array, v[0] instanceof Array, v[0][0] instanceof Date, props instanceof Object, props.constructor === Object];
}
function echoArgs(a, b) { return [a instanceof Array, b && b.constructor === Object, a, b]; }
function slow(ms) { Utilities.sleep(ms); return 'done'; }
function takeLock() { LockService.getDocumentLock().waitLock(1000); return 'locked'; }
function secret_() { return 'private'; }
function withDate() { return { when: new Date() }; }
function plain() { return { n: 1, list: [1, 'a', null], nested: { ok: true } }; }
function throwsOwn() { throw new Error('Add your Adapty secret key first.'); }
var notDeclared = function () { return 1; };
`;

describe('bundle harness', () => {
  let dir: string;
  let file: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bundle-'));
    file = path.join(dir, 'Code.js');
    fs.writeFileSync(file, BUNDLE);
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('listTopLevelFunctions', () => {
    expect(listTopLevelFunctions(BUNDLE)).toEqual([
      'onOpen',
      'probe',
      'clock',
      'catchPermission',
      'realmChecks',
      'echoArgs',
      'slow',
      'takeLock',
      'secret_',
      'withDate',
      'plain',
      'throwsOwn',
    ]);
    expect(listTopLevelFunctions('  function indented() {}\nasync function a() {}\nfunction* g() {}')).toEqual([
      'a',
      'g',
    ]);
  });

  test('bare context: none of the globals Apps Script lacks', () => {
    const w = createWorld();
    const b = loadBundle(w, 'full', { bundlePath: file });
    const p = b.call('probe') as Record<string, string>;
    for (const [k, v] of Object.entries(p)) {
      if (k === 'SpreadsheetApp' || k === 'Utilities') expect(v).toBe('object');
      else expect([k, v]).toEqual([k, 'undefined']);
    }
  });

  test('each load is a fresh context; compile is cached', () => {
    const w = createWorld();
    expect(loadBundle(w, 'full', { bundlePath: file }).context.loads).toBe(1);
    expect(loadBundle(w, 'full', { bundlePath: file }).context.loads).toBe(1);
  });

  test('virtual Date', () => {
    const w = createWorld();
    const [now, newDate, epoch, dateCallType, inst] = runExecutionWith(
      w,
      'full',
      { bundlePath: file },
      'clock',
    ) as unknown[];
    expect(now).toBe(Date.UTC(2026, 10, 28, 9, 0));
    expect(newDate).toBe(now);
    expect(epoch).toBe(0);
    expect(dateCallType).toBe('string');
    expect(inst).toBe(true);
  });

  test('service errors are Errors in the script realm; values are script-realm arrays', () => {
    const w = createWorld();
    expect(runExecutionWith(w, 'custom_function', { bundlePath: file }, 'catchPermission')).toEqual([
      true,
      'You do not have permission to call SpreadsheetApp.openById',
      'Exception',
    ]);
    expect(runExecutionWith(w, 'full', { bundlePath: file }, 'realmChecks')).toEqual([true, true, true, true, true]);
    expect(runExecutionWith(w, 'full', { bundlePath: file }, 'echoArgs', [[1]], { a: 1 })).toEqual([
      true,
      true,
      [[1]],
      { a: 1 },
    ]);
  });

  test('menu in NONE mode; event objects', () => {
    const w = createWorld();
    const b = loadBundle(w, 'none', { bundlePath: file });
    b.call('onOpen', b.event());
    expect(w.ui.menus[0].items).toEqual([{ caption: 'Open', functionName: 'showSidebar' }]);
    const f = loadBundle(w, 'full', { bundlePath: file });
    expect(f.event().authMode).toBe('FULL');
    f.call('onOpen', f.event());
    expect(w.ui.menus[1].items).toHaveLength(2);
  });

  test('only top-level function declarations are callable; errors reach the test', () => {
    const w = createWorld();
    const b = loadBundle(w, 'full', { bundlePath: file });
    expect(() => b.call('notDeclared')).toThrow('Script function not found: notDeclared');
    expect(() => b.call('missing')).toThrow('Script function not found: missing');
    expect(() => b.call('throwsOwn')).toThrow('Add your Adapty secret key first.');
    expect(b.call('secret_')).toBe('private');
  });

  test('google.script.run rules', () => {
    const w = createWorld();
    const b = loadBundle(w, 'full', { bundlePath: file });
    expect(b.callFromClient('plain')).toEqual({ n: 1, list: [1, 'a', null], nested: { ok: true } });
    expect(() => b.callFromClient('secret_')).toThrow('Script function not found: secret_');
    expect(() => b.callFromClient('withDate')).toThrow(/illegal value in the return value at when/);
    expect(() => b.callFromClient('echoArgs', new Date())).toThrow(/illegal value in the arguments/);
  });

  test('a custom function over 30 s of virtual time fails', () => {
    const w = createWorld();
    expect(runExecutionWith(w, 'custom_function', { bundlePath: file }, 'slow', 29_000)).toBe('done');
    expect(() => runExecutionWith(w, 'custom_function', { bundlePath: file }, 'slow', 31_000)).toThrow(
      'Exceeded maximum execution time',
    );
    expect(runExecutionWith(w, 'full', { bundlePath: file }, 'slow', 31_000)).toBe('done');
  });

  test('locks are released when a call ends', () => {
    const w = createWorld();
    expect(runExecutionWith(w, 'full', { bundlePath: file }, 'takeLock')).toBe('locked');
    expect(w.locks.size).toBe(0);
    const held = w.holdLock('document');
    expect(() => runExecutionWith(w, 'full', { bundlePath: file }, 'takeLock')).toThrow(/Lock timeout/);
    held.release();
  });

  test('inline source and the default bundle path', () => {
    const w = createWorld();
    expect(loadBundle(w, 'full', { source: 'function hi() { return Session.getScriptTimeZone(); }' }).call('hi')).toBe(
      'Europe/Berlin',
    );
    const cwd = process.cwd();
    try {
      process.chdir(dir);
      fs.mkdirSync(path.join(dir, 'dist'), { recursive: true });
      fs.writeFileSync(path.join(dir, 'dist', 'Code.js'), 'function one() { return 1; }');
      expect(runExecution(w, 'full', 'one')).toBe(1);
    } finally {
      process.chdir(cwd);
    }
  });

  test('local-time Date methods use the script time zone; String(service object)', () => {
    const w = createWorld({ timeZone: 'America/New_York' }); // clock: 2026-11-28T09:00Z = 04:00 EST
    const src = `function local() {
      var d = new Date();
      var jan = new Date(2026, 0, 1);
      var summer = new Date(2026, 6, 1, 12, 30);
      var fromSheet = SpreadsheetApp.getActiveSpreadsheet().getSheets()[0].getRange('A1').setValue(new Date(Date.UTC(2026, 6, 4, 16))).getValue();
      var moved = new Date(2026, 2, 7, 12); moved.setDate(moved.getDate() + 1);
      return [d.getHours(), d.getDate(), d.getDay(), d.getTimezoneOffset(), jan.getTime(), summer.toISOString(), fromSheet.getHours(),
        fromSheet instanceof Date, moved.toISOString(), new Date('2026-07-01T00:00').toISOString(), new Date('2026-07-01').toISOString(),
        d.toString(), String(SpreadsheetApp.getActiveRange()), String(Session.getEffectiveUser())];
    }`;
    expect(loadBundle(w, 'full', { source: src }).call('local')).toEqual([
      4,
      28,
      6,
      300,
      Date.UTC(2026, 0, 1, 5),
      '2026-07-01T16:30:00.000Z',
      12,
      true,
      '2026-03-08T16:00:00.000Z',
      '2026-07-01T04:00:00.000Z',
      '2026-07-01T00:00:00.000Z',
      'Sat Nov 28 2026 04:00:00 GMT-0500 (Eastern Standard Time)',
      'Range',
      'owner@example.com',
    ]);
  });

  test('real-time guard against a loop without service calls', () => {
    const w = createWorld();
    const b = loadBundle(w, 'full', { source: 'function spin() { for (;;) {} }', realTimeoutMs: 200 });
    expect(() => b.call('spin')).toThrow(/timed out/);
  });

  test("an add-on's trigger runs in its own document; openById needs the full spreadsheets scope", () => {
    const w = createWorld();
    const src = `function scheduled(e) {
      SpreadsheetApp.getActiveSpreadsheet().getSheets()[0].getRange('A1').setValue('refreshed ' + e.authMode);
    }`;
    const b = loadBundle(w, 'trigger', { source: src });
    b.call('scheduled', b.event());
    expect(w.sheetSnapshot().values[0][0]).toBe('refreshed FULL');
    // The manifest asks for spreadsheets.currentonly only.
    const byId = loadBundle(w, 'trigger', {
      source: 'function byId() { return SpreadsheetApp.openById(SpreadsheetApp.getActiveSpreadsheet().getId()); }',
    });
    expect(() => byId.call('byId')).toThrow(
      'You do not have permission to call SpreadsheetApp.openById. Required permissions: https://www.googleapis.com/auth/spreadsheets',
    );
  });

  test('top-level code that calls a service fails in NONE mode', () => {
    const w = createWorld();
    expect(() =>
      loadBundle(w, 'none', { source: 'var tz = Session.getScriptTimeZone();\nfunction onOpen() {}' }),
    ).toThrow('You do not have permission to call Session.getScriptTimeZone');
  });
});
