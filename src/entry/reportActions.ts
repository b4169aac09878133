/**
 * Sidebar server functions for reports (bootstrap, run, save, list, duplicate, delete), the menu's
 * "Refresh all reports now" and the hourly trigger. Errors are turned into the sidebar's wire format by
 * the one boundary in sidebarApi.ts, so nothing here catches to rewrap.
 */
import { ADDON_NAME } from '../catalog/addon';
import { promptForFeature } from '../adapters/permissions';
import { AdaptyError, ValidationError, quote } from '../core/errors';
import { argumentSeparator } from '../core/formula/separator';
import { dateFormatFor } from '../core/writePlan';
import type { ReportSpec } from '../core/request';
import { fingerprintFor, refusalFor, type Me } from '../core/ownership';
import { draftReport, runRecordOf, type RunRequest, type SavedReport, type SavedReportInput } from '../core/report';
import * as sidebarInput from '../core/sidebarInput';
import { REPORT_BOUNDS } from '../core/reportBounds';
import { mergeRule } from '../core/merge';
import { tryDocumentLock } from '../adapters/documentLock';
import { STORED, deleteProperty, propertiesOf, readProperty, writeProperty } from '../adapters/properties';
import { syncHourlyTrigger } from '../adapters/triggerStore';
import { setMyOwnerName } from '../adapters/userIdentity';
import { currentEnv, type Env } from '../services/env';
import { currentMe, triggerWanted } from '../services/identity';
import { build } from '../services/reportFetcher';
import { checkTypedFilterValues } from '../services/filterValues';
import {
  addReport,
  deleteReportById,
  loadReports,
  newId,
  pinKey,
  recordRun,
  renameOwner,
  storeReports,
  takeOver,
  upsertReport,
} from '../services/reportStore';
import { blockRecord, runReports, type RunOutcome } from '../services/reportRunner';
import { refreshSavedReports, runScheduledRefresh, schedulerStatus } from '../services/scheduledRefresh';
import { keyStatus } from './settingsApi';

/** Learning a filter's values before a run takes at most this long. */
const VALUES_BUDGET_MS = 20 * 1000;

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
  /** Shown under Run: the report ran, but nothing matched a filter value (issue 10 §2). */
  warning?: string;
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

export function withDocumentLock<T>(fn: () => T): T {
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
  const stored = readProperty('sidebarView');
  const view: 'report' | 'settings' | 'dashboard' = stored === 'settings' || stored === 'dashboard' ? stored : 'report';
  if (view !== 'report') deleteProperty('sidebarView');
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
    /** The server's clock (ms since the epoch): the sidebar counts next runs from it. */
    now: Date.now(),
    /** How the sheet writes dates (the sidebar's messages show dates the same way). */
    dateFormat: dateFormatFor(env.locale),
    /** The argument separator formulas use in this spreadsheet's locale. */
    separator: argumentSeparator(env.locale),
    lastSpec,
    sheets: ss.getSheets().map((s) => s.getName()),
    reports: loadReports(),
    /** Who is at the keyboard, as report owners are recorded (never the key: its fingerprint). */
    me: currentMe(env),
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
    ...(o.warning ? { warning: o.warning } : {}),
  };
}

export function runReport(request: RunRequest, options?: RunOptions): RunResult | ConfirmNeeded {
  ({ request, options } = sidebarInput.runReportArgs(request, options)); // before anything is fetched or written
  const ss = activeSpreadsheet();
  const env = currentEnv(ss);
  const built = build(request.spec, env); // refuse bad input before taking the lock
  if (request.mode === 'merge') mergeRule(built.endpoint, built.normalise.layout);
  checkTypedFilterValues(request.spec, env, 'sidebar', VALUES_BUDGET_MS); // "did you mean", nothing sent yet
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

/** Drafts kept per user, one per spreadsheet: the user store (500 KB, shared with the key) stays bounded. */
const MAX_DRAFTS = 20;

export function rememberSpec(spec: ReportSpec): void {
  spec = sidebarInput.rememberSpecInput(spec) as ReportSpec;
  const ss = activeSpreadsheet();
  const prefix = STORED.lastSpec.name + '.';
  const mine = prefix + ss.getId();
  const user = propertiesOf('user');
  const others = user.getKeys().filter((k) => k.startsWith(prefix) && k !== mine);
  for (const k of others.slice(0, Math.max(0, others.length - (MAX_DRAFTS - 1)))) user.deleteProperty(k);
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
  const built = build(input.spec, env);
  if (input.mode === 'merge') mergeRule(built.endpoint, built.normalise.layout);
  // The trigger runs as the user who saves the schedule, with that user's key.
  if (input.schedule) needKeyForSchedule(env);
  const me = currentMe(env);
  // Under the document lock: a scheduled run records its results on the same list.
  return withDocumentLock(() => {
    const { report, list } = upsertReport(input, new Date(), ss.getId(), me);
    syncHourlyTrigger(triggerWanted(list, me));
    return report;
  });
}

function needKeyForSchedule(env: Env): void {
  if (!env.apiKey)
    throw new ValidationError(
      'schedule',
      'schedule needs your own Adapty API key: scheduled refreshes run as you. Save your key in Extensions › Adapty › Settings first, or save the report without a schedule.',
    );
}

export function duplicateReport(id: string): SavedReport {
  id = sidebarInput.reportIdInput(id);
  const env = currentEnv(activeSpreadsheet());
  const me = currentMe(env);
  return withDocumentLock(() => {
    const r = loadReports().find((x) => x.id === id);
    if (!r) throw new ValidationError('id', `report ${quote(id)} does not exist`);
    // The copy is the duplicating user's: their key, their trigger.
    if (r.schedule) needKeyForSchedule(env);
    // The copy gets its own block on a new sheet named after it, never over the original's.
    const { report: copy, list } = upsertReport(
      {
        name: `${r.name} (copy)`.slice(0, 100),
        spec: r.spec,
        destination: { kind: 'new_sheet' },
        mode: r.mode,
        ...(r.window !== undefined ? { window: r.window } : {}),
        chart: r.chart,
        ...(r.chartStyle ? { chartStyle: r.chartStyle } : {}),
        headers: r.headers,
        schedule: r.schedule,
      },
      new Date(),
      activeSpreadsheet().getId(),
      me,
    );
    syncHourlyTrigger(triggerWanted(list, me));
    return copy;
  });
}

export function deleteReport(id: string): SavedReport[] {
  id = sidebarInput.reportIdInput(id);
  const me = currentMe(currentEnv(activeSpreadsheet()));
  return withDocumentLock(() => {
    const list = deleteReportById(id);
    syncHourlyTrigger(triggerWanted(list, me));
    return list;
  });
}

function findReport(id: string): SavedReport {
  const report = loadReports().find((r) => r.id === id);
  if (!report) throw new ValidationError('id', `report ${quote(id)} does not exist (it may have been deleted)`);
  return report;
}

/**
 * Runs a saved report with the user's key. Another editor's report, one nobody owns yet, or one saved with
 * a different key of the user's is refused before anything is sent (code not_owner, no_owner, key_changed):
 * the sidebar then offers runSavedReportCopy or takeOverReport.
 */
export function runSavedReport(id: string, options?: RunOptions): RunResult | ConfirmNeeded {
  ({ id, options } = sidebarInput.runSavedReportArgs(id, options));
  const ss = activeSpreadsheet();
  const env = currentEnv(ss);
  const me = currentMe(env);
  const report = findReport(id);
  const refused = refusalFor(report, me);
  if (refused) throw refused;
  const o = withDocumentLock(() => {
    const confirmReplace = options?.confirmReplace === true;
    const [outcome] = runReports(ss, env, [report], { trigger: 'manual', budgetMs: SIDEBAR_BUDGET_MS, confirmReplace });
    if (outcome.confirm) return outcome; // nothing ran: nothing to record
    const list = loadReports();
    if (outcome.ok) pinKey(list, id, me);
    recordRun(list, id, runRecordOf(outcome, 'manual'), outcome.write ? blockRecord(outcome.write) : undefined);
    storeReports(list, ss.getId());
    return outcome;
  });
  return toResult(o);
}

function requireOwnKey(env: Env): void {
  if (!env.apiKey)
    throw new AdaptyError(
      'no_key',
      'This needs your own Adapty API key: open Extensions › Adapty › Settings and save it first. Nothing was changed.',
    );
}

/**
 * "Take it over": the report and its schedule are refreshed with this user's key from now on (their hourly
 * trigger runs it; the previous owner's trigger no longer does). Also how an owner whose key changed
 * confirms the new key.
 */
export function takeOverReport(id: string): SavedReport {
  id = sidebarInput.reportIdInput(id);
  const ss = activeSpreadsheet();
  const env = currentEnv(ss);
  requireOwnKey(env);
  const me = currentMe(env);
  return withDocumentLock(() => {
    findReport(id);
    const { report, list } = takeOver(id, me, ss.getId());
    syncHourlyTrigger(triggerWanted(list, me));
    return report;
  });
}

/**
 * "Run with my key into a copy": a new report of the user's own (no schedule) on a new sheet, run with
 * their key; the original and its owner are left as they were. Stored only if the run succeeds.
 */
export function runSavedReportCopy(id: string): { report: SavedReport; result: RunResult } {
  id = sidebarInput.reportIdInput(id);
  const ss = activeSpreadsheet();
  const env = currentEnv(ss);
  requireOwnKey(env);
  const me: Me = currentMe(env);
  const source = findReport(id);
  const at = new Date().toISOString();
  const copy: SavedReport = {
    id: newId(),
    name: `${source.name} (copy)`.slice(0, REPORT_BOUNDS.nameChars),
    spec: source.spec,
    destination: { kind: 'new_sheet' },
    mode: source.mode,
    ...(source.window !== undefined ? { window: source.window } : {}),
    chart: source.chart,
    ...(source.chartStyle ? { chartStyle: source.chartStyle } : {}),
    headers: source.headers,
    schedule: null,
    createdAt: at,
    updatedAt: at,
    failures: 0,
    owner: {
      id: me.id,
      keyFingerprint: fingerprintFor(me, source.spec.app) ?? me.keyFingerprint!,
      ...(me.name ? { name: me.name } : {}),
    },
  };
  return withDocumentLock(() => {
    const [o] = runReports(ss, env, [copy], { trigger: 'manual', budgetMs: SIDEBAR_BUDGET_MS });
    const result = toResult(o);
    // A new sheet holds nobody's cells: a copy's run never has anything to ask.
    if ('confirm' in result) throw new AdaptyError('internal', 'The copy could not be written to a new sheet.');
    copy.lastRun = { at: new Date().toISOString(), status: 'ok', rows: result.rows, ms: result.ms, trigger: 'manual' };
    if (o.write) copy.block = blockRecord(o.write);
    addReport(copy, ss.getId());
    ss.getSheetByName(result.sheetName)?.getRange(result.a1).activate();
    return { report: copy, result };
  });
}

/** The name other editors see on this user's reports (empty = the key fingerprint's last 4 characters). */
export function setOwnerName(name: string): Me {
  const clean = sidebarInput.ownerNameInput(name);
  const ss = activeSpreadsheet();
  setMyOwnerName(clean);
  const me = currentMe(currentEnv(ss));
  withDocumentLock(() => renameOwner(me));
  return me;
}

export function selectRange(sheetName: string, a1: string): void {
  ({ sheetName, a1 } = sidebarInput.selectRangeInput(sheetName, a1));
  const sheet = activeSpreadsheet().getSheetByName(sheetName);
  if (!sheet) throw new ValidationError('sheetName', `sheet ${quote(sheetName)} no longer exists`);
  sheet.getRange(a1).activate();
}

/** Menu: Refresh all reports now (every saved report, scheduled or not). */
export function refreshAllReportsNow(): void {
  promptForFeature('refreshAll');
  const s = refreshSavedReports('manual');
  const ui = SpreadsheetApp.getUi();
  ui.alert(
    ADDON_NAME,
    s.due === 0 ? 'There are no saved reports yet: build one in the sidebar and press Save.' : s.status,
    ui.ButtonSet.OK,
  );
}

/** Time-driven trigger handler (hourly): never throws (see runScheduledRefresh). */
export function runScheduledReports(): void {
  runScheduledRefresh();
}
