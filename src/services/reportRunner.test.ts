import { normalise } from '../core/tables/index';
import type { NormaliseContext } from '../core/tables/context';
import { joinCompare, type CompareJoin } from '../core/tables/compare';
import type { Table } from '../core/table';
import type { RunnableReport } from '../core/report';
import { chartPlan } from './reportRunner';

type Pt = [string, number];
/** An analytics revenue answer: segments as [key, title, points]. */
const analytics = (segs: Array<[string, string, Pt[]]>) => ({
  data: {
    revenue: {
      value: null,
      data: segs.map(([type, title, pts]) => ({
        type,
        title,
        value: pts.reduce((s, [, y]) => s + y, 0),
        values: pts.map(([x, y]) => ({ x, y })),
      })),
    },
  },
});
const ctx = (layout: string): NormaliseContext => ({
  endpoint: 'analytics',
  chartId: 'revenue',
  chartLabel: 'Revenue',
  chartKind: 'money',
  params: { segmentation: 'country' },
  hasCompare: false,
  layout,
});
const join = (layout: string): CompareJoin => ({
  endpoint: 'analytics',
  layout,
  periodUnit: 'month',
  range: ['2026-10-01', '2026-11-30'],
  compareRange: ['2026-08-01', '2026-09-30'],
});
const report = (endpoint = 'analytics'): RunnableReport => ({
  name: 'R',
  spec: { endpoint, start: '2026-10-01', end: '2026-11-30' },
  destination: { kind: 'sheet', sheetName: 'R' },
  mode: 'overwrite',
  chart: true,
  headers: true,
  schedule: null,
});
const labels = (t: Table, cols: number[] = []) => cols.map((i) => t.columns[i].label);

const oct = (y: number, seg = 'total', title = 'Total'): [string, string, Pt[]] => [
  seg,
  title,
  [
    ['2026-10-01T00:00:00+0000', y],
    ['2026-11-01T00:00:00+0000', y + 1],
  ],
];
const aug = (y: number, seg = 'total', title = 'Total'): [string, string, Pt[]] => [
  seg,
  title,
  [
    ['2026-08-01T00:00:00+0000', y],
    ['2026-09-01T00:00:00+0000', y + 1],
  ],
];

describe('chart plan of a compared report', () => {
  test('long: each value and its compare value, never Δ or Δ %; the compare columns are the dashed series', () => {
    const t = joinCompare(
      normalise(analytics([oct(10)]), ctx('long')),
      normalise(analytics([aug(7)]), ctx('long')),
      join('long'),
    );
    const p = chartPlan(report(), t)!;
    expect(p.kind).toBe('line');
    expect(p.rows).toBe(2);
    expect(labels(t, p.columns)).toEqual(['Period', 'Revenue, Oct 1 – Nov 30 2026', 'Revenue, Aug 1 – Sep 30 2026']);
    expect(labels(t, p.compare)).toEqual(['Revenue, Aug 1 – Sep 30 2026']);
  });

  test('wide: every segment of this range, then every segment of the compare range, dashed', () => {
    const t = joinCompare(
      normalise(analytics([oct(10), oct(4, 'us', 'United States')]), ctx('wide')),
      normalise(analytics([aug(8), aug(3, 'us', 'United States')]), ctx('wide')),
      join('wide'),
    );
    const p = chartPlan(report(), t)!;
    expect(labels(t, p.columns)).toEqual([
      'Period',
      'Total, Oct 1 – Nov 30 2026',
      'United States, Oct 1 – Nov 30 2026',
      'Total, Aug 1 – Sep 30 2026',
      'United States, Aug 1 – Sep 30 2026',
    ]);
    expect(labels(t, p.compare)).toEqual(['Total, Aug 1 – Sep 30 2026', 'United States, Aug 1 – Sep 30 2026']);
  });

  test('not compared: the value columns only, no compare series', () => {
    const t = normalise(analytics([oct(10)]), ctx('long'));
    const p = chartPlan(report(), t)!;
    expect(labels(t, p.columns)).toEqual(['Period', 'Revenue']);
    expect(p.compare).toEqual([]);
  });

  test("funnel: each step's users in both ranges", () => {
    const fctx: NormaliseContext = { endpoint: 'funnel', params: {}, hasCompare: false, layout: 'steps' };
    const answer = (install: number, trial: number) => ({
      data: [
        {
          type: 'total',
          title: 'Total',
          values: [
            { period: -2, title: 'Install', value: install, values: [] },
            { period: 0, title: 'Trial', value: trial, values: [] },
          ],
        },
      ],
    });
    const t = joinCompare(normalise(answer(100, 10), fctx), normalise(answer(80, 20), fctx), {
      ...join('steps'),
      endpoint: 'funnel',
    });
    const p = chartPlan(report('funnel'), t)!;
    expect(p.kind).toBe('column');
    expect(p.rows).toBe(2);
    expect(labels(t, p.columns)).toEqual(['Step', 'Users, Oct 1 – Nov 30 2026', 'Users, Aug 1 – Sep 30 2026']);
    expect(labels(t, p.compare)).toEqual(['Users, Aug 1 – Sep 30 2026']);
  });
});

test("a compared cohort triangle's colour scale: both ranges' periods, not their Δ or Δ %", () => {
  const keys = ['cohort', 'cohort@compare', 'installs', 'period_1', 'period_2', 'installs@compare', 'period_1@compare'];
  const more = ['period_2@compare', 'period_1@delta', 'period_2@delta', 'period_1@delta_pct', 'period_2@delta_pct'];
  const t: Table = {
    columns: [...keys, ...more].map((key) => ({ key, label: key, kind: key.startsWith('cohort') ? 'date' : 'number' })),
    rows: [[], []],
  };
  const p = chartPlan(report('cohort'), t)!;
  expect(p.kind).toBe('heat');
  expect(labels(t, p.columns)).toEqual(['period_1', 'period_2', 'period_1@compare', 'period_2@compare']);
});
