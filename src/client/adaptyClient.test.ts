import { AdaptyClient, describe400, parseRetryAfter } from './adaptyClient';
import type { Clock, HttpOutcome, HttpPort, HttpRequest } from './ports';
import type { BuiltRequest } from '../core/request';
import { type AdaptyError } from '../core/errors';
import { LocalRateGate } from './rateGate';

const KEY = 'secret_live_ABCDEFGH.abcdefghijklmnopqrstuvwxyz012345';

class FakeClock implements Clock {
  t = 1_000_000;
  slept: number[] = [];
  now = () => this.t;
  sleep = (ms: number) => {
    this.slept.push(ms);
    this.t += ms;
  };
  random = () => 0.5;
}

/** Answers from a script; each fetch costs `latency` ms of fake time. */
class ScriptedHttp implements HttpPort {
  calls: { at: number; reqs: HttpRequest[] }[] = [];
  constructor(
    private clock: FakeClock,
    private script: Array<HttpOutcome | ((r: HttpRequest) => HttpOutcome)>,
    private latency = 100,
  ) {}
  fetchAll(reqs: HttpRequest[]): HttpOutcome[] {
    this.calls.push({ at: this.clock.t, reqs });
    this.clock.t += this.latency;
    return reqs.map((r) => {
      const next = this.script.length > 1 ? this.script.shift()! : this.script[0];
      return typeof next === 'function' ? next(r) : next;
    });
  }
}

const ok = (body: unknown = { data: {} }): HttpOutcome => ({
  status: 200,
  body: JSON.stringify(body),
  headers: { 'content-type': 'application/json' },
});
const status = (s: number, body = '', headers: Record<string, string> = {}): HttpOutcome => ({
  status: s,
  body,
  headers,
});
const req = (endpoint = 'analytics'): BuiltRequest =>
  ({
    endpoint,
    path: `/api/v1/client-api/metrics/${endpoint}/`,
    body: { filters: { date: ['2026-01-01', '2026-01-31'] } },
    format: 'json',
  }) as unknown as BuiltRequest;

function client(script: ConstructorParameters<typeof ScriptedHttp>[1], budgetMs = 25000, log: string[] = []) {
  const clock = new FakeClock();
  const http = new ScriptedHttp(clock, script);
  const c = new AdaptyClient({
    baseUrl: 'https://api-admin.adapty.io/',
    apiKey: KEY,
    timeZone: 'Europe/Berlin',
    http,
    clock,
    budgetMs,
    log: (m) => log.push(m),
  });
  return { c, clock, http, log };
}
const failure = (fn: () => unknown): AdaptyError => {
  try {
    fn();
  } catch (e) {
    return e as AdaptyError;
  }
  throw new Error('expected failure');
};

test('headers and body per the contract', () => {
  const { c, http } = client([ok()]);
  c.send(req());
  const r = http.calls[0].reqs[0];
  expect(r.url).toBe('https://api-admin.adapty.io/api/v1/client-api/metrics/analytics/');
  expect(r.method).toBe('post');
  expect(r.headers).toMatchObject({
    Authorization: `Api-Key ${KEY}`,
    'Content-Type': 'application/json',
    'Adapty-Tz': 'Europe/Berlin',
  });
  expect(JSON.parse(r.payload!)).toEqual({ filters: { date: ['2026-01-01', '2026-01-31'] } });
});

test('429 then success: exponential backoff with jitter, never sooner than the key-wide pause', () => {
  const { c, http } = client([status(429), status(429), status(429), status(429), ok()]);
  expect(c.send(req()).attempts).toBe(5);
  const gaps = http.calls.slice(1).map((x, i) => x.at - http.calls[i].at - 100);
  // random() = 0.5 → 75 % of 500, 1000, 2000, 4000 ms; a 429 also pauses every sender of the key for 1 s.
  expect(gaps).toEqual([1000, 1000, 1500, 3000]);
});

test('Retry-After on a 503 is honoured too', () => {
  const { c, http } = client([status(503, 'maintenance', { 'retry-after': '4' }), ok()]);
  expect(c.send(req()).attempts).toBe(2);
  expect(http.calls[1].at - http.calls[0].at - 100).toBe(4000);
});

test('Retry-After (seconds and HTTP date) wins over backoff', () => {
  const { c, clock } = client([status(429, '', { 'retry-after': '3' }), ok()]);
  c.send(req());
  expect(clock.slept).toEqual([3000]);
  expect(parseRetryAfter(new Date(5000).toUTCString(), 1000)).toBe(4000);
  expect(parseRetryAfter('soon', 0)).toBeUndefined();
});

test('5xx and network failures are retried; 4xx never', () => {
  expect(
    client([
      status(502, '<html><title>Bad gateway</title></html>'),
      { networkError: 'Address unavailable' },
      ok(),
    ]).c.send(req()).attempts,
  ).toBe(3);
  const { c, http } = client([
    status(
      400,
      JSON.stringify({
        errors: [{ source: 'period_unit', errors: ["value is not a valid enumeration member; permitted: 'day'"] }],
        error_code: 'enum',
        status_code: 400,
      }),
    ),
  ]);
  const e = failure(() => c.send(req()));
  expect(http.calls).toHaveLength(1);
  expect(e.code).toBe('api_validation');
  expect(e.message).toBe(
    "Adapty refused the analytics request (HTTP 400): period_unit: value is not a valid enumeration member; permitted: 'day' (enum). Check that option and try again.",
  );
});

test('both 400 shapes are read', () => {
  expect(
    describe400({ errors: { date: ['invalid datetime format'] }, error_code: 'base_error', status_code: 400 }),
  ).toBe('date: invalid datetime format (base_error)');
  expect(describe400({ errors: [{ source: 'non_field_errors', errors: ['bad'] }], error_code: 'x' })).toBe('bad (x)');
});

test.each([
  [401, 'auth', /did not accept the API key \(HTTP 401\)\. Open Extensions › Adapty › Settings/],
  [403, 'auth', /refused access with this API key \(HTTP 403\)/],
  [404, 'not_found', /has no \/api\/v1\/client-api\/metrics\/analytics\/ \(HTTP 404\)/],
])('HTTP %d maps to %s', (s, code, re) => {
  const e = failure(() =>
    client([
      status(
        s,
        '{"errors":[{"source":"non_field_errors","errors":["Authentication credentials were not provided."]}],"error_code":"not_authenticated","status_code":401}',
      ),
    ]).c.send(req()),
  );
  expect(e.code).toBe(code);
  expect(e.message).toMatch(re);
  expect(e.message).not.toContain(KEY);
});

test('HTML, empty and truncated bodies are clear errors', () => {
  expect(
    failure(() =>
      client([status(200, '<!DOCTYPE html><html><head><title>Maintenance</title></head></html>')]).c.send(req()),
    ).message,
  ).toMatch(/web page instead of data \(HTTP 200: "Maintenance"\)/);
  expect(failure(() => client([status(200, '')]).c.send(req())).message).toMatch(/empty body \(HTTP 200\)/);
  expect(failure(() => client([status(200, '{"data": {"revenue": {"va')]).c.send(req())).message).toMatch(
    /not valid JSON \(HTTP 200, 25 bytes/,
  );
});

test('gives up on persistent 429 within the budget, saying so', () => {
  const { c, clock } = client([status(429)], 10000);
  const e = failure(() => c.send(req()));
  expect(e.code).toBe('rate_limited');
  expect(e.message).toMatch(/rate limit \(2 requests per second per key\) refused analytics \d attempts/);
  expect(clock.t - 1_000_000).toBeLessThanOrEqual(10000);
});

test('a Retry-After beyond the budget stops at once with a clear message', () => {
  const { c, clock } = client([status(429, '', { 'retry-after': '60' })], 25000);
  const e = failure(() => c.send(req()));
  expect(e.code).toBe('rate_limited');
  expect(clock.slept).toEqual([]);
});

test('a slow answer that ate the budget is reported as a budget problem', () => {
  const clock = new FakeClock();
  const http: HttpPort = {
    fetchAll: (r) => {
      clock.t += 24000;
      return r.map(() => status(503));
    },
  };
  const c = new AdaptyClient({
    baseUrl: 'http://127.0.0.1:1',
    apiKey: KEY,
    timeZone: 'UTC',
    http,
    clock,
    budgetMs: 25000,
  });
  const e = failure(() => c.send(req()));
  expect(e.code).toBe('server');
  expect(e.message).toMatch(/time budget does not allow another/);
});

test('never more than 2 requests per second per key, several reports fetched together', () => {
  const { c, http } = client([ok()]);
  const out = c.sendAll([req('a'), req('b'), req('c'), req('d'), req('e')]);
  expect(out.every((o) => o.ok)).toBe(true);
  expect(http.calls.map((x) => x.reqs.length)).toEqual([2, 2, 1]);
  const sends = http.calls.flatMap((x) => x.reqs.map(() => x.at));
  for (let i = 2; i < sends.length; i++) expect(sends[i] - sends[i - 2]).toBeGreaterThanOrEqual(1000);
});

test('the key never appears in logs', () => {
  const log: string[] = [];
  const { c } = client([{ networkError: `failed https://x?key=${KEY}` }, ok()], 25000, log);
  c.send(req());
  expect(log.join('\n')).not.toContain(KEY);
  expect(log[0]).toMatch(/network failure .*\[redacted key\].*retry 2\/6/);
});

test.each([5000, 11000, 16000, 24000])(
  'a slow failing server (%d ms a round trip) never runs the call past its budget',
  (latency) => {
    const clock = new FakeClock();
    const http: HttpPort = {
      fetchAll: (r) => {
        clock.t += latency;
        return r.map(() => status(503));
      },
    };
    const c = new AdaptyClient({
      baseUrl: 'http://127.0.0.1:1',
      apiKey: KEY,
      timeZone: 'UTC',
      http,
      clock,
      budgetMs: 25000,
    });
    const e = failure(() => c.send(req()));
    expect(e.code).toBe('server');
    expect(clock.t - 1_000_000).toBeLessThanOrEqual(25000);
  },
);

describe('a gate shared by several clients (the executions of one key)', () => {
  const sharedClients = (n: number, budgetMs = 25000) => {
    const clock = new FakeClock();
    const gate = new LocalRateGate(() => clock.now());
    const http = new ScriptedHttp(clock, [ok()]);
    const clients = Array.from(
      { length: n },
      () => new AdaptyClient({ baseUrl: 'https://x/', apiKey: KEY, timeZone: 'UTC', http, clock, budgetMs, gate }),
    );
    return { clock, http, clients, gate };
  };

  test('clients taking turns stay within 2 requests per second together', () => {
    const { http, clients } = sharedClients(3);
    for (let round = 0; round < 3; round++) for (const c of clients) expect(c.send(req()).attempts).toBe(1);
    const sends = http.calls.map((x) => x.at);
    for (let i = 2; i < sends.length; i++) expect(sends[i] - sends[i - 2]).toBeGreaterThanOrEqual(1000);
  });

  test('when no slot is free within the budget, nothing is sent and the answer is "busy"', () => {
    const { clock, http, clients, gate } = sharedClients(1, 3000);
    // Other executions booked the next 5 s.
    for (let i = 0; i < 10; i++) gate.reserve(1, Infinity);
    const e = failure(() => clients[0].send(req()));
    expect(e.code).toBe('busy');
    expect(e.message).toMatch(/^Adapty is busy: other reports and formulas are using this key's 2 requests per second/);
    expect(http.calls).toHaveLength(0);
    expect(clock.slept).toEqual([]);
  });

  test('a 429 pauses every client of the key, not only the one that met it', () => {
    const clock = new FakeClock();
    const gate = new LocalRateGate(() => clock.now());
    const http = new ScriptedHttp(clock, [status(429, '', { 'retry-after': '2' }), ok()]);
    const mk = () =>
      new AdaptyClient({ baseUrl: 'https://x/', apiKey: KEY, timeZone: 'UTC', http, clock, budgetMs: 25000, gate });
    const [a, b] = [mk(), mk()];
    a.send(req());
    const before = clock.t;
    b.send(req());
    // a's 429 at t0 + 100 asked for 2 s: b sends no sooner than t0 + 2100 (a's retry took that slot's turn).
    expect(http.calls[2].at).toBeGreaterThanOrEqual(http.calls[0].at + 2100);
    expect(before).toBeGreaterThanOrEqual(http.calls[0].at + 2100);
  });
});
