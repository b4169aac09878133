/**
 * The table as the sheet gets it (issue 11 §2). The Row column and the `totals` option
 * (src/catalog/options.ts › TOTALS_MODES): a row is `total` when it adds up other rows of the table — the
 * Total segment's rows when the report is segmented (the Total cohort), and the range summaries (empty
 * Period) — and `segment` otherwise, so the `segment` rows never overlap and their SUM is the total. One
 * column per fact: the raw key only where it differs from the title, no cohort title. Pure.
 */
import type { EndpointId } from '../../catalog/ids';
import type { TotalsMode } from '../../catalog/options';
import type { Cell, Table } from '../table';

const at = (t: Table, key: string) => t.columns.findIndex((c) => c.key === key);
const empty = (v: Cell) => v === null || v === '';
const low = (v: Cell) =>
  String(v ?? '')
    .trim()
    .toLowerCase();
/** The table without column `i` (unchanged when there is none). */
const without = (t: Table, i: number): Table =>
  i < 0
    ? t
    : {
        ...t,
        columns: t.columns.filter((_, j) => j !== i),
        rows: t.rows.map((r) => r.filter((_, j) => j !== i)),
      };

export function applyTotals(table: Table, endpoint: EndpointId, mode: TotalsMode = 'include'): Table {
  const cohort = endpoint === 'cohort';
  const k = at(table, cohort ? 'type' : 'segment_key');
  if (k < 0) return table;
  // A cohort without periods keeps one row with an empty Period: only elsewhere is that a summary.
  const p = cohort ? -1 : at(table, 'period');
  const isTotal = (r: Cell[]) => low(r[k]) === 'total';
  const summary = (r: Cell[]) => p >= 0 && empty(r[p]);
  const segmented = table.rows.some((r) => !summary(r) && !isTotal(r));
  // A cohort's type is documented as total | single: Row says that, in place of its column.
  const drop = cohort ? 1 : 0;
  const s = cohort ? k : at(table, 'segment');
  const i = s < 0 ? k : s;
  const columns = [...table.columns];
  columns.splice(i, drop, { key: 'row', label: 'Row', kind: 'text' });
  const rows = table.rows.map((r) => {
    const out = [...r];
    out.splice(i, drop, summary(r) || (segmented && isTotal(r)) ? 'total' : 'segment');
    return out;
  });
  const segs = rows.filter((r) => r[i] === 'segment');
  // Left out only where something is left: a table of totals alone (a summary-only answer) keeps them.
  if (mode === 'separate') rows.sort((x, y) => +(x[i] === 'total') - +(y[i] === 'total'));
  return { ...table, columns, rows: mode === 'none' && segs.length ? segs : rows };
}

/** The raw segment key, headed "Key", only where some key says more than its title (`us`, "United States"). */
export function dropRepeatedKey(table: Table): Table {
  const k = at(table, 'segment_key');
  const t = at(table, 'segment');
  if (k < 0 || t < 0) return table;
  if (table.rows.every((r) => low(r[k]) === low(r[t]))) return without(table, k);
  return { ...table, columns: table.columns.map((c, i) => (i === k ? { ...c, label: 'Key' } : c)) };
}

/**
 * LTV and retention: a segment's cohort size (Adapty gives it once per segment, on its summary row) on
 * each of the segment's period rows too, so it survives totals=none and sits beside the values it sizes.
 * In place: the table is the normaliser's own.
 */
export function spreadCohortSize(table: Table): Table {
  const [c, k, p] = ['cohort_size', 'segment_key', 'period'].map((x) => at(table, x));
  if (c < 0 || k < 0 || p < 0) return table;
  const size = new Map<Cell, Cell>();
  for (const r of table.rows) if (empty(r[p]) && !empty(r[c])) size.set(r[k], r[c]);
  for (const r of table.rows) if (empty(r[c])) r[c] = size.get(r[k]) ?? null;
  return table;
}

/** Cohorts: the Cohort date says which cohort a row is; its title ("April 2024", "Total") only repeats it or Row. */
export const dropCohortTitle = (table: Table): Table =>
  at(table, 'row') < 0 ? table : without(table, at(table, 'title'));

/** Funnels: steps by the names Adapty gives them ("Install", "Trial"), the step code (−2…5) only where one has none. */
export function dropStepCode(table: Table): Table {
  const n = at(table, 'step');
  return n < 0 || table.rows.some((r) => empty(r[n])) ? table : without(table, at(table, 'step_period'));
}
