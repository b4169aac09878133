/**
 * Many formulas at once, end to end: dist/Code.js in concurrent executions (test/harness/concurrent.ts,
 * one thread and one 30 s budget each, sharing Cache/Properties/Lock and the virtual clock) against the
 * emulator (2 requests per second per key). Also a scheduled run alongside formulas, one limiter for a
 * whole scheduled run, and cache entries that are corrupt or partly evicted.
 */
import type { World } from '../fakes';
import { EDITOR, HOUR, OWNER, START, emulatedWorld, runOnce, useEmulator } from '../harness/bed';
import { runConcurrently, shutdownConcurrentWorkers, type ConcurrentCall } from '../harness/concurrent';
import type { EmulatorProcess } from '../../emulator/process';
import { BUSY_MESSAGE } from '../../src/entry/customFunctions';
import { dashboard, peakPerSecond } from '../../bench/concurrent.bench';

let emu: EmulatorProcess;
useEmulator((e) => (emu = e));
afterAll(async () => {
  await shutdownConcurrentWorkers();
});

function world(): World {
  return emulatedWorld(emu, { startTime: START, timeZone: 'Europe/Berlin', keys: { [OWNER]: emu.demoKey } });
}

function full(w: World, name: string, ...args: unknown[]): unknown {
  return runOnce(w, { mode: 'full', user: OWNER }, name, args);
}

const isTable = (v: unknown) => Array.isArray(v) && v.length > 1 && Array.isArray(v[0]);

/** What the emulator saw: send times (its clock) and statuses. */
async function seen() {
  const reqs = await emu.requests();
  return { times: reqs.map((r) => r.at), statuses: reqs.map((r) => r.status), bodies: reqs.map((r) => r.body) };
}

test('30 distinct formulas recalculating at once: every cell gets its table, ≤ 2 requests in any second, no 429', async () => {
  const w = world();
  const out = runConcurrently(w, dashboard());
  expect(out.map((r) => r.error ?? 'table')).toEqual(out.map(() => 'table'));
  expect(out.every((r) => isTable(r.value))).toBe(true);
  const s = await seen();
  expect(s.statuses).toEqual(out.map(() => 200));
  expect(peakPerSecond(s.times)).toBeLessThanOrEqual(2);
  // 30 requests at 2 per second: about 15 s, inside every formula's 30 s.
  expect(Math.max(...out.map((r) => r.endedAt - r.startedAt))).toBeLessThan(20_000);
  expect(out.some((r) => r.timedOut)).toBe(false);
});

test('the same formula in several cells is fetched once: the others wait for its answer', async () => {
  const w = world();
  const distinct = dashboard().slice(0, 10);
  const calls: ConcurrentCall[] = [...distinct, ...distinct, ...distinct];
  const out = runConcurrently(w, calls);
  expect(out.every((r) => r.ok && isTable(r.value))).toBe(true);
  for (let i = 0; i < 10; i++) {
    expect(out[i + 10].value).toEqual(out[i].value);
    expect(out[i + 20].value).toEqual(out[i].value);
  }
  const s = await seen();
  expect(s.bodies).toHaveLength(10);
  expect(new Set(s.bodies).size).toBe(10);
  expect(peakPerSecond(s.times)).toBeLessThanOrEqual(2);
});

test('more formulas than 30 s can serve: each ends in time with its table or "Adapty is busy"; a refresh later fills the rest', async () => {
  const w = world();
  const owner = dashboard();
  // An editor opens another tab of the dashboard 2 s later: the same key, 30 more distinct requests.
  const editor = dashboard().map((c) => ({
    ...c,
    args: [...(c.args as unknown[]).slice(0, 3), 'period_unit=week'],
    exec: { user: EDITOR },
    at: 2000,
  }));
  const calls = [...owner, ...editor];
  const out = runConcurrently(w, calls);
  const busy = out.filter((r) => !r.ok);
  expect(busy.length).toBeGreaterThan(0);
  for (const r of busy) expect(r.error).toBe(`ADAPTY_ANALYTICS: ${BUSY_MESSAGE}`);
  expect(out.filter((r) => r.ok).every((r) => isTable(r.value))).toBe(true);
  expect(out.some((r) => r.timedOut)).toBe(false);
  for (const r of out) expect(r.endedAt - r.startedAt).toBeLessThanOrEqual(30_000);
  const s = await seen();
  expect(s.statuses.every((x) => x === 200)).toBe(true);
  expect(peakPerSecond(s.times)).toBeLessThanOrEqual(2);

  // The next refresh, a minute later, recalculates the busy cells; the rest come from the cache.
  w.clock.advance(60_000);
  const again = runConcurrently(
    w,
    calls.map((c) => ({ ...c, at: 0 })),
  );
  expect(again.every((r) => r.ok && isTable(r.value))).toBe(true);
  expect((await seen()).bodies).toHaveLength(calls.length);
});

test('a scheduled run holding the document lock does not hold formulas up; together they stay within the limit', async () => {
  const w = world();
  for (let i = 0; i < 15; i++)
    full(w, 'saveReport', {
      name: `R${i}`,
      spec: { endpoint: 'analytics', chart: 'mrr', start: '2026-10-01', end: `2026-10-${10 + i}` },
      destination: { kind: 'sheet', sheetName: `S${i}` },
      schedule: 'hourly',
    });
  w.clock.advance(HOUR);
  await emu.reset();
  const formulas = dashboard()
    .slice(0, 10)
    .map((c) => ({ ...c, at: 500 }));
  const out = runConcurrently(w, [{ fn: 'runScheduledReports', exec: { mode: 'trigger', user: OWNER } }, ...formulas]);
  expect(out[0]).toMatchObject({ ok: true });
  expect(out.slice(1).every((r) => r.ok && isTable(r.value))).toBe(true);
  const reports = full(w, 'listReports') as Array<{ lastRun?: { status: string } }>;
  expect(reports.map((r) => r.lastRun?.status)).toEqual(reports.map(() => 'ok'));
  const s = await seen();
  expect(s.statuses).toHaveLength(25);
  expect(s.statuses.every((x) => x === 200)).toBe(true);
  expect(peakPerSecond(s.times)).toBeLessThanOrEqual(2);
}, 60000);

test('one limiter for a whole scheduled run: 15 due reports over two batches meet no 429', async () => {
  const w = world();
  for (let i = 0; i < 15; i++)
    full(w, 'saveReport', {
      name: `R${i}`,
      spec: { endpoint: 'analytics', chart: 'mrr', start: '2026-10-01', end: `2026-10-${10 + i}` },
      destination: { kind: 'sheet', sheetName: `S${i}` },
      schedule: 'hourly',
    });
  w.clock.advance(HOUR);
  await emu.reset();
  runOnce(w, { mode: 'trigger', user: OWNER }, 'runScheduledReports', []);
  const s = await seen();
  expect(s.statuses).toEqual(new Array(15).fill(200));
  expect(peakPerSecond(s.times)).toBeLessThanOrEqual(2);
});

describe('a corrupt or partly evicted cache entry is dropped and refetched, never an error', () => {
  const FORMULA: [string, unknown[]] = ['ADAPTY_ANALYTICS', ['mrr', '2026-01-01', '2026-03-31', 'period_unit=month']];
  const cf = (w: World) =>
    runOnce(w, { mode: 'custom_function', user: OWNER }, FORMULA[0], FORMULA[1], { advanceMs: 2000 }) as unknown;
  const entries = (w: World) => {
    const cache = w.documentCache(w.spreadsheet().id);
    const keys = cache.entries().map(([k]) => k);
    const tableKey = keys.find((k) => k.startsWith('adapty:f:') && !/:\d+$/.test(k))!;
    const answerKey = keys.find((k) => /^adapty:[0-9a-f]+$/.test(k))!;
    return { cache, tableKey, answerKey };
  };

  /** Writes spoiled values; returns them so the test can check they were dropped. */
  const spoilWith = (w: World, values: Array<[string, string | null]>): Array<[string, string | null]> => {
    const { cache } = entries(w);
    for (const [k, v] of values)
      if (v === null) cache.remove(k);
      else cache.put(k, v, 600);
    return values;
  };
  const badTable = JSON.stringify({ columns: 'x', rows: [1, 2] });
  const badAnswer = '{"data": [trunc';

  test.each([
    [
      'a table entry of the wrong shape: rebuilt from the cached answer, nothing fetched',
      (w: World) => {
        const { tableKey } = entries(w);
        return spoilWith(w, [
          [`${tableKey}:0`, badTable],
          [tableKey, JSON.stringify({ n: 1, len: badTable.length })],
        ]);
      },
      0,
    ],
    [
      'a manifest that is JSON but no manifest: rebuilt from the cached answer',
      (w: World) => spoilWith(w, [[entries(w).tableKey, 'null']]),
      0,
    ],
    [
      'both entries with a chunk evicted: fetched again',
      (w: World) => {
        const { tableKey, answerKey } = entries(w);
        return spoilWith(w, [
          [`${tableKey}:0`, null],
          [`${answerKey}:0`, null],
        ]);
      },
      1,
    ],
    [
      'garbled manifest and an answer that is not JSON: fetched again',
      (w: World) => {
        const { tableKey, answerKey } = entries(w);
        return spoilWith(w, [
          [tableKey, '{"n":'],
          [`${answerKey}:0`, badAnswer],
          [answerKey, JSON.stringify({ n: 1, len: badAnswer.length })],
        ]);
      },
      1,
    ],
  ])('%s', (_name, spoil, refetches) => {
    const w = world();
    const first = cf(w);
    expect(isTable(first)).toBe(true);
    const spoiled = spoil(w);
    const sent = w.http.length;
    const again = cf(w);
    expect(again).toEqual(first);
    expect(w.http.length - sent).toBe(refetches);
    // Each spoiled entry is removed (or replaced by the fresh answer), not left for the next reader.
    const { cache } = entries(w);
    for (const [k, v] of spoiled) if (v !== null) expect(cache.get(k)).not.toBe(v);
    const before = w.http.length;
    expect(cf(w)).toEqual(first);
    expect(w.http.length).toBe(before);
  });
});
