import { normalise } from './index';
import type { NormaliseContext } from './context';
import { ANALYTICS_COUNT, ANALYTICS_DOC, analyticsSegmented } from '../../../test/fixtures/answers';
import {
  columnValues,
  missingNumbers,
  numericStrings,
  rowObjects,
  syntheticAnalytics,
} from '../../../test/fixtures/tableKit';
import { AdaptyError } from '../errors';

const ctx = (o: Partial<NormaliseContext> = {}): NormaliseContext => ({
  endpoint: 'analytics',
  chartId: 'revenue',
  chartLabel: 'Revenue',
  chartKind: 'money',
  params: {},
  hasCompare: false,
  ...o,
});

describe('analytics, long layout (default)', () => {
  test('Adapty’s documented example: one row per period, series as USD columns, local dates, a summary row', () => {
    const t = normalise(ANALYTICS_DOC, ctx());
    expect(t.columns.map((c) => [c.key, c.label, c.kind])).toEqual([
      ['period', 'Period', 'date'],
      ['segment', 'Segment', 'text'],
      ['segment_key', 'Segment key', 'text'],
      ['revenue', 'Revenue', 'usd'],
      ['proceeds', 'Proceeds', 'usd'],
      ['net_revenue', 'Net revenue', 'usd'],
    ]);
    expect(t.rows).toEqual([
      ['2026-08-05', 'Total', 'total', 1380.73, 1173.62, 1050.1],
      ['2026-08-06', 'Total', 'total', 1380.73, 1173.61, 1049.99],
      [null, 'Total', 'total', 2761.46, 2347.23, 2100.09],
    ]);
    expect(missingNumbers(ANALYTICS_DOC, t)).toEqual([]);
    expect(numericStrings(t)).toEqual([]);
    expect(t.notes?.join(' ')).toMatch(/empty Period/);
  });

  test('the local date is the first 10 characters, whatever the offset (no zone conversion)', () => {
    const a = {
      data: {
        common: {
          data: [
            {
              values: [
                { x: '2026-03-29T00:00:00.000000-1100', y: 1 },
                { x: '2026-03-30T00:00:00.000000+1400', y: 2 },
              ],
            },
          ],
        },
      },
    };
    const t = normalise(a, ctx({ chartKind: 'count', chartId: 'installs', chartLabel: 'Installs' }));
    expect(columnValues(t, 'period')).toEqual(['2026-03-29', '2026-03-30']);
    expect(t.columns.find((c) => c.key === 'common')).toEqual({ key: 'common', label: 'Installs', kind: 'integer' });
  });

  test('segmented: total first, keys and titles apart, periods sorted, sparse → null, negatives kept', () => {
    const a = analyticsSegmented();
    const t = normalise(a, ctx({ params: { segmentation: 'country' } }));
    expect(t.columns[1].label).toBe('Segment (Country)');
    const rows = rowObjects(t).filter((r) => r.period !== null);
    expect(rows.map((r) => [r.period, r.segment_key])).toEqual([
      ['2026-08-05', 'total'],
      ['2026-08-05', 'us'],
      ['2026-08-05', 'de'],
      ['2026-08-06', 'total'],
      ['2026-08-06', 'us'],
      ['2026-08-07', 'total'],
      ['2026-08-07', 'us'],
      ['2026-08-07', 'de'],
    ]);
    const de = rows.filter((r) => r.segment_key === 'de');
    expect(de[0]).toMatchObject({ segment: 'Germany', revenue: -2.5, proceeds: -2.125 });
    expect(de[1]).toMatchObject({ revenue: 10.5 });
    expect(missingNumbers(a, t)).toEqual([]);
  });

  test('compare values become columns on the Total summary row; segment totals on their own summary rows', () => {
    const a = analyticsSegmented();
    const t = normalise(a, ctx({ hasCompare: true }));
    const summary = rowObjects(t).filter((r) => r.period === null);
    expect(summary.map((r) => r.segment_key)).toEqual(['total', 'us', 'de']);
    expect(summary[0]).toMatchObject({
      revenue: 100,
      'revenue.compare_value_from': 90,
      'revenue.compare_value_to': 100,
      'proceeds.compare_value_from': 76.5,
    });
    expect(summary[1]).toMatchObject({ revenue: 80, 'revenue.compare_value_from': null });
    const cmp = t.columns.find((c) => c.key === 'revenue.compare_value_from')!;
    expect(cmp).toEqual({
      key: 'revenue.compare_value_from',
      label: 'Revenue (comparison period, starting value)',
      kind: 'usd',
    });
    expect(t.notes?.join(' ')).not.toMatch(/no compare values/);
  });

  test('a compare asked for but absent from the answer is said in a note', () => {
    const t = normalise(ANALYTICS_DOC, ctx({ hasCompare: true }));
    expect(t.notes?.join(' ')).toMatch(/no compare values/);
    expect(t.columns.some((c) => c.key.includes('compare'))).toBe(false);
  });

  test('a period missing in one series is an empty cell; a null y stays null', () => {
    const a = analyticsSegmented();
    a.data.proceeds.data[1].values.splice(1, 1); // us loses 2026-08-06 in proceeds only
    const t = normalise(a, ctx());
    const us6 = rowObjects(t).find((r) => r.period === '2026-08-06' && r.segment_key === 'us')!;
    expect(us6).toMatchObject({ revenue: 40, proceeds: null, net_revenue: 28 });
    const c = normalise(
      ANALYTICS_COUNT,
      ctx({ chartKind: 'count', chartId: 'subscriptions_new', chartLabel: 'New subscriptions' }),
    );
    expect(c.rows.map((r) => r[3])).toEqual([3, null, 4, 7]);
  });

  test('series keys are iterated, not hard-coded: an unknown series becomes a column', () => {
    const a = analyticsSegmented();
    a.data.tax = JSON.parse(JSON.stringify(a.data.revenue));
    a.data.tax.data[0].values[0].y = 0.123;
    const t = normalise(a, ctx({ chartId: 'mrr', chartLabel: 'MRR' }));
    expect(
      t.columns
        .slice(3)
        .map((c) => c.label)
        .slice(0, 4),
    ).toEqual(['MRR, revenue', 'MRR, proceeds', 'MRR, net revenue', 'MRR, tax']);
    expect(missingNumbers(a, t)).toEqual([]);
  });

  test('unknown fields (points, segments, series, top level) are flattened, no number dropped', () => {
    const a = analyticsSegmented();
    a.data.revenue.data[1].values[0].refunds = { count: 3, amount: -12.5 };
    a.data.revenue.data[1].currency_rate = 1.07;
    a.data.revenue.extra_metric = { p50: 42.42, tags: ['a', 'b'] };
    a.data.revenue.recommended_period = { date_from: '2026-08-01', days: 31 };
    a.meta = { generated_in_ms: 345 };
    const t = normalise(a, ctx());
    expect(missingNumbers(a, t)).toEqual([]);
    const keys = t.columns.map((c) => c.key);
    expect(keys).toEqual(
      expect.arrayContaining([
        'revenue.refunds.count',
        'revenue.refunds.amount',
        'revenue.currency_rate',
        'revenue.extra_metric.p50',
        'revenue.extra_metric.tags',
        'revenue.recommended_period.days',
        'answer.meta.generated_in_ms',
      ]),
    );
    const us5 = rowObjects(t).find((r) => r.period === '2026-08-05' && r.segment_key === 'us')!;
    expect(us5).toMatchObject({ 'revenue.refunds.count': 3, 'revenue.refunds.amount': -12.5 });
    const total = rowObjects(t).find((r) => r.period === null && r.segment_key === 'total')!;
    expect(total).toMatchObject({ 'revenue.extra_metric.tags': 'a, b', 'answer.meta.generated_in_ms': 345 });
  });

  test('a repeated segment key keeps both rows; a repeated period keeps both numbers', () => {
    const a = analyticsSegmented();
    a.data.revenue.data.push({ type: 'us', title: 'United States (2)', value: 1, values: [{ x: X5, y: 0.25 }] });
    a.data.revenue.data[1].values.push({ x: X5, y: 0.75 });
    const t = normalise(a, ctx());
    expect(missingNumbers(a, t)).toEqual([]);
  });

  test('numeric strings from the API become numbers', () => {
    const a = { data: { revenue: { data: [{ values: [{ x: X5, y: '12.50' }] }] } } };
    const t = normalise(a, ctx());
    expect(t.rows[0][3]).toBe(12.5);
  });

  test('an empty answer gives headers and a note', () => {
    const t = normalise({ data: {} }, ctx());
    expect(t.rows).toEqual([]);
    expect(t.notes?.join(' ')).toMatch(/no data/);
    const t2 = normalise({ data: { revenue: { value: 0, data: [] } } }, ctx());
    expect(t2.rows).toEqual([[null, 'Total', 'total', 0]]);
  });
});

const X5 = '2026-08-05T00:00:00.000000+0300';

describe('analytics, wide layout', () => {
  test('one column per segment for the chosen measure; sparse → null; totals row', () => {
    const a = analyticsSegmented();
    const t = normalise(a, ctx({ layout: 'wide', measure: 'proceeds', hasCompare: true }));
    expect(t.columns.map((c) => c.label)).toEqual([
      'Period',
      'Total',
      'United States',
      'Germany',
      'Proceeds (comparison period, starting value)',
      'Proceeds (comparison period, ending value)',
    ]);
    expect(t.columns.slice(1).every((c) => c.kind === 'usd')).toBe(true);
    expect(t.rows).toEqual([
      ['2026-08-05', 25.5, 17, -2.125, null, null],
      ['2026-08-06', 34, 34, null, null, null],
      ['2026-08-07', 25.5, 17, 9, null, null],
      [null, 85, 68, 17, 76.5, 85],
    ]);
    expect(t.notes?.join(' ')).toMatch(/Showing Proceeds; Revenue, Net revenue are in the long layout/);
  });

  test('defaults to revenue; count charts use their only series; a missing measure is noted', () => {
    expect(normalise(analyticsSegmented(), ctx({ layout: 'wide' })).rows[0][1]).toBe(30);
    const c = normalise(ANALYTICS_COUNT, ctx({ layout: 'wide', measure: 'net_revenue', chartKind: 'count' }));
    expect(c.rows.map((r) => r[1])).toEqual([3, null, 4, 7]);
    expect(c.notes?.join(' ')).toMatch(/no "net_revenue" series/);
  });

  test('every number of the chosen series is in the table', () => {
    const a = analyticsSegmented();
    const t = normalise(a, ctx({ layout: 'wide' }));
    expect(missingNumbers({ data: { revenue: a.data.revenue } }, t)).toEqual([]);
  });
});

describe('analytics, malformed answers', () => {
  test.each([
    ['data is a list', { data: [] }, /"data" to be an object of series.*an empty list/],
    ['a series is a number', { data: { revenue: 5 } }, /series "revenue" to be an object.*the number 5/],
    ['rows are not a list', { data: { revenue: { data: 'x' } } }, /series "revenue" data to be a list/],
    [
      'a point is a number',
      { data: { revenue: { data: [{ values: [3] }] } } },
      /point 1 of series "revenue" segment "total"/,
    ],
    ['a point has no x', { data: { revenue: { data: [{ values: [{ y: 3 }] }] } } }, /period timestamp x/],
    [
      'y is an object',
      { data: { revenue: { data: [{ values: [{ x: X5, y: {} }] }] } } },
      /y of point 1.*to be a number/,
    ],
    ['HTML', '<html><body>oops</body></html>', /analytics answer .* an HTML page/],
  ])('%s → bad_answer', (_name, answer, msg) => {
    let err: unknown;
    try {
      normalise(answer, ctx());
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(AdaptyError);
    expect((err as AdaptyError).code).toBe('bad_answer');
    expect((err as AdaptyError).message).toMatch(msg);
  });
});

describe('analytics at size', () => {
  test('250 segments × 400 days × 3 series: every number kept, rows sorted', () => {
    const a = syntheticAnalytics({ segments: 250, days: 400 });
    const t = normalise(a, ctx());
    expect(t.rows.length).toBe(251 * 400 + 251);
    const dates = columnValues(t, 'period').filter((d) => d !== null) as string[];
    expect([...dates].sort()).toEqual(dates);
    expect(missingNumbers(a, t)).toEqual([]);
  });
});
