/**
 * Periods that are not final, through dist/Code.js against the emulator: the Period status column of a
 * report whose last period is the current one, today taken in the sheet's zone (not UTC), a cached
 * formula that says "complete" the day after without asking Adapty again, a merged block whose refresh
 * completes last month, and the funnel's dated headers written as date cells with their status notes.
 */
import type { World } from '../fakes';
import { OWNER, emulatedWorld, runOnce, useEmulator } from '../harness/bed';
import type { EmulatorProcess } from '../../emulator/process';

let emu: EmulatorProcess;
useEmulator((e) => (emu = e));

function bed(startTime: number, timeZone: string, locale = 'en_US') {
  const world: World = emulatedWorld(emu, {
    startTime,
    timeZone,
    locale,
    sidebar: true,
    keys: { [OWNER]: emu.demoKey },
  });
  return {
    world,
    call: (name: string, ...args: unknown[]) => runOnce(world, { mode: 'full', user: OWNER }, name, args),
    cf: (name: string, ...args: unknown[]) =>
      runOnce(world, { mode: 'custom_function', user: OWNER }, name, args, { advanceMs: 3000 }) as unknown[][],
    snap: (sheet: string) => world.sheetSnapshot(undefined, sheet),
    /** What the sheet shows (the fakes' renderer, also the playground's). */
    shown: (sheet: string, a1: string): string[][] =>
      world
        .execution('full')
        .globals.SpreadsheetApp.getActiveSpreadsheet()
        .getSheetByName(sheet)!
        .getRange(a1)
        .getDisplayValues(),
  };
}

/** [local date of the Period cell, Period status] of each dated row of a grid whose first row is the header. */
function statuses(grid: unknown[][], timeZone: string): Array<[string, unknown]> {
  const p = grid[0].indexOf('Period');
  const s = grid[0].indexOf('Period status');
  expect(s).toBe(p + 1);
  const day = (d: unknown) =>
    new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(d as Date);
  return grid
    .slice(1)
    .filter((r) => r[p] instanceof Date)
    .map((r) => [day(r[p]), r[s]]);
}

test('a monthly report through today: the current month incomplete, the month cut by the range partial, the rest complete', () => {
  const t = bed(Date.UTC(2026, 10, 28, 9, 0), 'Europe/Berlin', 'de_DE');
  t.call('runReport', {
    spec: {
      endpoint: 'analytics',
      chart: 'revenue',
      start: '2026-08-15',
      end: '2026-11-28',
      params: { period_unit: 'month' },
    },
    destination: { kind: 'sheet', sheetName: 'Months' },
    mode: 'overwrite',
  });
  const s = t.snap('Months');
  expect(statuses(s.values, 'Europe/Berlin')).toEqual([
    ['2026-08-01', 'partial'],
    ['2026-09-01', 'complete'],
    ['2026-10-01', 'complete'],
    ['2026-11-01', 'incomplete'],
  ]);
  // The Period cells are dates in the sheet's locale format; the summary row has no status.
  expect(s.numberFormats[1][0]).toBe('dd.MM.yyyy');
  expect(t.shown('Months', 'A2:B2')).toEqual([['01.08.2026', 'partial']]);
  const summary = s.values.slice(1).find((r) => r[0] === '' && r[2] !== '');
  expect(summary?.[1]).toBe('');
});

test("today is the sheet's: 23:30 on Nov 30 in Los Angeles (already Dec 1 in UTC) keeps November incomplete; 40 minutes later the cached formula says complete without a request", () => {
  const zone = 'America/Los_Angeles';
  const t = bed(Date.UTC(2026, 11, 1, 7, 30), zone);
  const args = ['revenue', '2026-10-01', '2026-11-30', 'period_unit=month'];
  const before = t.cf('ADAPTY_ANALYTICS', ...args);
  expect(statuses(before, zone)).toEqual([
    ['2026-10-01', 'complete'],
    ['2026-11-01', 'incomplete'],
  ]);
  const sent = t.world.http.length;
  t.world.clock.set(Date.UTC(2026, 11, 1, 8, 10)); // 00:10 on Dec 1 in Los Angeles, within the hour's cache
  const after = t.cf('ADAPTY_ANALYTICS', ...args);
  expect(t.world.http.length).toBe(sent); // answered from the cache
  expect(statuses(after, zone)).toEqual([
    ['2026-10-01', 'complete'],
    ['2026-11-01', 'complete'],
  ]);
  // Only the status changed.
  const at = before[0].indexOf('Period status');
  const without = (g: unknown[][]) => g.map((r) => r.filter((_, i) => i !== at));
  expect(without(after)).toEqual(without(before));
});

test('a merged block: the refresh in December turns November complete and adds December as incomplete', () => {
  const zone = 'Europe/Berlin';
  const t = bed(Date.UTC(2026, 10, 28, 9, 0), zone);
  const saved = t.call('saveReport', {
    name: 'Monthly revenue',
    spec: { endpoint: 'analytics', chart: 'revenue', start: 'this_month', params: { period_unit: 'month' } },
    destination: { kind: 'sheet', sheetName: 'History' },
    mode: 'merge',
  });
  t.call('runSavedReport', saved.id);
  expect(statuses(t.snap('History').values, zone)).toEqual([['2026-11-01', 'incomplete']]);
  t.world.clock.set(Date.UTC(2026, 11, 2, 9, 0));
  t.call('saveReport', {
    id: saved.id,
    name: 'Monthly revenue',
    spec: {
      endpoint: 'analytics',
      chart: 'revenue',
      start: '2026-11-01',
      end: '2026-12-02',
      params: { period_unit: 'month' },
    },
    destination: { kind: 'sheet', sheetName: 'History' },
    mode: 'merge',
  });
  t.call('runSavedReport', saved.id);
  const v = t.snap('History').values;
  expect(statuses(v, zone)).toEqual([
    ['2026-11-01', 'complete'],
    ['2026-12-01', 'incomplete'],
  ]);
  // One Period status column (the status is not part of the merge key, so no row is kept twice).
  expect(v[0].filter((h) => h === 'Period status')).toHaveLength(1);
});

test('funnel steps: the period headers are date cells in the locale format, the incomplete and partial ones with a note', () => {
  const t = bed(Date.UTC(2026, 10, 28, 9, 0), 'Europe/Berlin', 'de_DE');
  t.call('runReport', {
    spec: { endpoint: 'funnel', start: '2026-10-15', end: '2026-11-28', params: { period_unit: 'month' } },
    destination: { kind: 'sheet', sheetName: 'Funnel' },
    mode: 'overwrite',
  });
  const s = t.snap('Funnel');
  const dated = s.values[0].map((h, i) => [h, i] as const).filter(([h]) => h instanceof Date);
  expect(dated).toHaveLength(2);
  const day = (d: unknown) =>
    new Intl.DateTimeFormat('en-CA', {
      timeZone: 'Europe/Berlin',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
    }).format(d as Date);
  expect(dated.map(([h]) => day(h))).toEqual(['2026-10-01', '2026-11-01']);
  for (const [, i] of dated) expect(s.numberFormats[0][i]).toBe('dd.MM.yyyy');
  const header = t.shown('Funnel', `A1:${String.fromCharCode(65 + dated[1][1])}1`)[0];
  expect(dated.map(([, i]) => header[i])).toEqual(['01.10.2026', '01.11.2026']);
  expect(dated.map(([, i]) => s.notes[0][i])).toEqual([
    'Period status: partial (2026-10-01 – 2026-10-31)',
    'Period status: incomplete (2026-11-01 – 2026-11-30)',
  ]);
  // Other headers stay text, and the stamp note is still on the first header cell.
  expect(s.values[0].filter((h) => typeof h === 'string')).toContain('Step');
  expect(s.notes[0][0]).toMatch(/^Adapty report/);
});
