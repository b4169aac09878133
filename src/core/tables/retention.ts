/**
 * `metrics/retention/` (Adapty's docs; README › Reference): `{data: [… undocumented …], title, metric_name, description,
 * value_type}`. Read through the generic engine (generic.ts).
 */
import type { Table } from '../table';
import type { NormaliseContext } from './context';
import { flattenFields, type Leaf } from './flatten';
import { genericTable } from './generic';
import { segmentLabel } from './labels';
import { expectArray, expectObj } from './shape';

const EP = 'retention' as const;
const META = ['title', 'metric_name', 'description', 'value_type'];

export function normaliseRetention(answer: unknown, ctx: NormaliseContext): Table {
  const root = expectObj(EP, answer, 'the answer');
  const data = expectArray(EP, root.data, '"data"');
  const top: Array<[string, Leaf]> = [];
  flattenFields(root, (p, l) => top.push([p, l]), { skip: ['data'], numbersOnly: META });
  // [guess] with value_type=relative the plain `value` is a percentage too.
  const relative = (root.value_type ?? ctx.params.value_type) === 'relative';
  return genericTable({
    endpoint: EP,
    series: [
      {
        key: null,
        label: relative ? 'Retained (relative), %' : 'Subscribers',
        valueKind: relative ? 'percent_points' : 'auto',
        data,
        where: '"data"',
        summary: [],
      },
    ],
    top,
    labels: { period: 'Period', value_relative: 'Retained, %', cohort_size: 'Cohort size' },
    segmentLabel: segmentLabel(ctx.params.segmentation),
    hasCompare: ctx.hasCompare,
  });
}
