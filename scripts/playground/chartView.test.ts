/** The playground's chart drawing: every range's columns, the compare range's series dashed. */
import { createWorld } from '../../test/fakes';
import { chartView } from './server';

test('a chart over two ranges draws both value columns after the domain; a lineDashStyle series is dashed', () => {
  const ss = createWorld().spreadsheet();
  const s = ss.sheets[0];
  const grid = [
    ['Period', 'Compare period', 'Revenue, Oct', 'Revenue, Sep', 'Revenue, Δ'],
    ['2026-10-01', '2026-09-01', 5, 4, 1],
    ['2026-10-02', '2026-09-02', 7, 9, -2],
  ];
  grid.forEach((row, r) => row.forEach((v, c) => s.values.set(r, c, v)));
  const rect = (col: number, numCols: number) => ({ sheetId: s.id, row: 1, col, numRows: 3, numCols });
  const v = chartView(ss, {
    chartId: 1,
    type: 'LINE',
    ranges: [rect(1, 1), rect(3, 2)],
    options: { series: { 1: { lineDashStyle: [4, 4] } } },
    position: { row: 1, col: 7, offsetX: 0, offsetY: 0 },
    numHeaders: 1,
    mergeStrategy: 'MERGE_COLUMNS',
    transpose: false,
    hiddenDimensionStrategy: 'IGNORE_BOTH',
  });
  expect(v.labels).toEqual(['2026-10-01', '2026-10-02']);
  expect(v.series).toEqual([
    { name: 'Revenue, Oct', values: [5, 7], dashed: false },
    { name: 'Revenue, Sep', values: [4, 9], dashed: true },
  ]);
});
