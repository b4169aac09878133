/**
 * The one lock every writer of a spreadsheet's reports takes (sidebar runs, saves, the scheduled refresh),
 * so a report is never run twice at once and saved-report edits are not lost. The user lock stands in
 * where there is no document (a context Apps Script gives no document lock).
 */
export function tryDocumentLock(waitMs: number): GoogleAppsScript.Lock.Lock | null {
  const lock = LockService.getDocumentLock() ?? LockService.getUserLock();
  return lock.tryLock(waitMs) ? lock : null;
}
