/**
 * Zone offsets in the bundle: Intl where the runtime's agrees with Utilities.formatDate (one probe), and
 * Utilities.formatDate for every offset where Intl is missing — the same dates either way.
 */
import { loadBundle } from '../harness/bundle';
import { emulatedWorld, useEmulator } from '../harness/bed';
import type { EmulatorProcess } from '../../emulator/process';

let emu: EmulatorProcess;
useEmulator((e) => (emu = e), { reset: false });

function datesOf(withIntl: boolean): { dates: number[]; formatDateCalls: number } {
  const world = emulatedWorld(emu, { startTime: Date.UTC(2026, 10, 28, 9, 0), timeZone: 'America/New_York' });
  world.userStore(world.options.owner).apply(new Map([['ADAPTY_API_KEY', emu.demoKey]]));
  const b = loadBundle(world, { mode: 'custom_function' });
  if (!withIntl) (b.context as Record<string, unknown>).Intl = undefined;
  world.resetCalls();
  const rows = b.call('ADAPTY_ANALYTICS', 'mrr', '2026-10-25', '2026-11-05', 'period_unit=day') as unknown[][];
  b.end();
  const dates = rows
    .slice(1)
    .map((r) => r[0])
    .filter((d): d is Date => d instanceof Date)
    .map((d) => d.getTime());
  return { dates, formatDateCalls: world.serviceCalls.byMethod.formatDate ?? 0 };
}

test('dates across the New York DST change are local midnights, with or without Intl', () => {
  const a = datesOf(true);
  const b = datesOf(false);
  expect(a.dates).toHaveLength(12);
  expect(b.dates).toEqual(a.dates);
  // Nov 1 2026 is the fall-back day: midnight before it is UTC-4, after it UTC-5.
  expect(new Date(a.dates[0]).toISOString()).toBe('2026-10-25T04:00:00.000Z');
  expect(new Date(a.dates[11]).toISOString()).toBe('2026-11-05T05:00:00.000Z');
  expect(a.formatDateCalls).toBeLessThanOrEqual(4);
  expect(b.formatDateCalls).toBeGreaterThan(a.formatDateCalls);
});
