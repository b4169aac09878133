/**
 * `metrics/analytics/` (Adapty's docs; README › Reference): `{data: {<series>: {value, …, data: [{type, title, value, values: [{x, y}]}]}}}`.
 *
 * Layouts:
 * - `long`: Period | Segment | Segment key | one column per series (in the answer's order). One row per
 *   period × segment that has any value; then one summary row per segment (empty Period) holding the
 *   segment's `value`; the Total summary row also holds the series' own fields (`compare_value_from`… as
 *   `<series> (comparison period, starting value)` columns) and any unknown top-level fields.
 * - `wide`: Period | one column per segment, for one series (ctx.measure, else revenue, else the first).
 *
 * Built for size: 250 segments × 1,100 days × 3 series is ~825k points, read once into flat arrays.
 */
import type { Cell, Table } from '../table';
import { NO_COMPARE, NO_DATA, TableBuilder, type KindSpec } from './builder';
import type { NormaliseContext } from './context';
import { flattenFields, flatten, type Leaf } from './flatten';
import { human, kindFromName, kindFromUnit, segmentLabel, seriesLabel } from './labels';
import { TOTAL_KEY, TOTAL_TITLE, segmentId } from './segments';
import { badAnswer, expectObj, isObj, numberCell, optionalArray, periodDate, type Obj } from './shape';

const EP = 'analytics' as const;

/** Series fields that are descriptive text: only numbers found in them are kept. */
const SERIES_META = [
  'title',
  'type',
  'default_aggregation',
  'description',
  'metric_name',
  'is_json',
  'unit',
  'recommended_period',
];

/** The summary's compare fields in the spec's words ("starting/ending value for the comparison period"). */
const SUMMARY_WORDS: Record<string, string> = {
  compare_value_from: 'comparison period, starting value',
  compare_value_to: 'comparison period, ending value',
};
const summaryWords = (path: string): string => SUMMARY_WORDS[path] ?? human(path).toLowerCase();

interface SeriesInfo {
  key: string;
  label: string;
  kind: KindSpec;
  /** The series' own fields except `data` (value, value_from, compare_value_from, unknown ones). */
  summary: Array<[string, Leaf]>;
}

interface Seg {
  id: string;
  key: string;
  title: string;
  /**
   * vals[series][period index]: a number, NaN for an explicit null, a hole when absent. Numbers only, so
   * V8 keeps these arrays unboxed (no garbage per point).
   */
  vals: number[][];
  /** The segment's own `value` per series. */
  value: Array<number | null | undefined>;
  /** Unknown segment fields per series. */
  extras: Array<Array<[string, Leaf]>>;
  /** Unknown point fields: series, period index, path, leaf. */
  pointExtras: Array<[number, number, string, Leaf]>;
}

interface Parsed {
  series: SeriesInfo[];
  segs: Seg[];
  /** Period keys (the raw `x`), in first-seen order, and their order sorted by local date then x. */
  xs: string[];
  order: number[];
  top: Array<[string, Leaf]>;
}

function parse(answer: unknown, ctx: NormaliseContext): Parsed {
  const root = expectObj(EP, answer, 'the answer');
  const data = root.data;
  if (!isObj(data))
    throw badAnswer(EP, 'expected "data" to be an object of series (revenue, proceeds, net_revenue or common)', data);
  const top: Array<[string, Leaf]> = [];
  flattenFields(root, (p, l) => top.push([p, l]), { skip: ['data'] });

  const keys = Object.keys(data);
  const S = keys.length;
  const series: SeriesInfo[] = [];
  const segById = new Map<string, Seg>();
  const segs: Seg[] = [];
  const xs: string[] = [];
  const xIndex = new Map<string, number>();

  const newSeg = (id: string, key: string, title: string): Seg => {
    const seg: Seg = {
      id,
      key,
      title,
      vals: Array.from({ length: S }, () => []),
      value: new Array<number | null | undefined>(S).fill(undefined),
      extras: Array.from({ length: S }, () => []),
      pointExtras: [],
    };
    segById.set(id, seg);
    segs.push(seg);
    return seg;
  };

  keys.forEach((sk, s) => {
    const so = data[sk];
    if (!isObj(so)) throw badAnswer(EP, `expected series "${sk}" to be an object`, so);
    const summary: Array<[string, Leaf]> = [];
    flattenFields(so, (p, l) => summary.push([p, l]), { skip: ['data'], numbersOnly: SERIES_META });
    const kind: KindSpec = kindFromUnit(so.unit) ?? (ctx.chartKind === 'money' ? 'usd' : 'auto');
    series.push({ key: sk, label: seriesLabel(sk, ctx.chartId, ctx.chartLabel), kind, summary });

    const rows = optionalArray(EP, so.data, `series "${sk}" data`);
    const claimed = new Set<Seg>();
    for (let r = 0; r < rows.length; r++) {
      const row = rows[r];
      if (!isObj(row)) throw badAnswer(EP, `expected series "${sk}" row ${r + 1} to be an object`, row);
      const id0 = segmentId(EP, row, r, rows.length);
      let id = id0.key;
      let seg = segById.get(id);
      for (let n = 2; seg && claimed.has(seg); n++) {
        id = `${id0.key}#${n}`;
        seg = segById.get(id);
      }
      if (!seg) seg = newSeg(id, id0.key, id0.title);
      claimed.add(seg);
      seg.value[s] = numberCell(EP, row.value, `series "${sk}" segment "${id0.key}" value`);
      flattenFields(row, (p, l) => seg.extras[s].push([p, l]), { skip: ['type', 'title', 'value', 'values'] });

      const points = optionalArray(EP, row.values, `series "${sk}" segment "${id0.key}" values`);
      const arr = seg.vals[s];
      let last = -1;
      for (let j = 0; j < points.length; j++) {
        const p = points[j] as Obj;
        if (typeof p !== 'object' || p === null || Array.isArray(p))
          throw badAnswer(
            EP,
            `expected point ${j + 1} of series "${sk}" segment "${id0.key}" to be an {x, y} object`,
            p,
          );
        const x = p.x;
        if (typeof x !== 'string')
          throw badAnswer(
            EP,
            `expected point ${j + 1} of series "${sk}" segment "${id0.key}" to have a period timestamp x`,
            x,
          );
        // Segments usually list the same periods in the same order: try the next known period first.
        let pi: number | undefined = xs[last + 1] === x ? last + 1 : xIndex.get(x);
        if (pi === undefined) {
          pi = xs.length;
          xs.push(x);
          xIndex.set(x, pi);
        }
        last = pi;
        const yv = p.y;
        const y =
          typeof yv === 'number'
            ? yv
            : numberCell(EP, yv, `y of point ${j + 1} of series "${sk}" segment "${id0.key}"`);
        const cur = arr[pi];
        if (cur === undefined || (cur !== cur && y !== null)) arr[pi] = y === null ? NaN : y;
        else if (y !== null) seg.pointExtras.push([s, pi, 'y (repeated period)', y]);
        for (const k of Object.keys(p)) {
          if (k === 'x' || k === 'y') continue;
          flatten(p[k], (path, leaf) => seg.pointExtras.push([s, pi, path, leaf]), k);
        }
      }
    }
  });

  const dates = xs.map(periodDate);
  const order = xs.map((_, i) => i);
  order.sort((a, b) =>
    dates[a] < dates[b] ? -1 : dates[a] > dates[b] ? 1 : xs[a] < xs[b] ? -1 : xs[a] > xs[b] ? 1 : 0,
  );
  return { series, segs, xs, order, top };
}

export function normaliseAnalytics(answer: unknown, ctx: NormaliseContext): Table {
  const parsed = parse(answer, ctx);
  return ctx.layout === 'wide' ? wide(parsed, ctx) : long(parsed, ctx);
}

/** Where the series' own fields and the top-level extras go: the Total segment's summary row. */
function totalSummaryRow(summaries: Map<Seg, Cell[]>, segs: Seg[], make: (seg: Seg | null) => Cell[]): Cell[] {
  const total = segs.find((s) => s.key === TOTAL_KEY);
  if (total) {
    let row = summaries.get(total);
    if (!row) {
      row = make(total);
      summaries.set(total, row);
    }
    return row;
  }
  return make(null);
}

function compareNote(b: TableBuilder, parsed: Parsed, ctx: NormaliseContext): void {
  if (!ctx.hasCompare) return;
  const any = parsed.series.some((s) => s.summary.some(([p, l]) => p.startsWith('compare_') && l !== null));
  if (!any) b.note(NO_COMPARE);
}

function long(parsed: Parsed, ctx: NormaliseContext): Table {
  const { series, segs, xs, order, top } = parsed;
  const b = new TableBuilder();
  b.col('period', 'Period', 'date');
  b.col('segment', segmentLabel(ctx.params.segmentation), 'text');
  b.col('segment_key', 'Segment key', 'text');
  const S = series.length;
  const base = 3;
  for (const s of series) b.col(s.key, s.label, s.kind);
  const extraCol = (s: number, path: string): number => {
    const sr = series[s];
    return b.col(`${sr.key}.${path}`, `${sr.label} (${summaryWords(path)})`, kindOf(path, sr.kind));
  };

  // Point extras by segment and period (rare: only when Adapty adds fields to points).
  const extrasAt = new Map<Seg, Map<number, Array<[number, string, Leaf]>>>();
  for (const seg of segs) {
    if (seg.pointExtras.length === 0) continue;
    const m = new Map<number, Array<[number, string, Leaf]>>();
    for (const [s, pi, path, leaf] of seg.pointExtras) {
      let l = m.get(pi);
      if (!l) m.set(pi, (l = []));
      l.push([s, path, leaf]);
      if (leaf !== null) extraCol(s, path);
    }
    extrasAt.set(seg, m);
  }

  const G = segs.length;
  const segExtras = segs.map((seg) => extrasAt.get(seg) ?? null);
  for (let o = 0; o < order.length; o++) {
    const pi = order[o];
    const date = periodDate(xs[pi]);
    for (let g = 0; g < G; g++) {
      const seg = segs[g];
      const se = segExtras[g];
      const ex = se === null ? undefined : se.get(pi);
      let any = ex !== undefined;
      for (let s = 0; s < S && !any; s++) if (seg.vals[s][pi] !== undefined) any = true;
      if (!any) continue;
      // Exactly sized: 276,000 rows of a big answer must not each carry spare capacity.
      const row = new Array<Cell>(base + S);
      row[0] = date;
      row[1] = seg.title;
      row[2] = seg.key;
      for (let s = 0; s < S; s++) {
        const v = seg.vals[s][pi];
        row[base + s] = v === undefined || v !== v ? null : v;
      }
      if (ex) for (const [s, path, leaf] of ex) if (leaf !== null) row[extraCol(s, path)] = leaf;
      b.rows.push(row);
    }
  }

  // Summary rows: one per segment, with an empty Period.
  const summaries = new Map<Seg, Cell[]>();
  const make = (seg: Seg | null): Cell[] => {
    const row: Cell[] = [null, seg ? seg.title : TOTAL_TITLE, seg ? seg.key : TOTAL_KEY];
    return row;
  };
  for (const seg of segs) {
    const row = make(seg);
    let any = false;
    for (let s = 0; s < S; s++) {
      const v = seg.value[s];
      if (v !== undefined && v !== null) {
        row[base + s] = v;
        any = true;
      }
      for (const [path, leaf] of seg.extras[s]) {
        if (leaf === null) continue;
        row[extraCol(s, path)] = leaf;
        any = true;
      }
    }
    if (any) summaries.set(seg, row);
  }
  const totalRow = totalSummaryRow(summaries, segs, make);
  let totalUsed = false;
  series.forEach((sr, s) => {
    for (const [path, leaf] of sr.summary) {
      if (leaf === null) continue;
      totalUsed = true;
      if (path === 'value') {
        if (!b.trySet(totalRow, sr.key, sr.label, sr.kind, leaf)) totalRow[extraCol(s, 'value (answer)')] = leaf;
      } else {
        totalRow[extraCol(s, path)] = leaf;
      }
    }
  });
  for (const [path, leaf] of top) {
    if (leaf === null) continue;
    totalUsed = true;
    totalRow[b.col(`answer.${path}`, human(path), kindFromName(path))] = leaf;
  }
  const filled = (r: Cell[] | undefined): r is Cell[] =>
    r !== undefined && r.some((v, i) => i >= base && v !== undefined && v !== null);
  const summaryRows = segs.map((s) => summaries.get(s)).filter(filled);
  if (!segs.some((s) => s.key === TOTAL_KEY) && totalUsed) summaryRows.unshift(totalRow);
  for (const r of summaryRows) b.rows.push(r);

  if (summaryRows.length)
    b.note(
      'Rows with an empty Period hold totals over the whole range, as Adapty computes them (sum, or the last level for stock charts such as MRR).',
    );
  if (b.rows.length === 0) b.note(NO_DATA);
  compareNote(b, parsed, ctx);
  return b.build();
}

function kindOf(path: string, seriesKind: KindSpec): KindSpec {
  const byName = kindFromName(path);
  if (byName !== 'auto') return byName;
  // The series' own aggregates are in the series' unit.
  return /^(value|value_from|value_to|compare_value_from|compare_value_to|y)\b/.test(path) ? seriesKind : 'auto';
}

function pickSeries(series: SeriesInfo[], ctx: NormaliseContext, b: TableBuilder): number {
  if (series.length === 0) return -1;
  if (ctx.measure) {
    const i = series.findIndex((s) => s.key === ctx.measure);
    if (i >= 0) return i;
    b.note(`This chart has no "${ctx.measure}" series; showing ${series[0].label}.`);
  }
  const r = series.findIndex((s) => s.key === 'revenue');
  return r >= 0 ? r : 0;
}

function wide(parsed: Parsed, ctx: NormaliseContext): Table {
  const { series, segs, xs, order, top } = parsed;
  const b = new TableBuilder();
  b.col('period', 'Period', 'date');
  const s = pickSeries(series, ctx, b);
  if (s < 0) {
    b.note(NO_DATA);
    return b.build();
  }
  const sr = series[s];
  if (series.length > 1)
    b.note(
      `Showing ${sr.label}; ${series
        .filter((_, i) => i !== s)
        .map((x) => x.label)
        .join(', ')} ${series.length > 2 ? 'are' : 'is'} in the long layout (option measure picks the series).`,
    );
  const segCol = segs.map((seg) => b.col(`segment:${seg.id}`, seg.title, sr.kind));
  const extraCol = (g: number, path: string) =>
    b.col(`segment:${segs[g].id}.${path}`, `${segs[g].title} (${human(path).toLowerCase()})`, kindOf(path, sr.kind));

  const ex = new Map<number, Array<[number, string, Leaf]>>();
  segs.forEach((seg, g) => {
    for (const [ss, pi, path, leaf] of seg.pointExtras) {
      if (ss !== s || leaf === null) continue;
      extraCol(g, path);
      let l = ex.get(pi);
      if (!l) ex.set(pi, (l = []));
      l.push([g, path, leaf]);
    }
  });

  const G = segs.length;
  for (let o = 0; o < order.length; o++) {
    const pi = order[o];
    const row = new Array<Cell>(1 + G);
    row[0] = periodDate(xs[pi]);
    let any = false;
    for (let g = 0; g < G; g++) {
      const v = segs[g].vals[s][pi];
      if (v !== undefined) any = true;
      row[segCol[g]] = v === undefined || v !== v ? null : v;
    }
    const e = ex.get(pi);
    if (e) {
      any = true;
      for (const [g, path, leaf] of e) row[extraCol(g, path)] = leaf;
    }
    if (any) b.rows.push(row);
  }

  const summary: Cell[] = [null];
  let used = false;
  segs.forEach((seg, g) => {
    const v = seg.value[s];
    if (v !== undefined && v !== null) {
      summary[segCol[g]] = v;
      used = true;
    }
    for (const [path, leaf] of seg.extras[s])
      if (leaf !== null) {
        summary[extraCol(g, path)] = leaf;
        used = true;
      }
  });
  const totalIdx = segs.findIndex((seg) => seg.key === TOTAL_KEY);
  for (const [path, leaf] of sr.summary) {
    if (leaf === null) continue;
    used = true;
    if (path === 'value') {
      if (totalIdx >= 0) {
        if (!b.trySet(summary, `segment:${segs[totalIdx].id}`, segs[totalIdx].title, sr.kind, leaf))
          summary[b.col('value (answer)', `${sr.label} (answer)`, sr.kind)] = leaf;
      } else {
        summary[b.col('value', sr.label, sr.kind)] = leaf;
      }
    } else {
      summary[b.col(`${sr.key}.${path}`, `${sr.label} (${summaryWords(path)})`, kindOf(path, sr.kind))] = leaf;
    }
  }
  for (const [path, leaf] of top) {
    if (leaf === null) continue;
    used = true;
    summary[b.col(`answer.${path}`, human(path), kindFromName(path))] = leaf;
  }
  if (used) {
    b.rows.push(summary);
    b.note('The row with an empty Period holds each segment’s total over the whole range, as Adapty computes it.');
  }
  if (b.rows.length === 0) b.note(NO_DATA);
  compareNote(b, parsed, ctx);
  return b.build();
}
