/**
 * An offline emulator of Adapty's export analytics API: a real HTTP server on loopback that answers
 * like api-admin.adapty.io (API.md), from deterministic simulated apps, with a rate limit, switchable
 * faults, a virtual-time protocol for the Apps Script fakes, and an admin API under /__emulator/.
 */
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { API_PREFIX, ENDPOINTS, RULES, type EndpointDef } from '../src/catalog/catalog';
import { csvAnswer, jsonAnswer } from './answers';
import { DEMO_APPS, type DemoApp } from './apps';
import {
  HTML_200_PAGE,
  HTML_500,
  HTML_502_NGINX,
  HTML_502_PAGE,
  checkSpec,
  parseFaultList,
  parseFault,
  restated,
  type Fault,
  type FaultSpec,
} from './faults';
import { echoReply } from './echo';
import { modelFor, type AppModel } from './model';
import { isValidZone } from './tz';
import { validate, type FieldError } from './validate';

export type { DemoApp } from './apps';
export type { FaultSpec } from './faults';
export { DEMO_APPS, DEMO_KEY, demoKey } from './apps';

export interface EmulatorOptions {
  /** 0 (default) = a free port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Default DEMO_APPS. */
  apps?: DemoApp[];
  /**
   * Adds the real API's own response time (≈150 ms plus a little per 100 kB) to every answer: slept
   * for real, or reported in X-Emulator-Latency-Ms under the virtual protocol. Default false.
   */
  realTime?: boolean;
  /** Requests per second per key; default RULES.rateLimitPerSecond. 0 turns the limiter off. */
  rateLimitPerSecond?: number;
}

export interface RecordedRequest {
  method: string;
  path: string;
  /** Lower-cased names; Authorization is never recorded. */
  headers: Record<string, string>;
  body: string;
  status: number;
  /** The clock the request was judged by (X-Emulator-Now under the virtual protocol, else Date.now()). */
  at: number;
  /** The app the key selected, or null (no key, unknown key). */
  app: string | null;
  /** The fault that answered it, if any. */
  fault?: string;
  /** Simulated latency (ms). */
  latencyMs: number;
}

export interface Emulator {
  url: string;
  port: number;
  apps: { key: string; name: string; seed: number }[];
  demoKey: string;
  /** Every API request so far (not the admin ones), oldest first. Cleared by reset(). */
  requests: RecordedRequest[];
  setFaults(key: string, faults: FaultSpec): void;
  clearFaults(key?: string): void;
  /** Clears faults, rate-limit windows and recorded requests. */
  reset(): void;
  close(): Promise<void>;
}

const ADMIN_PREFIX = '/__emulator/';
const MAX_RECORDED = 5000;
const MAX_BODY = 1_000_000;

interface Reply {
  status: number;
  headers: Record<string, string>;
  body: string;
  /** Destroy the socket instead of answering. */
  reset?: boolean;
}

const jsonReply = (status: number, body: unknown, headers: Record<string, string> = {}): Reply => ({
  status,
  headers: { 'content-type': 'application/json', ...headers },
  body: JSON.stringify(body),
});

/** `{"errors":[{"source":…,"errors":[…]}],"error_code":…,"status_code":…}` — the documented error shape. */
export function errorBody(status: number, code: string, errors: { source: string; messages: string[] }[]): unknown {
  return {
    errors: errors.map((e) => ({ source: e.source, errors: e.messages })),
    error_code: code,
    status_code: status,
  };
}

function validationReply(errors: FieldError[], legacy: boolean): Reply {
  if (legacy) {
    const byField: Record<string, string[]> = {};
    for (const e of errors) (byField[e.source] ??= []).push(e.message);
    return jsonReply(400, { errors: byField, error_code: 'base_error', status_code: 400 });
  }
  const grouped: { source: string; messages: string[] }[] = [];
  for (const e of errors) {
    const g = grouped.find((x) => x.source === e.source);
    if (g) g.messages.push(e.message);
    else grouped.push({ source: e.source, messages: [e.message] });
  }
  return jsonReply(400, errorBody(400, errors[0].code, grouped));
}

const NOT_AUTHENTICATED = errorBody(401, 'not_authenticated', [
  { source: 'non_field_errors', messages: ['Authentication credentials were not provided.'] },
]);
const throttled = (wait: number) =>
  errorBody(429, 'throttled', [
    {
      source: 'non_field_errors',
      messages: [`Request was throttled. Expected available in ${wait} second${wait === 1 ? '' : 's'}.`],
    },
  ]);

export async function startEmulator(opts: EmulatorOptions = {}): Promise<Emulator> {
  const host = opts.host ?? '127.0.0.1';
  const apps = opts.apps ?? [...DEMO_APPS];
  const byKey = new Map<string, { app: DemoApp; model: AppModel }>();
  for (const app of apps) {
    if (byKey.has(app.key)) throw new Error(`duplicate app key for ${app.name}`);
    byKey.set(app.key, { app, model: modelFor(app) });
  }
  const limit = opts.rateLimitPerSecond ?? RULES.rateLimitPerSecond;
  const faults = new Map<string, FaultSpec>();
  const windows = new Map<string, number[]>();
  const requests: RecordedRequest[] = [];
  const timers = new Set<NodeJS.Timeout>();
  const sockets = new Set<Socket>();
  const endpointByPath = new Map<string, EndpointDef>(ENDPOINTS.map((e) => [API_PREFIX + e.path, e]));

  const setFaults = (key: string, spec: FaultSpec) => {
    if (!byKey.has(key)) throw new Error("setFaults: unknown key (use one of the emulator apps' keys)");
    faults.set(key, checkSpec(spec));
  };
  const clearFaults = (key?: string) => {
    if (key === undefined) faults.clear();
    else faults.delete(key);
  };
  const reset = () => {
    faults.clear();
    windows.clear();
    requests.length = 0;
  };

  /** The API proper: everything after faults. */
  const handleApi = (
    req: http.IncomingMessage,
    path: string,
    raw: string,
    key: string | null,
    now: number,
    virtual: boolean,
    legacy: boolean,
  ): Reply => {
    const endpoint = endpointByPath.get(path);
    if (!endpoint) {
      if (endpointByPath.has(path + '/'))
        return { status: 301, headers: { location: path + '/', 'content-type': 'text/html; charset=utf-8' }, body: '' };
      return jsonReply(404, errorBody(404, 'not_found', [{ source: 'non_field_errors', messages: ['Not found.'] }]));
    }
    const entry = key ? byKey.get(key) : undefined;
    if (!entry) return jsonReply(401, NOT_AUTHENTICATED, { 'www-authenticate': 'Api-Key' });
    // Throttle (DRF checks it right after authentication, before the method).
    if (limit > 0) {
      const wkey = `${virtual ? 'v' : 'r'}|${key}`;
      const win = (windows.get(wkey) ?? []).filter((t) => now - t < 1000 && t <= now);
      if (win.length >= limit) {
        windows.set(wkey, win);
        const spec = faults.get(key!);
        const wait = Math.max(1, Math.ceil((win[0] + 1000 - now) / 1000));
        const headers: Record<string, string> =
          spec?.rateLimitRetryAfter !== undefined ? { 'retry-after': String(spec.rateLimitRetryAfter) } : {};
        return jsonReply(429, throttled(wait), headers);
      }
      win.push(now);
      windows.set(wkey, win);
    }
    if (req.method === 'OPTIONS')
      return {
        status: 200,
        headers: { allow: 'POST, OPTIONS', 'content-type': 'application/json' },
        body: JSON.stringify({
          name: endpoint.label,
          renders: ['application/json', 'text/csv'],
          parses: ['application/json'],
        }),
      };
    if (req.method !== 'POST') {
      return jsonReply(
        405,
        errorBody(405, 'method_not_allowed', [
          { source: 'non_field_errors', messages: [`Method "${req.method}" not allowed.`] },
        ]),
        { allow: 'POST, OPTIONS' },
      );
    }
    const ctype = String(req.headers['content-type'] ?? '');
    if (!/^application\/json\s*(;|$)/i.test(ctype)) {
      return jsonReply(
        415,
        errorBody(415, 'unsupported_media_type', [
          { source: 'non_field_errors', messages: [`Unsupported media type "${ctype}" in request.`] },
        ]),
      );
    }
    let body: unknown;
    try {
      body = JSON.parse(raw);
    } catch (e) {
      return jsonReply(
        400,
        errorBody(400, 'parse_error', [
          { source: 'non_field_errors', messages: [`JSON parse error - ${(e as Error).message}`] },
        ]),
      );
    }
    const v = validate(endpoint, body);
    const tzHeader = req.headers['adapty-tz'];
    const tzErrors: FieldError[] = [];
    let tz = entry.model.app.timeZone;
    if (tzHeader !== undefined) {
      const t = String(tzHeader).trim();
      if (!isValidZone(t))
        tzErrors.push({
          source: 'Adapty-Tz',
          code: 'invalid',
          message: `unknown time zone ${JSON.stringify(t)}: send an IANA name such as Europe/Berlin`,
        });
      else tz = t;
    }
    if (!v.ok || tzErrors.length) return validationReply([...(v.ok ? [] : v.errors), ...tzErrors], legacy);
    const ctx = { model: entry.model, req: v.req, tz };
    const restate = faults.get(key!)?.restate;
    const json = restate ? restated(jsonAnswer(ctx), restate) : jsonAnswer(ctx);
    // Placements choose CSV by `Accept: text/csv` (Adapty's spec lists no body `format` there); the
    // metrics endpoints by the body's `format`.
    const wantsCsv =
      endpoint.id === 'placements' ? /^\s*text\/csv/i.test(String(req.headers.accept ?? '')) : v.req.format === 'csv';
    if (wantsCsv) {
      return {
        status: 200,
        headers: {
          'content-type': 'text/csv; charset=utf-8',
          'content-disposition': `attachment; filename="${endpoint.id}.csv"`,
        },
        body: csvAnswer(ctx, json),
      };
    }
    return jsonReply(200, json);
  };

  const faultReply = (f: Fault, run: () => Reply, legacyRun: () => Reply, auth: string, path: string): Reply => {
    switch (f.kind) {
      case 'echo':
        return echoReply(f.shape, f.form, auth, path, run);
      case '429':
        return jsonReply(
          429,
          throttled(f.retryAfter ?? 1),
          f.retryAfter !== undefined ? { 'retry-after': String(f.retryAfter) } : {},
        );
      case '500':
        return { status: 500, headers: { 'content-type': 'text/html; charset=utf-8' }, body: HTML_500 };
      case '502':
        return { status: 502, headers: { 'content-type': 'text/html' }, body: HTML_502_NGINX };
      case '503':
        return jsonReply(
          503,
          errorBody(503, 'service_unavailable', [
            { source: 'non_field_errors', messages: ['Service temporarily unavailable, try again later.'] },
          ]),
        );
      case 'html':
        return { status: 502, headers: { 'content-type': 'text/html; charset=UTF-8' }, body: HTML_502_PAGE };
      case 'html200':
        return { status: 200, headers: { 'content-type': 'text/html; charset=utf-8' }, body: HTML_200_PAGE };
      case 'empty':
        return { status: 200, headers: { 'content-type': 'application/json' }, body: '' };
      case 'reset':
        return { status: 0, headers: {}, body: '', reset: true };
      case 'truncated': {
        const r = run();
        return { status: 200, headers: r.headers, body: r.body.slice(0, Math.max(1, Math.floor(r.body.length / 2))) };
      }
      case '400list':
        // A 400 listing every problem, as DRF does for a request with many bad values.
        return jsonReply(
          400,
          errorBody(
            400,
            'invalid',
            Array.from({ length: f.count }, (_, i) => ({
              source: `filters.store_product_id.${i}`,
              messages: [`"app_store:product_${i}" is not a product of this app; use one listed in Adapty › Products`],
            })),
          ),
        );
      case 'legacy400': {
        const r = legacyRun();
        if (r.status === 400) return r;
        return jsonReply(400, {
          errors: { filters: ['Invalid filters: the request could not be processed.'] },
          error_code: 'base_error',
          status_code: 400,
        });
      }
      default:
        return run();
    }
  };

  const onRequest = (req: http.IncomingMessage, res: http.ServerResponse) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size <= MAX_BODY) chunks.push(c);
    });
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      const url = new URL(req.url ?? '/', 'http://emulator.local');
      if (url.pathname.startsWith(ADMIN_PREFIX) || url.pathname === ADMIN_PREFIX.slice(0, -1)) {
        send(res, admin(req.method ?? 'GET', url, raw));
        return;
      }
      const virtual = req.headers['x-emulator-virtual'] === '1';
      const nowHeader = Number(req.headers['x-emulator-now']);
      const now =
        virtual && Number.isFinite(nowHeader) && req.headers['x-emulator-now'] !== undefined ? nowHeader : Date.now();
      const auth = String(req.headers.authorization ?? '');
      const m = /^Api-Key\s+(\S+)\s*$/.exec(auth);
      const key = m ? m[1] : null;
      const entry = key ? byKey.get(key) : undefined;
      const spec = entry ? faults.get(key!) : undefined;
      const headerLegacy = req.headers['x-emulator-legacy-errors'] === '1';
      let latency = spec?.latencyMs ?? 0;
      let fault: Fault = { kind: 'ok' };
      let faultText: string | undefined;
      let reply: Reply | undefined;
      const faultHeader = req.headers['x-emulator-fault'];
      if (faultHeader !== undefined) {
        try {
          for (const f of parseFaultList(String(faultHeader))) {
            if (f.kind === 'latency') latency += f.ms;
            else if (fault.kind === 'ok') fault = f;
          }
          faultText = String(faultHeader);
        } catch (e) {
          reply = jsonReply(
            400,
            errorBody(400, 'emulator_fault', [{ source: 'X-Emulator-Fault', messages: [(e as Error).message] }]),
          );
        }
      } else if (spec?.queue?.length) {
        faultText = spec.queue.shift()!;
        const f = parseFault(faultText);
        if (f.kind === 'latency') latency += f.ms;
        else fault = f;
      }
      if (fault.kind === 'hang') latency += fault.ms;
      const path = url.pathname;
      const legacy = headerLegacy || spec?.legacyErrors === true;
      if (!reply) {
        reply = faultReply(
          fault,
          () => handleApi(req, path, raw, key, now, virtual, legacy),
          () => handleApi(req, path, raw, key, now, virtual, true),
          auth,
          path,
        );
      }
      if (opts.realTime) latency += 150 + Math.min(2000, Math.round(reply.body.length / 1000));
      const headers: Record<string, string> = { ...reply.headers };
      if (virtual) headers['x-emulator-latency-ms'] = String(latency);
      const recordHeaders: Record<string, string> = {};
      for (const [k, v] of Object.entries(req.headers))
        if (k !== 'authorization' && v !== undefined) recordHeaders[k] = Array.isArray(v) ? v.join(', ') : v;
      requests.push({
        method: req.method ?? '',
        path: url.pathname + url.search,
        headers: recordHeaders,
        body: raw,
        status: reply.status,
        at: now,
        app: entry ? entry.app.name : null,
        ...(fault.kind !== 'ok' || faultText ? { fault: faultText } : {}),
        latencyMs: latency,
      });
      if (requests.length > MAX_RECORDED) requests.splice(0, requests.length - MAX_RECORDED);
      const final = reply;
      const go = () => {
        if (final.reset) {
          req.socket.destroy();
          return;
        }
        send(res, { ...final, headers });
      };
      if (virtual || latency <= 0 || final.reset) go();
      else {
        const t = setTimeout(() => {
          timers.delete(t);
          go();
        }, latency);
        timers.add(t);
      }
    });
  };

  const admin = (method: string, url: URL, raw: string): Reply => {
    const route = url.pathname.replace(/\/+$/, '').slice(ADMIN_PREFIX.length - 1) || '/';
    let body: Record<string, unknown> = {};
    if (raw.trim()) {
      try {
        body = JSON.parse(raw) as Record<string, unknown>;
      } catch {
        return jsonReply(400, { error: 'admin bodies are JSON' });
      }
    }
    try {
      if (route === '/' || route === '/info') return jsonReply(200, info());
      if (route === '/faults' && method === 'GET') return jsonReply(200, Object.fromEntries(faults));
      if (route === '/faults' && method === 'POST') {
        setFaults(String(body.key), body.faults as FaultSpec);
        return jsonReply(200, { ok: true, faults: faults.get(String(body.key)) });
      }
      if ((route === '/faults' && method === 'DELETE') || (route === '/faults/clear' && method === 'POST')) {
        const key = (body.key as string | undefined) ?? url.searchParams.get('key') ?? undefined;
        clearFaults(key);
        return jsonReply(200, { ok: true });
      }
      if (route === '/requests' && method === 'GET') {
        const since = Number(url.searchParams.get('since') ?? 0);
        return jsonReply(200, { total: requests.length, requests: requests.slice(Number.isFinite(since) ? since : 0) });
      }
      if (route === '/requests' && method === 'DELETE') {
        requests.length = 0;
        return jsonReply(200, { ok: true });
      }
      if (route === '/reset' && method === 'POST') {
        reset();
        return jsonReply(200, { ok: true });
      }
    } catch (e) {
      return jsonReply(400, { error: (e as Error).message });
    }
    return jsonReply(404, { error: `no admin route ${method} ${url.pathname}; see emulator/README.md` });
  };

  const server = http.createServer(onRequest);
  // Clients here keep connections alive across long synchronous gaps (a test blocked in UrlFetchApp
  // for minutes of real time): with Node's default 5 s the server closes a socket the client is about
  // to reuse ("other side closed"). close() destroys every socket, so a long timeout leaks nothing.
  server.keepAliveTimeout = 10 * 60 * 1000;
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const urlHost = host.includes(':') ? `[${host}]` : host;
  const baseUrl = `http://${urlHost}:${port}`;
  const appList = apps.map((a) => ({ key: a.key, name: a.name, seed: a.seed }));
  const info = () => ({
    url: baseUrl,
    demoKey: apps[0]?.key,
    apps: apps.map((a) => {
      const m = byKey.get(a.key)!.model;
      return {
        key: a.key,
        name: a.name,
        seed: a.seed,
        launchDate: m.app.launchDate,
        timeZone: m.app.timeZone,
        installsPerDay: m.app.installsPerDay,
      };
    }),
    rateLimitPerSecond: limit,
  });

  return {
    url: baseUrl,
    port,
    apps: appList,
    demoKey: apps[0]?.key ?? '',
    requests,
    setFaults,
    clearFaults,
    reset,
    close: () =>
      new Promise<void>((resolve) => {
        for (const t of timers) clearTimeout(t);
        timers.clear();
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

function send(res: http.ServerResponse, r: Reply): void {
  const body = Buffer.from(r.body, 'utf8');
  res.writeHead(r.status, { ...r.headers, 'content-length': String(body.length) });
  res.end(body);
}
