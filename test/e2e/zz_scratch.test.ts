import { emulatedWorld, runOnce, useEmulator, START, OWNER } from '../harness/bed';
import type { EmulatorProcess } from '../../emulator/process';
let emu: EmulatorProcess;
useEmulator((e) => (emu = e));
const cases: Array<[string, unknown[]]> = [
  ['ADAPTY_ANALYTICS', ['revenue', 'last_7_days', '', 'segmentaton=country']],
  ['ADAPTY_ANALYTICS', ['revenue', 'last_7_days', '', 'cache=99999']],
  ['ADAPTY_ANALYTICS', ['revenue', 'last_7_days', '', '{"filters":{"date":["2025-01-01","2025-01-31"]}}']],
  ['ADAPTY_ANALYTICS', ['revenue', 'last_7_days', '', 'store=app_store; country=us; store_product_id=nope.product']],
  ['ADAPTY_ANALYTICS', ['revenue', 'last_7_days', '', 'app=all']],
  ['ADAPTY_ANALYTICS', ['arpu', 'last_7_days', '', 'app=all; segmentation=country']],
  ['ADAPTY_FUNNEL', ['last_month', '', 'layout=wide']],
  ['ADAPTY_COHORT', ['last_month', '', 'layout=long; totals=separate']],
  ['ADAPTY_ANALYTICS', ['revenue', 'last_7_days', '', 'period_unit=week; period_unit=month']],
  ['ADAPTY_ANALYTICS', ['revenue', 'last_7_days', '', 'country=us,us,de']],
  ['ADAPTY_ANALYTICS', ['revenue', 'last_7_days', '', 'compare=previous_period; format=csv']],
  ['ADAPTY_ANALYTICS', ['revenue', '2026-12-01', '2026-12-31']],
  ['ADAPTY_ANALYTICS', ['revenue', '1999-01-01', '1999-01-31']],
  ['ADAPTY_ANALYTICS', ['revenue', 'last_7_days', '', 'measure=usd']],
  ['ADAPTY_LTV', ['last_month', '', 'period_unit=week']],
  ['ADAPTY_RETENTION', ['last_month', '', 'segmentation=country; country=us']],
];
test('scratch', () => {
  for (const [fn, args] of cases) {
    const world = emulatedWorld(emu, { startTime: START + cases.findIndex((c) => c[1] === args) * 600_000, timeZone: 'Europe/Berlin', keys: { [OWNER]: emu.demoKey } });
    let out: string;
    try {
      const r = runOnce(world, { mode: 'custom_function', user: OWNER }, fn, args, { advanceMs: 3000 }) as unknown[][];
      out = `${r.length} rows; ${JSON.stringify(r.slice(0, 3)).slice(0, 600)}`;
    } catch (e) {
      out = 'ERR ' + (e as Error).message;
    }
    console.log(`${fn}(${JSON.stringify(args)}) [${world.http.length} http]\n  → ${out.slice(0,200)}\n  ${world.http.map((h) => h.url.replace(/^.*\/api/, '') + ' ' + (h as any).status + ' ' + (h.payload ?? '')).join('\n  ')}`);
  }
});
