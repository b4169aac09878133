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
 * The table with its periods marked: a Period status column after Period (and Compare period) where
 * each row has a date; the funnel's dated headers get a note unless complete. In place, and again
 * on a table already marked (its old status is replaced). Summary rows (empty Period) stay unmarked.
 */
export function markPeriods(table: Table, ctx: PeriodContext): Table {
  if (!DATED.includes(ctx.endpoint)) return table;
  const p = at(table, 'period');
  if (p >= 0 && table.columns[p].kind === 'date') {
    let s = at(table, 'period_status');
    const fresh = s < 0;
    if (fresh) {
      s = Math.max(p, at(table, 'period@compare')) + 1;
      table.columns.splice(s, 0, { key: 'period_status', label: 'Period status', kind: 'text' });
    }
    const memo = new Map<string, PeriodStatus>();
    for (const row of table.rows) {
      const d = row[p];
      let v: Cell = null;
      if (typeof d === 'string' && isLocalDate(d)) {
        let st = memo.get(d);
        if (st === undefined) memo.set(d, (st = periodStatus(d, ctx)));
        v = st;
      }
      if (fresh) row.splice(s, 0, v);
      else row[s] = v;
    }
    return table;
  }
  for (const c of table.columns) {
    // The compare range's own dates are not this range's periods.
    if (!c.dateHeader || c.key.endsWith('@compare') || !isLocalDate(c.label)) continue;
    const status = periodStatus(c.label, ctx);
    c.note = status === 'complete' ? undefined : headerNote(status, c.label, ctx);
  }
  return table;
}

function headerNote(status: PeriodStatus, date: LocalDate, ctx: PeriodContext): string {
  const [start, end] = periodBounds(date, ctx.unit);
  return `Period status: ${status} (${start} – ${end}; ${status === 'incomplete' ? `not over on ${ctx.today}` : `range ${ctx.range?.join(' – ')}`}).`;
}
