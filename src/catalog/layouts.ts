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
  /**
   * The layout has one row per calendar period and segment, so Merge can keep its history: the column keys
   * of the period and of the rest of a row's identity (a key absent from a table is left out). Layouts
   * without it are refused in Merge mode, with `mergeNo` saying why.
   */
  merge?: { period: string; by: readonly string[] };
  mergeNo?: string;
  /** Rows of segments and their totals: the table has a Row column and takes the `totals` option. */
  totals?: true;
  /** The looks its chart can take (the sidebar's Chart style); the first is the default. */
  chartStyles?: readonly ChartStyleDef[];
}

/** A chart type (its id), or a colour scale: the gradient's colours, lowest value first (Sheets' own palette). */
export interface ChartStyleDef {
  id: string;
  label: string;
  scale?: readonly string[];
}

/**
 * A row's identity besides its period: the segment (its title; its raw key too where the table has a Key
 * column, src/core/merge.ts) and, when the table has one, the app.
 */
const ROW_ID = ['segment', 'segment_key', 'app'] as const;

const COHORT_NO =
  'its rows are install cohorts whose later periods Adapty keeps filling in, not one row per period and segment';
const FUNNEL_NO =
  'its step figures (users, drop-off, %) are totals over the whole range, not one row per period and segment';
const RELATIVE_NO = 'its periods count from each cohort’s start, not calendar periods';

export const LAYOUTS: Record<EndpointId, readonly LayoutDef[]> = {
  analytics: [
    {
      id: 'long',
      totals: true,
      label: 'Long: period × segment',
      help: 'One row per period and segment; each series (revenue, proceeds, net revenue, or the chart’s single value) is a column. Rows with an empty period hold the range totals and compare values. Every number of the answer is in it.',
      merge: { period: 'period', by: ROW_ID },
    },
    {
      id: 'wide',
      label: 'Wide: one column per segment',
      help: 'One row per period, one column per segment (Total first), for one series (option measure, default revenue). The last row, with an empty period, holds each segment’s range total.',
      merge: { period: 'period', by: ['app'] },
    },
  ],
  cohort: [
    {
      id: 'triangle',
      totals: true,
      label: 'Triangle',
      help: 'One row per install cohort, one column per period (or renewal day), showing value_field for accounting_type (or measure); relative values when value_type=relative. Cohort installs, paid subscribers and total come first.',
      mergeNo: COHORT_NO,
      chartStyles: [
        { id: 'green', label: 'Green scale', scale: ['#ffffff', '#57bb8a'] },
        { id: 'red_green', label: 'Red (low) to green', scale: ['#e67c73', '#ffd666', '#57bb8a'] },
      ],
    },
    {
      id: 'long',
      totals: true,
      label: 'Long: cohort × period',
      help: 'One row per cohort and period with every field Adapty returns (installs, revenue, proceeds, net revenue, ARPU…, relative values), cohort totals repeated on each row. Every number of the answer is in it.',
      mergeNo: COHORT_NO,
    },
  ],
  conversion: [
    {
      id: 'table',
      totals: true,
      label: 'Table',
      help: 'One row per period and segment: conversion %, users at the start and end step. Rows with an empty period hold the range totals and compare values.',
      merge: { period: 'period', by: ROW_ID },
    },
  ],
  funnel: [
    {
      id: 'steps',
      totals: true,
      label: 'Steps',
      help: 'One row per segment and funnel step: users, % of the first step, % of the previous step, drop-off, churn reasons, then one column per period.',
      mergeNo: FUNNEL_NO,
      chartStyles: [
        { id: 'column', label: 'Column chart' },
        { id: 'bar', label: 'Bar chart' },
        { id: 'line', label: 'Line chart' },
      ],
    },
    {
      id: 'long',
      totals: true,
      label: 'Long: step × period',
      help: 'One row per segment, step and period with the users reaching the step; rows with an empty period hold each step’s totals, drop-off and churn reasons.',
      mergeNo: FUNNEL_NO,
    },
  ],
  ltv: [
    {
      id: 'table',
      totals: true,
      label: 'Table',
      help: 'One row per segment and period; LTV by revenue, proceeds and net revenue as columns. Rows with an empty period hold each segment’s cohort size and total LTV.',
      mergeNo: RELATIVE_NO,
    },
  ],
  retention: [
    {
      id: 'table',
      totals: true,
      label: 'Table',
      help: 'One row per segment and subscription period: subscribers and % retained. Rows with an empty period hold each segment’s cohort size.',
      mergeNo: RELATIVE_NO,
    },
  ],
  placements: [
    {
      id: 'table',
      label: 'Table',
      help: 'One row per placement × audience: placement, audience, segment, A/B tests and the paywall or onboarding shown.',
      mergeNo: 'it has no periods',
    },
  ],
};

/** The chart styles of an endpoint id's layout (absent: its default layout); none for an unknown one. */
export function chartStylesFor(endpoint: string, layout?: string): readonly ChartStyleDef[] {
  const all = Object.prototype.hasOwnProperty.call(LAYOUTS, endpoint) ? LAYOUTS[endpoint as EndpointId] : [];
  return all.find((l) => l.id === (layout || all[0]?.id))?.chartStyles ?? [];
}
