/**
 * `exports/placements/` (Adapty's docs; README › Reference): `{data: [{developer_id, placement_name, audience_name, segment_name,
 * cross_placement_ab_test_name, ab_test_name, paywall_name | onboarding_name}]}`. One row per item: the
 * known columns first, then any other field flattened (first-seen order).
 */
import type { Table } from '../table';
import { TableBuilder } from './builder';
import type { NormaliseContext } from './context';
import { flattenFields } from './flatten';
import { human, kindFromName } from './labels';
import { expectArray, expectObj, leafCell, scalarCell } from './shape';

const EP = 'placements' as const;

export const PLACEMENT_COLUMNS: ReadonlyArray<[string, string]> = [
  ['developer_id', 'Placement ID'],
  ['placement_name', 'Placement'],
  ['audience_name', 'Audience'],
  ['segment_name', 'Segment'],
  ['cross_placement_ab_test_name', 'Cross-placement A/B test'],
  ['ab_test_name', 'A/B test'],
];
/** Present only for their placement type. */
const TARGET_COLUMNS: ReadonlyArray<[string, string]> = [
  ['paywall_name', 'Paywall'],
  ['onboarding_name', 'Onboarding'],
];

export function normalisePlacements(answer: unknown, _ctx: NormaliseContext): Table {
  const root = expectObj(EP, answer, 'the answer');
  const data = expectArray(EP, root.data, '"data"');
  const b = new TableBuilder();
  for (const [k, label] of PLACEMENT_COLUMNS) b.col(k, label, 'text', { group: 0 });
  const known = new Set([...PLACEMENT_COLUMNS, ...TARGET_COLUMNS].map(([k]) => k));
  data.forEach((it, i) => {
    const item = expectObj(EP, it, `item ${i + 1} of "data"`);
    const row = b.row();
    for (const [k] of PLACEMENT_COLUMNS) row[b.index(k)!] = scalarCell(EP, item[k], `${k} of item ${i + 1}`);
    for (const [k, label] of TARGET_COLUMNS)
      if (item[k] !== undefined)
        row[b.col(k, label, 'text', { group: 1 })] = scalarCell(EP, item[k], `${k} of item ${i + 1}`);
    flattenFields(
      item,
      (p, l) => {
        if (l !== null) row[b.col(p, human(p), kindFromName(p), { group: 2 })] = leafCell(l);
      },
      { skip: known },
    );
  });
  // Answer-level extras (none documented) on a row of their own.
  const extras = b.row();
  flattenFields(
    root,
    (p, l) => {
      if (l !== null) extras[b.col(`answer.${p}`, human(p), kindFromName(p), { group: 3 })] = leafCell(l);
    },
    { skip: ['data'] },
  );
  if (extras.length === 0) b.rows.pop();
  if (data.length === 0) b.note('Adapty returned no placements of this type.');
  return b.build();
}
