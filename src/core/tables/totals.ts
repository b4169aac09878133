/**
 * The Row column and the `totals` option (src/catalog/options.ts › TOTALS_MODES): a long table marks each
 * row `total` when it adds up other rows of the table — the Total segment's rows when the report is
 * segmented (the Total cohort), and the range summaries (empty Period) — and `segment` otherwise, so the
 * `segment` rows never overlap and their SUM is the total. Pure: a table in, a table out.
 */
import type { EndpointId } from '../../catalog/ids';
import type { TotalsMode } from '../../catalog/options';
import type { Cell, Table } from '../table';

const at = (t: Table, key: string) => t.columns.findIndex((c) => c.key === key);
const empty = (v: Cell) => v === null || v === '';

export function applyTotals(table: Table, endpoint: EndpointId, mode: TotalsMode = 'include'): Table {
  const cohort = endpoint === 'cohort';
  const k = at(table, cohort ? 'type' : 'segment_key');
  if (k < 0) return table;
  // A cohort without periods keeps one row with an empty Period: only elsewhere is that a summary.
  const p = cohort ? -1 : at(table, 'period');
  const isTotal = (r: Cell[]) => String(r[k]).toLowerCase() === 'total';
  const summary = (r: Cell[]) => p >= 0 && empty(r[p]);
  const segmented = table.rows.some((r) => !summary(r) && !isTotal(r));
  // A cohort's own type (total / single) is what Row says: its column goes unless it says more.
  const drop = cohort && table.rows.every((r) => empty(r[k]) || /^(total|single)$/.test(String(r[k]))) ? 1 : 0;
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
  const order =
    mode === 'separate'
      ? [...segs, ...rows.filter((r) => r[i] === 'total')]
      : mode === 'none' && segs.length
        ? segs
        : rows;
  return { ...table, columns, rows: order };
}

/**
 * One column per fact: the raw segment key is kept, headed "Key", only where it says more than the
 * segment's title (`us` beside "United States"); a key that repeats its title (`total` beside "Total", a
 * campaign named by itself) gives its column up.
 */
export function dropRepeatedKey(table: Table): Table {
  const k = at(table, 'segment_key');
  const t = at(table, 'segment');
  if (k < 0 || t < 0) return table;
  const norm = (v: Cell) =>
    String(v ?? '')
      .trim()
      .toLowerCase();
  if (table.rows.some((r) => norm(r[k]) !== norm(r[t])))
    return { ...table, columns: table.columns.map((c, i) => (i === k ? { ...c, label: 'Key' } : c)) };
  const keep = (_: unknown, i: number) => i !== k;
  return { ...table, columns: table.columns.filter(keep), rows: table.rows.map((r) => r.filter(keep)) };
}

/**
 * LTV and retention: a segment's cohort size (Adapty gives it once per segment, on its summary row) on
 * each of the segment's period rows too, so it survives totals=none and sits beside the values it sizes.
 */
export function spreadCohortSize(table: Table): Table {
  const c = at(table, 'cohort_size');
  const k = at(table, 'segment_key');
  const p = at(table, 'period');
  if (c < 0 || k < 0 || p < 0) return table;
  const size = new Map<Cell, Cell>();
  for (const r of table.rows) if (empty(r[p]) && !empty(r[c])) size.set(r[k], r[c]);
  const rows = table.rows.map((r) =>
    empty(r[c]) && size.has(r[k]) ? r.map((v, i) => (i === c ? size.get(r[k])! : v)) : r,
  );
  return { ...table, rows };
}

/** Cohorts: the Cohort date says which cohort a row is; its title ("April 2024", "Total") only repeats it or Row. */
export function dropCohortTitle(table: Table): Table {
  const t = at(table, 'title');
  if (t < 0 || at(table, 'row') < 0) return table;
  const keep = (_: unknown, i: number) => i !== t;
  return { ...table, columns: table.columns.filter(keep), rows: table.rows.map((r) => r.filter(keep)) };
}
