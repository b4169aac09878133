import { CHUNK_BYTES, chunkEnds, getChunked, putChunked, removeChunked, type KeyValueCache } from './chunkedCache';

class MapCache implements KeyValueCache {
  m = new Map<string, string>();
  getAll(keys: string[]) {
    const out: Record<string, string> = {};
    for (const k of keys) if (this.m.has(k)) out[k] = this.m.get(k)!;
    return out;
  }
  putAll(values: Record<string, string>) {
    for (const k of Object.keys(values)) this.m.set(k, values[k]);
  }
  removeAll(keys: string[]) {
    for (const k of keys) this.m.delete(k);
  }
}

const big = 'x'.repeat(200_000);

test('a long text round-trips through chunks', () => {
  const c = new MapCache();
  expect(putChunked(c, 'k', big, 60)).toBe(true);
  expect(c.m.size).toBe(4); // manifest + 3 chunks
  expect(getChunked(c, 'k')).toBe(big);
  removeChunked(c, 'k');
  expect(c.m.size).toBe(0);
});

test.each([
  ['a chunk evicted early', (c: MapCache) => c.m.delete('k:1')],
  ['a garbled manifest', (c: MapCache) => c.m.set('k', '{"n":')],
  ['a manifest of the wrong shape', (c: MapCache) => c.m.set('k', 'null')],
  ['a manifest asking for too many chunks', (c: MapCache) => c.m.set('k', '{"n":1000000,"len":5}')],
  ['a chunk of the wrong length', (c: MapCache) => c.m.set('k:2', 'short')],
])('%s: a miss, and the whole entry is removed', (_name, spoil) => {
  const c = new MapCache();
  putChunked(c, 'k', big, 60);
  c.m.set('other', 'kept');
  spoil(c);
  expect(getChunked(c, 'k')).toBeNull();
  expect([...c.m.keys()]).toEqual(['other']);
});

const utf8 = (s: string) => Buffer.byteLength(s, 'utf8');

test('one "ü" in a 2.3 MB answer costs one byte, not a switch to 30,000-character chunks', () => {
  const c = new MapCache();
  const text = 'x'.repeat(1_150_000) + 'ü' + 'y'.repeat(1_150_000);
  expect(putChunked(c, 'k', text, 60)).toBe(true);
  expect(c.m.size - 1).toBe(Math.ceil(utf8(text) / CHUNK_BYTES)); // 26 chunks (it was 77)
  expect(getChunked(c, 'k')).toBe(text);
});

test.each([
  ['2-byte characters', 'ü'.repeat(100_000)],
  ['3-byte characters', '€'.repeat(70_000)],
  ['surrogate pairs', '📈'.repeat(50_000)],
  ['a mix', 'aü€📈'.repeat(30_000)],
])('%s: every chunk stays under 100 KB of UTF-8 and no surrogate pair is cut', (_name, text) => {
  const c = new MapCache();
  putChunked(c, 'k', text, 60);
  for (const [k, v] of c.m) {
    if (k === 'k') continue;
    expect(utf8(v)).toBeLessThanOrEqual(CHUNK_BYTES);
    expect(Buffer.from(v, 'utf8').toString('utf8')).toBe(v); // no lone half survives the round trip
  }
  expect(getChunked(c, 'k')).toBe(text);
  expect(chunkEnds(text).length).toBe(Math.ceil(utf8(text) / CHUNK_BYTES));
});

test('a tagged entry: another tag is a miss and the entry stays', () => {
  const c = new MapCache();
  putChunked(c, 'k', 'answer', 60, 'zone=Europe/Berlin');
  expect(getChunked(c, 'k', undefined, 'zone=Europe/Berlin')).toBe('answer');
  expect(getChunked(c, 'k', undefined, 'zone=Asia/Tokyo')).toBeNull();
  expect(c.m.has('k')).toBe(true);
});
