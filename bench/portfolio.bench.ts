/**
 * A portfolio formula (issue 15: app=all over the emulator's three demo apps): the HTTP requests and
 * fetchAll calls it makes cold (one request per app, one fetchAll), its time against one app's, and a
 * recalculation from the cache (no request). dist/Code.js in the Apps Script fakes.
 */
import { performance } from 'node:perf_hooks';
import { createWorld, type World } from '../test/fakes';
import { loadBundle } from '../test/harness/bundle';
import { startEmulatorProcess } from '../emulator/process';
import { type Row, median } from './row';

export async function bench(): Promise<Row[]> {
  const emu = await startEmulatorProcess({ rateLimit: false });
  try {
    const world: World = createWorld({ startTime: Date.UTC(2026, 10, 28, 9, 0), timeZone: 'Europe/Berlin' });
    world.scriptProperties.apply(new Map([['ADAPTY_API_BASE_URL', emu.url]]));
    const [first, ...others] = emu.apps;
    world.userStore(world.options.owner).apply(
      new Map([
        ['ADAPTY_API_KEY', first.key],
        ['adapty.connections', JSON.stringify({ defaultName: first.name, others })],
      ]),
    );
    const cf = (options: string, day: number) => {
      world.clock.advance(2000);
      const b = loadBundle(world, { mode: 'custom_function' });
      const [http, fetchAlls, t0] = [
        world.http.length,
        world.serviceCalls.byQualified['UrlFetchApp.fetchAll'] ?? 0,
        performance.now(),
      ];
      try {
        // A different range each time: every call is cold.
        b.call('ADAPTY_ANALYTICS', 'revenue', `2026-10-${String(day).padStart(2, '0')}`, '2026-11-27', options);
        return {
          ms: performance.now() - t0,
          http: world.http.length - http,
          fetchAlls: (world.serviceCalls.byQualified['UrlFetchApp.fetchAll'] ?? 0) - fetchAlls,
        };
      } finally {
        b.end();
      }
    };
    cf('period_unit=day; app=all', 28); // warm-up
    const one: number[] = [];
    const all: ReturnType<typeof cf>[] = [];
    for (let d = 1; d <= 11; d++) {
      one.push(cf(`period_unit=day; app=${first.name}`, d).ms);
      all.push(cf('period_unit=day; app=all', d + 12));
    }
    const hit = cf('period_unit=day; app=all', 13);
    return [
      { name: 'cold formula, one app (app=<name>): the call', value: median(one), unit: 'ms' },
      {
        name: `cold formula, ${emu.apps.length}-app portfolio (app=all): the call`,
        value: median(all.map((r) => r.ms)),
        unit: 'ms',
        target: 'one fetchAll, one request per app',
        notes: `${all[0].http} HTTP requests in ${all[0].fetchAlls} fetchAll per call; over loopback the requests cost almost nothing, so the difference is normalising and stacking three tables, not waiting`,
      },
      {
        name: 'portfolio recalculation from the cache: HTTP requests',
        value: hit.http,
        unit: 'requests',
        target: '0',
      },
    ];
  } finally {
    await emu.close();
  }
}
