/**
 * Filter values from the app's own data (issue 10 §1) and the "nothing matched" guard (§2), through the
 * built bundle against the emulator: the sidebar's getFilterValues, "did you mean" before sending (formula
 * and sidebar run), and the warning when a filtered report is all zeros for a value the app does not have
 * (sidebar result, scheduled log row and ⚠ note, formula message with strict=false to accept the zeros).
 */
import { HOUR, OWNER, START, emulatedWorld, logRows, runOnce, sheetValues, useEmulator } from '../harness/bed';
import { scanSinks } from '../harness/sinks';
import { failure } from '../harness/testUtils';
import type { EmulatorProcess } from '../../emulator/process';

let emu: EmulatorProcess;
useEmulator((e) => (emu = e));

function bed() {
  const world = emulatedWorld(emu, { startTime: START, timeZone: 'Europe/Berlin', keys: { [OWNER]: emu.demoKey } });
  const run = (mode: 'custom_function' | 'full' | 'trigger', name: string, args: unknown[], fromClient = false) =>
    runOnce(world, { mode, user: OWNER }, name, args, { advanceMs: 3000, fromClient });
  return {
    world,
    sidebar: (name: string, ...args: unknown[]) => run('full', name, args, true),
    sidebarErr: (name: string, ...args: unknown[]) => failure(() => run('full', name, args, true), name),
    cf: (name: string, ...args: unknown[]) => run('custom_function', name, args) as unknown[][],
    cfErr: (name: string, ...args: unknown[]) => failure(() => run('custom_function', name, args), name),
    fire: () => run('trigger', 'runScheduledReports', []),
    bodies: () => world.http.map((h) => JSON.parse(h.payload ?? 'null') as Record<string, any>),
  };
}
type Values = {
  filter: string;
  label: string;
  range: [string, string];
  values: Array<{ key: string; label: string }>;
  fromCache: boolean;
};

describe('getFilterValues: the values this app really has', () => {
  test("a picker lists the app's real campaigns: one segmented request over the last 90 days, then the cache", () => {
    const t = bed();
    const v = t.sidebar('getFilterValues', 'attribution_campaign') as Values;
    expect(v.filter).toBe('attribution_campaign');
    expect(v.range).toEqual(['2026-08-31', '2026-11-28']);
    expect(v.values.map((x) => x.key)).toEqual(expect.arrayContaining(['FB_Spring_Sale_2026', 'ASA_Generic_EU']));
    expect(v.values.every((x) => typeof x.label === 'string' && x.key !== 'total' && x.key !== '')).toBe(true);
    expect(t.bodies()).toEqual([
      {
        chart_id: 'installs',
        filters: { date: ['2026-08-31', '2026-11-28'] },
        period_unit: 'month',
        segmentation: 'attribution_campaign',
      },
    ]);
    expect(t.sidebar('getFilterValues', 'attribution_campaign')).toEqual({ ...v, fromCache: true });
    expect(t.world.http).toHaveLength(1);
    // neither cache holds the key, whole or in part
    expect(scanSinks(t.world, emu.demoKey)).toEqual([]);
  });

  test('products come with their raw key (the form this account uses) and label; a range can be given', () => {
    const t = bed();
    const v = t.sidebar('getFilterValues', 'store_product_id', ['2026-01-01', '2026-03-31']) as Values;
    expect(v.range).toEqual(['2026-01-01', '2026-03-31']);
    expect(v.values.length).toBeGreaterThan(1);
    expect(v.values.every((x) => /^[a-z_]+:/.test(x.key))).toBe(true);
    expect(t.bodies()[0]).toMatchObject({ chart_id: 'revenue', segmentation: 'store_product_id' });
  });

  test('a filter that is not a segmentation, or a bad range, is refused by name', () => {
    const t = bed();
    expect(t.sidebarErr('getFilterValues', 'profiles_counting_method')).toMatch(
      /^filter "profiles_counting_method" has no values to list: use one of .*attribution_campaign/,
    );
    expect(t.sidebarErr('getFilterValues', 'country', ['2026-03-01', '2026-01-01'])).toMatch(
      /^range .* must be \[from, to\]/,
    );
    expect(t.world.http).toHaveLength(0);
  });
});

describe('"did you mean" before anything is sent', () => {
  test('a formula with "facebook ads" is told the app\'s "Facebook Ads"; only the values were asked for', () => {
    const t = bed();
    expect(t.cfErr('ADAPTY_ANALYTICS', 'revenue', 'last_month', '', 'attribution_channel=facebook ads')).toMatch(
      /^ADAPTY_ANALYTICS: attribution_channel "facebook ads" is not one of this app's values .*did you mean "Facebook Ads"\?/,
    );
    expect(t.bodies().map((b) => b.segmentation)).toEqual(['attribution_channel']);
    // the exact key goes through, as sent
    t.cf('ADAPTY_ANALYTICS', 'revenue', 'last_month', '', 'attribution_channel=Facebook Ads');
    expect(t.bodies().at(-1)!.filters.attribution_channel).toEqual(['Facebook Ads']);
  });

  test('a sidebar run is refused the same way and writes nothing', () => {
    const t = bed();
    const m = t.sidebarErr('runReport', {
      spec: {
        endpoint: 'analytics',
        chart: 'revenue',
        start: 'last_month',
        filters: { attribution_channel: ['facebook  ads'] },
      },
      destination: { kind: 'sheet', sheetName: 'R' },
      mode: 'overwrite',
    });
    expect(m).toMatch(/did you mean "Facebook Ads"\?/);
    expect(t.world.spreadsheet().sheets.some((s) => s.name === 'R')).toBe(false);
  });
});

test("a report of another app is checked against that app's values, learned with its key", () => {
  const t = bed();
  t.sidebar('saveConnection', { name: 'Calm', key: emu.apps[1].key });
  const from = t.world.http.length;
  expect(
    t.cfErr('ADAPTY_ANALYTICS', 'revenue', 'last_month', '', 'app=Calm; attribution_channel=facebook ads'),
  ).toMatch(/^ADAPTY_ANALYTICS: attribution_channel "facebook ads" is not one of this app's values .*did you mean/);
  const asked = t.world.http.slice(from);
  expect(asked.map((h) => h.headers.Authorization)).toEqual([`Api-Key ${emu.apps[1].key}`]);
  expect(JSON.parse(asked[0].payload ?? '{}')).toMatchObject({ segmentation: 'attribution_channel' });
  // The default app's values are cached apart: asking about it learns them with its own key.
  t.cfErr('ADAPTY_ANALYTICS', 'revenue', 'last_month', '', 'attribution_channel=facebook ads');
  expect(t.world.http.slice(from + 1).map((h) => h.headers.Authorization)).toEqual([`Api-Key ${emu.demoKey}`]);
});

test("the sidebar's picker offers the report's app's values: a named app's with its key, a portfolio's every app's, each once", () => {
  const t = bed();
  t.sidebar('saveConnection', { name: 'Calm', key: emu.apps[1].key });
  const keys = (v: Values) => v.values.map((x) => x.key);
  const own = t.sidebar('getFilterValues', 'attribution_campaign') as Values;
  const from = t.world.http.length;
  const calm = t.sidebar('getFilterValues', 'attribution_campaign', null, 'Calm') as Values;
  expect(t.world.http.slice(from).map((h) => h.headers.Authorization)).toEqual([`Api-Key ${emu.apps[1].key}`]);
  // Each demo app has a brand campaign of its own (ASA_Brand_US_<app>): the lists differ by it.
  const ownOnly = keys(own).filter((k) => !keys(calm).includes(k));
  const calmOnly = keys(calm).filter((k) => !keys(own).includes(k));
  expect([ownOnly.length, calmOnly.length]).toEqual([1, 1]);
  const all = t.sidebar('getFilterValues', 'attribution_campaign', null, 'all') as Values;
  expect(t.world.http.length).toBe(from + 1); // both apps' values were cached
  expect([...keys(all)].sort()).toEqual([...new Set([...keys(own), ...keys(calm)])].sort());
  expect(all.fromCache).toBe(true);
  expect(t.sidebarErr('getFilterValues', 'attribution_campaign', null, 'Nope')).toMatch(
    /^No connection named "Nope": the connections are "Default", "Calm"\./,
  );
});

describe('"nothing matched"', () => {
  const spec = {
    endpoint: 'analytics',
    chart: 'revenue',
    start: 'last_month',
    filters: { attribution_campaign: ['Spring sale campaign'] },
  };

  test('a formula shows a message naming the value instead of a table of zeros; strict=false accepts the zeros', () => {
    const t = bed();
    const m = t.cfErr('ADAPTY_ANALYTICS', 'revenue', 'last_month', '', 'attribution_campaign=Spring sale campaign');
    expect(m).toMatch(
      /^ADAPTY_ANALYTICS: Nothing matched: every number is zero, and attribution_campaign "Spring sale campaign" is not among this app's values/,
    );
    expect(m).toMatch(/strict=false/);
    const zeros = t.cf(
      'ADAPTY_ANALYTICS',
      'revenue',
      'last_month',
      '',
      'attribution_campaign=Spring sale campaign; strict=false',
    );
    expect(zeros.length).toBeGreaterThan(1);
    expect(
      zeros
        .slice(1)
        .flat()
        .filter((c) => typeof c === 'number' && c !== 0),
    ).toEqual([]);
    // recalculating from the cache still shows the message
    expect(
      t.cfErr('ADAPTY_ANALYTICS', 'revenue', 'last_month', '', 'attribution_campaign=Spring sale campaign'),
    ).toMatch(/Nothing matched/);
  });

  test('LTV and retention too: their numbered periods (1, 2, 3) do not hide a table whose values are all zero', () => {
    const t = bed();
    for (const fn of ['ADAPTY_LTV', 'ADAPTY_RETENTION'])
      expect(t.cfErr(fn, 'last_month', '', 'attribution_campaign=Spring sale campaign')).toMatch(
        new RegExp(`^${fn}: Nothing matched: .*attribution_campaign "Spring sale campaign"`),
      );
  });

  test('a sidebar run writes the table and its result carries the warning to show under Run', () => {
    const t = bed();
    const r = t.sidebar('runReport', { spec, destination: { kind: 'sheet', sheetName: 'R' }, mode: 'overwrite' }) as {
      warning?: string;
    };
    expect(r.warning).toMatch(/^Nothing matched: .*attribution_campaign "Spring sale campaign"/);
    expect(sheetValues(t.world, 'R').length).toBeGreaterThan(1);
  });

  test('a value the app has is not warned about', () => {
    const t = bed();
    const r = t.sidebar('runReport', {
      spec: { ...spec, filters: { attribution_campaign: ['FB_Spring_Sale_2026'] } },
      destination: { kind: 'sheet', sheetName: 'R' },
      mode: 'overwrite',
    }) as { warning?: string };
    expect(r.warning).toBeUndefined();
  });

  test('a scheduled refresh logs the warning and puts it in the ⚠ note', () => {
    const t = bed();
    t.sidebar('saveReport', {
      name: 'Spring',
      spec,
      destination: { kind: 'sheet', sheetName: 'S' },
      schedule: 'hourly',
    });
    t.world.clock.advance(HOUR);
    t.fire();
    const row = logRows(t.world).find((r) => r[2] === 'schedule');
    expect(String(row?.[6])).toMatch(/⚠ Nothing matched: .*"Spring sale campaign"/);
    const note = t.world.sheetSnapshot(undefined, 'S').notes[0][0];
    expect(note).toMatch(/^⚠ Nothing matched: .*"Spring sale campaign"/);
  });
});
