/**
 * No input costs unbounded work: megabyte arguments to the ADAPTY_ custom functions (dist/Code.js in the
 * Apps Script fakes, custom_function mode) are refused at once, with a short message naming the argument,
 * and nothing is sent. Before the limits a 1 MB chart name kept a formula busy for 95–108 s of CPU in the
 * did-you-mean; the fakes' clock is virtual and does not see CPU time, so the test measures the host's.
 */
import { performance } from 'node:perf_hooks';
import { loadBundle } from '../harness/bundle';
import { OWNER, START, emulatedWorld, useEmulator } from '../harness/bed';
import type { EmulatorProcess } from '../../emulator/process';
import { BUDGET_MS } from '../fakes/execution';
/** Far below the 30 s a formula may run, and far above a length check on a loaded machine. */
const QUICK_MS = 3000;

let emu: EmulatorProcess;
useEmulator((e) => (emu = e), { reset: false });

const MB = 'x'.repeat(1 << 20);
const list = (n: number, item: (i: number) => string) => Array.from({ length: n }, (_, i) => item(i)).join(',');

/** [what, function, arguments, the argument the message names, a part of the message]. */
const CASES: Array<[string, string, unknown[], string, RegExp]> = [
  [
    'a 1 MB chart name',
    'ADAPTY_ANALYTICS',
    [MB, '2026-01-01', '2026-01-31'],
    'chart',
    /1,048,576 characters: a chart id or name has at most 100/,
  ],
  ['a 1 MB mistyped chart name', 'ADAPTY_ANALYTICS', ['revenu' + MB, '2026-01-01', '2026-01-31'], 'chart', /"revenuxx/],
  ['a 1 MB start date', 'ADAPTY_ANALYTICS', ['revenue', MB, ''], 'start', /a date or preset has at most 60/],
  ['a 1 MB end date', 'ADAPTY_COHORT', ['2026-01-01', MB], 'end', /a date or preset has at most 60/],
  [
    'a 1 MB conversion step',
    'ADAPTY_CONVERSION',
    [MB, 1, '2026-01-01', '2026-01-31'],
    'from_period',
    /a period has at most 100/,
  ],
  [
    '1 MB options text',
    'ADAPTY_ANALYTICS',
    ['revenue', '2026-01-01', '2026-01-31', `period_unit=${MB}`],
    'options',
    /the options text has at most 50,000/,
  ],
  [
    '1 MB JSON options',
    'ADAPTY_ANALYTICS',
    ['revenue', '2026-01-01', '2026-01-31', JSON.stringify({ period_unit: MB })],
    'options',
    /the options text has at most 50,000/,
  ],
  [
    'a 40,000-character enum value',
    'ADAPTY_ANALYTICS',
    ['revenue', '2026-01-01', '2026-01-31', `period_unit=${MB.slice(0, 40000)}`],
    'period_unit',
    /40,000 characters: a value has at most 100/,
  ],
  [
    'a 40,000-character option name',
    'ADAPTY_ANALYTICS',
    ['revenue', '2026-01-01', '2026-01-31', `${MB.slice(0, 40000)}=1`],
    'option',
    /an option name has at most 100/,
  ],
  [
    'a 1 MB cell in a range of options',
    'ADAPTY_ANALYTICS',
    ['revenue', '2026-01-01', '2026-01-31', [['period_unit', MB]]],
    'options',
    /more than 50,000 characters/,
  ],
  [
    'a range of 200,000 option rows',
    'ADAPTY_ANALYTICS',
    ['revenue', '2026-01-01', '2026-01-31', Array.from({ length: 200000 }, () => ['country', 'us'])],
    'options',
    /more than 2,000 cells/,
  ],
  [
    'a filter list of 10,000 countries',
    'ADAPTY_ANALYTICS',
    ['revenue', '2026-01-01', '2026-01-31', `country=${list(10000, () => 'us')}`],
    'country',
    /10,000 values: at most 1,000/,
  ],
  [
    'a filter list of 7,000 distinct campaigns',
    'ADAPTY_ANALYTICS',
    ['revenue', '2026-01-01', '2026-01-31', `attribution_campaign=${list(7000, (i) => `c${i}`)}`],
    'attribution_campaign',
    /7,000 values: at most 1,000/,
  ],
  ['a 1 MB placement type', 'ADAPTY_PLACEMENTS', [MB], 'placement_type', /the options text has at most 50,000/],
  [
    'a 1 MB refresh value',
    'ADAPTY_LTV',
    ['2026-01-01', '2026-01-31', '', MB],
    'refresh',
    /a refresh value has at most 1,000/,
  ],
  [
    'a 1 MB compare in JSON',
    'ADAPTY_ANALYTICS',
    ['revenue', '2026-01-01', '2026-01-31', JSON.stringify({ compare: MB.slice(0, 30000) })],
    'compare',
    /a date or preset has at most 60/,
  ],
];

describe('megabyte arguments: refused quickly, one short message naming the argument, nothing sent', () => {
  test.each(CASES)('%s (%s)', (_what, fn, args, field, re) => {
    const world = emulatedWorld(emu, { startTime: START, timeZone: 'Europe/Berlin', keys: { [OWNER]: emu.demoKey } });
    const b = loadBundle(world, { mode: 'custom_function', user: OWNER });
    let message = '';
    const t0 = performance.now();
    try {
      b.call(fn, ...args);
    } catch (e) {
      message = (e as Error).message;
    }
    const ms = performance.now() - t0;
    const virtual = b.execution.elapsedMs();
    b.end();
    expect(message).toMatch(new RegExp(`^${fn}: ${field} `));
    expect(message).toMatch(re);
    expect(message.length).toBeLessThan(300);
    expect(world.http).toHaveLength(0);
    expect(virtual).toBeLessThan(BUDGET_MS.custom_function);
    expect(`${Math.round(ms)} ms`).toBe(ms < QUICK_MS ? `${Math.round(ms)} ms` : `under ${QUICK_MS} ms`);
  });
});
