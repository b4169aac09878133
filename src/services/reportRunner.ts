/**
 * Runs reports into sheets: fetch every report first (together, within the rate limit), then write each
 * fully built table; a report whose fetch or answer failed writes nothing, so its old block stays as it was.
 * Every run is logged in the Adapty Log sheet.
 */
import { zonedToInstant } from '../core/dates/zones';
import { AdaptyError, redactError } from '../core/errors';
import type { ReportSpec } from '../core/request';
import { chartStyleOf, type BlockRef, type RunnableReport } from '../core/report';
import type { Cell, Table } from '../core/table';
import { rangeLabel } from '../core/tables/compare';
import { compareRoleLabels, compareWindow, mergeRows, mergeRule, mergeWindow } from '../core/merge';
import { rowKeys, signatureOf } from '../core/rowSignature';
import { planTable } from '../core/writePlan';
import { appsScriptTimeZone, formatInZone } from '../adapters/appsScriptPorts';
import { writeBlock, type ChartPlan, type WriteResult } from '../adapters/blockWriter';
import { findSavedBlock, type Target } from '../adapters/blockLocator';
import { appendLog, type LogEntry } from '../adapters/logSheet';
import { placeBlock, tagWritten, type Placement } from './blockPlacement';
import type { Env } from './env';
import { build, fetchReports, type FetchResult } from './reportFetcher';
import { nothingMatched } from './filterValues';

type Spreadsheet = GoogleAppsScript.Spreadsheet.Spreadsheet;

export interface RunOutcome {
  report: RunnableReport;
  ok: boolean;
  error?: AdaptyError;
  write?: WriteResult & { sheetName: string; sheetId: number; sig?: string };
  /** Nothing was written: the write would replace cells that are not the block's own (sidebar runs ask). */
  confirm?: Placement['confirm'];
  ms: number;
  fromCache: boolean;
  /** The report ran, but looks wrong: every number is zero and a filter value is not the app's. */
  warning?: string;
}

/** What a saved report remembers of its block (bounded: a sheet name is at most 100 characters). */
export function blockRecord(w: NonNullable<RunOutcome['write']>): BlockRef {
  return { sheetId: w.sheetId, sheetName: w.sheetName, a1: w.a1, chart: w.drawn, ...(w.sig ? { sig: w.sig } : {}) };
}

/**
 * What a report's chart shows, as block columns (0-based) and how many data rows: a line per series or
 * segment over the dated rows (summaries below them are left out), a funnel's users per step, or a
 * colour scale over the cohort triangle. A compared report's chart also draws each compare value
 * column (`compare`), never Δ or Δ %: they are differences, not the same measure on another range.
 */
export function chartPlan(report: RunnableReport, table: Table): ChartPlan | null {
  if (!report.chart || report.mode === 'append') return null;
  const cols = table.columns;
  const ep = report.spec.endpoint;
  const style = chartStyleOf(report);
  if (ep === 'cohort') {
    // Both ranges' periods (period_3, period_3@compare), never their Δ or Δ %.
    const idx = cols.map((c, i) => (/^period_[^@]*(@compare)?$/.test(c.key) ? i : -1)).filter((i) => i >= 0);
    return idx.length && style?.scale
      ? { kind: 'heat', columns: idx, rows: table.rows.length, scale: style.scale }
      : null;
  }
  if (ep === 'funnel') {
    const step = cols.findIndex((c) => c.key === 'step');
    const users = cols.findIndex((c) => c.key === 'value');
    const total = cols.findIndex((c) => c.key === 'segment_key');
    const rows = table.rows.findIndex((r) => total >= 0 && r[total] !== table.rows[0]?.[total]);
    const compare = cols[users + 1]?.key === 'value@compare' ? [users + 1] : [];
    return step >= 0 && users >= 0
      ? {
          kind: (style?.id ?? 'column') as ChartPlan['kind'],
          columns: [step, users, ...compare],
          rows: rows < 0 ? table.rows.length : rows,
          compare,
        }
      : null;
  }
  const numeric = cols
    .map((c, i) =>
      i > 0 && ['usd', 'number', 'integer', 'percent_points'].includes(c.kind) && !/@delta|compare_value/.test(c.key)
        ? i
        : -1,
    )
    .filter((i) => i > 0);
  const dated = table.rows.findIndex((r) => r[0] === null || r[0] === '');
  return numeric.length && cols[0]?.kind === 'date'
    ? {
        kind: 'line',
        columns: [0, ...numeric],
        rows: dated < 0 ? table.rows.length : dated,
        compare: numeric.filter((i) => cols[i].key.endsWith('@compare')),
      }
    : null;
}

/** A segmented analytics chart needs one column per segment: use the wide layout unless one was chosen. */
export function specForChart(report: RunnableReport): ReportSpec {
  const seg = report.spec.params?.segmentation ?? report.spec.params?.segmentation_by;
  if (
    report.chart &&
    report.mode !== 'append' &&
    report.spec.endpoint === 'analytics' &&
    seg &&
    seg !== 'default' &&
    !report.spec.layout
  ) {
    return { ...report.spec, layout: 'wide' };
  }
  return report.spec;
}

/**
 * What a run asks Adapty for. A merged saved report whose block already holds rows asks only for its
 * refresh window (the last days of its range): the older rows stay in the block as they are.
 */
export function specToFetch(ss: Spreadsheet, env: Env, report: RunnableReport): ReportSpec {
  const spec = specForChart(report);
  if (report.mode !== 'merge' || !report.block) return spec;
  const prev = findSavedBlock(ss, report)?.previous;
  if (!prev || prev.rows <= (report.headers ? 1 : 0)) return spec;
  let built;
  try {
    built = build(spec, env);
  } catch {
    return spec; // the fetch refuses it with its own message
  }
  if (!built.range) return spec;
  const [start, end] = mergeWindow(built.range, built.normalise.params.period_unit, report.window);
  if (!built.compare) return { ...spec, start, end };
  // Compared: the window's rows keep the whole range's pairing (row k with compare period k).
  const compare = compareWindow(built.compare.join, start);
  return compare ? { ...spec, start, end, compare } : spec;
}

/** A merged compared table's headers by role, named by the report's own compare choice. */
function mergeLabels(report: RunnableReport, r: FetchResult): Table {
  const join = r.built.compare?.join;
  const c = String(report.spec.compare);
  return join
    ? compareRoleLabels(r.table, join, /^previous_[a-z]+$/.test(c) ? c.replace('_', ' ') : 'compare range')
    : r.table;
}

/** Merge: the block's rows read back (dates as local dates) and the fresh answer, as one table. */
function mergedTable(target: Target, r: FetchResult, report: RunnableReport, env: Env): Table {
  const rule = mergeRule(r.built.endpoint, r.built.normalise.layout);
  const fresh = mergeLabels(report, r);
  const separate = r.built.normalise.totals === 'separate';
  const prev = target.previous;
  const rows = prev ? Math.min(prev.rows, target.sheet.getMaxRows() - prev.row + 1) : 0;
  const cols = prev ? Math.min(prev.columns, target.sheet.getMaxColumns() - prev.column + 1) : 0;
  if (!prev || rows < 1 || cols < 1)
    return mergeRows({ header: null, rows: [] }, fresh, rule, r.built.range, separate, !report.headers);
  const cells = target.sheet
    .getRange(prev.row, prev.column, rows, cols)
    .getValues()
    .map((row) =>
      row.map((v): Cell => {
        if (Object.prototype.toString.call(v) === '[object Date]')
          return formatInZone(v as Date, env.timeZone, 'yyyy-MM-dd');
        return v === '' || v === undefined ? null : (v as Cell);
      }),
    );
  const header = report.headers ? (cells.shift() ?? []).map((h) => (h === null ? '' : String(h))) : null;
  return mergeRows({ header, rows: cells }, fresh, rule, r.built.range, separate, !report.headers);
}

export function stampText(report: RunnableReport, r: FetchResult, env: Env, trigger: string, at: Date): string {
  const when = formatInZone(at, env.timeZone, 'yyyy-MM-dd HH:mm');
  return [
    `Adapty report "${report.name}"${report.id ? ` (${report.id})` : ''}`,
    `Refreshed ${when} (${env.timeZone}), ${trigger}${r.fromCache ? ', from cache' : ''}.`,
    ...(r.note ? [r.note] : []),
    // The request below asks for the merge window only: say so, or the block seems to hold just those days.
    ...(report.mode === 'merge' && r.built.range
      ? [`Merge: this refresh replaced ${rangeLabel(r.built.range)}; the other rows are from earlier refreshes.`]
      : []),
    `Request: POST ${r.built.path}`,
    JSON.stringify(r.built.body),
  ].join('\n');
}

export function runReports(
  ss: Spreadsheet,
  env: Env,
  reports: RunnableReport[],
  opts: {
    trigger: 'manual' | 'schedule';
    budgetMs: number;
    forceFetch?: boolean;
    /** Cells that are not the block's own: ask the sidebar's user, or write to a new sheet (default for schedules). */
    onConflict?: 'ask' | 'redirect';
    /** The user agreed to replace the cells a first run asked about. */
    confirmReplace?: boolean;
    /** A report the batch ran out of time for is not logged or flagged: the caller runs it later. */
    deferOutOfTime?: boolean;
  },
): RunOutcome[] {
  const onConflict = opts.onConflict ?? (opts.trigger === 'schedule' ? 'redirect' : 'ask');
  const started = Date.now();
  const fetched = fetchReports(
    reports.map((report) => specToFetch(ss, env, report)),
    env,
    {
      caller: opts.trigger === 'schedule' ? 'trigger' : 'sidebar',
      budgetMs: opts.budgetMs,
      forceFetch: opts.forceFetch ?? true,
    },
  );
  const fetchMs = Date.now() - started;
  const outcomes: RunOutcome[] = [];
  const log: LogEntry[] = [];
  reports.forEach((report, i) => {
    const t0 = Date.now();
    const got = fetched[i];
    // Defence in depth: what reaches the log, the stamp note and lastRun.error carries no trace of the key.
    const r = got instanceof Error ? redactError(got, env.apiKey) : got;
    const at = new Date();
    if (r instanceof Error) {
      outcomes.push({ report, ok: false, error: r, ms: fetchMs, fromCache: false });
      if (opts.deferOutOfTime && r.code === 'budget') return;
      log.push({
        at,
        report: report.name,
        trigger: opts.trigger,
        rows: '',
        seconds: fetchMs / 1000,
        outcome: 'error',
        message: r.message,
      });
      flagFailure(ss, report, r, env, at);
      return;
    }
    let target: Placement['target'] | null = null;
    try {
      if (report.mode === 'merge') mergeRule(r.built.endpoint, r.built.normalise.layout); // refused before any sheet is touched
      // The plan first: a value Sheets would refuse stops the run before any sheet is written.
      let table = r.table;
      const planOf = (t: Table) =>
        planTable(t, {
          toDate: (d) => new Date(zonedToInstant(d, 0, 0, env.timeZone, appsScriptTimeZone)),
          headers: report.headers ?? true,
          locale: env.locale,
          snapshot: report.mode === 'append' ? at : undefined,
        });
      const placed = placeBlock(
        ss,
        report,
        report.mode === 'merge' ? (t) => planOf((table = mergedTable(t, r, report, env))) : planOf(table),
        onConflict,
        opts.confirmReplace === true,
      );
      const warning = guard(report, r, env, opts.trigger, Math.max(0, opts.budgetMs - (Date.now() - started)));
      target = placed.target;
      const plan = placed.plan;
      if (placed.confirm) {
        outcomes.push({ report, ok: false, confirm: placed.confirm, ms: fetchMs, fromCache: r.fromCache });
        return;
      }
      const w = writeBlock(ss, {
        sheet: target.sheet,
        row: target.row,
        column: target.column,
        plan,
        mode: report.mode === 'append' ? 'append' : 'overwrite',
        previous: target.previous,
        stamp: (warning ? `⚠ ${warning}\n` : '') + stampText(report, r, env, opts.trigger, at),
        chart: chartPlan(report, table),
        // A draft has no record: what it drew is not known, so it removes nothing.
        drawn: report.block?.chart,
      });
      tagWritten(target, w);
      // What the next refresh checks its block against. Not for append: it writes only below the rows there,
      // never over them, and this plan holds only the new rows, not the block.
      const sig = report.mode === 'append' ? undefined : signatureOf(rowKeys(plan.values, true));
      const ms = fetchMs + Date.now() - t0;
      const sheetName = target.sheet.getName();
      outcomes.push({
        report,
        ok: true,
        write: { ...w, sheetName, sheetId: target.sheet.getSheetId(), sig },
        ms,
        fromCache: r.fromCache,
        ...(warning ? { warning } : {}),
      });
      log.push({
        at,
        report: report.name,
        trigger: opts.trigger,
        rows: table.rows.length,
        seconds: ms / 1000,
        outcome: 'ok',
        message: `${w.written} rows written to ${sheetName}!${w.a1}${placed.redirected ?? ''}${warning ? ` ⚠ ${warning}` : ''}`,
      });
    } catch (e) {
      // A sheet inserted for a write that was then refused is not left behind.
      if (target?.created && ss.getSheets().length > 1) ss.deleteSheet(target.sheet);
      const err = redactError(
        e instanceof AdaptyError
          ? e
          : new AdaptyError('internal', `Writing the report failed: ${e instanceof Error ? e.message : String(e)}`),
        env.apiKey,
      );
      outcomes.push({ report, ok: false, error: err, ms: fetchMs, fromCache: false });
      log.push({
        at,
        report: report.name,
        trigger: opts.trigger,
        rows: '',
        seconds: fetchMs / 1000,
        outcome: 'error',
        message: err.message,
      });
    }
  });
  appendLog(ss, log);
  return outcomes;
}

/** The "nothing matched" check of a fetched report; it never fails the run. */
function guard(report: RunnableReport, r: FetchResult, env: Env, trigger: string, budgetMs: number): string | null {
  try {
    return nothingMatched(report.spec, r.table, env, trigger === 'schedule' ? 'trigger' : 'sidebar', budgetMs);
  } catch {
    return null;
  }
}

/** After repeated failures the old block's stamp says so (its data stay as they were). */
/** The block's note says why it is not being refreshed (a ⚠ first line, replacing an older one); false: it did already. */
export function flagStale(ss: Spreadsheet, report: RunnableReport, why: string): boolean {
  const own = report.block ? findSavedBlock(ss, report) : null;
  if (!own?.previous) return false;
  const cell = own.sheet.getRange(own.previous.row, own.previous.column);
  const note = cell.getNote();
  if (note.startsWith(`⚠ ${why}\n`)) return false;
  cell.setNote(`⚠ ${why}\n${note.replace(/^⚠[^\n]*\n/, '')}`);
  return true;
}

function flagFailure(ss: Spreadsheet, report: RunnableReport, error: AdaptyError, env: Env, at: Date): void {
  const failures = (report.failures ?? 0) + 1;
  if (failures < 2) return;
  const when = formatInZone(at, env.timeZone, 'yyyy-MM-dd HH:mm');
  flagStale(
    ss,
    report,
    `The last ${failures} refreshes failed (latest ${when}): ${error.message.slice(0, 300)} — the data below are from the last successful refresh.`,
  );
}
