/**
 * Portfolio reports (issue 15): app=all (or app=A, B) runs one report per connection, all in one
 * UrlFetchApp.fetchAll (each app within its own key's limit), stacked under an App column with Total rows
 * where the values add up. dist/Code.js in the Apps Script fakes against the emulator's three demo apps.
 */
import { OWNER, emulatedWorld, runOnce, sheetValues, useEmulator } from '../harness/bed';
import { scanSinks } from '../harness/sinks';
import { fromWireError } from '../../src/core/errors';
import type { EmulatorProcess } from '../../emulator/process';
import { startPlayground } from '../../scripts/playground/server';

let emu: EmulatorProcess;
useEmulator((e) => (emu = e));

type Any = any;
type Row = Any[];
const keyOf = (i: number) => emu.apps[i].key;
const APPS = ['Fitness', 'Calm Sleep', 'Tiny'];

function three() {
  const world = emulatedWorld(emu, {
    startTime: Date.UTC(2026, 10, 28, 9, 0),
    timeZone: 'Europe/Berlin',
    keys: { [OWNER]: keyOf(0) },
  });
  const call = (name: string, ...args: unknown[]): Any =>
    runOnce(world, { mode: 'full', user: OWNER }, name, args, { advanceMs: 2000, fromClient: true });
  const fail = (name: string, ...args: unknown[]): string => {
    try {
      call(name, ...args);
    } catch (e) {
      return fromWireError((e as Error).message).message;
    }
    throw new Error(`${name} did not fail`);
  };
  call('saveConnection', { connection: 'Default', name: 'Fitness' });
  call('saveConnection', { name: 'Calm Sleep', key: keyOf(1) });
  call('saveConnection', { name: 'Tiny', key: keyOf(2) });
  const cf = (...args: unknown[]): Row[] =>
    runOnce(world, { mode: 'custom_function', user: OWNER }, 'ADAPTY_ANALYTICS', args, { advanceMs: 3000 });
  const fetchAlls = () => world.serviceCalls.byQualified['UrlFetchApp.fetchAll'] ?? 0;
  return { world, call, fail, cf, sent: () => world.http.length, fetchAlls };
}

/**
 * The Total rows a test computes on its own: per label (every non-number cell but App), the sum; it adds
 * up the apps' rows, so its Row cell (column `rowAt`) says total.
 */
function expectedTotals(rows: Row[], rowAt: number): Row[] {
  const groups = new Map<string, Row>();
  for (const r of rows) {
    const label = JSON.stringify(r.slice(1).map((v) => (typeof v === 'number' ? 0 : v)));
    const t = groups.get(label) ?? ['Total', ...r.slice(1).map((v) => (typeof v === 'number' ? 0 : v))];
    r.forEach((v, i) => {
      if (i > 0 && typeof v === 'number') t[i] += v;
    });
    groups.set(label, t);
  }
  return [...groups.values()].map((t) => (rowAt > 0 ? t.map((v, i) => (i === rowAt ? 'total' : v)) : t));
}

const closeRows = (got: Row[], want: Row[]) => {
  expect(got.length).toBe(want.length);
  got.forEach((r, i) =>
    r.forEach((v, j) =>
      typeof want[i][j] === 'number' ? expect(v).toBeCloseTo(want[i][j], 6) : expect(v).toEqual(want[i][j]),
    ),
  );
};

test('app=all: every app in one fetchAll with its own key, rows stacked under App, Totals that add up, zero calls on a hit', () => {
  const t = three();
  const [from, calls] = [t.sent(), t.fetchAlls()];
  const all = t.cf('revenue', '2026-11-01', '2026-11-07', 'app=all; period_unit=day');
  const sent = t.world.http.slice(from);
  expect(sent.map((h) => h.headers.Authorization).sort()).toEqual([0, 1, 2].map((i) => `Api-Key ${keyOf(i)}`).sort());
  expect(t.fetchAlls() - calls).toBe(1);

  // Each app's own table, asked alone (answered from the portfolio's per-app cache entries: nothing sent).
  const before = t.sent();
  const alone = APPS.map((a) => t.cf('revenue', '2026-11-01', '2026-11-07', `app=${a}; period_unit=day`));
  expect(t.sent()).toBe(before);
  expect(all[0]).toEqual(['App', ...alone[0][0]]);
  const appRows = alone.flatMap((table, k) => table.slice(1).map((r) => [APPS[k], ...r]));
  expect(all.slice(1, 1 + appRows.length)).toEqual(appRows);
  const totals = all.slice(1 + appRows.length);
  expect(totals.length).toBeGreaterThan(0);
  expect(totals.every((r) => r[0] === 'Total')).toBe(true);
  closeRows(totals, expectedTotals(appRows, all[0].indexOf('Row')));
  // The apps differ, so the totals are not one app's numbers twice.
  expect(alone[1].slice(1)).not.toEqual(alone[0].slice(1));

  // A recalculation: every app's answer from the cache, no request.
  const again = [t.sent(), t.fetchAlls()];
  expect(t.cf('revenue', '2026-11-01', '2026-11-07', 'app=all; period_unit=day')).toEqual(all);
  expect([t.sent(), t.fetchAlls()]).toEqual(again);
  for (let i = 0; i < 3; i++) expect(scanSinks(t.world, keyOf(i))).toEqual([]);
});

test('app=A, B asks only those apps; a ratio (ARPU) is stacked without any Total row', () => {
  const t = three();
  const from = t.sent();
  const two = t.cf('revenue', '2026-11-01', '2026-11-03', 'app=tiny, Fitness; period_unit=day');
  expect(
    t.world.http
      .slice(from)
      .map((h) => h.headers.Authorization)
      .sort(),
  ).toEqual([keyOf(2), keyOf(0)].map((k) => `Api-Key ${k}`).sort());
  expect([...new Set(two.slice(1).map((r) => r[0]))]).toEqual(['Tiny', 'Fitness', 'Total']);

  const arpu = t.cf('arpu', '2026-11-01', '2026-11-03', 'app=all; period_unit=day');
  expect([...new Set(arpu.slice(1).map((r) => r[0]))]).toEqual(APPS);
});

test('a saved report with app=all writes the stacked table; its note says what the Totals are', () => {
  const t = three();
  const saved = t.call('saveReport', {
    name: 'Portfolio installs',
    spec: { endpoint: 'analytics', chart: 'installs', start: '2026-11-01', end: '2026-11-07', app: 'all' },
    destination: { kind: 'new_sheet', sheetName: 'Portfolio' },
  });
  const calls = t.fetchAlls();
  t.call('runSavedReport', saved.id);
  expect(t.fetchAlls() - calls).toBe(1);
  const values = sheetValues(t.world, 'Portfolio');
  expect(values[0][0]).toBe('App');
  const apps = values.slice(1).map((r) => r[0]);
  expect([...new Set(apps)]).toEqual([...APPS, 'Total']);
  const appRows = values.slice(1).filter((r) => r[0] !== 'Total');
  const numeric = (rows: Row[]) => rows.map((r) => r.map((v) => (v instanceof Date ? v.toISOString() : v)));
  closeRows(
    numeric(values.slice(1).filter((r) => r[0] === 'Total')),
    expectedTotals(numeric(appRows), values[0].indexOf('Row')),
  );
  const note = t.world.sheetSnapshot(undefined, 'Portfolio').notes?.[0]?.[0] ?? '';
  expect(note).toContain("Total rows: the sum of the apps' values (Fitness, Calm Sleep, Tiny) per row.");

  const arpu = t.call('saveReport', {
    name: 'Portfolio ARPU',
    spec: { endpoint: 'analytics', chart: 'arpu', start: '2026-11-01', end: '2026-11-07', app: 'all' },
    destination: { kind: 'new_sheet', sheetName: 'ARPU' },
  });
  t.call('runSavedReport', arpu.id);
  expect(sheetValues(t.world, 'ARPU').some((r) => r[0] === 'Total')).toBe(false);
  expect(t.world.sheetSnapshot(undefined, 'ARPU').notes?.[0]?.[0]).toContain(
    'No Total across apps (Fitness, Calm Sleep, Tiny): ARPU (averages per user) do not add up.',
  );
});

test("one app refused (401): its rows become one row saying why, the others' rows and Totals stay; all refused fails", () => {
  const t = three();
  const saved = t.call('saveReport', {
    name: 'Portfolio revenue',
    spec: { endpoint: 'analytics', chart: 'revenue', start: '2026-11-01', end: '2026-11-07', app: 'all' },
    destination: { kind: 'new_sheet', sheetName: 'Rev' },
  });
  t.call('runSavedReport', saved.id);
  const before = sheetValues(t.world, 'Rev');
  // Calm Sleep's key revoked since it was saved: the emulator refuses an unknown key with 401.
  const store = t.world.userStore(OWNER).data;
  const book = JSON.parse(store.get('adapty.connections')!);
  book.others[0].key = 'secret_live_REVOKED1.abcdefghijklmnopqrstuvwxyz012345';
  store.set('adapty.connections', JSON.stringify(book));

  t.call('runSavedReport', saved.id);
  const after = sheetValues(t.world, 'Rev').filter((r) => r.some((c) => c !== ''));
  const header = after[0];
  const of = (rows: unknown[][], app: string) => rows.filter((r) => r[0] === app);
  // The apps that answered keep exactly their rows.
  for (const app of ['Fitness', 'Tiny']) expect(of(after, app)).toEqual(of(before, app));
  // The refused app: one row, saying why, with no number in it and no trace of any key.
  const failed = of(after, 'Calm Sleep');
  expect(failed).toHaveLength(1);
  expect(String(failed[0][1])).toMatch(/^⚠ Not included: "Calm Sleep": Adapty did not accept the API key \(HTTP 401\)/);
  expect(failed[0].filter((c) => typeof c === 'number')).toEqual([]);
  // Totals are the sum of the two that answered, computed here.
  const rowAt = header.indexOf('Row');
  const answered = after.filter((r) => r[0] === 'Fitness' || r[0] === 'Tiny');
  closeRows(of(after, 'Total'), expectedTotals(answered, rowAt));
  const note = t.world.sheetSnapshot(undefined, 'Rev').notes?.[0]?.[0] ?? '';
  expect(note).toMatch(/Left out, as their reports failed \(see their rows\): Calm Sleep\./);
  for (let i = 0; i < 3; i++) expect(scanSinks(t.world, keyOf(i))).toEqual([]);

  // A formula answers the same way: the others' rows, one row for the refused app.
  const cf = t.cf('revenue', '2026-11-01', '2026-11-02', 'app=all');
  expect(of(cf, 'Calm Sleep')).toHaveLength(1);
  expect(of(cf, 'Fitness').length).toBeGreaterThan(0);

  // Every app refused: nothing to show, so the formula fails by the first app's name (no table of messages).
  // The default's key lives in ADAPTY_API_KEY, the others' in the book.
  book.others[1].key = 'secret_live_REVOKED3.abcdefghijklmnopqrstuvwxyz012345';
  store.set('adapty.connections', JSON.stringify(book));
  store.set('ADAPTY_API_KEY', 'secret_live_REVOKED2.abcdefghijklmnopqrstuvwxyz012345');
  expect(() => t.cf('revenue', '2026-11-01', '2026-11-03', 'app=all')).toThrow(
    /^ADAPTY_ANALYTICS: "Fitness": Adapty did not accept the API key \(HTTP 401\)/,
  );
});

test("the playground (npm start) has the emulator's three demo apps as connections; All apps runs them together", async () => {
  const pg = await startPlayground({ port: 0, demoConnections: true });
  try {
    const rpc = async (name: string, ...args: unknown[]): Promise<Any> => {
      const res = await fetch(`${pg.url.replace(/\/$/, '')}/rpc`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ name, args }),
      });
      const body = await res.json();
      if (!body.ok) throw new Error(body.error.message);
      return body.value;
    };
    const status = await rpc('listConnections');
    expect(status.connections.map((c: Any) => [c.name, c.isDefault])).toEqual(
      pg.emulator.apps.map((a, i) => [a.name, i === 0]),
    );
    const from = pg.world.http.length;
    await rpc('runReport', {
      spec: { endpoint: 'analytics', chart: 'revenue', start: '2026-11-01', end: '2026-11-03', app: 'all' },
      destination: { kind: 'new_sheet', sheetName: 'All apps' },
    });
    expect(
      pg.world.http
        .slice(from)
        .map((h) => h.headers.Authorization)
        .sort(),
    ).toEqual(pg.emulator.apps.map((a) => `Api-Key ${a.key}`).sort());
    const apps = sheetValues(pg.world, 'All apps')
      .slice(1)
      .map((r) => r[0]);
    expect([...new Set(apps)]).toEqual([...pg.emulator.apps.map((a) => a.name), 'Total']);
  } finally {
    await pg.close();
  }
});

test('app=all with a single saved key is a portfolio of one: the App column, one request, not "no connection named all"', () => {
  const world = emulatedWorld(emu, {
    startTime: Date.UTC(2026, 10, 28, 9, 0),
    timeZone: 'Europe/Berlin',
    keys: { [OWNER]: keyOf(0) },
  });
  const cf = (...args: unknown[]): Row[] =>
    runOnce(world, { mode: 'custom_function', user: OWNER }, 'ADAPTY_ANALYTICS', args, { advanceMs: 3000 });
  const plain = cf('revenue', '2026-11-01', '2026-11-03', 'period_unit=day');
  const all = cf('revenue', '2026-11-01', '2026-11-03', 'app=all; period_unit=day');
  expect(world.http.map((h) => h.status)).toEqual([200]); // the app's answer is the plain report's, cached
  expect(all[0]).toEqual(['App', ...plain[0]]);
  const appRows = all.filter((r) => r[0] !== 'Total').slice(1);
  expect(appRows).toEqual(plain.slice(1).map((r) => ['Default', ...r]));
});
