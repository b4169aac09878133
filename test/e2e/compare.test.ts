/**
 * Comparisons end to end: dist/Code.js in the Apps Script fakes against the emulator. For every dated
 * endpoint a compared report is two requests in one fetchAll (none on a cache hit), its table differs
 * from the one without, and its compare value, Δ and Δ % are those computed here from the emulator's
 * own JSON for both ranges (fetched directly, not through the add-on).
 */
import { API_PREFIX } from '../../src/catalog/catalog';
import type { World } from '../fakes';
import { OWNER, START, emulatedWorld, runOnce, useEmulator } from '../harness/bed';
import type { EmulatorProcess } from '../../emulator/process';

let emu: EmulatorProcess;
useEmulator((e) => (emu = e));

const TZ = 'Europe/Berlin';

/** The emulator's JSON for one body, straight over HTTP (retried while the rate limit says wait). */
async function raw(path: string, body: unknown): Promise<any> {
  for (;;) {
    const res = await fetch(emu.url + API_PREFIX + path, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Api-Key ${emu.demoKey}`, 'Adapty-Tz': TZ },
      body: JSON.stringify(body),
    });
    if (res.status === 429) {
      await new Promise((r) => setTimeout(r, 1100));
      continue;
    }
    expect(res.status).toBe(200);
    return res.json();
  }
}

interface Bed {
  world: World;
  cf(name: string, ...args: unknown[]): unknown[][];
  sent(): number;
}
function bed(): Bed {
  const world = emulatedWorld(emu, { startTime: START, timeZone: TZ, keys: { [OWNER]: emu.demoKey } });
  return {
    world,
    cf: (name, ...args) => {
      const out = runOnce(world, { mode: 'custom_function', user: OWNER }, name, args, { advanceMs: 3000 });
      expect(Array.isArray(out)).toBe(true);
      return out as unknown[][];
    },
    sent: () => world.http.length,
  };
}

/** Rows of a custom function's grid as objects keyed by header. */
const objects = (grid: unknown[][]) =>
  grid.slice(1).map((r) => Object.fromEntries(grid[0].map((h, i) => [String(h), r[i] === '' ? null : r[i]])));

/** value, compare, Δ, Δ % as the test computes them; Δ % empty for a zero (or missing) base. */
const expected = (a: number, c: number) => ({
  compare: c,
  delta: a - c,
  pct: c === 0 ? null : ((a - c) / Math.abs(c)) * 100,
});
function expectTriple(row: Record<string, unknown>, label: string, cmpLabel: string, a: number, c: number): void {
  const e = expected(a, c);
  expect(row[cmpLabel]).toBeCloseTo(e.compare, 2);
  expect(row[`${label}, Δ`]).toBeCloseTo(e.delta, 2);
  if (e.pct === null) expect(row[`${label}, Δ %`]).toBeNull();
  else expect(row[`${label}, Δ %`]).toBeCloseTo(e.pct, 2);
}

/** Runs the formula without and with compare; checks requests and the cache; returns both grids. */
function compared(name: string, args: unknown[], optionsAt: number, options: string, compare: string) {
  const t = bed();
  const withArgs = (o: string) => args.map((a, i) => (i === optionsAt ? o : a));
  const plain = t.cf(name, ...withArgs(options));
  expect(t.sent()).toBe(1);
  t.world.resetCalls();
  const joined = t.cf(name, ...withArgs(`${options}; compare=${compare}`));
  expect(t.sent()).toBe(3); // two requests for the compared report, sent together in one fetchAll
  expect(t.world.serviceCalls.byQualified).toMatchObject({ 'UrlFetchApp.fetchAll': 1 });
  expect(t.world.serviceCalls.byQualified['UrlFetchApp.fetch']).toBeUndefined();
  const again = t.cf(name, ...withArgs(`${options}; compare=${compare}`));
  expect(t.sent()).toBe(3); // a recalculation: both from the cache
  expect(again).toEqual(joined);
  expect(joined[0]).not.toEqual(plain[0]);
  return { plain, joined, bodies: t.world.http.map((h) => JSON.parse(h.payload ?? 'null')) };
}

const sortByX = (pts: Array<{ x: string }>) => [...pts].sort((p, q) => (p.x < q.x ? -1 : 1));

test('analytics: week by week, segment by segment, beside each series; the summary by what the spec says', async () => {
  const body = (date: string[]) => ({
    chart_id: 'revenue',
    filters: { date },
    period_unit: 'week',
    segmentation: 'store',
  });
  const A = await raw('metrics/analytics/', body(['2026-10-01', '2026-10-31']));
  const C = await raw('metrics/analytics/', body(['2026-09-01', '2026-09-30']));
  await emu.reset();
  const { joined, bodies } = compared(
    'ADAPTY_ANALYTICS',
    ['revenue', 'last_month', '', ''],
    3,
    'period_unit=week; segmentation=store',
    'previous_period',
  );
  expect(bodies.slice(1)).toEqual([
    {
      ...body(['2026-10-01', '2026-10-31']),
      filters: { date: ['2026-10-01', '2026-10-31'], compare_date: ['2026-09-01', '2026-09-30'] },
    },
    body(['2026-09-01', '2026-09-30']),
  ]);
  const rows = objects(joined);
  expect(joined[0].slice(0, 10)).toEqual([
    'Period',
    'Compare period',
    'Period status',
    'Row',
    'Segment (Store)',
    'Key',
    'Revenue, Oct 1 – Oct 31 2026',
    'Revenue, Sep 1 – Sep 30 2026',
    'Revenue, Δ',
    'Revenue, Δ %',
  ]);
  // The weeks Sep 28 – Oct 4 and Oct 26 – Nov 1 are only partly in October.
  expect(rows.filter((r) => r.Key === 'total' && r.Period !== null).map((r) => r['Period status'])).toEqual([
    'partial',
    'complete',
    'complete',
    'complete',
    'partial',
  ]);
  let checked = 0;
  for (const seg of A.data.revenue.data as any[]) {
    const cseg = (C.data.revenue.data as any[]).find((s) => s.type === seg.type);
    const a = sortByX(seg.values),
      c = sortByX(cseg.values);
    a.forEach((p: any, i: number) => {
      const row = rows.filter((r) => r.Key === seg.type && r.Period !== null)[i];
      expect(row['Revenue, Oct 1 – Oct 31 2026']).toBeCloseTo(p.y, 2);
      expectTriple(row, 'Revenue', 'Revenue, Sep 1 – Sep 30 2026', p.y, (c[i] as any).y);
      checked++;
    });
  }
  expect(checked).toBeGreaterThanOrEqual(15);
  const total = rows.find((r) => r.Period === null && r.Key === 'total')!;
  expectTriple(total, 'Revenue', 'Revenue, Sep 1 – Sep 30 2026', A.data.revenue.value, C.data.revenue.value);
  // Adapty's own compare summary, named as its spec names it.
  expect(total['Revenue (comparison period, starting value)']).toBeCloseTo(C.data.revenue.value, 2);
});

test('daily previous_year: weekday with weekday, and Adapty is asked for the summary of the same days', async () => {
  // last_7_days on Sat 2026-11-28 is Sat 21 – Fri 27 Nov; 364 days earlier is Sat 22 – Fri 28 Nov 2025.
  const body = (date: string[]) => ({ chart_id: 'revenue', filters: { date }, period_unit: 'day' });
  const C = await raw('metrics/analytics/', body(['2025-11-22', '2025-11-28']));
  await emu.reset();
  const { joined, bodies } = compared(
    'ADAPTY_ANALYTICS',
    ['revenue', 'last_7_days', '', ''],
    3,
    'period_unit=day',
    'previous_year',
  );
  expect(bodies.slice(1)).toEqual([
    {
      ...body(['2026-11-21', '2026-11-27']),
      filters: { date: ['2026-11-21', '2026-11-27'], compare_date: ['2025-11-22', '2025-11-28'] },
    },
    body(['2025-11-22', '2025-11-28']),
  ]);
  const rows = objects(joined);
  const first = rows.find((r) => r.Period !== null)!;
  // Saturday beside Saturday: exactly 52 weeks apart (both dates in Berlin's winter time).
  expect(((first.Period as Date).getTime() - (first['Compare period'] as Date).getTime()) / 86_400_000).toBe(364);
  const total = rows.find((r) => r.Period === null)!;
  expect(total['Revenue, Nov 22 – Nov 28 2025']).toBeCloseTo(C.data.revenue.value, 2);
  // The summary's compare value is of the same seven days as the column beside it.
  expect(total['Revenue (comparison period, starting value)']).toBeCloseTo(C.data.revenue.value, 2);
});

test('cohort triangle: cohort by cohort position and period, a block per range', async () => {
  const body = (date: string[]) => ({ filters: { date }, period_unit: 'month' });
  const A = await raw('metrics/cohort/', body(['2026-06-01', '2026-08-31']));
  const C = await raw('metrics/cohort/', body(['2025-06-01', '2025-08-31']));
  await emu.reset();
  const { joined } = compared(
    'ADAPTY_COHORT',
    ['2026-06-01', '2026-08-31', ''],
    2,
    'period_unit=month',
    'previous_year',
  );
  const rows = objects(joined);
  const h = joined[0].map(String);
  // The blocks: this range's values, then the compare range's, then Δ, then Δ %.
  const at = (l: string) => h.indexOf(l);
  expect(at('Period 1, Jun 1 – Aug 31 2026')).toBeLessThan(at('Installs, Jun 1 – Aug 31 2025'));
  expect(at('Period 3, Jun 1 – Aug 31 2025')).toBeLessThan(at('Installs, Δ'));
  expect(at('Period 3, Δ')).toBeLessThan(at('Installs, Δ %'));
  (A.data as any[]).forEach((cohort, i) => {
    const row = rows[i];
    const c = (C.data as any[])[i];
    expect(row['Compare cohort']).toEqual(new Date(c.segment_start_date + 'T00:00:00+02:00'));
    expectTriple(row, 'Installs', 'Installs, Jun 1 – Aug 31 2025', cohort.total_installs, c.total_installs);
    cohort.values.forEach((v: any, p: number) => {
      const label = `Period ${p + 1}`;
      expectTriple(row, label, `${label}, Jun 1 – Aug 31 2025`, v.revenue_usd, c.values[p].revenue_usd);
    });
  });
});

test('conversion: period by period; users at each step', async () => {
  const body = (date: string[]) => ({ filters: { date }, period_unit: 'month', from_period: null, to_period: '1' });
  const A = await raw('metrics/conversion/', body(['2026-07-01', '2026-08-31']));
  const C = await raw('metrics/conversion/', body(['2026-05-01', '2026-06-30']));
  await emu.reset();
  const { joined } = compared(
    'ADAPTY_CONVERSION',
    ['', '1', '2026-07-01', '2026-08-31', ''],
    4,
    'period_unit=month',
    'previous_period',
  );
  const rows = objects(joined).filter((r) => r.Period !== null);
  const a = sortByX(A.data),
    c = sortByX(C.data);
  expect(rows).toHaveLength(a.length);
  a.forEach((p: any, i: number) => {
    const q = c[i] as any;
    expectTriple(
      rows[i],
      'Users at the start step',
      'Users at the start step, May 1 – Jun 30 2026',
      p.value_from,
      q.value_from,
    );
    expectTriple(rows[i], 'Conversion, %', 'Conversion, %, May 1 – Jun 30 2026', p.value, q.value);
  });
});

test('funnel steps: step by step, the dated columns by position', async () => {
  const body = (date: string[]) => ({ filters: { date }, period_unit: 'month' });
  const A = await raw('metrics/funnel/', body(['2026-07-01', '2026-08-31']));
  const C = await raw('metrics/funnel/', body(['2026-05-01', '2026-06-30']));
  await emu.reset();
  const { joined } = compared(
    'ADAPTY_FUNNEL',
    ['2026-07-01', '2026-08-31', ''],
    2,
    'period_unit=month',
    'previous_period',
  );
  const rows = objects(joined);
  (A.data[0].values as any[]).forEach((step, k) => {
    const cs = C.data[0].values[k];
    // Steps by their names, as the dashboard shows them: no step code column.
    expect(joined[0]).not.toContain('Step code');
    const row = rows.find((r) => r.Step === step.title)!;
    expectTriple(row, 'Users', 'Users, May 1 – Jun 30 2026', step.value, cs.value);
  });
});

test.each([
  ['ADAPTY_LTV', 'metrics/ltv/', 'LTV (revenue)', (j: any) => j.revenue.data[0].values, 'value'],
  ['ADAPTY_RETENTION', 'metrics/retention/', 'Subscribers', (j: any) => j.data[0].values, 'value'],
])('%s: period by period', async (name, path, label, values, field) => {
  const body = (date: string[]) => ({ filters: { date }, period_unit: 'month' });
  const A = await raw(path, body(['2026-06-01', '2026-08-31']));
  const C = await raw(path, body(['2025-06-01', '2025-08-31']));
  await emu.reset();
  const { joined } = compared(name, ['2026-06-01', '2026-08-31', ''], 2, 'period_unit=month', 'previous_year');
  const rows = objects(joined).filter((r) => r.Period !== null);
  const a = values(A) as any[],
    c = values(C) as any[];
  expect(a.length).toBeGreaterThan(1);
  a.forEach((v, i) => {
    const row = rows.find((r) => r.Period === v.period)!;
    expectTriple(row, label, `${label}, Jun 1 – Aug 31 2025`, v[field], c[i][field]);
  });
});
