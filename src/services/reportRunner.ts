/**
 * Runs reports into sheets: fetch every report first (together, within the rate limit), then write each
 * fully built table; a report whose fetch or answer failed writes nothing, so its old block stays as it was.
 * Every run is logged in the Adapty Log sheet.
 */
import { zonedToInstant } from '../core/dates';
import { AdaptyError, ValidationError } from '../core/errors';
import type { ReportSpec } from '../core/request';
import { sheetNameFor, type RunnableReport } from '../core/report';
import type { Table } from '../core/table';
import { planTable } from '../core/writePlan';
import { appsScriptTimeZone } from '../adapters/appsScriptPorts';
import { writeBlock, type ChartPlan, type WriteResult } from '../adapters/blockWriter';
import { appendLog, type LogEntry } from '../adapters/logSheet';
import type { Env } from './env';
import { fetchReports, type FetchResult } from './reportFetcher';

type Spreadsheet = GoogleAppsScript.Spreadsheet.Spreadsheet;

export interface RunOutcome {
  report: RunnableReport;
  ok: boolean;
  error?: AdaptyError;
  write?: WriteResult & { sheetName: string };
  ms: number;
  fromCache: boolean;
}

type Block = { row: number; column: number; rows: number; columns: number };

interface Target {
  sheet: GoogleAppsScript.Spreadsheet.Sheet;
  row: number;
  column: number;
  previous: Block | null;
  /** The sheet was inserted for this run (removed again if the write is refused). */
  created: boolean;
}

/** The block an earlier run wrote at this anchor, from the stamp on its header cell (`Block: C5:H40`). */
export function blockFromStamp(
  note: string,
  row: number,
  column: number,
  sheet: GoogleAppsScript.Spreadsheet.Sheet,
): Block | null {
  if (!/(^|\n)Adapty report /.test(note)) return null;
  const m = /(^|\n)Block: ([A-Z]{1,3}\d+:[A-Z]{1,3}\d+)(\n|$)/.exec(note);
  if (!m) return null;
  const r = sheet.getRange(m[2]);
  if (r.getRow() !== row || r.getColumn() !== column) return null;
  return { row, column, rows: r.getNumRows(), columns: r.getNumColumns() };
}

function resolveTarget(ss: Spreadsheet, report: RunnableReport): Target {
  const d = report.destination;
  let sheet: GoogleAppsScript.Spreadsheet.Sheet | null = null;
  let row = 1;
  let column = 1;
  if (report.block) {
    sheet = ss.getSheetByName(report.block.sheetName);
    if (sheet) {
      const r = sheet.getRange(report.block.a1);
      return {
        sheet,
        row: r.getRow(),
        column: r.getColumn(),
        previous: { row: r.getRow(), column: r.getColumn(), rows: r.getNumRows(), columns: r.getNumColumns() },
        created: false,
      };
    }
  }
  let existing: GoogleAppsScript.Spreadsheet.Sheet | null = null;
  if (d.kind === 'active_cell') {
    const cell = ss.getCurrentCell() ?? ss.getActiveRange();
    if (!cell)
      throw new ValidationError(
        'destination',
        'destination "active cell" needs a selected cell: click a cell and run again',
      );
    sheet = existing = cell.getSheet();
    row = cell.getRow();
    column = cell.getColumn();
  } else {
    const name = d.kind === 'sheet' ? d.sheetName : sheetNameFor(d.sheetName || report.name);
    existing = ss.getSheetByName(name);
    sheet = existing ?? ss.insertSheet(name);
    if (d.kind === 'sheet' && d.anchor) {
      const a = sheet.getRange(d.anchor);
      row = a.getRow();
      column = a.getColumn();
    }
  }
  if (!existing) return { sheet, row, column, previous: null, created: true };
  // A block an earlier run (saved or not) wrote at this anchor: overwrite replaces it, append goes under it.
  const stamped = blockFromStamp(sheet.getRange(row, column).getNote(), row, column, sheet);
  if (stamped) return { sheet, row, column, previous: stamped, created: false };
  // A report's own sheet with no block on record: what is there from A1 is the block it replaces (or appends to).
  if (d.kind !== 'active_cell' && row === 1 && column === 1) {
    const rows = sheet.getLastRow();
    const columns = sheet.getLastColumn();
    if (rows > 0 && columns > 0)
      return { sheet, row, column, previous: { row: 1, column: 1, rows, columns }, created: false };
  }
  return { sheet, row, column, previous: null, created: false };
}

/**
 * What a report's chart shows, as block columns (0-based) and how many data rows: a line per series or
 * segment over the dated rows (summaries below them are left out), a funnel's users per step, or a
 * colour scale over the cohort triangle.
 */
export function chartPlan(report: RunnableReport, table: Table): ChartPlan | null {
  if (!report.chart || report.mode === 'append') return null;
  const cols = table.columns;
  const ep = report.spec.endpoint;
  if (ep === 'cohort') {
    const idx = cols.map((c, i) => (c.key.startsWith('period_') ? i : -1)).filter((i) => i >= 0);
    return idx.length ? { kind: 'heat', columns: idx, rows: table.rows.length } : null;
  }
  if (ep === 'funnel') {
    const step = cols.findIndex((c) => c.key === 'step');
    const users = cols.findIndex((c) => c.key === 'value');
    const total = cols.findIndex((c) => c.key === 'segment_key');
    const rows = table.rows.findIndex((r) => total >= 0 && r[total] !== table.rows[0]?.[total]);
    return step >= 0 && users >= 0
      ? { kind: 'column', columns: [step, users], rows: rows < 0 ? table.rows.length : rows }
      : null;
  }
  const numeric = cols
    .map((c, i) =>
      i > 0 && ['usd', 'number', 'integer', 'percent_points'].includes(c.kind) && !c.key.includes('compare') ? i : -1,
    )
    .filter((i) => i > 0);
  const dated = table.rows.findIndex((r) => r[0] === null || r[0] === '');
  return numeric.length && cols[0]?.kind === 'date'
    ? { kind: 'line', columns: [0, ...numeric], rows: dated < 0 ? table.rows.length : dated }
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

export function stampText(report: RunnableReport, r: FetchResult, env: Env, trigger: string, at: Date): string {
  const when = Utilities.formatDate(at, env.timeZone, 'yyyy-MM-dd HH:mm');
  return [
    `Adapty report "${report.name}"${report.id ? ` (${report.id})` : ''}`,
    `Refreshed ${when} (${env.timeZone}), ${trigger}${r.fromCache ? ', from cache' : ''}.`,
    `Request: POST ${r.built.path}`,
    JSON.stringify(r.built.body),
  ].join('\n');
}

export function runReports(
  ss: Spreadsheet,
  env: Env,
  reports: RunnableReport[],
  opts: { trigger: 'manual' | 'schedule'; budgetMs: number; forceFetch?: boolean },
): RunOutcome[] {
  const started = Date.now();
  const fetched = fetchReports(reports.map(specForChart), env, {
    caller: opts.trigger === 'schedule' ? 'trigger' : 'sidebar',
    budgetMs: opts.budgetMs,
    forceFetch: opts.forceFetch ?? true,
  });
  const fetchMs = Date.now() - started;
  const outcomes: RunOutcome[] = [];
  const log: LogEntry[] = [];
  reports.forEach((report, i) => {
    const t0 = Date.now();
    const r = fetched[i];
    const at = new Date();
    if (r instanceof Error) {
      outcomes.push({ report, ok: false, error: r, ms: fetchMs, fromCache: false });
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
    let target: Target | null = null;
    try {
      // The plan first: a value Sheets would refuse stops the run before any sheet is touched.
      const plan = planTable(r.table, {
        toDate: (d) => new Date(zonedToInstant(d, 0, 0, env.timeZone, appsScriptTimeZone)),
        headers: report.headers ?? true,
        locale: env.locale,
        snapshot: report.mode === 'append' ? at : undefined,
      });
      target = resolveTarget(ss, report);
      const w = writeBlock(ss, {
        sheet: target.sheet,
        row: target.row,
        column: target.column,
        plan,
        mode: report.mode,
        previous: target.previous,
        stamp: stampText(report, r, env, opts.trigger, at),
        chart: chartPlan(report, r.table),
      });
      const ms = fetchMs + Date.now() - t0;
      outcomes.push({
        report,
        ok: true,
        write: { ...w, sheetName: target.sheet.getName() },
        ms,
        fromCache: r.fromCache,
      });
      log.push({
        at,
        report: report.name,
        trigger: opts.trigger,
        rows: r.table.rows.length,
        seconds: ms / 1000,
        outcome: 'ok',
        message: `${w.written} rows written to ${target.sheet.getName()}!${w.a1}`,
      });
    } catch (e) {
      // A sheet inserted for a write that was then refused is not left behind.
      if (target?.created && ss.getSheets().length > 1) ss.deleteSheet(target.sheet);
      const err =
        e instanceof AdaptyError
          ? e
          : new AdaptyError('internal', `Writing the report failed: ${e instanceof Error ? e.message : String(e)}`);
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

/** After repeated failures the old block's stamp says so (its data stay as they were). */
function flagFailure(ss: Spreadsheet, report: RunnableReport, error: AdaptyError, env: Env, at: Date): void {
  const failures = (report.failures ?? 0) + 1;
  if (!report.block || failures < 2) return;
  const sheet = ss.getSheetByName(report.block.sheetName);
  if (!sheet) return;
  const cell = sheet.getRange(report.block.a1).getCell(1, 1);
  const note = cell.getNote().replace(/^⚠[^\n]*\n/, '');
  const when = Utilities.formatDate(at, env.timeZone, 'yyyy-MM-dd HH:mm');
  cell.setNote(
    `⚠ The last ${failures} refreshes failed (latest ${when}): ${error.message.slice(0, 300)} — the data below are from the last successful refresh.\n${note}`,
  );
}
