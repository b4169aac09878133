/**
 * `metrics/ltv/` (Adapty's docs; README › Reference): `{revenue: metric, proceeds: metric, net_revenue: metric}`, metric =
 * `{data: [{title, type, value, values: [… undocumented …], cohort_size}], value, unit, title, description}`.
 * Every metric present becomes a column (iterating the keys Adapty sends); values are joined on
 * segment + period through the generic engine (generic.ts).
 */
import type { Table } from '../table';
import type { NormaliseContext } from './context';
import { flattenFields, type Leaf } from './flatten';
import { genericTable, type GenericSeries } from './generic';
import { human, kindFromUnit, segmentLabel } from './labels';
import { badAnswer, expectObj, isObj } from './shape';
import { own } from '../own';

const EP = 'ltv' as const;
const META = ['title', 'description', 'unit', 'metric_name', 'type', 'is_json'];
const WORDS: Record<string, string> = { revenue: 'revenue', proceeds: 'proceeds', net_revenue: 'net revenue' };

export function normaliseLtv(answer: unknown, ctx: NormaliseContext): Table {
  const root = expectObj(EP, answer, 'the answer');
  const series: GenericSeries[] = [];
  const top: Array<[string, Leaf]> = [];
  const metricKeys = Object.keys(root).filter(
    (k) => isObj(root[k]) && Array.isArray((root[k] as Record<string, unknown>).data),
  );
  const metricOf = (key: string | null, m: Record<string, unknown>, where: string): GenericSeries => {
    const summary: Array<[string, Leaf]> = [];
    flattenFields(m, (p, l) => summary.push([p, l]), { skip: ['data'], numbersOnly: META });
    return {
      key,
      label: key === null ? 'LTV' : `LTV (${own(WORDS, key) ?? human(key).toLowerCase()})`,
      valueKind: kindFromUnit(m.unit) ?? 'usd',
      data: m.data as unknown[],
      where,
      summary,
    };
  };
  if (metricKeys.length > 0) {
    for (const k of metricKeys) series.push(metricOf(k, root[k] as Record<string, unknown>, `"${k}.data"`));
    flattenFields(root, (p, l) => top.push([p, l]), { skip: metricKeys });
  } else if (Array.isArray(root.data)) {
    // One metric without the revenue/proceeds/net_revenue wrapper.
    series.push(metricOf(null, root, '"data"'));
  } else {
    throw badAnswer(EP, 'expected metrics (revenue, proceeds, net_revenue), each with a "data" list', root);
  }
  return genericTable({
    endpoint: EP,
    series,
    top,
    labels: { period: 'Period', days: 'Day', cohort_size: 'Cohort size' },
    segmentLabel: segmentLabel(ctx.params.segmentation),
    hasCompare: ctx.hasCompare,
  });
}
