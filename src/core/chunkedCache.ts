/**
 * Caches long strings in a store that holds at most 100 KB per value: split into chunks under one
 * manifest entry, read back with a single getAll. Chunks are cut by their real UTF-8 size, so one "ü"
 * in an answer does not triple the number of items it takes. Pure: the store is a port.
 */
export interface KeyValueCache {
  getAll(keys: string[]): Record<string, string>;
  putAll(values: Record<string, string>, ttlSeconds: number): void;
  removeAll(keys: string[]): void;
}

/**
 * UTF-8 bytes per chunk: CacheService holds 100 KB a value (https://developers.google.com/apps-script/reference/cache/cache
 * "The maximum length of a value is 100KB"); 10% is kept spare in case Google counts a little differently.
 */
export const CHUNK_BYTES = 90000;
/** Beyond this many chunks an answer is not cached (the cache holds 1,000 items in all). */
export const MAX_CHUNKS = 100;

/**
 * Where to cut `text` into chunks of at most `maxBytes` UTF-8 bytes: the end index of each chunk.
 * Never between the two halves of a surrogate pair (each half alone would not survive UTF-8).
 */
export function chunkEnds(text: string, maxBytes = CHUNK_BYTES): number[] {
  const ends: number[] = [];
  let bytes = 0;
  let i = 0;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    const pair = c >= 0xd800 && c < 0xdc00 && i + 1 < text.length;
    const width = pair ? 2 : 1;
    const size = c < 0x80 ? 1 : c < 0x800 ? 2 : pair ? 4 : 3;
    if (bytes + size > maxBytes) {
      ends.push(i);
      bytes = 0;
    }
    bytes += size;
    i += width;
  }
  ends.push(text.length);
  return ends;
}

/**
 * Writes `text` under `key`. A `tag` is kept in the manifest: a reader that asks for another tag gets a
 * miss (the formula cache keys tables by what the user typed and tags them with what was resolved).
 */
export function putChunked(cache: KeyValueCache, key: string, text: string, ttlSeconds: number, tag?: string): boolean {
  const ends = chunkEnds(text);
  if (ends.length > MAX_CHUNKS) return false;
  const values: Record<string, string> = {};
  let start = 0;
  ends.forEach((end, i) => {
    values[`${key}:${i}`] = text.slice(start, end);
    start = end;
  });
  values[key] = JSON.stringify(
    tag === undefined ? { n: ends.length, len: text.length } : { n: ends.length, len: text.length, tag },
  );
  cache.putAll(values, ttlSeconds);
  return true;
}

/** The keys one getAll asks for to read the entry under `key` whole. */
export function chunkKeys(key: string, maxChunks = MAX_CHUNKS): string[] {
  const keys = [key];
  for (let i = 0; i < maxChunks; i++) keys.push(`${key}:${i}`);
  return keys;
}

/**
 * The text under `key` in what a getAll of chunkKeys(key) returned: { text }, 'missing' (no entry, or
 * another tag: nothing to clean up) or 'broken' (an entry that cannot be whole: the caller removes it).
 */
export function readChunks(
  got: Record<string, string>,
  key: string,
  tag?: string,
  maxChunks = MAX_CHUNKS,
): { text: string } | 'missing' | 'broken' {
  const has = (k: string) => Object.prototype.hasOwnProperty.call(got, k) && typeof got[k] === 'string';
  if (!has(key)) return 'missing';
  const meta = readManifest(got[key], maxChunks);
  if (!meta) return 'broken';
  if (tag !== undefined && meta.tag !== tag) return 'missing';
  let out = '';
  for (let i = 0; i < meta.n; i++) {
    const k = `${key}:${i}`;
    if (!has(k)) return 'broken'; // evicted early
    out += got[k];
  }
  return out.length === meta.len ? { text: out } : 'broken';
}

/**
 * The text under `key`, or null. An entry that cannot be whole (unreadable manifest, a chunk evicted
 * early, wrong length) is removed, so the next reader does not meet it again; it counts as a miss.
 */
export function getChunked(cache: KeyValueCache, key: string, maxChunks = MAX_CHUNKS, tag?: string): string | null {
  // One getAll for manifest and chunks: the manifest tells how many of the keys matter.
  const keys = chunkKeys(key, maxChunks);
  const r = readChunks(cache.getAll(keys), key, tag, maxChunks);
  if (r === 'missing') return null;
  return r === 'broken' ? drop(cache, keys) : r.text;
}

/** Removes an entry and all its chunks. */
export function removeChunked(cache: KeyValueCache, key: string, maxChunks = MAX_CHUNKS): void {
  cache.removeAll(chunkKeys(key, maxChunks));
}

function readManifest(text: string, maxChunks: number): { n: number; len: number; tag?: unknown } | null {
  try {
    const v = JSON.parse(text) as { n?: unknown; len?: unknown; tag?: unknown } | null;
    if (!v || typeof v !== 'object') return null;
    const { n, len, tag } = v;
    if (typeof n !== 'number' || !Number.isInteger(n) || n < 1 || n > maxChunks) return null;
    if (typeof len !== 'number' || !Number.isInteger(len) || len < 0) return null;
    return { n, len, tag };
  } catch {
    return null;
  }
}

/** Removes a broken entry; a failure to remove leaves it unreadable, still a miss. */
export function drop(cache: KeyValueCache, keys: string[]): null {
  try {
    cache.removeAll(keys);
  } catch {
    /* the entry stays unreadable; it is still a miss */
  }
  return null;
}
