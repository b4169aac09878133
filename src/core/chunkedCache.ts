/**
 * Caches long strings in a store that holds at most 100 KB per value: split into chunks under one
 * manifest entry, read back with a single getAll. Pure: the store is a port.
 */
import { isAscii } from './propertyChunks';
export interface KeyValueCache {
  getAll(keys: string[]): Record<string, string>;
  putAll(values: Record<string, string>, ttlSeconds: number): void;
  removeAll(keys: string[]): void;
}

/** Characters per chunk: ASCII text fits 90 000 in 100 KB; other text may take 3 bytes a character. */
const ASCII_CHUNK = 90000;
const UNICODE_CHUNK = 30000;
/** Beyond this many chunks an answer is not cached (the cache holds 1,000 items in all). */
export const MAX_CHUNKS = 100;

export function chunkSize(text: string): number {
  return isAscii(text) ? ASCII_CHUNK : UNICODE_CHUNK;
}

export function putChunked(cache: KeyValueCache, key: string, text: string, ttlSeconds: number): boolean {
  const size = chunkSize(text);
  const n = Math.max(1, Math.ceil(text.length / size));
  if (n > MAX_CHUNKS) return false;
  const values: Record<string, string> = {};
  for (let i = 0; i < n; i++) values[`${key}:${i}`] = text.slice(i * size, (i + 1) * size);
  values[key] = JSON.stringify({ n, len: text.length });
  cache.putAll(values, ttlSeconds);
  return true;
}

/**
 * The text under `key`, or null. An entry that cannot be whole (unreadable manifest, a chunk evicted
 * early, wrong length) is removed, so the next reader does not meet it again; it counts as a miss.
 */
export function getChunked(cache: KeyValueCache, key: string, maxChunks = MAX_CHUNKS): string | null {
  // One getAll for manifest and chunks: the manifest tells how many of the keys matter.
  const keys = [key];
  for (let i = 0; i < maxChunks; i++) keys.push(`${key}:${i}`);
  const got = cache.getAll(keys);
  const has = (k: string) => Object.prototype.hasOwnProperty.call(got, k) && typeof got[k] === 'string';
  if (!has(key)) return null;
  const meta = readManifest(got[key], maxChunks);
  if (!meta) return drop(cache, keys);
  let out = '';
  for (let i = 0; i < meta.n; i++) {
    const k = `${key}:${i}`;
    if (!has(k)) return drop(cache, keys); // evicted early
    out += got[k];
  }
  return out.length === meta.len ? out : drop(cache, keys);
}

/** Removes an entry and all its chunks. */
export function removeChunked(cache: KeyValueCache, key: string, maxChunks = MAX_CHUNKS): void {
  const keys = [key];
  for (let i = 0; i < maxChunks; i++) keys.push(`${key}:${i}`);
  cache.removeAll(keys);
}

function readManifest(text: string, maxChunks: number): { n: number; len: number } | null {
  try {
    const v = JSON.parse(text) as { n?: unknown; len?: unknown } | null;
    if (!v || typeof v !== 'object') return null;
    const { n, len } = v;
    if (typeof n !== 'number' || !Number.isInteger(n) || n < 1 || n > maxChunks) return null;
    if (typeof len !== 'number' || !Number.isInteger(len) || len < 0) return null;
    return { n, len };
  } catch {
    return null;
  }
}

function drop(cache: KeyValueCache, keys: string[]): null {
  try {
    cache.removeAll(keys);
  } catch {
    /* the entry stays unreadable; it is still a miss */
  }
  return null;
}
