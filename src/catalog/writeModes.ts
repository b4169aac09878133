/**
 * How a run writes into its block: the sidebar's Write mode control, saved reports, schedules, the
 * server's input check and the README read this registry. Which layouts Merge works for is said by the
 * layouts themselves (`LayoutDef.merge` in layouts.ts).
 */

export type WriteModeId = 'overwrite' | 'append' | 'merge';

export interface WriteModeDef {
  id: WriteModeId;
  label: string;
  help: string;
}

export const WRITE_MODES: readonly WriteModeDef[] = [
  { id: 'overwrite', label: 'Replace', help: 'Each run replaces the block with the latest answer.' },
  {
    id: 'append',
    label: 'Append below',
    help: 'Each run adds its rows under the block, with a Snapshot column saying when they were taken.',
  },
  {
    id: 'merge',
    label: 'Merge',
    help: 'Rows are keyed by period and segment: a refresh replaces the rows of the periods it covers (Adapty restates recent days) and keeps every older row, sorted by period. After the first run only the refresh window is requested.',
  },
];

export const WRITE_MODE_IDS: readonly WriteModeId[] = WRITE_MODES.map((m) => m.id);

/**
 * Merge's refresh window, in days: a refresh of a merged block asks only for the last `window` days of
 * the report's range (widened to whole periods), so a daily schedule sends a small request.
 */
export const MERGE_WINDOW = {
  default: 30,
  min: 1,
  max: 400,
  label: 'Refresh window (days)',
  help: 'A refresh of a merged block requests only this many last days of the range; older rows stay as they are.',
} as const;
