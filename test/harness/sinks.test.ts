/** The sink scanner finds a planted trace in every sink it claims to cover, and nothing in a clean World. */
import { createWorld, type World } from '../fakes';
import type { MetaRecord } from '../fakes/developer-metadata';
import { findTrace, scanSinks } from './sinks';

const KEY = 'secret_live_AbCd1234.0123456789abcdefghijABCDEFGHIJkl';
const CUT = `Api-Key ${KEY.slice(0, 24)}`; // a proxy's cut copy of the header

const plants: Array<[string, (w: World) => void, RegExp]> = [
  ['a cell value', (w) => w.spreadsheet().sheets[0].values.set(3, 2, `x ${CUT}`), /sheet "Sheet1" values/],
  ['a formula', (w) => w.spreadsheet().sheets[0].formulas.set(0, 0, `=A1&"${CUT}"`), /sheet "Sheet1" formulas/],
  ['a note', (w) => w.spreadsheet().sheets[0].notes.set(0, 0, `⚠ ${CUT}`), /sheet "Sheet1" notes/],
  ['a sheet name', (w) => w.spreadsheet().addSheet(KEY.slice(10, 30)), /names/],
  [
    'developer metadata',
    (w) =>
      w.spreadsheet().metadata.push({
        id: 1,
        key: 'adapty.block',
        value: CUT,
        visibility: 'DOCUMENT',
        loc: { type: 'SPREADSHEET' },
      } satisfies MetaRecord),
    /developer metadata/,
  ],
  ['document properties', (w) => w.documentStore(w.spreadsheet().id).apply(new Map([['r', CUT]])), /document/],
  ['script properties', (w) => w.scriptProperties.apply(new Map([['k', CUT]])), /script properties/],
  [
    'another user property',
    (w) => w.userStore('owner@example.com').apply(new Map([['adapty.lastSpec.x', CUT]])),
    /user properties/,
  ],
  ['a cache key', (w) => w.cacheKeysWritten.add(`adapty:${KEY.slice(20)}`), /cache keys/],
  ['a cache value', (w) => w.documentCache(w.spreadsheet().id).put('k', CUT, 60), /document cache/],
  ['a log line', (w) => w.logs.push({ level: 'info', message: CUT, virtualTime: 0, executionId: 'e' }), /logs/],
  [
    'sidebar HTML',
    (w) =>
      w.ui.sidebars.push({
        title: 'A',
        html: `<b>${CUT}</b>`,
        width: 300,
        user: 'u',
        executionId: 'e',
        virtualTime: 0,
      }),
    /sidebar HTML/,
  ],
  [
    'a request URL',
    (w) =>
      w.http.push({
        url: `http://127.0.0.1/?k=${encodeURIComponent(KEY)}`,
        method: 'GET',
        headers: {},
        payload: null,
        status: 200,
        virtualTime: 0,
        latencyMs: 0,
        responseHeaders: {},
        responseBody: null,
        error: null,
        executionId: 'e',
      }),
    /HTTP requests/,
  ],
];

test.each(plants)('a trace planted in %s is found', (_, plant, where) => {
  const w = createWorld();
  plant(w);
  const leaks = scanSinks(w, KEY);
  expect(leaks).toHaveLength(1);
  expect(leaks[0].sink).toMatch(where);
  expect(leaks[0].near).not.toContain(KEY.slice(12, 20));
});

test('thrown messages and payloads are scanned; the key property, the public prefix and the mask are not leaks', () => {
  const w = createWorld();
  w.userStore('owner@example.com').apply(new Map([['ADAPTY_API_KEY', KEY]]));
  w.ui.sidebars.push({
    title: 'Adapty',
    html: '<input placeholder="secret_live_…"> Key saved: secret_live_…IJkl',
    width: 300,
    user: 'u',
    executionId: 'e',
    virtualTime: 0,
  });
  w.http.push({
    url: 'http://127.0.0.1/',
    method: 'POST',
    headers: { Authorization: `Api-Key ${KEY}` },
    payload: '{}',
    status: 401,
    virtualTime: 0,
    latencyMs: 0,
    responseHeaders: {},
    responseBody: `echo ${KEY}`,
    error: null,
    executionId: 'e',
  });
  expect(scanSinks(w, KEY, { thrown: ['fine'], payloads: [{ key: { masked: 'secret_live_…IJkl' } }] })).toEqual([]);
  expect(scanSinks(w, KEY, { thrown: [`bad ${KEY.slice(-9)}`] }).map((l) => l.sink)).toEqual(['thrown']);
  expect(scanSinks(w, KEY, { payloads: [{ deep: [{ m: CUT }] }] }).map((l) => l.sink)).toEqual(['payloads']);
});

test.each([
  ['JSON-escaped', KEY.replace(/_/g, '\\u005f').replace(/\./g, '\\u002e')],
  ['HTML entities', KEY.replace(/_/g, '&#95;').replace(/\./g, '&#x2E;')],
  ['URL-encoded twice', encodeURIComponent(encodeURIComponent(KEY.replace(/_/g, '%5F')))],
  ['HTML of JSON', KEY.replace(/_/g, '&#92;u005f')],
  ['base64 of the header', Buffer.from(`Authorization: Api-Key ${KEY}`).toString('base64')],
  ['a 9-character suffix', `…${KEY.slice(-9)}`],
])('findTrace sees the key %s', (_, text) => {
  expect(findTrace(text, KEY)).not.toBeNull();
});

test('7 characters, other cases, or the public prefix alone are not traces', () => {
  expect(findTrace(KEY.slice(-7), KEY)).toBeNull();
  const mixed = 'secret_live_Q7wErTy9.Zx3Cv5Bn7Mm1Aa2Ss3Dd4Ff5Gg6Hh7J';
  const swapped = [...mixed.slice(12)].map((c) => (c === c.toLowerCase() ? c.toUpperCase() : c.toLowerCase()));
  expect(findTrace(swapped.join(''), mixed)).toBeNull();
  expect(findTrace(mixed.slice(12), mixed)).not.toBeNull();
  expect(findTrace('Api-Key secret_live_', KEY)).toBeNull();
});
