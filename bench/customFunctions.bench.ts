/**
 * Custom functions: the cost of a recalculation answered from the document cache (a 10,000-row table),
 * and a cold call's overhead over the emulator's own time for the same request.
 * Runs dist/Code.js in the Apps Script fakes against the emulator in a child process.
 */
import { performance } from 'node:perf_hooks';
import { createWorld, type World } from '../test/fakes';
import { loadBundle } from '../test/harness/bundle';
import { startEmulatorProcess } from '../emulator/process';
import { type Row, median } from './row';

/** About 10,000 rows: a weekly funnel for 14 months, one row per country × step × week. */
const BIG: [string, unknown[]] = [
  'ADAPTY_FUNNEL',
  ['2025-10-01', '2026-11-27', 'period_unit=week; layout=long; segmentation=country'],
];
/** A big analytics answer: daily revenue for a year by country (about 1 MB, 12 cache chunks). */
const DAILY: [string, unknown[]] = [
  'ADAPTY_ANALYTICS',
  ['revenue', '2025-11-28', '2026-11-27', 'period_unit=day; segmentation=country'],
];
/** A small answer, never cached. */
const COLD: [string, unknown[]] = [
  'ADAPTY_ANALYTICS',
  ['mrr', '2026-01-01', '2026-10-31', 'period_unit=month; cache=0'],
];
const COLD_BODY = { chart_id: 'mrr', filters: { date: ['2026-01-01', '2026-10-31'] }, period_unit: 'month' };
const COLD_BIG: [string, unknown[]] = [BIG[0], [...BIG[1].slice(0, 2), `${String(BIG[1][2])}; cache=0`]];
const COLD_BIG_BODY = { filters: { date: ['2025-10-01', '2026-11-27'] }, period_unit: 'week', segmentation: 'country' };

export async function bench(): Promise<Row[]> {
  const emu = await startEmulatorProcess({ rateLimit: false });
  try {
    const world: World = createWorld({ startTime: Date.UTC(2026, 10, 28, 9, 0), timeZone: 'Europe/Berlin' });
    world.scriptProperties.apply(new Map([['ADAPTY_API_BASE_URL', emu.url]]));
    world.userStore(world.options.owner).apply(new Map([['ADAPTY_API_KEY', emu.demoKey]]));

    const run = ([fn, args]: [string, unknown[]]): { ms: number; loadMs: number; result: unknown } => {
      world.clock.advance(2000);
      const t0 = performance.now();
      const b = loadBundle(world, { mode: 'custom_function' });
      const t1 = performance.now();
      try {
        const result = b.call(fn, ...args);
        return { ms: performance.now() - t1, loadMs: t1 - t0, result };
      } finally {
        b.end();
      }
    };

    const hitsOf = (req: [string, unknown[]]) => {
      const first = run(req);
      const rows = (first.result as unknown[][]).length - 1;
      const answerKb = Buffer.byteLength(world.http.at(-1)?.responseBody ?? '', 'utf8') / 1024;
      const sentBefore = world.http.length;
      for (let i = 0; i < 3; i++) run(req); // warm-up (JIT)
      world.resetCalls();
      const ms: number[] = [];
      const loads: number[] = [];
      for (let i = 0; i < 15; i++) {
        const r = run(req);
        ms.push(r.ms);
        loads.push(r.loadMs);
      }
      return {
        rows,
        answerKb,
        ms: median(ms),
        loadMs: median(loads),
        fetched: world.http.length - sentBefore,
        calls: world.serviceCalls.total / 15,
      };
    };
    const big = hitsOf(BIG);
    const daily = hitsOf(DAILY);

    // Cold calls against the emulator's own time for the same request, through the same fake UrlFetchApp.
    const transport = (body: unknown): number => {
      world.clock.advance(2000);
      const x = world.execution({ mode: 'custom_function' });
      const path =
        'path' in (body as object)
          ? ''
          : (body as { chart_id?: string }).chart_id
            ? 'metrics/analytics/'
            : 'metrics/funnel/';
      const t0 = performance.now();
      const [res] = x.globals.UrlFetchApp.fetchAll([
        {
          url: `${emu.url}/api/v1/client-api/${path}`,
          method: 'post',
          contentType: 'application/json',
          muteHttpExceptions: true,
          headers: { Authorization: `Api-Key ${emu.demoKey}`, 'Adapty-Tz': 'Europe/Berlin' },
          payload: JSON.stringify(body),
        },
      ]);
      res.getContentText();
      const ms = performance.now() - t0;
      x.end();
      if (res.getResponseCode() !== 200) throw new Error(`baseline request failed: ${res.getResponseCode()}`);
      return ms;
    };
    const coldOf = (req: [string, unknown[]], body: unknown) => {
      run(req);
      transport(body); // warm-up
      const direct: number[] = [];
      const cold: number[] = [];
      for (let i = 0; i < 11; i++) {
        direct.push(transport(body));
        cold.push(run(req).ms);
      }
      return { direct: median(direct), cold: median(cold) };
    };
    const small = coldOf(COLD, COLD_BODY);
    const large = coldOf(COLD_BIG, COLD_BIG_BODY);

    return [
      {
        name: `cache hit, ${big.rows.toLocaleString('en-US')}-row answer (${big.answerKb.toFixed(0)} KB, ADAPTY_FUNNEL): the call`,
        value: big.ms,
        unit: 'ms',
        target: '< 50 ms',
        notes: `${big.fetched} fetches over 15 hits; ${big.calls.toFixed(0)} service calls per hit`,
      },
      {
        name: `cache hit, ${daily.rows.toLocaleString('en-US')}-row answer (${daily.answerKb.toFixed(0)} KB in ${Math.ceil((daily.answerKb * 1024) / 90000)} chunks, daily ADAPTY_ANALYTICS): the call`,
        value: daily.ms,
        unit: 'ms',
        target: '< 50 ms',
        notes: `${daily.fetched} fetches over 15 hits; ${daily.calls.toFixed(0)} service calls per hit`,
      },
      {
        name: 'loading dist/Code.js into a fresh context (every execution does)',
        value: (big.loadMs + daily.loadMs) / 2,
        unit: 'ms',
      },
      {
        name: 'cold call, small answer: the request alone through UrlFetchApp (emulator + transport)',
        value: small.direct,
        unit: 'ms',
      },
      {
        name: 'cold call, small answer: overhead of the custom function over it',
        value: small.cold - small.direct,
        unit: 'ms',
        notes: `${small.cold.toFixed(1)} ms in all`,
      },
      {
        name: `cold call, ${big.rows.toLocaleString('en-US')}-row answer: the request alone`,
        value: large.direct,
        unit: 'ms',
      },
      {
        name: `cold call, ${big.rows.toLocaleString('en-US')}-row answer: overhead of the custom function over it`,
        value: large.cold - large.direct,
        unit: 'ms',
        notes: `${large.cold.toFixed(1)} ms in all: validation, JSON parse, normalising, Dates, writing the cache`,
      },
    ];
  } finally {
    await emu.close();
  }
}
