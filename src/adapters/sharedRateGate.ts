/**
 * The rate-limit bookings of one key, shared by every execution that uses it (concurrent custom
 * functions, the batches of a scheduled run, the sidebar): kept in the script cache under the key's
 * fingerprint, changed only under the script lock. See ASSUMPTIONS.rateLimitScope for what "per app"
 * can and cannot mean here.
 */
import { book, parseGateState, type Booking, type RateGate } from '../client/rateGate';
import { SHORT_LOCK_WAIT_MS, withScriptLock } from './scriptLock';

/** Longer than any booking lies ahead (a scheduled batch books at most minutes ahead). */
const STATE_TTL_SECONDS = 600;

export function sharedRateGate(keyFingerprint: string): RateGate {
  const key = 'adapty:rate:' + keyFingerprint;
  const update = <T>(waitMs: number, change: (text: string | null) => { text: string | null; value: T }) =>
    withScriptLock(waitMs, () => {
      const cache = CacheService.getScriptCache();
      const r = change(cache.get(key));
      if (r.text !== null) cache.put(key, r.text, STATE_TTL_SECONDS);
      return r.value;
    });
  return {
    reserve(n: number, latest: number): Booking {
      const wait = Math.min(SHORT_LOCK_WAIT_MS, Math.max(0, latest - Date.now()));
      const r = update(wait, (text) => {
        const { state, booking } = book(parseGateState(text), Date.now(), n, latest);
        return { text: booking.count > 0 ? JSON.stringify(state) : null, value: booking };
      });
      return r.ok ? r.value : { at: Date.now(), count: 0, contended: true };
    },
    holdUntil(until: number): void {
      // Best effort: the caller's own backoff still applies if the lock is busy.
      update(SHORT_LOCK_WAIT_MS, (text) => {
        const state = parseGateState(text);
        return { text: until > state.hold ? JSON.stringify({ ...state, hold: until }) : null, value: null };
      });
    },
  };
}
