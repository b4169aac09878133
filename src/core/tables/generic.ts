/**
 * The engine behind the endpoints whose item shapes the docs leave open (conversion points, LTV
 * values, retention data): known fields are read, everything else is flattened
 * generically, and no number is dropped.
 *
 * Input: one or more series (LTV's revenue/proceeds/net_revenue metrics; one unnamed series
 * elsewhere), each a `data` list whose items are either segments (`{type, title, …, values: [point…]}`)
 * or points of an implicit Total segment.
 *
 * Output, one row per segment × point:
 * - the point's axis: `x` (a period timestamp) → `Period` as a local date; else `period`, `days`, `day`,
 *   `date`, `month`, `week` fields; else the point's position (`#`).
 * - the point's `value` → the series' column (`value`, or `revenue`/`proceeds`/`net_revenue` for LTV);
 *   several series are joined on segment + axis.
 * - every other point field → its own column (nested keys joined with `.`), first-seen order; a field two
 *   series disagree on gets a `<series>.<field>` column instead.
 * Then one summary row per segment (empty axis) with the segment's own fields (value, value_from,
 * cohort_size…); the Total segment's summary row also holds the series' and the answer's own fields
 * (compare_value_from…).
 */
import type { Cell, Table } from '../table';
import type { EndpointId } from '../../catalog/ids';
import { NO_COMPARE, NO_DATA, TableBuilder, type KindSpec } from './builder';
import { flattenFields, type Leaf } from './flatten';
import { human, kindFromName } from './labels';
import { TOTAL_KEY, TOTAL_TITLE, segmentId, type SegmentId } from './segments';
import { badAnswer, isObj, leafCell, periodDate, type Obj } from './shape';
import { own } from '../own';

export interface GenericSeries {
  /** null: the only series; its values go to column `value`. */
  key: string | null;
  /** Header of the series' value column. */
  label: string;
  valueKind: KindSpec;
  data: unknown[];
  /** Where `data` is, for error messages (`"data"`, `"revenue.data"`). */
  where: string;
  /** The series' own fields (LTV metric `value`…), flattened; they go to the Total summary row. */
  summary: Array<[string, Leaf]>;
}

export interface GenericSpec {
  endpoint: EndpointId;
  series: GenericSeries[];
  /** The answer's own fields outside the series, flattened; they go to the Total summary row. */
  top: Array<[string, Leaf]>;
  /** Headers and kinds of known fields (by flattened path). */
  labels?: Record<string, string>;
  kinds?: Record<string, KindSpec>;
  segmentLabel: string;
  hasCompare: boolean;
  /** The axis is a period date (conversion): the Period column exists even when no point has an `x`. */
  dateAxis?: boolean;
}

/** Point fields that place a point on an axis rather than measure something. */
const AXIS_FIELDS = ['period', 'days', 'day', 'date', 'month', 'week'];

interface Seg {
  id: string;
  key: string;
  title: string;
  order: number;
  fields: Array<[number, string, Leaf]>;
}
interface Row {
  seg: Seg;
  x: string | null;
  axis: Array<number | string>;
  cells: Cell[];
  filled: Set<number>;
}

type Prepared = Array<{ seg: SegmentId | null; item: Obj; points: unknown[]; first: number }>;

/** What the steps of one table share: the builder, the column rules, the segments seen so far. */
interface Ctx {
  spec: GenericSpec;
  b: TableBuilder;
  label: (path: string) => string;
  kind: (path: string) => KindSpec;
  /** There is a period timestamp axis: `x` is the Period and a `period` field is a number beside it. */
  hasX: boolean;
  segs: Map<string, Seg>;
  segList: Seg[];
}

export function genericTable(spec: GenericSpec): Table {
  const labels = spec.labels ?? {};
  const kinds = spec.kinds ?? {};
  const prepared = spec.series.map((s) => prepareSeries(spec.endpoint, s));
  const ctx: Ctx = {
    spec,
    b: new TableBuilder(),
    label: (path) => own(labels, path) ?? human(path),
    kind: (path) => own(kinds, path) ?? kindFromName(path),
    hasX: spec.dateAxis === true || prepared.some(hasPeriodTimestamp),
    segs: new Map(),
    segList: [],
  };
  identityColumns(ctx);
  for (const s of spec.series) valueCol(ctx, s);
  const rowList = pointRows(ctx, prepared);
  sortRows(rowList, ctx.hasX);
  for (const r of rowList) ctx.b.rows.push(r.cells);
  const summaryRows = summaryRowsOf(ctx);
  for (const r of summaryRows) ctx.b.rows.push(r);
  addNotes(ctx, rowList.length, summaryRows.length);
  return ctx.b.build();
}

/** A series' items: segments with their points, or loose points of the implicit Total segment. */
function prepareSeries(endpoint: EndpointId, s: GenericSeries): Prepared {
  const segCount = s.data.filter((it) => isObj(it) && Array.isArray(it.values)).length;
  let segIndex = 0;
  let loose = 0;
  return s.data.map((it, i) => {
    if (!isObj(it)) throw badAnswer(endpoint, `expected item ${i + 1} of ${s.where} to be an object`, it);
    if (Array.isArray(it.values))
      return { seg: segmentId(endpoint, it, segIndex++, segCount), item: it, points: it.values, first: 0 };
    return { seg: null, item: it, points: [it], first: loose++ };
  });
}

function hasPeriodTimestamp(list: Prepared): boolean {
  return list.some(({ points }) => points.some((p) => isObj(p) && typeof p.x === 'string'));
}

function identityColumns({ b, hasX, spec }: Ctx): void {
  if (hasX) {
    b.col('period', 'Period', 'date', { group: 0 });
    b.col('segment', spec.segmentLabel, 'text', { group: 1 });
    b.col('segment_key', 'Segment key', 'text', { group: 1 });
  } else {
    b.col('segment', spec.segmentLabel, 'text', { group: 0 });
    b.col('segment_key', 'Segment key', 'text', { group: 0 });
  }
}

const valueCol = (ctx: Ctx, s: GenericSeries) => ctx.b.col(s.key ?? 'value', s.label, s.valueKind, { group: 3 });
const axisKey = (ctx: Ctx, f: string) => (f === 'period' && ctx.hasX ? 'period_number' : f);

/**
 * The segment `id` names for series `claimedBy`: the one already seen, unless that series claimed it
 * already (two segments with one key in one series stay apart as `key#2`).
 */
function segFor(ctx: Ctx, id: SegmentId, claimedBy: number, claims: Map<Seg, Set<number>>): Seg {
  let key = id.key;
  for (let n = 2; ; n++) {
    const found = ctx.segs.get(key);
    if (!found) break;
    const c = claims.get(found);
    if (!c || !c.has(claimedBy)) {
      claims.set(found, (c ?? new Set()).add(claimedBy));
      return found;
    }
    key = `${id.key}#${n}`;
  }
  const seg: Seg = { id: key, key: id.key, title: id.title, order: ctx.segList.length, fields: [] };
  ctx.segs.set(key, seg);
  ctx.segList.push(seg);
  claims.set(seg, new Set([claimedBy]));
  return seg;
}

const total = (ctx: Ctx): Seg =>
  ctx.segs.get(TOTAL_KEY) ?? segFor(ctx, { key: TOTAL_KEY, title: TOTAL_TITLE }, -1, new Map());

// Identity columns: a field that happens to share their name never lands in them.
const RESERVED = new Set(['period', 'segment', 'segment_key', 'item', 'period_number', ...AXIS_FIELDS]);

/** One field into its column, or a `<series>.<field>` column when the plain one holds another value. */
function put(ctx: Ctx, row: Cell[], path: string, leaf: Leaf, s: GenericSeries, fallbackPrefix: string): void {
  const { b, label, kind } = ctx;
  const cell = leafCell(leaf);
  if (!RESERVED.has(path) && b.trySet(row, path, label(path), kind(path), cell, { group: 3 })) return;
  const alt = `${fallbackPrefix}.${path}`;
  if (
    !b.trySet(row, alt, `${label(path)} (${fallbackPrefix === 'answer' ? 'answer' : s.label})`, kind(path), cell, {
      group: 3,
    })
  ) {
    row[b.col(`${alt}#${b.width}`, label(path), kind(path), { group: 3 })] = cell;
  }
}

/** One row per segment × point, the series joined on segment + axis; segments' own fields collected. */
function pointRows(ctx: Ctx, prepared: Prepared[]): Row[] {
  const { b, spec, label, kind } = ctx;
  const axisGroup = ctx.hasX ? 2 : 1;
  const rows = new Map<string, Row>();
  const rowList: Row[] = [];
  spec.series.forEach((s, si) => {
    const claims = new Map<Seg, Set<number>>();
    for (const { seg: sid, item, points, first } of prepared[si]) {
      const seg = sid ? segFor(ctx, sid, si, claims) : total(ctx);
      if (sid) flattenFields(item, (p, l) => seg.fields.push([si, p, l]), { skip: ['type', 'title', 'values'] });
      points.forEach((p, k) => {
        const j = first + k;
        if (!isObj(p))
          throw badAnswer(
            spec.endpoint,
            `expected point ${j + 1} of segment "${seg.key}" in ${s.where} to be an object`,
            p,
          );
        const x = typeof p.x === 'string' ? p.x : null;
        const axis: Array<number | string> = [];
        const axisFields: string[] = [];
        for (const f of AXIS_FIELDS) {
          const v = own(p, f);
          if (typeof v === 'number' || typeof v === 'string') {
            axis.push(v);
            axisFields.push(f);
          }
        }
        const positional = x === null && axis.length === 0;
        if (positional) axis.push(j + 1);
        let id = `${seg.id}\u0000${x ?? ''}\u0000${axis.join('\u0000')}`;
        let row = rows.get(id);
        for (let n = 2; row && row.filled.has(si); n++) {
          id += `\u0000#${n}`;
          row = rows.get(id);
        }
        if (!row) {
          const cells: Cell[] = [];
          row = { seg, x, axis, cells, filled: new Set() };
          rows.set(id, row);
          rowList.push(row);
          cells[b.index('segment')!] = seg.title;
          cells[b.index('segment_key')!] = seg.key;
          if (x !== null) cells[b.index('period')!] = periodDate(x);
          axisFields.forEach((f, k) => {
            const key = axisKey(ctx, f);
            cells[b.col(key, label(key), kind(key), { group: axisGroup })] = leafCell(axis[k]);
          });
          if (positional) cells[b.col('item', '#', 'integer', { group: axisGroup })] = j + 1;
        }
        row.filled.add(si);
        const cells = row.cells;
        flattenFields(
          p,
          (path, leaf) => {
            if (path === 'value') {
              const c = valueCol(ctx, s);
              if (cells[c] === undefined || cells[c] === null) cells[c] = leafCell(leaf);
              else if (leaf !== null) put(ctx, cells, `${s.key ?? 'value'}.value`, leaf, s, s.key ?? 'point');
              return;
            }
            if (leaf === null) return;
            put(ctx, cells, path, leaf, s, s.key ?? 'point');
          },
          { skip: x === null ? axisFields : ['x', ...axisFields] },
        );
      });
    }
  });
  return rowList;
}

function sortRows(rowList: Row[], hasX: boolean): void {
  if (hasX) {
    rowList.sort((a, c) => {
      const da = a.x === null ? '' : periodDate(a.x),
        dc = c.x === null ? '' : periodDate(c.x);
      if (da !== dc) return da < dc ? -1 : 1;
      if ((a.x ?? '') !== (c.x ?? '')) return (a.x ?? '') < (c.x ?? '') ? -1 : 1;
      return a.seg.order - c.seg.order;
    });
  } else {
    rowList.sort((a, c) => a.seg.order - c.seg.order || compareAxis(a.axis, c.axis));
  }
}

/** Summary rows: the segments' own fields, then the series' and the answer's on the Total row. */
function summaryRowsOf(ctx: Ctx): Cell[][] {
  const { b, spec, segs, segList } = ctx;
  const series = spec.series;
  const summary = new Map<Seg, Cell[]>();
  const summaryRow = (seg: Seg): Cell[] => {
    let r = summary.get(seg);
    if (!r) {
      r = [];
      r[b.index('segment')!] = seg.title;
      r[b.index('segment_key')!] = seg.key;
      summary.set(seg, r);
    }
    return r;
  };
  const putValue = (r: Cell[], s: GenericSeries, leaf: Leaf, fallback: string) => {
    const c = valueCol(ctx, s);
    if (r[c] === undefined || r[c] === null || r[c] === leaf) {
      r[c] = leafCell(leaf);
      return;
    }
    put(ctx, r, `${s.key ?? 'value'}.value`, leaf, s, fallback);
  };
  for (const seg of segList) {
    for (const [si, path, leaf] of seg.fields) {
      if (leaf === null) continue;
      const s = series[si];
      const r = summaryRow(seg);
      if (path === 'value') putValue(r, s, leaf, s.key ?? 'segment');
      else put(ctx, r, path, leaf, s, s.key ?? 'segment');
    }
  }
  const hasTotalFields =
    series.some((s) => s.summary.some(([, l]) => l !== null)) || spec.top.some(([, l]) => l !== null);
  if (hasTotalFields) {
    const r = summaryRow(total(ctx));
    for (const s of series) {
      for (const [path, leaf] of s.summary) {
        if (leaf === null) continue;
        if (path === 'value') putValue(r, s, leaf, s.key ?? 'answer');
        else put(ctx, r, path, leaf, s, s.key ?? 'answer');
      }
    }
    for (const [path, leaf] of spec.top) if (leaf !== null) put(ctx, r, path, leaf, series[0], 'answer');
  }
  const summaryRows = segList.map((s) => summary.get(s)).filter((r): r is Cell[] => r !== undefined);
  // A Total made up for the answer's own fields comes first, as it would in a segmented answer.
  const t = segs.get(TOTAL_KEY);
  const tr = t ? summary.get(t) : undefined;
  if (tr && summaryRows[0] !== tr) {
    summaryRows.splice(summaryRows.indexOf(tr), 1);
    summaryRows.unshift(tr);
  }
  return summaryRows;
}

function addNotes({ b, spec, hasX, segList }: Ctx, pointRowCount: number, summaryRowCount: number): void {
  if (summaryRowCount) {
    b.note(
      hasX
        ? 'Rows with an empty Period hold totals over the whole range (Adapty’s own figures) and segment-level fields.'
        : 'Rows with an empty period hold each segment’s own fields (totals, cohort size) as Adapty gives them.',
    );
  }
  if (pointRowCount === 0 && summaryRowCount === 0) b.note(NO_DATA);
  if (spec.hasCompare) {
    const any =
      [...spec.top, ...spec.series.flatMap((s) => s.summary)].some(
        ([p, l]) => /(^|\.)compare_/.test(p) && l !== null,
      ) || segList.some((s) => s.fields.some(([, p, l]) => /(^|\.)compare_/.test(p) && l !== null));
    if (!any) b.note(NO_COMPARE);
  }
}

function compareAxis(a: Array<number | string>, c: Array<number | string>): number {
  for (let i = 0; i < Math.min(a.length, c.length); i++) {
    const x = a[i],
      y = c[i];
    if (x === y) continue;
    if (typeof x === 'number' && typeof y === 'number') return x - y;
    return String(x) < String(y) ? -1 : 1;
  }
  return a.length - c.length;
}
