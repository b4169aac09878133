/**
 * Which periods of a dated report are not final yet: the `Period status` column of the tables with a
 * date per row, and a note on each dated header of the funnel's `steps` layout. Computed from today (in
 * the spreadsheet's zone) after the cache, so a cached table never keeps yesterday's "incomplete".
 * Pure; periods are local calendar dates, so a DST change inside a week changes nothing.
 */
import {
  endOfMonth,
  endOfQuarter,
  endOfYear,
  isLocalDate,
  startOfMonth,
  startOfQuarter,
  startOfWeek,
  startOfYear,
  addDays,
  type LocalDate,
} from '../dates/calendar';
import type { EndpointId } from '../../catalog/ids';
import type { Cell, Table } from '../table';

/**
 * The words in the Period status column (LAYOUTS.md): `complete` — over and wholly inside the range;
 * `incomplete` — not over yet (it holds today, or lies ahead), its numbers will still change; `partial` —
 * it starts before the range (or ends after it), so only the part inside the range is counted.
 */
export type PeriodStatus = 'complete' | 'incomplete' | 'partial';

/** Endpoints whose periods are calendar periods (cohort, LTV and retention periods count from a start). */
const DATED: readonly EndpointId[] = ['analytics', 'conversion', 'funnel'];

export interface PeriodContext {
  endpoint: EndpointId;
  /** The range asked for. */
  range: readonly [LocalDate, LocalDate] | null;
  /** period_unit: day, week, month, quarter or year. */
  unit: string;
  /** Today in the spreadsheet's zone. */
  today: LocalDate;
}

/** The calendar period holding `date` (weeks start on Monday: assumptions.ts › weeksStartOnMonday). */
export function periodBounds(date: LocalDate, unit: string): [LocalDate, LocalDate] {
  switch (unit) {
    case 'day':
      return [date, date];
    case 'week': {
      const s = startOfWeek(date);
      return [s, addDays(s, 6)];
    }
    case 'quarter':
      return [startOfQuarter(date), endOfQuarter(date)];
    case 'year':
      return [startOfYear(date), endOfYear(date)];
    default:
      return [startOfMonth(date), endOfMonth(date)];
  }
}

/** A period's status: not over yet beats partly outside the range (the current period is what changes). */
export function periodStatus(date: LocalDate, ctx: Omit<PeriodContext, 'endpoint'>): PeriodStatus {
  const [start, end] = periodBounds(date, ctx.unit);
  if (end >= ctx.today) return 'incomplete';
  // Local dates are YYYY-MM-DD: text order is date order.
  return ctx.range && (start < ctx.range[0] || end > ctx.range[1]) ? 'partial' : 'complete';
}

const at = (table: Table, key: string) => table.columns.findIndex((c) => c.key === key);

/**
 * The Period status column's position, inserted (empty) after Period and Compare period where the
 * endpoint's rows have calendar dates; -1 where they do not. finishTable inserts it before the cache, so
 * marking a cached table only fills it in.
 */
export function statusColumn(table: Table, endpoint: EndpointId): number {
  const p = at(table, 'period');
  if (!DATED.includes(endpoint) || p < 0 || table.columns[p].kind !== 'date') return -1;
  let s = at(table, 'period_status');
  if (s < 0) {
    s = Math.max(p, at(table, 'period@compare')) + 1;
    table.columns.splice(s, 0, { key: 'period_status', label: 'Period status', kind: 'text' });
    for (const row of table.rows) row.splice(s, 0, null);
  }
  return s;
}

/**
 * The table with its periods marked, in place: each dated row's Period status (summary rows, with an
 * empty Period, stay empty); without a Period column, the funnel's dated headers get a note unless complete.
 */
export function markPeriods(table: Table, ctx: PeriodContext): Table {
  if (!DATED.includes(ctx.endpoint)) return table;
  const s = statusColumn(table, ctx.endpoint);
  if (s >= 0) {
    const p = at(table, 'period');
    // One status per date (a big table repeats each date once per segment); null: not a date.
    const memo = new Map<Cell, PeriodStatus | null>();
    for (const row of table.rows) {
      const d = row[p];
      let v = memo.get(d);
      if (v === undefined) memo.set(d, (v = typeof d === 'string' && isLocalDate(d) ? periodStatus(d, ctx) : null));
      row[s] = v;
    }
    return table;
  }
  for (const c of table.columns) {
    // The compare range's own dates are not this range's periods.
    if (!c.dateHeader || c.key.endsWith('@compare') || !isLocalDate(c.label)) continue;
    const status = periodStatus(c.label, ctx);
    c.note = status === 'complete' ? undefined : headerNote(status, c.label, ctx.unit);
  }
  return table;
}

function headerNote(status: PeriodStatus, date: LocalDate, unit: string): string {
  return `Period status: ${status} (${periodBounds(date, unit).join(' – ')})`;
}
