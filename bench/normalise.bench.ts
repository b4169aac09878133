// Normalising a big analytics answer: 250 segments (+ Total) × 1,100 daily points × 3 series
// (825,000 points → 276,351 table rows with the summary rows). Target: well under 1 s.
import { normalise, type NormaliseContext } from '../src/core/tables';
import { syntheticAnalytics } from '../test/fixtures/tableKit';
import type { Table } from '../src/core/table';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { type Row, median } from './row';

const SEGMENTS = 250;
const DAYS = 1100;
const RUNS = 5;

const mb = (bytes: number) => bytes / 2 ** 20;

/** A full collection between measurements (exposed at run time, so `tsx bench/run.ts` needs no flag). */
const gc: () => void = (() => {
  const g = (globalThis as { gc?: () => void }).gc;
  if (g) return g;
  try {
    setFlagsFromString('--expose-gc');
    return runInNewContext('gc') as () => void;
  } catch {
    return () => undefined;
  }
})();

function time(answer: unknown, ctx: NormaliseContext): { ms: number; table: Table } {
  const times: number[] = [];
  let table: Table | undefined;
  for (let i = 0; i < RUNS; i++) {
    table = undefined;
    gc();
    const t0 = performance.now();
    table = normalise(answer, ctx);
    times.push(performance.now() - t0);
  }
  return { ms: median(times), table: table! };
}

/**
 * The answer as the add-on holds it: parsed from JSON text, so its strings are separate objects as after
 * UrlFetch + JSON.parse. In a function of its own so the text and the generator's objects are garbage
 * once it returns (an interpreter frame would keep them alive).
 */
function load(): { answer: unknown; parseMs: number; jsonMiB: number } {
  const text = JSON.stringify(syntheticAnalytics({ segments: SEGMENTS, days: DAYS }));
  const t0 = performance.now();
  const answer: unknown = JSON.parse(text);
  return { answer, parseMs: performance.now() - t0, jsonMiB: mb(text.length) };
}

export function bench(): Row[] {
  const { answer, parseMs, jsonMiB } = load();
  const points = SEGMENTS * DAYS * 3;
  gc();
  const heapBefore = process.memoryUsage().heapUsed;

  const ctx: NormaliseContext = {
    endpoint: 'analytics',
    chartId: 'revenue',
    chartLabel: 'Revenue',
    chartKind: 'money',
    params: { period_unit: 'day', segmentation: 'attribution_campaign' },
    hasCompare: false,
  };
  const long = time(answer, { ...ctx, layout: 'long' });
  gc();
  const heapAfter = process.memoryUsage().heapUsed;
  const wide = time(answer, { ...ctx, layout: 'wide' });

  return [
    {
      name: `analytics long: ${SEGMENTS} segments × ${DAYS} days × 3 series`,
      value: long.ms,
      unit: 'ms',
      target: '< 1,000 ms',
      notes: `median of ${RUNS}; ${points.toLocaleString('en-US')} points → ${long.table.rows.length.toLocaleString('en-US')} rows × ${long.table.columns.length} columns`,
    },
    {
      name: 'analytics wide: same answer, revenue only',
      value: wide.ms,
      unit: 'ms',
      target: '< 1,000 ms',
      notes: `median of ${RUNS}; ${wide.table.rows.length.toLocaleString('en-US')} rows × ${wide.table.columns.length} columns`,
    },
    {
      name: 'JSON.parse of that answer (for scale)',
      value: parseMs,
      unit: 'ms',
      notes: `${jsonMiB.toFixed(1)} MiB of JSON`,
    },
    {
      name: 'heap used by the parsed answer alone',
      value: mb(heapBefore),
      unit: 'MiB',
      notes: 'process.memoryUsage().heapUsed after a full GC',
    },
    {
      name: 'heap used with the answer and the long table held',
      value: mb(heapAfter),
      unit: 'MiB',
      notes: 'process.memoryUsage().heapUsed after a full GC',
    },
    {
      name: 'heap held by the long table',
      value: mb(heapAfter - heapBefore),
      unit: 'MiB',
      notes: 'heapUsed after minus before normalising, both after a full GC',
    },
  ];
}
