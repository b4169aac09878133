/**
 * A hostile server: the emulator (child process) echoes the request's Authorization header in every error
 * shape (400 in both shapes, 401, 403, 404, 429, 500/502 HTML pages, 503, an HTML 200, a 301 with the key in
 * Location), in every form (raw, JSON-, HTML-, URL-escaped, nested, base64, cut to a prefix or a suffix),
 * and a network error message carries it too. Formulas, sidebar runs, saved-report runs, scheduled runs and
 * the connection test run against it through dist/Code.js; then every sink of the World is scanned
 * (test/harness/sinks.ts) and must hold no 8-character run of the key, while each user still got a message
 * that says what happened.
 */
import { createWorld, type World } from '../fakes';
import { loadBundle } from '../harness/bundle';
import { OWNER, emulatedWorld, useEmulator } from '../harness/bed';
import { scanSinks } from '../harness/sinks';
import { encodeEcho, type EchoShape } from '../../emulator/echo';
import type { EmulatorProcess } from '../../emulator/process';

type Any = any;

let emu: EmulatorProcess;
let KEY: string;
useEmulator((e) => {
  emu = e;
  KEY = emu.demoKey;
});

/** What the user must still be told, per shape. */
const SAYS: Record<Exclude<EchoShape, '200data'>, RegExp> = {
  '400': /refused the analytics request \(HTTP 400\): Authorization: Invalid header value: .*Check that option/,
  '400legacy': /refused the analytics request \(HTTP 400\): Authorization: Invalid header value:/,
  '401': /did not accept the API key \(HTTP 401\)\. Open Extensions › Adapty › Settings/,
  '403': /refused access with this API key \(HTTP 403\)/,
  '404': /HTTP 404\): the API path may have changed/,
  // Formulas that meet a 429 leave the rest of the budget to others ("Adapty is busy").
  '429': /rate limit \(2 requests per second per key\) refused analytics|Adapty is busy .* 2 requests per second/,
  '500': /server failed on analytics \(server error \(HTTP 500: Server Error HTTP_AUTHORIZATION:/,
  '502': /server failed on analytics \(server error \(HTTP 502: 502 Bad Gateway \(Authorization:/,
  '503': /server failed on analytics \(server error \(HTTP 503: .*Upstream refused/,
  '200html': /answered analytics with a web page instead of data \(HTTP 200: "Sign-in required for/,
  '301': /answered analytics with HTTP 301 \("Moved to/,
};
const SHAPES = Object.keys(SAYS) as Array<keyof typeof SAYS>;
const FORMS = [
  'raw',
  'json',
  'jsonall',
  'html',
  'htmlhex',
  'htmlall',
  'htmlnamed',
  'url',
  'urlplus',
  'urlall',
  'double',
  'base64',
  'prefix13',
  'prefix16',
  'prefix20',
  'prefix24',
  'prefix33',
  'prefix45',
  'suffix8',
  'suffix12',
  'suffix30',
];

interface Bed {
  world: World;
  thrown: string[];
  payloads: unknown[];
  /** Runs an entry point in a new execution; a failure's message is collected and returned. */
  run(mode: 'full' | 'trigger' | 'custom_function', name: string, ...args: unknown[]): { ok: Any } | { error: string };
  /** The next requests of the key answer with this echo fault (retries included). */
  echo(shape: EchoShape, form: string): Promise<void>;
  /** Every trace of the key in the World, the collected messages and payloads ([] = clean). */
  leaks(): ReturnType<typeof scanSinks>;
}

function bed(): Bed {
  const world = emulatedWorld(emu, {
    startTime: Date.UTC(2026, 10, 28, 9, 0),
    timeZone: 'Europe/Berlin',
    sidebar: true,
    keys: { [OWNER]: KEY },
  });
  const t: Bed = {
    world,
    thrown: [],
    payloads: [],
    run(mode, name, ...args) {
      world.clock.advance(3000);
      const b = loadBundle(world, { mode, user: OWNER });
      try {
        const ok = mode === 'full' ? b.callFromClient(name, ...args) : b.call(name, ...args);
        t.payloads.push(ok);
        return { ok };
      } catch (e) {
        const error = (e as Error).message;
        t.thrown.push(error);
        return { error };
      } finally {
        b.end();
      }
    },
    echo: (shape, form) => emu.setFaults(KEY, { queue: Array(10).fill(`echo=${shape}/${form}`) }),
    leaks() {
      // What the sidebar would receive now, and its HTML.
      t.run('full', 'openSidebar');
      t.run('full', 'getBootstrap');
      t.run('full', 'listReports');
      return scanSinks(world, KEY, { thrown: t.thrown, payloads: t.payloads });
    },
  };
  return t;
}

const errorOf = (r: { ok: Any } | { error: string }): string => {
  if ('error' in r) return r.error;
  throw new Error(`expected a failure, got ${JSON.stringify(r.ok).slice(0, 200)}`);
};

test('the echo really carries the key: the scanner finds it in what the server sent', async () => {
  // Guards the test itself: a fault that echoed nothing would make every assertion below vacuous.
  const t = bed();
  for (const form of FORMS) {
    await t.echo('401', form);
    errorOf(t.run('custom_function', 'ADAPTY_ANALYTICS', 'installs', '2026-11-01', '2026-11-27'));
  }
  const bodies = t.world.http.map((h) => h.responseBody ?? '');
  expect(bodies).toHaveLength(FORMS.length);
  const perBody = bodies.map((b) => {
    const w = createWorld();
    w.logs.push({ level: 'info', message: b, virtualTime: 0, executionId: 'x' });
    return scanSinks(w, KEY).length;
  });
  expect(perBody).toEqual(FORMS.map(() => 1));
});

describe.each(SHAPES)('echo in a %s answer', (shape) => {
  test('formulas: every form, a message that says what happened, no trace anywhere', async () => {
    const t = bed();
    for (const form of FORMS) {
      await t.echo(shape, form);
      const m = errorOf(t.run('custom_function', 'ADAPTY_ANALYTICS', 'installs', '2026-11-01', '2026-11-27'));
      expect([form, m]).toEqual([form, expect.stringMatching(/^ADAPTY_ANALYTICS: /)]);
      expect([form, m]).toEqual([form, expect.stringMatching(SAYS[shape])]);
    }
    expect(t.leaks()).toEqual([]);
  });

  test('sidebar runs, saved-report runs (⚠ note, lastRun.error), scheduled runs and the key test', async () => {
    const t = bed();
    const spec = { endpoint: 'analytics', chart: 'installs', start: 'last_7_days', params: { period_unit: 'day' } };
    // A saved, scheduled report with a block on its sheet (written while the server behaves).
    const saved = t.run('full', 'saveReport', {
      name: 'Installs',
      spec,
      destination: { kind: 'sheet', sheetName: 'Installs' },
      schedule: 'hourly',
    }) as { ok: Any };
    expect('ok' in t.run('full', 'runSavedReport', saved.ok.id)).toBe(true);
    const before = t.world.sheetSnapshot(undefined, 'Installs');

    for (const [i, form] of FORMS.entries()) {
      await t.echo(shape, form);
      const flow = i % 4;
      if (flow === 0) {
        const m = errorOf(
          t.run('full', 'runReport', { spec, destination: { kind: 'new_sheet', sheetName: 'Ad hoc' } }),
        );
        expect([form, m]).toEqual([form, expect.stringMatching(SAYS[shape])]);
      } else if (flow === 1) {
        const m = errorOf(t.run('full', 'runSavedReport', saved.ok.id));
        expect([form, m]).toEqual([form, expect.stringMatching(SAYS[shape])]);
      } else if (flow === 2) {
        t.world.clock.advance(3600e3);
        expect('ok' in t.run('trigger', 'runScheduledReports')).toBe(true);
      } else {
        const r = t.run('full', 'testApiKey', '') as { ok: Any };
        expect([form, r.ok.ok, r.ok.message]).toEqual([form, false, expect.stringMatching(SAYS[shape])]);
      }
    }
    // The failures were recorded where users see them: the log, the stamp's ⚠ note, lastRun.error.
    const log = t.world.sheetSnapshot(undefined, 'Adapty Log').values.slice(1);
    const failures = log.filter((r) => r[5] === 'error');
    expect(failures.length).toBeGreaterThanOrEqual(8);
    for (const r of failures) expect(String(r[6])).toMatch(SAYS[shape]);
    const note = t.world.sheetSnapshot(undefined, 'Installs').notes[0][0];
    expect(note).toMatch(/^⚠ The last \d+ refreshes failed/);
    const report = ((t.run('full', 'listReports') as { ok: Any }).ok as Any[])[0];
    expect(report.lastRun.status).toBe('error');
    expect(report.lastRun.error).toMatch(SAYS[shape]);
    // …and the data stayed as they were.
    expect(t.world.sheetSnapshot(undefined, 'Installs').values).toEqual(before.values);
    expect(t.leaks()).toEqual([]);
  });
});

describe('echo in the labels of a good answer', () => {
  test('formulas (JSON and CSV) and a saved report: the table arrives with the key redacted, no trace anywhere', async () => {
    const t = bed();
    for (const form of FORMS) {
      for (const format of ['', 'format=csv']) {
        await t.echo('200data', form);
        const r = t.run('custom_function', 'ADAPTY_ANALYTICS', 'installs', '2026-11-01', '2026-11-27', '', format);
        expect([form, format, 'ok' in r && Array.isArray(r.ok) && r.ok.length > 1]).toEqual([form, format, true]);
      }
    }
    await t.echo('200data', 'raw');
    const spec = { endpoint: 'analytics', chart: 'installs', start: 'last_7_days', params: { segmentation: 'store' } };
    const run = t.run('full', 'runReport', { spec, destination: { kind: 'new_sheet', sheetName: 'Echoed' } });
    expect('ok' in run).toBe(true);
    const labels = t.world.sheetSnapshot(undefined, 'Echoed').values.flat().map(String);
    expect(labels.some((v) => v.includes('[redacted key]'))).toBe(true);
    // The echo really reached the add-on (else this test would prove nothing).
    const bodies = t.world.http.map((h) => h.responseBody ?? '');
    expect(bodies.filter((b) => b.includes(KEY)).length).toBeGreaterThanOrEqual(2);
    expect(t.leaks()).toEqual([]);
  });
});

test('saving a new key through a server that echoes it: refused or kept, and no trace of either key', async () => {
  const t = bed();
  const next = emu.apps[1].key;
  for (const shape of SHAPES) {
    await emu.setFaults(next, { queue: Array(10).fill(`echo=${shape}/raw`) });
    const m = errorOf(t.run('full', 'saveApiKey', next));
    expect([shape, m]).toEqual([shape, expect.stringMatching(/not saved/)]);
    expect(t.world.userStore(OWNER).data.get('ADAPTY_API_KEY')).toBe(KEY);
  }
  expect(t.leaks()).toEqual([]);
  expect(scanSinks(t.world, next, { thrown: t.thrown, payloads: t.payloads })).toEqual([]);
});

test('a network error whose message carries the key (whole, cut, escaped) leaves no trace', () => {
  const t = bed();
  const forms = ['raw', 'json', 'html', 'url', 'urlall', 'base64', 'prefix20', 'suffix12'];
  const run = (mode: 'custom_function' | 'full', name: string, form: string, ...args: unknown[]): string => {
    t.world.clock.advance(3000);
    const exec = t.world.execution({ mode, user: OWNER });
    // Apps Script's own transport errors name only the URL; a proxy in between might say more.
    const boom = () => {
      throw new Error(`Exception: Address unavailable (proxy said: ${encodeEcho(form, `Api-Key ${KEY}`)})`);
    };
    (exec.globals as Any).UrlFetchApp = { fetch: boom, fetchAll: boom, getRequest: boom };
    const b = loadBundle(t.world, exec);
    try {
      if (mode === 'full') b.callFromClient(name, ...args);
      else b.call(name, ...args);
    } catch (e) {
      const m = (e as Error).message;
      t.thrown.push(m);
      return m;
    } finally {
      b.end();
    }
    throw new Error(`${name} did not fail`);
  };
  for (const form of forms) {
    const m = run('custom_function', 'ADAPTY_ANALYTICS', form, 'installs', '2026-11-01', '2026-11-27');
    expect([form, m]).toEqual([form, expect.stringMatching(/Could not reach Adapty for analytics \(network failure/)]);
    const s = run('full', 'runReport', form, {
      spec: { endpoint: 'analytics', chart: 'installs', start: 'last_7_days' },
      destination: { kind: 'new_sheet', sheetName: 'N' },
    });
    expect([form, s]).toEqual([form, expect.stringMatching(/Could not reach Adapty/)]);
  }
  expect(t.leaks()).toEqual([]);
});
