/**
 * Granular consent through dist/Code.js: the fakes grant each subset of the manifest's scopes; every
 * feature either works or says which permission is missing and how to grant it, with nothing sent,
 * written or half-done. Also the offline part of Google's review checklist (menu in AuthMode.NONE).
 */
import type { World } from '../fakes';
import { OWNER, START, HOUR, emulatedWorld, logRows, runOnce, useEmulator } from '../harness/bed';
import { failure } from '../harness/testUtils';
import type { EmulatorProcess } from '../../emulator/process';
import { SCOPES, type ScopeId } from '../../src/catalog/scopes';

let emu: EmulatorProcess;
useEmulator((e) => (emu = e));

const ALL: ScopeId[] = ['document', 'external', 'ui', 'triggers'];
const url = (ids: readonly ScopeId[]) => ids.map((id) => SCOPES[id].url);
/** Every subset of the four scopes. */
const SUBSETS: ScopeId[][] = Array.from({ length: 16 }, (_, m) => ALL.filter((_, i) => m & (1 << i)));
const name = (ids: ScopeId[]) => (ids.length ? ids.join('+') : 'nothing');

const spec = {
  endpoint: 'analytics',
  chart: 'mrr',
  start: '2026-01-01',
  end: '2026-03-31',
  params: { period_unit: 'month' },
};

function bed(granted: readonly ScopeId[] = ALL) {
  const world: World = emulatedWorld(emu, {
    startTime: START,
    timeZone: 'Europe/Berlin',
    keys: { [OWNER]: emu.demoKey },
  });
  world.setGrantedScopes(OWNER, url(granted));
  const run = (mode: 'full' | 'trigger' | 'custom_function' | 'none', fn: string, ...args: unknown[]) =>
    runOnce(world, { mode, user: OWNER }, fn, args, { advanceMs: 2000 });
  return {
    world,
    run,
    fail: (fn: string, ...args: unknown[]) => failure(() => run('full', fn, ...args), fn),
    sent: () => world.http.length,
    sheets: () => world.spreadsheet().sheets.map((s) => s.name),
  };
}

/** The permissions a message names, as scope ids. */
const named = (message: string) => ALL.filter((id) => message.includes(`“${SCOPES[id].permission}”`));

describe('running a report from the sidebar needs the spreadsheet and Adapty: every subset of scopes', () => {
  test.each(SUBSETS.map((s) => [name(s), s] as const))('granted %s', (_n, granted) => {
    const t = bed(granted);
    const sheetsBefore = t.sheets();
    const needs: ScopeId[] = ['document', 'external'];
    const missing = needs.filter((id) => !granted.includes(id));
    const request = { spec, destination: { kind: 'new_sheet', sheetName: 'MRR' }, mode: 'overwrite' };
    if (missing.length === 0) {
      t.run('full', 'runReport', request);
      expect(t.sheets()).toContain('MRR');
      return;
    }
    const message = t.fail('runReport', request);
    expect(message).toMatch(/\[\[adapty:missing_permission\]\]$/);
    expect(named(message)).toEqual(missing);
    expect(message).toContain('Nothing was changed. Grant');
    expect(message).toContain('Extensions › Adapty › Grant permissions');
    expect(t.sent()).toBe(0);
    expect(t.sheets()).toEqual(sheetsBefore);
  });
});

describe('setting up a schedule asks up front for what its hourly run will need: every subset of scopes', () => {
  test.each(SUBSETS.map((s) => [name(s), s] as const))('granted %s', (_n, granted) => {
    const t = bed(granted);
    const input = { name: 'Hourly MRR', spec, destination: { kind: 'sheet', sheetName: 'MRR' }, schedule: 'hourly' };
    const missing = (['document', 'external', 'triggers'] as ScopeId[]).filter((id) => !granted.includes(id));
    if (missing.length === 0) {
      t.run('full', 'saveReport', input);
      expect(t.world.triggers.map((x) => x.handler)).toEqual(['runScheduledReports']);
      return;
    }
    const message = t.fail('saveReport', input);
    expect(named(message)).toEqual(missing);
    expect(message).toMatch(/^To refresh this report on a schedule, Adapty needs/);
    // Nothing half-done: no saved report, no trigger.
    expect(t.world.triggers).toEqual([]);
    expect(Object.keys(t.world.documentStore(t.world.spreadsheet().id).toObject())).not.toContain('adapty.reports');
  });

  test('a report without a schedule saves with the spreadsheet permission alone', () => {
    const t = bed(['document']);
    const saved = t.run('full', 'saveReport', { name: 'MRR', spec, destination: { kind: 'sheet', sheetName: 'MRR' } });
    expect(saved).toMatchObject({ name: 'MRR', schedule: null });
    expect(t.world.triggers).toEqual([]);
  });
});

test('a permission withdrawn after scheduling: the hourly run sends nothing, records it once, and the sidebar shows it', () => {
  const t = bed();
  t.run('full', 'saveReport', {
    name: 'Hourly MRR',
    spec,
    destination: { kind: 'sheet', sheetName: 'MRR' },
    schedule: 'hourly',
  });
  expect(t.run('full', 'getMissingPermissions')).toMatchObject({ missing: [], schedulePaused: false });
  t.world.withdrawScopes(OWNER, url(['external']));
  for (let i = 0; i < 3; i++) {
    t.world.clock.advance(HOUR);
    t.run('trigger', 'runScheduledReports');
  }
  expect(t.sent()).toBe(0);
  const rows = logRows(t.world).filter((r) => String(r[5]) === 'skipped');
  expect(rows).toHaveLength(1);
  expect(rows[0].join(' ')).toContain('“Connect to an external service”');
  const banner = t.run('full', 'getMissingPermissions') as {
    missing: { permission: string; neededTo: string[] }[];
    grant: string;
    authorizationUrl: string | null;
    schedulePaused: boolean;
  };
  expect(banner.missing.map((m) => m.permission)).toEqual(['Connect to an external service']);
  expect(banner.missing[0].neededTo).toContain('refresh scheduled reports');
  expect(banner.schedulePaused).toBe(true);
  expect(banner.grant).toBe('Extensions › Adapty › Grant permissions');
  expect(banner.authorizationUrl).toMatch(/^https:\/\//);
  // Granted again: the next run refreshes the report.
  t.world.setGrantedScopes(OWNER, url(ALL));
  t.world.clock.advance(HOUR);
  t.run('trigger', 'runScheduledReports');
  expect(t.sent()).toBe(1);
});

test('the spreadsheet permission withdrawn: the hourly run writes nothing and still records why (document properties)', () => {
  const t = bed();
  t.run('full', 'saveReport', {
    name: 'H',
    spec,
    destination: { kind: 'sheet', sheetName: 'MRR' },
    schedule: 'hourly',
  });
  t.world.withdrawScopes(OWNER, url(['document']));
  t.world.clock.advance(HOUR);
  t.run('trigger', 'runScheduledReports');
  expect(t.sent()).toBe(0);
  const status = t.world.documentStore(t.world.spreadsheet().id).toObject()['adapty.scheduler.status'];
  expect(status).toContain('View and manage spreadsheets that this application has been installed in');
});

describe('custom functions', () => {
  const F = ['mrr', '2026-01-01', '2026-03-31', 'period_unit=month'];
  test('without "Connect to an external service": a miss says which permission, a cached answer still shows', () => {
    const t = bed();
    const cached = t.run('custom_function', 'ADAPTY_ANALYTICS', ...F);
    t.world.withdrawScopes(OWNER, url(['external']));
    expect(t.run('custom_function', 'ADAPTY_ANALYTICS', ...F)).toEqual(cached);
    const message = failure(() => t.run('custom_function', 'ADAPTY_ANALYTICS', 'arr', '2026-01-01', '2026-03-31'));
    expect(message).toMatch(
      /^ADAPTY_ANALYTICS: To fetch reports for ADAPTY formulas, Adapty needs the Google permission “Connect to an external service”/,
    );
    expect(t.sent()).toBe(1);
  });
});

describe('menu items ask Google for what they lack (ScriptApp.requireScopes) before doing anything', () => {
  test.each([
    ['openSidebar', ['ui']],
    ['refreshAllReportsNow', ['external']],
    ['refreshAdaptyFormulas', ['document']],
  ] as const)('%s without %s', (fn, missing) => {
    const t = bed(ALL.filter((id) => !missing.includes(id as never)));
    expect(failure(() => t.run('full', fn))).toBe('Authorization is required to perform that action.');
    expect(t.world.authPrompts.map((p) => p.scopes)).toEqual([url(missing)]);
    expect(t.world.ui.sidebars).toEqual([]);
    expect(t.sent()).toBe(0);
  });

  test('Grant permissions asks for every missing scope at once', () => {
    const t = bed(['ui']);
    expect(failure(() => t.run('full', 'grantPermissions'))).toBe('Authorization is required to perform that action.');
    expect(t.world.authPrompts[0].scopes).toEqual(url(['document', 'external', 'triggers']));
  });
});

describe("Google's review checklist, offline", () => {
  test('the menu builds in AuthMode.NONE, and nothing but the menu runs there', () => {
    const t = bed([]);
    t.world.resetCalls();
    t.run('none', 'onOpen', { authMode: 'NONE' });
    const calls = Object.keys(t.world.serviceCalls.byQualified).sort();
    expect(
      calls.every((c) => /^(SpreadsheetApp\.getUi|Ui\.createAddonMenu|Menu\.(addItem|addSeparator|addToUi))$/.test(c)),
    ).toBe(true);
    const menu = t.world.ui.menus.at(-1) as unknown as { items: { caption: string }[] };
    expect(JSON.stringify(menu)).toContain('Grant permissions');
    expect(JSON.stringify(menu)).toContain('Open sidebar');
  });
});
