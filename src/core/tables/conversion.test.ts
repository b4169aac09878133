import { normalise } from './index';
import type { NormaliseContext } from './context';
import { CONVERSION_DOC, CONVERSION_SEGMENTED } from '../../../test/fixtures/answers';
import { missingNumbers, numericStrings, rowObjects } from '../../../test/fixtures/tableKit';

const ctx = (o: Partial<NormaliseContext> = {}): NormaliseContext => ({
  endpoint: 'conversion',
  params: {},
  hasCompare: false,
  ...o,
});
import { clone } from '../../../test/harness/testUtils';

describe('conversion', () => {
  test('Adapty’s documented answer: a row per period, percent as the API gives it, counts beside, totals row', () => {
    const t = normalise(CONVERSION_DOC, ctx());
    expect(t.columns.map((c) => [c.key, c.label, c.kind])).toEqual([
      ['period', 'Period', 'date'],
      ['segment', 'Segment', 'text'],
      ['segment_key', 'Segment key', 'text'],
      ['value', 'Conversion, %', 'percent_points'],
      ['value_from', 'Users at the start step', 'integer'],
      ['value_to', 'Users converted', 'integer'],
    ]);
    expect(t.rows).toEqual([
      ['2026-07-01', 'Total', 'total', 0.9, 1000, 9],
      ['2026-08-01', 'Total', 'total', 0.7732, 1200, 10],
      [null, 'Total', 'total', 0.8366, 2200, 19],
    ]);
    expect(t.notes?.[0]).toBe('Conversion: Install → Paid (install_paid).');
    expect(missingNumbers(CONVERSION_DOC, t)).toEqual([]);
    expect(numericStrings(t)).toEqual([]);
  });

  test('segmented with compare: segments sorted within periods, sparse periods absent, compare on the Total summary', () => {
    const t = normalise(CONVERSION_SEGMENTED, ctx({ hasCompare: true, params: { segmentation: 'store' } }));
    const rows = rowObjects(t);
    expect(rows.map((r) => [r.period, r.segment_key])).toEqual([
      ['2026-07-01', 'total'],
      ['2026-08-01', 'total'],
      ['2026-08-01', 'app_store'],
      [null, 'total'],
      [null, 'app_store'],
    ]);
    expect(rows[3]).toMatchObject({
      value: 0.8,
      value_from: 2000,
      value_to: 16,
      compare_value_from: 1800,
      compare_value_to: 12,
    });
    expect(rows[4]).toMatchObject({ value: 1.1, compare_value_from: null });
    expect(t.columns.find((c) => c.key === 'compare_value_from')!.label).toBe('Compare: users at the start step');
    expect(missingNumbers(CONVERSION_SEGMENTED, t)).toEqual([]);
    expect(t.notes?.join(' ')).not.toMatch(/no compare values/);
  });

  test('unknown point fields and nested objects are flattened; the top-level value that differs from the total is kept', () => {
    const a = clone(CONVERSION_SEGMENTED) as any;
    a.data[1].values[0].breakdown = { organic: 4, paid: 7, cohorts: [1, 2.5] };
    a.data[1].values[0].value_median = 0.33;
    a.value = 0.81; // differs from the Total segment's 0.8
    const t = normalise(a, ctx());
    expect(missingNumbers(a, t)).toEqual([]);
    expect(t.columns.map((c) => c.key)).toEqual(
      expect.arrayContaining(['breakdown.organic', 'breakdown.cohorts[0]', 'breakdown.cohorts[1]', 'value_median']),
    );
  });

  test('a field named like an identity column never lands in it', () => {
    const a = { ...clone(CONVERSION_DOC), period: 5, segment: 'x' } as any;
    a.data[0].segment_key = 'zz';
    const t = normalise(a, ctx());
    const rows = rowObjects(t);
    expect(rows.map((r) => r.period)).toEqual(['2026-07-01', '2026-08-01', null]);
    expect(rows.map((r) => r.segment_key)).toEqual(['total', 'total', 'total']);
    expect(rows[2]).toMatchObject({ 'answer.period': 5, 'answer.segment': 'x' });
    expect(rows[0]).toMatchObject({ 'point.segment_key': 'zz' });
  });

  test('points without x keep their order and a # column', () => {
    const a = {
      data: [
        { value: 0.5, value_from: 10, value_to: 5 },
        { value: 0.25, value_from: 8, value_to: 2 },
      ],
      value: 0.39,
    };
    const t = normalise(a, ctx());
    expect(rowObjects(t).map((r) => [r.period, r.item, r.value])).toEqual([
      [null, 1, 0.5],
      [null, 2, 0.25],
      [null, null, 0.39],
    ]);
    expect(missingNumbers(a, t)).toEqual([]);
  });

  test('compare asked for and absent is noted; empty data keeps the totals as the summary row, headed as the whole range', () => {
    const t = normalise({ ...CONVERSION_DOC, data: [] }, ctx({ hasCompare: true }));
    expect(t.rows).toEqual([['Whole range', 'Total', 'total', 0.8366, 2200, 19]]);
    expect(t.notes?.join(' ')).toMatch(/no compare values/);
  });

  test('Adapty’s official example (data: [], summary only) is one summary row, clearly headed', () => {
    const official = {
      data: [],
      value: 0.0,
      value_from: 0,
      value_to: 0,
      compare_value_from: null,
      compare_value_to: null,
      title: 'Conversion rate from Paid to more than 6 months',
      type: 'multi',
      default_aggregation: 'sum',
      description: 'If X - the number of the 1st payments…',
      metric_name: 'from_paid_to_6_months_conversion',
      is_json: true,
      unit: 'percent',
      recommended_period: { date_from: '2018-04-29', date_to: '2024-12-31', period_unit: 'month' },
    };
    const t = normalise(official, ctx());
    expect(rowObjects(t)).toEqual([
      expect.objectContaining({ period: 'Whole range', segment: 'Total', value: 0, value_from: 0, value_to: 0 }),
    ]);
    expect(t.columns[0]).toMatchObject({ key: 'period', kind: 'text' });
    expect(t.notes?.[0]).toMatch(/^Conversion: Conversion rate from Paid to more than 6 months/);
    expect(t.notes?.join(' ')).toMatch(/summary only \(no per-period points\): the row is the whole range/);
  });
});
