/**
 * `metrics/cohort/` (Adapty's docs; README › Reference): `{data: [cohort…]}`, a cohort = `{segment_start_date, type, title,
 * total_installs, total_*_usd…, predict, values: [{period, installs, revenue_usd, …, currently_active_period}]}`.
 *
 * Layouts:
 * - `triangle`: one row per cohort; Installs, Paid subscribers and the cohort total of the chosen value;
 *   then one column per period (`Period 1…`, or `Day 0, Day 3…` with period_type=days) holding
 *   value_field × accounting_type (relative values with value_type=relative); then `predict` flattened.
 * - `long`: one row per cohort × period with every field of both (cohort fields repeated on each row).
 */
import { DEFAULT_RENEWAL_DAYS } from '../../catalog/catalog';
import type { Cell, Table } from '../table';
import { TableBuilder, type KindSpec } from './builder';
import type { Measure, NormaliseContext } from './context';
import { flatten, flattenFields } from './flatten';
import { human, kindFromName } from './labels';
import { expectArray, expectObj, leafCell, optionalArray, scalarCell, scalarText, textOf, type Obj } from './shape';
import { own } from '../own';

const EP = 'cohort' as const;

const PER_USER: Record<string, Record<Measure, string>> = {
  arpu: { revenue: 'arpu', proceeds: 'appu', net_revenue: 'anrpu' },
  arppu: { revenue: 'arppu', proceeds: 'apppu', net_revenue: 'anrppu' },
  arpas: { revenue: 'arpas', proceeds: 'appas', net_revenue: 'anrpas' },
};
const VALUE_LABELS: Record<string, string> = {
  revenue: 'Revenue',
  arpu: 'ARPU',
  arppu: 'ARPPU',
  arpas: 'ARPAS',
  subscribers: 'Subscribers',
  subscriptions: 'Subscriptions',
};
const ACCOUNTING_WORDS: Record<Measure, string> = { revenue: 'gross', proceeds: 'proceeds', net_revenue: 'net' };

/** The value fields behind value_field × accounting_type: absolute, relative, and the cohort total. */
export function cohortFields(
  valueField: string,
  accounting: Measure,
): { field: string; relative: string; total: string | null } {
  if (valueField === 'subscribers')
    return { field: 'subscribers', relative: 'subscribers_relative', total: 'total_paid_subscribers' };
  if (valueField === 'subscriptions')
    return { field: 'subscriptions', relative: 'subscriptions_relative', total: 'total_subscriptions' };
  if (valueField === 'revenue')
    return { field: `${accounting}_usd`, relative: `${accounting}_relative`, total: `total_${accounting}_usd` };
  const base = own(own(PER_USER, valueField), accounting) ?? valueField;
  return { field: `${base}_usd`, relative: `${base}_relative`, total: `total_${base}_usd` };
}

interface Cohort {
  obj: Obj;
  values: Obj[];
}

function parse(answer: unknown): { root: Obj; cohorts: Cohort[] } {
  const root = expectObj(EP, answer, 'the answer');
  const data = expectArray(EP, root.data, '"data"');
  const cohorts = data.map((c, i) => {
    const obj = expectObj(EP, c, `cohort ${i + 1} of "data"`);
    const where = `cohort ${textOf(obj.segment_start_date) ?? textOf(obj.title) ?? i + 1}`;
    const values = optionalArray(EP, obj.values, `the periods ("values") of ${where}`).map((v, j) =>
      expectObj(EP, v, `period ${j + 1} of ${where}`),
    );
    return { obj, values };
  });
  return { root, cohorts };
}

function periodOf(v: Obj, j: number): number {
  return typeof v.period === 'number' && Number.isInteger(v.period) ? v.period : j + 1;
}

/**
 * With period_type=days the live API keys each value by `period` = the day mark itself (0, 7, 14…), not
 * a 1-based index into the marks (API.md §7.3): a period that is one of the marks is labelled by it.
 */
function dayMarks(ctx: NormaliseContext): number[] | null {
  if (ctx.params.period_type !== 'days') return null;
  const rd = ctx.params.renewal_days;
  return Array.isArray(rd) && rd.every((d) => typeof d === 'number') ? rd : [...DEFAULT_RENEWAL_DAYS];
}

function idCols(b: TableBuilder): void {
  b.col('cohort', 'Cohort', 'date', { group: 0 });
  b.col('type', 'Type', 'text', { group: 0 });
  b.col('title', 'Title', 'text', { group: 0 });
}

function idCells(b: TableBuilder, row: Cell[], c: Obj): void {
  row[b.index('cohort')!] = scalarCell(EP, c.segment_start_date, "a cohort's segment_start_date");
  row[b.index('type')!] = scalarText(EP, c.type, "a cohort's type");
  row[b.index('title')!] = scalarText(EP, c.title, "a cohort's title");
}

export function normaliseCohort(answer: unknown, ctx: NormaliseContext): Table {
  const { root, cohorts } = parse(answer);
  return ctx.layout === 'long' ? long(cohorts, ctx, root) : triangle(cohorts, ctx);
}

function triangle(cohorts: Cohort[], ctx: NormaliseContext): Table {
  const b = new TableBuilder();
  idCols(b);
  const valueField = typeof ctx.params.value_field === 'string' ? ctx.params.value_field : 'revenue';
  const accounting =
    ctx.measure ?? (typeof ctx.params.accounting_type === 'string' ? ctx.params.accounting_type : 'revenue');
  const relative = ctx.params.value_type === 'relative';
  const f = cohortFields(valueField, accounting);
  const marks = dayMarks(ctx);
  const money = /_usd$/.test(f.field);
  const what = `${own(VALUE_LABELS, valueField) ?? human(valueField)}${money ? ` (${own(ACCOUNTING_WORDS, accounting) ?? accounting}${relative ? '' : ', USD'})` : ''}${relative ? ', % of the first period' : ''}`;
  b.note(`Each period column shows ${what}. The long layout has every field.`);
  let fellBack = false;

  b.col('total_installs', 'Installs', 'auto', { group: 1 });
  b.col('total_paid_subscribers', 'Paid subscribers', 'auto', { group: 1 });
  for (const { obj, values } of cohorts) {
    const row = b.row();
    idCells(b, row, obj);
    for (const k of ['total_installs', 'total_paid_subscribers']) row[b.index(k)!] = scalarCell(EP, own(obj, k), k);
    if (f.total && f.total !== 'total_paid_subscribers' && own(obj, f.total) !== undefined) {
      row[b.col(f.total, human(f.total), kindFromName(f.total), { group: 1 })] = scalarCell(
        EP,
        own(obj, f.total),
        f.total,
      );
    }
    values.forEach((v, j) => {
      const p = periodOf(v, j);
      let cell: unknown;
      let kind: KindSpec;
      if (relative && own(v, f.relative) !== undefined) {
        cell = own(v, f.relative);
        kind = 'percent_points';
      } else {
        if (relative) fellBack = true;
        cell = own(v, f.field);
        kind = money ? 'usd' : 'auto';
      }
      const label = marks && marks.includes(p) ? `Day ${p}` : `Period ${p}`;
      row[b.col(`period_${p}`, label, kind, { group: 2, sort: p })] = scalarCell(
        EP,
        cell,
        `${relative && kind === 'percent_points' ? f.relative : f.field} of period ${p}`,
      );
    });
    if (obj.predict !== undefined && obj.predict !== null) {
      flatten(
        obj.predict,
        (path, l) => {
          if (l !== null) row[b.col(path, human(path), kindFromName(path), { group: 3 })] = leafCell(l);
        },
        'predict',
      );
    }
  }
  if (fellBack)
    b.note(`Adapty's answer has no relative field (${f.relative}) for this value; the periods show absolute values.`);
  if (cohorts.length === 0) b.note('Adapty returned no cohorts for this request.');
  return b.build();
}

function long(cohorts: Cohort[], ctx: NormaliseContext, root: Obj): Table {
  const b = new TableBuilder();
  idCols(b);
  const marks = dayMarks(ctx);
  b.col('period', 'Period', 'integer', { group: 1 });
  if (marks) b.col('day', 'Day', 'integer', { group: 1 });
  for (const { obj, values } of cohorts) {
    const cohortCells: Array<[number, Cell]> = [];
    flattenFields(
      obj,
      (p, l) => {
        if (l !== null) cohortCells.push([b.col(p, human(p), kindFromName(p), { group: 4 }), leafCell(l)]);
      },
      { skip: ['segment_start_date', 'type', 'title', 'values'] },
    );
    const start = (): Cell[] => {
      const row = b.row();
      idCells(b, row, obj);
      for (const [i, c] of cohortCells) row[i] = c;
      return row;
    };
    if (values.length === 0) {
      start();
      continue;
    }
    values.forEach((v, j) => {
      const row = start();
      const p = periodOf(v, j);
      row[b.index('period')!] = p;
      if (marks && marks.includes(p)) row[b.index('day')!] = p;
      // A non-integer period is not an index: it is kept as a field of its own.
      flattenFields(
        v,
        (path, l) => {
          if (l !== null) row[b.col(`value.${path}`, human(path), valueKind(path), { group: 3 })] = leafCell(l);
        },
        { skip: v.period === p ? ['period'] : [] },
      );
    });
  }
  // Answer-level fields (none documented) on a row of their own, so no number is dropped.
  const extras = b.row();
  flattenFields(
    root,
    (p, l) => {
      if (l !== null) extras[b.col(`answer.${p}`, human(p), kindFromName(p), { group: 5 })] = leafCell(l);
    },
    { skip: ['data'] },
  );
  if (extras.length === 0) b.rows.pop();
  if (cohorts.length === 0) b.note('Adapty returned no cohorts for this request.');
  return b.build();
}

function valueKind(path: string): KindSpec {
  if (path === 'currently_active_period') return 'boolean';
  return kindFromName(path);
}
