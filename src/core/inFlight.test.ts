import type { KeyValueCache } from './chunkedCache';
import { claim, markerKey, markerUntil, release, stillClaimed } from './inFlight';

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

test('the first claimant fetches, the next one learns until when to wait, release frees it', () => {
  const c = new MapCache();
  expect(claim(c, ['a', 'b'], 1000, 26000, 30)).toEqual([null, null]);
  expect(claim(c, ['a', 'c'], 2000, 27000, 30)).toEqual([26000, null]);
  expect(stillClaimed(c, ['a', 'b', 'x'], 3000)).toEqual([true, true, false]);
  release(c, ['a']);
  expect(stillClaimed(c, ['a'], 3000)).toEqual([false]);
  expect(claim(c, ['a'], 3000, 28000, 30)).toEqual([null]);
});

test('an expired or unreadable marker is no claim', () => {
  const c = new MapCache();
  claim(c, ['a'], 0, 5000, 30);
  expect(claim(c, ['a'], 6000, 31000, 30)).toEqual([null]);
  c.m.set(markerKey('b'), '{oops');
  expect(claim(c, ['b'], 0, 1, 30)).toEqual([null]);
  expect(markerUntil('null', 0)).toBeNull();
  expect(markerUntil('{"until":"x"}', 0)).toBeNull();
});
