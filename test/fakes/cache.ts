/** CacheService fake: TTL on the virtual clock, Apps Script's size limits, 1,000 items per cache. */
import type { Execution } from './execution';
import { isPlainObject, serviceError } from './util';

export const MAX_CACHE_KEY = 250;
export const MAX_CACHE_VALUE = 100 * 1024;
export const MAX_CACHE_TTL_SEC = 21600;
export const MAX_CACHE_ITEMS = 1000;

interface Item {
  value: string;
  expiresAt: number;
  seq: number;
}

export class CacheStore {
  items = new Map<string, Item>();
  private seq = 0;

  constructor(
    private now: () => number,
    private onWrite: (key: string) => void,
  ) {}

  private purge(): void {
    const t = this.now();
    for (const [k, it] of this.items) if (it.expiresAt <= t) this.items.delete(k);
  }
  get(key: string): string | null {
    const it = this.items.get(key);
    if (!it) return null;
    if (it.expiresAt <= this.now()) {
      this.items.delete(key);
      return null;
    }
    return it.value;
  }
  put(key: string, value: string, ttlSec: number): void {
    this.onWrite(key);
    this.items.delete(key);
    this.items.set(key, { value, expiresAt: this.now() + ttlSec * 1000, seq: this.seq++ });
    if (this.items.size > MAX_CACHE_ITEMS) {
      this.purge();
      while (this.items.size > MAX_CACHE_ITEMS) {
        // Map keeps insertion order: the first entry is the oldest write.
        const oldest = this.items.keys().next().value as string;
        this.items.delete(oldest);
      }
    }
  }
  remove(key: string): void {
    this.items.delete(key);
  }
  clear(): void {
    this.items.clear();
  }
  /** Live (unexpired) entries, for tests. */
  entries(): [string, string][] {
    this.purge();
    return [...this.items].map(([k, v]) => [k, v.value]);
  }
}

function checkKey(key: unknown): string {
  if (key === null || key === undefined) throw serviceError('Invalid argument: key');
  const k = String(key);
  if (k.length > MAX_CACHE_KEY) throw serviceError('Argument too large: key');
  return k;
}
function checkValue(value: unknown): string {
  if (value === null || value === undefined) throw serviceError('Invalid argument: value');
  const v = String(value);
  // Cache.put: "The maximum length of a value is 100KB" — counted here in UTF-8 bytes, the stricter
  // reading (https://developers.google.com/apps-script/reference/cache/cache#putkey,-value).
  if (v.length > MAX_CACHE_VALUE || Buffer.byteLength(v, 'utf8') > MAX_CACHE_VALUE)
    throw serviceError('Argument too large: value');
  return v;
}
function checkTtl(ttl: unknown): number {
  if (ttl === undefined || ttl === null) return 600;
  const n = Number(ttl);
  if (!Number.isFinite(n) || n < 1) throw serviceError('Invalid argument: expirationInSeconds');
  if (n > MAX_CACHE_TTL_SEC)
    throw serviceError(`Invalid argument: expirationInSeconds (the maximum is ${MAX_CACHE_TTL_SEC})`);
  return Math.floor(n);
}

export class CacheImpl {
  constructor(private _store: CacheStore) {}
  get(key: unknown): string | null {
    return this._store.get(checkKey(key));
  }
  getAll(keys: unknown): Record<string, string> {
    if (!Array.isArray(keys)) throw serviceError('Invalid argument: keys');
    const out: Record<string, string> = {};
    for (const k of keys) {
      const v = this._store.get(checkKey(k));
      if (v !== null) out[String(k)] = v;
    }
    return out;
  }
  put(key: unknown, value: unknown, ttl?: unknown): void {
    const k = checkKey(key);
    const v = checkValue(value);
    this._store.put(k, v, checkTtl(ttl));
  }
  putAll(values: unknown, ttl?: unknown): void {
    if (!isPlainObject(values)) throw serviceError('Invalid argument: values');
    const t = checkTtl(ttl);
    const entries = Object.keys(values).map((k) => [checkKey(k), checkValue(values[k])] as const);
    for (const [k, v] of entries) this._store.put(k, v, t);
  }
  remove(key: unknown): void {
    this._store.remove(checkKey(key));
  }
  removeAll(keys: unknown): void {
    if (!Array.isArray(keys)) throw serviceError('Invalid argument: keys');
    for (const k of keys) this._store.remove(checkKey(k));
  }
}

export function createCacheService(x: Execution): GoogleAppsScript.Cache.CacheService {
  const w = x.world;
  const svc = {
    getDocumentCache() {
      const ss = x.spreadsheetData();
      return ss ? x.wrap('Cache', new CacheImpl(w.documentCache(ss.id))) : null;
    },
    getUserCache() {
      // UNVERIFIED: in custom functions the user cache is taken to be the owner's, like user properties.
      const user = x.mode === 'custom_function' ? (x.spreadsheetData()?.owner ?? x.user) : x.user;
      return x.wrap('Cache', new CacheImpl(w.userCache(user)));
    },
    getScriptCache() {
      return x.wrap('Cache', new CacheImpl(w.scriptCache));
    },
  };
  return x.wrap('CacheService', svc);
}
