/** `metrics/analytics/`: one dashboard chart, by period, optionally segmented (API.md §4.1). */
import { ACCOUNTING_TYPES, CHARTS, type ChartDef } from '../src/catalog/catalog';
import { M, type AppModel } from './model';
import { buckets, bySize, ratio, saltOf, segmentDim, selectCells, usd, type Bucket, type Ctx } from './query';
import { splitInt } from './rng';

type Kind = 'flow' | 'stock' | 'ratio';

interface ChartModel {
  /** Base metrics behind the series: one (count) or three (revenue, proceeds, net revenue). */
  metrics: number[];
  /** Multiplier (ARR = 12 × MRR). */
  factor?: number;
  /** Denominator of a ratio chart (ARPPU: paying users, ARPU: installs). */
  den?: number;
  /** ARPU's denominator is not split by subscription period. */
  denWhole?: boolean;
  /** Trial charts: everything is subscription period 0. */
  trial?: boolean;
}

const MONEY = (a: number, b: number, c: number): number[] => [a, b, c];

/** Which simulated metrics answer each chart. Every catalog chart must be here (a test checks). */
export const CHART_MODELS: Record<string, ChartModel> = {
  revenue: { metrics: MONEY(M.rev, M.proc, M.net) },
  mrr: { metrics: MONEY(M.mrr, M.mrr_proc, M.mrr_net) },
  arr: { metrics: MONEY(M.mrr, M.mrr_proc, M.mrr_net), factor: 12 },
  arppu: { metrics: MONEY(M.rev, M.proc, M.net), den: M.paying },
  arpu: { metrics: MONEY(M.rev, M.proc, M.net), den: M.installs, denWhole: true },
  subscriptions_active: { metrics: [M.subs_active] },
  subscriptions_new: { metrics: [M.subs_new] },
  subscriptions_renewal_cancelled: { metrics: [M.subs_renewal_cancelled] },
  subscriptions_expired: { metrics: [M.subs_expired] },
  trials_active: { metrics: [M.trials_active], trial: true },
  trials_new: { metrics: [M.trials_new], trial: true },
  trials_renewal_cancelled: { metrics: [M.trials_renewal_cancelled], trial: true },
  trials_expired: { metrics: [M.trials_expired], trial: true },
  grace_period: { metrics: [M.grace_period] },
  billing_issue: { metrics: [M.billing_issue] },
  refund_events: { metrics: [M.refund_events] },
  refund_money: { metrics: MONEY(M.refund_rev, M.refund_proc, M.refund_net) },
  non_subscriptions: { metrics: [M.non_subs] },
  installs: { metrics: [M.installs] },
};

/** Money charts answer one series per accounting type (revenue, proceeds, net_revenue). */
export const MONEY_SERIES: readonly string[] = ACCOUNTING_TYPES.map((a) => a.id);

/** Stock charts (catalog: aggregation=stock) are levels; ratio charts divide; the rest sum. */
export function chartKind(chart: ChartDef): Kind {
  if (chart.aggregation === 'stock') return 'stock';
  if (CHART_MODELS[chart.id]?.den !== undefined) return 'ratio';
  return 'flow';
}

// ---------------------------------------------------------------------------------------------
// The `period` segmentation: subscription period number (0 = trial)

export const PERIOD_KEYS = ['0', '1', '2', '3', '4', '5', '6+'] as const;
const PERIOD_TITLES = ['Trial', '1st period', '2nd period', '3rd period', '4th period', '5th period', '6+ periods'];
const PERIOD_MIX: Record<string, number[]> = {
  Weekly: [0, 22, 14, 10, 8, 6, 40],
  Monthly: [0, 30, 18, 12, 9, 7, 24],
  '2 months': [0, 45, 25, 13, 7, 4, 6],
  '3 months': [0, 48, 24, 12, 7, 4, 5],
  '6 months': [0, 55, 25, 12, 5, 2, 1],
  Annual: [0, 70, 20, 7, 3, 0, 0],
};
const TRIAL_MIX = [1, 0, 0, 0, 0, 0, 0];
const ONE_OFF_MIX = [0, 1, 0, 0, 0, 0, 0];

export function periodTitle(key: string): string {
  return PERIOD_TITLES[PERIOD_KEYS.indexOf(key as (typeof PERIOD_KEYS)[number])] ?? key;
}

function periodMix(model: AppModel, c: number, trial: boolean): number[] {
  if (trial) return TRIAL_MIX;
  return PERIOD_MIX[model.cells[c].product.duration] ?? ONE_OFF_MIX;
}

// ---------------------------------------------------------------------------------------------

interface Computed {
  buckets: Bucket[];
  /** Segment key → per bucket [series…, denominator]. `total` when unsegmented. */
  segs: Map<string, Float64Array>;
  width: number;
  /** Per bucket, the denominator of all selected cells. */
  wholeDen: Float64Array;
}

function compute(ctx: Ctx, chart: ChartDef, range: [number, number], segmentation: string): Computed {
  const { model, req, tz } = ctx;
  const cm = CHART_MODELS[chart.id];
  const kind = chartKind(chart);
  const C = model.cellCount;
  const S = cm.metrics.length;
  const width = S + 1;
  const bks = buckets(range[0], range[1], req.periodUnit, tz);
  const cells = selectCells(model, req.filters);
  const dim = segmentDim(segmentation);
  const byPeriod = segmentation === 'period';
  const segs = new Map<string, Float64Array>();
  const acc = (key: string): Float64Array => {
    let a = segs.get(key);
    if (!a) segs.set(key, (a = new Float64Array(bks.length * width)));
    return a;
  };
  const salt = saltOf(req);
  const factor = cm.factor ?? 1;
  const vals = new Float64Array(S);
  const wholeDen = new Float64Array(bks.length);
  bks.forEach((b, bi) => {
    const first = kind === 'stock' ? b.to : b.from;
    for (let d = first; d <= b.to; d++) {
      const bundle = model.dayBundle(tz, salt, d);
      for (const c of cells) {
        let any = false;
        for (let s = 0; s < S; s++) {
          vals[s] = bundle[cm.metrics[s] * C + c] * factor;
          if (vals[s] !== 0) any = true;
        }
        const den = cm.den !== undefined ? bundle[cm.den * C + c] : 0;
        wholeDen[bi] += den;
        if (!any && den === 0) continue;
        const o = bi * width;
        if (byPeriod) {
          const mix = periodMix(model, c, cm.trial === true);
          const parts = Array.from(vals, (v) => splitInt(v, mix));
          const denParts = splitInt(den, mix);
          PERIOD_KEYS.forEach((key, k) => {
            if (mix[k] === 0) return;
            const a = acc(key);
            for (let s = 0; s < S; s++) a[o + s] += parts[s][k];
            a[o + S] += denParts[k];
          });
        } else {
          const a = acc(dim ? model.cells[c].dims[dim] : 'total');
          for (let s = 0; s < S; s++) a[o + s] += vals[s];
          a[o + S] += den;
        }
      }
    }
  });
  if (cm.denWhole && byPeriod) {
    for (const a of segs.values())
      bks.forEach((_, bi) => {
        a[bi * width + S] = wholeDen[bi];
      });
  }
  return { buckets: bks, segs, width, wholeDen };
}

function totalOf(comp: Computed): Float64Array {
  const t = new Float64Array(comp.buckets.length * comp.width);
  for (const a of comp.segs.values()) for (let i = 0; i < t.length; i++) t[i] += a[i];
  comp.buckets.forEach((_, bi) => {
    t[bi * comp.width + comp.width - 1] = comp.wholeDen[bi];
  });
  return t;
}

interface Row {
  type: string;
  title: string;
  value: number;
  values: { x: string; y: number }[];
}

/** One row (segment or total) of series `s`. */
function row(
  comp: Computed,
  a: Float64Array,
  s: number,
  kind: Kind,
  money: boolean,
  isSegment: boolean,
  launchDay: number,
): { value: number; values: { x: string; y: number }[] } {
  const { buckets: bks, width } = comp;
  const S = width - 1;
  const scale = (v: number) => (money ? usd(v) : v);
  const values: { x: string; y: number }[] = [];
  let sum = 0,
    num = 0,
    den = 0,
    last = 0;
  bks.forEach((b, bi) => {
    const v = a[bi * width + s];
    const dv = a[bi * width + S];
    num += v;
    den += dv;
    if (b.to < launchDay) return; // no data yet: the period is missing, not zero
    if (kind === 'ratio') {
      if (dv === 0) return;
      values.push({ x: b.x, y: ratio(v, dv) / (money ? 100 : 1) });
      return;
    }
    sum += v;
    if (bi === bks.length - 1) last = v;
    if (isSegment && v === 0) return;
    values.push({ x: b.x, y: scale(v) });
  });
  const value = kind === 'ratio' ? ratio(num, den) / (money ? 100 : 1) : kind === 'stock' ? scale(last) : scale(sum);
  return { value, values };
}

export function analyticsAnswer(ctx: Ctx): Record<string, unknown> {
  const { req, model } = ctx;
  const chart = req.chart!;
  const kind = chartKind(chart);
  const money = chart.unit === 'money';
  const comp = compute(ctx, chart, req.range!, req.segmentation);
  const compare = req.compare ? compute(ctx, chart, req.compare, 'default') : null;
  const segmented = req.segmentation !== 'default';
  const total = totalOf(comp);
  const keys = money ? MONEY_SERIES : (['common'] as const);
  const out: Record<string, unknown> = {};
  keys.forEach((key, s) => {
    const t = row(comp, total, s, kind, money, false, model.launchDay);
    let data: unknown[];
    if (!segmented) {
      data = [{ values: t.values }];
    } else {
      const rows: Row[] = [];
      for (const [type, a] of comp.segs) {
        const r = row(comp, a, s, kind, money, true, model.launchDay);
        if (r.values.length === 0) continue;
        rows.push({ type, title: segmentTitle(model, req.segmentation, type), value: r.value, values: r.values });
      }
      data = [{ type: 'total', title: 'Total', value: t.value, values: t.values }, ...bySize(rows, (r) => r.value)];
    }
    const cmp = compare ? row(compare, totalOf(compare), s, kind, money, false, model.launchDay).value : null;
    out[key] = {
      value: t.value,
      value_from: null,
      value_to: null,
      compare_value_from: cmp,
      compare_value_to: compare ? t.value : null,
      title: key === 'common' ? chart.id : key,
      type: money ? 'multi' : 'single',
      default_aggregation: kind === 'stock' ? 'last' : kind === 'ratio' ? 'avg' : 'sum',
      description: `<div><p>${chart.help}.</p></div>`,
      metric_name:
        key === 'common' || key === 'revenue'
          ? chart.label
          : `${chart.label} (${key === 'proceeds' ? 'proceeds' : 'net revenue'})`,
      is_json: true,
      unit: money ? 'USD' : null,
      recommended_period: null,
      data,
    };
  });
  return { data: out };
}

export function segmentTitle(model: AppModel, segmentation: string, key: string): string {
  if (segmentation === 'period') return periodTitle(key);
  const dim = segmentDim(segmentation);
  return dim ? model.title(dim, key) : key;
}

/** For tests: every catalog chart has a model. */
export function unmodelledCharts(): string[] {
  return CHARTS.filter((c) => !CHART_MODELS[c.id]).map((c) => c.id);
}
