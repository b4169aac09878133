/**
 * Answers for the tests: API.md §4's examples completed to full documented shape, plus variants
 * (segmented, sparse, negative, compare-filled, unknown fields). Not imported by the add-on.
 */
/* eslint-disable @typescript-eslint/no-explicit-any */

const series = (name: string, ys: number[], extra: Record<string, unknown> = {}) => ({
  value: Math.round(ys.reduce((a, b) => a + b, 0) * 100) / 100,
  value_from: null,
  value_to: null,
  compare_value_from: null,
  compare_value_to: null,
  title: name,
  type: 'multi',
  default_aggregation: 'sum',
  description: '<div>…html…</div>',
  metric_name: name === 'revenue' ? 'Revenue' : name,
  is_json: true,
  unit: 'USD',
  recommended_period: null,
  data: [{ values: ys.map((y, i) => ({ x: `2026-08-0${5 + i}T00:00:00.000000+0300`, y })) }],
  ...extra,
});

/** API.md §4.1, unsegmented money chart. */
export const ANALYTICS_DOC = {
  data: {
    revenue: series('revenue', [1380.73, 1380.73]),
    proceeds: series('proceeds', [1173.62, 1173.61]),
    net_revenue: series('net_revenue', [1050.1, 1049.99]),
  },
};

const X = (d: string) => `${d}T00:00:00.000000+0300`;

/** Segmented by country; `de` has no 2026-08-06 and is negative on 2026-08-05 (refunds); total first. */
export function analyticsSegmented(): any {
  const mk = (k: number) => ({
    value: 100 * k,
    value_from: null,
    value_to: null,
    compare_value_from: 90 * k,
    compare_value_to: 100 * k,
    title: 'x',
    type: 'multi',
    default_aggregation: 'sum',
    description: '',
    metric_name: 'x',
    is_json: true,
    unit: 'USD',
    recommended_period: null,
    data: [
      {
        type: 'total',
        title: 'Total',
        value: 100 * k,
        values: [
          { x: X('2026-08-05'), y: 30 * k },
          { x: X('2026-08-06'), y: 40 * k },
          { x: X('2026-08-07'), y: 30 * k },
        ],
      },
      {
        type: 'us',
        title: 'United States',
        value: 80 * k,
        values: [
          { x: X('2026-08-05'), y: 20 * k },
          { x: X('2026-08-06'), y: 40 * k },
          { x: X('2026-08-07'), y: 20 * k },
        ],
      },
      {
        type: 'de',
        title: 'Germany',
        value: 20 * k,
        values: [
          { x: X('2026-08-07'), y: 10 * k + 0.5 },
          { x: X('2026-08-05'), y: -2.5 * k },
        ],
      },
    ],
  });
  return { data: { revenue: mk(1), proceeds: mk(0.85), net_revenue: mk(0.7) } };
}

/** A count chart (one `common` series), unsegmented, with a period that only exists as null. */
export const ANALYTICS_COUNT = {
  data: {
    common: {
      value: 7,
      value_from: null,
      value_to: null,
      compare_value_from: null,
      compare_value_to: null,
      title: 'subscriptions_new',
      type: 'single',
      default_aggregation: 'sum',
      description: '',
      metric_name: 'New subscriptions',
      is_json: true,
      unit: null,
      recommended_period: null,
      data: [
        {
          values: [
            { x: X('2026-08-05'), y: 3 },
            { x: X('2026-08-06'), y: null },
            { x: X('2026-08-07'), y: 4 },
          ],
        },
      ],
    },
  },
};

/** API.md §4.2 (two cohorts: the total and one single, two periods each). */
export const COHORT_DOC = {
  data: [
    cohort('2024-04-01', 'total', 'Total', 1000, [
      [1, 500.5, true],
      [2, 120.25, false],
    ]),
    cohort('2024-04-01', 'single', 'April 2024', 1000, [
      [1, 500.5, false],
      [2, 120.25, true],
    ]),
    cohort('2024-05-01', 'single', 'May 2024', 800, [[1, 410, true]]),
  ],
};

function cohort(
  start: string,
  type: string,
  title: string,
  installs: number,
  values: Array<[number, number, boolean]>,
): any {
  const rev = values.reduce((a, v) => a + v[1], 0);
  const first = values[0][1];
  return {
    segment_start_date: start,
    type,
    title,
    total_installs: installs,
    total_subscriptions: 60 + installs / 100,
    total_paid_subscribers: 50 + installs / 100,
    total_revenue_usd: rev,
    total_proceeds_usd: rev * 0.85,
    total_net_revenue_usd: rev * 0.7,
    total_arpu_usd: rev / installs,
    total_appu_usd: (rev * 0.85) / installs,
    total_anrpu_usd: (rev * 0.7) / installs,
    total_arppu_usd: rev / 50,
    total_apppu_usd: (rev * 0.85) / 50,
    total_anrppu_usd: (rev * 0.7) / 50,
    total_arpas_usd: rev / 60,
    total_appas_usd: (rev * 0.85) / 60,
    total_anrpas_usd: (rev * 0.7) / 60,
    predict: type === 'single' ? { months: 12, revenue_usd: rev * 1.4 } : null,
    values: values.map(([period, r, active]) => ({
      period,
      installs,
      revenue_usd: r,
      proceeds_usd: r * 0.85,
      net_revenue_usd: r * 0.7,
      revenue_relative: (r / first) * 100,
      proceeds_relative: (r / first) * 100 + 0.001,
      net_revenue_relative: (r / first) * 100 + 0.002,
      subscriptions: 60 - period,
      subscriptions_relative: 100 - period,
      subscribers: 50 - period,
      subscribers_relative: 99 - period,
      arpu_usd: r / installs,
      appu_usd: (r * 0.85) / installs,
      anrpu_usd: (r * 0.7) / installs,
      arppu_usd: r / 50,
      apppu_usd: (r * 0.85) / 50,
      anrppu_usd: (r * 0.7) / 50,
      arpas_usd: r / 60,
      appas_usd: (r * 0.85) / 60,
      anrpas_usd: (r * 0.7) / 60,
      currently_active_period: active,
    })),
  };
}

/** API.md §4.3: top-level fields as documented; points undocumented (here `{x, value, value_from, value_to}`). */
export const CONVERSION_DOC = {
  data: [
    { x: X('2026-07-01'), value: 0.9, value_from: 1000, value_to: 9 },
    { x: X('2026-08-01'), value: 0.7732, value_from: 1200, value_to: 10 },
  ],
  value: 0.8366,
  value_from: 2200,
  value_to: 19,
  compare_value_from: null,
  compare_value_to: null,
  title: 'Install → Paid',
  type: 'single',
  default_aggregation: 'avg',
  description: 'Share of installs that paid.',
  metric_name: 'install_paid',
  is_json: true,
  unit: 'percent',
  recommended_period: { date_from: '2026-07-01', date_to: '2026-08-31', period_unit: 'month' },
};

/** Segmented conversion with compare values and a sparse segment. */
export const CONVERSION_SEGMENTED = {
  data: [
    {
      type: 'total',
      title: 'Total',
      value: 0.8,
      value_from: 2000,
      value_to: 16,
      values: [
        { x: X('2026-07-01'), value: 0.9, value_from: 1000, value_to: 9 },
        { x: X('2026-08-01'), value: 0.7, value_from: 1000, value_to: 7 },
      ],
    },
    {
      type: 'app_store',
      title: 'App Store',
      value: 1.1,
      value_from: 1000,
      value_to: 11,
      values: [{ x: X('2026-08-01'), value: 1.1, value_from: 1000, value_to: 11 }],
    },
  ],
  value: 0.8,
  value_from: 2000,
  value_to: 16,
  compare_value_from: 1800,
  compare_value_to: 12,
  title: 'Install → Paid',
  type: 'single',
  default_aggregation: 'avg',
  description: '',
  metric_name: 'install_paid',
  is_json: true,
  unit: 'percent',
  recommended_period: { date_from: '2026-07-01', date_to: '2026-08-31', period_unit: 'month' },
};

const step = (
  period: number,
  title: string,
  value: number,
  rel: number,
  change: number,
  drop: [number, number] | null,
  reasons: any[] = [],
  values: any[] = [],
) => ({
  period,
  title,
  value,
  value_relative: rel,
  relative_changes: change,
  following_changes: drop ? { title: 'Drop off', value: drop[0], value_relative: drop[1] } : null,
  churn_reason_title: period >= 1 ? 'Cancellation reasons' : null,
  churn_reasons: reasons,
  values,
});

/** API.md §4.4: every documented field; churn reasons and per-period values in the emulator's shape. */
export const FUNNEL_DOC = {
  data: [
    {
      title: 'Total',
      type: 'total',
      values: [
        step(
          -2,
          'Install',
          1000,
          100,
          100,
          [400, 40],
          [],
          [
            { x: X('2026-07-01'), value: 600 },
            { x: X('2026-08-01'), value: 400 },
          ],
        ),
        step(-1, 'Paywall displayed', 600, 60, 60, [550, 91.6667]),
        step(0, 'Trial', 50, 5, 8.3333, [20, 40]),
        step(
          1,
          'Paid',
          30,
          3,
          60,
          [12, 40],
          [
            { type: 'voluntarily_cancelled', title: 'Voluntarily cancelled', value: 9, value_relative: 75 },
            { type: 'billing_error', title: 'Billing error', value: 3, value_relative: 25 },
          ],
        ),
        step(2, '2nd period', 18, 1.8, 60, null),
      ],
    },
    {
      title: 'App Store',
      type: 'app_store',
      values: [
        step(-2, 'Install', 700, 100, 100, [300, 42.857], [], [{ x: X('2026-08-01'), value: 700 }]),
        step(1, 'Paid', 21, 3, 7, null, [
          { type: 'billing_error', title: 'Billing error', value: 2, value_relative: 100 },
        ]),
      ],
    },
  ],
};

const ltvMetric = (k: number) => ({
  data: [
    {
      title: 'Total',
      type: 'total',
      value: 3.3 * k,
      values: [
        { period: 1, value: 1.1 * k },
        { period: 2, value: 2.2 * k },
        { period: 3, value: 3.3 * k },
      ],
      cohort_size: 1000,
    },
    {
      title: 'United States',
      type: 'us',
      value: 4.4 * k,
      values: [
        { period: 1, value: 1.5 * k },
        { period: 3, value: 4.4 * k },
      ],
      cohort_size: 600,
    },
  ],
  description: '<div>LTV</div>',
  value: 3.3 * k,
  unit: 'USD',
  title: 'LTV',
});

/** API.md §4.5 with the emulator's `values` shape (`{period, value}`); `us` lacks period 2 (sparse). */
export const LTV_DOC = { revenue: ltvMetric(1), proceeds: ltvMetric(0.85), net_revenue: ltvMetric(0.7) };

/** API.md §4.6 with the emulator's `data` shape. */
export const RETENTION_DOC = {
  data: [
    {
      type: 'total',
      title: 'Total',
      cohort_size: 500,
      values: [
        { period: 1, value: 500, value_relative: 100 },
        { period: 2, value: 210, value_relative: 42 },
      ],
    },
    {
      type: 'us',
      title: 'United States',
      cohort_size: 300,
      values: [
        { period: 1, value: 300, value_relative: 100 },
        { period: 2, value: 141, value_relative: 47 },
      ],
    },
  ],
  title: 'Subscription retention',
  metric_name: 'retention',
  description: 'Subscribers still paying.',
  value_type: null,
};

/** API.md §4.7. */
export const PLACEMENTS_DOC = {
  data: [
    {
      developer_id: 'onboarding_end',
      placement_name: 'Onboarding end',
      audience_name: 'All Users',
      segment_name: 'All Users',
      cross_placement_ab_test_name: null,
      ab_test_name: 'Price test',
      paywall_name: 'Main paywall',
    },
    {
      developer_id: 'settings',
      placement_name: 'Settings',
      audience_name: 'US',
      segment_name: 'Country is US',
      cross_placement_ab_test_name: 'Annual first',
      ab_test_name: null,
      paywall_name: 'Paywall v3',
    },
  ],
};

/** Malformed bodies every normaliser must refuse with a bad_answer, never a TypeError. */
export const MALFORMED: Array<[string, unknown]> = [
  ['null', null],
  ['an HTML page', '<!DOCTYPE html><html><body>502 Bad Gateway</body></html>'],
  ['a number', 42],
  ['a list', [1, 2]],
  ['data as text', { data: 'oops' }],
  ['data as a number', { data: 7 }],
  ['nothing', undefined],
];
