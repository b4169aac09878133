/**
 * `metrics/funnel/` (Adapty's docs; README › Reference): `{data: [{title, type, values: [step…]}]}`, a step =
 * `{period, title, value, value_relative, relative_changes, following_changes: {title, value, value_relative},
 * churn_reason_title, churn_reasons: [], values: []}`. Step codes: -2 install, -1 paywall, 0 trial,
 * 1 first payment, 2… renewals.
 *
 * Layouts:
 * - `steps`: one row per segment × step; the step's figures, drop-off, one pair of columns per churn
 *   reason, then one column per period (from the step's own `values`, `{x, value}` points).
 * - `long`: one row per segment × step × period with the users reaching the step in that period; then a
 *   row per segment × step with an empty Period carrying the step's totals (same columns as `steps`).
 */
import type { Cell, Table } from '../table';
import { NO_DATA, TableBuilder } from './builder';
import type { NormaliseContext } from './context';
import { flatten, flattenFields } from './flatten';
import { human, kindFromName, segmentLabel } from './labels';
import { segmentId } from './segments';
import {
  expectArray,
  expectObj,
  isDateString,
  isObj,
  leafCell,
  optionalArray,
  periodDate,
  scalarCell,
  scalarText,
  textOf,
  type Obj,
} from './shape';

const EP = 'funnel' as const;
const STEP_KNOWN = [
  'period',
  'title',
  'value',
  'value_relative',
  'relative_changes',
  'following_changes',
  'churn_reason_title',
  'churn_reasons',
  'values',
];
const G_ID = 0,
  G_STEP = 1,
  G_EXTRA = 2,
  G_CHURN = 3,
  G_PERIOD = 4;

export function normaliseFunnel(answer: unknown, ctx: NormaliseContext): Table {
  const root = expectObj(EP, answer, 'the answer');
  const data = expectArray(EP, root.data, '"data"');
  const longLayout = ctx.layout === 'long';
  const b = new TableBuilder();
  b.col('segment', segmentLabel(ctx.params.segmentation), 'text', { group: G_ID });
  b.col('segment_key', 'Segment key', 'text', { group: G_ID });
  b.col('step_period', 'Step code', 'integer', { group: G_ID });
  b.col('step', 'Step', 'text', { group: G_ID });
  if (longLayout) b.col('period', 'Period', 'date', { group: G_ID });
  b.col('value', 'Users', 'auto', { group: G_STEP });

  const summaries: Cell[][] = [];
  data.forEach((segItem, si) => {
    const segObj = expectObj(EP, segItem, `segment ${si + 1} of "data"`);
    const seg = segmentId(EP, segObj, si, data.length);
    const steps = optionalArray(EP, segObj.values, `the steps ("values") of segment "${seg.key}"`);
    steps.forEach((stepItem, k) => {
      const step = expectObj(EP, stepItem, `step ${k + 1} of segment "${seg.key}"`);
      const idCells = (row: Cell[]) => {
        row[b.index('segment')!] = seg.title;
        row[b.index('segment_key')!] = seg.key;
        row[b.index('step_period')!] = scalarCell(
          EP,
          step.period,
          `the period of step ${k + 1} in segment "${seg.key}"`,
        );
        row[b.index('step')!] = scalarText(EP, step.title, `the title of step ${k + 1} in segment "${seg.key}"`);
      };
      const stepRow: Cell[] = [];
      idCells(stepRow);
      writeStepFields(b, stepRow, step);
      flattenFields(
        segObj,
        (p, l) => {
          if (l !== null)
            stepRow[b.col(`segment.${p}`, `Segment: ${human(p).toLowerCase()}`, kindFromName(p), { group: G_EXTRA })] =
              leafCell(l);
        },
        { skip: ['type', 'title', 'values'] },
      );

      const points = optionalArray(
        EP,
        step.values,
        `the periods ("values") of step "${textOf(step.title) ?? k + 1}" in segment "${seg.key}"`,
      );
      points.forEach((pt, j) => {
        if (!isObj(pt) || typeof pt.x !== 'string') {
          // Not a period point: keep it as generic columns of the step.
          flatten(
            pt,
            (p, l) => {
              if (l !== null) stepRow[b.col(p, human(p), kindFromName(p), { group: G_EXTRA })] = leafCell(l);
            },
            `values[${j}]`,
          );
          return;
        }
        const x = pt.x;
        const date = periodDate(x);
        if (longLayout) {
          const row: Cell[] = [];
          idCells(row);
          row[b.index('period')!] = date;
          flattenFields(
            pt,
            (p, l) => {
              if (l === null) return;
              if (p === 'value') row[b.index('value')!] = leafCell(l);
              else
                row[b.col(`period.${p}`, `Period: ${human(p).toLowerCase()}`, kindFromName(p), { group: G_EXTRA })] =
                  leafCell(l);
            },
            { skip: ['x'] },
          );
          b.rows.push(row);
        } else {
          flattenFields(
            pt,
            (p, l) => {
              if (l === null) return;
              const key = p === 'value' ? `period:${date}` : `period:${date}.${p}`;
              const label = p === 'value' ? date : `${date} (${human(p).toLowerCase()})`;
              const kind = p === 'value' ? 'auto' : kindFromName(p);
              if (
                !b.trySet(stepRow, key, label, kind, leafCell(l), {
                  group: G_PERIOD,
                  sort: `${x}\u0000${p === 'value' ? '' : p}`,
                })
              ) {
                stepRow[b.col(`${key}#${j}`, label, kind, { group: G_PERIOD, sort: `${x}\u0000${p}\u0000${j}` })] =
                  leafCell(l);
              }
            },
            { skip: ['x'] },
          );
        }
      });
      if (longLayout) summaries.push(stepRow);
      else b.rows.push(stepRow);
    });
  });
  for (const r of summaries) b.rows.push(r);
  if (!longLayout && b.rows.some((r) => r.length > 0))
    b.note('The dated columns are periods: the users reaching each step in that period.');
  if (longLayout && summaries.length)
    b.note('Rows with an empty Period hold each step’s totals over the whole range, drop-off and churn reasons.');
  if (b.rows.length === 0) b.note(NO_DATA);
  // Answer-level extras (none documented) go on a row of their own.
  const extras: Cell[] = [];
  flattenFields(
    root,
    (p, l) => {
      if (l !== null) extras[b.col(`answer.${p}`, human(p), kindFromName(p), { group: G_EXTRA })] = leafCell(l);
    },
    { skip: ['data'] },
  );
  if (extras.length) b.rows.push(extras);
  const table = b.build();
  // A period's column is headed by its date: a date in the sheet, not the text "2026-07-01".
  for (const c of table.columns) if (/^period:[^.]*$/.test(c.key) && isDateString(c.label)) c.dateHeader = true;
  return table;
}

function writeStepFields(b: TableBuilder, row: Cell[], step: Obj): void {
  const set = (key: string, label: string, kind: 'auto' | 'percent_points', v: unknown) => {
    if (v === undefined) return;
    const cell = scalarCell(EP, v, `the step's ${key}`);
    if (cell === null && b.index(key) === undefined) {
      b.col(key, label, kind, { group: G_STEP });
      return;
    }
    row[b.col(key, label, kind, { group: G_STEP })] = cell;
  };
  set('value', 'Users', 'auto', step.value);
  set('value_relative', 'Of the first step, %', 'percent_points', step.value_relative);
  set('relative_changes', 'Of the previous step, %', 'percent_points', step.relative_changes);
  const fc = step.following_changes;
  if (isObj(fc)) {
    set('drop_off', 'Drop-off', 'auto', fc.value);
    set('drop_off_relative', 'Drop-off, %', 'percent_points', fc.value_relative);
    flattenFields(
      fc,
      (p, l) => {
        if (l !== null)
          row[
            b.col(`following_changes.${p}`, `Following changes: ${human(p).toLowerCase()}`, kindFromName(p), {
              group: G_EXTRA,
            })
          ] = leafCell(l);
      },
      { skip: ['value', 'value_relative'], numbersOnly: ['title'] },
    );
  } else if (fc !== undefined && fc !== null) {
    flatten(
      fc,
      (p, l) => {
        if (l !== null) row[b.col(p, human(p), kindFromName(p), { group: G_EXTRA })] = leafCell(l);
      },
      'following_changes',
    );
  }
  flattenFields(
    step,
    (p, l) => {
      if (l !== null) row[b.col(p, human(p), kindFromName(p), { group: G_EXTRA })] = leafCell(l);
    },
    { skip: STEP_KNOWN.filter((k) => k !== 'churn_reason_title'), numbersOnly: ['churn_reason_title'] },
  );

  const reasons = step.churn_reasons;
  if (reasons === undefined || reasons === null) return;
  if (!Array.isArray(reasons)) {
    flatten(
      reasons,
      (p, l) => {
        if (l !== null) row[b.col(p, human(p), kindFromName(p), { group: G_EXTRA })] = leafCell(l);
      },
      'churn_reasons',
    );
    return;
  }
  reasons.forEach((r, i) => {
    if (!isObj(r)) {
      flatten(
        r,
        (p, l) => {
          if (l !== null) row[b.col(p, human(p), kindFromName(p), { group: G_EXTRA })] = leafCell(l);
        },
        `churn_reasons[${i}]`,
      );
      return;
    }
    const type = scalarText(EP, r.type, `the type of churn reason ${i + 1}`);
    const rTitle = scalarText(EP, r.title, `the title of churn reason ${i + 1}`);
    const key = type ?? rTitle ?? `#${i + 1}`;
    const title = rTitle ?? key;
    const put = (suffix: string, label: string, kind: 'auto' | 'percent_points', v: unknown) => {
      const cell = scalarCell(EP, v, `churn reason "${key}"${suffix}`);
      if (cell === null) return;
      const k = `churn:${key}${suffix}`;
      // The same reason twice in one step keeps both numbers.
      if (!b.trySet(row, k, label, kind, cell, { group: G_CHURN }))
        row[b.col(`${k}#${i + 1}`, `${label} (#${i + 1})`, kind, { group: G_CHURN })] = cell;
    };
    put('', `Churn: ${title}`, 'auto', r.value);
    put(':relative', `Churn: ${title}, %`, 'percent_points', r.value_relative);
    flattenFields(
      r,
      (p, l) =>
        put(
          `.${p}`,
          `Churn: ${title} (${human(p).toLowerCase()})`,
          kindFromName(p) === 'percent_points' ? 'percent_points' : 'auto',
          l,
        ),
      { skip: ['type', 'title', 'value', 'value_relative'] },
    );
  });
}
