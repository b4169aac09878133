/**
 * A compared report's chart end to end: dist/Code.js in the Apps Script fakes against the emulator. What
 * a user notices: the chart draws this range and the compare range (the compare value columns, not Δ or
 * Δ %), the compare series dashed, each series named by its header (which names its range); when the
 * report stops being compared, the refreshed chart is one range again with no dashed series.
 */
import { OWNER, START, emulatedWorld, runOnce, useEmulator } from '../harness/bed';
import type { EmulatorProcess } from '../../emulator/process';

let emu: EmulatorProcess;
useEmulator((e) => (emu = e));

function bed() {
  const world = emulatedWorld(emu, { startTime: START, timeZone: 'Europe/Berlin', keys: { [OWNER]: emu.demoKey } });
  return {
    call: (name: string, ...args: unknown[]): any =>
      runOnce(world, { mode: 'full', user: OWNER }, name, args, { advanceMs: 2000 }),
    snap: (sheet: string) => world.sheetSnapshot(undefined, sheet),
  };
}

/** What the sheet's one chart draws: its domain header, its series' headers, and which series are dashed. */
function drawn(s: ReturnType<ReturnType<typeof bed>['snap']>) {
  expect(s.charts).toHaveLength(1);
  const c = s.charts[0];
  const cols = c.ranges.flatMap((r) => Array.from({ length: r.numCols }, (_, i) => r.col + i));
  const headers = cols.map((col) => String(s.values[0][col - 1]));
  const series = (c.options.series ?? {}) as Record<string, { lineDashStyle?: number[]; color?: string }>;
  return {
    type: c.type,
    rows: c.ranges.map((r) => r.numRows),
    domain: headers[0],
    series: headers.slice(1),
    dashed: headers.slice(1).filter((_, i) => series[i]?.lineDashStyle !== undefined),
    dashStyles: Object.values(series).map((o) => o.lineDashStyle),
    colors: headers.slice(1).map((_, i) => series[i]?.color ?? null),
  };
}

const spec = (extra: Record<string, unknown> = {}) => ({
  endpoint: 'analytics',
  chart: 'subscriptions_new',
  start: '2026-10-01',
  end: '2026-10-31',
  params: { period_unit: 'week' },
  ...extra,
});

test('a saved compared report: the chart adds the compare range as a dashed line; compare off removes it', () => {
  const t = bed();
  const saved = t.call('saveReport', {
    name: 'New subs',
    spec: spec({ compare: 'previous_year' }),
    destination: { kind: 'sheet', sheetName: 'Subs' },
    chart: true,
  });
  t.call('runSavedReport', saved.id);
  const s = t.snap('Subs');
  const header = s.values[0].map(String);
  // The table has Δ and Δ % beside the values; the chart leaves them out.
  expect(header).toEqual(expect.arrayContaining(['New subscriptions, Δ', 'New subscriptions, Δ %']));
  const d = drawn(s);
  expect(d.type).toBe('LINE');
  expect(d.domain).toBe('Period');
  expect(d.series).toEqual(['New subscriptions, Oct 1 – Oct 31 2026', 'New subscriptions, Oct 1 – Oct 31 2025']);
  expect(d.dashed).toEqual(['New subscriptions, Oct 1 – Oct 31 2025']);
  expect(d.dashStyles).toEqual([[4, 4]]);
  // Every charted row is a dated row of the block (the summary below them is left out).
  const dated = s.values.slice(1).filter((r) => r[0] instanceof Date).length;
  expect(dated).toBeGreaterThan(3);
  expect(d.rows.every((n) => n === dated + 1)).toBe(true);

  // The same report without compare: one series, nothing dashed, still one chart (updated, not added).
  t.call('saveReport', { id: saved.id, name: 'New subs', spec: spec() });
  t.call('runSavedReport', saved.id);
  const off = drawn(t.snap('Subs'));
  expect(off.series).toEqual(['New subscriptions']);
  expect(off.dashed).toEqual([]);
  expect(off.dashStyles).toEqual([]);

  // And compared again: the dashes come back on the refreshed chart.
  t.call('saveReport', { id: saved.id, name: 'New subs', spec: spec({ compare: 'previous_period' }) });
  t.call('runSavedReport', saved.id);
  const again = drawn(t.snap('Subs'));
  expect(again.series).toHaveLength(2);
  expect(again.dashed).toEqual([again.series[1]]);
});

test("a compared funnel's columns: each step's users in both ranges, the compare range a lighter blue", () => {
  const t = bed();
  t.call('runReport', {
    spec: { endpoint: 'funnel', start: '2026-09-01', end: '2026-09-30', compare: 'previous_period' },
    destination: { kind: 'sheet', sheetName: 'F' },
    chart: true,
  });
  const d = drawn(t.snap('F'));
  expect(d.type).toBe('COLUMN');
  expect(d.domain).toBe('Step');
  expect(d.series).toEqual(['Users, Sep 1 – Sep 30 2026', 'Users, Aug 1 – Aug 31 2026']);
  expect(d.colors).toEqual(['#4285f4', '#a4c2f4']);
  expect(d.dashed).toEqual([]);
});

test("a compared cohort triangle's colour scale: both ranges' periods on one scale, never Δ, Δ % or revenue", () => {
  const t = bed();
  const run = (compare?: string) =>
    t.call('runReport', {
      spec: { endpoint: 'cohort', start: '2026-01-01', end: '2026-06-30', ...(compare ? { compare } : {}) },
      destination: { kind: 'sheet', sheetName: 'K' },
      chart: true,
    });
  run('previous_year');
  const s = t.snap('K');
  expect(s.conditionalFormatRules).toHaveLength(1);
  const [rule] = s.conditionalFormatRules;
  expect(rule.gradient).toBeTruthy();
  const scaled = rule.ranges.flatMap((r) =>
    Array.from({ length: r.numCols }, (_, i) => String(s.values[0][r.col - 1 + i])),
  );
  const periods = s.values[0].map(String).filter((h) => /^Period \d+, [A-Z][a-z]{2} \d/.test(h));
  expect(periods.some((h) => h.endsWith('2025'))).toBe(true);
  expect(scaled).toEqual(periods);
  expect(rule.ranges.every((r) => r.row === 2 && r.numRows === s.values.length - 1)).toBe(true);

  // Not compared any more: one range over this range's periods, the old rule replaced.
  run();
  const off = t.snap('K');
  expect(off.conditionalFormatRules).toHaveLength(1);
  const r = off.conditionalFormatRules[0].ranges;
  expect(r).toHaveLength(1);
  expect(String(off.values[0][r[0].col - 1])).toBe('Period 1');
});
