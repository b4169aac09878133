/**
 * Short critical sections shared by every execution of the add-on: the rate-limit bookings and the
 * "already being fetched" markers (a read and a write of the cache, a few milliseconds).
 *
 * Why the script lock: the document lock is held by sidebar runs and the scheduled refresh for minutes
 * (documentLock.ts), so a formula waiting on it would time out; the user lock does not exclude the
 * executions of other users (an editor's recalculation uses the owner's key); the script lock excludes
 * every execution of the add-on, which is what one key's bookings need. It is add-on wide, so it is
 * held only around cache reads and writes, never around HTTP, and waited on briefly.
 */
export const SHORT_LOCK_WAIT_MS = 2000;

export type Locked<T> = { ok: true; value: T } | { ok: false };

/** Runs `fn` under the script lock, or gives up after `waitMs` (then `fn` does not run). */
export function withScriptLock<T>(waitMs: number, fn: () => T): Locked<T> {
  const lock = LockService.getScriptLock();
  if (!lock.tryLock(Math.max(0, Math.floor(waitMs)))) return { ok: false };
  try {
    return { ok: true, value: fn() };
  } finally {
    lock.releaseLock();
  }
}
