/**
 * One hostile afternoon in a shared spreadsheet, end to end through dist/Code.js: two editors with two
 * keys and two schedules, a server that echoes the key in its errors, prototype names in every input, a
 * user editing the sheets between refreshes, triggers firing in both orders, a long error list from a
 * 400 — and, at the end, every sink scanned for any 8-character fragment of either key. Each attack has
 * its own focused suite (owners, blocks, bounds, hostile-secrets, prototypeNames, concurrentFormulas);
 * this one proves they hold together.
 */
import { createWorld, type World } from '../fakes';
import { loadBundle } from '../harness/bundle';
import { scanSinks } from '../harness/sinks';
import { startEmulatorProcess, type EmulatorProcess } from '../../emulator/process';
import { DEMO_APPS } from '../../emulator/apps';

const A = 'owner@example.com';
const B = 'editor@example.com';
const HOUR = 3600e3;
const KEY_A = DEMO_APPS[0].key;
const KEY_B = DEMO_APPS[1].key;
const PROTO_NAMES = ['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf'];

let emu: EmulatorProcess;
beforeAll(async () => {
  emu = await startEmulatorProcess();
}, 60000);
afterAll(async () => {
  await emu?.close();
});

type Any = any;

function bed() {
  const world: World = createWorld({ startTime: Date.UTC(2026, 10, 28, 9, 0), timeZone: 'Europe/Berlin' });
  world.scriptProperties.apply(new Map([['ADAPTY_API_BASE_URL', emu.url]]));
  world.userStore(A).apply(new Map([['ADAPTY_API_KEY', KEY_A]]));
  world.userStore(B).apply(new Map([['ADAPTY_API_KEY', KEY_B]]));
  const thrown: string[] = [];
  const payloads: unknown[] = [];
  const run = (mode: 'full' | 'trigger', user: string, name: string, args: unknown[]): Any => {
    world.clock.advance(2000);
    const b = loadBundle(world, { mode, user });
    try {
      const out = b.call(name, ...args);
      payloads.push(out);
      return out;
    } catch (e) {
      thrown.push((e as Error).message);
      throw e;
    } finally {
      b.end();
    }
  };
  const t = {
    world,
    thrown,
    payloads,
    as: (user: string, name: string, ...args: unknown[]) => run('full', user, name, args),
    /** A call expected to be refused: its message (collected for the sink scan). */
    refused: (user: string, name: string, ...args: unknown[]): string => {
      try {
        run('full', user, name, args);
      } catch (e) {
        return (e as Error).message;
      }
      throw new Error(`${name} was not refused`);
    },
    /** Both users' hourly triggers, an hour on, in the given order (a trigger must never throw). */
    fire: (...users: string[]) => {
      world.clock.advance(HOUR);
      for (const u of users) run('trigger', u, 'runScheduledReports', []);
    },
    /** What a user does by hand in the spreadsheet. */
    sheet: (name: string): Any =>
      world.execution('full').globals.SpreadsheetApp.getActiveSpreadsheet().getSheetByName(name),
    values: (name: string) => world.sheetSnapshot(undefined, name).values,
    sheets: () => world.spreadsheet().sheets.map((s) => s.name),
  };
  return t;
}

const spec = (extra: Record<string, unknown> = {}) => ({
  endpoint: 'analytics',
  chart: 'revenue',
  start: '2026-11-01',
  end: '2026-11-20',
  params: { period_unit: 'day' },
  ...extra,
});

/** Each Adapty request since `from`: the chart it asked for and the key it carried. */
const sentSince = (t: ReturnType<typeof bed>, from: number) =>
  t.world.http.slice(from).map((h) => ({
    chart: String((JSON.parse(h.payload ?? '{}') as { chart_id?: unknown }).chart_id),
    key: String(h.headers.Authorization ?? '').replace(/^Api-Key /, ''),
  }));

test('two editors, an echoing server, prototype names, edited sheets, triggers in both orders: no key fragment anywhere, no report run with the wrong key, no user cell lost', async () => {
  const t = bed();

  // Prototype names in every input are refused before anything is sent or stored.
  const sentBefore = t.world.http.length;
  for (const name of PROTO_NAMES) {
    t.refused(A, 'runReport', { spec: spec({ chart: name }), destination: { kind: 'new_sheet' } });
    t.refused(A, 'runReport', {
      spec: spec({ filters: { attribution_status: [name] } }),
      destination: { kind: 'new_sheet' },
    });
    t.refused(A, 'runReport', { spec: spec({ start: name, end: '' }), destination: { kind: 'new_sheet' } });
    t.refused(A, 'saveReport', { name: 'P', spec: spec(), schedule: name });
    t.refused(A, 'runReport', { spec: spec(), destination: { kind: 'new_sheet' }, mode: name });
  }
  expect(t.world.http.length).toBe(sentBefore);
  expect(t.as(A, 'listReports')).toEqual([]);

  // Each editor saves an hourly report into a sheet of their own.
  const ra = t.as(A, 'saveReport', {
    name: 'A revenue',
    spec: spec(),
    destination: { kind: 'sheet', sheetName: 'A board' },
    schedule: 'hourly',
  });
  const rb = t.as(B, 'saveReport', {
    name: 'B MRR',
    spec: spec({ chart: 'mrr' }),
    destination: { kind: 'sheet', sheetName: 'B board' },
    schedule: 'hourly',
  });
  t.fire(A, B);
  const aRows = t.values('A board').filter((r) => r[0] !== '').length;
  expect(aRows).toBeGreaterThan(10);
  const bFirst = JSON.stringify(t.values('B board'));

  // The user edits: rows with their own notes above A's block, B's sheet renamed.
  t.sheet('A board').insertRowsBefore(1, 2);
  t.sheet('A board').getRange(1, 1).setValue('My notes — keep');
  t.sheet('B board').setName('B board (team)');

  // The server now echoes the key in its errors, for both keys, in several forms.
  await emu.setFaults(KEY_A, { queue: ['echo=500/raw', 'echo=502/html', 'echo=400/json', 'echo=503/url'] });
  await emu.setFaults(KEY_B, { queue: ['echo=401/prefix20', 'echo=301/url', '400list=400'] });
  const from = t.world.http.length;
  for (let i = 0; i < 3; i++) t.fire(i % 2 ? A : B, i % 2 ? B : A);

  // Every request carried its report owner's key: A's report only ever with A's key, B's with B's.
  const sent = sentSince(t, from);
  expect(sent.filter((r) => r.chart === 'revenue').length).toBeGreaterThan(0);
  expect(sent.filter((r) => r.chart === 'mrr').length).toBeGreaterThan(0);
  for (const r of sent) expect([r.chart, r.key]).toEqual([r.chart, r.chart === 'revenue' ? KEY_A : KEY_B]);
  for (const r of t.as(A, 'listReports') as Any[]) {
    expect(r.owner).toBeDefined();
    expect(JSON.stringify(r)).not.toContain(KEY_A.slice(-12));
    expect(JSON.stringify(r)).not.toContain(KEY_B.slice(-12));
  }

  // Failures leave the last good data and tell why, in the user's words.
  const log = t
    .values('Adapty Log')
    .slice(1)
    .filter((r) => r[0] !== '');
  expect(log.some((r) => r[5] === 'error')).toBe(true);

  // Once the faults are spent, the blocks are refreshed where they are now.
  await emu.clearFaults();
  t.fire(B, A);
  expect(t.values('A board')[0][0]).toBe('My notes — keep');
  expect(t.sheets()).toContain('B board (team)');
  expect(t.sheets()).not.toContain('B board');
  expect(JSON.stringify(t.values('B board (team)'))).toBe(bFirst);
  expect(t.values('A board').filter((r) => r[0] !== '').length).toBe(aRows + 1);

  // The bootstrap each editor's sidebar receives, and everything else: no fragment of either key.
  t.as(A, 'getBootstrap');
  t.as(B, 'getBootstrap');
  expect(scanSinks(t.world, KEY_A, { thrown: t.thrown, payloads: t.payloads })).toEqual([]);
  expect(scanSinks(t.world, KEY_B, { thrown: t.thrown, payloads: t.payloads })).toEqual([]);
  expect([ra.id, rb.id].every((id) => typeof id === 'string')).toBe(true);
});
