/**
 * The Row column and the `totals` option (src/catalog/options.ts › TOTALS_MODES): a long table marks each
 * row `total` when it adds up other rows of the table — the Total segment's rows when the report is
 * segmented (the Total cohort), and the range summaries (empty Period) — and `segment` otherwise, so the
 * `segment` rows never overlap and their SUM is the total. Pure: a table in, a table out.
 */
import type { EndpointId } from '../../catalog/ids';
import type { TotalsMode } from '../../catalog/options';
import type { Cell, Table } from '../table';
import { TOTAL_KEY } from './segments';

export const ROW_TOTAL = 'total';
export const ROW_SEGMENT = 'segment';

export function applyTotals(table: Table, endpoint: EndpointId, mode: TotalsMode = 'include'): Table {
  const at = (key: string) => table.columns.findIndex((c) => c.key === key);
  const cohort = endpoint === 'cohort';
  const keyAt = at(cohort ? 'type' : 'segment_key');
  if (keyAt < 0) return table;
  // A cohort without periods keeps one row with an empty Period: only elsewhere is that a summary.
  const periodAt = cohort ? -1 : at('period');
  const isSummary = (r: Cell[]) => periodAt >= 0 && (r[periodAt] === null || r[periodAt] === '');
  const isTotalKey = (r: Cell[]) => String(r[keyAt] ?? '').toLowerCase() === TOTAL_KEY;
  const segmented = table.rows.some((r) => !isSummary(r) && !isTotalKey(r));
  const total = table.rows.map((r) => isSummary(r) || (segmented && isTotalKey(r)));

  // A cohort's own type (total / single) is what Row says: it gives its column up unless it says more.
  const replaceType = cohort && table.rows.every((r) => r[keyAt] === null || /^(total|single)$/.test(String(r[keyAt])));
  const labelAt = cohort ? keyAt : at('segment');
  const insertAt = labelAt >= 0 ? labelAt : keyAt;
  const columns = [...table.columns];
  columns.splice(insertAt, replaceType ? 1 : 0, { key: 'row', label: 'Row', kind: 'text' });
  const withRow = (r: Cell[], i: number): Cell[] => {
    const out = [...r];
    out.splice(insertAt, replaceType ? 1 : 0, total[i] ? ROW_TOTAL : ROW_SEGMENT);
    return out;
  };
  let order = table.rows.map((_, i) => i);
  const segments = order.filter((i) => !total[i]);
  if (mode === 'separate') order = [...segments, ...order.filter((i) => total[i])];
  // Left out only where something is left: a table of totals alone (a summary-only answer) keeps them.
  else if (mode === 'none' && segments.length > 0) order = segments;
  return { ...table, columns, rows: order.map((i) => withRow(table.rows[i], i)) };
}

/**
 * One column per fact: the raw segment key is kept, headed "Key", only where it says more than the
 * segment's title (`us` beside "United States"); a key that repeats its title (`total` beside "Total", a
 * campaign named by itself) gives its column up.
 */
export function dropRepeatedKey(table: Table): Table {
  const k = table.columns.findIndex((c) => c.key === 'segment_key');
  const t = table.columns.findIndex((c) => c.key === 'segment');
  if (k < 0 || t < 0) return table;
  const same = (a: Cell, b: Cell) =>
    String(a ?? '')
      .trim()
      .toLowerCase() ===
    String(b ?? '')
      .trim()
      .toLowerCase();
  if (table.rows.some((r) => !same(r[k], r[t])))
    return { ...table, columns: table.columns.map((c, i) => (i === k ? { ...c, label: 'Key' } : c)) };
  return {
    ...table,
    columns: table.columns.filter((_, i) => i !== k),
    rows: table.rows.map((r) => r.filter((_, i) => i !== k)),
  };
}
