/**
 * The scheduler under load, end to end: 25 daily reports whose answers take 25 s each (the emulator's
 * latency fault, in virtual time), through dist/Code.js in the fakes. A batch that runs out of time must not
 * end the run while the window (3.5 minutes to start work) lasts, and what is left over must be first in
 * line at the next hourly run.
 */
import { HOUR, OWNER, emulatedWorld, runOnce, useEmulator } from '../harness/bed';
import type { EmulatorProcess } from '../../emulator/process';

let emu: EmulatorProcess;
useEmulator((e) => (emu = e), { reset: false });

type Any = any;

test('25 daily and 2 hourly reports with 25 s answers: 20 run in the first hourly run, the 7 left over go first in the next', async () => {
  // 05:00 in Berlin
  const world = emulatedWorld(emu, { startTime: Date.UTC(2026, 10, 28, 4, 0), keys: { [OWNER]: emu.demoKey } });
  const run = (mode: 'full' | 'trigger', name: string, ...args: unknown[]): Any =>
    runOnce(world, { mode, user: OWNER }, name, args);
  const mrr = (end: string) => ({ endpoint: 'analytics', chart: 'mrr', start: '2026-09-01', end });
  const save = (name: string, end: string, schedule: string) =>
    run('full', 'saveReport', { name, spec: mrr(end), destination: { kind: 'sheet', sheetName: name }, schedule });
  // Two hourly reports saved first (they win ties at the first run), then the 25 daily ones.
  save('H0', '2026-10-28', 'hourly');
  save('H1', '2026-10-29', 'hourly');
  const daily = Array.from({ length: 25 }, (_, i) => `D${String(i).padStart(2, '0')}`);
  daily.forEach((name, i) => save(name, `2026-10-${String(i + 1).padStart(2, '0')}`, 'daily at 6'));
  await emu.setFaults(emu.demoKey, { latencyMs: 25_000 });
  const log = (): unknown[][] =>
    world
      .sheetSnapshot(undefined, 'Adapty Log')
      .values.slice(1)
      .filter((r) => r[0] !== '');

  // 06:17 in Berlin: all 27 are due for the 06:00 slot.
  world.clock.set(Date.UTC(2026, 10, 28, 5, 17));
  const t0 = world.clock.now();
  run('trigger', 'runScheduledReports');
  const firstRunMs = world.clock.now() - t0;
  const first = log();
  const ran = first.filter((r) => r[5] === 'ok').map((r) => r[1]);
  // Two answers per 25 s (the rate limit lets two go together); batches start until 3.5 minutes, the last
  // ends by 4.5: ten waves of two. Before, the first batch out of budget ended the run after 4.
  expect(ran).toEqual(['H0', 'H1', ...daily.slice(0, 18)]);
  expect(firstRunMs).toBeLessThan(5 * 60e3);
  const leftOver = daily.slice(18);
  expect(first.filter((r) => r[5] === 'skipped').map((r) => [r[1], r[6]])).toEqual(
    leftOver.map((n) => [n, 'Not refreshed in this run (out of time): first in line at the next hourly run.']),
  );
  expect(first.some((r) => r[5] === 'error')).toBe(false); // out of time is not a failure
  expect(run('full', 'getBootstrap').schedulerStatus).toMatch(/20 refreshed, 0 failed, 7 left for the next run/);

  // 07:17: the 7 left over (late for 06:00) go before the hourly ones (due for 07:00).
  world.clock.set(Date.UTC(2026, 10, 28, 5, 17) + HOUR);
  run('trigger', 'runScheduledReports');
  const second = log().slice(first.length);
  expect(second.map((r) => [r[1], r[5]])).toEqual([...leftOver, 'H0', 'H1'].map((n) => [n, 'ok']));
  const reports = run('full', 'listReports') as Any[];
  expect(reports.every((r) => r.lastRun?.status === 'ok')).toBe(true);
}, 120000);
