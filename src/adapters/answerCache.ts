/** The answer cache on CacheService: the document's cache where there is one, else the script's. */
import type { KeyValueCache } from '../core/chunkedCache';
import { claim, release } from '../core/inFlight';
import { SHORT_LOCK_WAIT_MS, withScriptLock } from './scriptLock';

export function appsScriptCache(): KeyValueCache {
  const cache = CacheService.getDocumentCache() ?? CacheService.getScriptCache();
  return {
    getAll: (keys) => cache.getAll(keys),
    putAll: (values, ttl) => cache.putAll(values, ttl),
    removeAll: (keys) => cache.removeAll(keys),
  };
}

/**
 * Claims the answers this execution will fetch (null) and tells, for the others, until when another
 * execution is fetching them. Without the lock in time, claims nothing: a duplicate fetch at worst.
 */
export function claimFetches(
  cache: KeyValueCache,
  answerKeys: string[],
  budgetMs: number,
): Array<number | null> | null {
  const now = Date.now();
  const r = withScriptLock(SHORT_LOCK_WAIT_MS, () =>
    claim(cache, answerKeys, now, now + budgetMs, budgetMs / 1000 + 5),
  );
  return r.ok ? r.value : null;
}

export function releaseFetches(cache: KeyValueCache, answerKeys: string[]): void {
  try {
    release(cache, answerKeys);
  } catch {
    /* the markers expire on their own */
  }
}
