/**
 * The contract where Adapty's docs disagree (issue 10 §3, §4), through the built bundle against the
 * emulator: product ids sent as given, cohorts by day mark, the Dashboard's conversions only, the
 * conversion summary-only answer, placements CSV by the Accept header.
 */
import type { World } from '../fakes';
import { OWNER, START, emulatedWorld, runOnce, sheetValues, useEmulator } from '../harness/bed';
import { failure } from '../harness/testUtils';
import type { EmulatorProcess } from '../../emulator/process';

let emu: EmulatorProcess;
useEmulator((e) => (emu = e));

function bed() {
  const world = emulatedWorld(emu, { startTime: START, timeZone: 'Europe/Berlin', keys: { [OWNER]: emu.demoKey } });
  const run = (mode: 'custom_function' | 'full', name: string, args: unknown[]) =>
    runOnce(world, { mode, user: OWNER }, name, args, { advanceMs: 3000 });
  return {
    world,
    cf: (name: string, ...args: unknown[]) => run('custom_function', name, args) as unknown[][],
    err: (name: string, ...args: unknown[]) => failure(() => run('custom_function', name, args), name),
    full: (name: string, ...args: unknown[]) => run('full', name, args),
    bodies: () => world.http.map((h) => JSON.parse(h.payload ?? 'null') as Record<string, any>),
    accepts: () => world.http.map((h) => (h.headers as Record<string, string> | undefined)?.Accept),
  };
}
const headerOf = (g: unknown[][]) => g[0].map(String);

describe('product ids are sent as given (the docs disagree on the form)', () => {
  test('plain, nested (older guide) and store:product_id: each reaches Adapty exactly as typed, flattened', () => {
    const t = bed();
    // strict=false: these ids match nothing in the demo app (its products are keyed store:product)
    t.cf('ADAPTY_ANALYTICS', 'revenue', 'last_month', '', 'store_product_id=premium_subscription; strict=false');
    t.cf(
      'ADAPTY_ANALYTICS',
      'revenue',
      'last_month',
      '',
      '{"filters": {"store_product_id": [["monthly.premium.599"]]}, "strict": false}',
    );
    t.cf(
      'ADAPTY_ANALYTICS',
      'revenue',
      'last_month',
      '',
      'store_product_id=app_store:premium_monthly; store=app_store; strict=false',
    );
    const sent = t.bodies().map((b) => b.filters.store_product_id);
    // the learning requests of issue 10 §1 are segmented by product and carry no product filter
    expect(sent.filter((v) => v !== undefined)).toEqual([
      ['premium_subscription'],
      ['monthly.premium.599'],
      ['app_store:premium_monthly'],
    ]);
  });
});

describe('cohorts with period_type=days', () => {
  test('the triangle is headed by the day marks Adapty keys the values by', () => {
    const t = bed();
    const g = t.cf('ADAPTY_COHORT', '2026-01-01', '2026-06-30', 'period_type=days; renewal_days=0,7,30,61');
    expect(headerOf(g).filter((h) => /^(Day|Period) /.test(h))).toEqual(['Day 0', 'Day 7', 'Day 30', 'Day 61']);
  });
});

describe('conversion', () => {
  test('a pair the Dashboard does not offer is refused by name before anything is sent', () => {
    const t = bed();
    const m = t.err('ADAPTY_CONVERSION', 0, 2, 'last_month');
    expect(m).toMatch(/^ADAPTY_CONVERSION: conversion from_period 0 → to_period 2 is not one Adapty serves/);
    for (const name of ['Install → Trial', 'Trial → Paid', 'Paid → 6 months+', 'Paid → 1 year+', 'Paid → 2 years+'])
      expect(m).toContain(name);
    expect(t.world.http).toHaveLength(0);
  });

  test('a summary-only answer ("data": []) is one row headed as the whole range', () => {
    const t = bed();
    const g = t.cf('ADAPTY_CONVERSION', 1, '12+', '2025-01-01', '2025-12-31');
    expect(t.bodies()).toEqual([
      expect.objectContaining({ from_period: '1', to_period: '12+', filters: { date: ['2025-01-01', '2025-12-31'] } }),
    ]);
    expect(g).toHaveLength(2);
    expect(g[0][0]).toBe('Period');
    expect(g[1][0]).toBe('Whole range');
    const value = g[1][headerOf(g).indexOf('Conversion, %')];
    expect(typeof value).toBe('number');
    expect(g[1][headerOf(g).indexOf('Users at the start step')]).toBeGreaterThan(0);
  });

  test('the sidebar writes the summary row with its heading', () => {
    const t = bed();
    t.full('runReport', {
      spec: {
        endpoint: 'conversion',
        start: '2025-01-01',
        end: '2025-12-31',
        params: { from_period: 1, to_period: '6+' },
      },
      destination: { kind: 'sheet', sheetName: 'Conv' },
      mode: 'overwrite',
    });
    const v = sheetValues(t.world, 'Conv');
    expect(v[0].slice(0, 3)).toEqual(['Period', 'Row', 'Segment']);
    expect(v[1].slice(0, 3)).toEqual(['Whole range', 'segment', 'Total']);
    expect(v.slice(2).every((r) => r.every((c) => c === ''))).toBe(true);
  });
});

describe('filters and segmentations only where Adapty documents them', () => {
  test('compare on installs: compared through the second request, compare_date never sent; as CSV refused', () => {
    const t = bed();
    const grid = t.cf('ADAPTY_ANALYTICS', 'installs', 'last_month', '', 'compare=previous_period');
    expect(grid[0]).toContain('Installs, Δ %');
    const bodies = t.bodies();
    expect(bodies).toHaveLength(2);
    expect(bodies.map((b) => b.filters.date)).toEqual([
      ['2026-10-01', '2026-10-31'],
      ['2026-09-01', '2026-09-30'],
    ]);
    for (const b of bodies) expect(b.filters).not.toHaveProperty('compare_date');
    expect(t.err('ADAPTY_ANALYTICS', 'installs', 'last_month', '', 'compare=previous_period; format=csv')).toMatch(
      /compare with format=csv is not available for chart "installs" \(Installs\)/,
    );
    expect(t.bodies()).toHaveLength(2);
  });

  test('offers segmentation on retention: refused, nothing sent; profiles_counting_method on installs sent', () => {
    const t = bed();
    expect(t.err('ADAPTY_RETENTION', 'last_month', '', 'segmentation=offer_category')).toMatch(
      /segmentation "offer_category" is not available for Retention/,
    );
    expect(t.world.http).toHaveLength(0);
    t.cf('ADAPTY_ANALYTICS', 'installs', 'last_month', '', 'profiles_counting_method=device_id');
    expect(t.bodies()[0].filters.profiles_counting_method).toBe('device_id');
  });

  test('a whole leap year by day is sent', () => {
    const t = bed();
    const g = t.cf('ADAPTY_ANALYTICS', 'installs', '2024-01-01', '2024-12-31', 'period_unit=day');
    expect(g.length).toBeGreaterThan(366);
  });
});

describe('placements CSV', () => {
  test('is asked for by Accept: text/csv, with no format in the body', () => {
    const t = bed();
    t.full('runReport', {
      spec: { endpoint: 'placements', format: 'csv' },
      destination: { kind: 'sheet', sheetName: 'P' },
      mode: 'overwrite',
    });
    expect(t.bodies()).toEqual([{ filters: { placement_type: 'paywall' } }]);
    expect(t.accepts()[0]).toMatch(/^text\/csv/);
    expect(sheetValues(t.world, 'P').length).toBeGreaterThan(1);
  });
});

export type { World };
