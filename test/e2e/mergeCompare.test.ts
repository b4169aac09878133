/**
 * Merge + compare end to end: dist/Code.js in the Apps Script fakes against the emulator. A saved report
 * compared with the previous period, in Merge mode, refreshed with a 10-day window after Adapty restated
 * recent days. What a user notices: one column per role (headers that name the comparison, not the moving
 * ranges, so no column comes twice), every row compared with the period the first run paired it with
 * (60 days earlier, not the window's own previous 10 days), restated days updated, older rows intact.
 */
import { HOUR, OWNER, START, emulatedWorld, runOnce, useEmulator } from '../harness/bed';
import type { EmulatorProcess } from '../../emulator/process';

let emu: EmulatorProcess;
useEmulator((e) => (emu = e));

const TZ = 'Europe/Berlin';
function bed() {
  const world = emulatedWorld(emu, { startTime: START, timeZone: TZ, keys: { [OWNER]: emu.demoKey } });
  return {
    world,
    call: (name: string, ...args: unknown[]): any =>
      runOnce(world, { mode: 'full', user: OWNER }, name, args, { advanceMs: 2000 }),
    values: (sheet: string) => world.sheetSnapshot(undefined, sheet).values,
  };
}
const day = (d: unknown) =>
  d instanceof Date
    ? new Intl.DateTimeFormat('en-CA', { timeZone: TZ, year: 'numeric', month: '2-digit', day: '2-digit' }).format(d)
    : d;
/** A block's data rows as objects by header, dates as YYYY-MM-DD, empty cells null. */
const objects = (v: unknown[][]) =>
  v.slice(1).map((r) => Object.fromEntries(v[0].map((h, i) => [String(h), r[i] === '' ? null : day(r[i])])));
const keyOf = (r: Record<string, unknown>) => `${String(r.Period)}|${String(r['Segment (Country)'])}`;
const minusDays = (d: string, n: number) => new Date(Date.parse(d + 'T00:00Z') - n * 864e5).toISOString().slice(0, 10);

const spec = {
  endpoint: 'analytics',
  chart: 'revenue',
  start: 'last_60_days',
  compare: 'previous_period',
  params: { period_unit: 'day', segmentation: 'country' },
};
const HEADER = [
  'Period',
  'Compare period',
  'Period status',
  'Row',
  'Segment (Country)',
  'Key',
  'Revenue',
  'Revenue, previous period',
  'Revenue, Δ',
  'Revenue, Δ %',
  'Proceeds',
  'Proceeds, previous period',
  'Proceeds, Δ',
  'Proceeds, Δ %',
];

test('a compared report in Merge mode refreshed with an overlapping window: same columns, same pairing, restated days updated', async () => {
  const t = bed();
  const saved = t.call('saveReport', {
    name: 'Revenue vs previous',
    spec,
    destination: { kind: 'sheet', sheetName: 'History' },
    mode: 'merge',
    window: 10,
  });
  t.call('runSavedReport', saved.id);
  const v1 = t.values('History');
  expect(v1[0].slice(0, HEADER.length)).toEqual(HEADER);
  // Merge leaves out the summary rows, so no column that only they would fill (the summary compare values).
  const width = v1[0].filter((h) => h !== '').length;
  for (let c = 0; c < width; c++) expect([c, v1.slice(1).some((r) => r[c] !== '')]).toEqual([c, true]);
  const first = objects(v1);

  await emu.setFaults(emu.demoKey, { restate: { from: '2026-11-25', factor: 2 } });
  t.world.clock.set(START + 35 * HOUR); // the next evening: the range is now Sep 30 – Nov 28
  const seen = (await emu.requests()).length;
  t.call('runSavedReport', saved.id);
  const sent = (await emu.requests(seen)).filter((r) => r.path.endsWith('/analytics/'));
  // The window and its compare part: Nov 19 pairs with Sep 20 as in the whole range, not with Nov 9.
  expect(sent.map((r) => JSON.parse(r.body).filters.date)).toEqual([
    ['2026-11-19', '2026-11-28'],
    ['2026-09-20', '2026-09-29'],
  ]);
  const v2 = t.values('History');
  // The note shows the window's request; it also says the block's other rows come from earlier refreshes.
  expect(t.world.sheetSnapshot(undefined, 'History').notes[0][0]).toMatch(
    /\nMerge: this refresh replaced Nov 19 – Nov 28 2026; the other rows are from earlier refreshes\.\nRequest: /,
  );
  expect(v2[0]).toEqual(v1[0]); // no column added: the moved ranges are the same roles
  const second = objects(v2);
  expect(new Set(second.map(keyOf)).size).toBe(second.length);
  expect(second.filter((r) => (r.Period as string) < '2026-11-19')).toEqual(
    first.filter((r) => (r.Period as string) < '2026-11-19'),
  );
  for (const r of second) expect(r['Compare period']).toBe(minusDays(r.Period as string, 60));

  // Independently: plain (uncompared) Replace runs of the window and of its compare days, read by key.
  const plain = (start: string, end: string, sheet: string) => {
    t.call('runReport', {
      spec: { ...spec, compare: undefined, start, end },
      destination: { kind: 'sheet', sheetName: sheet },
      mode: 'overwrite',
    });
    return new Map(
      objects(t.values(sheet))
        .filter((r) => r.Period)
        .map((r) => [keyOf(r), r]),
    );
  };
  const now = plain('2026-11-19', '2026-11-28', 'Now');
  const then = plain('2026-09-20', '2026-09-29', 'Then');
  const window = second.filter((r) => (r.Period as string) >= '2026-11-19');
  expect(window.filter((r) => r.Revenue !== null).length).toBe(now.size);
  let restated = 0;
  for (const r of window) {
    const a = now.get(keyOf(r));
    const c = then.get(`${String(r['Compare period'])}|${String(r['Segment (Country)'])}`);
    expect(r.Revenue).toBe(a?.Revenue ?? null);
    expect(r['Revenue, previous period']).toBe(c?.Revenue ?? null);
    if (a && c) {
      expect(r['Revenue, Δ']).toBeCloseTo((a.Revenue as number) - (c.Revenue as number), 2);
      if (c.Revenue)
        expect(r['Revenue, Δ %']).toBeCloseTo(
          (((a.Revenue as number) - (c.Revenue as number)) / Math.abs(c.Revenue as number)) * 100,
          6,
        );
    }
    const before = first.find((f) => keyOf(f) === keyOf(r));
    if (r.Period! >= '2026-11-25' && before?.Revenue) {
      expect(r.Revenue).toBeCloseTo(2 * (before.Revenue as number), 1);
      restated++;
    }
  }
  expect(restated).toBeGreaterThan(5);
  const dates = second.map((r) => r.Period as string);
  expect([...dates].sort()).toEqual(dates);
  await emu.clearFaults(emu.demoKey);
});
