/**
 * The concurrent scheduler (test/harness/concurrent.ts): executions interleave on one virtual clock,
 * share Cache/Properties/Lock, keep their own budgets, and the 31st simultaneous one is refused.
 */
import { MAX_SIMULTANEOUS_EXECUTIONS, runConcurrently, type ConcurrentCall } from '../harness/concurrent';
import { createWorld } from './index';

const SOURCE = `
function sleeper(ms, tag) { var t0 = Date.now(); Utilities.sleep(ms); return [tag, t0, Date.now()]; }
function bump(n, locked) {
  var c = CacheService.getScriptCache();
  var lock = LockService.getScriptLock();
  for (var i = 0; i < n; i++) {
    if (locked) lock.waitLock(5000);
    var v = Number(c.get('n') || 0);
    c.put('n', String(v + 1));
    if (locked) lock.releaseLock();
  }
  return Number(c.get('n'));
}
function holder(ms) { var l = LockService.getScriptLock(); l.waitLock(1000); Utilities.sleep(ms); l.releaseLock(); return Date.now(); }
function taker(ms) { var t0 = Date.now(); var ok = LockService.getScriptLock().tryLock(ms); return [ok, Date.now() - t0]; }
function longSleep() { var l = LockService.getScriptLock(); l.waitLock(100); for (var i = 0; i < 8; i++) Utilities.sleep(10000); return 'finished'; }
function swallow() { try { for (var i = 0; i < 8; i++) Utilities.sleep(10000); } catch (e) { return 'caught ' + e.message; } return 'finished'; }
function realm() {
  var ss = SpreadsheetApp.getActiveSpreadsheet();
  var props = PropertiesService.getScriptProperties().getProperties();
  var d = Utilities.computeDigest(Utilities.DigestAlgorithm.SHA_256, 'x', Utilities.Charset.UTF_8);
  return [ss.getName(), typeof ss.getId(), props instanceof Object, props.k, d instanceof Array, d.length, new Date() instanceof Date, String(ss)];
}
function when() { return new Date(); }
function rand() { return Math.random(); }
function denied() { return SpreadsheetApp.getActiveSpreadsheet().getSheets()[0].getRange('A1').setValue(1); }
`;

const START = Date.UTC(2026, 10, 28, 9, 0);
const run = (world = createWorld({ startTime: START }), calls: ConcurrentCall[]) =>
  runConcurrently(world, calls, { source: SOURCE });

describe('concurrent executions', () => {
  test('a sleeping execution lets the others run: three 5 s sleeps end together after 5 s', () => {
    const world = createWorld({ startTime: START });
    const out = run(world, [
      { fn: 'sleeper', args: [5000, 'a'] },
      { fn: 'sleeper', args: [5000, 'b'] },
      { fn: 'sleeper', args: [2000, 'c'], at: 1000 },
    ]);
    expect(out.map((r) => r.value)).toEqual([
      ['a', START, START + 5000],
      ['b', START, START + 5000],
      ['c', START + 1000, START + 3000],
    ]);
    expect(world.clock.now()).toBe(START + 5000);
    expect(new Set(out.map((r) => r.executionId)).size).toBe(3);
  });

  test('a read-then-write without a lock loses updates; with the script lock none is lost', () => {
    const racy = run(
      undefined,
      [0, 1, 2].map(() => ({ fn: 'bump', args: [5, false] })),
    );
    const finals = racy.map((r) => r.value as number);
    expect(Math.max(...finals)).toBeLessThan(15);
    const safe = run(
      undefined,
      [0, 1, 2].map(() => ({ fn: 'bump', args: [5, true] })),
    );
    expect(safe.map((r) => r.ok)).toEqual([true, true, true]);
    expect(Math.max(...safe.map((r) => r.value as number))).toBe(15);
  });

  test('a lock really excludes: tryLock times out at its deadline, waitLock gets it when the holder lets go', () => {
    const world = createWorld({ startTime: START });
    const out = run(world, [
      { fn: 'holder', args: [5000] },
      { fn: 'taker', args: [1000] },
      { fn: 'taker', args: [10000] },
    ]);
    expect(out[0].value).toBe(START + 5000);
    expect(out[1].value).toEqual([false, 1000]);
    expect(out[2].value).toEqual([true, 5000]);
    expect(world.locks.size).toBe(0);
  });

  test('each execution has its own budget: a custom function is stopped at 30 s and its lock released then', () => {
    const world = createWorld({ startTime: START });
    const out = run(world, [
      { fn: 'longSleep' },
      { fn: 'taker', args: [60000], exec: { mode: 'full' }, at: 100 },
      { fn: 'swallow', at: 200 },
      { fn: 'sleeper', args: [70000, 'full'], exec: { mode: 'full' } },
    ]);
    expect(out[0]).toMatchObject({ ok: false, timedOut: true, error: 'Exceeded maximum execution time' });
    expect(out[0].endedAt).toBe(START + 30001);
    // The waiter got the lock the moment the stopped execution's lock was released.
    expect(out[1].value).toEqual([true, 30001 - 100]);
    // Catching the platform's stop changes nothing: the execution is over.
    expect(out[2]).toMatchObject({ ok: false, timedOut: true });
    expect(out[3]).toMatchObject({ ok: true, value: ['full', START, START + 70000] });
  });

  test(`at most ${MAX_SIMULTANEOUS_EXECUTIONS} simultaneous executions per user; the next is refused`, () => {
    const calls: ConcurrentCall[] = Array.from({ length: MAX_SIMULTANEOUS_EXECUTIONS + 1 }, (_, i) => ({
      fn: 'sleeper',
      args: [1000, i],
    }));
    calls.push({ fn: 'sleeper', args: [1000, 'other'], exec: { user: 'editor@example.com' } });
    calls.push({ fn: 'sleeper', args: [1000, 'later'], at: 1001 });
    const out = run(undefined, calls);
    expect(out.slice(0, MAX_SIMULTANEOUS_EXECUTIONS).every((r) => r.ok)).toBe(true);
    const refused = out[MAX_SIMULTANEOUS_EXECUTIONS];
    expect(refused).toMatchObject({ ok: false, refused: true, executionId: null });
    expect(refused.error).toMatch(/too many scripts running simultaneously/i);
    expect(out[MAX_SIMULTANEOUS_EXECUTIONS + 1]).toMatchObject({ ok: true, value: ['other', START, START + 1000] });
    expect(out[MAX_SIMULTANEOUS_EXECUTIONS + 2]).toMatchObject({ ok: true });
  }, 60000);

  test('services, constants and realms work across the thread boundary; permissions still apply', () => {
    const world = createWorld({ startTime: START });
    world.scriptProperties.apply(new Map([['k', 'v']]));
    const [r, d, denied] = run(world, [{ fn: 'realm' }, { fn: 'when' }, { fn: 'denied' }]);
    expect(r.value).toEqual(['Untitled spreadsheet', 'string', true, 'v', true, 32, true, 'Spreadsheet']);
    expect(d.value).toBeInstanceOf(Date);
    expect((d.value as Date).getTime()).toBe(START);
    expect(denied).toMatchObject({ ok: false, error: expect.stringMatching(/permission/) });
  });

  test('deterministic: the same calls give the same interleaving and the same Math.random', () => {
    const calls = [0, 1, 2].map(() => ({ fn: 'bump', args: [7, false] }));
    const a = run(undefined, calls).map((r) => r.value);
    const b = run(undefined, calls).map((r) => r.value);
    expect(a).toEqual(b);
    const r1 = run(undefined, [{ fn: 'rand' }, { fn: 'rand' }]).map((r) => r.value);
    const r2 = run(undefined, [{ fn: 'rand' }, { fn: 'rand' }]).map((r) => r.value);
    expect(r1).toEqual(r2);
    expect(r1[0]).not.toBe(r1[1]);
  });
});
