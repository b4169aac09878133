/** Sidebar server functions for reports: bootstrap, preview, run, save, list, duplicate, delete. */
import { isAdaptyError, AdaptyError, ValidationError, quote } from '../core/errors';
import { argumentSeparator } from '../core/formula';
import type { ReportSpec } from '../core/request';
import { tryDocumentLock } from '../adapters/documentLock';
import { syncHourlyTrigger } from '../adapters/triggerStore';
import { currentEnv } from '../services/env';
import { build } from '../services/reportService';
import { deleteReportById, loadReports, recordRun, storeReports, upsertReport } from '../services/reportStore';
import { runItems, sheetNameFor, type RunItem, type RunOutcome } from '../services/reportRunner';
import { dispatch, schedulerStatus, toItem } from '../services/dispatcher';
import { SIDEBAR_VIEW_PROPERTY } from './addonMenu';
import { keyStatus } from './settingsApi';
import type { Bootstrap, RunRequest, RunResult, SavedReport, SavedReportInput } from '../shared/serverApi';

/** A sidebar run may take up to this long (Apps Script allows 6 minutes). */
const SIDEBAR_BUDGET_MS = 120 * 1000;
const LAST_SPEC_PREFIX = 'adapty.lastSpec.';

function activeSpreadsheet(): GoogleAppsScript.Spreadsheet.Spreadsheet {
  const ss = SpreadsheetApp.getActiveSpreadsheet();
  if (!ss) throw new AdaptyError('internal', 'No spreadsheet is open.');
  return ss;
}

/** google.script.run shows an Error's message; keep it the user's message. */
function userError(e: unknown): Error {
  return new Error(isAdaptyError(e) ? e.message : e instanceof Error ? e.message : String(e));
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

export function getBootstrap(): Bootstrap {
  const ss = activeSpreadsheet();
  const env = currentEnv(ss);
  const raw = PropertiesService.getUserProperties().getProperty(LAST_SPEC_PREFIX + ss.getId());
  const userProps = PropertiesService.getUserProperties();
  const view = userProps.getProperty(SIDEBAR_VIEW_PROPERTY) === 'settings' ? 'settings' : 'report';
  if (view === 'settings') userProps.deleteProperty(SIDEBAR_VIEW_PROPERTY);
  let lastSpec: ReportSpec | null = null;
  try {
    lastSpec = raw ? (JSON.parse(raw) as ReportSpec) : null;
  } catch {
    lastSpec = null;
  }
  return {
    key: keyStatus(),
    timeZone: env.timeZone,
    locale: env.locale,
    today: env.today,
    separator: argumentSeparator(env.locale),
    lastSpec,
    sheets: ss.getSheets().map((s) => s.getName()),
    reports: loadReports(),
    view,
    schedulerStatus: schedulerStatus(),
    scheduleZoneNote: `Schedules run in the spreadsheet's time zone (${env.timeZone}), within the hour Apps Script picks.`,
  };
}

function toResult(o: RunOutcome): RunResult {
  if (!o.ok || !o.write) throw userError(o.error ?? new AdaptyError('internal', 'The report did not run.'));
  return {
    rows: o.write.written,
    columns: o.write.columns,
    sheetName: o.write.sheetName,
    a1: o.write.a1,
    ms: Math.round(o.ms),
    fromCache: o.fromCache,
  };
}

function nameOf(spec: ReportSpec): string {
  const chart = spec.chart ? ` ${spec.chart}` : '';
  const when = typeof spec.start === 'string' && !spec.end ? `, ${spec.start}` : '';
  return sheetNameFor(`${spec.endpoint}${chart}${when}`);
}

export function runReport(request: RunRequest): RunResult {
  try {
    const ss = activeSpreadsheet();
    const env = currentEnv(ss);
    build(request.spec, env); // refuse bad input before taking the lock
    const name =
      request.destination.kind === 'new_sheet' && request.destination.sheetName
        ? request.destination.sheetName
        : nameOf(request.spec);
    const item: RunItem = {
      name,
      spec: request.spec,
      destination: request.destination,
      mode: request.mode ?? 'overwrite',
      chart: Boolean(request.chart),
      headers: request.headers,
    };
    const [o] = withDocumentLock(() => runItems(ss, env, [item], { trigger: 'manual', budgetMs: SIDEBAR_BUDGET_MS }));
    const result = toResult(o);
    ss.getSheetByName(result.sheetName)?.getRange(result.a1).activate();
    return result;
  } catch (e) {
    throw userError(e);
  }
}

export function rememberSpec(spec: ReportSpec): void {
  const ss = activeSpreadsheet();
  const text = JSON.stringify(spec ?? null);
  if (text.length > 8000) return; // a user property holds 9 KB; an oversized draft is simply not kept
  PropertiesService.getUserProperties().setProperty(LAST_SPEC_PREFIX + ss.getId(), text);
}

export function listReports(): SavedReport[] {
  return loadReports();
}

export function saveReport(input: SavedReportInput): SavedReport {
  try {
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
  } catch (e) {
    throw userError(e);
  }
}

export function duplicateReport(id: string): SavedReport {
  try {
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
          schedule: r.schedule,
        },
        new Date(),
        activeSpreadsheet().getId(),
      );
      syncHourlyTrigger(list.some((x) => x.schedule));
      return copy;
    });
  } catch (e) {
    throw userError(e);
  }
}

export function deleteReport(id: string): SavedReport[] {
  return withDocumentLock(() => {
    const list = deleteReportById(id);
    syncHourlyTrigger(list.some((r) => r.schedule));
    return list;
  });
}

export function runSavedReport(id: string): RunResult {
  try {
    const ss = activeSpreadsheet();
    const env = currentEnv(ss);
    const report = loadReports().find((r) => r.id === id);
    if (!report) throw new ValidationError('id', `report ${quote(id)} does not exist (it may have been deleted)`);
    const o = withDocumentLock(() => {
      const [outcome] = runItems(ss, env, [toItem(report)], { trigger: 'manual', budgetMs: SIDEBAR_BUDGET_MS });
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
        outcome.write ? { sheetName: outcome.write.sheetName, a1: outcome.write.a1 } : undefined,
      );
      storeReports(list, ss.getId());
      return outcome;
    });
    return toResult(o);
  } catch (e) {
    throw userError(e);
  }
}

export function selectRange(sheetName: string, a1: string): void {
  const sheet = activeSpreadsheet().getSheetByName(sheetName);
  if (!sheet) throw userError(new ValidationError('sheetName', `sheet ${quote(sheetName)} no longer exists`));
  sheet.getRange(a1).activate();
}

/** Menu: Refresh all reports now (every saved report, scheduled or not). */
export function refreshAllReportsNow(): void {
  const s = dispatch('manual');
  const ui = SpreadsheetApp.getUi();
  ui.alert(
    'Adapty',
    s.due === 0 ? 'There are no saved reports yet: build one in the sidebar and press Save.' : s.status,
    ui.ButtonSet.OK,
  );
}

/** Time-driven trigger handler (hourly). */
export function runScheduledReports(): void {
  dispatch('schedule');
}
