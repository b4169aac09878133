/**
 * Named connections (issue 15): a user keeps several apps' keys under names, one the default; each is
 * tested before it is saved, lives in the user's properties only, and the sidebar only sees it masked.
 * dist/Code.js in the Apps Script fakes against the emulator (three demo apps, three keys).
 */
import { OWNER, EDITOR, emulatedWorld, runOnce, useEmulator } from '../harness/bed';
import { scanSinks } from '../harness/sinks';
import { fromWireError } from '../../src/core/errors';
import type { EmulatorProcess } from '../../emulator/process';
import { keyFingerprint } from '../../src/core/apiKey';

let emu: EmulatorProcess;
useEmulator((e) => (emu = e));

type Any = any;
const keyOf = (i: number) => emu.apps[i].key;
const tail = (k: string) => `fingerprint …${keyFingerprint(k).slice(-6)}`;

function bed(saved?: string) {
  const world = emulatedWorld(emu, {
    startTime: Date.UTC(2026, 10, 28, 9, 0),
    timeZone: 'Europe/Berlin',
    keys: saved ? { [OWNER]: saved } : {},
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
  const names = () => (call('listConnections').connections as Any[]).map((c) => `${c.name}${c.isDefault ? '*' : ''}`);
  return { world, call, fail, names, sent: () => world.http.length };
}

test('add three apps: each tested with its own key before saving, listed masked, the first is the default', () => {
  const t = bed();
  const a = t.call('saveConnection', { name: ' Meditation   iOS ', key: keyOf(0) });
  expect(a.message).toMatch(/^Saved\. Connected\. Adapty answered: [\d,]+ installs yesterday/);
  t.call('saveConnection', { name: 'Puzzle', key: `Api-Key ${keyOf(1)}` });
  t.call('saveConnection', { name: 'Tiny', key: keyOf(2) });
  expect(t.world.http.map((h) => h.headers.Authorization)).toEqual([0, 1, 2].map((i) => `Api-Key ${keyOf(i)}`));
  const status = t.call('listConnections');
  expect(status.connections).toEqual([
    { name: 'Meditation iOS', masked: tail(keyOf(0)), isDefault: true },
    { name: 'Puzzle', masked: tail(keyOf(1)), isDefault: false },
    { name: 'Tiny', masked: tail(keyOf(2)), isDefault: false },
  ]);
  // The default's key is the one every report without app= uses, as before names existed.
  expect(t.world.userStore(OWNER).data.get('ADAPTY_API_KEY')).toBe(keyOf(0));
  // Keys in the user's store only; nothing else anywhere holds a fragment of one.
  for (let i = 0; i < 3; i++) expect(scanSinks(t.world, keyOf(i), { payloads: [status, a] })).toEqual([]);
  expect(t.world.userStore(EDITOR).data.size).toBe(0);
});

test('a key Adapty refuses is not saved; a bad name or a twin key is refused before any request', () => {
  const t = bed(keyOf(0));
  const wrong = 'secret_live_WRONGKEY.abcdefghijklmnopqrstuvwxyz012345';
  expect(t.fail('saveConnection', { name: 'Puzzle', key: wrong })).toBe(
    'Adapty did not accept this key (HTTP 401): nothing was saved.',
  );
  expect(t.sent()).toBe(1);
  const refusals = [
    [{ name: '', key: keyOf(1) }, 'Connection name is empty: name the app, e.g. "Meditation iOS"'],
    [{ name: 'all', key: keyOf(1) }, 'Connection name "all" is kept for app=all (every app): choose another name'],
    [{ name: 'iOS, Android', key: keyOf(1) }, /may not contain a comma/],
    [{ name: keyOf(1), key: keyOf(1) }, /looks like an API key/],
    [{ name: 'default', key: keyOf(1) }, 'A connection named "Default" already exists: choose another name'],
    [{ name: 'Again', key: keyOf(0) }, 'This key is already saved as "Default": one connection per app'],
    [{ name: 'Puzzle', key: 'public_live_AbCdEfGh.abcdefghijklmnopqrstuvwxyz012345' }, /public SDK key/],
  ] as const;
  for (const [input, said] of refusals) expect(t.fail('saveConnection', input)).toMatch(said);
  expect(t.sent()).toBe(1);
  expect(t.names()).toEqual(['Default*']);
});

test('rename, replace a key, make another the default, remove: the store follows, reports use the default', () => {
  const t = bed(keyOf(0)); // a key saved before connections had names: "Default"
  expect(t.names()).toEqual(['Default*']);
  t.call('saveConnection', { name: 'Puzzle', key: keyOf(1) });
  const r = t.call('saveConnection', { connection: 'default', name: 'Meditation' });
  expect(r.message).toBe('Renamed "Default" to "Meditation". Formulas that say app=Default need app=Meditation.');
  expect(t.sent()).toBe(1); // a rename tests nothing
  expect(t.names()).toEqual(['Meditation*', 'Puzzle']);

  t.call('setDefaultConnection', 'PUZZLE');
  expect(t.names()).toEqual(['Puzzle*', 'Meditation']);
  expect(t.world.userStore(OWNER).data.get('ADAPTY_API_KEY')).toBe(keyOf(1));
  // A run without app= now goes to Puzzle's key.
  const before = t.sent();
  t.call('runReport', {
    spec: { endpoint: 'analytics', chart: 'revenue', start: '2026-11-01', end: '2026-11-07' },
    destination: { kind: 'new_sheet', sheetName: 'Rev' },
  });
  expect(t.world.http.slice(before).map((h) => h.headers.Authorization)).toEqual([`Api-Key ${keyOf(1)}`]);

  t.call('saveConnection', { connection: 'Meditation', name: 'Meditation', key: keyOf(2) });
  expect(t.call('listConnections').connections[1]).toEqual({
    name: 'Meditation',
    masked: tail(keyOf(2)),
    isDefault: false,
  });

  expect(t.call('removeConnection', 'Puzzle').message).toBe('Removed "Puzzle". "Meditation" is the default.');
  expect(t.names()).toEqual(['Meditation*']);
  expect(t.world.userStore(OWNER).data.get('ADAPTY_API_KEY')).toBe(keyOf(2));
  expect(t.fail('removeConnection', 'Puzzle')).toBe('No connection named "Puzzle": reopen the sidebar to see yours');
  t.call('removeConnection', 'Meditation');
  expect(t.names()).toEqual([]);
  expect(t.world.userStore(OWNER).data.get('ADAPTY_API_KEY')).toBeUndefined();
});

describe('app= picks the connection', () => {
  /** Three connections, as the playground has them: the emulator's three demo apps. */
  function three() {
    const t = bed(keyOf(0));
    t.call('saveConnection', { connection: 'Default', name: 'Fitness' });
    t.call('saveConnection', { name: 'Calm Sleep', key: keyOf(1) });
    t.call('saveConnection', { name: 'Tiny', key: keyOf(2) });
    const cf = (...args: unknown[]): Any =>
      runOnce(t.world, { mode: 'custom_function', user: OWNER }, 'ADAPTY_ANALYTICS', args, { advanceMs: 3000 });
    const cfError = (...args: unknown[]): string => {
      try {
        cf(...args);
      } catch (e) {
        return (e as Error).message;
      }
      throw new Error('the formula did not fail');
    };
    return { ...t, cf, cfError, auth: (from: number) => t.world.http.slice(from).map((h) => h.headers.Authorization) };
  }

  test('a formula with app=<name> sends that app’s key; without app= the default’s; the answers differ', () => {
    const t = three();
    const from = t.sent();
    const calm = t.cf('revenue', '2026-11-01', '2026-11-07', 'app=calm sleep; period_unit=day');
    const fitness = t.cf('revenue', '2026-11-01', '2026-11-07', 'period_unit=day');
    const tiny = t.cf('revenue', '2026-11-01', '2026-11-07', 'app= Tiny ;period_unit=day');
    expect(t.auth(from)).toEqual([1, 0, 2].map((i) => `Api-Key ${keyOf(i)}`));
    expect(calm).not.toEqual(fitness);
    expect(tiny).not.toEqual(calm);
    // Recalculating answers from each app's own cache entry: nothing sent, nothing mixed.
    const again = t.sent();
    expect(t.cf('revenue', '2026-11-01', '2026-11-07', 'app=Calm Sleep; period_unit=day')).toEqual(calm);
    expect(t.cf('revenue', '2026-11-01', '2026-11-07', 'period_unit=day')).toEqual(fitness);
    expect(t.cf('revenue', '2026-11-01', '2026-11-07', 'app=tiny; period_unit=day')).toEqual(tiny);
    expect(t.sent()).toBe(again);
    // Cache keys hold fingerprints only.
    for (let i = 0; i < 3; i++) expect(scanSinks(t.world, keyOf(i))).toEqual([]);
  });

  test('an app= that names no connection says which exist, and nothing is sent', () => {
    const t = three();
    const from = t.sent();
    expect(t.cfError('revenue', '2026-11-01', '2026-11-07', 'app=Puzzle')).toBe(
      `ADAPTY_ANALYTICS: No connection named "Puzzle": the connections are "Fitness", "Calm Sleep", "Tiny". Add or rename one in Extensions › Adapty › Settings. Formulas and schedules use their owner's connections.`,
    );
    expect(t.sent()).toBe(from);
  });

  test('a saved report remembers its app; after that connection is removed its run says so and sends nothing', () => {
    const t = three();
    const saved = t.call('saveReport', {
      name: 'Calm revenue',
      spec: { endpoint: 'analytics', chart: 'revenue', start: '2026-11-01', end: '2026-11-07', app: 'Calm Sleep' },
      destination: { kind: 'new_sheet', sheetName: 'Calm' },
    });
    const from = t.sent();
    t.call('runSavedReport', saved.id);
    expect(t.auth(from)).toEqual([`Api-Key ${keyOf(1)}`]);
    // It ran: its owner fingerprint is the Calm Sleep key's, not the default's (no "your key changed").
    expect(t.call('listReports')[0].owner.keyFingerprint).not.toBe(t.call('getBootstrap').me.keyFingerprint);

    t.call('removeConnection', 'Calm Sleep');
    const after = t.sent();
    expect(t.fail('runSavedReport', saved.id)).toBe(
      'No connection named "Calm Sleep": the connections are "Fitness", "Tiny". Add or rename one in Extensions › Adapty › Settings.',
    );
    expect(t.sent()).toBe(after);
  });

  test('saved reports follow a renamed connection and its new key: they keep running, with no "key changed"', () => {
    const t = three();
    const spec = { endpoint: 'analytics', chart: 'revenue', start: '2026-11-01', end: '2026-11-07' };
    const calm = t.call('saveReport', {
      name: 'Calm revenue',
      spec: { ...spec, app: 'Calm Sleep' },
      destination: { kind: 'new_sheet', sheetName: 'Calm' },
    });
    t.call('saveReport', {
      name: 'Two apps',
      spec: { ...spec, app: 'calm sleep, Tiny' },
      destination: { kind: 'new_sheet', sheetName: 'Two' },
    });
    t.call('saveReport', { name: 'Default app', spec, destination: { kind: 'new_sheet', sheetName: 'Fit' } });
    const apps = () => (t.call('listReports') as Any[]).map((r) => r.spec.app);

    const renamed = t.call('saveConnection', { connection: 'Calm Sleep', name: 'Sleep' });
    expect(renamed.message).toBe(
      'Renamed "Calm Sleep" to "Sleep". 2 saved reports here use it and follow the new name (app=Sleep). Formulas that say app=Calm Sleep need app=Sleep.',
    );
    expect(apps()).toEqual(['Sleep', 'Sleep, Tiny', undefined]);
    let from = t.sent();
    t.call('runSavedReport', calm.id);
    expect(t.auth(from)).toEqual([`Api-Key ${keyOf(1)}`]);

    // A new key for the same name: the report follows the name, and the message says so.
    t.call('removeConnection', 'Tiny');
    const rekeyed = t.call('saveConnection', { connection: 'sleep', name: 'Sleep', key: keyOf(2) });
    expect(rekeyed.message).toMatch(/^Saved\. Connected\. .* 1 saved report here uses it and follows the new key\.$/);
    from = t.sent();
    t.call('runSavedReport', calm.id);
    expect(t.auth(from)).toEqual([`Api-Key ${keyOf(2)}`]);
    const saved = (t.call('listReports') as Any[])[0];
    expect(saved.owner.keyFingerprint).toBe(keyFingerprint(keyOf(2)));
    expect(saved.lastRun.status).toBe('ok');
  });
});

describe("Settings' single key field (saveApiKey / removeApiKey) is the default connection's", () => {
  function two() {
    const t = bed(keyOf(0));
    t.call('saveConnection', { connection: 'Default', name: 'Fitness' });
    t.call('saveConnection', { name: 'Calm Sleep', key: keyOf(1) });
    return t;
  }
  const run = (t: ReturnType<typeof bed>, sheetName: string) =>
    t.call('runReport', {
      spec: { endpoint: 'analytics', chart: 'installs', start: '2026-11-01', end: '2026-11-02' },
      destination: { kind: 'new_sheet', sheetName },
    });

  test('removing the key with other connections saved makes the next one the default; reports keep working', () => {
    const t = two();
    const r = t.call('removeApiKey');
    expect(r).toMatchObject({ saved: true, masked: tail(keyOf(1)) });
    expect(r.message).toBe(`Removed "Fitness"'s key. "Calm Sleep" is the default connection now.`);
    expect(t.names()).toEqual(['Calm Sleep*']);
    expect(t.world.userStore(OWNER).data.get('ADAPTY_API_KEY')).toBe(keyOf(1));
    const from = t.sent();
    run(t, 'After');
    expect(t.world.http.slice(from).map((h) => h.headers.Authorization)).toEqual([`Api-Key ${keyOf(1)}`]);
    // The last one: no key at all, nothing left behind.
    expect(t.call('removeApiKey')).toEqual({ saved: false });
    expect(t.names()).toEqual([]);
    expect(t.world.userStore(OWNER).data.get('ADAPTY_API_KEY')).toBeUndefined();
  });

  test("saving a key replaces the default's key under its name; another connection's key is refused unsent", () => {
    const t = two();
    const from = t.sent();
    expect(t.fail('saveApiKey', keyOf(1))).toBe(
      'This key is already saved as the connection "Calm Sleep": one connection per app. Make "Calm Sleep" the default instead.',
    );
    expect(t.sent()).toBe(from);
    expect(t.call('saveApiKey', keyOf(2)).masked).toBe(tail(keyOf(2)));
    expect(t.call('listConnections').connections).toEqual([
      { name: 'Fitness', masked: tail(keyOf(2)), isDefault: true },
      { name: 'Calm Sleep', masked: tail(keyOf(1)), isDefault: false },
    ]);
  });
});
