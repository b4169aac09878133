import * as net from 'net';
import { Worker } from 'worker_threads';
import { createWorld, type World } from './index';

type Any = any;

// The HTTP server runs in its own thread: UrlFetchApp blocks the calling thread while it waits.
const SERVER = String.raw`
const http = require('http');
const { parentPort } = require('worker_threads');
let inFlight = 0, maxInFlight = 0;
const server = http.createServer((req, res) => {
  const u = new URL(req.url, 'http://x');
  let body = '';
  req.on('data', (c) => (body += c));
  req.on('end', () => {
    const parts = u.pathname.split('/').filter(Boolean);
    if (parts[0] === 'status') {
      res.writeHead(Number(parts[1]), { 'Content-Type': 'text/plain' });
      res.end('E'.repeat(20) + ' ' + 'x'.repeat(200));
    } else if (parts[0] === 'echo') {
      res.writeHead(200, { 'Content-Type': 'application/json', 'Set-Cookie': ['a=1', 'b=2'] });
      res.end(JSON.stringify({ method: req.method, headers: req.headers, body }));
    } else if (parts[0] === 'latency') {
      res.writeHead(200, { 'X-Emulator-Latency-Ms': parts[1] });
      res.end('ok ' + req.headers['x-emulator-now']);
    } else if (parts[0] === 'slow') {
      inFlight++; maxInFlight = Math.max(maxInFlight, inFlight);
      setTimeout(() => { inFlight--; res.writeHead(200); res.end('slow'); }, Number(parts[1]));
    } else if (parts[0] === 'max-in-flight') {
      res.end(String(maxInFlight));
    } else if (parts[0] === 'redirect') {
      res.writeHead(302, { Location: '/echo' });
      res.end();
    } else if (parts[0] === 'big') {
      res.writeHead(200);
      const chunk = Buffer.alloc(1024 * 1024, 97);
      let n = 0;
      const write = () => { while (n < 51) { n++; if (!res.write(chunk)) { res.once('drain', write); return; } } res.end(); };
      write();
    } else {
      res.writeHead(404); res.end('not found');
    }
  });
});
server.listen(0, '127.0.0.1', () => parentPort.postMessage(server.address().port));
`;

let worker: Worker;
let base: string;
let closedPort: number;

beforeAll(async () => {
  worker = new Worker(SERVER, { eval: true });
  const port = await new Promise<number>((resolve) => worker.once('message', resolve));
  base = `http://127.0.0.1:${port}`;
  // a port with nothing listening
  closedPort = await new Promise<number>((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const p = (s.address() as { port: number }).port;
      s.close(() => resolve(p));
    });
  });
});

afterAll(async () => {
  await worker.terminate();
});

function app(w: World): Any {
  return w.execution().globals.UrlFetchApp;
}

describe('UrlFetchApp fake (real HTTP, synchronous)', () => {
  test('GET/POST, headers, payload, emulator headers, response API, request log', () => {
    const w = createWorld();
    const r = app(w).fetch(`${base}/echo`, {
      method: 'post',
      contentType: 'application/json',
      headers: { Authorization: 'Api-Key secret_live_x' },
      payload: '{"a":1}',
    });
    expect(r.getResponseCode()).toBe(200);
    const echo = JSON.parse(r.getContentText());
    expect(echo.method).toBe('POST');
    expect(echo.body).toBe('{"a":1}');
    expect(echo.headers['content-type']).toBe('application/json');
    expect(echo.headers.authorization).toBe('Api-Key secret_live_x');
    expect(echo.headers['x-emulator-virtual']).toBe('1');
    expect(echo.headers['x-emulator-now']).toBe(String(w.clock.now()));
    expect(r.getHeaders()['Content-Type']).toBe('application/json');
    expect(r.getAllHeaders()['Set-Cookie']).toEqual(['a=1', 'b=2']);
    expect(r.getBlob().getDataAsString()).toBe(r.getContentText());
    expect(w.http).toHaveLength(1);
    expect(w.http[0]).toMatchObject({
      url: `${base}/echo`,
      method: 'POST',
      status: 200,
      payload: '{"a":1}',
      virtualTime: w.clock.now(),
    });
    expect(w.allText().join('\n')).not.toContain('secret_live_x');
  });

  test('status >= 400 throws unless muteHttpExceptions', () => {
    const w = createWorld();
    const u = app(w);
    expect(() => u.fetch(`${base}/status/429`)).toThrow(
      `Request failed for ${base}/status/429 returned code 429. Truncated server response: ${'E'.repeat(20)} ${'x'.repeat(79)} (use muteHttpExceptions option to examine full response)`,
    );
    const r = u.fetch(`${base}/status/500`, { muteHttpExceptions: true });
    expect(r.getResponseCode()).toBe(500);
    expect(r.getContentText()).toHaveLength(221);
    expect(u.fetch(`${base}/status/204`).getResponseCode()).toBe(204);
  });

  test('redirects are followed unless followRedirects is false', () => {
    const u = app(createWorld());
    expect(JSON.parse(u.fetch(`${base}/redirect`).getContentText()).method).toBe('GET');
    const r = u.fetch(`${base}/redirect`, { followRedirects: false });
    expect(r.getResponseCode()).toBe(302);
    expect(r.getHeaders().Location).toBe('/echo');
  });

  test('virtual latency header advances the clock; above the timeout it throws', () => {
    const w = createWorld({ urlFetchTimeoutMs: 60_000 });
    const u = app(w);
    const t0 = w.clock.now();
    const real0 = Date.now();
    expect(u.fetch(`${base}/latency/1500`).getContentText()).toBe(`ok ${t0}`);
    expect(w.clock.now() - t0).toBe(1500);
    // Virtual: a real wait of 1.5 s would show here.
    expect(Date.now() - real0).toBeLessThan(1450);
    expect(() => u.fetch(`${base}/latency/60001`)).toThrow(`Timeout: ${base}/latency/60001`);
    expect(w.clock.now() - t0).toBe(1500 + 60_000);
  });

  test('fetchAll runs concurrently; the clock advances by the slowest request', () => {
    const w = createWorld();
    const u = app(w);
    const t0 = w.clock.now();
    const rs = u.fetchAll([
      `${base}/latency/100`,
      { url: `${base}/latency/900` },
      { url: `${base}/echo`, method: 'put', payload: 'p' },
    ]);
    expect(rs.map((r: Any) => r.getResponseCode())).toEqual([200, 200, 200]);
    expect(w.clock.now() - t0).toBe(900);
    // The server counts the requests it holds at once: four means they really went out together.
    u.fetchAll([1, 2, 3, 4].map(() => `${base}/slow/300`));
    expect(u.fetch(`${base}/max-in-flight`).getContentText()).toBe('4');
    expect(() => u.fetchAll([`${base}/echo`, `${base}/status/401`])).toThrow(/returned code 401/);
  });

  test('only the local emulator is reachable; connection failures; URL and response limits', () => {
    const w = createWorld();
    const u = app(w);
    expect(() => u.fetch('https://api-admin.adapty.io/api/v1/client-api/metrics/analytics/')).toThrow(
      'DNS error: https://api-admin.adapty.io/api/v1/client-api/metrics/analytics/',
    );
    expect(w.http[0]).toMatchObject({ status: 0, error: 'dns' });
    expect(() => u.fetch(`http://127.0.0.1:${closedPort}/x`)).toThrow(
      `Address unavailable: http://127.0.0.1:${closedPort}/x`,
    );
    expect(() => u.fetch(`${base}/echo?q=${'a'.repeat(2048)}`)).toThrow('Limit Exceeded: URLFetch URL Length.');
    expect(() => u.fetch(`${base}/big`)).toThrow('Limit Exceeded: URLFetch response size.');
    expect(() => u.fetch(`${base}/echo`, { method: 'connect' })).toThrow(/Invalid argument/);
  });

  test('limited and custom_function modes', () => {
    const w = createWorld();
    expect(() => (w.execution('limited').globals as Any).UrlFetchApp.fetch(`${base}/echo`)).toThrow(
      'You do not have permission to call UrlFetchApp.fetch',
    );
    expect((w.execution('custom_function').globals as Any).UrlFetchApp.fetch(`${base}/echo`).getResponseCode()).toBe(
      200,
    );
  });
});
