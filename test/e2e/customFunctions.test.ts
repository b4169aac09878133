/**
 * The ADAPTY_ custom functions end to end: dist/Code.js in the Apps Script fakes (custom_function mode:
 * read-only spreadsheet, the owner's user properties, a 30 s limit) against the emulator in a child
 * process. Also "Refresh ADAPTY formulas" (menu, full mode) and the sidebar's insertFormula.
 */
import type { World, WorldOptions } from '../fakes';
import { loadBundle } from '../harness/bundle';
import { EDITOR, KEY_PROPERTY, OWNER, START, emulatedWorld, runOnce, useEmulator } from '../harness/bed';
import { failure } from '../harness/testUtils';
import type { EmulatorProcess } from '../../emulator/process';
import { findAdaptyCalls, parseLiteral } from '../../src/core/formula/read';

// START, 2026-11-28 10:00 in Berlin, is "today" for every preset below.

let emu: EmulatorProcess;
let otherKey: string;
useEmulator((e) => {
  emu = e;
  otherKey = emu.apps[1].key;
});

interface Bed {
  world: World;
  /** Recalculates one formula cell: one custom-function execution, a few virtual seconds after the last. */
  cf(name: string, ...args: unknown[]): unknown;
  /** Same, as another user at the keyboard. */
  cfAs(user: string, name: string, ...args: unknown[]): unknown;
  /** The error message a recalculation shows (fails the test when it succeeds). */
  err(name: string, ...args: unknown[]): string;
  /** Runs a menu item or sidebar call in full mode. */
  full(name: string, ...args: unknown[]): unknown;
  /** HTTP requests sent so far. */
  sent(): number;
  bodies(): unknown[];
}

function bed(opts: WorldOptions & { key?: string | null; keyOwner?: string } = {}): Bed {
  const { key, keyOwner, ...worldOpts } = opts;
  const world = emulatedWorld(emu, {
    startTime: START,
    timeZone: 'Europe/Berlin',
    ...worldOpts,
    keys: key !== null ? { [keyOwner ?? OWNER]: key ?? emu.demoKey } : {},
  });
  const run = (mode: 'custom_function' | 'full', user: string, name: string, args: unknown[]): unknown =>
    runOnce(world, { mode, user }, name, args, { advanceMs: 3000 });
  const b: Bed = {
    world,
    cf: (name, ...args) => run('custom_function', OWNER, name, args),
    cfAs: (user, name, ...args) => run('custom_function', user, name, args),
    err: (name, ...args) => failure(() => run('custom_function', OWNER, name, args), name),
    full: (name, ...args) => run('full', OWNER, name, args),
    sent: () => world.http.length,
    bodies: () => world.http.map((h) => JSON.parse(h.payload ?? 'null')),
  };
  return b;
}

type Grid = unknown[][];
const grid = (v: unknown): Grid => {
  expect(Array.isArray(v)).toBe(true);
  return v as Grid;
};
/** The instant of local midnight of a calendar day in Berlin. */
const berlinMidnight = (d: string): number => {
  const [y, m, day] = d.split('-').map(Number);
  const utcMidnight = Date.UTC(y, m - 1, day);
  const offset = new Intl.DateTimeFormat('en-US', { timeZone: 'Europe/Berlin', timeZoneName: 'shortOffset' })
    .formatToParts(new Date(utcMidnight + 12 * 3600e3))
    .find((p) => p.type === 'timeZoneName')!.value; // GMT+1 / GMT+2
  return utcMidnight - Number(offset.replace('GMT', '')) * 3600e3;
};
const isDate = (v: unknown): v is Date => Object.prototype.toString.call(v) === '[object Date]';

describe('every function answers a table: header row, numbers as numbers, dates as Dates', () => {
  test('ADAPTY_ANALYTICS with text options', () => {
    const t = bed();
    const out = grid(t.cf('ADAPTY_ANALYTICS', 'mrr', '2026-01-01', '2026-03-31', 'period_unit=month; country=us,ca'));
    expect(t.bodies()).toEqual([
      { chart_id: 'mrr', filters: { date: ['2026-01-01', '2026-03-31'], country: ['us', 'ca'] }, period_unit: 'month' },
    ]);
    expect(t.world.http[0].headers['Adapty-Tz']).toBe('Europe/Berlin');
    const [header, ...rows] = out;
    expect(header.every((h) => typeof h === 'string' && h !== '')).toBe(true);
    const dated = rows.filter((r) => isDate(r[0]));
    expect(dated.map((r) => (r[0] as Date).getTime())).toEqual(
      ['2026-01-01', '2026-02-01', '2026-03-01'].map(berlinMidnight),
    );
    for (const r of dated) expect(r.slice(1).some((c) => typeof c === 'number')).toBe(true);
    expect(out.every((r) => r.length === header.length)).toBe(true);
    expect(rows.flat().some((c) => typeof c === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(c))).toBe(false);
  });

  test('chart by dashboard label, a date cell as start, headers=false', () => {
    const t = bed();
    const out = grid(
      t.cf(
        'ADAPTY_ANALYTICS',
        'Active subscriptions',
        new Date(berlinMidnight('2026-02-01')),
        new Date(berlinMidnight('2026-02-28')),
        'period_unit=week; headers=false',
      ),
    );
    expect(t.bodies()).toEqual([
      { chart_id: 'subscriptions_active', filters: { date: ['2026-02-01', '2026-02-28'] }, period_unit: 'week' },
    ]);
    expect(isDate(out[0][0])).toBe(true);
    expect(out.flat().every((c) => typeof c !== 'string' || c === '' || !/^(Period|Date)$/i.test(c))).toBe(true);
  });

  test.each([
    [
      'ADAPTY_COHORT',
      ['2026-01-01', '2026-06-30', 'period_unit=month; value_field=arpu'],
      { filters: { date: ['2026-01-01', '2026-06-30'] }, period_unit: 'month', value_field: 'arpu' },
    ],
    [
      'ADAPTY_CONVERSION',
      ['', 1, '2026-01-01', '2026-03-31', 'period_unit=month'],
      { filters: { date: ['2026-01-01', '2026-03-31'] }, from_period: null, to_period: '1', period_unit: 'month' },
    ],
    [
      'ADAPTY_CONVERSION',
      [1, '6+', 'last_quarter', ''],
      { filters: { date: ['2026-07-01', '2026-09-30'] }, from_period: '1', to_period: '6+' },
    ],
    [
      'ADAPTY_FUNNEL',
      ['last_month', '', 'show_value_as=both'],
      { filters: { date: ['2026-10-01', '2026-10-31'] }, show_value_as: 'both' },
    ],
    [
      'ADAPTY_LTV',
      ['2025-01-01', '2025-12-31', 'period_unit=quarter; segmentation=store_product_id'],
      { filters: { date: ['2025-01-01', '2025-12-31'] }, period_unit: 'quarter', segmentation: 'store_product_id' },
    ],
    [
      'ADAPTY_RETENTION',
      ['last_6_months', undefined, 'use_trial=true'],
      { filters: { date: ['2026-05-01', '2026-10-31'] }, use_trial: true },
    ],
    ['ADAPTY_PLACEMENTS', [], { filters: { placement_type: 'paywall' } }],
    ['ADAPTY_PLACEMENTS', ['onboarding'], { filters: { placement_type: 'onboarding' } }],
  ])('%s %j', (name, args, body) => {
    const t = bed();
    const out = grid(t.cf(name, ...(args as unknown[])));
    expect(t.bodies()).toEqual([body]);
    expect(out.length).toBeGreaterThan(1);
    expect(out[0].every((h) => (typeof h === 'string' && h !== '') || isDate(h))).toBe(true);
    expect(out.every((r) => r.length === out[0].length)).toBe(true);
    expect(
      out
        .slice(1)
        .flat()
        .some((c) => typeof c === 'number' || (name === 'ADAPTY_PLACEMENTS' && typeof c === 'string' && c !== '')),
    ).toBe(true);
    expect(out.flat().some((c) => typeof c === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(c))).toBe(false);
  });

  test('period columns: their header labels are Dates too', () => {
    const t = bed();
    const out = grid(t.cf('ADAPTY_FUNNEL', '2026-08-01', '2026-10-31', 'period_unit=month'));
    expect(out[0].filter(isDate).map((d) => d.getTime())).toEqual(
      ['2026-08-01', '2026-09-01', '2026-10-01'].map(berlinMidnight),
    );
  });

  test('API text starting with "=" stays a plain string', () => {
    const t = bed();
    const out = grid(
      t.cf(
        'ADAPTY_ANALYTICS',
        'installs',
        '2026-01-01',
        '2026-03-31',
        'period_unit=month; segmentation=attribution_campaign',
      ),
    );
    const cells = out.flat();
    expect(cells).toContain('=HYPERLINK("http://example.com/x","click me")');
    expect(cells).toContain('<img src=x onerror=alert(1)>');
    expect(cells.some((c) => typeof c === 'string' && c.startsWith("'="))).toBe(false);
  });
});

describe("the three option forms and Adapty's JSON give the same request", () => {
  const forms: Array<[string, unknown]> = [
    ['text', 'period_unit=week; segmentation=country; store=app_store,play_store; attribution_status=non-organic'],
    [
      'range',
      [
        ['period_unit', 'week'],
        ['segmentation', 'country'],
        ['store', 'app_store,play_store'],
        ['attribution_status', 'non_organic'],
        ['', ''],
      ],
    ],
    [
      'range with list cells',
      [
        ['period_unit', 'week', ''],
        ['segmentation_by', 'country', ''],
        ['store', 'app_store', 'play_store'],
        ['attribution_status', 'non-organic', ''],
      ],
    ],
    [
      'JSON',
      '{"period_unit": "week", "segmentation": "country", "filters": {"store": ["app_store", "play_store"], "attribution_status": ["non_organic"]}}',
    ],
  ];
  test.each(forms)('%s', (_, options) => {
    const t = bed();
    grid(t.cf('ADAPTY_ANALYTICS', 'revenue', '2026-10-01', '2026-10-31', options));
    expect(t.bodies()).toEqual([
      {
        chart_id: 'revenue',
        filters: {
          date: ['2026-10-01', '2026-10-31'],
          store: ['app_store', 'play_store'],
          attribution_status: ['non_organic'],
        },
        period_unit: 'week',
        segmentation: 'country',
      },
    ]);
  });

  test("a whole request body pasted from Adapty's docs, dates included", () => {
    const t = bed();
    const pasted = JSON.stringify({
      filters: {
        date: ['2024-04-01', '2024-09-30'],
        compare_date: ['2023-04-01', '2023-09-30'],
        store: ['app_store'],
        country: ['us'],
        store_product_id: [['monthly.premium.599']],
        attribution_status: ['non-organic'],
      },
      period_unit: 'month',
      period_type: 'renewals',
      value_type: 'absolute',
      value_field: 'subscriptions',
      accounting_type: 'revenue',
      prediction_months: '6',
      strict: false, // the docs' product and status match nothing in the demo app: accept the zeros
    });
    grid(t.cf('ADAPTY_COHORT', '', '', pasted));
    expect(t.bodies()).toEqual([
      {
        filters: {
          date: ['2024-04-01', '2024-09-30'],
          compare_date: ['2023-04-01', '2023-09-30'],
          store: ['app_store'],
          country: ['us'],
          store_product_id: ['monthly.premium.599'],
          attribution_status: ['non_organic'],
        },
        period_unit: 'month',
        period_type: 'renewals',
        value_type: 'absolute',
        value_field: 'subscriptions',
        accounting_type: 'revenue',
        prediction_months: 6,
      },
      // The compare range is a request of its own (no endpoint but analytics answers per period for it).
      {
        filters: {
          date: ['2023-04-01', '2023-09-30'],
          store: ['app_store'],
          country: ['us'],
          store_product_id: ['monthly.premium.599'],
          attribution_status: ['non_organic'],
        },
        period_unit: 'month',
        period_type: 'renewals',
        value_type: 'absolute',
        value_field: 'subscriptions',
        accounting_type: 'revenue',
        prediction_months: 6,
      },
    ]);
  });

  test('compare preset and layout/measure', () => {
    const t = bed();
    const out = grid(
      t.cf(
        'ADAPTY_ANALYTICS',
        'revenue',
        'last_month',
        '',
        'compare=previous_year; layout=wide; measure=proceeds; period_unit=week',
      ),
    );
    expect(t.bodies()).toEqual([
      {
        chart_id: 'revenue',
        filters: { date: ['2026-10-01', '2026-10-31'], compare_date: ['2025-10-01', '2025-10-31'] },
        period_unit: 'week',
      },
      { chart_id: 'revenue', filters: { date: ['2025-10-01', '2025-10-31'] }, period_unit: 'week' },
    ]);
    expect(out.length).toBeGreaterThan(2);
  });
});

describe('presets', () => {
  test.each([
    ['yesterday', ['2026-11-27', '2026-11-27']],
    ['last_7_days', ['2026-11-21', '2026-11-27']],
    ['Last 30 days', ['2026-10-29', '2026-11-27']],
    ['this_month', ['2026-11-01', '2026-11-28']],
    ['last_year', ['2025-01-01', '2025-12-31']],
    ['ytd', ['2026-01-01', '2026-11-28']],
  ])('%s → %j in the spreadsheet zone', (preset, range) => {
    const t = bed();
    t.cf('ADAPTY_ANALYTICS', 'installs', preset);
    expect((t.bodies()[0] as { filters: { date: string[] } }).filters.date).toEqual(range);
  });

  test('"today" follows the spreadsheet zone, not UTC', () => {
    // 23:30 UTC on Nov 28 is already Nov 29 in Tokyo.
    const t = bed({ startTime: Date.UTC(2026, 10, 28, 23, 30), timeZone: 'Asia/Tokyo' });
    t.cf('ADAPTY_ANALYTICS', 'installs', 'today');
    expect(t.bodies()[0]).toMatchObject({ filters: { date: ['2026-11-29', '2026-11-29'] } });
    expect(t.world.http[0].headers['Adapty-Tz']).toBe('Asia/Tokyo');
  });
});

describe('cache', () => {
  test('recalculation is answered from the document cache with zero fetches; so is an equivalent formula', () => {
    const t = bed();
    const first = t.cf('ADAPTY_ANALYTICS', 'mrr', 'last_6_months', '', 'period_unit=month; country=us');
    expect(t.sent()).toBe(1);
    t.world.resetCalls();
    const again = t.cf('ADAPTY_ANALYTICS', 'mrr', 'last_6_months', '', 'period_unit=month; country=us');
    expect(t.sent()).toBe(1);
    expect(again).toEqual(first);
    expect(t.world.serviceCalls.byMethod.fetchAll ?? 0).toBe(0);
    // Another cell asking for the same report in other words.
    expect(
      t.cf('ADAPTY_ANALYTICS', 'MRR', 'Last 6 Months', undefined, [
        ['country', 'US'],
        ['period_unit', 'month'],
      ]),
    ).toEqual(first);
    expect(t.sent()).toBe(1);
    // Another user's recalculation (an editor) shares the document cache.
    expect(t.cfAs(EDITOR, 'ADAPTY_ANALYTICS', 'mrr', 'last_6_months', '', 'period_unit=month; country=us')).toEqual(
      first,
    );
    expect(t.sent()).toBe(1);
  });

  test('the entry expires after an hour by default, after cache=N seconds when set; cache=0 never caches', () => {
    const t = bed();
    t.cf('ADAPTY_LTV', 'last_month');
    t.world.clock.advance(3500 * 1000);
    t.cf('ADAPTY_LTV', 'last_month');
    expect(t.sent()).toBe(1);
    t.world.clock.advance(200 * 1000);
    t.cf('ADAPTY_LTV', 'last_month');
    expect(t.sent()).toBe(2);

    t.cf('ADAPTY_FUNNEL', 'last_month', '', 'cache=60');
    t.cf('ADAPTY_FUNNEL', 'last_month', '', 'cache=60');
    expect(t.sent()).toBe(3);
    t.world.clock.advance(61 * 1000);
    t.cf('ADAPTY_FUNNEL', 'last_month', '', 'cache=60');
    expect(t.sent()).toBe(4);

    const keysBefore = t.world.cacheKeysWritten.size;
    t.cf('ADAPTY_RETENTION', 'last_month', '', 'cache=0');
    t.cf('ADAPTY_RETENTION', 'last_month', '', 'cache=0');
    expect(t.sent()).toBe(6);
    expect(t.world.cacheKeysWritten.size).toBe(keysBefore);
  });

  test('a big answer is cached in chunks under 100 KB and served from them', () => {
    const t = bed();
    const args = ['revenue', '2025-12-01', '2026-11-27', 'period_unit=day; segmentation=country'];
    const first = grid(t.cf('ADAPTY_ANALYTICS', ...args));
    expect(t.sent()).toBe(1);
    const answerBytes = Buffer.byteLength(t.world.http[0].responseBody ?? '', 'utf8');
    expect(answerBytes).toBeGreaterThan(200 * 1024);
    const entries = [...t.world.documentCaches.values()].flatMap((c) => c.entries());
    // The answer's chunks (the formula's table is cached beside it under adapty:f:…).
    const chunks = entries.filter(([k]) => /^adapty:[0-9a-f]{64}:\d+$/.test(k));
    expect(chunks.length).toBeGreaterThanOrEqual(3);
    for (const [, v] of entries) expect(Buffer.byteLength(v, 'utf8')).toBeLessThanOrEqual(100 * 1024);
    expect(chunks.map(([, v]) => v).join('').length).toBe(t.world.http[0].responseBody!.length);
    expect(first.length).toBeGreaterThan(300);
    const again = t.cf('ADAPTY_ANALYTICS', ...args);
    expect(t.sent()).toBe(1);
    expect(again).toEqual(first);
  });

  test('an evicted chunk is a miss, not a broken table', () => {
    const t = bed();
    const args = ['revenue', '2025-12-01', '2026-11-27', 'period_unit=day; segmentation=country'];
    const first = t.cf('ADAPTY_ANALYTICS', ...args);
    const cache = [...t.world.documentCaches.values()][0];
    const keys = cache.entries().map(([k]) => k);
    const tableChunk = () => cache.entries().find(([k]) => k.startsWith('adapty:f:') && /:1$/.test(k))?.[0];
    // A table chunk gone: the answer is normalised again, nothing is fetched, and the table is cached again.
    cache.remove(tableChunk()!);
    expect(t.cf('ADAPTY_ANALYTICS', ...args)).toEqual(first);
    expect(t.sent()).toBe(1);
    expect(tableChunk()).toBeDefined();
    // The table and an answer chunk gone: a miss, fetched afresh.
    cache.remove(tableChunk()!);
    cache.remove(keys.find((k) => /^adapty:[0-9a-f]{64}:1$/.test(k))!);
    expect(t.cf('ADAPTY_ANALYTICS', ...args)).toEqual(first);
    expect(t.sent()).toBe(2);
  });
});

describe('refresh', () => {
  test('a new refresh value fetches afresh; the same value is served from cache; the shared entry is renewed', () => {
    const t = bed();
    const args = ['subscriptions_new', 'last_month', '', 'period_unit=week'];
    t.cf('ADAPTY_ANALYTICS', ...args);
    expect(t.sent()).toBe(1);
    t.cf('ADAPTY_ANALYTICS', ...args, 1);
    expect(t.sent()).toBe(2);
    t.cf('ADAPTY_ANALYTICS', ...args, 1);
    expect(t.sent()).toBe(2);
    t.cf('ADAPTY_ANALYTICS', ...args, new Date(Date.UTC(2026, 0, 1)));
    expect(t.sent()).toBe(3);
    // A formula without refresh (or another formula) is served the answer the refresh fetched.
    t.world.clock.advance(3000 * 1000); // the first shared entry would have expired by now
    t.cf('ADAPTY_ANALYTICS', ...args);
    expect(t.sent()).toBe(3);
    // An empty refresh is no refresh.
    t.cf('ADAPTY_ANALYTICS', ...args, '');
    expect(t.sent()).toBe(3);
  });
});

describe('the key: owner and editors', () => {
  test("a key saved by the owner serves an editor's recalculation; the key never appears anywhere", () => {
    const t = bed();
    const out = grid(t.cfAs(EDITOR, 'ADAPTY_ANALYTICS', 'revenue', 'last_month', '', 'period_unit=week'));
    expect(out.length).toBeGreaterThan(1);
    expect(t.sent()).toBe(1);
    expect(t.world.http[0].headers.Authorization).toBe(`Api-Key ${emu.demoKey}`);
    // The key is in the owner's user properties (its one place) and nowhere else, not even in part.
    const all = t.world.allText();
    expect(all.filter((s) => s === emu.demoKey)).toHaveLength(1);
    expect(
      all.filter(
        (s) => s !== emu.demoKey && (s.includes(emu.demoKey.slice(-16)) || s.includes(emu.demoKey.slice(12, 28))),
      ),
    ).toEqual([]);
  });

  test('a key saved only by an editor is not used by formulas, and the message says so; nothing is sent', () => {
    const t = bed({ key: null });
    t.world.userStore(EDITOR).apply(new Map([[KEY_PROPERTY, emu.demoKey]]));
    let message = '';
    try {
      t.cfAs(EDITOR, 'ADAPTY_ANALYTICS', 'revenue', 'last_month');
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toMatch(/^ADAPTY_ANALYTICS: No Adapty API key is available to formulas/);
    expect(message).toMatch(/owner/);
    expect(message).toMatch(/Extensions › Adapty › Settings/);
    expect(message).toMatch(/editor/);
    expect(t.sent()).toBe(0);
  });

  test("each user's own key when it is the owner of another file: the owner of THIS file decides", () => {
    const t = bed({ key: otherKey });
    t.world.userStore(EDITOR).apply(new Map([[KEY_PROPERTY, emu.demoKey]]));
    t.cfAs(EDITOR, 'ADAPTY_LTV', 'last_month');
    expect(t.world.http[0].headers.Authorization).toBe(`Api-Key ${otherKey}`);
  });

  test("a wrong key: Adapty's 401 as a message that says where to fix it, without the key", () => {
    const bad = 'secret_live_WRONGKEY.' + 'x'.repeat(32);
    const t = bed({ key: bad });
    const m = t.err('ADAPTY_ANALYTICS', 'revenue', 'last_month');
    expect(m).toMatch(/^ADAPTY_ANALYTICS: Adapty did not accept the API key \(HTTP 401\)/);
    expect(m).toMatch(/Formulas use the key saved by the spreadsheet's owner\.$/);
    expect(m).not.toContain('WRONGKEY');
    expect(t.world.allText().filter((s) => s.includes('WRONGKEY'))).toEqual([bad]);
  });
});

describe('bad arguments: one message that says what to fix, nothing sent', () => {
  const cases: Array<[string, unknown[], RegExp]> = [
    [
      'ADAPTY_ANALYTICS',
      ['mrrr', 'last_month'],
      /^ADAPTY_ANALYTICS: chart "mrrr" is unknown — did you mean "mrr"\? Charts: revenue, mrr, arr/,
    ],
    ['ADAPTY_ANALYTICS', ['', 'last_month'], /^ADAPTY_ANALYTICS: chart is required: one of revenue, mrr/],
    [
      'ADAPTY_ANALYTICS',
      [[['mrr'], ['arr']], 'last_month'],
      /^ADAPTY_ANALYTICS: chart must be one cell or value, not a range of 2 cells/,
    ],
    [
      'ADAPTY_ANALYTICS',
      ['mrr', '2026-13-01', '2026-12-31'],
      /^ADAPTY_ANALYTICS: start "2026-13-01" is not a valid date: use YYYY-MM-DD, a date cell, or a preset/,
    ],
    [
      'ADAPTY_ANALYTICS',
      ['mrr', 'last_mnth'],
      /^ADAPTY_ANALYTICS: start "last_mnth" is not a valid date.*did you mean "last_month"\?/,
    ],
    [
      'ADAPTY_ANALYTICS',
      ['mrr', '2026-03-01', '2026-02-01'],
      /^ADAPTY_ANALYTICS: end "2026-02-01" is before start "2026-03-01"/,
    ],
    [
      'ADAPTY_ANALYTICS',
      ['mrr', 'last_month', '2026-02-01'],
      /^ADAPTY_ANALYTICS: end "2026-02-01" must be empty when start is a preset/,
    ],
    ['ADAPTY_ANALYTICS', ['mrr', '', ''], /^ADAPTY_ANALYTICS: start is required/],
    [
      'ADAPTY_ANALYTICS',
      ['mrr', 'last_month', '', 'period_unt=week'],
      /^ADAPTY_ANALYTICS: option "period_unt" is unknown — did you mean "period_unit"\?/,
    ],
    [
      'ADAPTY_ANALYTICS',
      ['mrr', 'last_month', '', 'period_unit=hourly'],
      /^ADAPTY_ANALYTICS: period_unit "hourly" is not one of: day, week, month, quarter, year/,
    ],
    [
      'ADAPTY_ANALYTICS',
      ['arpu', 'last_month', '', 'duration=Monthly'],
      /^ADAPTY_ANALYTICS: filter "duration" is not available for chart "arpu"/,
    ],
    [
      'ADAPTY_ANALYTICS',
      ['installs', 'last_month', '', 'segmentation=period'],
      /^ADAPTY_ANALYTICS: segmentation "period" is not available for chart "installs"/,
    ],
    [
      'ADAPTY_ANALYTICS',
      ['mrr', '2024-01-01', '2025-06-30', 'period_unit=day'],
      /^ADAPTY_ANALYTICS: period_unit "day" covers at most 366 days.*use week or month/,
    ],
    [
      'ADAPTY_ANALYTICS',
      ['mrr', 'last_month', '', 'country=usa'],
      /^ADAPTY_ANALYTICS: country "usa" is not an ISO 3166-1 alpha-2 country code/,
    ],
    [
      'ADAPTY_ANALYTICS',
      ['mrr', 'last_month', '', '{"period_unit": "week",}'],
      /^ADAPTY_ANALYTICS: options looks like JSON but is not valid JSON/,
    ],
    [
      // Adapty's own analytics request example, pasted as it is in its docs ("filters" never closed).
      'ADAPTY_ANALYTICS',
      [
        'revenue',
        '',
        '',
        '{\n  "filters": {\n    "date": ["2022-01-01", "2022-12-31"],\n    "country": ["us"],\n  "period_unit": "week",\n  "date_type": "purchase_date"\n}',
      ],
      /^ADAPTY_ANALYTICS: options looks like JSON but is not valid JSON .*: "period_unit" is inside "filters": close "filters" with \} before it$/s,
    ],
    [
      'ADAPTY_ANALYTICS',
      ['mrr', 'last_month', '', 'just words'],
      /^ADAPTY_ANALYTICS: options part "just words" is not key=value/,
    ],
    [
      'ADAPTY_ANALYTICS',
      ['mrr', 'last_month', '', 'period_unit=week; period_unit=month'],
      /^ADAPTY_ANALYTICS: period_unit is given twice in options, as "week" and as "month": keep one/,
    ],
    [
      'ADAPTY_ANALYTICS',
      ['mrr', 'last_month', '', 'headers=maybe'],
      /^ADAPTY_ANALYTICS: headers "maybe" is not one of: true, false/,
    ],
    [
      'ADAPTY_ANALYTICS',
      ['mrr', 'last_month', '', 'cache=99999'],
      /^ADAPTY_ANALYTICS: cache "99999" is not a number of seconds from 0 to 21600/,
    ],
    [
      'ADAPTY_ANALYTICS',
      ['mrr', 'last_month', '', 'layout=tall'],
      /^ADAPTY_ANALYTICS: layout "tall" is not one of: long, wide/,
    ],
    [
      'ADAPTY_ANALYTICS',
      ['mrr', 'last_month', '', 'compare=last_decade'],
      /^ADAPTY_ANALYTICS: compare "last_decade" is not a comparison period/,
    ],
    ['ADAPTY_ANALYTICS', ['mrr', '2026-01-01', '', '{"chart_id": "arr"}'], /^ADAPTY_ANALYTICS: chart is given twice/],
    // Options one argument early, in end: the message says where they go (a date never holds "=" or "{").
    [
      'ADAPTY_ANALYTICS',
      ['revenue', 'last_30_days', 'period_unit=week'],
      /^ADAPTY_ANALYTICS: end "period_unit=week" is options text, not a date or preset: options go in the argument after end \(end may be left empty\), ADAPTY_ANALYTICS\(chart, start, end, \[options\], \[refresh\]\)$/,
    ],
    [
      'ADAPTY_FUNNEL',
      ['2026-01-01', '{"period_unit": "week"}'],
      /^ADAPTY_FUNNEL: end "\{.*period_unit.*week.*\}" is options text, not a date or preset: options go in the argument after end/,
    ],
    [
      'ADAPTY_ANALYTICS',
      ['mrr', 'last_month', '', '', '', 'extra'],
      /^ADAPTY_ANALYTICS: takes at most 5 arguments, ADAPTY_ANALYTICS\(chart, start, end, \[options\], \[refresh\]\), but got 6/,
    ],
    [
      'ADAPTY_COHORT',
      ['last_month', '', 'renewal_days=0,3,7'],
      /^ADAPTY_COHORT: renewal_days is only used with period_type "days"/,
    ],
    [
      'ADAPTY_COHORT',
      ['last_month', '', 'prediction_months=5'],
      /^ADAPTY_COHORT: prediction_months 5|^ADAPTY_COHORT: prediction_months "5" is not one of: 3, 6, 9, 12, 18, 24/,
    ],
    [
      'ADAPTY_CONVERSION',
      ['', '', 'last_month'],
      /^ADAPTY_CONVERSION: to_period is required: 0 \(trial\), 1, 2, … \(paid period\), 6\+, 12\+ or 24\+/,
    ],
    [
      'ADAPTY_CONVERSION',
      ['x', 1, 'last_month'],
      /^ADAPTY_CONVERSION: from_period "x" is not a period: use empty \(install\), 0 \(trial\)/,
    ],
    ['ADAPTY_CONVERSION', ['', '7+', 'last_month'], /^ADAPTY_CONVERSION: to_period "7\+" is not a period/],
    ['ADAPTY_FUNNEL', ['last_month', '', 'chart=mrr'], /^ADAPTY_FUNNEL: chart only applies to ADAPTY_ANALYTICS/],
    [
      'ADAPTY_LTV',
      ['last_month', '', 'segmentation=campaign'],
      /^ADAPTY_LTV: segmentation "campaign" is not available for LTV. Allowed: day, week/,
    ],
    [
      'ADAPTY_RETENTION',
      ['last_month', '', 'use_trial=perhaps'],
      /^ADAPTY_RETENTION: use_trial "perhaps" is not one of: true, false/,
    ],
    ['ADAPTY_PLACEMENTS', ['banner'], /^ADAPTY_PLACEMENTS: placement_type "banner" is not one of: paywall, onboarding/],
    [
      'ADAPTY_PLACEMENTS',
      ['placement_type=paywall; period_unit=week'],
      /^ADAPTY_PLACEMENTS: option "period_unit" is unknown\. Options for Placements: placement_type, /,
    ],
  ];
  test.each(cases)('%s %j', (name, args, re) => {
    const t = bed();
    const m = t.err(name, ...args);
    expect(m).toMatch(re);
    expect(t.sent()).toBe(0);
  });

  test('a wrong argument is reported before a missing key', () => {
    const t = bed({ key: null });
    expect(t.err('ADAPTY_ANALYTICS', 'mrrr', 'last_month')).toMatch(/^ADAPTY_ANALYTICS: chart "mrrr" is unknown/);
    expect(t.err('ADAPTY_ANALYTICS', 'mrr', 'last_month')).toMatch(
      /^ADAPTY_ANALYTICS: No Adapty API key is available to formulas/,
    );
    expect(t.sent()).toBe(0);
  });
});

describe('time budget, retries', () => {
  test('429 and 5xx are retried within the budget and the table arrives', async () => {
    await emu.setFaults(emu.demoKey, { queue: ['429', '500', '502', '503'] });
    const t = bed();
    const startedAt = t.world.clock.now();
    const out = grid(t.cf('ADAPTY_ANALYTICS', 'revenue', 'last_month', '', 'period_unit=week'));
    expect(out.length).toBeGreaterThan(1);
    expect(t.world.http.map((h) => h.status)).toEqual([429, 500, 502, 503, 200]);
    expect(t.world.clock.now() - startedAt - 3000).toBeLessThan(25000);
  });

  test.each([5000, 8000, 11000, 12000, 16000, 20000, 24000])(
    "a slow emulator (%i ms per answer) that keeps failing: the budget advice within 30 s, never Apps Script's timeout",
    async (latencyMs) => {
      await emu.setFaults(emu.demoKey, { latencyMs, queue: Array(10).fill('503') });
      const t = bed();
      const before = t.world.clock.now() + 3000;
      const m = t.err(
        'ADAPTY_ANALYTICS',
        'revenue',
        '2025-01-01',
        '2025-12-31',
        'period_unit=week; segmentation=country',
      );
      const elapsed = t.world.clock.now() - before;
      expect(m).toMatch(/^ADAPTY_ANALYTICS: /);
      expect(m).toMatch(/coarser period_unit .*or a shorter date range/);
      expect(m).not.toMatch(/Exceeded maximum execution time/);
      // Apps Script stops a custom function at 30 s: the last attempt must not start unless it can end before.
      expect(`${elapsed} ms`).toBe(elapsed < 30000 ? `${elapsed} ms` : 'under 30000 ms');
    },
  );

  test('when the platform limit is hit anyway (one answer slower than 30 s), the message is still the budget advice', async () => {
    await emu.setFaults(emu.demoKey, { latencyMs: 31000 });
    const t = bed();
    const m = t.err('ADAPTY_ANALYTICS', 'revenue', 'last_month');
    expect(m).toMatch(/^ADAPTY_ANALYTICS: Adapty took longer than the 25 s a formula may use/);
    expect(m).toMatch(/coarser period_unit/);
  });

  test('server errors beyond the retries: a message with the status and what to do', async () => {
    await emu.setFaults(emu.demoKey, { queue: Array(10).fill('500') });
    const t = bed();
    const m = t.err('ADAPTY_LTV', 'last_month');
    expect(m).toMatch(/^ADAPTY_LTV: Adapty's server failed on ltv \(server error \(HTTP 500/);
    expect(m).not.toContain(emu.demoKey);
  });
});

describe('Refresh ADAPTY formulas (menu)', () => {
  function sheetWith(t: Bed, cells: Record<string, unknown>, sheetName = 'Sheet1'): void {
    const b = loadBundle(t.world, { mode: 'full' });
    try {
      const ss = b.globals.SpreadsheetApp.getActiveSpreadsheet();
      const sheet = ss.getSheetByName(sheetName) ?? ss.insertSheet(sheetName);
      for (const [a1, v] of Object.entries(cells)) {
        const r = sheet.getRange(a1);
        if (typeof v === 'string' && v.startsWith('=')) r.setFormula(v);
        else r.setValue(v);
      }
    } finally {
      b.end();
    }
  }
  const formulas = (t: Bed, sheet = 'Sheet1') => t.world.sheetSnapshot(undefined, sheet).formulas;
  const values = (t: Bed, sheet = 'Sheet1') => t.world.sheetSnapshot(undefined, sheet).values;

  test('sets a new refresh value in every ADAPTY_ formula, other arguments untouched, few calls', () => {
    const t = bed();
    sheetWith(t, {
      A1: '=ADAPTY_ANALYTICS("mrr", "last_month", "", "period_unit=week")',
      A2: '=ADAPTY_ANALYTICS("mrr",  B10 , B11)',
      A3: '=IFERROR(ADAPTY_LTV("last_year"), "none")',
      A4: '=ADAPTY_PLACEMENTS()',
      B1: '=SUM(C1:C3)',
      B2: 'plain text',
      B3: 42,
      C5: '=ADAPTY_FUNNEL("last_month", "", "", 17)',
      D5: '=ADAPTY_RETENTION("last_month", "", "", "old")',
    });
    sheetWith(t, { B2: '=ADAPTY_COHORT("last_quarter", "", "value_field=arpu")' }, 'Other sheet');
    t.world.resetCalls();
    const token = Math.floor((t.world.clock.now() + 3000) / 1000);
    const summary = t.full('refreshAdaptyFormulas') as { formulas: number; sheets: number };
    expect(summary).toMatchObject({ formulas: 7, sheets: 2 });
    const f = formulas(t);
    expect(f[0][0]).toBe(`=ADAPTY_ANALYTICS("mrr", "last_month", "", "period_unit=week", ${token})`);
    expect(f[1][0]).toBe(`=ADAPTY_ANALYTICS("mrr",  B10 , B11, "", ${token})`);
    expect(f[2][0]).toBe(`=IFERROR(ADAPTY_LTV("last_year", "", "", ${token}), "none")`);
    expect(f[3][0]).toBe(`=ADAPTY_PLACEMENTS("", ${token})`);
    expect(f[0][1]).toBe('=SUM(C1:C3)');
    expect(values(t)[1][1]).toBe('plain text');
    expect(values(t)[2][1]).toBe(42);
    expect(f[4][2]).toBe(`=ADAPTY_FUNNEL("last_month", "", "", ${token})`);
    expect(f[4][3]).toBe(`=ADAPTY_RETENTION("last_month", "", "", ${token})`);
    expect(formulas(t, 'Other sheet')[1][1]).toBe(`=ADAPTY_COHORT("last_quarter", "", "value_field=arpu", ${token})`);
    expect(t.world.ui.toasts.at(-1)?.message).toMatch(/7 ADAPTY_ formulas on 2 sheets/);
    // Reads: one getFormulas per sheet. Writes: one setFormulas per block of changed cells.
    expect(t.world.calls.byQualified['Range.getFormulas']).toBe(2);
    expect(t.world.calls.byQualified['Sheet.getDataRange']).toBe(2);
    // getActiveSpreadsheet, getSpreadsheetLocale, getSheets, 2 × (getDataRange, getFormulas), 3 × (getRange, setFormulas), toast.
    expect(t.world.calls.total).toBeLessThanOrEqual(14);
    expect(t.world.calls.byQualified['Range.setFormulas']).toBe(3); // A1:A4, C5:D5, 'Other sheet'!B2
    expect(t.world.calls.byQualified['Range.setFormula'] ?? 0).toBe(0);
    expect(t.world.calls.byQualified['Range.setValues'] ?? 0).toBe(0);
    // Running it again changes the value again.
    t.world.clock.advance(0);
    t.full('refreshAdaptyFormulas');
    expect(formulas(t)[0][0]).toBe(`=ADAPTY_ANALYTICS("mrr", "last_month", "", "period_unit=week", ${token + 3})`);
  });

  test('a refresh cell holding a number (or nothing) is bumped; one holding text or a formula is replaced in the formula', () => {
    const t = bed();
    sheetWith(t, { Z1: 5, Z3: 'text', Z4: '=NOW()' });
    sheetWith(t, { A1: 1 }, 'Control');
    sheetWith(t, {
      A1: '=ADAPTY_LTV("last_month", "", "", Z1)',
      A2: '=ADAPTY_LTV("last_year", "", "", $Z$1)',
      A3: '=ADAPTY_FUNNEL("last_month", "", "", Z2)',
      A4: '=ADAPTY_FUNNEL("last_year", "", "", Z3)',
      A5: '=ADAPTY_RETENTION("last_month", "", "", Z4)',
      A6: '=ADAPTY_RETENTION("last_year", "", "", Control!A1)',
    });
    const token = Math.floor((t.world.clock.now() + 3000) / 1000);
    t.full('refreshAdaptyFormulas');
    const f = formulas(t);
    const v = values(t);
    expect(f[0][0]).toBe('=ADAPTY_LTV("last_month", "", "", Z1)');
    expect(f[1][0]).toBe('=ADAPTY_LTV("last_year", "", "", $Z$1)');
    expect(v[0][25]).toBe(token);
    expect(f[2][0]).toBe('=ADAPTY_FUNNEL("last_month", "", "", Z2)');
    expect(v[1][25]).toBe(token);
    expect(f[3][0]).toBe(`=ADAPTY_FUNNEL("last_year", "", "", ${token})`);
    expect(v[2][25]).toBe('text');
    expect(f[4][0]).toBe(`=ADAPTY_RETENTION("last_month", "", "", ${token})`);
    expect(f[3][25]).toBe('=NOW()');
    expect(f[5][0]).toBe('=ADAPTY_RETENTION("last_year", "", "", Control!A1)');
    expect(values(t, 'Control')[0][0]).toBe(token);
  });

  test('semicolon locales: the separator of the spreadsheet locale, decimal commas left alone', () => {
    const t = bed({ locale: 'de_DE' });
    sheetWith(t, {
      A1: '=ADAPTY_ANALYTICS("mrr"; "last_month"; ""; "period_unit=week; country=us,de")',
      A2: '=ADAPTY_LTV("last_year";"";"";1,5)',
      // Should Apps Script hand formulas back in English syntax, a formula with commas keeps them.
      A3: '=ADAPTY_FUNNEL("last_year", "", "")',
    });
    const token = Math.floor((t.world.clock.now() + 3000) / 1000);
    t.full('refreshAdaptyFormulas');
    expect(formulas(t)[0][0]).toBe(
      `=ADAPTY_ANALYTICS("mrr"; "last_month"; ""; "period_unit=week; country=us,de"; ${token})`,
    );
    expect(formulas(t)[1][0]).toBe(`=ADAPTY_LTV("last_year";"";"";${token})`);
    expect(formulas(t)[2][0]).toBe(`=ADAPTY_FUNNEL("last_year", "", "", ${token})`);
  });

  test('after a refresh, the recalculation fetches afresh once and the other cells are served from the cache', () => {
    const t = bed();
    sheetWith(t, { A1: '=ADAPTY_LTV("last_month")' });
    t.cf('ADAPTY_LTV', 'last_month');
    expect(t.sent()).toBe(1);
    t.full('refreshAdaptyFormulas');
    const f = formulas(t)[0][0];
    const token = Number(/, (\d+)\)$/.exec(f)![1]);
    t.cf('ADAPTY_LTV', 'last_month', '', '', token);
    expect(t.sent()).toBe(2);
    t.cf('ADAPTY_LTV', 'last_month', '', '', token);
    t.cf('ADAPTY_LTV', 'last_month');
    expect(t.sent()).toBe(2);
  });

  test('no ADAPTY_ formulas: says so, writes nothing', () => {
    const t = bed();
    sheetWith(t, { A1: '=SUM(1,2)', B1: 'ADAPTY_LTV(' });
    const before = t.world.sheetSnapshot();
    t.world.resetCalls();
    expect(t.full('refreshAdaptyFormulas')).toMatchObject({ formulas: 0 });
    expect(t.world.sheetSnapshot()).toEqual(before);
    expect(t.world.ui.toasts.at(-1)?.message).toMatch(/No ADAPTY_ formulas/);
  });
});

describe('insertFormula (sidebar)', () => {
  test("writes the formula for a spec into the active cell, with the locale's separator", () => {
    for (const [locale, sep] of [
      ['en_US', ','],
      ['fr_FR', ';'],
    ] as const) {
      const t = bed({ locale });
      const b = loadBundle(t.world, { mode: 'full' });
      try {
        const ss = b.globals.SpreadsheetApp.getActiveSpreadsheet();
        ss.setActiveRange(ss.getRange('C4'));
        const r = b.callFromClient('insertFormula', {
          endpoint: 'analytics',
          chart: 'MRR',
          start: 'last_90_days',
          params: { period_unit: 'week' },
          filters: { country: ['us'] },
        }) as { a1: string; formula: string };
        expect(r).toMatchObject({
          a1: 'C4',
          formula: `=ADAPTY_ANALYTICS("mrr"${sep} "last_90_days"${sep} ""${sep} "period_unit=week; country=us")`,
        });
        expect(t.world.sheetSnapshot().formulas[3][2]).toBe(r.formula);
      } finally {
        b.end();
      }
      expect(t.sent()).toBe(0);
    }
  });

  test('the inserted formula, recalculated, sends the same request as the spec would', () => {
    const t = bed();
    const spec = {
      endpoint: 'cohort',
      start: '2026-01-01',
      end: '2026-06-30',
      params: { period_type: 'days', renewal_days: [0, 7, 30], value_field: 'subscribers' },
      filters: { store: ['app_store'], attribution_campaign: ['Podcast, "Morning Run"'] },
    };
    const { formula } = t.full('insertFormula', spec) as { formula: string };
    expect(formula).toContain('""Podcast, \\""Morning Run\\""""');
    // Evaluate the literal arguments as Sheets would, and recalculate.
    const [call] = findAdaptyCalls(formula, ',');
    t.cf(call.name, ...call.args.map((a) => parseLiteral(a.text, ',')));
    // first the campaigns this app has ("did you mean", issue 10), then the report itself
    expect((t.bodies()[0] as { segmentation?: string }).segmentation).toBe('attribution_campaign');
    expect(t.bodies().filter((b) => !(b as { segmentation?: string }).segmentation)).toEqual([
      {
        filters: {
          date: ['2026-01-01', '2026-06-30'],
          store: ['app_store'],
          attribution_campaign: ['Podcast, "Morning Run"'],
        },
        period_type: 'days',
        value_field: 'subscribers',
        renewal_days: [0, 7, 30],
      },
    ]);
  });

  test('a bad spec is refused with its message and nothing is written', () => {
    const t = bed();
    const before = t.world.sheetSnapshot();
    expect(() => t.full('insertFormula', { endpoint: 'analytics', chart: 'mrrr', start: 'last_month' })).toThrow(
      /chart "mrrr" is unknown — did you mean "mrr"\?/,
    );
    expect(t.world.sheetSnapshot()).toEqual(before);
  });
});
