/** Builds the answer of a validated request, as JSON or as CSV text. */
import Papa from 'papaparse';
import { analyticsAnswer } from './analytics';
import { cohortAnswer, conversionAnswer, funnelAnswer, ltvAnswer, retentionAnswer } from './cohorts';
import type { Ctx } from './query';

export function jsonAnswer(ctx: Ctx): unknown {
  switch (ctx.req.endpoint) {
    case 'analytics':
      return analyticsAnswer(ctx);
    case 'cohort':
      return cohortAnswer(ctx);
    case 'conversion':
      return conversionAnswer(ctx);
    case 'funnel':
      return funnelAnswer(ctx);
    case 'ltv':
      return ltvAnswer(ctx);
    case 'retention':
      return retentionAnswer(ctx);
    case 'placements':
      return placementsAnswer(ctx);
  }
}

// ---------------------------------------------------------------------------------------------
// Placements (API.md §4.7)

function placementsAnswer(ctx: Ctx): Record<string, unknown> {
  const { model, req } = ctx;
  const type = req.placementType === 'onboarding' ? 'onboarding' : 'paywall';
  const data: Record<string, unknown>[] = [];
  for (const p of model.placements) {
    if (p.type !== type) continue;
    for (const e of p.entries) {
      const audience = model.audiences.find((a) => a.id === e.audience)!;
      const target = type === 'paywall' ? (model.paywalls.find((w) => w.id === e.target)?.title ?? e.target) : e.target;
      data.push({
        developer_id: p.id,
        placement_name: p.title,
        audience_name: audience.title,
        segment_name: audience.segment,
        cross_placement_ab_test_name: e.crossAbTest,
        ab_test_name: e.abTest,
        [type === 'paywall' ? 'paywall_name' : 'onboarding_name']: target,
      });
    }
  }
  return { data };
}

// ---------------------------------------------------------------------------------------------
// CSV: the emulator's own layout (the real one is undocumented, API.md §4.8 and §6.1)

type Cell = string | number | boolean | null;
type Obj = Record<string, unknown>;
const arr = (v: unknown): Obj[] => (Array.isArray(v) ? (v as Obj[]) : []);

export function csvAnswer(ctx: Ctx, json: unknown): string {
  const rows = csvRows(ctx, json as Obj);
  return Papa.unparse(rows, { newline: '\r\n', escapeFormulae: false });
}

function csvRows(ctx: Ctx, j: Obj): Cell[][] {
  const { req } = ctx;
  switch (req.endpoint) {
    case 'analytics': {
      const series = j.data as Record<string, Obj>;
      const xs: string[] = [];
      for (const s of Object.values(series))
        for (const r of arr(s.data)) for (const v of arr(r.values)) if (!xs.includes(String(v.x))) xs.push(String(v.x));
      xs.sort();
      const out: Cell[][] = [['Metric', 'Segment', 'Segment key', ...xs.map((x) => x.slice(0, 10)), 'Value']];
      for (const s of Object.values(series)) {
        for (const r of arr(s.data)) {
          const byX = new Map(arr(r.values).map((v) => [String(v.x), v.y as number]));
          out.push([
            String(s.metric_name),
            (r.title as string) ?? 'Total',
            (r.type as string) ?? 'total',
            ...xs.map((x) => byX.get(x) ?? ''),
            (r.value as number) ?? (s.value as number),
          ]);
        }
      }
      return out;
    }
    case 'cohort': {
      const rows = arr(j.data);
      const n = Math.max(0, ...rows.map((r) => arr(r.values).length));
      const field = cohortField(
        String(req.params.value_field ?? 'revenue'),
        String(req.params.accounting_type ?? 'revenue'),
      );
      const relative = req.params.value_type === 'relative';
      const out: Cell[][] = [
        [
          'Cohort',
          'Type',
          'Installs',
          'Paid subscribers',
          'Revenue, USD',
          ...Array.from({ length: n }, (_, k) => `Period ${k + 1}`),
        ],
      ];
      for (const r of rows) {
        const vals = arr(r.values);
        const first = Number(vals[0]?.[field] ?? 0);
        const cell = (v: Obj) => {
          if (!relative) return v[field] as number;
          const rel = v[field.replace(/_usd$/, '') + '_relative'];
          return typeof rel === 'number' ? rel : first === 0 ? 0 : (Number(v[field]) / first) * 100;
        };
        out.push([
          String(r.segment_start_date),
          String(r.type),
          r.total_installs as number,
          r.total_paid_subscribers as number,
          r.total_revenue_usd as number,
          ...Array.from({ length: n }, (_, k) => (vals[k] ? cell(vals[k]) : '')),
        ]);
      }
      return out;
    }
    case 'conversion': {
      const out: Cell[][] = [['Segment', 'Segment key', 'Period', 'From', 'To', 'Conversion, %']];
      const rows = arr(j.data);
      const segmented = rows.length > 0 && rows[0].values !== undefined;
      const emit = (title: string, type: string, points: Obj[]) => {
        for (const p of points)
          out.push([
            title,
            type,
            String(p.x).slice(0, 10),
            p.value_from as number,
            p.value_to as number,
            p.value as number,
          ]);
      };
      if (segmented) for (const r of rows) emit(String(r.title), String(r.type), arr(r.values));
      else emit('Total', 'total', rows);
      return out;
    }
    case 'funnel': {
      const out: Cell[][] = [
        ['Segment', 'Segment key', 'Step', 'Step period', 'Value', 'Of installs, %', 'Drop off', 'Drop off, %'],
      ];
      for (const seg of arr(j.data)) {
        for (const s of arr(seg.values)) {
          const f = s.following_changes as Obj | null;
          out.push([
            String(seg.title),
            String(seg.type),
            String(s.title),
            s.period as number,
            s.value as number,
            s.value_relative as number,
            f ? (f.value as number) : '',
            f ? (f.value_relative as number) : '',
          ]);
        }
      }
      return out;
    }
    case 'ltv': {
      const metrics = Object.entries(j) as [string, Obj][];
      const n = Math.max(0, ...metrics.flatMap(([, m]) => arr(m.data).map((r) => arr(r.values).length)));
      const out: Cell[][] = [
        [
          'Accounting',
          'Segment',
          'Segment key',
          'Cohort size',
          ...Array.from({ length: n }, (_, k) => `Period ${k + 1}`),
        ],
      ];
      for (const [name, m] of metrics) {
        for (const r of arr(m.data)) {
          const vals = arr(r.values);
          out.push([
            name,
            String(r.title),
            String(r.type),
            r.cohort_size as number,
            ...Array.from({ length: n }, (_, k) => (vals[k] ? (vals[k].value as number) : '')),
          ]);
        }
      }
      return out;
    }
    case 'retention': {
      const rows = arr(j.data);
      const periods = arr(rows[0]?.values).map((v) => v.period as number);
      const relative = req.params.value_type === 'relative';
      const out: Cell[][] = [['Segment', 'Segment key', 'Cohort size', ...periods.map((p) => `Period ${p}`)]];
      for (const r of rows) {
        const vals = arr(r.values);
        out.push([
          String(r.title),
          String(r.type),
          r.cohort_size as number,
          ...vals.map((v) => (relative ? v.value_relative : v.value) as number),
        ]);
      }
      return out;
    }
    case 'placements': {
      const rows = arr(j.data);
      const targetKey = req.placementType === 'onboarding' ? 'onboarding_name' : 'paywall_name';
      const out: Cell[][] = [
        [
          'Developer ID',
          'Placement',
          'Audience',
          'Segment',
          'Cross-placement A/B test',
          'A/B test',
          targetKey === 'paywall_name' ? 'Paywall' : 'Onboarding',
        ],
      ];
      for (const r of rows)
        out.push([
          r.developer_id,
          r.placement_name,
          r.audience_name,
          r.segment_name,
          r.cross_placement_ab_test_name,
          r.ab_test_name,
          r[targetKey],
        ] as Cell[]);
      return out;
    }
  }
}

/** The cohort value field behind value_field × accounting_type. */
function cohortField(valueField: string, accounting: string): string {
  const prefix: Record<string, Record<string, string>> = {
    arpu: { revenue: 'arpu', proceeds: 'appu', net_revenue: 'anrpu' },
    arppu: { revenue: 'arppu', proceeds: 'apppu', net_revenue: 'anrppu' },
    arpas: { revenue: 'arpas', proceeds: 'appas', net_revenue: 'anrpas' },
  };
  if (valueField === 'subscribers' || valueField === 'subscriptions') return valueField;
  if (valueField === 'revenue') return `${accounting}_usd`;
  return `${prefix[valueField]?.[accounting] ?? valueField}_usd`;
}
