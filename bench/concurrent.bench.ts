/**
 * A dashboard opening: 30 distinct ADAPTY formulas recalculating at once, as Sheets runs them (30
 * concurrent executions, each with its own 30 s), against the emulator with its 2 requests/s/key limit
 * and its modelled server time. Runs dist/Code.js in the concurrent harness (test/harness/concurrent.ts).
 */
import { performance } from 'node:perf_hooks';
import { createWorld } from '../test/fakes';
import { runConcurrently, shutdownConcurrentWorkers, type ConcurrentCall } from '../test/harness/concurrent';
import { startEmulatorProcess } from '../emulator/process';
import { type Row } from './row';

const START = Date.UTC(2026, 10, 28, 9, 0);
const CHARTS = ['mrr', 'revenue', 'arr', 'subscriptions_active', 'installs', 'arppu'];
const RANGES = [
  ['2026-01-01', '2026-03-31'],
  ['2026-04-01', '2026-06-30'],
  ['2026-07-01', '2026-09-30'],
  ['2025-01-01', '2025-06-30'],
  ['2025-07-01', '2025-12-31'],
];

/** 30 distinct formulas: 6 charts × 5 date ranges. */
export function dashboard(): ConcurrentCall[] {
  const calls: ConcurrentCall[] = [];
  for (const chart of CHARTS)
    for (const [from, to] of RANGES)
      calls.push({ fn: 'ADAPTY_ANALYTICS', args: [chart, from, to, 'period_unit=month'] });
  return calls;
}

/** Most requests the server saw in any window of 1 s. */
export function peakPerSecond(times: number[]): number {
  const t = [...times].sort((a, b) => a - b);
  let best = 0;
  for (let i = 0, j = 0; i < t.length; i++) {
    while (t[i] - t[j] >= 1000) j++;
    best = Math.max(best, i - j + 1);
  }
  return best;
}

export async function bench(): Promise<Row[]> {
  const emu = await startEmulatorProcess({ realTime: true });
  try {
    const world = createWorld({ startTime: START, timeZone: 'Europe/Berlin' });
    world.scriptProperties.apply(new Map([['ADAPTY_API_BASE_URL', emu.url]]));
    world.userStore(world.options.owner).apply(new Map([['ADAPTY_API_KEY', emu.demoKey]]));
    const calls = dashboard();
    const t0 = performance.now();
    const out = runConcurrently(world, calls);
    const wallMs = performance.now() - t0;
    const reqs = await emu.requests();
    const filled = out.filter((r) => r.ok && Array.isArray(r.value));
    const lastFilled = Math.max(0, ...filled.map((r) => r.endedAt - START));
    const lastEnded = Math.max(0, ...out.map((r) => r.endedAt - START));
    const busy = out.filter((r) => !r.ok && !r.timedOut);
    const throttled = reqs.filter((r) => r.status === 429).length;
    const cellErrors = out.filter((r) => !r.ok).map((r) => r.error ?? '');
    const sample = cellErrors[0] ? `e.g. "${cellErrors[0].slice(0, 90)}…"` : '';
    return [
      {
        name: '30 distinct formulas at once: peak requests in any 1 s (emulator clock)',
        value: peakPerSecond(reqs.map((r) => r.at)),
        unit: 'requests',
        target: '≤ 2',
        notes: `${reqs.length} requests in all, ${throttled} answered 429`,
      },
      {
        name: '30 distinct formulas at once: cells filled with their table',
        value: filled.length,
        unit: 'of 30',
        target: '30',
        notes: `${busy.length} ended with a message${sample ? `, ${sample}` : ''}`,
      },
      {
        name: '30 distinct formulas at once: time until the last table is in (virtual)',
        value: lastFilled / 1000,
        unit: 's',
        target: '< 30 s',
        notes: `every execution over after ${(lastEnded / 1000).toFixed(1)} s`,
      },
      {
        name: '30 distinct formulas at once: executions stopped by the 30 s limit',
        value: out.filter((r) => r.timedOut).length,
        unit: 'executions',
        target: '0',
      },
      {
        name: '30 distinct formulas at once: host wall time for the whole recalculation',
        value: wallMs,
        unit: 'ms',
        notes: '30 threads, one running at a time (deterministic scheduler)',
      },
    ];
  } finally {
    await emu.close();
    await shutdownConcurrentWorkers();
  }
}
