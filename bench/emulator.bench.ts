/**
 * How fast the emulator answers typical requests, cold (first computation) and warm (median of 5, cached
 * days). `npm run bench` calls `bench()`; standalone: `npx tsx bench/emulator.bench.ts`.
 */
import { startEmulator } from '../emulator/server';
import { call } from '../emulator/testHelpers';

export interface BenchRow {
  name: string;
  coldMs: number;
  warmMs: number;
  bytes: number;
}

const CASES: [string, string, Record<string, unknown>][] = [
  [
    'revenue, 1 year by month',
    'metrics/analytics/',
    { chart_id: 'revenue', filters: { date: ['2025-01-01', '2025-12-31'] }, period_unit: 'month' },
  ],
  [
    'installs, 90 days by day, by country',
    'metrics/analytics/',
    {
      chart_id: 'installs',
      filters: { date: ['2026-01-01', '2026-03-31'] },
      period_unit: 'day',
      segmentation: 'country',
    },
  ],
  [
    'mrr, 2 years by week, by product',
    'metrics/analytics/',
    {
      chart_id: 'mrr',
      filters: { date: ['2024-01-01', '2025-12-31'] },
      period_unit: 'week',
      segmentation: 'store_product_id',
    },
  ],
  ['cohort, 1 year by month', 'metrics/cohort/', { filters: { date: ['2025-01-01', '2025-12-31'] } }],
  [
    'conversion install→paid, 1 year, by channel',
    'metrics/conversion/',
    {
      filters: { date: ['2025-01-01', '2025-12-31'] },
      from_period: null,
      to_period: '1',
      segmentation: 'attribution_channel',
    },
  ],
  ['funnel, 6 months', 'metrics/funnel/', { filters: { date: ['2025-07-01', '2025-12-31'] } }],
  [
    'ltv, 1 year by country',
    'metrics/ltv/',
    { filters: { date: ['2025-01-01', '2025-12-31'] }, segmentation: 'country' },
  ],
  ['retention, 1 year', 'metrics/retention/', { filters: { date: ['2025-01-01', '2025-12-31'] } }],
  [
    'revenue CSV, 1 year by week by campaign',
    'metrics/analytics/',
    {
      chart_id: 'revenue',
      filters: { date: ['2025-01-01', '2025-12-31'] },
      period_unit: 'week',
      segmentation: 'attribution_campaign',
      format: 'csv',
    },
  ],
];

export async function benchEmulator(): Promise<BenchRow[]> {
  const emu = await startEmulator({ rateLimitPerSecond: 0 });
  const rows: BenchRow[] = [];
  try {
    for (const [name, path, body] of CASES) {
      const timed = async () => {
        const t = performance.now();
        const r = await call(emu, path, body, { tz: 'Europe/Berlin' });
        if (r.status !== 200) throw new Error(`${name}: ${r.status} ${r.text.slice(0, 200)}`);
        return { ms: performance.now() - t, bytes: r.text.length };
      };
      const cold = await timed();
      const warm: number[] = [];
      let bytes = 0;
      for (let i = 0; i < 5; i++) {
        const t = await timed();
        warm.push(t.ms);
        bytes = t.bytes;
      }
      warm.sort((a, b) => a - b);
      rows.push({ name, coldMs: Math.round(cold.ms), warmMs: Math.round(warm[2]), bytes });
    }
  } finally {
    await emu.close();
  }
  return rows;
}

/** The bench runner's interface (bench/run.ts). */
export async function bench(): Promise<
  { name: string; value: number; unit: string; target?: string; notes?: string }[]
> {
  const rows = await benchEmulator();
  return rows.flatMap((r) => [
    { name: `${r.name}: cold`, value: r.coldMs, unit: 'ms', notes: `${Math.round(r.bytes / 1024)} KiB answer` },
    { name: `${r.name}: warm`, value: r.warmMs, unit: 'ms', notes: 'median of 5, days cached' },
  ]);
}

if (require.main === module) {
  benchEmulator()
    .then((rows) => {
      console.table(rows);
    })
    .catch((e: unknown) => {
      console.error(e);
      process.exit(1);
    });
}
