/**
 * Sidebar server functions for reports (bootstrap, run, save, list, duplicate, delete), the menu's
 * "Refresh all reports now" and the hourly trigger. Errors are turned into the sidebar's wire format by
 * the one boundary in sidebarApi.ts, so nothing here catches to rewrap.
 */
import { AdaptyError, ValidationError, quote } from '../core/errors';
import { argumentSeparator } from '../core/formula';
import type { ReportSpec } from '../core/request';
import { draftReport, type RunRequest, type SavedReport, type SavedReportInput } from '../core/report';
import * as sidebarInput from '../core/sidebarInput';
import { tryDocumentLock } from '../adapters/documentLock';
import { deleteProperty, readProperty, writeProperty } from '../adapters/properties';
import { syncHourlyTrigger } from '../adapters/triggerStore';
import { currentEnv } from '../services/env';
import { build } from '../services/reportFetcher';
import { deleteReportById, loadReports, recordRun, storeReports, upsertReport } from '../services/reportStore';
import { blockRecord, runReports, type RunOutcome } from '../services/reportRunner';
import { refreshSavedReports, schedulerStatus } from '../services/scheduledRefresh';
import { keyStatus } from './settingsApi';

/** A sidebar run may take up to this long (Apps Script allows 6 minutes). */
const SIDEBAR_BUDGET_MS = 120 * 1000;

export interface RunResult {
  rows: number;
  columns: number;
  sheetName: string;
  /** The written block, e.g. `A1:F31`. */
  a1: string;
  ms: number;
  fromCache: boolean;
}

/** A run that would replace cells that are not the report's own: nothing was written; ask, then call again with confirmReplace. */
export interface ConfirmNeeded {
  confirm: { message: string; cells: number; range: string };
}

/** The sidebar's second argument to a run: the user agreed to what the first call asked. */
export interface RunOptions {
  confirmReplace?: boolean;
}

function activeSpreadsheet(): GoogleAppsScript.Spreadsheet.Spreadsheet {
  const ss = SpreadsheetApp.getActiveSpreadsheet();
  if (!ss) throw new AdaptyError('internal', 'No spreadsheet is open.');
  return ss;
}

function withDocumentLock<T>(fn: () => T): T {
  const lock = tryDocumentLock(30 * 1000);
  if (!lock)
    throw new AdaptyError(
      'busy',
      'Another refresh of this spreadsheet is running: try again in a minute. Nothing was changed.',
    );
  try {
    return fn();
  } finally {
    lock.releaseLock();
  }
}

export function getBootstrap() {
  const ss = activeSpreadsheet();
  const env = currentEnv(ss);
  const view: 'report' | 'settings' = readProperty('sidebarView') === 'settings' ? 'settings' : 'report';
  if (view === 'settings') deleteProperty('sidebarView');
  let lastSpec: ReportSpec | null = null;
  try {
    const raw = readProperty('lastSpec', ss.getId());
    lastSpec = raw ? (JSON.parse(raw) as ReportSpec) : null;
  } catch {
    lastSpec = null;
  }
  return {
    key: keyStatus(),
    timeZone: env.timeZone,
    locale: env.locale,
    today: env.today,
    /** The argument separator formulas use in this spreadsheet's locale. */
    separator: argumentSeparator(env.locale),
    lastSpec,
    sheets: ss.getSheets().map((s) => s.getName()),
    reports: loadReports(),
    /** Which view to open on: the menu's Settings item asks for the connection view. */
    view,
    /** The scheduled refresh's last status line (e.g. authorisation needed). */
    schedulerStatus: schedulerStatus(),
    scheduleZoneNote: `Schedules run in the spreadsheet's time zone (${env.timeZone}), within the hour Apps Script picks.`,
  };
}

function toResult(o: RunOutcome): RunResult | ConfirmNeeded {
  if (o.confirm) return { confirm: o.confirm };
  if (!o.ok || !o.write) throw o.error ?? new AdaptyError('internal', 'The report did not run.');
  return {
    rows: o.write.written,
    columns: o.write.columns,
    sheetName: o.write.sheetName,
    a1: o.write.a1,
    ms: Math.round(o.ms),
    fromCache: o.fromCache,
  };
}

export function runReport(request: RunRequest, options?: RunOptions): RunResult | ConfirmNeeded {
  ({ request, options } = sidebarInput.runReportArgs(request, options)); // before anything is fetched or written
  const ss = activeSpreadsheet();
  const env = currentEnv(ss);
  build(request.spec, env); // refuse bad input before taking the lock
  const report = draftReport(request);
  const confirmReplace = options?.confirmReplace === true;
  const [o] = withDocumentLock(() =>
    runReports(ss, env, [report], { trigger: 'manual', budgetMs: SIDEBAR_BUDGET_MS, confirmReplace }),
  );
  const result = toResult(o);
  if ('confirm' in result) return result;
  ss.getSheetByName(result.sheetName)?.getRange(result.a1).activate();
  return result;
}

export function rememberSpec(spec: ReportSpec): void {
  spec = sidebarInput.rememberSpecInput(spec) as ReportSpec;
  const ss = activeSpreadsheet();
  try {
    writeProperty('lastSpec', JSON.stringify(spec ?? null), ss.getId());
  } catch (e) {
    // An oversized draft is simply not kept: the form itself is unaffected.
    if (!(e instanceof AdaptyError && e.code === 'limit')) throw e;
  }
}

export function listReports(): SavedReport[] {
  return loadReports();
}

export function saveReport(input: SavedReportInput): SavedReport {
  input = sidebarInput.saveReportInput(input);
  const ss = activeSpreadsheet();
  const env = currentEnv(ss);
  build(input.spec, env);
  if (input.schedule && !env.apiKey) {
    // The trigger runs as the user who saves the schedule, with that user's key.
    throw new ValidationError(
      'schedule',
      'schedule needs your own Adapty API key: scheduled refreshes run as you. Save your key in Extensions › Adapty › Settings first, or save the report without a schedule.',
    );
  }
  // Under the document lock: a scheduled run records its results on the same list.
  return withDocumentLock(() => {
    const { report, list } = upsertReport(input, new Date(), ss.getId());
    syncHourlyTrigger(list.some((r) => r.schedule));
    return report;
  });
}

export function duplicateReport(id: string): SavedReport {
  id = sidebarInput.reportIdInput(id);
  return withDocumentLock(() => {
    const r = loadReports().find((x) => x.id === id);
    if (!r) throw new ValidationError('id', `report ${quote(id)} does not exist`);
    // The copy gets its own block on a new sheet named after it, never over the original's.
    const { report: copy, list } = upsertReport(
      {
        name: `${r.name} (copy)`.slice(0, 100),
        spec: r.spec,
        destination: { kind: 'new_sheet' },
        mode: r.mode,
        chart: r.chart,
        headers: r.headers,
        schedule: r.schedule,
      },
      new Date(),
      activeSpreadsheet().getId(),
    );
    syncHourlyTrigger(list.some((x) => x.schedule));
    return copy;
  });
}

export function deleteReport(id: string): SavedReport[] {
  id = sidebarInput.reportIdInput(id);
  return withDocumentLock(() => {
    const list = deleteReportById(id);
    syncHourlyTrigger(list.some((r) => r.schedule));
    return list;
  });
}

export function runSavedReport(id: string, options?: RunOptions): RunResult | ConfirmNeeded {
  ({ id, options } = sidebarInput.runSavedReportArgs(id, options));
  const ss = activeSpreadsheet();
  const env = currentEnv(ss);
  const report = loadReports().find((r) => r.id === id);
  if (!report) throw new ValidationError('id', `report ${quote(id)} does not exist (it may have been deleted)`);
  const o = withDocumentLock(() => {
    const confirmReplace = options?.confirmReplace === true;
    const [outcome] = runReports(ss, env, [report], { trigger: 'manual', budgetMs: SIDEBAR_BUDGET_MS, confirmReplace });
    if (outcome.confirm) return outcome; // nothing ran: nothing to record
    const list = loadReports();
    recordRun(
      list,
      id,
      {
        at: new Date().toISOString(),
        status: outcome.ok ? 'ok' : 'error',
        rows: outcome.write?.written,
        ms: Math.round(outcome.ms),
        error: outcome.error?.message,
        trigger: 'manual',
      },
      outcome.write ? blockRecord(outcome.write) : undefined,
    );
    storeReports(list, ss.getId());
    return outcome;
  });
  return toResult(o);
}

export function selectRange(sheetName: string, a1: string): void {
  ({ sheetName, a1 } = sidebarInput.selectRangeInput(sheetName, a1));
  const sheet = activeSpreadsheet().getSheetByName(sheetName);
  if (!sheet) throw new ValidationError('sheetName', `sheet ${quote(sheetName)} no longer exists`);
  sheet.getRange(a1).activate();
}

/** Menu: Refresh all reports now (every saved report, scheduled or not). */
export function refreshAllReportsNow(): void {
  const s = refreshSavedReports('manual');
  const ui = SpreadsheetApp.getUi();
  ui.alert(
    'Adapty',
    s.due === 0 ? 'There are no saved reports yet: build one in the sidebar and press Save.' : s.status,
    ui.ButtonSet.OK,
  );
}

/** Time-driven trigger handler (hourly). */
export function runScheduledReports(): void {
  refreshSavedReports('schedule');
}
