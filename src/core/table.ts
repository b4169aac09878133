/** A report as the sheet sees it: typed columns, then rows. Pure data, no Apps Script. */

/** `date` cells hold local calendar dates as `YYYY-MM-DD` strings; adapters turn them into sheet dates. */
export type Cell = string | number | boolean | null;

/**
 * How a column is typed and formatted.
 * - `usd`: money in US dollars as the API gives it.
 * - `percent_points`: a percentage as the API gives it (0.84 means 0.84 %), formatted with a literal `%`
 *   so the number itself is never rescaled.
 * - `date`: a local calendar date `YYYY-MM-DD`; `datetime`: an ISO timestamp string.
 */
export type ColumnKind = 'text' | 'date' | 'datetime' | 'integer' | 'number' | 'usd' | 'percent_points' | 'boolean';

export interface Column {
  /** Stable machine key (e.g. `revenue`, `period_3`, `segment`). */
  key: string;
  /** Header text shown in the sheet. */
  label: string;
  kind: ColumnKind;
  /** The header is a period's date (`YYYY-MM-DD` label): written as a date, not text (funnel `steps`). */
  dateHeader?: boolean;
  /** A note on the header cell (a dated header's period status). */
  note?: string;
}

export interface Table {
  columns: Column[];
  rows: Cell[][];
  /** Free-form notes the normaliser wants the user to see (e.g. "unknown fields flattened"). */
  notes?: string[];
}

/**
 * Identity columns: which row it is (segment, period number, step, cohort…), never a measured value, even
 * when numeric (LTV's and retention's period 1, 2, 3; the funnel's step code).
 */
export const KEY_COLUMNS: ReadonlySet<string> = new Set([
  'segment',
  'type',
  'step_period',
  'step',
  'period',
  'day',
  'cohort',
  'row',
]);
