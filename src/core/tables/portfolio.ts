/**
 * A portfolio's tables stacked (issue 15): each app's rows under an App first column, the columns the
 * union of the apps' (by key, first seen first), then — where the values add up — one Total row per
 * distinct row label (period, segment, …): the sum of the apps' numbers. Pure.
 */
import { PORTFOLIO } from '../../catalog/portfolio';
import type { Cell, Column, ColumnKind, Table } from '../table';

export interface AppTable {
  app: string;
  table: Table;
}

/** How a failed app's one row starts (Merge drops an old one: the next run says again if it still fails). */
export const FAILED_ROW_PREFIX = '⚠ Not included: ';

/** Kinds whose values are summed; a percentage (percent_points) never is. */
const SUMMED: ReadonlySet<ColumnKind> = new Set<ColumnKind>(['integer', 'number', 'usd']);

/**
 * `noTotal`: why there is no Total row (the note says so); absent = a Total row per row label, marked
 * `total` in the Row column. `omitTotals` (totals=none): no Total rows and no note about them.
 */
export function stackApps(
  parts: AppTable[],
  noTotal?: string,
  omitTotals = false,
  totalsLast = false,
  /** Apps whose report failed: one row each saying why, after the apps that answered; never in a Total. */
  failed: ReadonlyArray<{ app: string; why: string }> = [],
): Table {
  const columns: Column[] = [{ ...PORTFOLIO.appColumn, kind: 'text' }];
  const at = new Map<string, number>();
  for (const { table } of parts)
    for (const c of table.columns)
      if (!at.has(c.key)) {
        at.set(c.key, columns.length);
        columns.push(c);
      }
  const rows: Cell[][] = [];
  for (const { app, table } of parts) {
    const where = table.columns.map((c) => at.get(c.key)!);
    for (const r of table.rows) {
      const row = new Array<Cell>(columns.length).fill(null);
      row[0] = app;
      r.forEach((v, i) => (row[where[i]] = v));
      rows.push(row);
    }
  }
  const notes: string[] = [];
  for (const { app, table } of parts) for (const n of table.notes ?? []) notes.push(`${app}: ${n}`);
  const sums = omitTotals || noTotal ? [] : totals(columns, rows);
  if (failed.length && columns.length < 2) columns.push({ key: 'failed', label: 'Failed', kind: 'text' });
  for (const f of failed) {
    const row = new Array<Cell>(columns.length).fill(null);
    row[0] = f.app;
    row[1] = FAILED_ROW_PREFIX + f.why;
    rows.push(row);
  }
  if (omitTotals) return { columns, rows, notes };
  rows.push(...sums);
  // totals=separate: every app's segment rows, then all the total rows.
  const rowAt = columns.findIndex((c) => c.key === 'row');
  if (totalsLast && rowAt >= 0) rows.sort((x, y) => +(x[rowAt] === 'total') - +(y[rowAt] === 'total'));
  notes.push(
    totalsNote(
      parts.map((p) => p.app),
      noTotal,
      failed.map((f) => f.app),
    ),
  );
  return { columns, rows, notes };
}

/** What the block's note says about the Total rows (or why there are none). */
export function totalsNote(apps: string[], noTotal?: string, failed: string[] = []): string {
  const names = apps.join(', ');
  const left = failed.length ? ` Left out, as their reports failed (see their rows): ${failed.join(', ')}.` : '';
  return (
    (noTotal
      ? `No ${PORTFOLIO.totalLabel} across apps (${names}): ${noTotal} do not add up.`
      : `${PORTFOLIO.totalLabel} rows: the sum of the apps' values (${names}) per row.`) + left
  );
}

function totals(columns: Column[], rows: Cell[][]): Cell[][] {
  const summed = columns.map((c, i) => i > 0 && SUMMED.has(c.kind));
  const groups = new Map<string, Cell[]>();
  for (const r of rows) {
    const label = JSON.stringify(r.map((v, i) => (i === 0 || summed[i] ? 0 : v)));
    let t = groups.get(label);
    if (!t) {
      t = r.map((v, i) => (i === 0 ? PORTFOLIO.totalLabel : summed[i] ? null : v));
      groups.set(label, t);
    }
    r.forEach((v, i) => {
      if (summed[i] && typeof v === 'number') t[i] = round((typeof t[i] === 'number' ? t[i] : 0) + v);
    });
  }
  // The apps' sum adds up other rows: a SUMIF over Row = segment must not count it again.
  const rowAt = columns.findIndex((c) => c.key === 'row');
  const out = [...groups.values()];
  if (rowAt >= 0) for (const t of out) t[rowAt] = 'total';
  return out;
}

/** Sums of cents without binary noise (0.1 + 0.2). */
const round = (x: number) => Math.round(x * 1e9) / 1e9;
