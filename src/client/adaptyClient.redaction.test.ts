/**
 * The client's messages when a server or proxy echoes the Authorization header: every error status,
 * the key whole, cut, escaped or encoded, early or late in a long body, in a network error. The oracle
 * is test/harness/sinks.ts findTrace (independent of src/core/secrets.ts).
 */
import { findTrace } from '../../test/harness/sinks';
import type { BuiltRequest } from '../core/request';
import { AdaptyClient } from './adaptyClient';
import type { Clock, HttpOutcome, HttpPort } from './ports';

const KEY = 'secret_live_Q7wErTy9.Zx3Cv5Bn7Mm1Aa2Ss3Dd4Ff5Gg6Hh7J';
const AUTH = `Api-Key ${KEY}`;

const clock = (): Clock & { t: number } => {
  const c = { t: 1e6, now: () => c.t, sleep: (ms: number) => void (c.t += ms), random: () => 0.5 };
  return c;
};

function run(outcome: HttpOutcome, log: string[] = []): string {
  const k = clock();
  const http: HttpPort = {
    fetchAll: (reqs) => {
      k.t += 100;
      return reqs.map(() => outcome);
    },
  };
  const c = new AdaptyClient({
    baseUrl: 'https://api-admin.adapty.io',
    apiKey: KEY,
    timeZone: 'UTC',
    http,
    clock: k,
    budgetMs: 25000,
    log: (m) => log.push(m),
  });
  const req = {
    endpoint: 'analytics',
    path: '/api/v1/client-api/metrics/analytics/',
    body: {},
    format: 'json',
  } as unknown as BuiltRequest;
  const [o] = c.sendAll([req]);
  if (o.ok) throw new Error('expected a failure');
  return o.error.message;
}

const hex = (c: string) => c.charCodeAt(0).toString(16);
const punct = (s: string, f: (c: string) => string) => [...s].map((c) => (/[A-Za-z0-9]/.test(c) ? c : f(c))).join('');
const FORMS: Record<string, string> = {
  raw: AUTH,
  'JSON \\u': punct(AUTH, (c) => `\\u${hex(c).padStart(4, '0')}`),
  'HTML &#NN;': punct(AUTH, (c) => `&#${c.charCodeAt(0)};`),
  'HTML &#xHH;': punct(AUTH, (c) => `&#x${hex(c)};`),
  URL: encodeURIComponent(AUTH).replace(/_/g, '%5F').replace(/\./g, '%2E'),
  'URL +': AUTH.replace(' ', '+'),
  base64: Buffer.from(AUTH).toString('base64'),
  ...Object.fromEntries([16, 20, 24, 33, 40].map((n) => [`prefix ${n}`, `Api-Key ${KEY.slice(0, n)}`])),
  'suffix 12': KEY.slice(-12),
};
// Where in the body: at the start, just before the 160-character excerpt ends, after it, at the end of 1 MB.
const PADS = [0, 140, 150, 155, 400];
const pad = (n: number) => 'x'.repeat(n);

const shapes: Array<[string, (e: string, at: number) => HttpOutcome, RegExp]> = [
  [
    '400 JSON',
    (e, at) => ({
      status: 400,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        errors: [{ source: 'Authorization', errors: [`${pad(at)} bad header ${e}`] }],
        error_code: 'invalid',
      }),
    }),
    /HTTP 400.*Authorization: x*/,
  ],
  [
    '400 legacy',
    (e, at) => ({
      status: 400,
      headers: {},
      body: JSON.stringify({ errors: { Authorization: [`${pad(at)}${e}`] }, error_code: 'base_error' }),
    }),
    /HTTP 400/,
  ],
  ['401', (e, at) => ({ status: 401, headers: {}, body: `${pad(at)}${e}` }), /did not accept the API key \(HTTP 401\)/],
  ['403', (e, at) => ({ status: 403, headers: {}, body: `${pad(at)}${e}` }), /HTTP 403/],
  ['404', (e, at) => ({ status: 404, headers: {}, body: `${pad(at)}${e}` }), /HTTP 404/],
  ['409', (e, at) => ({ status: 409, headers: {}, body: `${pad(at)}${e}` }), /HTTP 409 \(/],
  ['301', (e, at) => ({ status: 301, headers: { location: `/x?a=${e}` }, body: `${pad(at)}${e}` }), /HTTP 301/],
  ['429', (e, at) => ({ status: 429, headers: {}, body: `${pad(at)}${e}` }), /rate limit/],
  [
    '502 HTML title',
    (e, at) => ({
      status: 502,
      headers: { 'content-type': 'text/html' },
      body: `<html><head><title>${pad(at)} ${e}</title></head><body>${e}</body></html>`,
    }),
    /server failed .*HTTP 502/,
  ],
  [
    '500 HTML body',
    (e, at) => ({
      status: 500,
      headers: {},
      body: `<h1>Error</h1><p>${pad(at)}<b>${e}</b></p>${'<p>filler</p>'.repeat(90000)}`,
    }),
    /HTTP 500/,
  ],
  [
    '200 HTML page',
    (e, at) => ({ status: 200, headers: { 'content-type': 'text/html' }, body: `<title>${pad(at)}${e}</title>` }),
    /web page instead of data \(HTTP 200/,
  ],
  ['network error', (e, at) => ({ networkError: `Exception: ${pad(at)} ${e}` }), /Could not reach Adapty/],
];

describe.each(shapes)('%s', (_, make, useful) => {
  test.each(Object.entries(FORMS))(
    'echoing the key %s: the message keeps no trace of it and says what happened',
    (name, e) => {
      for (const at of PADS) {
        const log: string[] = [];
        const message = run(make(e, at), log);
        expect([name, at, findTrace(message, KEY)]).toEqual([name, at, null]);
        expect([name, at, log.map((l) => findTrace(l, KEY)).filter(Boolean)]).toEqual([name, at, []]);
        expect(message).toMatch(useful);
        expect(message.length).toBeLessThan(1200);
      }
    },
  );
});
