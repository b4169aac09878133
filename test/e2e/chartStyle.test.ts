/**
 * Chart styles end to end (issue 11 §2): dist/Code.js in the Apps Script fakes against the emulator. What a
 * user notices: a funnel saved with a chart style is drawn as that chart type, a cohort triangle in that
 * colour scale; changing the style and refreshing changes the one chart or rule in place (no second chart,
 * no rule of the old scale left, the user's own conditional formats untouched); a report saved without a
 * style (as every report before styles) draws what it always did.
 */
import { OWNER, START, emulatedWorld, runOnce, useEmulator } from '../harness/bed';
import type { EmulatorProcess } from '../../emulator/process';

type Any = any;
let emu: EmulatorProcess;
useEmulator((e) => (emu = e));

function bed() {
  const world = emulatedWorld(emu, { startTime: START, timeZone: 'Europe/Berlin', keys: { [OWNER]: emu.demoKey } });
  return {
    world,
    call: (name: string, ...args: unknown[]): Any =>
      runOnce(world, { mode: 'full', user: OWNER }, name, args, { advanceMs: 2000 }),
    sheet: (name: string): Any =>
      world.execution('full').globals.SpreadsheetApp.getActiveSpreadsheet().getSheetByName(name),
    snap: (name: string) => world.sheetSnapshot(undefined, name),
  };
}

const funnel = { endpoint: 'funnel', start: '2026-10-01', end: '2026-10-31' };
const cohort = { endpoint: 'cohort', start: '2026-01-01', end: '2026-10-31' };

test('a funnel drawn as columns, then bars, then a line: one chart, changed in place', () => {
  const t = bed();
  const saved = t.call('saveReport', {
    name: 'Funnel',
    spec: funnel,
    destination: { kind: 'sheet', sheetName: 'F' },
    chart: true,
  });
  expect(saved.chartStyle).toBeUndefined();
  t.call('runSavedReport', saved.id);
  const first = t.snap('F');
  // No style saved: the column chart every funnel had before styles.
  expect(first.charts.map((c) => c.type)).toEqual(['COLUMN']);
  const where = first.charts[0].position;
  const ranges = first.charts[0].ranges;

  for (const [style, type] of [
    ['bar', 'BAR'],
    ['line', 'LINE'],
    ['column', 'COLUMN'],
  ] as const) {
    const edited = t.call('saveReport', { id: saved.id, name: 'Funnel', spec: funnel, chartStyle: style });
    expect(edited.chartStyle).toBe(style);
    expect(edited.chart).toBe(true);
    t.call('runSavedReport', saved.id);
    const s = t.snap('F');
    expect(s.charts.map((c) => c.type)).toEqual([type]);
    // The same chart over the same step and users columns, where it was.
    expect(s.charts[0].position).toEqual(where);
    expect(s.charts[0].ranges).toEqual(ranges);
  }
  // Saved with the report: the list the sidebar reopens it from says so.
  expect(t.call('listReports').find((r: Any) => r.id === saved.id).chartStyle).toBe('column');
  // A duplicate draws its chart the same way.
  t.call('saveReport', { id: saved.id, name: 'Funnel', spec: funnel, chartStyle: 'bar' });
  const copy = t.call('duplicateReport', saved.id);
  expect(copy.chartStyle).toBe('bar');
  const ran = t.call('runSavedReport', copy.id);
  expect(t.snap(ran.sheetName).charts.map((c) => c.type)).toEqual(['BAR']);
});

test('a cohort triangle in red to green, then green again: one scale rule, the user’s own rules kept', () => {
  const t = bed();
  const saved = t.call('saveReport', {
    name: 'Cohorts',
    spec: cohort,
    destination: { kind: 'sheet', sheetName: 'K' },
    chart: true,
    chartStyle: 'red_green',
  });
  t.call('runSavedReport', saved.id);
  const scaleOf = () => {
    const rules = t.snap('K').conditionalFormatRules.filter((r) => r.gradient);
    expect(rules).toHaveLength(1);
    return rules[0];
  };
  const red = scaleOf();
  // Low retention red, the middle yellow at the median, high green (Sheets' own palette).
  expect(red.gradient).toEqual({
    min: expect.objectContaining({ color: '#e67c73', type: 'MIN' }),
    mid: { color: '#ffd666', type: 'PERCENTILE', value: '50' },
    max: expect.objectContaining({ color: '#57bb8a', type: 'MAX' }),
  });
  const header = t.snap('K').values[0].map(String);
  const firstPeriod = header.findIndex((h) => /^Period \d+$/.test(h)) + 1;
  expect(firstPeriod).toBeGreaterThan(1);
  expect(red.ranges[0]).toMatchObject({ row: 2, col: firstPeriod });

  // The analyst's own rules: one on the cohort sizes, one highlighting on the triangle's own cells.
  const s = t.sheet('K');
  const app = t.world.execution('full').globals.SpreadsheetApp;
  const mine = [
    app
      .newConditionalFormatRule()
      .whenNumberGreaterThan(100)
      .setBackground('#ccffcc')
      .setRanges([s.getRange('B2:B5')]),
    app
      .newConditionalFormatRule()
      .whenNumberLessThan(0.1)
      .setBold(true)
      .setRanges([s.getRange(2, firstPeriod, 3, 2)]),
  ].map((b) => b.build());
  s.setConditionalFormatRules([...s.getConditionalFormatRules(), ...mine]);

  t.call('saveReport', { id: saved.id, name: 'Cohorts', spec: cohort, chartStyle: 'green' });
  t.call('runSavedReport', saved.id);
  const green = scaleOf();
  // Today's scale, exactly: white to green, no middle point.
  expect(green.gradient).toEqual({
    min: expect.objectContaining({ color: '#ffffff', type: 'MIN' }),
    max: expect.objectContaining({ color: '#57bb8a', type: 'MAX' }),
  });
  expect(green.ranges).toEqual(red.ranges);
  const theirs = t.snap('K').conditionalFormatRules.filter((r) => !r.gradient);
  expect(theirs.map((r) => [r.boolean?.criteria, r.ranges[0].col])).toEqual([
    ['NUMBER_GREATER_THAN', 2],
    ['NUMBER_LESS_THAN', firstPeriod],
  ]);
  expect(t.snap('K').charts).toHaveLength(0);
});

test('a draft run takes the style too; a style the layout does not offer is refused before anything runs', async () => {
  const t = bed();
  t.call('runReport', {
    spec: funnel,
    destination: { kind: 'sheet', sheetName: 'D' },
    chart: true,
    chartStyle: 'bar',
  });
  expect(t.snap('D').charts.map((c) => c.type)).toEqual(['BAR']);
  // The funnel's long layout has no styles: refused whole, nothing asked of Adapty, the sheet as it was.
  const before = JSON.stringify(t.snap('D'));
  const sent = (await emu.requests()).length;
  expect(() =>
    t.call('runReport', {
      spec: { ...funnel, layout: 'long' },
      destination: { kind: 'sheet', sheetName: 'D' },
      chart: true,
      chartStyle: 'bar',
    }),
  ).toThrow(/^Chart style "bar" is not allowed: this report’s layout has none/);
  expect((await emu.requests()).length).toBe(sent);
  expect(JSON.stringify(t.snap('D'))).toBe(before);
});

test('a compared funnel keeps its compare range in every style: a lighter bar, a dashed line', () => {
  const t = bed();
  const spec = { ...funnel, start: '2026-09-01', end: '2026-09-30', compare: 'previous_period' };
  const saved = t.call('saveReport', {
    name: 'Funnel vs',
    spec,
    destination: { kind: 'sheet', sheetName: 'C' },
    chart: true,
    chartStyle: 'bar',
  });
  t.call('runSavedReport', saved.id);
  const series = () => {
    const s = t.snap('C');
    expect(s.charts).toHaveLength(1);
    return { type: s.charts[0].type, series: s.charts[0].options.series };
  };
  expect(series()).toEqual({ type: 'BAR', series: { 0: { color: '#4285f4' }, 1: { color: '#a4c2f4' } } });
  t.call('saveReport', { id: saved.id, name: 'Funnel vs', spec, chartStyle: 'line' });
  t.call('runSavedReport', saved.id);
  // The colours of the bars are gone; the compare range is the dashed line.
  expect(series()).toEqual({ type: 'LINE', series: { 1: { lineDashStyle: [4, 4] } } });
});
