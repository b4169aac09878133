import { getChunked, putChunked, removeChunked, type KeyValueCache } from './chunkedCache';

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
