/**
 * The custom functions' own options (beyond the API's parameters and filters): their keys and help.
 * src/core/options.ts parses them; the formula help lists them.
 */

/** The longest a cached answer may be kept: 6 hours, the Apps Script cache limit. */
export const MAX_CACHE_SECONDS = 21600;

export interface AddonOptionDef {
  key: string;
  help: string;
}

/**
 * Where a long table's total rows go. Every such table has a `Row` column: `total` for a row that adds up
 * other rows of the table (the Total segment's rows when the report is segmented, the range summaries with
 * an empty Period), `segment` for the rest, which never overlap. The first is the default.
 */
export const TOTALS_MODES = [
  {
    id: 'include',
    label: 'With the segments (total first)',
    help: 'Each period’s total row comes first, then its segments; range summaries last. SUMIF over Row = segment never counts twice.',
  },
  {
    id: 'separate',
    label: 'Below the segments',
    help: 'All segment rows first, then every total row in a section at the end of the same block.',
  },
  {
    id: 'none',
    label: 'Left out',
    help: 'Only the segment rows: a SUM over any column counts each one once.',
  },
] as const;

export type TotalsMode = (typeof TOTALS_MODES)[number]['id'];

export const ADDON_OPTIONS = [
  {
    key: 'app',
    help: 'Which connection (app) to ask: its name, several names separated by commas, or all (default: the default connection)',
  },
  { key: 'compare', help: 'Compare period: previous_period, previous_year, or from..to' },
  { key: 'headers', help: 'true (default) or false: include the header row' },
  { key: 'layout', help: 'The table layout where an endpoint has more than one' },
  {
    key: 'totals',
    help: `Where a long table's total rows go: ${TOTALS_MODES.map((m) => m.id).join(', ')} (default include); its Row column says total or segment`,
  },
  { key: 'measure', help: 'revenue, proceeds or net_revenue where a table shows one money series' },
  {
    key: 'cache',
    help: `Seconds to keep the answer cached (0 = always fetch; default 3600, at most ${MAX_CACHE_SECONDS})`,
  },
  { key: 'format', help: 'json (typed table, default) or csv (Adapty’s own rendering)' },
  {
    key: 'strict',
    help: 'true (default): a filtered report that matched nothing shows a message instead of zeros; false: show the zeros',
  },
] as const satisfies readonly AddonOptionDef[];
