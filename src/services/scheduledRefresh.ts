/**
 * The scheduled refresh: runs every saved report that is due, under the document lock, fetching due
 * reports together; stops starting new work well before Apps Script's 6-minute limit and leaves the
 * rest (still due) for the next hourly run.
 */
import { isDue } from '../core/schedule';
import { appsScriptTimeZone } from '../adapters/appsScriptPorts';
import { tryDocumentLock } from '../adapters/documentLock';
import { readProperty, writeProperty } from '../adapters/properties';
import { appendLog } from '../adapters/logSheet';
import { syncHourlyTrigger } from '../adapters/triggerStore';
import { currentEnv, keyProblem } from './env';
import { loadReports, recordRun, storeReports, storedSpreadsheetId } from './reportStore';
import { blockRecord, runReports } from './reportRunner';
import type { SavedReport } from '../core/report';

export const SCHEDULED_REFRESH = {
  /** No new batch starts after this much of the run; with a batch's budget and its writes it ends near
   * 5 minutes, leaving a margin before Apps Script stops the run at 6. */
  stopStartingAfterMs: 3.5 * 60 * 1000,
  /** Every batch (fetch, retries) must end by then. */
  fetchDeadlineMs: 4.5 * 60 * 1000,
  /** A batch may take at most this long (fetches, retries, writes). */
  batchBudgetMs: 60 * 1000,
  /** Reports fetched together per batch (the client keeps 2 requests per second). */
  batchSize: 10,
  lockWaitMs: 20 * 1000,
  /** A failed scheduled run is retried at the next hourly runs this many times before it waits for its next slot. */
  retries: 2,
} as const;

export interface DispatchSummary {
  due: number;
  ran: number;
  failed: number;
  left: number;
  status: string;
}

function setStatus(text: string): void {
  writeProperty('schedulerStatus', text.slice(0, 300));
}

export function schedulerStatus(): string {
  return readProperty('schedulerStatus') ?? '';
}

/** A failed scheduled run that may be tried again now (its slot has not come round again yet). */
export function retryDue(r: SavedReport): boolean {
  return (
    r.lastRun?.status === 'error' &&
    r.lastRun.trigger === 'schedule' &&
    (r.lastRun.retry ?? 0) < SCHEDULED_REFRESH.retries
  );
}

/**
 * Due reports, oldest last run first (so a report left over from a short run goes first next time).
 * A scheduled run that failed is tried again at the next hourly runs, SCHEDULED_REFRESH.retries times per slot,
 * so a passing fault does not leave a daily or monthly report stale until its next slot.
 */
export function dueReports(list: SavedReport[], nowMs: number, timeZone: string): SavedReport[] {
  return list
    .filter((r) => r.schedule && (slotDue(r, nowMs, timeZone) || retryDue(r)))
    .sort((a, b) => (a.lastRun ? Date.parse(a.lastRun.at) : 0) - (b.lastRun ? Date.parse(b.lastRun.at) : 0));
}

function slotDue(r: SavedReport, nowMs: number, timeZone: string): boolean {
  return isDue(
    r.schedule!,
    r.lastRun ? Date.parse(r.lastRun.at) : null,
    nowMs,
    Date.parse(r.createdAt),
    timeZone,
    appsScriptTimeZone,
  );
}

export function refreshSavedReports(
  trigger: 'schedule' | 'manual',
  only?: (r: SavedReport) => boolean,
): DispatchSummary {
  const started = Date.now();
  const auth = ScriptApp.getAuthorizationInfo(ScriptApp.AuthMode.FULL);
  if (auth.getAuthorizationStatus() === ScriptApp.AuthorizationStatus.REQUIRED) {
    const status = `Authorisation needed since ${new Date(started).toISOString()}: open Extensions › Adapty › Open sidebar once to re-authorise; scheduled refreshes are paused until then.`;
    setStatus(status);
    return { due: 0, ran: 0, failed: 0, left: 0, status };
  }
  const ss = SpreadsheetApp.getActiveSpreadsheet() ?? openStored();
  if (!ss) {
    const status = 'The spreadsheet of the saved reports could not be opened; scheduled refreshes stopped.';
    return { due: 0, ran: 0, failed: 0, left: 0, status };
  }
  const lock = tryDocumentLock(SCHEDULED_REFRESH.lockWaitMs);
  if (!lock) {
    return {
      due: 0,
      ran: 0,
      failed: 0,
      left: 0,
      status: 'Another refresh of this spreadsheet is running; this one skipped.',
    };
  }
  try {
    const env = currentEnv(ss);
    let list = loadReports();
    if (trigger === 'schedule') syncHourlyTrigger(list.some((r) => r.schedule));
    const due = trigger === 'schedule' ? dueReports(list, started, env.timeZone) : list.filter(only ?? (() => true));
    // Runs that only retry a failed slot count their retries; a new slot starts again from none.
    const retrying = new Map(
      due
        .filter((r) => trigger === 'schedule' && !slotDue(r, started, env.timeZone))
        .map((r) => [r.id, (r.lastRun?.retry ?? 0) + 1]),
    );
    let ran = 0;
    let failed = 0;
    let i = 0;
    // No key, or one that cannot be a secret key: every due report is logged as failed, nothing is sent.
    const message = due.length > 0 ? keyProblem(env, trigger === 'schedule' ? 'trigger' : 'sidebar') : null;
    if (message) {
      appendLog(
        ss,
        due.map((r) => ({
          at: new Date(),
          report: r.name,
          trigger,
          rows: '' as const,
          seconds: 0,
          outcome: 'error' as const,
          message,
        })),
      );
      setStatus(message);
      return { due: due.length, ran: 0, failed: due.length, left: 0, status: message };
    }
    while (i < due.length && Date.now() - started < SCHEDULED_REFRESH.stopStartingAfterMs) {
      const batch = due.slice(i, i + SCHEDULED_REFRESH.batchSize);
      i += batch.length;
      const left = SCHEDULED_REFRESH.fetchDeadlineMs - (Date.now() - started);
      const outcomes = runReports(ss, env, batch, {
        trigger,
        budgetMs: Math.min(SCHEDULED_REFRESH.batchBudgetMs, left),
        onConflict: 'redirect', // nobody to ask (also the menu's refresh): never over cells not the report's own
      });
      // Reload: the sidebar may have edited reports meanwhile; record runs on the current list.
      list = loadReports();
      for (const o of outcomes) {
        if (!o.ok && o.error?.code === 'budget') {
          i = due.length + 1;
          continue;
        } // out of time: due again next run
        recordRun(
          list,
          o.report.id!,
          {
            at: new Date().toISOString(),
            status: o.ok ? 'ok' : 'error',
            rows: o.write?.written,
            ms: Math.round(o.ms),
            error: o.error?.message,
            trigger,
            ...(!o.ok && retrying.has(o.report.id!) ? { retry: retrying.get(o.report.id!) } : {}),
          },
          o.write ? blockRecord(o.write) : undefined,
        );
        if (o.ok) ran++;
        else failed++;
      }
      storeReports(list, ss.getId());
    }
    const leftOver = Math.max(0, due.length - ran - failed);
    const status = `Last ${trigger === 'schedule' ? 'scheduled' : 'manual'} run ${new Date(started).toISOString()}: ${ran} refreshed, ${failed} failed${leftOver ? `, ${leftOver} left for the next run` : ''}.`;
    setStatus(status);
    return { due: due.length, ran, failed, left: leftOver, status };
  } finally {
    lock.releaseLock();
  }
}

function openStored(): GoogleAppsScript.Spreadsheet.Spreadsheet | null {
  const id = storedSpreadsheetId();
  if (!id) return null;
  try {
    return SpreadsheetApp.openById(id);
  } catch {
    return null;
  }
}
