/**
 * "Being fetched" markers beside cached answers: an execution that misses the cache claims the request,
 * so another execution that needs the same answer waits for it instead of sending it again. Pure: the
 * cache is a port, and the caller makes claim() atomic (src/adapters/scriptLock.ts).
 */
import type { KeyValueCache } from './chunkedCache';

export function markerKey(answerKey: string): string {
  return 'adapty:f:' + answerKey;
}

/** When a live marker's claim ends; null for none, expired or unreadable. */
export function markerUntil(text: string | undefined | null, now: number): number | null {
  if (!text) return null;
  try {
    const v = JSON.parse(text) as { until?: unknown } | null;
    const until = v && typeof v === 'object' ? v.until : undefined;
    return typeof until === 'number' && until > now ? until : null;
  } catch {
    return null;
  }
}

/**
 * Claims every answer key nobody else is fetching. For each key: null (claimed now: fetch it, then
 * release) or when the other execution's claim ends (wait for its answer until then).
 */
export function claim(
  cache: KeyValueCache,
  answerKeys: string[],
  now: number,
  until: number,
  ttlSeconds: number,
): Array<number | null> {
  const keys = answerKeys.map(markerKey);
  const got = cache.getAll(keys);
  const put: Record<string, string> = {};
  const out = keys.map((k) => {
    const other = markerUntil(Object.prototype.hasOwnProperty.call(got, k) ? got[k] : null, now);
    if (other !== null) return other;
    put[k] = JSON.stringify({ until });
    return null;
  });
  if (Object.keys(put).length > 0) cache.putAll(put, Math.max(1, Math.ceil(ttlSeconds)));
  return out;
}

export function release(cache: KeyValueCache, answerKeys: string[]): void {
  if (answerKeys.length > 0) cache.removeAll(answerKeys.map(markerKey));
}

/** Which of `answerKeys` are still claimed by someone (a live marker). */
export function stillClaimed(cache: KeyValueCache, answerKeys: string[], now: number): boolean[] {
  const keys = answerKeys.map(markerKey);
  const got = cache.getAll(keys);
  return keys.map((k) => markerUntil(Object.prototype.hasOwnProperty.call(got, k) ? got[k] : null, now) !== null);
}
