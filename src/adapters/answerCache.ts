/** The answer cache on CacheService: the document's cache where there is one, else the script's. */
import type { KeyValueCache } from '../core/chunkedCache';

export function appsScriptCache(): KeyValueCache {
  const cache = CacheService.getDocumentCache() ?? CacheService.getScriptCache();
  return {
    getAll: (keys) => cache.getAll(keys) as Record<string, string>,
    putAll: (values, ttl) => cache.putAll(values, ttl),
    removeAll: (keys) => cache.removeAll(keys),
  };
}
