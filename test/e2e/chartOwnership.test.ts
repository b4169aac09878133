/**
 * The add-on's chart is the add-on's (dist/Code.js in the fakes, the emulator). What a user notices:
 * unticking Add a chart removes the chart (or the cohort colour scale) the add-on drew, and only it; a
 * chart the user made over the block's own range is never changed by a refresh; a chart of ours the
 * user deleted is drawn again while the report still asks for one; a report saved before chart ids
 * keeps its one chart (found once at the block's anchor) rather than getting a second.
 */
import { ownerBed, useEmulator } from '../harness/bed';
import type { EmulatorProcess } from '../../emulator/process';

let emu: EmulatorProcess;
useEmulator((e) => (emu = e));

const revenue = (end: string) => ({
  endpoint: 'analytics',
  chart: 'revenue',
  start: '2026-10-01',
  end,
  params: { period_unit: 'day' },
});
const cohort = { endpoint: 'cohort', start: '2026-01-01', end: '2026-10-31' };
const toSheet = (sheetName: string) => ({ destination: { kind: 'sheet', sheetName } });

function bed() {
  const t = ownerBed(emu);
  return {
    ...t,
    snap: (name: string) => t.world.sheetSnapshot(undefined, name),
    /** A column chart the user draws by hand over the given A1 ranges, titled "Mine". */
    userChart(sheet: string, ...a1: string[]) {
      const s = t.sheet(sheet);
      const charts = t.world.execution('full').globals.Charts;
      let b = s.newChart().setChartType(charts.ChartType.COLUMN).setPosition(30, 2, 0, 0).setOption('title', 'Mine');
      for (const r of a1) b = b.addRange(s.getRange(r));
      s.insertChart(b.build());
    },
  };
}

test('unticking Add a chart removes the add-on’s chart on the next refresh; the data are refreshed as ever', () => {
  const t = bed();
  const input = { name: 'Revenue', spec: revenue('2026-10-10'), ...toSheet('R'), chart: true };
  const saved = t.call('saveReport', input);
  t.call('runSavedReport', saved.id);
  const drawn = t.snap('R').charts;
  expect(drawn).toHaveLength(1);
  expect(t.report(saved.id).block.chart).toBe(drawn[0].chartId);

  t.call('saveReport', { ...input, id: saved.id, spec: revenue('2026-10-12'), chart: false });
  const r = t.call('runSavedReport', saved.id);
  const s = t.snap('R');
  expect(s.charts).toEqual([]);
  expect(r.a1).toBe('A1:G14'); // header, 12 days, the summary row
  expect(s.values[12][0]).toEqual(new Date('2026-10-12T00:00:00+02:00')); // Berlin
  expect(t.report(saved.id).block.chart).toBeNull();
  // Ticked again: a new chart, the one the record names.
  t.call('saveReport', { ...input, id: saved.id, chart: true });
  t.call('runSavedReport', saved.id);
  const again = t.snap('R').charts;
  expect(again).toHaveLength(1);
  expect(t.report(saved.id).block.chart).toBe(again[0].chartId);
});

test('a chart the user made over the block’s exact range is never changed by a refresh, nor removed', () => {
  const t = bed();
  const input = { name: 'Revenue', spec: revenue('2026-10-10'), ...toSheet('R') };
  const saved = t.call('saveReport', input);
  t.call('runSavedReport', saved.id);
  // The ranges the add-on's chart would draw: Period (A) and the money series (E:G), header + 10 days.
  t.userChart('R', 'A1:A11', 'E1:G11');
  const mine = t.snap('R').charts[0];

  t.call('saveReport', { ...input, id: saved.id, chart: true });
  t.call('runSavedReport', saved.id);
  t.call('saveReport', { ...input, id: saved.id, spec: revenue('2026-10-20'), chart: true });
  t.call('runSavedReport', saved.id);
  let charts = t.snap('R').charts;
  expect(charts).toHaveLength(2);
  // The user's: the same type, ranges, title and place as they made it.
  expect(charts[0]).toEqual(mine);
  // The add-on's own follows the 20 days.
  expect(charts[1].type).toBe('LINE');
  expect(charts[1].ranges.map((r) => r.numRows)).toEqual([21, 21]);

  t.call('saveReport', { ...input, id: saved.id, chart: false });
  t.call('runSavedReport', saved.id);
  charts = t.snap('R').charts;
  expect(charts).toEqual([mine]);
});

test('a chart of ours the user deleted is drawn again on the next refresh while the report asks for one', () => {
  const t = bed();
  const saved = t.call('saveReport', { name: 'Revenue', spec: revenue('2026-10-10'), ...toSheet('R'), chart: true });
  t.call('runSavedReport', saved.id);
  const s = t.sheet('R');
  s.removeChart(s.getCharts()[0]);
  t.userChart('R', 'A1:A11', 'E1:G11'); // and drew their own over the same range
  const mine = t.snap('R').charts[0];
  t.call('runSavedReport', saved.id);
  const charts = t.snap('R').charts;
  expect(charts).toHaveLength(2);
  expect(charts[0]).toEqual(mine);
  expect(charts[1]).toMatchObject({ type: 'LINE', position: { row: 1, col: 9 } });
  expect(t.report(saved.id).block.chart).toBe(charts[1].chartId);
});

test('the cohort colour scale goes when unticked; the user’s own rule on the triangle stays', () => {
  const t = bed();
  const input = { name: 'Cohorts', spec: cohort, ...toSheet('K'), chart: true };
  const saved = t.call('saveReport', input);
  t.call('runSavedReport', saved.id);
  expect(t.report(saved.id).block.chart).toBe('scale');
  const s = t.sheet('K');
  const app = t.world.execution('full').globals.SpreadsheetApp;
  const bold = app
    .newConditionalFormatRule()
    .whenNumberLessThan(0.1)
    .setBold(true)
    .setRanges([s.getRange('D2:F4')]);
  s.setConditionalFormatRules([...s.getConditionalFormatRules(), bold.build()]);
  expect(t.snap('K').conditionalFormatRules).toHaveLength(2);

  t.call('saveReport', { ...input, id: saved.id, chart: false });
  t.call('runSavedReport', saved.id);
  const rules = t.snap('K').conditionalFormatRules;
  expect(rules.map((r) => [r.gradient ?? null, r.boolean?.criteria, r.ranges[0]])).toEqual([
    [null, 'NUMBER_LESS_THAN', expect.objectContaining({ row: 2, col: 4, numRows: 3, numCols: 3 })],
  ]);
  expect(t.report(saved.id).block.chart).toBeNull();
});

test('a block drawn before chart ids were recorded keeps its one chart, found once at its anchor', () => {
  const t = bed();
  // An unsaved run draws the chart; the report saved afterwards has no record of it yet.
  t.call('runReport', { spec: revenue('2026-10-10'), ...toSheet('R'), chart: true });
  const before = t.snap('R').charts;
  expect(before).toHaveLength(1);
  const saved = t.call('saveReport', { name: 'Revenue', spec: revenue('2026-10-15'), ...toSheet('R'), chart: true });
  t.call('runSavedReport', saved.id);
  const charts = t.snap('R').charts;
  expect(charts).toHaveLength(1);
  expect(charts[0].chartId).toBe(before[0].chartId);
  expect(charts[0].ranges.map((r) => r.numRows)).toEqual([16, 16]);
  expect(t.report(saved.id).block.chart).toBe(before[0].chartId);
});
