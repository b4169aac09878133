import { normalise } from './index';
import type { NormaliseContext } from './context';
import { FUNNEL_DOC } from '../../../test/fixtures/answers';
import { missingNumbers, numericStrings, rowObjects } from '../../../test/fixtures/tableKit';

const ctx = (o: Partial<NormaliseContext> = {}): NormaliseContext => ({
  endpoint: 'funnel',
  params: {},
  hasCompare: false,
  ...o,
});
import { clone } from '../../../test/harness/testUtils';

describe('funnel, steps layout (default)', () => {
  test('a row per segment × step: figures, drop-off, churn reasons, then one column per period', () => {
    const t = normalise(FUNNEL_DOC, ctx({ params: { segmentation: 'store' } }));
    expect(t.columns.map((c) => `${c.key}|${c.label}|${c.kind}`)).toEqual([
      'segment|Segment (Store)|text',
      'segment_key|Segment key|text',
      'step_period|Step code|integer',
      'step|Step|text',
      'value|Users|integer',
      'value_relative|Of the first step, %|percent_points',
      'relative_changes|Of the previous step, %|percent_points',
      'drop_off|Drop-off|integer',
      'drop_off_relative|Drop-off, %|percent_points',
      'churn:voluntarily_cancelled|Churn: Voluntarily cancelled|integer',
      'churn:voluntarily_cancelled:relative|Churn: Voluntarily cancelled, %|percent_points',
      'churn:billing_error|Churn: Billing error|integer',
      'churn:billing_error:relative|Churn: Billing error, %|percent_points',
      'period:2026-07-01|2026-07-01|integer',
      'period:2026-08-01|2026-08-01|integer',
    ]);
    const rows = rowObjects(t);
    expect(rows.map((r) => [r.segment_key, r.step_period, r.step])).toEqual([
      ['total', -2, 'Install'],
      ['total', -1, 'Paywall displayed'],
      ['total', 0, 'Trial'],
      ['total', 1, 'Paid'],
      ['total', 2, '2nd period'],
      ['app_store', -2, 'Install'],
      ['app_store', 1, 'Paid'],
    ]);
    expect(rows[0]).toMatchObject({ value: 1000, drop_off: 400, 'period:2026-07-01': 600, 'period:2026-08-01': 400 });
    expect(rows[3]).toMatchObject({ 'churn:voluntarily_cancelled': 9, 'churn:billing_error:relative': 25 });
    expect(rows[4]).toMatchObject({ drop_off: null, drop_off_relative: null });
    expect(rows[5]).toMatchObject({ 'period:2026-07-01': null, 'period:2026-08-01': 700 });
    expect(missingNumbers(FUNNEL_DOC, t)).toEqual([]);
    expect(numericStrings(t)).toEqual([]);
  });

  test('unknown fields on steps, drop-off, churn reasons, periods and segments are flattened', () => {
    const a = clone(FUNNEL_DOC) as any;
    a.data[0].values[0].median_days = 1.5;
    a.data[0].values[0].following_changes.to_trial = 12;
    a.data[0].values[3].churn_reasons[0].refunded = 2;
    a.data[0].values[0].values[0].value_relative = 60;
    a.data[1].cohort_size = 700;
    a.data[0].values[1].values = [5, 6]; // not period points
    a.data[0].values[2].churn_reasons.push({ title: 'Other', value: 1 }, 3);
    const t = normalise(a, ctx());
    expect(missingNumbers(a, t)).toEqual([]);
    expect(t.columns.map((c) => c.key)).toEqual(
      expect.arrayContaining([
        'median_days',
        'following_changes.to_trial',
        'churn:voluntarily_cancelled.refunded',
        'period:2026-07-01.value_relative',
        'segment.cohort_size',
        'values[0]',
        'values[1]',
        'churn:Other',
        'churn_reasons[1]',
      ]),
    );
  });
});

describe('funnel, long layout', () => {
  test('a row per segment × step × period, then step totals with an empty Period', () => {
    const t = normalise(FUNNEL_DOC, ctx({ layout: 'long' }));
    const rows = rowObjects(t);
    expect(rows.slice(0, 3).map((r) => [r.segment_key, r.step, r.period, r.value])).toEqual([
      ['total', 'Install', '2026-07-01', 600],
      ['total', 'Install', '2026-08-01', 400],
      ['app_store', 'Install', '2026-08-01', 700],
    ]);
    expect(rows.slice(3).every((r) => r.period === null)).toBe(true);
    expect(rows[3]).toMatchObject({ step: 'Install', value: 1000, value_relative: 100, drop_off: 400 });
    expect(rows.length).toBe(3 + 7);
    expect(missingNumbers(FUNNEL_DOC, t)).toEqual([]);
    expect(t.notes?.join(' ')).toMatch(/empty Period/);
  });
});

describe('funnel, malformed', () => {
  test.each([
    [{ data: [{ title: 'Total', values: 'x' }] }, /steps \("values"\) of segment "Total" to be a list/],
    [{ data: [{ title: 'Total', values: [null] }] }, /step 1 of segment "Total" to be an object, but found null/],
    [{ data: [7] }, /segment 1 of "data" to be an object/],
  ])('%j', (answer, msg) => {
    expect(() => normalise(answer, ctx())).toThrow(msg);
  });
});
