/**
 * The single registry of table layouts: the tables, the request builder, the sidebar, the custom
 * functions' `layout` option and the README all read it. The first layout of each endpoint is its
 * default. src/core/tables/LAYOUTS.md shows an example of each.
 */
import type { EndpointId } from './ids';

export interface LayoutDef {
  id: string;
  label: string;
  help: string;
}

export const LAYOUTS: Record<EndpointId, readonly LayoutDef[]> = {
  analytics: [
    {
      id: 'long',
      label: 'Long: period × segment',
      help: 'One row per period and segment; each series (revenue, proceeds, net revenue, or the chart’s single value) is a column. Rows with an empty period hold the range totals and compare values. Every number of the answer is in it.',
    },
    {
      id: 'wide',
      label: 'Wide: one column per segment',
      help: 'One row per period, one column per segment (Total first), for one series (option measure, default revenue). The last row, with an empty period, holds each segment’s range total.',
    },
  ],
  cohort: [
    {
      id: 'triangle',
      label: 'Triangle',
      help: 'One row per install cohort, one column per period (or renewal day), showing value_field for accounting_type (or measure); relative values when value_type=relative. Cohort installs, paid subscribers and total come first.',
    },
    {
      id: 'long',
      label: 'Long: cohort × period',
      help: 'One row per cohort and period with every field Adapty returns (installs, revenue, proceeds, net revenue, ARPU…, relative values), cohort totals repeated on each row. Every number of the answer is in it.',
    },
  ],
  conversion: [
    {
      id: 'table',
      label: 'Table',
      help: 'One row per period and segment: conversion %, users at the start and end step. Rows with an empty period hold the range totals and compare values.',
    },
  ],
  funnel: [
    {
      id: 'steps',
      label: 'Steps',
      help: 'One row per segment and funnel step: users, % of the first step, % of the previous step, drop-off, churn reasons, then one column per period.',
    },
    {
      id: 'long',
      label: 'Long: step × period',
      help: 'One row per segment, step and period with the users reaching the step; rows with an empty period hold each step’s totals, drop-off and churn reasons.',
    },
  ],
  ltv: [
    {
      id: 'table',
      label: 'Table',
      help: 'One row per segment and period; LTV by revenue, proceeds and net revenue as columns. Rows with an empty period hold each segment’s cohort size and total LTV.',
    },
  ],
  retention: [
    {
      id: 'table',
      label: 'Table',
      help: 'One row per segment and subscription period: subscribers and % retained. Rows with an empty period hold each segment’s cohort size.',
    },
  ],
  placements: [
    {
      id: 'table',
      label: 'Table',
      help: 'One row per placement × audience: placement, audience, segment, A/B tests and the paywall or onboarding shown.',
    },
  ],
};
