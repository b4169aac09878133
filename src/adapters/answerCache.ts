/**
 * The answer cache on CacheService: the document's cache where there is one, else the script's; and the
 * user's own cache, which holds what a formula needs to know about the user (src/services/formulaCache.ts).
 */
import type { KeyValueCache } from '../core/chunkedCache';
import { claim, release } from '../core/inFlight';
import { SHORT_LOCK_WAIT_MS, withScriptLock } from './scriptLock';

function port(cache: GoogleAppsScript.Cache.Cache): KeyValueCache {
  return {
    getAll: (keys) => cache.getAll(keys),
    putAll: (values, ttl) => cache.putAll(values, ttl),
    removeAll: (keys) => cache.removeAll(keys),
  };
}

export function appsScriptCache(): KeyValueCache {
  return port(CacheService.getDocumentCache() ?? CacheService.getScriptCache());
}

/** The document's cache, or null outside a document. */
export function documentCache(): KeyValueCache | null {
  const cache = CacheService.getDocumentCache();
  return cache ? port(cache) : null;
}

/** This user's cache: never read by another editor (in a custom function, the owner's, like user properties). */
export function userCache(): KeyValueCache {
  return port(CacheService.getUserCache());
}

/** Where the user's formula context lives in their user cache (src/services/formulaCache.ts). */
export const USER_CONTEXT_KEY = 'adapty:ctx:user';

/** Forgets the user's formula context: their key or connection changed. */
export function forgetUserContext(): void {
  try {
    CacheService.getUserCache().remove(USER_CONTEXT_KEY);
  } catch {
    /* it expires on its own within minutes */
  }
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
