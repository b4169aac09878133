/**
 * `metrics/conversion/` (Adapty's docs; README › Reference): `{data: [points or segments], value, value_from, value_to,
 * compare_value_from, compare_value_to, title, …}`. The points' shape is undocumented: read through the
 * generic engine (generic.ts). `value` is a percentage as the API gives it (0.8366 = 0.84 %).
 */
import type { Table } from '../table';
import type { NormaliseContext } from './context';
import { flattenFields, type Leaf } from './flatten';
import { genericTable } from './generic';
import { kindFromUnit, segmentLabel } from './labels';
import { expectArray, expectObj, textOf } from './shape';

const EP = 'conversion' as const;
const META = [
  'title',
  'type',
  'default_aggregation',
  'description',
  'metric_name',
  'is_json',
  'unit',
  'recommended_period',
];

export const CONVERSION_LABELS: Record<string, string> = {
  value: 'Conversion, %',
  value_from: 'Users at the start step',
  value_to: 'Users converted',
  compare_value_from: 'Compare: users at the start step',
  compare_value_to: 'Compare: users converted',
};

export function normaliseConversion(answer: unknown, ctx: NormaliseContext): Table {
  const root = expectObj(EP, answer, 'the answer');
  const data = expectArray(EP, root.data, '"data"');
  const top: Array<[string, Leaf]> = [];
  flattenFields(root, (p, l) => top.push([p, l]), { skip: ['data'], numbersOnly: META });
  const table = genericTable({
    endpoint: EP,
    series: [
      {
        key: null,
        label: CONVERSION_LABELS.value,
        valueKind: kindFromUnit(root.unit) ?? 'percent_points',
        data,
        where: '"data"',
        summary: [],
      },
    ],
    top,
    labels: CONVERSION_LABELS,
    segmentLabel: segmentLabel(ctx.params.segmentation),
    hasCompare: ctx.hasCompare,
    dateAxis: true,
  });
  if (data.length === 0 && table.rows.length > 0) headSummaryOnly(table);
  const title = textOf(root.title);
  if (title)
    (table.notes ??= []).unshift(
      `Conversion: ${title}${textOf(root.metric_name) ? ` (${textOf(root.metric_name)})` : ''}.`,
    );
  return table;
}

/**
 * `"data": []` with only the summary values (Adapty's official example, a live-reconciled fixture): the
 * table is the summary row, headed as the whole range rather than left with an empty Period.
 */
function headSummaryOnly(table: Table): void {
  const i = table.columns.findIndex((c) => c.key === 'period');
  if (i >= 0) {
    table.columns[i] = { ...table.columns[i], kind: 'text' };
    for (const row of table.rows) if (row[i] === null) row[i] = SUMMARY_ONLY_LABEL;
  }
  table.notes = [
    'Adapty answered with the summary only (no per-period points): the row is the whole range.',
    ...(table.notes ?? []).filter((n) => !/empty Period/.test(n)),
  ];
}

export const SUMMARY_ONLY_LABEL = 'Whole range';
