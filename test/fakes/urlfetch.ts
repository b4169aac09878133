/**
 * UrlFetchApp fake: REAL HTTP (to 127.0.0.1/localhost only), synchronous like Apps Script.
 * A worker thread does the I/O; this thread blocks on Atomics.wait. Consequence for tests: the HTTP
 * server must NOT run on the thread that calls UrlFetchApp (start it in a Worker or a child process),
 * or the call deadlocks until the real-time safety timeout.
 */
import { MessageChannel, type MessagePort, Worker, receiveMessageOnPort } from 'worker_threads';
import type { Execution } from './execution';
import { WORKER_SOURCE } from './urlfetch-worker';
import { BlobImpl } from './utilities';
import { isPlainObject, serviceError, toBuffer, toSignedBytes } from './util';

export const MAX_URL_LENGTH = 2048;
export const MAX_RESPONSE_BYTES = 50 * 1024 * 1024;
export const LATENCY_HEADER = 'x-emulator-latency-ms';
const ALLOWED_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);
const METHODS = new Set(['get', 'delete', 'patch', 'post', 'put']);

interface WireRequest {
  url: string;
  method: string;
  headers: Record<string, string>;
  body: Uint8Array | null;
  followRedirects: boolean;
  validateHttpsCertificates: boolean;
  timeoutMs: number;
  maxBytes: number;
}

interface WireResult {
  status?: number;
  rawHeaders?: string[];
  body?: Uint8Array;
  url?: string;
  error?: 'connect' | 'timeout' | 'toolarge' | 'invalid';
  message?: string;
}

interface Transport {
  worker: Worker;
  port: MessagePort;
  counter: Int32Array;
  seq: number;
}

let transport: Transport | null = null;

function getTransport(): Transport {
  if (transport) return transport;
  const sab = new SharedArrayBuffer(4);
  const { port1, port2 } = new MessageChannel();
  const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { sab, port: port2 }, transferList: [port2] });
  worker.unref();
  worker.on('error', () => {
    transport = null;
  });
  transport = { worker, port: port1, counter: new Int32Array(sab), seq: 0 };
  return transport;
}

/** Performs the requests concurrently in the worker; blocks this thread until all are done. */
export function syncHttp(requests: WireRequest[], realTimeoutMs: number): WireResult[] {
  const t = getTransport();
  const id = ++t.seq;
  // Real time (not Date.now, which jest's fake timers may freeze).
  const realNow = () => Number(process.hrtime.bigint() / BigInt(1_000_000));
  const deadline = realNow() + realTimeoutMs;
  t.worker.postMessage({ id, requests });
  const drain = (): WireResult[] | null => {
    for (;;) {
      const m = receiveMessageOnPort(t.port);
      if (!m) return null;
      if (m.message.id === id) return m.message.results;
    }
  };
  for (;;) {
    let got = drain();
    if (got) return got;
    const seen = Atomics.load(t.counter, 0);
    // Drain again: a result may have landed between the drain and the load.
    got = drain();
    if (got) return got;
    const left = deadline - realNow();
    if (left <= 0) return requests.map(() => ({ error: 'timeout' as const }));
    Atomics.wait(t.counter, 0, seen, left);
  }
}

function headerMap(raw: string[] | undefined): {
  single: Record<string, string>;
  all: Record<string, string | string[]>;
} {
  const single: Record<string, string> = {};
  const all: Record<string, string | string[]> = {};
  const canon = new Map<string, string>();
  for (let i = 0; raw && i + 1 < raw.length; i += 2) {
    const lower = raw[i].toLowerCase();
    const name = canon.get(lower) ?? raw[i];
    canon.set(lower, name);
    const v = raw[i + 1];
    if (name in all) {
      const prev = all[name];
      all[name] = Array.isArray(prev) ? [...prev, v] : [prev, v];
    } else {
      all[name] = v;
      single[name] = v;
    }
  }
  return { single, all };
}

export class HTTPResponseImpl {
  constructor(
    private _status: number,
    private _raw: string[],
    private _body: Buffer,
    private _x: Execution,
  ) {}
  getResponseCode(): number {
    return this._status;
  }
  getContentText(charset?: string): string {
    return this._body.toString(charset && /ascii|latin|8859/i.test(charset) ? 'latin1' : 'utf8');
  }
  getContent(): number[] {
    return toSignedBytes(this._body);
  }
  getHeaders(): Record<string, string> {
    return headerMap(this._raw).single;
  }
  getAllHeaders(): Record<string, string | string[]> {
    return headerMap(this._raw).all;
  }
  getBlob(): unknown {
    const ct = headerMap(this._raw).single;
    const type = Object.keys(ct).find((k) => k.toLowerCase() === 'content-type');
    return this._x.wrap('Blob', new BlobImpl(this._body, type ? ct[type] : null, null));
  }
  getAs(contentType: string): unknown {
    return this._x.wrap('Blob', new BlobImpl(this._body, contentType, null));
  }
}

interface Prepared {
  wire: WireRequest;
  mute: boolean;
  recordHeaders: Record<string, string>;
  payloadText: string | null;
}

function encodeForm(o: Record<string, unknown>): string {
  return Object.keys(o)
    .map((k) => `${encodeURIComponent(k)}=${encodeURIComponent(String(o[k]))}`)
    .join('&');
}

export function createUrlFetchApp(x: Execution): GoogleAppsScript.URL_Fetch.UrlFetchApp {
  const w = x.world;
  const timeoutMs = w.options.urlFetchTimeoutMs;

  const prepare = (urlArg: unknown, paramsArg: unknown): Prepared => {
    if (typeof urlArg !== 'string' || !urlArg) throw serviceError(`Invalid argument: url`);
    const url = urlArg;
    if (url.length > MAX_URL_LENGTH) throw serviceError('Limit Exceeded: URLFetch URL Length.');
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      throw serviceError(`Invalid argument: ${url}`);
    }
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw serviceError(`Invalid argument: ${url}`);
    if (!ALLOWED_HOSTS.has(parsed.hostname)) {
      // Nothing real is reachable: record the attempt (status 0) and fail like an unknown host.
      w.http.push({
        url,
        method: String((paramsArg as Record<string, unknown> | undefined)?.method ?? 'get').toUpperCase(),
        headers: {},
        payload: null,
        status: 0,
        virtualTime: w.clock.now(),
        latencyMs: 0,
        responseHeaders: {},
        responseBody: null,
        error: 'dns',
        executionId: x.id,
      });
      throw serviceError(`DNS error: ${url}`);
    }
    const p = (paramsArg ?? {}) as Record<string, unknown>;
    if (paramsArg !== undefined && paramsArg !== null && !isPlainObject(paramsArg))
      throw serviceError('Invalid argument: params');
    const method = String(p.method ?? 'get').toLowerCase();
    if (!METHODS.has(method)) throw serviceError(`Invalid argument: method`);
    const headers: Record<string, string> = {};
    if (p.headers !== undefined && p.headers !== null) {
      if (!isPlainObject(p.headers)) throw serviceError('Invalid argument: headers');
      for (const k of Object.keys(p.headers)) headers[k] = String(p.headers[k]);
    }
    let body: Buffer | null = null;
    let payloadText: string | null = null;
    const payload = p.payload;
    if (payload !== undefined && payload !== null) {
      if (typeof payload === 'string') {
        body = Buffer.from(payload, 'utf8');
        payloadText = payload;
      } else if (Array.isArray(payload)) body = toBuffer(payload);
      else if (isPlainObject(payload)) {
        payloadText = encodeForm(payload);
        body = Buffer.from(payloadText, 'utf8');
      } else body = toBuffer(payload);
      if (payloadText === null) payloadText = body.toString('utf8');
    }
    const hasCt = Object.keys(headers).some((k) => k.toLowerCase() === 'content-type');
    if (p.contentType !== undefined) {
      for (const k of Object.keys(headers)) if (k.toLowerCase() === 'content-type') delete headers[k];
      headers['Content-Type'] = String(p.contentType);
    } else if (body && !hasCt) headers['Content-Type'] = 'application/x-www-form-urlencoded';
    if (!Object.keys(headers).some((k) => k.toLowerCase() === 'user-agent')) {
      headers['User-Agent'] =
        'Mozilla/5.0 (compatible; Google-Apps-Script; beanserver; +https://script.google.com; id: FAKE)';
    }
    headers['X-Emulator-Virtual'] = '1';
    headers['X-Emulator-Now'] = String(w.clock.now());
    return {
      wire: {
        url,
        method: method.toUpperCase(),
        headers,
        body: body ? new Uint8Array(body) : null,
        followRedirects: p.followRedirects !== false,
        validateHttpsCertificates: p.validateHttpsCertificates !== false,
        timeoutMs,
        maxBytes: MAX_RESPONSE_BYTES,
      },
      mute: p.muteHttpExceptions === true,
      recordHeaders: headers,
      payloadText,
    };
  };

  const latencyOf = (r: WireResult): number => {
    if (r.error || !r.rawHeaders) return 0;
    for (let i = 0; i + 1 < r.rawHeaders.length; i += 2) {
      if (r.rawHeaders[i].toLowerCase() === LATENCY_HEADER) {
        const n = Number(r.rawHeaders[i + 1]);
        return Number.isFinite(n) && n > 0 ? n : 0;
      }
    }
    return 0;
  };

  /** Sends the requests; `single`: the caller asked for one response, not a list (fetch, not fetchAll). */
  const run = (prepared: Prepared[], single = false): unknown => {
    const sentAt = w.clock.now();
    const results = syncHttp(
      prepared.map((p) => p.wire),
      timeoutMs + 5000,
    );
    // Virtual time: the batch takes as long as its slowest request (capped at the timeout).
    let advance = 0;
    results.forEach((r, i) => {
      const lat = r.error === 'timeout' ? timeoutMs : Math.min(latencyOf(r), timeoutMs);
      advance = Math.max(advance, lat);
      const body = r.body ? Buffer.from(r.body) : null;
      w.http.push({
        url: prepared[i].wire.url,
        method: prepared[i].wire.method,
        headers: { ...prepared[i].recordHeaders },
        payload: prepared[i].payloadText,
        status: r.status ?? 0,
        virtualTime: sentAt,
        latencyMs: latencyOf(r),
        responseHeaders: r.rawHeaders ? headerMap(r.rawHeaders).all : {},
        responseBody: body ? body.toString('utf8') : null,
        error: r.error ?? null,
        executionId: x.id,
      });
    });
    // The caller blocks for the latency; under the concurrent scheduler other executions run meanwhile.
    return x.pause(advance, () => {
      const out = results.map((r, i) => {
        const url = prepared[i].wire.url;
        if (r.error === 'timeout' || latencyOf(r) > timeoutMs) throw serviceError(`Timeout: ${url}`);
        if (r.error === 'toolarge') throw serviceError('Limit Exceeded: URLFetch response size.');
        if (r.error) throw serviceError(`Address unavailable: ${url}`);
        const status = r.status ?? 0;
        const body = Buffer.from(r.body ?? new Uint8Array(0));
        if (status >= 400 && !prepared[i].mute) {
          const text = body.toString('utf8').slice(0, 100);
          throw serviceError(
            `Request failed for ${url} returned code ${status}. Truncated server response: ${text} (use muteHttpExceptions option to examine full response)`,
          );
        }
        return x.wrap('HTTPResponse', new HTTPResponseImpl(status, r.rawHeaders ?? [], body, x));
      });
      return single ? out[0] : out;
    });
  };

  const svc = {
    fetch(url: unknown, params?: unknown) {
      return run([prepare(url, params)], true);
    },
    fetchAll(requests: unknown) {
      if (!Array.isArray(requests)) throw serviceError('Invalid argument: requests');
      const prepared = requests.map((r) => {
        if (typeof r === 'string') return prepare(r, undefined);
        if (!isPlainObject(r)) throw serviceError('Invalid argument: requests');
        const { url, ...rest } = r;
        return prepare(url, rest);
      });
      if (prepared.length === 0) return [];
      return run(prepared);
    },
    getRequest(url: unknown, params?: unknown) {
      const p = prepare(url, params);
      return {
        url: p.wire.url,
        method: p.wire.method.toLowerCase(),
        headers: p.recordHeaders,
        payload: p.payloadText ?? '',
      };
    },
  };
  return x.wrap('UrlFetchApp', svc) as unknown as GoogleAppsScript.URL_Fetch.UrlFetchApp;
}
