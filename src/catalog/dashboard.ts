/**
 * Extensions › Adapty › New dashboard…: the reports it builds (each a saved report on its own sheet),
 * the periods it offers, its schedule and the Overview's KPI rows — one registry that the builder
 * (src/services/dashboard.ts), the dashboard view of the sidebar and the README read.
 */
import type { WriteModeId } from './writeModes';

export interface DashboardReportDef {
  /** Stable id, stored on the saved report (`dashboard`), so a second build knows what exists. */
  id: string;
  /** The saved report's name and its sheet's. */
  name: string;
  endpoint: string;
  chart?: string;
  params?: Record<string, unknown>;
  layout?: string;
  mode: WriteModeId;
  /** Add the report's chart (a line per series, the funnel's steps, the cohort colour scale). */
  withChart: boolean;
  /** An Overview row: this month, last month and Δ % of the block's first series (DASHBOARD_OVERVIEW.valueOffset). */
  kpi?: string;
}

/** Monthly rows: the Overview reads this month's and last month's row of each report. */
const MONTHLY = { period_unit: 'month' };

export const DASHBOARD_REPORTS: readonly DashboardReportDef[] = [
  {
    id: 'mrr',
    name: 'MRR',
    endpoint: 'analytics',
    chart: 'mrr',
    params: MONTHLY,
    mode: 'merge',
    withChart: true,
    kpi: 'MRR',
  },
  {
    id: 'revenue',
    name: 'Revenue',
    endpoint: 'analytics',
    chart: 'revenue',
    params: MONTHLY,
    mode: 'merge',
    withChart: true,
    kpi: 'Revenue',
  },
  {
    id: 'active_subscriptions',
    name: 'Active subscriptions',
    endpoint: 'analytics',
    chart: 'subscriptions_active',
    params: MONTHLY,
    mode: 'merge',
    withChart: true,
    kpi: 'Active subscriptions',
  },
  {
    id: 'active_trials',
    name: 'Active trials',
    endpoint: 'analytics',
    chart: 'trials_active',
    params: MONTHLY,
    mode: 'merge',
    withChart: true,
    kpi: 'Active trials',
  },
  {
    id: 'new_subscriptions',
    name: 'New subscriptions',
    endpoint: 'analytics',
    chart: 'subscriptions_new',
    params: MONTHLY,
    mode: 'merge',
    withChart: true,
    kpi: 'New subscriptions',
  },
  {
    id: 'churned',
    name: 'Churned subscriptions',
    endpoint: 'analytics',
    chart: 'subscriptions_expired',
    params: MONTHLY,
    mode: 'merge',
    withChart: true,
    kpi: 'Churned subscriptions',
  },
  {
    id: 'refunds',
    name: 'Refunds',
    endpoint: 'analytics',
    chart: 'refund_money',
    params: MONTHLY,
    mode: 'merge',
    withChart: true,
    kpi: 'Refunds',
  },
  {
    id: 'cohorts',
    name: 'Cohorts',
    endpoint: 'cohort',
    params: MONTHLY,
    layout: 'triangle',
    mode: 'overwrite',
    withChart: true,
  },
  {
    id: 'funnel',
    name: 'Funnel',
    endpoint: 'funnel',
    params: MONTHLY,
    layout: 'steps',
    mode: 'overwrite',
    withChart: true,
  },
  {
    id: 'install_trial',
    name: 'Install → trial',
    endpoint: 'conversion',
    params: { ...MONTHLY, from_period: '', to_period: '0' },
    mode: 'merge',
    withChart: true,
    kpi: 'Install → trial, %',
  },
  {
    id: 'trial_paid',
    name: 'Trial → paid',
    endpoint: 'conversion',
    params: { ...MONTHLY, from_period: '0', to_period: '1' },
    mode: 'merge',
    withChart: true,
    kpi: 'Trial → paid, %',
  },
  { id: 'ltv', name: 'LTV', endpoint: 'ltv', params: {}, mode: 'overwrite', withChart: false },
];

export interface DashboardPeriodDef {
  id: string;
  label: string;
  /** Months of history, this month included: the reports start on the 1st, N − 1 months back, and run through today. */
  months: number;
}

export const DASHBOARD_PERIODS: readonly DashboardPeriodDef[] = [
  { id: 'months_3', label: 'Last 3 months', months: 3 },
  { id: 'months_6', label: 'Last 6 months', months: 6 },
  { id: 'months_12', label: 'Last 12 months', months: 12 },
  { id: 'months_24', label: 'Last 24 months', months: 24 },
];
export const DASHBOARD_DEFAULT_PERIOD = 'months_12';

/** Every dashboard report refreshes daily at this hour (the spreadsheet's zone). */
export const DASHBOARD_SCHEDULE = { every: 'day', hour: 6 } as const;

export const DASHBOARD_OVERVIEW = {
  sheetName: 'Overview',
  header: ['KPI', 'This month', 'Last month', 'Δ %'],
  deltaFormat: '0.0%',
  /**
   * The first series' column in an unsegmented long analytics block: after Period, Period status, Row,
   * Segment (no Key: it would repeat Total).
   */
  valueOffset: 4,
} as const;

/**
 * One build's share of the 6-minute execution limit: what is left over is built by the next call (the
 * dashboard view calls again until nothing is pending).
 */
export const DASHBOARD_BUDGET_MS = 240 * 1000;
