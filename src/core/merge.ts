/**
 * Merge write mode, as pure data: which layouts it works for (the catalog's `LayoutDef.merge`), the
 * refresh window a merged block asks for, and how the rows already in the block and a fresh answer become
 * one table — keyed by period + segment (+ app), the fresh rows replacing every row of the periods they
 * cover, older rows kept, sorted by period, no key twice.
 */
import { endpointById, type EndpointId } from '../catalog/catalog';
import { LAYOUTS } from '../catalog/layouts';
import { MERGE_WINDOW } from '../catalog/writeModes';
import { addDays, compareDates, isLocalDate, type LocalDate } from './dates/calendar';
import { AdaptyError, ValidationError } from './errors';
import type { Cell, Column, ColumnKind, Table } from './table';
import { bucketStart, periodAt, periodPosition, rangeLabel, type CompareJoin, type Range } from './tables/compare';
import { FAILED_ROW_PREFIX } from './tables/portfolio';

export interface MergeRule {
  period: string;
  by: readonly string[];
}

/** The layout's merge key, or the one message saying why Merge does not work for it (field `mode`). */
export function mergeRule(endpoint: EndpointId, layout: string | undefined): MergeRule {
  const def = LAYOUTS[endpoint].find((l) => l.id === layout) ?? LAYOUTS[endpoint][0];
  if (def.merge) return def.merge;
  const others = LAYOUTS[endpoint].filter((l) => l.merge).map((l) => `the ${l.label.split(':')[0]} layout`);
  throw new ValidationError(
    'mode',
    `Write mode Merge does not work for the ${endpointById(endpoint).label} report's ${def.label.split(':')[0]} layout: ${def.mergeNo ?? 'it has no row per period and segment'}. Choose Replace or Append below${others.length ? `, or ${others.join(' or ')}` : ''}.`,
  );
}

/**
 * The part of `range` a refresh of a merged block asks for: its last `days` days, the start moved back to
 * the start of its period (a part of a month would come back as a smaller month and replace the whole one).
 * Weeks start on Monday (src/catalog/assumptions.ts › weeksStartOnMonday).
 */
export function mergeWindow(
  range: readonly [LocalDate, LocalDate],
  periodUnit: unknown,
  days: number = MERGE_WINDOW.default,
): [LocalDate, LocalDate] {
  const start = bucketStart(
    addDays(range[1], -(Math.max(1, Math.floor(days)) - 1)),
    typeof periodUnit === 'string' ? periodUnit : 'month',
  );
  return [compareDates(start, range[0]) < 0 ? range[0] : start, range[1]];
}

/**
 * A merged window's compare range: the part of the whole range's compare range its rows pair with (the
 * same offset as a run of the whole range), not the window's own previous period. Null: no part left.
 */
export function compareWindow(j: CompareJoin, windowStart: LocalDate): Range | null {
  const pos = periodPosition(windowStart, j.range, j.periodUnit);
  if (pos <= 0) return j.compareRange;
  const start = periodAt(pos, j.compareRange, j.periodUnit);
  return start ? [start, j.compareRange[1]] : null;
}

/**
 * A merged block's rows come from many refreshes, so its headers name the comparison ("Revenue",
 * "Revenue, previous period") instead of one refresh's ranges; the Compare period column says which
 * period each row is compared with.
 */
export function compareRoleLabels(t: Table, j: CompareJoin, name: string): Table {
  const a = `, ${rangeLabel(j.range)}`;
  const c = `, ${rangeLabel(j.compareRange)}`;
  // Each appears once, at the end of a label ("Revenue, Sep 29 – Nov 27 2026").
  const columns = t.columns.map((col) => ({ ...col, label: col.label.replace(a, '').replace(c, `, ${name}`) }));
  return { ...t, columns };
}

/** "Revenue, Sep 29 – Nov 27 2026" → "Revenue": a header a compared Replace run wrote. */
const RANGE_SUFFIX = /, [A-Z][a-z]{2} \d{1,2}( \d{4})?( – [A-Z][a-z]{2} \d{1,2} \d{4})?$/;

/** The rows already in the block, dates as `YYYY-MM-DD` (the adapter reads them back from the sheet). */
export interface BlockRows {
  /** The header row as shown, or null when the block was written without one. */
  header: string[] | null;
  rows: Cell[][];
}

export const MERGE_NOTE =
  'Merge keeps one row per period and segment; the summary rows (empty Period) are left out, as they total only the refreshed days.';

/**
 * The fresh table merged into the block's rows. `covered` is the date range the fresh answer was asked
 * for: every old row of a period in it is replaced (also a segment that is gone from the restated answer).
 * Columns are the fresh table's, then any old column the fresh one lacks (matched by header text).
 */
export function mergeRows(
  old: BlockRows,
  fresh: Table,
  rule: MergeRule,
  covered: readonly [LocalDate, LocalDate] | null,
  /** totals=separate: the total rows stay in their section below the segment rows. */
  totalsLast = false,
  /** The block has no header row: its columns are matched by position, so none is dropped. */
  headerless = false,
): Table {
  const columns: Column[] = [...fresh.columns];
  // Old column i → output column.
  let map: number[];
  if (old.header) {
    const byLabel = new Map<string, number>();
    columns.forEach((c, i) => {
      if (!byLabel.has(c.label)) byLabel.set(c.label, i);
    });
    const ofKey = (k: string) => columns.findIndex((c) => c.key === k);
    const ranged = new Set<number>();
    map = old.header.map((h, i) => {
      const label = String(h ?? '');
      let at = byLabel.get(label) ?? (label === 'Segment key' ? ofKey('segment_key') : -1);
      // A header naming a range (a compared run): the first with its base label is the value, the next its compare value.
      const v = byLabel.get(label.replace(RANGE_SUFFIX, ''));
      if (at < 0 && v !== undefined && RANGE_SUFFIX.test(label)) {
        at = ranged.has(v) ? ofKey(`${columns[v].key}@compare`) : v;
        ranged.add(v);
      }
      if (at >= 0) return at;
      columns.push({ key: `merged:${label || i}`, label, kind: kindOf(old.rows, i) });
      byLabel.set(label, columns.length - 1);
      return columns.length - 1;
    });
  } else {
    const width = old.rows[0]?.length ?? 0;
    // Written before the Period status column: the old rows are the fresh columns without it.
    const status = fresh.columns.findIndex((c) => c.key === 'period_status');
    if (old.rows.length > 0 && status >= 0 && width === fresh.columns.length - 1) {
      map = Array.from({ length: width }, (_, i) => (i < status ? i : i + 1));
    } else if (old.rows.length > 0 && width !== fresh.columns.length)
      throw new AdaptyError(
        'validation',
        `Merge cannot line up the ${old.rows.length} rows already in the block: they have ${width} columns and this answer ${fresh.columns.length}, and the block has no header row to match them by. Nothing was written. Turn the header row on and run once with Replace.`,
      );
    else map = fresh.columns.map((_, i) => i);
  }
  const idx = (key: string) => fresh.columns.findIndex((c) => c.key === key);
  const p = idx(rule.period);
  const keyCols = [p, ...rule.by.map(idx).filter((i) => i >= 0)];
  if (p < 0 && fresh.rows.length > 0)
    throw new AdaptyError('internal', `Merge found no ${rule.period} column in the answer's table.`);
  if (old.header && old.rows.length > 0 && p >= 0) {
    // The Key column comes and goes with the segments' titles (every merged layout has a Segment to match by).
    const missing = keyCols
      .filter((k) => !map.includes(k) && fresh.columns[k].key !== 'segment_key')
      .map((k) => fresh.columns[k].label);
    if (missing.length)
      throw new AdaptyError(
        'validation',
        `Merge cannot match the rows already in the block: its header has no ${missing.map((m) => `"${m}"`).join(' or ')} column (was the report's segmentation changed?). Nothing was written. Run it once with Replace to start its history again, or write it to a new sheet.`,
      );
  }
  const width = columns.length;
  const keyOf = (row: Cell[]) => JSON.stringify(keyCols.map((k) => row[k] ?? null));
  const isSummary = (row: Cell[]) => p >= 0 && (row[p] === null || row[p] === '' || row[p] === undefined);

  const out: Cell[][] = [];
  const seen = new Set<string>();
  let dropped = false;
  for (const r of fresh.rows) {
    if (isSummary(r)) {
      dropped = true;
      continue;
    }
    const k = keyOf(r);
    if (seen.has(k)) continue;
    seen.add(k);
    const row = new Array<Cell>(width).fill(null);
    for (let i = 0; i < r.length; i++) row[i] = r[i] ?? null;
    out.push(row);
  }
  for (const r of old.rows) {
    const row = new Array<Cell>(width).fill(null);
    map.forEach((to, from) => {
      const v = r[from];
      row[to] = v === '' || v === undefined ? null : v;
    });
    if (p < 0) {
      out.push(row);
      continue;
    }
    const period = row[p];
    if (typeof period === 'string' && period.startsWith(FAILED_ROW_PREFIX)) continue; // an old portfolio failure notice
    if (period === null) {
      dropped = true; // an old summary row
      continue;
    }
    if (covered && typeof period === 'string' && isLocalDate(period) && inRange(period, covered)) continue;
    const k = keyOf(row);
    if (seen.has(k)) continue;
    seen.add(k);
    out.push(row);
  }
  if (p >= 0) {
    // Stable: within a period the fresh rows keep their order (Total first), the old rows theirs.
    const rowAt = totalsLast ? columns.findIndex((c) => c.key === 'row') : -1;
    const order = out.map((row, i) => ({ row, i, period: String(row[p]), last: rowAt >= 0 && row[rowAt] === 'total' }));
    order.sort((a, b) =>
      a.last !== b.last ? (a.last ? 1 : -1) : a.period < b.period ? -1 : a.period > b.period ? 1 : a.i - b.i,
    );
    out.splice(0, out.length, ...order.map((o) => o.row));
  }
  const notes = [...(fresh.notes ?? [])];
  if (dropped) notes.push(MERGE_NOTE);
  const kept = headerless ? columns : columns.filter((_, i) => !summaryOnly(fresh, p, i, out));
  if (kept.length === columns.length) return { columns, rows: out, ...(notes.length ? { notes } : {}) };
  const at = kept.map((c) => columns.indexOf(c));
  const rows = out.map((row) => at.map((i) => row[i]));
  return { columns: kept, rows, ...(notes.length ? { notes } : {}) };
}

/**
 * A fresh column that only the summary rows fill (analytics' "comparison period, starting value", an
 * answer's top-level extras) and no merged row does: merge leaves the summary rows out, so it would stay
 * empty for good.
 */
function summaryOnly(fresh: Table, p: number, i: number, out: Cell[][]): boolean {
  if (p < 0 || i >= fresh.columns.length) return false;
  const filled = (v: Cell | undefined) => v !== null && v !== undefined && v !== '';
  let inSummary = false;
  for (const r of fresh.rows) {
    if (!filled(r[p])) inSummary ||= filled(r[i]);
    else if (filled(r[i])) return false;
  }
  return inSummary && !out.some((r) => filled(r[i]));
}

function inRange(d: LocalDate, r: readonly [LocalDate, LocalDate]): boolean {
  return compareDates(d, r[0]) >= 0 && compareDates(d, r[1]) <= 0;
}

/** The kind of an old column the fresh answer no longer has: dates stay dates, numbers numbers. */
function kindOf(rows: Cell[][], i: number): ColumnKind {
  let kind: ColumnKind | null = null;
  for (const r of rows) {
    const v = r[i];
    if (v === null || v === '' || v === undefined) continue;
    const k: ColumnKind =
      typeof v === 'number' ? 'number' : typeof v === 'boolean' ? 'boolean' : isLocalDate(v) ? 'date' : 'text';
    if (kind && kind !== k) return 'text';
    kind = k;
  }
  return kind ?? 'text';
}
