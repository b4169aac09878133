/**
 * Merge write mode end to end: dist/Code.js in the Apps Script fakes against the emulator, whose answers
 * are restated between runs (emulator/README.md › restate). What a user notices: older rows stay as they
 * were, the refreshed days carry Adapty's latest numbers, no period + segment twice, rows in date order,
 * and a scheduled refresh asks only for its window.
 */
import type { World } from '../fakes';
import { HOUR, OWNER, START, emulatedWorld, runOnce, useEmulator } from '../harness/bed';
import { failure } from '../harness/testUtils';
import { fromWireError } from '../../src/core/errors';
import type { EmulatorProcess } from '../../emulator/process';

let emu: EmulatorProcess;
useEmulator((e) => (emu = e));

function bed() {
  const world = emulatedWorld(emu, { startTime: START, timeZone: 'Europe/Berlin', keys: { [OWNER]: emu.demoKey } });
  const run = (mode: 'full' | 'trigger', name: string, args: unknown[]) =>
    runOnce(world, { mode, user: OWNER }, name, args, { advanceMs: 2000 });
  return {
    world,
    call: (name: string, ...args: unknown[]): any => run('full', name, args),
    fire: () => run('trigger', 'runScheduledReports', []),
    fail: (name: string, ...args: unknown[]) => failure(() => run('full', name, args), name),
    snap: (sheet: string) => world.sheetSnapshot(undefined, sheet),
  };
}

const day = (d: unknown, tz = 'Europe/Berlin') =>
  new Intl.DateTimeFormat('en-CA', { timeZone: tz, year: 'numeric', month: '2-digit', day: '2-digit' }).format(
    d as Date,
  );
/** Data rows as [date, segment key, revenue, proceeds]. */
function rowsOf(world: World, sheet: string): Array<[string, string, number, number]> {
  const v = world.sheetSnapshot(undefined, sheet).values;
  expect(v[0].slice(0, 7)).toEqual([
    'Period',
    'Period status',
    'Row',
    'Segment (Country)',
    'Key',
    'Revenue',
    'Proceeds',
  ]);
  return v
    .slice(1)
    .filter((r) => r[0] !== '')
    .map((r) => [day(r[0]), String(r[4]), r[5] as number, r[6] as number]);
}
const keyOf = (r: [string, string, ...unknown[]]) => `${r[0]}|${r[1]}`;
const spec = {
  endpoint: 'analytics',
  chart: 'revenue',
  start: 'last_60_days',
  params: { period_unit: 'day', segmentation: 'country' },
};

async function lastBodies(since: number) {
  return (await emu.requests(since)).filter((r) => r.path.endsWith('/analytics/')).map((r) => JSON.parse(r.body));
}

describe('Merge keeps history and takes restated days', () => {
  test('three refreshes with overlapping windows and restated values: older rows intact, window rows = a fresh answer, no key twice, sorted', async () => {
    const t = bed();
    const saved = t.call('saveReport', {
      name: 'Revenue history',
      spec,
      destination: { kind: 'sheet', sheetName: 'History' },
      mode: 'merge',
      window: 10,
      schedule: 'daily at 6',
    });
    expect(saved).toMatchObject({ mode: 'merge', window: 10 });
    let seen = (await emu.requests()).length;

    // 1: the first run asks for the whole range and writes no summary rows.
    t.call('runSavedReport', saved.id);
    const first = rowsOf(t.world, 'History');
    expect((await lastBodies(seen)).map((b) => b.filters.date)).toEqual([['2026-09-29', '2026-11-27']]);
    expect(first[0][0]).toBe('2026-09-29');
    expect(first[first.length - 1][0]).toBe('2026-11-27');
    expect(
      t
        .snap('History')
        .values.slice(1)
        .filter((r) => r[0] === '' && r[2] !== ''),
    ).toEqual([]);

    // 2: the next evening Adapty restates from 11-25 on; the refresh asks for the last 10 days only.
    await emu.setFaults(emu.demoKey, { restate: { from: '2026-11-25', factor: 2 } });
    t.world.clock.set(START + 11 * HOUR + 24 * HOUR);
    seen = (await emu.requests()).length;
    t.call('runSavedReport', saved.id);
    expect((await lastBodies(seen)).map((b) => b.filters.date)).toEqual([['2026-11-19', '2026-11-28']]);
    const second = rowsOf(t.world, 'History');

    // What a Replace run of the same window returns at this instant is what the window's rows must hold.
    const windowSpec = { ...spec, start: '2026-11-19', end: '2026-11-28' };
    t.call('runReport', { spec: windowSpec, destination: { kind: 'sheet', sheetName: 'Check2' }, mode: 'overwrite' });
    const check2 = rowsOf(t.world, 'Check2');
    const expectMerged = (before: typeof first, fresh: typeof first, from: string) => [
      ...before.filter((r) => r[0] < from),
      ...fresh,
    ];
    expect(second).toEqual(expectMerged(first, check2, '2026-11-19'));
    // Older rows intact (also the ones the range no longer covers), restated values updated.
    expect(second.slice(0, 5)).toEqual(first.slice(0, 5));
    const byKey = (rows: typeof first) => new Map(rows.map((r) => [keyOf(r), r]));
    const f1 = byKey(first);
    const restated = second.filter((r) => r[0] >= '2026-11-25' && r[0] <= '2026-11-27' && r[2] !== 0);
    expect(restated.length).toBeGreaterThan(5);
    for (const r of restated) expect(r[2]).toBeCloseTo(2 * f1.get(keyOf(r))![2], 1);
    expect(new Set(second.map(keyOf)).size).toBe(second.length);

    // 3: a day later, through the schedule: another restatement, a window overlapping the last one.
    await emu.setFaults(emu.demoKey, { restate: { from: '2026-11-28', factor: 3 } });
    t.world.clock.set(Date.UTC(2026, 10, 30, 6, 17)); // 07:17 in Berlin, after the 6 o'clock slot
    seen = (await emu.requests()).length;
    t.fire();
    expect((await lastBodies(seen)).map((b) => b.filters.date)).toEqual([['2026-11-20', '2026-11-29']]);
    const third = rowsOf(t.world, 'History');
    t.call('runReport', {
      spec: { ...spec, start: '2026-11-20', end: '2026-11-29' },
      destination: { kind: 'sheet', sheetName: 'Check3' },
      mode: 'overwrite',
    });
    expect(third).toEqual(expectMerged(second, rowsOf(t.world, 'Check3'), '2026-11-20'));
    expect(third.slice(0, 20)).toEqual(first.slice(0, 20));
    expect(new Set(third.map(keyOf)).size).toBe(third.length);
    const dates = third.map((r) => r[0]);
    expect([...dates].sort()).toEqual(dates);
    expect(dates[0]).toBe('2026-09-29');
    expect(dates[dates.length - 1]).toBe('2026-11-29');
    const report = t.call('listReports')[0];
    expect(report.lastRun).toMatchObject({ status: 'ok', trigger: 'schedule' });
    await emu.clearFaults(emu.demoKey);
  });

  test('a cohort triangle is refused in Merge mode with one clear message, nothing saved or written', () => {
    const t = bed();
    const cohort = { endpoint: 'cohort', start: 'last_month', params: {} };
    const msg =
      "Write mode Merge does not work for the Cohorts report's Triangle layout: its rows are install cohorts whose later periods Adapty keeps filling in, not one row per period and segment. Choose Replace or Append below.";
    const refused = { code: 'validation', field: 'mode', message: msg };
    expect(fromWireError(t.fail('saveReport', { name: 'C', spec: cohort, mode: 'merge' }))).toMatchObject(refused);
    expect(
      fromWireError(
        t.fail('runReport', { spec: cohort, destination: { kind: 'sheet', sheetName: 'Sheet1' }, mode: 'merge' }),
      ),
    ).toMatchObject(refused);
    expect(t.call('listReports')).toEqual([]);
    expect(
      t
        .snap('Sheet1')
        .values.flat()
        .every((c) => c === ''),
    ).toBe(true);
    expect(fromWireError(t.fail('saveReport', { name: 'W', spec, mode: 'merge', window: 0 }))).toMatchObject({
      field: 'window',
      message: 'Refresh window (days) 0 is not allowed: a whole number of days from 1 to 400',
    });
  });
});
