/**
 * The Row column and totals= end to end (dist/Code.js in the fakes against the emulator): a formula and
 * a sidebar run, segmented and not; the segment rows add up to Adapty's own total, so a SUM never counts
 * a row twice; the raw key is a column only where it differs from the title.
 */
import type { World } from '../fakes';
import { OWNER, START, emulatedWorld, runOnce, useEmulator } from '../harness/bed';
import type { EmulatorProcess } from '../../emulator/process';

let emu: EmulatorProcess;
useEmulator((e) => (emu = e));

function bed(): {
  world: World;
  cf: (name: string, ...args: unknown[]) => unknown[][];
  call: (name: string, ...args: unknown[]) => any;
} {
  const world = emulatedWorld(emu, { startTime: START, timeZone: 'Europe/Berlin', keys: { [OWNER]: emu.demoKey } });
  return {
    world,
    cf: (name, ...args) => {
      const out = runOnce(world, { mode: 'custom_function', user: OWNER }, name, args, { advanceMs: 3000 });
      expect(Array.isArray(out)).toBe(true);
      return out as unknown[][];
    },
    call: (name, ...args) => runOnce(world, { mode: 'full', user: OWNER }, name, args, { advanceMs: 2000 }),
  };
}
const objects = (grid: unknown[][]) =>
  grid.slice(1).map((r) => Object.fromEntries(grid[0].map((h, i) => [String(h), r[i] === '' ? null : r[i]])));
const sum = (rows: Array<Record<string, unknown>>, col: string) =>
  rows.reduce((s, r) => s + (typeof r[col] === 'number' ? r[col] : 0), 0);
const BY_COUNTRY = 'period_unit=week; segmentation=country';

describe('Row column and totals=', () => {
  test('include (default): each period’s total first, segments after; the segment rows sum to Adapty’s total', () => {
    const t = bed();
    const grid = t.cf('ADAPTY_ANALYTICS', 'revenue', '2026-10-01', '2026-10-31', BY_COUNTRY);
    expect(grid[0].slice(0, 6)).toEqual(['Period', 'Period status', 'Row', 'Segment (Country)', 'Key', 'Revenue']);
    const rows = objects(grid);
    const summary = rows.find((r) => r.Period === null && r.Key === 'total')!;
    expect(summary.Row).toBe('total');
    const segments = rows.filter((r) => r.Row === 'segment');
    expect(segments.length).toBeGreaterThan(4);
    expect(segments.every((r) => r.Period !== null && r.Key !== 'total')).toBe(true);
    expect(sum(segments, 'Revenue')).toBeCloseTo(summary.Revenue as number, 2);
    // Totals first within each period.
    const periods = rows.filter((r) => r.Period !== null);
    periods.forEach((r, i) => {
      if (i === 0 || String(r.Period) !== String(periods[i - 1].Period)) expect(r.Row).toBe('total');
    });
  });

  test('separate: every segment row, then the totals in their own section; none: the segments alone', () => {
    const t = bed();
    const sep = objects(
      t.cf('ADAPTY_ANALYTICS', 'revenue', '2026-10-01', '2026-10-31', `${BY_COUNTRY}; totals=separate`),
    );
    const firstTotal = sep.findIndex((r) => r.Row === 'total');
    expect(firstTotal).toBeGreaterThan(0);
    expect(sep.slice(firstTotal).every((r) => r.Row === 'total')).toBe(true);
    const none = objects(t.cf('ADAPTY_ANALYTICS', 'revenue', '2026-10-01', '2026-10-31', `${BY_COUNTRY}; totals=none`));
    expect(none).toEqual(sep.slice(0, firstTotal));
    // A plain SUM over the column is the range total.
    const total = sep.find((r) => r.Period === null && r.Key === 'total')!;
    expect(sum(none, 'Revenue')).toBeCloseTo(total.Revenue as number, 2);
  });

  test('unsegmented: no Key column (it would repeat Total); period rows are segment rows, the summary the total', () => {
    const t = bed();
    const grid = t.cf('ADAPTY_ANALYTICS', 'mrr', '2026-10-01', '2026-10-31', 'period_unit=week');
    expect(grid[0].slice(0, 4)).toEqual(['Period', 'Period status', 'Row', 'Segment']);
    expect(String(grid[0][4])).toMatch(/^MRR/);
    const rows = objects(grid);
    expect(rows.filter((r) => r.Row === 'total').map((r) => r.Period)).toEqual([null]);
  });

  test('a bad totals value is refused by name, nothing sent; the sidebar run writes the choice', () => {
    const t = bed();
    const before = t.world.http.length;
    expect(() =>
      runOnce(t.world, { mode: 'custom_function', user: OWNER }, 'ADAPTY_ANALYTICS', [
        'revenue',
        '2026-10-01',
        '2026-10-31',
        'totals=below',
      ]),
    ).toThrow(/totals "below" .*include, separate, none/);
    expect(t.world.http.length).toBe(before);
    t.call('runReport', {
      spec: {
        endpoint: 'funnel',
        start: '2026-07-01',
        end: '2026-08-31',
        params: { period_unit: 'month', segmentation: 'store' },
        totals: 'none',
      },
      destination: { kind: 'sheet', sheetName: 'F' },
      mode: 'overwrite',
    });
    const v = t.world.sheetSnapshot(undefined, 'F').values;
    const row = v[0].indexOf('Row');
    expect(row).toBeGreaterThanOrEqual(0);
    const kinds = v
      .slice(1)
      .filter((r) => r[row] !== '')
      .map((r) => r[row]);
    expect(kinds.length).toBeGreaterThan(0);
    expect(new Set(kinds)).toEqual(new Set(['segment']));
  });

  test('retention: each period row carries its segment’s cohort size; cohorts are headed Cohort, Row, not Type/Title; funnel steps by name, no step code', () => {
    const t = bed();
    const ret = objects(
      t.cf('ADAPTY_RETENTION', '2026-07-01', '2026-08-31', 'period_unit=month; segmentation=store; totals=none'),
    );
    expect(ret.length).toBeGreaterThan(2);
    expect(ret.every((r) => r.Row === 'segment' && typeof r['Cohort size'] === 'number')).toBe(true);
    // The size of a segment is one number on all its rows.
    for (const seg of new Set(ret.map((r) => r.Key)))
      expect(new Set(ret.filter((r) => r.Key === seg).map((r) => r['Cohort size'])).size).toBe(1);
    const funnel = t.cf('ADAPTY_FUNNEL', '2026-07-01', '2026-08-31', 'period_unit=month');
    expect(funnel[0].slice(0, 4)).toEqual(['Row', 'Segment', 'Step', 'Users']);
    expect(funnel.slice(1, 3).map((r) => r[2])).toEqual(['Install', 'Paywall displayed']);
    const cohorts = t.cf('ADAPTY_COHORT', '2026-06-01', '2026-08-31', 'period_unit=month');
    expect(cohorts[0].slice(0, 3)).toEqual(['Cohort', 'Row', 'Installs']);
    expect(objects(cohorts).filter((r) => r.Row === 'total')).toHaveLength(1);
  });
});
