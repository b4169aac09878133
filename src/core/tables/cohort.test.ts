import { normalise } from './index';
import type { NormaliseContext } from './context';
import { COHORT_DOC } from '../../../test/fixtures/answers';
import { cohortFields } from './cohort';
import { missingNumbers, numericStrings, rowObjects } from '../../../test/fixtures/tableKit';

const ctx = (o: Partial<NormaliseContext> = {}): NormaliseContext => ({
  endpoint: 'cohort',
  params: {},
  hasCompare: false,
  ...o,
});
import { clone } from '../../../test/harness/testUtils';

describe('cohort, triangle layout (default)', () => {
  test('one row per cohort, one column per period, revenue by default', () => {
    const t = normalise(COHORT_DOC, ctx());
    expect(t.columns.map((c) => `${c.key}:${c.kind}`)).toEqual([
      'cohort:date',
      'type:text',
      'title:text',
      'total_installs:integer',
      'total_paid_subscribers:integer',
      'total_revenue_usd:usd',
      'period_1:usd',
      'period_2:usd',
      'predict.months:integer',
      'predict.revenue_usd:usd',
    ]);
    expect(t.columns.map((c) => c.label).slice(6, 8)).toEqual(['Period 1', 'Period 2']);
    expect(t.rows.map((r) => r.slice(0, 8))).toEqual([
      ['2024-04-01', 'total', 'Total', 1000, 60, 620.75, 500.5, 120.25],
      ['2024-04-01', 'single', 'April 2024', 1000, 60, 620.75, 500.5, 120.25],
      ['2024-05-01', 'single', 'May 2024', 800, 58, 410, 410, null],
    ]);
    expect(t.notes?.[0]).toMatch(/Revenue \(gross, USD\)/);
    expect(numericStrings(t)).toEqual([]);
  });

  test('value_field × accounting_type (and measure) pick the field', () => {
    const t = normalise(COHORT_DOC, ctx({ params: { value_field: 'arpu', accounting_type: 'proceeds' } }));
    const r = rowObjects(t)[2];
    expect(r.period_1).toBeCloseTo((410 * 0.85) / 800, 10);
    expect(r.total_appu_usd).toBeCloseTo((410 * 0.85) / 800, 10);
    const m = normalise(
      COHORT_DOC,
      ctx({ params: { value_field: 'revenue', accounting_type: 'proceeds' }, measure: 'net_revenue' }),
    );
    expect(rowObjects(m)[0].period_1).toBeCloseTo(500.5 * 0.7, 10);
    const s = normalise(COHORT_DOC, ctx({ params: { value_field: 'subscribers' } }));
    expect(rowObjects(s)[0]).toMatchObject({ period_1: 49, period_2: 48 });
    expect(s.columns.find((c) => c.key === 'period_1')!.kind).toBe('integer');
  });

  test('relative values use the *_relative fields as percentages; absent ones fall back with a note', () => {
    const t = normalise(
      COHORT_DOC,
      ctx({ params: { value_type: 'relative', value_field: 'revenue', accounting_type: 'net_revenue' } }),
    );
    expect(rowObjects(t)[0]).toMatchObject({ period_1: 100.002 });
    expect(t.columns.find((c) => c.key === 'period_1')!.kind).toBe('percent_points');
    const a = normalise(COHORT_DOC, ctx({ params: { value_type: 'relative', value_field: 'arppu' } }));
    expect(a.notes?.join(' ')).toMatch(/no relative field \(arppu_relative\)/);
    expect(a.columns.find((c) => c.key === 'period_1')!.kind).toBe('usd');
  });

  test('period_type=days: each value is keyed by the day mark itself and labelled by it (given or Adapty’s defaults)', () => {
    const byMarks = clone(COHORT_DOC);
    for (const c of byMarks.data) c.values.forEach((v: { period: number }, j: number) => (v.period = [0, 30][j]));
    const given = normalise(byMarks, ctx({ params: { period_type: 'days', renewal_days: [0, 30] } }));
    const labels = (t: ReturnType<typeof normalise>) =>
      t.columns.filter((c) => c.key.startsWith('period_')).map((c) => c.label);
    expect(labels(given)).toEqual(['Day 0', 'Day 30']);
    expect(rowObjects(given)[0].period_30).toBe(COHORT_DOC.data[0].values[1].revenue_usd);
    // Adapty's default marks (0, 3, 7, 14, 28…): 30 is not one of them, so it stays a plain period
    const defaults = normalise(byMarks, ctx({ params: { period_type: 'days' } }));
    expect(labels(defaults)).toEqual(['Day 0', 'Period 30']);
    const long = normalise(byMarks, ctx({ layout: 'long', params: { period_type: 'days', renewal_days: [0, 30] } }));
    expect(
      rowObjects(long)
        .slice(0, 2)
        .map((r) => [r.period, r.day]),
    ).toEqual([
      [0, 0],
      [30, 30],
    ]);
  });

  test('sparse periods (a cohort missing period 1) stay empty, not 0', () => {
    const a = clone(COHORT_DOC);
    a.data[2].values[0].period = 2;
    const t = normalise(a, ctx());
    expect(rowObjects(t)[2]).toMatchObject({ period_1: null, period_2: 410 });
  });

  test('cohortFields maps every value_field × accounting_type', () => {
    expect(cohortFields('revenue', 'net_revenue')).toEqual({
      field: 'net_revenue_usd',
      relative: 'net_revenue_relative',
      total: 'total_net_revenue_usd',
    });
    expect(cohortFields('arpas', 'proceeds').field).toBe('appas_usd');
    expect(cohortFields('arppu', 'net_revenue').field).toBe('anrppu_usd');
    expect(cohortFields('subscriptions', 'revenue').total).toBe('total_subscriptions');
  });
});

describe('cohort, long layout', () => {
  test('every field of every cohort × period, no number dropped', () => {
    const t = normalise(COHORT_DOC, ctx({ layout: 'long' }));
    expect(t.rows.length).toBe(5);
    expect(missingNumbers(COHORT_DOC, t)).toEqual([]);
    expect(numericStrings(t)).toEqual([]);
    const keys = t.columns.map((c) => c.key);
    expect(keys.slice(0, 4)).toEqual(['cohort', 'type', 'title', 'period']);
    expect(keys.indexOf('value.revenue_usd')).toBeLessThan(keys.indexOf('total_installs'));
    expect(t.columns.find((c) => c.key === 'value.currently_active_period')!.kind).toBe('boolean');
    expect(t.columns.find((c) => c.key === 'value.revenue_relative')!.kind).toBe('percent_points');
    expect(t.columns.find((c) => c.key === 'total_revenue_usd')!.kind).toBe('usd');
    expect(rowObjects(t)[4]).toMatchObject({
      cohort: '2024-05-01',
      period: 1,
      'value.revenue_usd': 410,
      total_installs: 800,
      'predict.months': 12,
    });
  });

  test('unknown fields at cohort and period level become columns; a cohort without periods keeps one row', () => {
    const a = clone(COHORT_DOC) as any;
    a.data[0].values[0].trials = { started: 12, converted: 5 };
    a.data[1].refund_rate = 0.031;
    a.data.push({
      segment_start_date: '2024-06-01',
      type: 'single',
      title: 'June 2024',
      total_installs: 10,
      values: [],
    });
    const t = normalise(a, ctx({ layout: 'long', params: { period_type: 'days' } }));
    expect(missingNumbers(a, t)).toEqual([]);
    expect(t.columns.map((c) => c.key)).toEqual(
      expect.arrayContaining(['value.trials.started', 'value.trials.converted', 'refund_rate', 'day']),
    );
    expect(rowObjects(t).at(-1)).toMatchObject({ cohort: '2024-06-01', period: null, total_installs: 10 });
  });

  test('the triangle keeps every period index as a header', () => {
    const t = normalise(COHORT_DOC, ctx());
    const periods = COHORT_DOC.data.flatMap((c) =>
      c.values.map((v: { period: number }) => ({ values: [{ period: v.period }] })),
    );
    expect(missingNumbers({ data: periods }, t, { headers: (p) => p.endsWith('.period') })).toEqual([]);
  });
});
