/**
 * A report beside its comparison. Adapty documents comparison output only as the analytics summary's
 * `compare_value_*`, so the add-on fetches the compare range as a second request (same filters, zone and
 * layout) and joins the two tables here, the way an analyst reads them:
 * - rows by their identity: a dated period (analytics, conversion, funnel long) or a cohort by its
 *   position in its range (week 1 with week 1; the weekday shift of daily previous_year is in the
 *   compare range itself), an integer period (LTV, retention, cohort long) or a funnel step by itself,
 *   and within each by segment key; summary rows (empty Period) with summary rows;
 * - columns by key; a funnel's dated columns by their position;
 * - `beside` (long layouts): after each value column its compare value, Δ and Δ %; `block` (wide and
 *   triangle): the table's value columns, then the same for the compare range, then Δ, then Δ %.
 * Δ = value − compare; Δ % = Δ / |compare| × 100 (empty when the compare value is 0 or either is empty).
 * A row or column only one range has is kept, the other side empty. Pure: tables in, a table out.
 */
import type { EndpointId } from '../../catalog/ids';
import {
  addDays,
  addMonths,
  diffDays,
  startOfMonth,
  startOfQuarter,
  startOfWeek,
  startOfYear,
  type LocalDate,
} from '../dates/calendar';
import { KEY_COLUMNS, type Cell, type Column, type ColumnKind, type Table } from '../table';

export type Range = readonly [LocalDate, LocalDate];

export interface CompareJoin {
  endpoint: EndpointId;
  layout: string;
  /** day, week, month, quarter or year (how the dated periods are bucketed). */
  periodUnit: string;
  range: Range;
  compareRange: Range;
}

/** The column holding a dated period or cohort, aligned by its position in the range. */
const POSITIONAL: Partial<Record<EndpointId, string>> = {
  analytics: 'period',
  conversion: 'period',
  funnel: 'period',
  cohort: 'cohort',
};
// KEY_COLUMNS (src/core/table.ts) are part of a row's key. A segment pairs by its title: its raw key is a
// column only where it differs from the title (src/core/tables/totals.ts), so one range may have it and the other not.
/** Identity columns that only label a row (they differ between ranges: "June 2026", "June 2025"). */
const LABEL_COLUMNS = new Set(['segment_key', 'title']);
const NUMERIC: ReadonlySet<ColumnKind> = new Set(['integer', 'number', 'usd', 'percent_points']);
const BLOCK_LAYOUTS = new Set(['analytics:wide', 'cohort:triangle']);
const DATED_COLUMN = /^period:(\d{4}-\d{2}-\d{2})(.*)$/;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** "Jan 1 – Mar 31 2025"; "Dec 1 2024 – Jan 31 2025" across years; "Mar 3 2025" for one day. */
export function rangeLabel([a, b]: Range): string {
  const part = (d: LocalDate) => `${MONTHS[Number(d.slice(5, 7)) - 1]} ${Number(d.slice(8, 10))}`;
  if (a === b) return `${part(a)} ${a.slice(0, 4)}`;
  const sameYear = a.slice(0, 4) === b.slice(0, 4);
  return `${part(a)}${sameYear ? '' : ' ' + a.slice(0, 4)} – ${part(b)} ${b.slice(0, 4)}`;
}

/** The start of the day, week (Monday), month, quarter or year holding `d`; any other unit is a month. */
export function bucketStart(d: LocalDate, unit: string): LocalDate {
  switch (unit) {
    case 'day':
      return d;
    case 'week':
      return startOfWeek(d);
    case 'quarter':
      return startOfQuarter(d);
    case 'year':
      return startOfYear(d);
    default:
      return startOfMonth(d);
  }
}

const monthIndex = (d: LocalDate) => Number(d.slice(0, 4)) * 12 + Number(d.slice(5, 7)) - 1;

/**
 * The period's position in its range: 0 for the period holding the range's first day (a week that
 * starts before the range included). Calendar arithmetic on local dates, so DST never shifts it.
 */
export function periodPosition(date: LocalDate, range: Range, unit: string): number {
  const first = bucketStart(range[0], unit);
  const d = bucketStart(date, unit);
  switch (unit) {
    case 'day':
      return diffDays(first, d);
    case 'week':
      return Math.round(diffDays(first, d) / 7);
    case 'quarter':
      return Math.round((monthIndex(d) - monthIndex(first)) / 3);
    case 'year':
      return Number(d.slice(0, 4)) - Number(first.slice(0, 4));
    default:
      return monthIndex(d) - monthIndex(first);
  }
}

/** The start of the period at `pos` in the range, or null past the range's end. */
export function periodAt(pos: number, range: Range, unit: string): LocalDate | null {
  const first = bucketStart(range[0], unit);
  const start =
    unit === 'day'
      ? addDays(first, pos)
      : unit === 'week'
        ? addDays(first, 7 * pos)
        : addMonths(first, pos * (unit === 'quarter' ? 3 : unit === 'year' ? 12 : 1));
  return pos < 0 || start > range[1] ? null : start;
}

interface Side {
  table: Table;
  range: Range;
  /** Row index by its key. */
  rows: Map<string, number>;
  keys: string[];
  /** Column index by its alignment key. */
  cols: Map<string, number>;
  /** Each row's period position (null: no dated period, or a summary row). */
  pos: Array<number | null>;
}

export function joinCompare(base: Table, cmp: Table, j: CompareJoin): Table {
  const positional = POSITIONAL[j.endpoint];
  const colKey = (c: Column, range: Range): string => {
    const m = DATED_COLUMN.exec(c.key);
    return m ? `period@${periodPosition(m[1], range, j.periodUnit)}${m[2]}` : c.key;
  };
  const side = (table: Table, range: Range): Side => {
    const cols = new Map<string, number>();
    table.columns.forEach((c, i) => cols.set(colKey(c, range), i));
    const keyIdx = table.columns.flatMap((c, i) => (KEY_COLUMNS.has(c.key) ? [i] : []));
    const rows = new Map<string, number>();
    const pi = positional === undefined ? -1 : table.columns.findIndex((c) => c.key === positional);
    const pos = table.rows.map((r) => {
      const v = pi < 0 ? null : r[pi];
      return typeof v === 'string' ? periodPosition(v, range, j.periodUnit) : null;
    });
    const keys = table.rows.map((r, ri) => {
      const parts = keyIdx.map((i) => {
        const v = r[i];
        if (i === pi && pos[ri] !== null) return `@${pos[ri]}`;
        return v === null ? '' : String(v);
      });
      // Rows without a key column (the wide layouts' periods) still pair by what they have.
      let k = JSON.stringify(parts);
      for (let n = 2; rows.has(k); n++) k = `${JSON.stringify(parts)}#${n}`;
      rows.set(k, ri);
      return k;
    });
    return { table, range, rows, keys, cols, pos };
  };
  const A = side(base, j.range);
  const C = side(cmp, j.compareRange);
  const block = BLOCK_LAYOUTS.has(`${j.endpoint}:${j.layout}`);
  const thisLabel = rangeLabel(j.range);
  const thatLabel = rangeLabel(j.compareRange);

  const isValue = (c: Column) =>
    NUMERIC.has(c.kind) && !KEY_COLUMNS.has(c.key) && !LABEL_COLUMNS.has(c.key) && !/compare_value/.test(c.key);
  // Column plan: [label, kind, key, (row pair) => cell].
  type Pair = { a: Cell[] | null; c: Cell[] | null; pos: number | null };
  const plan: Array<{ col: Column; cell: (p: Pair) => Cell }> = [];
  const valueKeys: string[] = [];
  const valueCols = new Map<string, { a?: number; c?: number; col: Column }>();
  A.table.columns.forEach((c, i) => {
    const k = colKey(c, A.range);
    if (isValue(c)) valueCols.set(k, { a: i, c: C.cols.get(k), col: c });
  });
  C.table.columns.forEach((c, i) => {
    const k = colKey(c, C.range);
    if (isValue(c) && !valueCols.has(k)) valueCols.set(k, { c: i, col: c });
  });
  for (const k of valueCols.keys()) valueKeys.push(k);

  const num = (row: Cell[] | null, i: number | undefined): number | null => {
    if (!row || i === undefined) return null;
    const v = row[i];
    return typeof v === 'number' ? v : null;
  };
  const pieces = (k: string) => {
    const v = valueCols.get(k)!;
    const label = v.col.label;
    const kind = v.col.kind;
    // A dated column (a funnel's periods) is named by its own date on each side.
    const dated = DATED_COLUMN.test(v.col.key);
    const thatName = dated && v.c !== undefined ? C.table.columns[v.c].label : `${label}, ${thatLabel}`;
    return {
      thisCol: {
        col: {
          key: v.col.key,
          label: dated ? label : `${label}, ${thisLabel}`,
          kind,
          dateHeader: dated || undefined,
        },
        cell: (p: Pair) => num(p.a, v.a),
      },
      thatCol: {
        col: { key: `${v.col.key}@compare`, label: thatName, kind, dateHeader: dated || undefined },
        cell: (p: Pair) => num(p.c, v.c),
      },
      delta: {
        col: { key: `${v.col.key}@delta`, label: `${label}, Δ`, kind },
        cell: (p: Pair) => {
          const x = num(p.a, v.a),
            y = num(p.c, v.c);
          return x === null || y === null ? null : Number((x - y).toFixed(10));
        },
      },
      pct: {
        col: { key: `${v.col.key}@delta_pct`, label: `${label}, Δ %`, kind: 'percent_points' as ColumnKind },
        cell: (p: Pair) => {
          const x = num(p.a, v.a),
            y = num(p.c, v.c);
          return x === null || y === null || y === 0 ? null : ((x - y) / Math.abs(y)) * 100;
        },
      },
    };
  };

  const usedValues = new Set<string>();
  A.table.columns.forEach((c, i) => {
    const k = colKey(c, A.range);
    if (valueCols.has(k) && valueCols.get(k)!.a === i) {
      usedValues.add(k);
      if (block) {
        plan.push(pieces(k).thisCol);
        return;
      }
      const p = pieces(k);
      plan.push(p.thisCol, p.thatCol, p.delta, p.pct);
      return;
    }
    const ci = C.cols.get(k);
    plan.push({
      col: c,
      cell: (p) => {
        if (p.a) return p.a[i];
        if (!p.c) return null;
        // A row only the compare range has: its identity, its period placed in this range.
        if (c.key === positional) return p.pos === null ? null : periodAt(p.pos, A.range, j.periodUnit);
        if (LABEL_COLUMNS.has(c.key) && j.endpoint === 'cohort') return null;
        return ci === undefined ? null : p.c[ci];
      },
    });
    if (c.key === positional) {
      plan.push({
        col: {
          key: `${c.key}@compare`,
          label: j.endpoint === 'cohort' ? 'Compare cohort' : 'Compare period',
          kind: 'date',
        },
        cell: (p) => {
          if (p.c && ci !== undefined) return p.c[ci];
          return p.pos === null ? null : periodAt(p.pos, C.range, j.periodUnit);
        },
      });
    }
  });
  const rest = valueKeys.filter((k) => !usedValues.has(k));
  if (block) {
    for (const k of rest) plan.push(pieces(k).thisCol);
    const all = [...usedValues, ...rest];
    for (const k of all) plan.push(pieces(k).thatCol);
    for (const k of all) plan.push(pieces(k).delta);
    for (const k of all) plan.push(pieces(k).pct);
  } else {
    for (const k of rest) {
      const p = pieces(k);
      plan.push(p.thisCol, p.thatCol, p.delta, p.pct);
    }
  }

  // Row order: this range's rows, each compare-only row after the row its predecessor matched.
  const pairs: Pair[] = [];
  const after = new Map<number, number[]>();
  let prev = -1;
  C.keys.forEach((k, ci) => {
    const ai = A.rows.get(k);
    if (ai !== undefined) prev = ai;
    else {
      const l = after.get(prev) ?? [];
      l.push(ci);
      after.set(prev, l);
    }
  });
  const pushCompareOnly = (at: number) => {
    for (const ci of after.get(at) ?? []) pairs.push({ a: null, c: C.table.rows[ci], pos: C.pos[ci] });
  };
  pushCompareOnly(-1);
  A.keys.forEach((k, ai) => {
    const ci = C.rows.get(k);
    pairs.push({ a: A.table.rows[ai], c: ci === undefined ? null : C.table.rows[ci], pos: A.pos[ai] });
    pushCompareOnly(ai);
  });

  const columns = plan.map((p) => p.col);
  const rows = pairs.map((p) => plan.map((x) => x.cell(p) ?? null));
  const notes = [
    ...(base.notes ?? []),
    `Compared with ${thatLabel}: ${block ? `the value columns for ${thisLabel}, then the same for ${thatLabel}, then` : `each value column is followed by its value for ${thatLabel},`} Δ (difference) and Δ % (difference / |compare value| × 100; empty when the compare value is 0).`,
    ...(cmp.notes ?? []).filter((n) => !(base.notes ?? []).includes(n)).map((n) => `${thatLabel}: ${n}`),
  ];
  return { columns, rows, notes };
}
