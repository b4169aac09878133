/**
 * What a pasted megabyte costs a custom function: the time until an ADAPTY_ function refuses an
 * oversized argument (chart name, options text, filter list). Runs dist/Code.js in the Apps Script fakes;
 * nothing is sent, so no emulator is needed. `BUNDLE=path` measures another build (e.g. an older one).
 */
import { performance } from 'node:perf_hooks';
import { createWorld } from '../test/fakes';
import { loadBundle } from '../test/harness/bundle';
import { type Row } from './row';

const MB = 'x'.repeat(1 << 20);

const CASES: Array<[string, string, unknown[]]> = [
  ['1 MB chart name', 'ADAPTY_ANALYTICS', [MB, '2026-01-01', '2026-01-31']],
  ['1 MB options text', 'ADAPTY_ANALYTICS', ['revenue', '2026-01-01', '2026-01-31', `period_unit=${MB}`]],
  [
    '1,000,000-item country list (as a range)',
    'ADAPTY_ANALYTICS',
    ['revenue', '2026-01-01', '2026-01-31', [['country', ...Array.from({ length: 1_000_000 }, () => 'us')]]],
  ],
];

export function bench(): Promise<Row[]> {
  const rows: Row[] = [];
  const bundlePath = process.env.BUNDLE;
  for (const [name, fn, args] of CASES) {
    const world = createWorld({ startTime: Date.UTC(2026, 10, 28, 9, 0), timeZone: 'Europe/Berlin' });
    world.userStore(world.options.owner).apply(new Map([['ADAPTY_API_KEY', 'secret_live_abcdefgh.' + 'a'.repeat(32)]]));
    const b = loadBundle(world, { mode: 'custom_function' }, { bundlePath, realTimeoutMs: 600_000 });
    const t0 = performance.now();
    let message = '';
    try {
      b.call(fn, ...args);
    } catch (e) {
      message = (e as Error).message;
    }
    const ms = performance.now() - t0;
    b.end();
    rows.push({
      name: `refusal of a ${name}`,
      value: ms,
      unit: 'ms',
      target: '< 1,000 ms',
      notes: `message of ${message.length} characters: ${message.slice(0, 90).replace(/\|/g, '/')}…`,
    });
  }
  return Promise.resolve(rows);
}
