/**
 * A formula recalculated from the cache, through dist/Code.js: four service calls per hit, the user's
 * context (key fingerprint, base URL) only in their own user cache, and every change that must reach the
 * formula (a new key, a new day, a new time zone) doing so.
 */
import type { World } from '../fakes';
import { OWNER, START, emulatedWorld, runOnce, useEmulator } from '../harness/bed';
import type { EmulatorProcess } from '../../emulator/process';
import { CHUNK_BYTES } from '../../src/core/chunkedCache';

let emu: EmulatorProcess;
useEmulator((e) => {
  emu = e;
});

function bed() {
  const world: World = emulatedWorld(emu, {
    startTime: START,
    timeZone: 'Europe/Berlin',
    keys: { [OWNER]: emu.demoKey },
  });
  const cf = (name: string, ...args: unknown[]) =>
    runOnce(world, { mode: 'custom_function', user: OWNER }, name, args, { advanceMs: 3000 });
  const full = (name: string, ...args: unknown[]) => runOnce(world, { mode: 'full', user: OWNER }, name, args);
  /** Service calls one recalculation makes. */
  const callsOf = (name: string, ...args: unknown[]) => {
    world.resetCalls();
    const out = cf(name, ...args);
    return { out, calls: world.serviceCalls.total, byMethod: { ...world.serviceCalls.byQualified } };
  };
  return { world, cf, full, callsOf, sent: () => world.http.length };
}

const EXPLICIT = ['mrr', '2026-01-01', '2026-10-31', 'period_unit=month'];
const PRESET = ['revenue', 'last_7_days', '', 'period_unit=day'];

test.each([
  ['explicit dates', EXPLICIT],
  ['a date preset', PRESET],
])('a hit with %s: the same table in at most 4 service calls, nothing fetched', (_name, args) => {
  const t = bed();
  const first = t.cf('ADAPTY_ANALYTICS', ...args);
  expect(t.sent()).toBe(1);
  const hit = t.callsOf('ADAPTY_ANALYTICS', ...args);
  expect(hit.out).toEqual(first);
  expect(t.sent()).toBe(1);
  expect(hit.calls).toBeLessThanOrEqual(4);
  // No spreadsheet, property or digest call on a hit.
  expect(Object.keys(hit.byMethod).sort()).toEqual([
    'Cache.getAll',
    'CacheService.getDocumentCache',
    'CacheService.getUserCache',
  ]);
});

test("the key's fingerprint and the base URL live in the user's own cache; the document cache holds neither", () => {
  const t = bed();
  t.cf('ADAPTY_ANALYTICS', ...EXPLICIT);
  const doc = [...t.world.documentCaches.values()].flatMap((c) => c.entries());
  const user = t.world.userCache(OWNER).entries();
  const ctx = user.find(([k]) => k === 'adapty:ctx:user');
  expect(ctx).toBeDefined();
  const { fp, baseUrl } = JSON.parse(ctx![1]) as { fp: string; baseUrl: string };
  expect(fp).toMatch(/^[0-9a-f]{16}$/);
  expect(baseUrl).toBe(emu.url);
  for (const [k, v] of doc) {
    expect(k + v).not.toContain(fp);
    expect(v).not.toContain(emu.url);
  }
  // The key itself is in no cache, whole or in part.
  for (const [k, v] of [...doc, ...user]) expect(k + v).not.toContain(emu.demoKey.slice(-12));
});

test('a new key saved in the sidebar reaches the next recalculation at once (fetched with the new key)', () => {
  const t = bed();
  t.cf('ADAPTY_ANALYTICS', ...EXPLICIT);
  t.cf('ADAPTY_ANALYTICS', ...EXPLICIT);
  expect(t.sent()).toBe(1);
  t.full('saveApiKey', emu.apps[1].key);
  const before = t.sent();
  t.cf('ADAPTY_ANALYTICS', ...EXPLICIT);
  const requests = t.world.http.slice(before).filter((h) => h.url.includes('/metrics/'));
  expect(requests).toHaveLength(1);
  expect(requests[0].headers?.Authorization).toBe(`Api-Key ${emu.apps[1].key}`);
});

test('a preset after local midnight is a new day: fetched for the new dates, not served from yesterday', () => {
  const t = bed();
  t.cf('ADAPTY_ANALYTICS', ...PRESET);
  const day1 = JSON.parse(t.world.http[0].payload ?? '{}') as { filters: { date: string[] } };
  // START is 10:00 in Berlin: 14 hours later it is the next day there.
  t.world.clock.advance(14 * 3600e3);
  t.cf('ADAPTY_ANALYTICS', ...PRESET);
  expect(t.sent()).toBe(2);
  const day2 = JSON.parse(t.world.http[1].payload ?? '{}') as { filters: { date: string[] } };
  expect(day1.filters.date).toEqual(['2026-11-21', '2026-11-27']);
  expect(day2.filters.date).toEqual(['2026-11-22', '2026-11-28']);
});

test("a time zone changed in the spreadsheet's settings reaches formulas once the context expires (10 minutes)", () => {
  const t = bed();
  t.cf('ADAPTY_ANALYTICS', ...EXPLICIT);
  t.world.spreadsheet().timeZone = 'America/New_York';
  t.world.clock.advance(601e3);
  t.cf('ADAPTY_ANALYTICS', ...EXPLICIT);
  expect(t.sent()).toBe(2);
  expect(t.world.http[1].headers?.['Adapty-Tz']).toBe('America/New_York');
});

test('a big answer with non-ASCII text is cut by its UTF-8 bytes (full 90,000-byte chunks), and its hit is still 4 calls', () => {
  const t = bed();
  // Daily installs by campaign for a year: one campaign is "Influencer — Jane Doe 💪" (3- and 4-byte characters).
  const args = ['installs', '2025-12-01', '2026-11-27', 'period_unit=day; segmentation=attribution_campaign'];
  const first = t.cf('ADAPTY_ANALYTICS', ...args);
  expect(t.sent()).toBe(1);
  const answer = t.world.http[0].responseBody ?? '';
  expect(answer).toContain('💪');
  const bytes = Buffer.byteLength(answer, 'utf8');
  expect(bytes).toBeGreaterThan(2 * CHUNK_BYTES);
  const entries = [...t.world.documentCaches.values()].flatMap((c) => c.entries());
  for (const prefix of [/^adapty:[0-9a-f]{64}:(\d+)$/, /^adapty:f:[0-9a-f]{64}:(\d+)$/]) {
    const chunks = entries
      .filter(([k]) => prefix.test(k))
      .sort(([a], [b]) => Number(prefix.exec(a)![1]) - Number(prefix.exec(b)![1]))
      .map(([, v]) => Buffer.byteLength(v, 'utf8'));
    expect(chunks.length).toBeGreaterThan(1);
    // Every chunk but the last is full to within one character's bytes: sized by bytes, not characters.
    for (const size of chunks.slice(0, -1)) expect(size).toBeGreaterThan(CHUNK_BYTES - 4);
    for (const size of chunks) expect(size).toBeLessThanOrEqual(CHUNK_BYTES);
  }
  const answerChunks = entries.filter(([k]) => /^adapty:[0-9a-f]{64}:\d+$/.test(k));
  expect(answerChunks.length).toBe(Math.ceil(bytes / CHUNK_BYTES));
  const hit = t.callsOf('ADAPTY_ANALYTICS', ...args);
  expect(hit.out).toEqual(first);
  expect(t.sent()).toBe(1);
  expect(hit.calls).toBeLessThanOrEqual(4);
});

test('formulas differing only in compare= keep their own entries; a compared recalculation is a 4-call hit with the joined table', () => {
  const t = bed();
  const args = (options: string) => ['revenue', 'last_month', '', `period_unit=week${options}`];
  const plain = t.cf('ADAPTY_ANALYTICS', ...args(''));
  const prev = t.cf('ADAPTY_ANALYTICS', ...args('; compare=previous_period'));
  const year = t.cf('ADAPTY_ANALYTICS', ...args('; compare=previous_year'));
  expect(t.sent()).toBe(5); // 1 + 2 + 2: each compared formula asks for its own compare range
  expect(plain[0]).not.toContain('Compare period');
  expect(prev[0]).toContain('Revenue, Sep 1 – Sep 30 2026');
  expect(year[0]).toContain('Revenue, Oct 1 – Oct 31 2025');
  for (const [options, first] of [
    ['; compare=previous_period', prev],
    ['; compare=previous_year', year],
    ['', plain],
  ] as const) {
    const hit = t.callsOf('ADAPTY_ANALYTICS', ...args(options));
    expect(hit.out).toEqual(first);
    expect(hit.calls).toBeLessThanOrEqual(4);
  }
  expect(t.sent()).toBe(5);
});

test('formulas of a named app or a portfolio hit too: the same table in at most 4 calls, each app with its own key', () => {
  const t = bed();
  t.full('saveConnection', { name: 'Calm', key: emu.apps[1].key });
  for (const app of ['Calm', 'all', 'Calm, Default']) {
    const args = ['mrr', '2026-01-01', '2026-10-31', `app=${app}; period_unit=month`];
    const first = t.cf('ADAPTY_ANALYTICS', ...args);
    const sent = t.sent();
    const hit = t.callsOf('ADAPTY_ANALYTICS', ...args);
    expect([app, hit.out]).toEqual([app, first]);
    expect(t.sent()).toBe(sent);
    expect(hit.calls).toBeLessThanOrEqual(4);
  }
  // A portfolio names its apps in the rows: the two orders are two tables, not one served for the other.
  const order = (app: string) =>
    (t.cf('ADAPTY_ANALYTICS', 'mrr', '2026-01-01', '2026-10-31', `app=${app}; period_unit=month`) as unknown[][])
      .slice(1)
      .map((r) => r[0]);
  expect(order('Default, Calm')[0]).toBe('Default');
  expect(order('Calm, Default')[0]).toBe('Calm');

  // Renamed: the context is forgotten, so the old name is no hit; the full path says the name is unknown.
  t.full('saveConnection', { name: 'Sleep', connection: 'Calm' });
  expect(() => t.cf('ADAPTY_ANALYTICS', 'mrr', '2026-01-01', '2026-10-31', 'app=Calm; period_unit=month')).toThrow(
    /No connection named "Calm"/,
  );
});

test('a portfolio with an app that failed is not kept whole: the next recalculation asks that app again', () => {
  const t = bed();
  t.full('saveConnection', { name: 'Calm', key: emu.apps[1].key });
  const store = t.world.userStore(OWNER).data;
  const book = JSON.parse(store.get('adapty.connections')!);
  book.others[0].key = 'secret_live_REVOKED1.abcdefghijklmnopqrstuvwxyz012345';
  store.set('adapty.connections', JSON.stringify(book));
  const args = ['mrr', '2026-01-01', '2026-10-31', 'app=all; period_unit=month'];
  const first = t.cf('ADAPTY_ANALYTICS', ...args) as unknown[][];
  expect(first.some((r) => String(r[1]).startsWith('⚠ Not included: "Calm"'))).toBe(true);
  const sent = t.sent();
  t.cf('ADAPTY_ANALYTICS', ...args);
  // Default's answer comes from the cache; Calm is asked again.
  expect(t.world.http.slice(sent).map((h) => h.headers.Authorization)).toEqual([
    'Api-Key secret_live_REVOKED1.abcdefghijklmnopqrstuvwxyz012345',
  ]);
});
