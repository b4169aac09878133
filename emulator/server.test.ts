/** Transport: auth, routing, recording, admin API, rate limit, faults, the virtual-time protocol. */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { DEMO_APPS, isSecretKeyShape } from './apps';
import { startEmulatorProcess } from './process';
import { startEmulator, type Emulator } from './server';
import { call, virtualClock } from './testHelpers';

const BODY = { chart_id: 'installs', filters: { date: ['2026-08-01', '2026-08-03'] }, period_unit: 'day' };
const AUTH_BODY = {
  errors: [{ source: 'non_field_errors', errors: ['Authentication credentials were not provided.'] }],
  error_code: 'not_authenticated',
  status_code: 401,
};

let emu: Emulator;
beforeAll(async () => {
  emu = await startEmulator();
});
afterAll(() => emu.close());
beforeEach(() => emu.reset());

/** Every call with its own virtual instant, so the rate limit stays out of the way. */
const clock = virtualClock();
const ok = (p: string, body: unknown, extra: Record<string, string> = {}, key?: string | null) =>
  call(emu, p, body, { headers: clock.headers(extra), key });

describe('demo apps', () => {
  test('at least two keys shaped like real secret keys, each its own app', () => {
    expect(emu.apps.length).toBeGreaterThanOrEqual(2);
    for (const a of emu.apps) expect(isSecretKeyShape(a.key)).toBe(true);
    expect(new Set(emu.apps.map((a) => a.seed)).size).toBe(emu.apps.length);
    expect(emu.demoKey).toBe(DEMO_APPS[0].key);
    expect(emu.demoKey).toMatch(/^secret_live_DEMOAPP1\.[A-Za-z0-9]{32}$/);
  });
});

describe('auth', () => {
  test('missing key → 401 with the documented body', async () => {
    const r = await ok('metrics/analytics/', BODY, {}, null);
    expect(r.status).toBe(401);
    expect(r.json).toEqual(AUTH_BODY);
  });
  test('unknown key, public key, wrong scheme → 401', async () => {
    for (const auth of [
      'Api-Key secret_live_NOPENOPE.abcdefghijklmnopqrstuvwxyz012345',
      `Api-Key public_live_abcdefgh.${'x'.repeat(20)}`,
      `Bearer ${emu.demoKey}`,
      emu.demoKey,
    ]) {
      const r = await call(emu, 'metrics/analytics/', BODY, {
        key: null,
        headers: { ...clock.headers(), Authorization: auth },
      });
      expect(r.status).toBe(401);
      expect(r.json).toEqual(AUTH_BODY);
    }
  });
  test('each demo key works', async () => {
    for (const a of emu.apps) expect((await ok('metrics/analytics/', BODY, {}, a.key)).status).toBe(200);
  });
});

describe('routing', () => {
  test('path without trailing slash → 301 to the slash path; unknown path → 404', async () => {
    const r = await call(emu, '/api/v1/client-api/metrics/analytics', BODY, { headers: clock.headers() });
    expect(r.status).toBe(301);
    expect(r.headers.get('location')).toBe('/api/v1/client-api/metrics/analytics/');
    const n = await call(emu, '/api/v1/client-api/metrics/nope/', BODY, { headers: clock.headers() });
    expect(n.status).toBe(404);
    expect(n.json.error_code).toBe('not_found');
  });
  test('wrong method → 405 (after authentication, like DRF)', async () => {
    const r = await call(emu, 'metrics/analytics/', undefined, { method: 'GET', headers: clock.headers() });
    expect(r.status).toBe(405);
    expect(r.headers.get('allow')).toContain('POST');
    expect(r.json.error_code).toBe('method_not_allowed');
    expect(
      (await call(emu, 'metrics/analytics/', undefined, { method: 'GET', key: null, headers: clock.headers() })).status,
    ).toBe(401);
  });
  test('Content-Type must be application/json → else 415; invalid JSON → 400 parse_error', async () => {
    const t = await call(emu, 'metrics/analytics/', BODY, {
      headers: { ...clock.headers(), 'Content-Type': 'text/plain' },
    });
    expect(t.status).toBe(415);
    expect(t.json.error_code).toBe('unsupported_media_type');
    const charset = await call(emu, 'metrics/analytics/', BODY, {
      headers: { ...clock.headers(), 'Content-Type': 'application/json; charset=utf-8' },
    });
    expect(charset.status).toBe(200);
    const bad = await call(emu, 'metrics/analytics/', null, {
      raw: '{"chart_id": "installs",',
      headers: clock.headers(),
    });
    expect(bad.status).toBe(400);
    expect(bad.json).toMatchObject({
      error_code: 'parse_error',
      status_code: 400,
      errors: [{ source: 'non_field_errors' }],
    });
  });
});

describe('recording and admin API', () => {
  test('requests are recorded without the Authorization header', async () => {
    await ok('metrics/analytics/', BODY);
    const rec = emu.requests[emu.requests.length - 1];
    expect(rec).toMatchObject({
      method: 'POST',
      path: '/api/v1/client-api/metrics/analytics/',
      status: 200,
      app: 'Demo Fitness Pro',
    });
    expect(rec.headers.authorization).toBeUndefined();
    expect(JSON.stringify(rec)).not.toContain(emu.demoKey);
    expect(JSON.parse(rec.body)).toEqual(BODY);
    expect(rec.headers['adapty-tz']).toBe('UTC');
  });
  test('admin: info, faults, requests, reset', async () => {
    const info = await (await fetch(`${emu.url}/__emulator/`)).json();
    expect(info.demoKey).toBe(emu.demoKey);
    expect(info.apps).toHaveLength(emu.apps.length);
    let r = await fetch(`${emu.url}/__emulator/faults`, {
      method: 'POST',
      body: JSON.stringify({ key: emu.demoKey, faults: { queue: ['503'] } }),
    });
    expect(r.status).toBe(200);
    expect((await ok('metrics/analytics/', BODY)).status).toBe(503);
    expect((await ok('metrics/analytics/', BODY)).status).toBe(200);
    r = await fetch(`${emu.url}/__emulator/faults`, {
      method: 'POST',
      body: JSON.stringify({ key: emu.demoKey, faults: { queue: ['nonsense'] } }),
    });
    expect(r.status).toBe(400);
    expect((await r.json()).error).toMatch(/unknown fault/);
    const list = await (await fetch(`${emu.url}/__emulator/requests`)).json();
    expect(list.total).toBe(2);
    expect(list.requests[0].status).toBe(503);
    expect(list.requests[0].fault).toBe('503');
    expect((await (await fetch(`${emu.url}/__emulator/requests?since=1`)).json()).requests).toHaveLength(1);
    await fetch(`${emu.url}/__emulator/reset`, { method: 'POST' });
    expect(emu.requests).toHaveLength(0);
    await fetch(`${emu.url}/__emulator/faults`, {
      method: 'POST',
      body: JSON.stringify({ key: emu.demoKey, faults: { latencyMs: 5 } }),
    });
    await fetch(`${emu.url}/__emulator/faults?key=${encodeURIComponent(emu.demoKey)}`, { method: 'DELETE' });
    expect(await (await fetch(`${emu.url}/__emulator/faults`)).json()).toEqual({});
  });
});

describe('rate limit: 2 requests per second per key', () => {
  test('real time: the third request within a second → 429 without Retry-After, other keys unaffected', async () => {
    const rs = await Promise.all([0, 1, 2].map(() => call(emu, 'metrics/analytics/', BODY)));
    const statuses = rs.map((r) => r.status).sort();
    expect(statuses).toEqual([200, 200, 429]);
    const limited = rs.find((r) => r.status === 429)!;
    expect(limited.headers.get('retry-after')).toBeNull();
    expect(limited.json).toMatchObject({ error_code: 'throttled', status_code: 429 });
    expect((await call(emu, 'metrics/analytics/', BODY, { key: emu.apps[1].key })).status).toBe(200);
  });
  test('virtual time: a sliding one-second window over accepted requests', async () => {
    const at = (ms: number) =>
      call(emu, 'metrics/analytics/', BODY, { headers: { 'X-Emulator-Virtual': '1', 'X-Emulator-Now': String(ms) } });
    const t0 = 5_000_000;
    expect((await at(t0)).status).toBe(200);
    expect((await at(t0 + 500)).status).toBe(200);
    expect((await at(t0 + 900)).status).toBe(429); // not accepted: does not extend the window
    expect((await at(t0 + 999)).status).toBe(429);
    expect((await at(t0 + 1000)).status).toBe(200); // t0 left the window
    expect((await at(t0 + 1400)).status).toBe(429);
    expect((await at(t0 + 1500)).status).toBe(200);
  });
  test("rateLimitRetryAfter adds Retry-After to the limiter's own 429s", async () => {
    emu.setFaults(emu.demoKey, { rateLimitRetryAfter: 2 });
    const at = (ms: number) =>
      call(emu, 'metrics/analytics/', BODY, { headers: { 'X-Emulator-Virtual': '1', 'X-Emulator-Now': String(ms) } });
    await at(9_000_000);
    await at(9_000_001);
    const r = await at(9_000_002);
    expect(r.status).toBe(429);
    expect(r.headers.get('retry-after')).toBe('2');
  });
});

describe('restate (a test hook: answers that change between runs)', () => {
  test('points from the date on are restated, older points are not, until the spec changes', async () => {
    const ys = async () =>
      [...(await ok('metrics/analytics/', BODY)).text.matchAll(/"y":(-?[\d.]+)/g)].map((m) => Number(m[1]));
    const before = await ys();
    emu.setFaults(emu.demoKey, { restate: { from: '2026-08-02', factor: 2 } });
    const after = await ys();
    expect(before.length).toBe(3);
    expect(after).toEqual([before[0], ...before.slice(1).map((y) => Math.round(y * 200) / 100)]);
    expect(after).not.toEqual(before);
    emu.setFaults(emu.demoKey, { restate: { from: '2999-01-01', factor: 2 } });
    expect(await ys()).toEqual(before);
    expect(() => emu.setFaults(emu.demoKey, { restate: { from: 'soon', factor: 2 } })).toThrow(/restate must be/);
  });
});

describe('virtual-time protocol', () => {
  test('latency is reported, not slept', async () => {
    emu.setFaults(emu.demoKey, { latencyMs: 30_000 });
    const t = Date.now();
    const r = await ok('metrics/analytics/', BODY);
    expect(Date.now() - t).toBeLessThan(2000);
    expect(r.status).toBe(200);
    expect(r.headers.get('x-emulator-latency-ms')).toBe('30000');
    expect(emu.requests[0].at).toBe(clock.now());
  });
  test('without the protocol, latency is real and no latency header is sent', async () => {
    emu.setFaults(emu.demoKey, { latencyMs: 150 });
    const t = Date.now();
    const r = await call(emu, 'metrics/analytics/', BODY);
    expect(Date.now() - t).toBeGreaterThanOrEqual(140);
    expect(r.headers.get('x-emulator-latency-ms')).toBeNull();
  });
  test('realTime adds the modelled server time', async () => {
    const rt = await startEmulator({ realTime: true });
    try {
      const r = await call(rt, 'metrics/analytics/', BODY, { headers: clock.headers() });
      expect(Number(r.headers.get('x-emulator-latency-ms'))).toBeGreaterThanOrEqual(150);
    } finally {
      await rt.close();
    }
  });
});

describe('faults', () => {
  const viaHeader = (fault: string) => ok('metrics/analytics/', BODY, { 'X-Emulator-Fault': fault });

  test('429 (no Retry-After) and 429:retry-after=<s>', async () => {
    const a = await viaHeader('429');
    expect(a.status).toBe(429);
    expect(a.headers.get('retry-after')).toBeNull();
    const b = await viaHeader('429:retry-after=3');
    expect(b.status).toBe(429);
    expect(b.headers.get('retry-after')).toBe('3');
  });
  test('500, 502, 503', async () => {
    const a = await viaHeader('500');
    expect(a.status).toBe(500);
    expect(a.text).toContain('Server Error (500)');
    const b = await viaHeader('502');
    expect(b.status).toBe(502);
    expect(b.headers.get('content-type')).toContain('text/html');
    const c = await viaHeader('503');
    expect(c.status).toBe(503);
    expect(c.json.status_code).toBe(503);
  });
  test('html (502 page) and html200 (200 with HTML)', async () => {
    const a = await viaHeader('html');
    expect(a.status).toBe(502);
    expect(a.text).toMatch(/^<!DOCTYPE html>/);
    const b = await viaHeader('html200');
    expect(b.status).toBe(200);
    expect(b.headers.get('content-type')).toContain('text/html');
    expect(b.json).toBeUndefined();
  });
  test('truncated: valid-looking JSON cut in half, status 200', async () => {
    const full = await ok('metrics/analytics/', BODY);
    const cut = await viaHeader('truncated');
    expect(cut.status).toBe(200);
    expect(cut.headers.get('content-type')).toContain('application/json');
    expect(cut.text.length).toBe(Math.floor(full.text.length / 2));
    expect(full.text.startsWith(cut.text)).toBe(true);
    expect(() => JSON.parse(cut.text)).toThrow();
  });
  test('empty: 200 with an empty body', async () => {
    const r = await viaHeader('empty');
    expect(r.status).toBe(200);
    expect(r.text).toBe('');
  });
  test('reset: the socket is destroyed', async () => {
    await expect(viaHeader('reset')).rejects.toThrow();
    expect(emu.requests[emu.requests.length - 1].status).toBe(0);
  });
  test('hang=<ms>: virtual → reported latency; real → the answer comes late', async () => {
    const v = await viaHeader('hang=120000');
    expect(v.headers.get('x-emulator-latency-ms')).toBe('120000');
    const ac = new AbortController();
    const timer = setTimeout(() => ac.abort(), 200);
    const t = Date.now();
    await expect(
      call(emu, 'metrics/analytics/', BODY, { headers: { 'X-Emulator-Fault': 'hang=60000' }, signal: ac.signal }),
    ).rejects.toThrow();
    clearTimeout(timer);
    expect(Date.now() - t).toBeLessThan(5000);
  });
  test('legacy400: the older error shape even for a valid request', async () => {
    const r = await viaHeader('legacy400');
    expect(r.status).toBe(400);
    expect(r.json.error_code).toBe('base_error');
    expect(Array.isArray(r.json.errors)).toBe(false);
  });
  test('latency=<ms> combines with another fault in the header', async () => {
    const r = await viaHeader('latency=250, 503');
    expect(r.status).toBe(503);
    expect(r.headers.get('x-emulator-latency-ms')).toBe('250');
  });
  test('echo=<shape>/<form>: the Authorization header echoed in the answer, in that form', async () => {
    const key = emu.demoKey;
    const a = await viaHeader('echo=401');
    expect(a.status).toBe(401);
    expect(a.json.errors[0].errors[0]).toBe(`Invalid token header. Got: Api-Key ${key}`);
    const b = await viaHeader('echo=400/json');
    expect(b.status).toBe(400);
    expect(b.text).toContain(key.slice(12, 20)); // letters stay, punctuation is \u-escaped
    expect(b.text).not.toContain(key.slice(0, 12));
    expect(b.json.errors[0].errors[0]).toBe(`Invalid header value: Api-Key ${key}`);
    const c = await viaHeader('echo=502/prefix20');
    expect(c.status).toBe(502);
    expect(c.text).toContain(`<title>502 Bad Gateway (Authorization: Api-Key ${key.slice(0, 20)})</title>`);
    const d = await viaHeader('echo=301/urlall');
    expect(d.status).toBe(301);
    expect(decodeURIComponent(decodeURIComponent(d.headers.get('location')!.split('=')[1]))).toBe(`Api-Key ${key}`);
    const e = await viaHeader('echo=200html/base64');
    expect(e.text).toContain(Buffer.from(`Api-Key ${key}`).toString('base64'));
    expect((await viaHeader('echo=418')).json.error_code).toBe('emulator_fault');
    expect((await viaHeader('echo=401/rot13')).json.error_code).toBe('emulator_fault');
  });
  test('an unknown header fault is refused with a clear message', async () => {
    const r = await viaHeader('explode');
    expect(r.status).toBe(400);
    expect(r.json.error_code).toBe('emulator_fault');
  });
  test("a key's queue is consumed one per request, in order; the header wins over the queue", async () => {
    emu.setFaults(emu.demoKey, { queue: ['500', '429:retry-after=1', 'ok', 'empty'] });
    expect((await viaHeader('503')).status).toBe(503); // header: queue untouched
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await ok('metrics/analytics/', BODY)).status);
    expect(statuses).toEqual([500, 429, 200, 200, 200]);
    expect(emu.requests.map((r) => r.fault ?? '')).toEqual(['503', '500', '429:retry-after=1', 'ok', 'empty', '']);
    // other keys have their own faults
    emu.setFaults(emu.demoKey, { queue: ['500'] });
    expect((await ok('metrics/analytics/', BODY, {}, emu.apps[1].key)).status).toBe(200);
    emu.clearFaults();
    expect((await ok('metrics/analytics/', BODY)).status).toBe(200);
  });
  test('setFaults refuses unknown keys and tokens', () => {
    expect(() => emu.setFaults('secret_live_NOPENOPE.x', {})).toThrow(/unknown key/);
    expect(() => emu.setFaults(emu.demoKey, { queue: ['boom'] })).toThrow(/unknown fault/);
  });
});

describe('CLI', () => {
  test('prints the URL and the demo keys, and serves', async () => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', path.join(__dirname, 'cli.ts'), '--port', '0', '--fast'],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    try {
      const out = await new Promise<string>((resolve, reject) => {
        let buf = '';
        const timer = setTimeout(() => reject(new Error(`no output: ${buf}`)), 20_000);
        child.stdout.on('data', (d: Buffer) => {
          buf += d.toString();
          if (buf.includes(DEMO_APPS[DEMO_APPS.length - 1].key)) {
            clearTimeout(timer);
            resolve(buf);
          }
        });
        child.on('exit', (code) => reject(new Error(`exited ${code}: ${buf}`)));
      });
      const url = /listening on (http:\/\/\S+)/.exec(out)![1];
      expect(out).toContain(DEMO_APPS[0].key);
      const r = await fetch(`${url}/api/v1/client-api/metrics/analytics/`, {
        method: 'POST',
        headers: { Authorization: `Api-Key ${DEMO_APPS[0].key}`, 'Content-Type': 'application/json' },
        body: JSON.stringify(BODY),
      });
      expect(r.status).toBe(200);
    } finally {
      child.kill('SIGTERM');
    }
  });
  test('startEmulatorProcess runs it in a child process, driven through the admin API', async () => {
    const p = await startEmulatorProcess();
    try {
      expect(p.demoKey).toBe(DEMO_APPS[0].key);
      await p.setFaults(p.demoKey, { queue: ['502'] });
      const post = () =>
        fetch(`${p.url}/api/v1/client-api/metrics/analytics/`, {
          method: 'POST',
          headers: {
            Authorization: `Api-Key ${p.demoKey}`,
            'Content-Type': 'application/json',
            'X-Emulator-Fault': 'latency=0',
          },
          body: JSON.stringify(BODY),
        });
      expect((await post()).status).toBe(200); // the header wins; the queue is untouched
      await p.clearFaults();
      await p.setFaults(p.demoKey, { queue: ['502'] });
      const r = await fetch(`${p.url}/api/v1/client-api/metrics/analytics/`, {
        method: 'POST',
        headers: { Authorization: `Api-Key ${p.demoKey}`, 'Content-Type': 'application/json' },
        body: JSON.stringify(BODY),
      });
      expect(r.status).toBe(502);
      const recorded = await p.requests();
      expect(recorded.map((x) => x.status)).toEqual([200, 502]);
      await p.reset();
      expect(await p.requests()).toEqual([]);
    } finally {
      await p.close();
    }
  });
});
