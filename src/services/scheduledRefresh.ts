/**
 * The scheduled refresh. Each user's hourly trigger runs as that user (Apps Script: installable triggers
 * run as their creator) and refreshes only the due reports that user owns, with that user's key; a report
 * nobody owns, or whose owner's key changed, is refused with a log row. Due reports run oldest due slot
 * first, in batches fetched together, under the document lock; a batch that runs out of time hands its
 * unstarted reports back to the front of the queue, and whatever is left when the window closes is first
 * in line next hour. Every run leaves a status and a log row, and the trigger never throws.
 */
import { dueSlot as dueSlotIn, orphanOf, slotDue as slotDueIn } from '../core/reportDue';
import { redactSecret } from '../core/secrets';
import { connectionOf, refusalFor, type Me } from '../core/ownership';
import { runRecordOf, type SavedReport } from '../core/report';
import { appsScriptTimeZone, formatInZone } from '../adapters/appsScriptPorts';
import { tryDocumentLock } from '../adapters/documentLock';
import { appendLog, type LogEntry } from '../adapters/logSheet';
import { readApiKey } from '../adapters/settingsStore';
import { reportsSpreadsheet, scheduledRunMissing } from '../adapters/triggerContext';
import { GRANT_MENU } from '../catalog/scopes';
import { syncHourlyTrigger } from '../adapters/triggerStore';
import { myUserId } from '../adapters/userIdentity';
import { currentEnv, keyProblem, type Env } from './env';
import { currentMe, triggerWanted } from './identity';
import { loadReports, pinKey, recordRun, storeReports, storedSpreadsheetId } from './reportStore';
import { blockRecord, flagStale, runReports } from './reportRunner';
import { firstNoticeToday, setStatus, statusOf } from './schedulerStatus';

type Spreadsheet = GoogleAppsScript.Spreadsheet.Spreadsheet;

export const SCHEDULED_REFRESH = {
  /** No new batch starts after this much of the run; with a batch's budget and its writes it ends near
   * 5 minutes, leaving a margin before Apps Script stops the run at 6. */
  stopStartingAfterMs: 3.5 * 60 * 1000,
  /** Every batch (fetch, retries) must end by then. */
  fetchDeadlineMs: 4.5 * 60 * 1000,
  /** A batch may take at most this long (fetches, retries, writes). */
  batchBudgetMs: 60 * 1000,
  /** A batch is not started with less time than this before the fetch deadline. */
  minBatchMs: 5 * 1000,
  /** Reports fetched together per batch (the client keeps 2 requests per second). */
  batchSize: 10,
  lockWaitMs: 20 * 1000,
  /** A failed scheduled run is retried at the next hourly runs this many times before it waits for its next slot. */
  retries: 2,
} as const;

/** Refusals wait for a person (take over, use the new key): retrying them hourly would change nothing. */
const NOT_RETRIED = new Set(['not_owner', 'no_owner', 'key_changed']);

/** The run-level row of the log (no single report). */
const RUN_ROW = 'Scheduled refresh';

export interface DispatchSummary {
  due: number;
  ran: number;
  failed: number;
  left: number;
  status: string;
}

/** This user's last scheduled-refresh status (the sidebar shows it). */
export function schedulerStatus(): string {
  return statusOf(myUserId());
}

/** A failed scheduled run that may be tried again now (its slot has not come round again yet). */
export function retryDue(r: SavedReport): boolean {
  return (
    r.lastRun?.status === 'error' &&
    r.lastRun.trigger === 'schedule' &&
    !(r.lastRun.code && NOT_RETRIED.has(r.lastRun.code)) &&
    (r.lastRun.retry ?? 0) < SCHEDULED_REFRESH.retries
  );
}

const slotDue = (r: SavedReport, nowMs: number, timeZone: string) => slotDueIn(r, nowMs, timeZone, appsScriptTimeZone);
const dueSlot = (r: SavedReport, nowMs: number, timeZone: string) => dueSlotIn(r, nowMs, timeZone, appsScriptTimeZone);

/**
 * Due reports, oldest due slot first (so a report left over from a short run goes first next time; ties in
 * the order they were saved). A scheduled run that failed is tried again at the next hourly runs,
 * SCHEDULED_REFRESH.retries times per slot, so a passing fault does not leave a report stale until its next slot.
 */
export function dueReports(list: SavedReport[], nowMs: number, timeZone: string): SavedReport[] {
  return list
    .filter((r) => r.schedule && (slotDue(r, nowMs, timeZone) || retryDue(r)))
    .map((r, i) => ({ r, i, slot: dueSlot(r, nowMs, timeZone) }))
    .sort((a, b) => a.slot - b.slot || a.i - b.i)
    .map((x) => x.r);
}

function summary(status: string, due = 0, ran = 0, failed = 0, left = 0): DispatchSummary {
  return { due, ran, failed, left, status };
}

function row(report: string, trigger: LogEntry['trigger'], outcome: LogEntry['outcome'], message: string): LogEntry {
  return { at: new Date(), report, trigger, rows: '', seconds: 0, outcome, message };
}

/** A status and a log row that must not themselves fail the run. */
function tell(userId: string, ss: GoogleAppsScript.Spreadsheet.Spreadsheet | null, status: string, rows: LogEntry[]) {
  try {
    setStatus(userId, status, new Date());
  } catch {
    // the status store is unusable: the log row below still says it
  }
  if (ss && rows.length) {
    try {
      appendLog(ss, rows);
    } catch {
      // no log sheet can be written (protected, removed access): the status above says it
    }
  }
}

/** The hourly trigger's handler: never throws; even an unexpected failure leaves a status and a log row. */
export function runScheduledRefresh(): void {
  try {
    refreshSavedReports('schedule');
  } catch (e) {
    let key: string | null = null;
    let id = 'unknown';
    try {
      key = readApiKey();
      id = myUserId();
    } catch {
      // identity unreadable: record under "unknown"
    }
    const why = redactSecret(e instanceof Error ? e.message : String(e), key).slice(0, 300);
    const status = `The scheduled refresh at ${new Date().toISOString()} stopped on an unexpected problem: ${why}. It runs again next hour; reports not refreshed stay due.`;
    let ss: GoogleAppsScript.Spreadsheet.Spreadsheet | null = null;
    try {
      ss = reportsSpreadsheet(storedSpreadsheetId);
    } catch {
      ss = null;
    }
    tell(id, ss, status, [row(RUN_ROW, 'schedule', 'error', status)]);
  }
}

export function refreshSavedReports(
  trigger: 'schedule' | 'manual',
  only?: (r: SavedReport) => boolean,
): DispatchSummary {
  const started = Date.now();
  const userId = myUserId();
  const missing = scheduledRunMissing();
  if (missing === null) {
    const status = `Authorisation needed since ${new Date(started).toISOString()}: open Extensions › Adapty › Open sidebar once to re-authorise; scheduled refreshes are paused until then.`;
    const ss = safeSpreadsheet();
    const day = new Date(started).toISOString().slice(0, 10);
    const say = ss !== null && firstNoticeToday(userId, 'auth', day, new Date());
    tell(userId, ss, status, say ? [row(RUN_ROW, trigger, 'skipped', status + ' (logged once a day)')] : []);
    return summary(status);
  }
  if (missing.length > 0) {
    // A permission withdrawn after the schedule was set up: nothing runs, and that is recorded once (the
    // sidebar's banner reads getMissingPermissions); a trigger cannot ask for consent itself.
    const one = missing.length === 1;
    const names = missing.map((m) => `“${m.permission}”`).join(' and ');
    const status = `Scheduled refreshes are paused since ${new Date(started).toISOString()}: they need the Google permission${one ? '' : 's'} ${names}, which ${one ? 'is' : 'are'} no longer granted. Nothing was changed. Grant ${one ? 'it' : 'them'} again with ${GRANT_MENU}.`;
    const canWrite = !missing.some((m) => m.id === 'document');
    const mark = 'scopes:' + missing.map((m) => m.id).join(',');
    if (firstNoticeToday(userId, 'auth', mark, new Date())) {
      const ss = canWrite ? safeSpreadsheet() : null;
      tell(userId, ss, status, ss ? [row(RUN_ROW, trigger, 'skipped', status)] : []);
    }
    return summary(status);
  }
  const ss = reportsSpreadsheet(storedSpreadsheetId);
  if (!ss) {
    const status = 'The spreadsheet of the saved reports could not be opened; scheduled refreshes stopped.';
    tell(userId, null, status, []);
    return summary(status);
  }
  const lock = tryDocumentLock(SCHEDULED_REFRESH.lockWaitMs);
  if (!lock) {
    const status = `Skipped at ${new Date(started).toISOString()}: another refresh of this spreadsheet was running; due reports stay due for the next run.`;
    tell(userId, ss, status, [row(RUN_ROW, trigger, 'skipped', status)]);
    return summary(status);
  }
  try {
    return refreshLocked(ss, trigger, started, only);
  } finally {
    lock.releaseLock();
  }
}

function refreshLocked(
  ss: GoogleAppsScript.Spreadsheet.Spreadsheet,
  trigger: 'schedule' | 'manual',
  started: number,
  only?: (r: SavedReport) => boolean,
): DispatchSummary {
  const env = currentEnv(ss);
  const me = currentMe(env);
  let list = loadReports();
  if (trigger === 'schedule') syncHourlyTrigger(triggerWanted(list, me));
  const candidates =
    trigger === 'schedule' ? dueReports(list, started, env.timeZone) : list.filter(only ?? (() => true));
  // Reports of other editors are theirs to refresh (their own trigger, their own key): not ours to touch.
  const due = trigger === 'schedule' ? candidates.filter((r) => connectionOf(r, me).kind !== 'other') : candidates;
  if (trigger === 'schedule') sayOrphans(ss, env, me, candidates, started);
  const mine = due.filter((r) => connectionOf(r, me).kind === 'yours');
  const refused = due.filter((r) => connectionOf(r, me).kind !== 'yours');
  const kind = trigger === 'schedule' ? 'scheduled' : 'manual';

  const refusalRows = refuse(refused, me, trigger);
  if (trigger === 'schedule' && refused.length > 0) {
    list = loadReports();
    for (const r of refused) {
      const e = refusalFor(r, me)!;
      recordRun(list, r.id, { at: new Date().toISOString(), status: 'error', error: e.message, trigger, code: e.code });
    }
    storeReports(list, ss.getId());
  }
  if (refusalRows.length) appendLog(ss, refusalRows);

  // No key, or one that cannot be a secret key: every report of this user's is logged as failed, nothing is sent.
  const message = mine.length > 0 ? keyProblem(env, trigger === 'schedule' ? 'trigger' : 'sidebar') : null;
  if (message) {
    const status = `${mine.length} ${kind === 'scheduled' ? 'scheduled ' : ''}report${mine.length === 1 ? '' : 's'} not refreshed at ${new Date(started).toISOString()}: ${message}`;
    // No key at all is a state (logged once a day); a stored key that cannot be used fails every run.
    const daily = trigger === 'schedule' && !env.apiKey;
    const say = !daily || firstNoticeToday(me.id, 'no_key', env.today, new Date());
    const suffix = daily ? ' (logged once a day until a key is saved)' : '';
    tell(me.id, ss, status, say ? mine.map((r) => row(r.name, trigger, 'error', message + suffix)) : []);
    return summary(status, due.length, 0, mine.length + refused.length);
  }

  const { ran, failed, leftOver } = runInBatches(ss, env, me, mine, trigger, started);
  if (leftOver.length)
    appendLog(
      ss,
      leftOver.map((r) =>
        row(
          r.name,
          trigger,
          'skipped',
          'Not refreshed in this run (out of time): first in line at the next hourly run.',
        ),
      ),
    );
  const parts = [`${ran} refreshed`, `${failed} failed`];
  if (leftOver.length) parts.push(`${leftOver.length} left for the next run`);
  if (refused.length) parts.push(`${refused.length} refused (see the Adapty Log sheet)`);
  const status = `Last ${kind} run ${new Date(started).toISOString()}: ${parts.join(', ')}.`;
  setStatus(me.id, status, new Date(), { clearNotices: true });
  return summary(status, due.length, ran, failed + refused.length, leftOver.length);
}

/** One log row per report this user may not refresh, saying what to do. */
/**
 * Another editor's reports that their hourly run has left hours past their slot are nobody's to refresh:
 * the block's note says so, with how to take them over, and the log once (the note is the memory).
 */
function sayOrphans(ss: Spreadsheet, env: Env, me: Me, candidates: SavedReport[], started: number): void {
  const rows: LogEntry[] = [];
  for (const r of candidates) {
    const o = orphanOf(r, me, started, env.timeZone, appsScriptTimeZone);
    if (!o) continue;
    const at = (ms: number) => formatInZone(new Date(ms), env.timeZone, 'yyyy-MM-dd HH:mm');
    const why = `Not refreshed since ${at(o.since)}: ${o.owner}'s hourly run has missed it since ${at(o.missedSlot)} (they may have left or lost access). Take it over to refresh it with your key (Saved reports › Run).`;
    if (flagStale(ss, r, why)) rows.push(row(r.name, 'schedule', 'skipped', why));
  }
  if (rows.length) appendLog(ss, rows);
}

function refuse(reports: SavedReport[], me: Me, trigger: 'schedule' | 'manual'): LogEntry[] {
  return reports.map((r) => {
    const e = refusalFor(r, me)!;
    const message =
      e.code === 'no_owner'
        ? 'No owner: open the sidebar and take it over (Saved reports › Run › Take it over). It was saved by an older version, so it is not known whose key it should use.'
        : e.code === 'key_changed'
          ? "The owner's Adapty key changed since this report was saved (it may point at another app): the owner opens the sidebar and chooses Run › Use my current key."
          : e.message;
    return row(r.name, trigger, 'skipped', message);
  });
}

function runInBatches(
  ss: GoogleAppsScript.Spreadsheet.Spreadsheet,
  env: Env,
  me: Me,
  reports: SavedReport[],
  trigger: 'schedule' | 'manual',
  started: number,
): { ran: number; failed: number; leftOver: SavedReport[] } {
  // Retries of a failed slot count their retries; a new slot starts again from none.
  const retrying = new Map(
    reports
      .filter((r) => trigger === 'schedule' && !slotDue(r, started, env.timeZone))
      .map((r) => [r.id, (r.lastRun?.retry ?? 0) + 1]),
  );
  let queue = reports;
  let ran = 0;
  let failed = 0;
  while (queue.length > 0 && Date.now() - started < SCHEDULED_REFRESH.stopStartingAfterMs) {
    const left = SCHEDULED_REFRESH.fetchDeadlineMs - (Date.now() - started);
    if (left < SCHEDULED_REFRESH.minBatchMs) break;
    const batch = queue.slice(0, SCHEDULED_REFRESH.batchSize);
    const outcomes = runReports(ss, env, batch, {
      trigger,
      budgetMs: Math.min(SCHEDULED_REFRESH.batchBudgetMs, left),
      deferOutOfTime: true,
      onConflict: 'redirect', // nobody to ask (also the menu's refresh): never over cells not the report's own
    });
    // Reload: the sidebar may have edited reports meanwhile; record runs on the current list.
    const list = loadReports();
    const outOfTime: SavedReport[] = [];
    outcomes.forEach((o, j) => {
      if (!o.ok && o.error?.code === 'budget') {
        outOfTime.push(batch[j]); // not run: back to the front of the queue, still oldest
        return;
      }
      const id = o.report.id!;
      pinKey(list, id, me);
      recordRun(
        list,
        id,
        { ...runRecordOf(o, trigger), ...(!o.ok && retrying.has(id) ? { retry: retrying.get(id) } : {}) },
        o.write ? blockRecord(o.write) : undefined,
      );
      if (o.ok) ran++;
      else failed++;
    });
    storeReports(list, ss.getId());
    queue = [...outOfTime, ...queue.slice(batch.length)];
    // Not one report fitted the time left: another batch now would fare no better.
    if (outOfTime.length === batch.length) break;
  }
  return { ran, failed, leftOver: queue };
}

function safeSpreadsheet(): GoogleAppsScript.Spreadsheet.Spreadsheet | null {
  try {
    return reportsSpreadsheet(storedSpreadsheetId);
  } catch {
    return null;
  }
}
