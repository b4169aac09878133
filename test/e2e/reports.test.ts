/**
 * Reports into sheets, saved reports and the scheduled refresh, end to end: dist/Code.js in the Apps
 * Script fakes against the emulator in a child process.
 */
import { createWorld, type World } from '../fakes';
import { loadBundle } from '../harness/bundle';
import { OWNER, START, emulatedWorld, runOnce, useEmulator } from '../harness/bed';
import { failure } from '../harness/testUtils';
import type { EmulatorProcess } from '../../emulator/process';
import { fromWireError } from '../../src/core/errors';

let emu: EmulatorProcess;
useEmulator((e) => (emu = e));

interface Bed {
  world: World;
  call(name: string, ...args: unknown[]): any;
  trigger(name: string): unknown;
  fail(name: string, ...args: unknown[]): string;
  snap(sheet: string): ReturnType<World['sheetSnapshot']>;
}

function bed(opts: { locale?: string } = {}): Bed {
  const world = emulatedWorld(emu, {
    startTime: START,
    timeZone: 'Europe/Berlin',
    sidebar: true,
    keys: { [OWNER]: emu.demoKey },
    ...opts,
  });
  const run = (mode: 'full' | 'trigger', name: string, args: unknown[]) =>
    runOnce(world, { mode, user: OWNER }, name, args, { advanceMs: 2000 });
  return {
    world,
    call: (name, ...args) => run('full', name, args),
    trigger: (name) => run('trigger', name, []),
    fail: (name, ...args) => failure(() => run('full', name, args), name),
    snap: (sheet) => world.sheetSnapshot(undefined, sheet),
  };
}

const revenue = (extra: Record<string, unknown> = {}) => ({
  endpoint: 'analytics',
  chart: 'revenue',
  start: '2026-10-01',
  end: '2026-10-31',
  params: { period_unit: 'day', segmentation: 'country' },
  ...extra,
});
const toSheet = (sheetName: string, mode = 'overwrite') => ({ destination: { kind: 'sheet', sheetName }, mode });

describe('writing a report', () => {
  test('typed values, one setValues, constant formatting calls, bold frozen header, stamp without the key', () => {
    const t = bed();
    t.world.resetCalls();
    const r = t.call('runReport', { spec: revenue(), ...toSheet('Revenue') });
    expect(r.sheetName).toBe('Revenue');
    expect(r.rows).toBeGreaterThan(31);
    const s = t.snap('Revenue');
    expect(s.values[0].slice(0, 6)).toEqual(['Period', 'Period status', 'Row', 'Segment (Country)', 'Key', 'Revenue']);
    expect(s.values[1][0]).toBeInstanceOf(Date);
    expect(s.values.slice(1, 3).map((r) => r[2])).toEqual(['total', 'segment']);
    expect(typeof s.values[1][5]).toBe('number');
    expect(s.fontWeights[0][0]).toBe('bold');
    expect(s.frozenRows).toBe(1);
    expect(s.numberFormats[1][5]).toContain('$');
    expect(s.notes[0][0]).toMatch(
      /Adapty report .*\nRefreshed 2026-11-28 10:00 \(Europe\/Berlin\), manual\.\nRequest: POST \/api\/v1\/client-api\/metrics\/analytics\//,
    );
    expect(t.world.calls.byMethod.setValues).toBe(3); // the block; Adapty Log's header (new sheet) and the run's line
    // The key lives in the user's properties and nowhere else (sheets, notes, logs, caches, document properties).
    expect(t.world.allText().filter((x) => x.includes(emu.demoKey.slice(12)))).toEqual([emu.demoKey]);
  });

  test('a 10,000-row report takes the same Spreadsheet calls as a 10-row one (apart from growing the grid)', () => {
    const count = (spec: object) => {
      const t = bed();
      t.call('runReport', { spec, ...toSheet('Big') }); // sheet exists from now on
      t.world.resetCalls();
      const r = t.call('runReport', { spec, ...toSheet('Big') });
      return { rows: r.rows as number, calls: { ...t.world.calls.byMethod } };
    };
    const small = count({
      endpoint: 'analytics',
      chart: 'mrr',
      start: '2026-10-01',
      end: '2026-10-10',
      params: { period_unit: 'day' },
    });
    const big = count({
      endpoint: 'funnel',
      start: '2025-10-01',
      end: '2026-11-27',
      params: { period_unit: 'week', segmentation: 'country' },
      layout: 'long',
    });
    expect(small.rows).toBeLessThan(20);
    expect(big.rows).toBeGreaterThan(10000);
    expect(big.calls.setValues).toBe(small.calls.setValues);
    expect(big.calls.setNumberFormats).toBe(small.calls.setNumberFormats);
    expect(big.calls).toEqual(small.calls); // second run: the grid is already big enough
  });

  test('formula-like text from the API lands as text, never as a formula', () => {
    const t = bed();
    t.call('runReport', {
      spec: {
        endpoint: 'analytics',
        chart: 'revenue',
        start: '2026-01-01',
        end: '2026-10-31',
        params: { period_unit: 'month', segmentation: 'attribution_campaign' },
      },
      ...toSheet('Campaigns'),
    });
    const s = t.snap('Campaigns');
    const texts = s.values.flat().filter((v): v is string => typeof v === 'string');
    expect(texts.some((v) => v.startsWith('='))).toBe(true);
    expect(s.formulas.flat().filter(Boolean)).toEqual([]);
  });

  test('overwrite with fewer rows clears the rest; append adds rows with a snapshot column', () => {
    const t = bed();
    t.call('runReport', { spec: revenue(), ...toSheet('R') });
    const before = t.snap('R').values.filter((r) => r.some((c) => c !== '')).length;
    t.call('runReport', { spec: revenue({ end: '2026-10-05', params: { period_unit: 'day' } }), ...toSheet('R') });
    const after = t.snap('R');
    const used = after.values.filter((r) => r.some((c) => c !== '')).length;
    expect(used).toBeLessThan(before);
    expect(
      after.values
        .slice(used)
        .flat()
        .every((c) => c === ''),
    ).toBe(true);

    const a = bed();
    const spec = {
      endpoint: 'analytics',
      chart: 'mrr',
      start: '2026-10-01',
      end: '2026-10-03',
      params: { period_unit: 'day' },
    };
    const r1 = a.call('runReport', { spec, ...toSheet('Hist', 'append') });
    a.world.clock.advance(3600e3);
    const r2 = a.call('runReport', { spec, ...toSheet('Hist', 'append') });
    const h = a.snap('Hist');
    expect(h.values[0][0]).toBe('Snapshot');
    expect(r2.a1).toBe(`A1:${r1.a1.split(':')[1].replace(/\d+/, String(1 + r1.rows + r2.rows))}`);
    const snaps = h.values.slice(1, 1 + r1.rows + r2.rows).map((r) => (r[0] as Date).getTime());
    expect(new Set(snaps).size).toBe(2);
  });

  test('the Adapty Log sheet, made by the first run, does not take the user away from the sheet they are on', () => {
    const t = bed();
    const ss = () => t.world.execution('full').globals.SpreadsheetApp.getActiveSpreadsheet() as any;
    ss().insertSheet('Data');
    ss().insertSheet('Notes'); // the user is on Notes (a new sheet becomes the active one)
    t.call('saveReport', { name: 'Daily revenue', spec: revenue(), ...toSheet('Data') });
    t.call('runSavedReport', t.call('listReports')[0].id);
    expect(t.world.spreadsheet().sheets.map((x) => x.name)).toContain('Adapty Log');
    expect(ss().getActiveSheet().getName()).toBe('Notes');
    // Run from the sidebar still shows the block it wrote.
    expect(t.call('runReport', { spec: revenue(), ...toSheet('Sidebar run') }).rows).toBeGreaterThan(0);
    expect(ss().getActiveSheet().getName()).toBe('Sidebar run');
  });

  test('a failed refresh (500 after retries, malformed JSON) leaves the old block byte for byte', async () => {
    const t = bed();
    t.call('saveReport', {
      name: 'Daily revenue',
      spec: revenue(),
      destination: { kind: 'sheet', sheetName: 'R' },
      mode: 'overwrite',
    });
    const id = t.call('listReports')[0].id;
    t.call('runSavedReport', id);
    const before = t.snap('R');
    await emu.setFaults(emu.demoKey, { queue: Array(12).fill('500') });
    expect(t.fail('runSavedReport', id)).toMatch(/server failed/);
    await emu.setFaults(emu.demoKey, { queue: ['truncated'] });
    expect(t.fail('runSavedReport', id)).toMatch(/not valid JSON/);
    const after = t.snap('R');
    expect(after.values).toEqual(before.values);
    expect(after.numberFormats).toEqual(before.numberFormats);
    expect(after.notes[0][0]).toMatch(/^⚠ The last 2 refreshes failed/);
    const report = t.call('listReports')[0];
    expect(report.lastRun.status).toBe('error');
    expect(report.failures).toBe(2);
    const log = t.snap('Adapty Log').values.filter((r) => r[0] !== '');
    expect(log.map((r) => r[5])).toEqual(['Outcome', 'ok', 'error', 'error']);
  });

  test('a lock held by another refresh: nothing changes, the user is told', () => {
    const t = bed();
    t.call('runReport', { spec: revenue(), ...toSheet('R') });
    const before = t.snap('R');
    const held = t.world.holdLock('document');
    expect(t.fail('runReport', { spec: revenue({ end: '2026-10-02' }), ...toSheet('R') })).toMatch(
      /Another refresh of this spreadsheet is running/,
    );
    held.release();
    expect(t.snap('R').values).toEqual(before.values);
  });

  test('refuses what would pass 10 M cells, and writes nothing', () => {
    const t = bed();
    t.call('runReport', { spec: revenue(), ...toSheet('R') });
    t.call('runReport', { spec: revenue(), ...toSheet('Other') });
    // Fill the file close to the limit with a big empty sheet.
    const b = loadBundle(t.world, { mode: 'full' });
    b.call('selectRange', 'R', 'A1');
    b.end();
    const ss = t.world.spreadsheet();
    expect(ss).toBeTruthy();
    const big = t.world.execution('full').globals as any;
    const sheet = big.SpreadsheetApp.getActiveSpreadsheet().insertSheet('Filler');
    sheet.insertRowsAfter(1000, Math.floor(9_800_000 / 26) - 1000);
    const before = t.snap('R');
    expect(
      t.fail('runReport', {
        spec: {
          endpoint: 'funnel',
          start: '2025-10-01',
          end: '2026-11-27',
          params: { period_unit: 'week', segmentation: 'country' },
          layout: 'long',
        },
        ...toSheet('R'),
      }),
    ).toMatch(/would take the spreadsheet to [\d,]+ cells; Sheets allows 10,000,000/);
    expect(t.snap('R').values).toEqual(before.values);
  });
});

describe('charts that follow the data', () => {
  test('a line chart for analytics over the dated rows, updated (not duplicated) on refresh', () => {
    const t = bed();
    t.call('runReport', { spec: revenue({ params: { period_unit: 'day' } }), ...toSheet('C'), chart: true });
    const first = t.snap('C').charts;
    expect(first).toHaveLength(1);
    expect(first[0].type).toBe('LINE');
    t.call('runReport', {
      spec: revenue({ end: '2026-10-10', params: { period_unit: 'day' } }),
      ...toSheet('C'),
      chart: true,
    });
    const charts = t.snap('C').charts;
    expect(charts).toHaveLength(1);
    // Period (A) and the three money series (E:G): header + 10 days, the summary row left out.
    expect(charts[0].ranges.map((r) => [r.row, r.col, r.numRows, r.numCols])).toEqual([
      [1, 1, 11, 1],
      [1, 5, 11, 3],
    ]);
  });

  test('a charted segmented report is written wide: one line per segment', () => {
    const t = bed();
    t.call('runReport', { spec: revenue(), ...toSheet('W'), chart: true });
    const s = t.snap('W');
    expect(s.values[0][0]).toBe('Period');
    expect(s.values[0]).toContain('United States');
    expect(s.charts[0].ranges[0]).toMatchObject({ row: 1, col: 1, numRows: 32 });
  });

  test('columns for a funnel; a colour scale over the cohort triangle', () => {
    const t = bed();
    t.call('runReport', { spec: { endpoint: 'funnel', start: 'last_month' }, ...toSheet('F'), chart: true });
    const f = t.snap('F');
    expect(f.charts.map((c) => c.type)).toEqual(['COLUMN']);
    // Right of the whole block (one column free), not over the columns after Step and Users.
    expect(f.charts[0].position.col).toBe(f.values[0].length + 2);
    t.call('runReport', {
      spec: { endpoint: 'cohort', start: '2026-01-01', end: '2026-10-31' },
      ...toSheet('K'),
      chart: true,
    });
    const k = t.snap('K');
    expect(k.charts).toHaveLength(0);
    expect(k.conditionalFormatRules).toHaveLength(1);
    expect(k.conditionalFormatRules[0].gradient).toBeTruthy();
  });
});

describe('saved reports and schedules', () => {
  test('create, update keeps history, duplicate, delete; stored in document properties without the key', () => {
    const t = bed();
    const saved = t.call('saveReport', {
      name: 'MRR',
      spec: { endpoint: 'analytics', chart: 'mrr', start: 'last_30_days' },
      destination: { kind: 'new_sheet' },
      mode: 'overwrite',
      schedule: { every: 'day', hour: 6 },
    });
    t.call('runSavedReport', saved.id);
    const edited = t.call('saveReport', {
      id: saved.id,
      name: 'MRR daily',
      spec: { endpoint: 'analytics', chart: 'mrr', start: 'last_90_days' },
      schedule: 'daily at 7',
    });
    expect(edited.lastRun.status).toBe('ok');
    expect(edited.createdAt).toBe(saved.createdAt);
    expect(edited.schedule).toEqual({ every: 'day', hour: 7 });
    const copy = t.call('duplicateReport', saved.id);
    expect(copy.name).toBe('MRR daily (copy)');
    expect(t.call('listReports')).toHaveLength(2);
    expect(t.call('deleteReport', copy.id)).toHaveLength(1);
    const docProps = JSON.stringify(Object.entries(t.world.documentStore(t.world.spreadsheet().id).toObject()));
    expect(docProps).toContain('MRR daily');
    expect(docProps).not.toContain(emu.demoKey);
  });

  test("a schedule needs the saving user's own key (the trigger runs as them); nothing is saved otherwise", () => {
    const t = bed();
    t.world.userStore(OWNER).apply(new Map());
    t.call('removeApiKey');
    expect(t.fail('saveReport', { name: 'S', spec: revenue(), schedule: 'hourly' })).toMatch(
      /^schedule needs your own Adapty API key/,
    );
    expect(t.call('listReports')).toEqual([]);
    expect(t.world.triggers).toHaveLength(0);
    expect(t.call('saveReport', { name: 'S', spec: revenue() }).schedule).toBeNull();
  });

  test('a sidebar failure reaches the sidebar with its code and field, not only its wording', () => {
    const t = bed();
    expect(fromWireError(t.fail('saveReport', { name: '  ', spec: revenue() }))).toMatchObject({
      code: 'validation',
      field: 'name',
    });
    expect(fromWireError(t.fail('runSavedReport', 'r-missing'))).toMatchObject({ code: 'validation', field: 'id' });
    t.call('removeApiKey');
    expect(fromWireError(t.fail('runReport', { spec: revenue(), destination: { kind: 'new_sheet' } }))).toMatchObject({
      code: 'no_key',
    });
  });

  test('a duplicate writes to its own new sheet, never over the original block', () => {
    const t = bed();
    const orig = t.call('saveReport', {
      name: 'Orig',
      spec: revenue(),
      destination: { kind: 'sheet', sheetName: 'Mine' },
    });
    t.call('runSavedReport', orig.id);
    const before = t.snap('Mine');
    const copy = t.call('duplicateReport', orig.id);
    expect(copy.destination).toEqual({ kind: 'new_sheet' });
    const r = t.call('runSavedReport', copy.id);
    expect(r.sheetName).toBe('Orig (copy)');
    expect(t.snap('Mine').values).toEqual(before.values);
  });

  test('many saved reports split across ≤ 9 KB property entries', () => {
    const t = bed();
    for (let i = 0; i < 40; i++) {
      t.call('saveReport', {
        name: `Report ${i} ${'x'.repeat(60)}`,
        spec: {
          endpoint: 'analytics',
          chart: 'revenue',
          start: 'last_30_days',
          filters: { country: ['us', 'de', 'fr', 'gb', 'ca'] },
        },
      });
    }
    expect(t.call('listReports')).toHaveLength(40);
    const entries = Object.entries(t.world.documentStore(t.world.spreadsheet().id).toObject());
    expect(entries.filter(([k]) => k.startsWith('adapty.reports.')).length).toBeGreaterThan(1);
    for (const [k, v] of entries) expect(k.length + v.length).toBeLessThanOrEqual(9 * 1024);
  });

  test('exactly one hourly trigger while any schedule exists, none after', () => {
    const t = bed();
    const a = t.call('saveReport', { name: 'A', spec: revenue(), schedule: 'hourly' });
    const b = t.call('saveReport', { name: 'B', spec: revenue(), schedule: 'daily at 6' });
    t.call('saveReport', { name: 'C', spec: revenue() });
    expect(t.world.triggers.filter((x) => x.handler === 'runScheduledReports')).toHaveLength(1);
    t.call('deleteReport', a.id);
    expect(t.world.triggers).toHaveLength(1);
    t.call('saveReport', { id: b.id, name: 'B', spec: revenue(), schedule: null });
    expect(t.world.triggers).toHaveLength(0);
  });

  test('the trigger runs due reports with no active spreadsheet, logs them, and skips what is not due', () => {
    const t = bed();
    t.call('saveReport', {
      name: 'Hourly MRR',
      spec: { endpoint: 'analytics', chart: 'mrr', start: 'last_30_days' },
      destination: { kind: 'sheet', sheetName: 'MRR' },
      schedule: 'hourly',
    });
    t.call('saveReport', {
      name: 'Monthly',
      spec: revenue(),
      destination: { kind: 'sheet', sheetName: 'Monthly' },
      schedule: 'monthly 1 6',
    });
    t.world.clock.advance(3600e3);
    t.trigger('runScheduledReports');
    const names = t.call('getBootstrap').sheets;
    expect(names).toContain('MRR');
    expect(names).not.toContain('Monthly');
    const log = t.snap('Adapty Log').values.filter((r) => r[0] !== '');
    expect(log.slice(1).map((r) => [r[1], r[2], r[5]])).toEqual([['Hourly MRR', 'schedule', 'ok']]);
    // Not due again within the same hour.
    t.world.clock.advance(60e3);
    t.trigger('runScheduledReports');
    expect(t.snap('Adapty Log').values.filter((r) => r[0] !== '')).toHaveLength(2);
  });

  test('ten due reports: ≤ 2 requests per second, fetched together, all refreshed', () => {
    const t = bed();
    for (let i = 0; i < 10; i++) {
      t.call('saveReport', {
        name: `R${i}`,
        spec: { endpoint: 'analytics', chart: 'mrr', start: '2026-10-01', end: `2026-10-${String(10 + i)}` },
        destination: { kind: 'sheet', sheetName: `S${i}` },
        schedule: 'hourly',
      });
    }
    t.world.clock.advance(3600e3);
    const sentBefore = t.world.http.length;
    t.trigger('runScheduledReports');
    const sends = t.world.http.slice(sentBefore).map((h) => h.virtualTime);
    expect(sends).toHaveLength(10);
    for (let i = 2; i < sends.length; i++) expect(sends[i] - sends[i - 2]).toBeGreaterThanOrEqual(1000);
    expect(t.call('listReports').every((r: { lastRun?: { status: string } }) => r.lastRun?.status === 'ok')).toBe(true);
  });

  test('missing authorisation is recorded and the run stops cleanly', () => {
    const t = bed();
    t.call('saveReport', { name: 'A', spec: revenue(), schedule: 'hourly' });
    t.world.setAuthorizationRequired(true);
    t.world.clock.advance(3600e3);
    const sent = t.world.http.length;
    t.trigger('runScheduledReports');
    expect(t.world.http.length).toBe(sent);
    expect(Object.values(t.world.documentStore(t.world.spreadsheet().id).toObject()).join('\n')).toMatch(
      /Authorisation needed/,
    );
  });

  test('a slow emulator: the scheduled refresh stops starting work and leaves the rest for the next run', async () => {
    const t = bed();
    // 40 s answers, 2 at a time: about 12 fit in the run's window, so 20 cannot.
    for (let i = 0; i < 20; i++) {
      t.call('saveReport', {
        name: `R${i}`,
        spec: { endpoint: 'analytics', chart: 'mrr', start: '2026-10-01', end: `2026-10-${String(10 + i)}` },
        destination: { kind: 'sheet', sheetName: `S${i}` },
        schedule: 'hourly',
      });
    }
    t.world.clock.advance(3600e3);
    await emu.setFaults(emu.demoKey, { latencyMs: 40000 });
    t.trigger('runScheduledReports');
    const done = t.call('listReports').filter((r: { lastRun?: unknown }) => r.lastRun).length;
    expect(done).toBeGreaterThan(0);
    expect(done).toBeLessThan(20);
    await emu.setFaults(emu.demoKey, { latencyMs: 0 });
    t.trigger('runScheduledReports');
    expect(t.call('listReports').filter((r: { lastRun?: unknown }) => r.lastRun).length).toBe(20);
  });
});

describe('menu', () => {
  test('onOpen builds the menu in AuthMode.NONE and calls nothing else', () => {
    const world = createWorld({ startTime: START });
    const b = loadBundle(world, { mode: 'none' });
    b.call('onOpen', { authMode: 'NONE' });
    b.end();
    const items = JSON.stringify(world.ui.menus);
    for (const h of ['openSidebar', 'refreshAllReportsNow', 'refreshAdaptyFormulas', 'openSettings', 'showHelp'])
      expect(items).toContain(h);
  });

  test('Settings opens the sidebar on its connection view, once', () => {
    const t = bed();
    t.call('openSettings');
    expect(t.call('getBootstrap').view).toBe('settings');
    expect(t.call('getBootstrap').view).toBe('report');
  });

  test('Open sidebar serves the built sidebar, without the key in its HTML', () => {
    const t = bed();
    t.call('openSidebar');
    expect(t.world.ui.sidebars).toHaveLength(1);
    expect(JSON.stringify(t.world.ui.sidebars)).not.toContain(emu.demoKey);
  });
});

describe('blocks anywhere in a sheet', () => {
  test('text that looks like a number stays text (segment keys "1", "2" of the period segmentation)', () => {
    const t = bed();
    t.call('runReport', {
      spec: revenue({ params: { period_unit: 'month', segmentation: 'period' } }),
      ...toSheet('P'),
    });
    const keys = t
      .snap('P')
      .values.slice(1)
      .map((r) => r[4])
      .filter((v) => v !== '');
    expect(keys.length).toBeGreaterThan(3);
    expect(keys.every((v) => typeof v === 'string')).toBe(true);
    expect(keys).toContain('1');
  });

  test('at the active cell: overwrite replaces the block written there before (rows it no longer uses cleared), append goes under it', () => {
    const t = bed();
    const select = (a1: string) => t.call('selectRange', 'Sheet1', a1);
    const spec = (end: string) => ({
      endpoint: 'analytics',
      chart: 'mrr',
      start: '2026-10-01',
      end,
      params: { period_unit: 'day' },
    });
    const used = () => t.snap('Sheet1').values.filter((r) => r.some((c) => c !== '')).length;
    select('B3');
    const first = t.call('runReport', {
      spec: spec('2026-10-20'),
      destination: { kind: 'active_cell' },
      mode: 'overwrite',
    });
    expect(first.a1).toMatch(/^B3:/);
    expect(used()).toBe(first.rows + 1); // RunResult.rows counts data rows; the header is one more
    select('B3');
    const second = t.call('runReport', {
      spec: spec('2026-10-05'),
      destination: { kind: 'active_cell' },
      mode: 'overwrite',
    });
    expect(second.rows).toBeLessThan(first.rows);
    expect(used()).toBe(second.rows + 1);
    expect(t.snap('Sheet1').notes[2][1]).toMatch(new RegExp(`\\nBlock: ${second.a1}$`));
    // Another anchor on the same sheet with append mode: the second run lands under the first.
    select('J3');
    const a = t.call('runReport', { spec: spec('2026-10-03'), destination: { kind: 'active_cell' }, mode: 'append' });
    select('J3');
    const b = t.call('runReport', { spec: spec('2026-10-03'), destination: { kind: 'active_cell' }, mode: 'append' });
    expect(a.a1).toMatch(/^J3:/);
    expect(b.a1).toMatch(new RegExp(`^J3:[A-Z]+${3 + a.rows + b.rows}$`));
    // The first block (B3) is untouched by the appends.
    expect(t.snap('Sheet1').values[2][1]).toBe('Period');
  });

  test('a refused write into a new sheet leaves no empty sheet behind', () => {
    const t = bed();
    const g = t.world.execution('full').globals as any;
    g.SpreadsheetApp.getActiveSpreadsheet()
      .insertSheet('Filler')
      .insertRowsAfter(1000, Math.floor(9_800_000 / 26) - 1000);
    const sheets = t.call('getBootstrap').sheets;
    const big = {
      endpoint: 'funnel',
      start: '2025-10-01',
      end: '2026-11-27',
      params: { period_unit: 'week', segmentation: 'country' },
      layout: 'long',
    };
    expect(
      t.fail('runReport', { spec: big, destination: { kind: 'new_sheet', sheetName: 'Too big' }, mode: 'overwrite' }),
    ).toMatch(/Sheets allows 10,000,000/);
    expect(t.call('getBootstrap').sheets).toEqual([...sheets, 'Adapty Log']); // the failed run is logged
  });
});

describe('editing a saved report', () => {
  test('a new destination takes effect on the next run; the block at the old one is left as it was', () => {
    const t = bed();
    const saved = t.call('saveReport', {
      name: 'MRR',
      spec: revenue(),
      destination: { kind: 'sheet', sheetName: 'Old' },
      mode: 'overwrite',
    });
    t.call('runSavedReport', saved.id);
    const old = t.snap('Old');
    t.call('saveReport', {
      id: saved.id,
      name: 'MRR',
      spec: revenue(),
      destination: { kind: 'sheet', sheetName: 'New', anchor: 'B2' },
    });
    const r = t.call('runSavedReport', saved.id);
    expect(r.sheetName).toBe('New');
    expect(r.a1).toMatch(/^B2:/);
    expect(t.snap('Old').values).toEqual(old.values);
    const edited = t.call('listReports')[0];
    expect(edited.block).toEqual({
      sheetName: 'New',
      a1: r.a1,
      sheetId: expect.any(Number),
      chart: null,
      sig: expect.stringMatching(/^[0-9a-z]{147}$/), // the rows as written, checked by the next refresh
    });
    expect(edited.lastRun.status).toBe('ok');
  });
});
