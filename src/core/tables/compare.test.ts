import { normalise } from './index';
import type { NormaliseContext } from './context';
import { joinCompare, periodAt, periodPosition, rangeLabel, type CompareJoin } from './compare';
import type { Table } from '../table';
import { markPeriods } from './periodStatus';
import { buildRequest } from '../request';

type Pt = [string, number | null];
/** An analytics answer: one series, segments as [key, title, points]. */
const analytics = (segs: Array<[string, string, Pt[]]>, value?: number) => ({
  data: {
    revenue: {
      value: value ?? null,
      data: segs.map(([type, title, pts]) => ({
        type,
        title,
        value: pts.reduce((s, [, y]) => s + (y ?? 0), 0),
        values: pts.map(([x, y]) => ({ x, y })),
      })),
    },
  },
});
const actx = (o: Partial<NormaliseContext> = {}): NormaliseContext => ({
  endpoint: 'analytics',
  chartId: 'revenue',
  chartLabel: 'Revenue',
  chartKind: 'money',
  params: { segmentation: 'country' },
  hasCompare: false,
  ...o,
});
const join = (o: Partial<CompareJoin> = {}): CompareJoin => ({
  endpoint: 'analytics',
  layout: 'long',
  periodUnit: 'week',
  range: ['2026-10-01', '2026-10-31'],
  compareRange: ['2026-09-01', '2026-09-30'],
  ...o,
});
/** The rows as objects keyed by header. */
const objects = (t: Table) => t.rows.map((r) => Object.fromEntries(t.columns.map((c, i) => [c.label, r[i]])));

describe('periods by position', () => {
  test('a week that starts before the range is position 0; months, quarters and years count from the range start', () => {
    expect(periodPosition('2026-09-28', ['2026-10-01', '2026-10-31'], 'week')).toBe(0);
    expect(periodPosition('2026-10-05', ['2026-10-01', '2026-10-31'], 'week')).toBe(1);
    expect(periodPosition('2026-03-01', ['2026-01-15', '2026-06-30'], 'month')).toBe(2);
    expect(periodPosition('2026-07-01', ['2026-01-01', '2026-12-31'], 'quarter')).toBe(2);
    expect(periodPosition('2027-01-01', ['2026-05-01', '2027-12-31'], 'year')).toBe(1);
    expect(periodAt(1, ['2026-09-01', '2026-09-30'], 'week')).toBe('2026-09-07');
    expect(periodAt(5, ['2026-09-01', '2026-09-30'], 'week')).toBeNull(); // past the range
  });

  test('DST weeks: a week whose timestamp carries another offset keeps its calendar position', () => {
    // Berlin leaves summer time on 2026-10-25: the week of Oct 26 starts at +0100, the others at +0200.
    const range = ['2026-10-01', '2026-11-08'] as const;
    expect(periodPosition('2026-10-19', range, 'week')).toBe(3);
    expect(periodPosition('2026-10-26', range, 'week')).toBe(4);
    expect(periodPosition('2026-11-02', range, 'week')).toBe(5);
  });

  test('range labels', () => {
    expect(rangeLabel(['2025-01-01', '2025-03-31'])).toBe('Jan 1 – Mar 31 2025');
    expect(rangeLabel(['2024-12-01', '2025-01-31'])).toBe('Dec 1 2024 – Jan 31 2025');
    expect(rangeLabel(['2025-03-03', '2025-03-03'])).toBe('Mar 3 2025');
  });
});

describe('analytics long: beside each value, by position and segment key', () => {
  const base = normalise(
    analytics([
      [
        'total',
        'Total',
        [
          ['2026-09-28T00:00:00+0200', 100],
          ['2026-10-05T00:00:00+0200', 50],
          ['2026-10-26T00:00:00+0100', 30],
        ],
      ],
      ['us', 'United States', [['2026-09-28T00:00:00+0200', 60]]],
      ['de', 'Germany', [['2026-10-05T00:00:00+0200', 20]]],
    ]),
    actx(),
  );
  const cmp = normalise(
    analytics([
      [
        'total',
        'Total',
        [
          ['2026-08-31T00:00:00+0200', 80],
          ['2026-09-07T00:00:00+0200', 0],
          ['2026-09-28T00:00:00+0200', 10],
        ],
      ],
      ['us', 'United States', [['2026-08-31T00:00:00+0200', 40]]],
      ['fr', 'France', [['2026-09-07T00:00:00+0200', 5]]],
    ]),
    actx(),
  );
  const t = joinCompare(base, cmp, join());

  test('headers name each range; Δ and Δ % follow each value', () => {
    expect(t.columns.map((c) => c.label)).toEqual([
      'Period',
      'Compare period',
      'Segment (Country)',
      'Segment key',
      'Revenue, Oct 1 – Oct 31 2026',
      'Revenue, Sep 1 – Sep 30 2026',
      'Revenue, Δ',
      'Revenue, Δ %',
    ]);
    expect(t.columns.map((c) => c.kind)).toEqual([
      'date',
      'date',
      'text',
      'text',
      'usd',
      'usd',
      'usd',
      'percent_points',
    ]);
    expect(t.notes?.join(' ')).toMatch(/Compared with Sep 1 – Sep 30 2026/);
  });

  test('week 1 with week 1; a missing period, a zero base and segments of one range only', () => {
    const rows = t.rows.map((r) => r.slice(0, 8));
    expect(rows).toEqual([
      ['2026-09-28', '2026-08-31', 'Total', 'total', 100, 80, 20, 25],
      ['2026-09-28', '2026-08-31', 'United States', 'us', 60, 40, 20, 50],
      // Week 2 of September had 0: Δ % of a zero base is empty.
      ['2026-10-05', '2026-09-07', 'Total', 'total', 50, 0, 50, null],
      // France only sold in September: kept, this range's side empty, in week 2 after the row before it there.
      ['2026-10-05', '2026-09-07', 'France', 'fr', null, 5, null, null],
      ['2026-10-05', '2026-09-07', 'Germany', 'de', 20, null, null, null],
      // Week 5 (Oct 26, after the DST change) pairs with week 5 of September (Sep 28); weeks 3–4 are missing in both.
      ['2026-10-26', '2026-09-28', 'Total', 'total', 30, 10, 20, 200],
      // Summary rows pair with summary rows.
      [null, null, 'Total', 'total', 180, 90, 90, 100],
      [null, null, 'United States', 'us', 60, 40, 20, 50],
      [null, null, 'France', 'fr', null, 5, null, null],
      [null, null, 'Germany', 'de', 20, null, null, null],
    ]);
  });

  test('Δ % is relative to the size of the compare value (a negative base keeps the sign of the change)', () => {
    const b = normalise(analytics([['total', 'Total', [['2026-10-01T00:00:00+0000', -5]]]]), actx());
    const c = normalise(analytics([['total', 'Total', [['2026-09-01T00:00:00+0000', -10]]]]), actx());
    const r = objects(joinCompare(b, c, join({ periodUnit: 'month' })))[0];
    expect([r['Revenue, Δ'], r['Revenue, Δ %']]).toEqual([5, 50]);
  });

  test('ranges of different lengths: the longer one’s extra periods keep their side', () => {
    const b = normalise(analytics([['total', 'Total', [['2026-10-01T00:00:00+0000', 1]]]]), actx());
    const c = normalise(
      analytics([
        [
          'total',
          'Total',
          [
            ['2026-08-01T00:00:00+0000', 2],
            ['2026-09-01T00:00:00+0000', 3],
          ],
        ],
      ]),
      actx(),
    );
    const t2 = joinCompare(b, c, join({ periodUnit: 'month', compareRange: ['2026-08-01', '2026-09-30'] }));
    expect(t2.rows.map((r) => r.slice(0, 7))).toEqual([
      ['2026-10-01', '2026-08-01', 'Total', 'total', 1, 2, -1],
      // Position 2 is past October: no Period of this range; the compare period says what it is.
      [null, '2026-09-01', 'Total', 'total', null, 3, null],
      [null, null, 'Total', 'total', 1, 5, -4],
    ]);
  });
});

describe('analytics wide: a block per range', () => {
  test('each segment column for this range, then for the compare range, then Δ, then Δ %', () => {
    const ctx = actx({ layout: 'wide' });
    const b = normalise(
      analytics([
        ['total', 'Total', [['2026-10-01T00:00:00+0000', 10]]],
        ['us', 'United States', [['2026-10-01T00:00:00+0000', 4]]],
      ]),
      ctx,
    );
    const c = normalise(analytics([['total', 'Total', [['2026-09-01T00:00:00+0000', 8]]]]), ctx);
    const t = joinCompare(b, c, join({ layout: 'wide', periodUnit: 'month' }));
    expect(t.columns.map((x) => x.label)).toEqual([
      'Period',
      'Compare period',
      'Total, Oct 1 – Oct 31 2026',
      'United States, Oct 1 – Oct 31 2026',
      'Total, Sep 1 – Sep 30 2026',
      'United States, Sep 1 – Sep 30 2026',
      'Total, Δ',
      'United States, Δ',
      'Total, Δ %',
      'United States, Δ %',
    ]);
    expect(t.rows[0]).toEqual(['2026-10-01', '2026-09-01', 10, 4, 8, null, 2, null, 25, null]);
  });
});

describe('daily previous_year compares weekday with weekday', () => {
  test('the compare request is the range 364 days earlier, Monday with Monday', () => {
    const b = buildRequest(
      {
        endpoint: 'analytics',
        chart: 'revenue',
        start: '2025-03-03',
        end: '2025-03-09',
        compare: 'previous_year',
        params: { period_unit: 'day' },
      },
      { today: '2026-01-01', timeZone: 'UTC', tz: { offsetMinutes: () => 0 } },
    );
    // compare_date names the same days, so Adapty's summary compare values agree with the rows' comparison.
    expect(b.body.filters).toEqual({ date: ['2025-03-03', '2025-03-09'], compare_date: ['2024-03-04', '2024-03-10'] });
    expect(b.compare!.request.body).toEqual({
      chart_id: 'revenue',
      filters: { date: ['2024-03-04', '2024-03-10'] },
      period_unit: 'day',
    });
    const day = (d: string, y: number) => [`${d}T00:00:00+0000`, y] as Pt;
    const t = joinCompare(
      normalise(analytics([['total', 'Total', [day('2025-03-03', 7)]]]), actx()),
      normalise(analytics([['total', 'Total', [day('2024-03-04', 5)]]]), actx()),
      b.compare!.join,
    );
    expect(t.rows[0].slice(0, 7)).toEqual(['2025-03-03', '2024-03-04', 'Total', 'total', 7, 5, 2]);
  });

  test('monthly previous_year keeps the same dates', () => {
    const b = buildRequest(
      { endpoint: 'cohort', start: '2025-01-01', end: '2025-03-31', compare: 'previous_year' },
      { today: '2026-01-01', timeZone: 'UTC', tz: { offsetMinutes: () => 0 } },
    );
    expect(b.compare!.request.body).toEqual({ filters: { date: ['2024-01-01', '2024-03-31'] } });
    expect(b.compare!.join).toMatchObject({ periodUnit: 'month', layout: 'triangle' });
  });
});

describe('cohorts by cohort position and period', () => {
  const cohort = (start: string, title: string, periods: number[], type = 'single') => ({
    segment_start_date: start,
    type,
    title,
    total_installs: 100,
    total_paid_subscribers: 10,
    total_revenue_usd: periods.reduce((a, b) => a + b, 0),
    values: periods.map((v, i) => ({ period: i + 1, revenue_usd: v })),
  });
  const ctx: NormaliseContext = { endpoint: 'cohort', params: {}, hasCompare: false, layout: 'triangle' };
  test('triangle: a block per range; the cohort 2 of each range side by side, period by period', () => {
    const b = normalise(
      { data: [cohort('2026-01-01', 'January 2026', [10, 5]), cohort('2026-02-01', 'February 2026', [20])] },
      ctx,
    );
    const c = normalise(
      {
        data: [
          cohort('2025-01-01', 'January 2025', [8, 4, 2]),
          cohort('2025-02-01', 'February 2025', [16, 1]),
          cohort('2025-03-01', 'March 2025', [1]),
        ],
      },
      ctx,
    );
    const t = joinCompare(b, c, {
      endpoint: 'cohort',
      layout: 'triangle',
      periodUnit: 'month',
      range: ['2026-01-01', '2026-02-28'],
      compareRange: ['2025-01-01', '2025-03-31'],
    });
    const o = objects(t);
    expect(o[1]).toMatchObject({
      Cohort: '2026-02-01',
      'Compare cohort': '2025-02-01',
      Title: 'February 2026',
      'Period 1, Jan 1 – Feb 28 2026': 20,
      'Period 1, Jan 1 – Mar 31 2025': 16,
      'Period 1, Δ': 4,
      'Period 1, Δ %': 25,
      'Period 2, Jan 1 – Feb 28 2026': null,
      'Period 2, Jan 1 – Mar 31 2025': 1,
    });
    // Period 3 only the compare range has: its column is in every block.
    expect(o[0]).toMatchObject({ 'Period 3, Jan 1 – Feb 28 2026': null, 'Period 3, Jan 1 – Mar 31 2025': 2 });
    // The third compare cohort has no cohort of this range: no date nor title of this range is made up.
    expect(o[2]).toMatchObject({ Cohort: null, 'Compare cohort': '2025-03-01', Title: null, Type: 'single' });
  });
});

describe('funnel by step, LTV and retention by period, within each by segment key', () => {
  test('funnel steps: step with step; the dated columns by position, each named by its own date', () => {
    const step = (period: number, title: string, value: number, pts: Array<[string, number]>) => ({
      period,
      title,
      value,
      values: pts.map(([x, v]) => ({ x, value: v })),
    });
    const ctx: NormaliseContext = { endpoint: 'funnel', params: {}, hasCompare: false, layout: 'steps' };
    const b = normalise(
      {
        data: [
          {
            type: 'total',
            title: 'Total',
            values: [step(-2, 'Install', 100, [['2026-07-01T00:00:00+0000', 100]]), step(0, 'Trial', 10, [])],
          },
        ],
      },
      ctx,
    );
    const c = normalise(
      {
        data: [
          {
            type: 'total',
            title: 'Total',
            values: [step(-2, 'Install', 80, [['2026-05-01T00:00:00+0000', 80]]), step(0, 'Trial', 20, [])],
          },
        ],
      },
      ctx,
    );
    const t = joinCompare(b, c, {
      endpoint: 'funnel',
      layout: 'steps',
      periodUnit: 'month',
      range: ['2026-07-01', '2026-08-31'],
      compareRange: ['2026-05-01', '2026-06-30'],
    });
    const o = objects(t);
    expect(o[0]).toMatchObject({ Step: 'Install', '2026-07-01': 100, '2026-05-01': 80, '2026-07-01, Δ': 20 });
    expect(o[1]).toMatchObject({ Step: 'Trial', 'Users, Jul 1 – Aug 31 2026': 10, 'Users, May 1 – Jun 30 2026': 20 });
    expect(o[1]['Users, Δ %']).toBe(-50);
    // Both ranges' period headers are dates; only this range's periods get a status note.
    markPeriods(t, { endpoint: 'funnel', range: ['2026-07-01', '2026-08-31'], unit: 'month', today: '2026-07-20' });
    expect(t.columns.filter((c) => c.dateHeader).map((c) => [c.label, c.note])).toEqual([
      ['2026-07-01', 'Period status: incomplete (2026-07-01 – 2026-07-31)'],
      ['2026-05-01', undefined],
    ]);
  });

  test.each(['ltv', 'retention'] as const)('%s: period with period, segment with segment', (endpoint) => {
    const answer = (us: number[], ca: number[] | null) => {
      const data = [
        { type: 'us', title: 'United States', values: us.map((value, i) => ({ period: i + 1, value })) },
        ...(ca ? [{ type: 'ca', title: 'Canada', values: ca.map((value, i) => ({ period: i + 1, value })) }] : []),
      ];
      return endpoint === 'ltv' ? { revenue: { data } } : { data };
    };
    const ctx: NormaliseContext = { endpoint, params: { segmentation: 'country' }, hasCompare: false };
    const t = joinCompare(normalise(answer([10, 4], null), ctx), normalise(answer([5, 4, 2], [3]), ctx), {
      endpoint,
      layout: 'table',
      periodUnit: 'month',
      range: ['2026-07-01', '2026-08-31'],
      compareRange: ['2026-05-01', '2026-06-30'],
    });
    const label = endpoint === 'ltv' ? 'LTV (revenue)' : 'Subscribers';
    expect(
      objects(t).map((r) => [r['Segment key'], r.Period, r[`${label}, Jul 1 – Aug 31 2026`], r[`${label}, Δ`]]),
    ).toEqual([
      ['us', 1, 10, 5],
      ['us', 2, 4, 0],
      ['us', 3, null, null],
      ['ca', 1, null, null],
    ]);
  });
});
