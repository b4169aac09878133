/**
 * A portfolio report (issue 15: `app=all` or `app=A, B`): the same report for several connections, stacked
 * with an App column. Which values may be summed across apps into a Total row is decided here (analytics
 * charts: ChartDef.additive in catalog.ts); everything else gets no Total, and the table's note says why.
 */
import type { EndpointId } from './ids';

export const PORTFOLIO = {
  /** The first column: the connection's name. */
  appColumn: { key: 'app', label: 'App' },
  /** The App cell of the rows that sum the apps. */
  totalLabel: 'Total',
  /** What an endpoint's values are, when they are not summed across apps ("… do not add up"). Analytics: per chart (ChartDef.additive). */
  noTotal: {
    analytics: 'averages per user',
    cohort: "cohort values (each app's own cohorts, often as % of the cohort)",
    conversion: 'conversion rates',
    funnel: "funnel steps (each app's own funnel, often as % of it)",
    ltv: 'lifetime values (averages per user)',
    retention: 'retention rates',
    placements: "placement figures (each app's own paywalls)",
  } satisfies Record<EndpointId, string>,
} as const;
