/**
 * The install-cohort endpoints: cohort, conversion, funnel, LTV, retention (API.md §4.2–4.6).
 *
 * Every install day of every cell has installs, paywall views, trials and first payments (model.ts
 * cohortBase). Later periods follow a survival chain: each step keeps a deterministic draw of the
 * previous count, never more, so every sequence is non-increasing by construction.
 */
import { CONVERSION_PAIRS, FROM_PERIODS, TO_PERIODS } from '../src/catalog/catalog';
import type { AppModel } from './model';
import {
  buckets,
  bySize,
  dateOf,
  ratio,
  recommendedUnit,
  saltOf,
  segmentDim,
  selectCells,
  usd,
  type Ctx,
} from './query';
import { draw } from './rng';
import { addUnits, bucketLabel, bucketStart, parseDay, periodX, type PeriodUnit } from './tz';
import { DEFAULT_RENEWAL_DAYS } from '../src/catalog/catalog';

// Globals are slow to look up inside a vm context (jest runs tests in one): bind Math's helpers once.
const { pow, min, max, ceil, floor, round } = Math;

const MAX_PERIODS = 60;
const MONTH_DAYS = 30.4375;

/** Subscribers still paying at each age (days since install); ages[0] = 0. */
function chainAt(
  model: AppModel,
  salt: number,
  c: number,
  d: number,
  start: number,
  ages: number[],
  stream: number,
): number[] {
  const out = [start];
  const r = model.renewProb[c];
  const dur = model.durDays[c];
  for (let k = 1; k < ages.length; k++) {
    const prev = out[k - 1];
    if (prev === 0 || !Number.isFinite(dur)) {
      out.push(0);
      continue;
    }
    const keep = pow(r, (ages[k] - ages[k - 1]) / dur);
    out.push(min(prev, draw(prev * keep, model.noise(salt, c, d, k, stream))));
  }
  return out;
}

/** Subscribers in paid periods 1…n of the product's own duration. */
function chainPeriods(model: AppModel, salt: number, c: number, d: number, start: number, n: number): number[] {
  const out = [start];
  const r = model.renewProb[c];
  for (let k = 1; k < n; k++) {
    const prev = out[k - 1];
    out.push(prev === 0 ? 0 : min(prev, draw(prev * r, model.noise(salt, c, d, k, 2))));
  }
  return out;
}

/** Payments a subscriber makes in [lo, hi) days after the first one. */
function payments(dur: number, lo: number, hi: number): number {
  if (!Number.isFinite(dur)) return 0;
  return ceil(hi / dur - 1e-9) - ceil(lo / dur - 1e-9);
}

/** Segment key of (cell, install day) for the cohort endpoints, or null when unsegmented. */
function segmenter(model: AppModel, segmentation: string, unit: PeriodUnit): ((c: number, d: number) => string) | null {
  if (segmentation === 'default') return null;
  const dim = segmentDim(segmentation);
  if (dim) return (c) => model.cells[c].dims[dim];
  const dateUnit: PeriodUnit = segmentation === 'period' ? unit : (segmentation as PeriodUnit);
  return (_c, d) => dateOf(bucketStart(d, dateUnit));
}

function segTitle(model: AppModel, segmentation: string, unit: PeriodUnit, key: string): string {
  const dim = segmentDim(segmentation);
  if (dim) return model.title(dim, key);
  const day = parseDay(key);
  return day === null ? key : bucketLabel(day, segmentation === 'period' ? unit : (segmentation as PeriodUnit));
}

function* days(from: number, to: number): Generator<number> {
  for (let d = from; d <= to; d++) yield d;
}

// ---------------------------------------------------------------------------------------------
// Cohort

interface PeriodSums {
  inst: number;
  rev: number;
  proc: number;
  net: number;
  subs: number;
  subsc: number;
  paid: number;
  /** Total row only: period-1 sums of the cohorts that reached this period (the base of `*_relative`). */
  base?: PeriodSums;
}
const emptySums = (): PeriodSums => ({ inst: 0, rev: 0, proc: 0, net: 0, subs: 0, subsc: 0, paid: 0 });

export function cohortAnswer(ctx: Ctx): Record<string, unknown> {
  const { model, req, tz } = ctx;
  const unit = req.periodUnit;
  const [from, to] = req.range!;
  const byDays = req.params.period_type === 'days';
  const marks = byDays ? ((req.params.renewal_days as number[] | null) ?? DEFAULT_RENEWAL_DAYS) : [];
  const months = Number(req.params.prediction_months ?? 12);
  // period_type=days keys each value by the day mark itself (0, 7, 14…), as the live API does (API.md
  // §7.3); by renewals it is the 1-based period number.
  const periodKey = (k: number): number => (byDays ? marks[k] : k + 1);
  const cells = selectCells(model, req.filters);
  const rows: Record<string, unknown>[] = [];
  const totals: PeriodSums[] = [];
  let totalInstalls = 0;
  for (const b of buckets(from, to, unit, tz)) {
    let K = 0;
    if (byDays) K = marks.filter((m) => b.start + m <= to).length;
    else while (K < MAX_PERIODS && addUnits(b.start, unit, K) <= to) K++;
    K = max(1, K);
    const sums = Array.from({ length: K }, emptySums);
    let installs = 0,
      paid = 0,
      predRev = 0,
      predProc = 0,
      predNet = 0;
    for (const d of days(b.from, b.to)) {
      const base = model.cohortBase(tz, 0, d);
      const ages: number[] = [];
      for (let k = 0; k <= K; k++) {
        if (!byDays) ages.push(addUnits(d, unit, k) - d);
        else
          ages.push(
            k < marks.length
              ? marks[k]
              : marks[marks.length - 1] + max(1, marks[marks.length - 1] - (marks[marks.length - 2] ?? 0)),
          );
      }
      for (const c of cells) {
        const I = base.installs[c];
        if (I === 0) continue;
        installs += I;
        const P1 = base.paid[c],
          NS = base.nonsub[c];
        paid += P1;
        const price = model.price[c];
        const S = chainAt(model, 0, c, d, P1, ages.slice(0, K), 1);
        for (let k = 0; k < K; k++) {
          const subs = floor(S[k] * 1.04);
          const revC = subs * price * payments(model.durDays[c], ages[k], ages[k + 1]) + (k === 0 ? NS * price : 0);
          const procC = round(revC * model.keep[c]);
          const s = sums[k];
          s.rev += revC;
          s.proc += procC;
          s.net += round(procC / model.vatDiv[c]);
          s.subs += subs;
          s.subsc += S[k];
        }
        const dur = model.durDays[c];
        const n = Number.isFinite(dur) ? ceil((months * MONTH_DAYS) / dur) : 0;
        const r = model.renewProb[c];
        const pr = P1 * price * (r === 1 ? n : (1 - pow(r, n)) / (1 - r)) + NS * price;
        predRev += pr;
        predProc += pr * model.keep[c];
        predNet += (pr * model.keep[c]) / model.vatDiv[c];
      }
    }
    if (installs === 0) continue;
    totalInstalls += installs;
    sums.forEach((s, k) => {
      s.inst = installs;
      s.paid = paid;
      const t = (totals[k] ??= { ...emptySums(), base: emptySums() });
      t.inst += installs;
      t.paid += paid;
      t.rev += s.rev;
      t.proc += s.proc;
      t.net += s.net;
      t.subs += s.subs;
      t.subsc += s.subsc;
      const b1 = t.base!,
        p1 = sums[0];
      b1.rev += p1.rev;
      b1.proc += p1.proc;
      b1.net += p1.net;
      b1.subs += p1.subs;
      b1.subsc += p1.subsc;
    });
    const row = cohortRow(dateOf(b.start), 'single', b.label, sums, true, periodKey);
    row.predict =
      K < 2
        ? null
        : {
            months,
            revenue_usd: usd(predRev),
            proceeds_usd: usd(predProc),
            net_revenue_usd: usd(predNet),
            arpu_usd: ratio(predRev / 100, installs),
            arppu_usd: ratio(predRev / 100, paid),
          };
    rows.push(row);
  }
  const total = cohortRow(dateOf(from), 'total', 'Total', totals, false, periodKey);
  total.total_installs = totalInstalls;
  total.predict = null;
  return { data: [total, ...rows] };
}

function cohortRow(
  start: string,
  type: string,
  title: string,
  sums: PeriodSums[],
  single: boolean,
  periodKey: (k: number) => number,
): Record<string, unknown> {
  const p1 = sums[0] ?? emptySums();
  const inst = p1.inst;
  const paid = p1.paid;
  const tot = sums.reduce(
    (t, s) => ({
      ...t,
      rev: t.rev + s.rev,
      proc: t.proc + s.proc,
      net: t.net + s.net,
      subs: t.subs + s.subs,
      subsc: t.subsc + s.subsc,
    }),
    emptySums(),
  );
  const values = sums.map((s, k) => {
    const base = s.base ?? p1;
    return {
      period: periodKey(k),
      installs: s.inst,
      revenue_usd: usd(s.rev),
      proceeds_usd: usd(s.proc),
      net_revenue_usd: usd(s.net),
      revenue_relative: ratio(s.rev, base.rev) * 100,
      proceeds_relative: ratio(s.proc, base.proc) * 100,
      net_revenue_relative: ratio(s.net, base.net) * 100,
      subscriptions: s.subs,
      subscriptions_relative: ratio(s.subs, base.subs) * 100,
      subscribers: s.subsc,
      subscribers_relative: ratio(s.subsc, base.subsc) * 100,
      arpu_usd: ratio(s.rev / 100, s.inst),
      appu_usd: ratio(s.proc / 100, s.inst),
      anrpu_usd: ratio(s.net / 100, s.inst),
      arppu_usd: ratio(s.rev / 100, s.paid),
      apppu_usd: ratio(s.proc / 100, s.paid),
      anrppu_usd: ratio(s.net / 100, s.paid),
      arpas_usd: ratio(s.rev / 100, s.subsc),
      appas_usd: ratio(s.proc / 100, s.subsc),
      anrpas_usd: ratio(s.net / 100, s.subsc),
      currently_active_period: single && k === sums.length - 1,
    };
  });
  return {
    segment_start_date: start,
    type,
    title,
    total_installs: inst,
    total_subscriptions: tot.subs,
    total_paid_subscribers: paid,
    total_revenue_usd: usd(tot.rev),
    total_proceeds_usd: usd(tot.proc),
    total_net_revenue_usd: usd(tot.net),
    total_arpu_usd: ratio(tot.rev / 100, inst),
    total_appu_usd: ratio(tot.proc / 100, inst),
    total_anrpu_usd: ratio(tot.net / 100, inst),
    total_arppu_usd: ratio(tot.rev / 100, paid),
    total_apppu_usd: ratio(tot.proc / 100, paid),
    total_anrppu_usd: ratio(tot.net / 100, paid),
    total_arpas_usd: ratio(tot.rev / 100, tot.subsc),
    total_appas_usd: ratio(tot.proc / 100, tot.subsc),
    total_anrpas_usd: ratio(tot.net / 100, tot.subsc),
    predict: null,
    values,
  };
}

// ---------------------------------------------------------------------------------------------
// Conversion

/** Index in the paid-period chain (1-based) of a conversion step for a product of `dur` days; 0 = trial. */
function stepIndex(step: string, dur: number): number {
  const m = /^(\d+)\+$/.exec(step);
  if (!m) return Number(step);
  return Number.isFinite(dur) ? max(1, ceil((Number(m[1]) * MONTH_DAYS) / dur)) : 1;
}

interface Pair {
  from: number;
  to: number;
}

function conversionCounts(ctx: Ctx, range: [number, number], segKey: ((c: number, d: number) => string) | null) {
  const { model, req, tz } = ctx;
  const salt = saltOf(req);
  const fromP = req.params.from_period as string | null;
  const toP = String(req.params.to_period);
  const cells = selectCells(model, req.filters);
  const bks = buckets(range[0], range[1], req.periodUnit, tz);
  const segs = new Map<string, Pair[]>();
  const total = bks.map(() => ({ from: 0, to: 0 }));
  bks.forEach((b, bi) => {
    for (const d of days(b.from, b.to)) {
      const base = model.cohortBase(tz, salt, d);
      for (const c of cells) {
        const I = base.installs[c];
        if (I === 0) continue;
        const dur = model.durDays[c];
        let f: number, t: number;
        if (fromP === null) {
          f = I;
          if (toP === '0') t = base.trials[c];
          else t = stepCount(model, salt, c, d, base.paid[c], stepIndex(toP, dur));
        } else if (fromP === '0') {
          if (base.trials[c] === 0) continue; // trial → … counts trial users only
          f = base.trials[c];
          t = stepCount(model, salt, c, d, base.paid[c], stepIndex(toP, dur));
        } else {
          const kf = Number(fromP);
          const kt = max(kf, stepIndex(toP, dur));
          const chain = chainPeriods(model, salt, c, d, base.paid[c], kt);
          f = chain[kf - 1];
          t = chain[kt - 1];
        }
        if (f === 0 && t === 0) continue;
        total[bi].from += f;
        total[bi].to += t;
        if (segKey) {
          const key = segKey(c, d);
          let arr = segs.get(key);
          if (!arr) segs.set(key, (arr = bks.map(() => ({ from: 0, to: 0 }))));
          arr[bi].from += f;
          arr[bi].to += t;
        }
      }
    }
  });
  return { bks, segs, total };
}

function stepCount(model: AppModel, salt: number, c: number, d: number, paid: number, k: number): number {
  if (k <= 1) return paid;
  return chainPeriods(model, salt, c, d, paid, k)[k - 1];
}

export function conversionAnswer(ctx: Ctx): Record<string, unknown> {
  const { model, req } = ctx;
  const segKey = segmenter(model, req.segmentation, req.periodUnit);
  const { bks, segs, total } = conversionCounts(ctx, req.range!, segKey);
  const point = (bi: number, p: Pair) => ({
    x: bks[bi].x,
    value: ratio(p.to, p.from) * 100,
    value_from: p.from,
    value_to: p.to,
  });
  const sum = (ps: Pair[]) => ps.reduce((a, p) => ({ from: a.from + p.from, to: a.to + p.to }), { from: 0, to: 0 });
  const live = (p: Pair, bi: number) => p.from + p.to > 0 || bks[bi].to >= model.launchDay;
  const points = (ps: Pair[], dropZero: boolean) =>
    ps.map((p, bi) => ((dropZero ? p.from + p.to > 0 : live(p, bi)) ? point(bi, p) : null)).filter((p) => p !== null);
  const t = sum(total);
  let data: unknown[];
  // The long-horizon conversions (to 6+, 12+, 24+ months) answer with the summary only, `"data": []`, as
  // Adapty's official example for 1 → 6+ does [doc example]; a live-reconciled fixture does too [live].
  const summaryOnly = /\+$/.test(String(req.params.to_period));
  if (summaryOnly) {
    data = [];
  } else if (!segKey) {
    data = points(total, false);
  } else {
    const rows = [...segs].map(([type, ps]) => {
      const s = sum(ps);
      return {
        type,
        title: segTitle(model, req.segmentation, req.periodUnit, type),
        value: ratio(s.to, s.from) * 100,
        value_from: s.from,
        value_to: s.to,
        values: points(ps, true),
      };
    });
    data = [
      {
        type: 'total',
        title: 'Total',
        value: ratio(t.to, t.from) * 100,
        value_from: t.from,
        value_to: t.to,
        values: points(total, false),
      },
      ...bySize(rows, (r) => r.value_from),
    ];
  }
  const cmp = req.compare ? sum(conversionCounts(ctx, req.compare, null).total) : null;
  const fromId = req.params.from_period === null ? '' : String(req.params.from_period);
  const toId = String(req.params.to_period);
  const pair = CONVERSION_PAIRS.find((p) => p.from === fromId && p.to === toId);
  const label = (list: readonly { id: string; label: string }[], id: string) =>
    list.find((x) => x.id === id)?.label ?? `period ${id}`;
  const fromWord = label(FROM_PERIODS, fromId);
  const months = /^(\d+)\+$/.exec(toId);
  const toWord = months ? `more than ${months[1]} months` : label(TO_PERIODS, toId);
  // The official example's wording: "Conversion rate from Paid to more than 6 months" [doc example].
  const title = `Conversion rate from ${fromWord} to ${toWord}`;
  const [from, to] = req.range!;
  return {
    data,
    value: ratio(t.to, t.from) * 100,
    value_from: t.from,
    value_to: t.to,
    compare_value_from: cmp ? cmp.from : null,
    compare_value_to: cmp ? cmp.to : null,
    title,
    type: 'multi',
    default_aggregation: 'sum',
    description: `Share of users who reached "${toWord}" among those who reached "${fromWord}", in percent.`,
    metric_name: pair?.metric ?? `from_${fromId === '' ? 'install' : fromId}_to_${toId}_conversion`,
    is_json: true,
    unit: 'percent',
    recommended_period: { date_from: dateOf(from), date_to: dateOf(to), period_unit: recommendedUnit(to - from + 1) },
  };
}

// ---------------------------------------------------------------------------------------------
// Funnel

const FUNNEL_STEPS: readonly [number, string][] = [
  [-2, 'Install'],
  [-1, 'Paywall displayed'],
  [0, 'Trial'],
  [1, 'Paid'],
  [2, '2nd period'],
  [3, '3rd period'],
  [4, '4th period'],
  [5, '5th period'],
];
const N_STEPS = FUNNEL_STEPS.length;

export function funnelAnswer(ctx: Ctx): Record<string, unknown> {
  const { model, req, tz } = ctx;
  const cells = selectCells(model, req.filters);
  const [from, to] = req.range!;
  const bks = buckets(from, to, req.periodUnit, tz);
  const segKey = segmenter(model, req.segmentation, req.periodUnit);
  const reasons = new Map<string, Map<string, number[]>>(); // seg → reason → drop-off per step
  const accs = new Map<string, number[][]>(); // seg → step → per bucket
  const acc = (key: string) => {
    let a = accs.get(key);
    if (!a) accs.set(key, (a = FUNNEL_STEPS.map(() => bks.map(() => 0))));
    return a;
  };
  const reasonAcc = (key: string, reason: string) => {
    let m = reasons.get(key);
    if (!m) reasons.set(key, (m = new Map()));
    let r = m.get(reason);
    if (!r) m.set(reason, (r = FUNNEL_STEPS.map(() => 0)));
    return r;
  };
  bks.forEach((b, bi) => {
    for (const d of days(b.from, b.to)) {
      const base = model.cohortBase(tz, 0, d);
      for (const c of cells) {
        const I = base.installs[c];
        if (I === 0) continue;
        const P1 = base.paid[c];
        const T = base.trials[c] > 0 ? base.trials[c] : P1; // direct buyers pass through the trial step
        const chain = chainPeriods(model, 0, c, d, P1, 5);
        const counts = [I, base.paywall[c], T, ...chain];
        const keys = segKey ? ['total', segKey(c, d)] : ['total'];
        for (const key of keys) {
          const a = acc(key);
          for (let s = 0; s < N_STEPS; s++) a[s][bi] += counts[s];
          const rs = reasonAcc(key, model.cells[c].dims.cancellation_reason);
          for (let s = 3; s < N_STEPS - 1; s++) rs[s] += counts[s] - counts[s + 1];
        }
      }
    }
  });
  const live = bks.map((b) => b.to >= model.launchDay);
  const segmentObj = (key: string, title: string) => {
    const a = accs.get(key) ?? FUNNEL_STEPS.map(() => bks.map(() => 0));
    const totals = a.map((perBucket) => perBucket.reduce((x, y) => x + y, 0));
    const rs = reasons.get(key) ?? new Map<string, number[]>();
    const steps = FUNNEL_STEPS.map(([period, stepTitle], s) => {
      const value = totals[s];
      const next = s < N_STEPS - 1 ? totals[s + 1] : null;
      const paidStep = period >= 1;
      return {
        period,
        title: stepTitle,
        value,
        value_relative: ratio(value, totals[0]) * 100,
        relative_changes: s === 0 ? 100 : ratio(value, totals[s - 1]) * 100,
        following_changes:
          next === null
            ? null
            : { title: 'Drop off', value: value - next, value_relative: ratio(value - next, value) * 100 },
        churn_reason_title: paidStep ? 'Cancellation reasons' : null,
        churn_reasons:
          paidStep && next !== null
            ? bySize(
                [...rs]
                  .map(([type, drops]) => ({
                    type,
                    title: model.title('cancellation_reason', type),
                    value: drops[s],
                    value_relative: ratio(drops[s], value - next) * 100,
                  }))
                  .filter((r) => r.value > 0),
                (r) => r.value,
              )
            : [],
        values: bks.map((b, bi) => (live[bi] ? { x: b.x, value: a[s][bi] } : null)).filter((v) => v !== null),
      };
    });
    return { title, type: key, values: steps };
  };
  const data = [{ ...segmentObj('total', 'Total'), type: 'total' }];
  if (segKey) {
    const keys = bySize(
      [...accs.keys()].filter((k) => k !== 'total').map((type) => ({ type })),
      (r) => (accs.get(r.type)![0] ?? []).reduce((x, y) => x + y, 0),
    );
    for (const { type } of keys) data.push(segmentObj(type, segTitle(model, req.segmentation, req.periodUnit, type)));
  }
  return { data };
}

// ---------------------------------------------------------------------------------------------
// LTV

export function ltvAnswer(ctx: Ctx): Record<string, unknown> {
  const { model, req, tz } = ctx;
  const [from, to] = req.range!;
  const unit = req.periodUnit;
  const byDays = req.params.period_type === 'days';
  const cells = selectCells(model, req.filters);
  // Period k starts `age(d, k)` days after install; the number of periods is what the oldest install day reached.
  const age = (d: number, k: number) => (byDays ? (DEFAULT_RENEWAL_DAYS[k] ?? Infinity) : addUnits(d, unit, k) - d);
  let K = 0;
  while (K < MAX_PERIODS && from + age(from, K) <= to) K++;
  K = max(1, K);
  const segKey = segmenter(model, req.segmentation, unit);
  type Acc = { size: number; cum: Float64Array[] }; // cum[accounting][k] in cents
  const accs = new Map<string, Acc>();
  const acc = (key: string) => {
    let a = accs.get(key);
    if (!a) accs.set(key, (a = { size: 0, cum: [0, 1, 2].map(() => new Float64Array(K)) }));
    return a;
  };
  for (const d of days(from, to)) {
    const base = model.cohortBase(tz, 0, d);
    const ages: number[] = [];
    for (let k = 0; k <= K; k++) ages.push(age(d, k));
    if (byDays && !Number.isFinite(ages[K])) ages[K] = ages[K - 1] + max(1, ages[K - 1] - (ages[K - 2] ?? 0));
    for (const c of cells) {
      const I = base.installs[c];
      if (I === 0) continue;
      const keys = segKey ? ['total', segKey(c, d)] : ['total'];
      const S = chainAt(model, 0, c, d, base.paid[c], ages.slice(0, K), 3);
      const price = model.price[c];
      let rev = 0,
        proc = 0,
        net = 0;
      const perK: [number, number, number][] = [];
      for (let k = 0; k < K; k++) {
        if (d + ages[k] <= to) {
          // only periods that have begun count
          const r =
            S[k] * price * payments(model.durDays[c], ages[k], ages[k + 1]) + (k === 0 ? base.nonsub[c] * price : 0);
          const p = round(r * model.keep[c]);
          rev += r;
          proc += p;
          net += round(p / model.vatDiv[c]);
        }
        perK.push([rev, proc, net]);
      }
      for (const key of keys) {
        const a = acc(key);
        a.size += I;
        for (let k = 0; k < K; k++) for (let m = 0; m < 3; m++) a.cum[m][k] += perK[k][m];
      }
    }
  }
  const out: Record<string, unknown> = {};
  (['revenue', 'proceeds', 'net_revenue'] as const).forEach((name, m) => {
    const rowOf = (key: string, title: string, type: string) => {
      const a = accs.get(key) ?? { size: 0, cum: [0, 1, 2].map(() => new Float64Array(K)) };
      const values = Array.from(a.cum[m], (cents, k) => ({
        period: k + 1,
        ...(byDays ? { days: DEFAULT_RENEWAL_DAYS[k] } : {}),
        value: ratio(cents / 100, a.size),
      }));
      return { title, type, value: values[values.length - 1]?.value ?? 0, values, cohort_size: a.size };
    };
    const rows = [rowOf('total', 'Total', 'total')];
    if (segKey) {
      const segRows = [...accs.keys()]
        .filter((k) => k !== 'total')
        .map((k) => rowOf(k, segTitle(model, req.segmentation, unit, k), k));
      rows.push(
        ...(segmentDim(req.segmentation)
          ? bySize(segRows, (r) => r.cohort_size)
          : segRows.sort((x, y) => (x.type < y.type ? -1 : 1))),
      );
    }
    out[name] = {
      data: rows,
      description: `<div><p>Lifetime value: ${name.replace('_', ' ')} per install, accumulated period by period.</p></div>`,
      value: rows[0].value,
      unit: 'USD',
      title: 'LTV',
    };
  });
  return out;
}

// ---------------------------------------------------------------------------------------------
// Retention

const MAX_RETENTION_PERIODS = 24;

export function retentionAnswer(ctx: Ctx): Record<string, unknown> {
  const { model, req, tz } = ctx;
  const [from, to] = req.range!;
  const useTrial = req.params.use_trial === true;
  const cells = selectCells(model, req.filters).filter((c) => model.isSubscription(c));
  const segKey = segmenter(model, req.segmentation, req.periodUnit);
  let K = 1;
  for (const c of cells) {
    const dur = model.durDays[c];
    K = max(K, min(MAX_RETENTION_PERIODS, floor((to - from) / dur) + 1));
  }
  const first = useTrial ? 0 : 1;
  const n = K + 1 - first; // periods first…K
  const accs = new Map<string, number[]>();
  const acc = (key: string) => {
    let a = accs.get(key);
    if (!a) accs.set(key, (a = new Array(n).fill(0)));
    return a;
  };
  for (const d of days(from, to)) {
    const base = model.cohortBase(tz, 0, d);
    for (const c of cells) {
      if (base.installs[c] === 0) continue;
      if (useTrial && base.trials[c] === 0) continue;
      const dur = model.durDays[c];
      const chain = chainPeriods(model, 0, c, d, base.paid[c], K);
      const keys = segKey ? ['total', segKey(c, d)] : ['total'];
      for (const key of keys) {
        const a = acc(key);
        if (useTrial) a[0] += base.trials[c];
        for (let k = 1; k <= K; k++) {
          if (d + (k - 1) * dur > to) break; // this period has not begun for this install day
          a[k - first] += chain[k - 1];
        }
      }
    }
  }
  const rowOf = (key: string, title: string, type: string) => {
    const a = accs.get(key) ?? new Array(n).fill(0);
    const base = a[0];
    return {
      type,
      title,
      cohort_size: base,
      values: a.map((v, i) => ({ period: i + first, value: v, value_relative: ratio(v, base) * 100 })),
    };
  };
  const data = [rowOf('total', 'Total', 'total')];
  if (segKey) {
    const rows = [...accs.keys()]
      .filter((k) => k !== 'total')
      .map((k) => rowOf(k, segTitle(model, req.segmentation, req.periodUnit, k), k));
    data.push(...bySize(rows, (r) => r.cohort_size));
  }
  return {
    data,
    title: 'Subscription retention',
    metric_name: useTrial ? 'retention_from_trial' : 'retention',
    description: `Subscribers still paying in each subscription period${useTrial ? ', counted from the trial' : ''}, as a count and as a percent of period ${first}.`,
    value_type: req.params.value_type ?? null,
  };
}

export { periodX };
