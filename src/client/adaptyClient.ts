/**
 * Sends built requests to Adapty: headers per the contract, ≤ 2 requests per second per key, retries of
 * 429/5xx/network failures with exponential backoff, jitter and Retry-After, all inside a time budget the
 * caller passes. Every failure becomes an AdaptyError whose message says what to do. The key never
 * appears in a message or log line.
 */
import { KEY_WHERE } from '../core/apiKey';
import { RULES } from '../catalog/catalog';
import { ASSUMPTIONS } from '../catalog/assumptions';
import { hasSecret, redactDeep, redactSecret } from '../core/secrets';
import { AdaptyError, excerpt as cutText } from '../core/errors';
import type { BuiltRequest } from '../core/request';
import { isNetworkFailure, type Clock, type HttpOutcome, type HttpPort, type HttpRequest, type LogFn } from './ports';
import { LocalRateGate, type RateGate } from './rateGate';

export interface ClientOptions {
  baseUrl: string;
  apiKey: string;
  /** IANA zone sent as Adapty-Tz (the spreadsheet's). */
  timeZone: string;
  http: HttpPort;
  clock: Clock;
  /** Total time this call may take, retries and waits included (custom function ≈ 25 s, trigger minutes). */
  budgetMs: number;
  log?: LogFn;
  /** Attempts per request, first one included. */
  maxAttempts?: number;
  /**
   * Where sends are booked within the rate limit. Default: this client's own bookings; the add-on passes
   * the gate shared by every execution that uses the key (src/adapters/sharedRateGate.ts).
   */
  gate?: RateGate;
}

export interface Answer {
  /** Parsed JSON, or the CSV text for format=csv. */
  data: unknown;
  /** The body as received (what the cache keeps). */
  text: string;
  attempts: number;
}

export type Outcome = { ok: true; answer: Answer } | { ok: false; error: AdaptyError };

export const BACKOFF = {
  baseMs: 500,
  maxMs: 16000,
  /** Below this much budget left, another attempt is not started. */
  minAttemptMs: 1500,
  /** After a 429 without Retry-After, every sender of the key pauses this long. */
  throttlePauseMs: 1000,
} as const;

interface Pending {
  /** Which client (key) of a sendTogether the request belongs to. */
  group: number;
  c: AdaptyClient;
  index: number;
  req: BuiltRequest;
  attempts: number;
  notBefore: number;
  last?: { status?: number; detail: string; retryAfterMs?: number };
}

export class AdaptyClient {
  private readonly gate: RateGate;
  private readonly maxAttempts: number;

  constructor(private readonly opts: ClientOptions) {
    this.gate = opts.gate ?? new LocalRateGate(() => opts.clock.now());
    this.maxAttempts = opts.maxAttempts ?? 6;
  }

  /** One report; throws its AdaptyError. */
  send(req: BuiltRequest): Answer {
    const [outcome] = this.sendAll([req]);
    if (!outcome.ok) throw outcome.error;
    return outcome.answer;
  }

  /** Several reports, fetched together within the rate limit; one outcome each, in order. */
  sendAll(reqs: BuiltRequest[]): Outcome[] {
    return AdaptyClient.sendTogether([{ client: this, reqs }])[0];
  }

  /**
   * Several keys' reports (a portfolio: one client per app) in the same fetchAll waves, each booked in its
   * own key's limit; the first client's clock, transport and budget run the loop. One outcome per request.
   */
  static sendTogether(groups: Array<{ client: AdaptyClient; reqs: BuiltRequest[] }>): Outcome[][] {
    if (groups.length === 0) return [];
    const { clock, http, budgetMs } = groups[0].client.opts;
    const start = clock.now();
    const deadline = start + budgetMs;
    const results = groups.map((g) => new Array<Outcome>(g.reqs.length));
    const set = (p: Pending, o: Outcome) => (results[p.group][p.index] = o);
    let queue: Pending[] = groups.flatMap((g, group) =>
      g.reqs.map((req, index) => ({ group, c: g.client, index, req, attempts: 0, notBefore: start })),
    );
    // How long an attempt takes here: the last round trip, so a slow server does not tempt a retry
    // that would run past the budget (Apps Script would kill the call with its bare timeout).
    let attemptMs: number = BACKOFF.minAttemptMs;

    while (queue.length > 0) {
      const now = clock.now();
      const left = deadline - now;
      if (left < attemptMs) {
        for (const p of queue) set(p, { ok: false, error: p.c.outOfTime(p, now - start) });
        break;
      }
      const ready = queue.filter((p) => p.notBefore <= now);
      if (ready.length === 0) {
        const next = Math.min(...queue.map((p) => p.notBefore));
        clock.sleep(Math.min(next - now, left - attemptMs + 1));
        continue;
      }
      // Book the sends first: each limit is its key's, shared with every other execution using it.
      const wave: Pending[] = [];
      const failed = new Set<AdaptyClient>();
      let at = now;
      let contended = false;
      for (const c of new Set(ready.map((p) => p.c))) {
        const mine = ready.filter((p) => p.c === c);
        const booking = c.gate.reserve(mine.length, deadline - attemptMs);
        if (booking.count > 0) {
          wave.push(...mine.slice(0, booking.count));
          at = Math.max(at, booking.at);
        } else if (booking.contended && clock.now() < deadline - attemptMs) contended = true;
        else {
          failed.add(c);
          for (const p of queue) if (p.c === c) set(p, { ok: false, error: c.busy(p, booking.at - now) });
        }
      }
      queue = queue.filter((p) => !failed.has(p.c));
      if (wave.length === 0) {
        if (contended) continue;
        break;
      }
      if (at > clock.now()) clock.sleep(at - clock.now());
      const waveStart = clock.now();
      const outcomes = http.fetchAll(wave.map((p) => p.c.toHttp(p.req)));
      const after = clock.now();
      attemptMs = Math.max(BACKOFF.minAttemptMs, after - waveStart);
      const retry: Pending[] = [];
      wave.forEach((p, i) => {
        const c = p.c;
        p.attempts++;
        const verdict = c.judge(p.req, outcomes[i]);
        if (verdict.kind === 'ok') {
          set(p, { ok: true, answer: { data: verdict.data, text: verdict.text, attempts: p.attempts } });
        } else if (verdict.kind === 'fatal') {
          set(p, { ok: false, error: verdict.error });
        } else {
          p.last = verdict;
          // The server's pause applies to every sender of the key, not only to this request.
          if (verdict.status === 429 || verdict.retryAfterMs !== undefined)
            c.gate.holdUntil(after + (verdict.retryAfterMs ?? BACKOFF.throttlePauseMs));
          const delay = c.backoff(p.attempts, verdict.retryAfterMs);
          const gaveUp = p.attempts >= c.maxAttempts;
          if (gaveUp || after + delay + attemptMs > deadline) {
            set(p, { ok: false, error: c.gaveUp(p, after - start, !gaveUp) });
          } else {
            c.log(
              `${p.req.endpoint}: ${verdict.detail}; retry ${p.attempts + 1}/${c.maxAttempts} in ${(delay / 1000).toFixed(1)} s`,
            );
            p.notBefore = after + delay;
            retry.push(p);
          }
        }
      });
      queue = [...queue.filter((p) => !wave.includes(p)), ...retry];
    }
    return results;
  }

  private toHttp(req: BuiltRequest): HttpRequest {
    const headers: Record<string, string> = {
      Authorization: `Api-Key ${this.opts.apiKey}`,
      'Content-Type': 'application/json',
      Accept: req.format === 'csv' ? 'text/csv, application/json' : 'application/json',
    };
    if (ASSUMPTIONS.alwaysSendTimeZone && this.opts.timeZone) headers['Adapty-Tz'] = this.opts.timeZone;
    return {
      url: this.opts.baseUrl.replace(/\/+$/, '') + req.path,
      method: 'post',
      headers,
      payload: JSON.stringify(req.body),
    };
  }

  /** Exponential backoff with jitter in [50 %, 100 %]; Retry-After wins when the server sends it. */
  backoff(attempts: number, retryAfterMs?: number): number {
    if (retryAfterMs !== undefined && ASSUMPTIONS.honourRetryAfter) return Math.max(0, retryAfterMs);
    const ceiling = Math.min(BACKOFF.maxMs, BACKOFF.baseMs * 2 ** (attempts - 1));
    return Math.round(ceiling * (0.5 + 0.5 * this.opts.clock.random()));
  }

  private judge(
    req: BuiltRequest,
    outcome: HttpOutcome,
  ):
    | { kind: 'ok'; data: unknown; text: string }
    | { kind: 'fatal'; error: AdaptyError }
    | { kind: 'retry'; status?: number; detail: string; retryAfterMs?: number } {
    if (isNetworkFailure(outcome))
      return { kind: 'retry', detail: `network failure (${this.bodyExcerpt(outcome.networkError, 200)})` };
    const { status, body, headers } = outcome;
    if (status === 429)
      return {
        kind: 'retry',
        status,
        detail: 'rate limited (HTTP 429)',
        retryAfterMs: parseRetryAfter(headers['retry-after'], this.opts.clock.now()),
      };
    if (status >= 500) {
      const said = this.bodyExcerpt(body);
      return {
        kind: 'retry',
        status,
        detail: `server error (HTTP ${status}${said ? ': ' + said : ''})`,
        // RFC 9110 §10.2.3: a 503 may say when to come back, as a 429 may.
        retryAfterMs: parseRetryAfter(headers['retry-after'], this.opts.clock.now()),
      };
    }
    if (status >= 200 && status < 300) return this.parseBody(req, status, body, headers);
    return { kind: 'fatal', error: this.clientError(req, status, body) };
  }

  private parseBody(
    req: BuiltRequest,
    status: number,
    body: string,
    headers: Record<string, string>,
  ): { kind: 'ok'; data: unknown; text: string } | { kind: 'fatal'; error: AdaptyError } {
    const text = body ?? '';
    if (text.trim() === '')
      return {
        kind: 'fatal',
        error: new AdaptyError(
          'bad_answer',
          `Adapty answered ${req.endpoint} with an empty body (HTTP ${status}). Nothing was written; try again later.`,
          status,
        ),
      };
    if (looksLikeHtml(text)) {
      return {
        kind: 'fatal',
        error: new AdaptyError(
          'bad_answer',
          `Adapty answered ${req.endpoint} with a web page instead of data (HTTP ${status}: "${this.bodyExcerpt(text)}"). Nothing was written; try again later.`,
          status,
        ),
      };
    }
    const type = (headers['content-type'] ?? '').toLowerCase();
    // A server that reflects request data could put the key into labels: a good answer is cleaned too,
    // before it is cached, written or shown.
    const key = this.opts.apiKey;
    const leaks = hasSecret(text, key);
    if (req.format === 'csv' && !type.includes('json')) {
      const clean = leaks ? redactSecret(text, key) : text;
      return { kind: 'ok', data: clean, text: clean };
    }
    try {
      const data: unknown = JSON.parse(text);
      if (!leaks) return { kind: 'ok', data, text };
      const clean = redactDeep(data, key);
      return { kind: 'ok', data: clean, text: JSON.stringify(clean) };
    } catch {
      return {
        kind: 'fatal',
        error: new AdaptyError(
          'bad_answer',
          `Adapty's answer to ${req.endpoint} is not valid JSON (HTTP ${status}, ${text.length} bytes, it may have been cut off). Nothing was written; try again.`,
          status,
        ),
      };
    }
  }

  private clientError(req: BuiltRequest, status: number, body: string): AdaptyError {
    const parsed = safeJson(body);
    if (status === 400) {
      // The whole description is redacted before it is cut: a cut key would escape redaction.
      const detail = cut(this.clean(describe400(parsed)), 500) || this.bodyExcerpt(body) || 'no details';
      return new AdaptyError(
        'api_validation',
        `Adapty refused the ${req.endpoint} request (HTTP 400): ${this.clean(detail)}. Check that option and try again.`,
        status,
      );
    }
    if (status === 401) {
      return new AdaptyError(
        'auth',
        `Adapty did not accept the API key (HTTP 401). Open Extensions › Adapty › Settings and paste the app's secret key from ${KEY_WHERE}.`,
        status,
      );
    }
    if (status === 403) {
      return new AdaptyError(
        'auth',
        'Adapty refused access with this API key (HTTP 403). Check that the key belongs to the app you want and has not been revoked (Extensions › Adapty › Settings).',
        status,
      );
    }
    if (status === 404) {
      return new AdaptyError(
        'not_found',
        `Adapty has no ${req.path} (HTTP 404): the API path may have changed — update the add-on, or check the base URL setting.`,
        status,
      );
    }
    const said = this.bodyExcerpt(body);
    return new AdaptyError(
      'api_validation',
      `Adapty answered ${req.endpoint} with HTTP ${status}${said ? ` ("${said}")` : ''}.`,
      status,
    );
  }

  private gaveUp(p: Pending, elapsedMs: number, budget: boolean): AdaptyError {
    const secs = (elapsedMs / 1000).toFixed(1);
    const tries = `${p.attempts} attempt${p.attempts === 1 ? '' : 's'} in ${secs} s`;
    const last = p.last!;
    const why = budget ? 'and the time budget does not allow another' : 'and gave up';
    if (last.status === 429) {
      return new AdaptyError(
        'rate_limited',
        `Adapty's rate limit (${RULES.rateLimitPerSecond} requests per second per key) refused ${p.req.endpoint} ${tries}, ${why}. Wait a minute and refresh, or refresh fewer reports at once.`,
        429,
      );
    }
    if (last.status) {
      return new AdaptyError(
        'server',
        `Adapty's server failed on ${p.req.endpoint} (${last.detail}) ${tries}, ${why}. Nothing was written; try again later.`,
        last.status,
      );
    }
    return new AdaptyError(
      'network',
      `Could not reach Adapty for ${p.req.endpoint} (${last.detail}) ${tries}, ${why}. Nothing was written; try again later.`,
    );
  }

  /** No send could be booked before this call's time runs out: other executions hold the key's slots. */
  private busy(p: Pending, waitMs: number): AdaptyError {
    const wait = Math.max(1, Math.ceil(waitMs / 1000));
    return new AdaptyError(
      'busy',
      `Adapty is busy: other reports and formulas are using this key's ${RULES.rateLimitPerSecond} requests per second, and ${p.req.endpoint} could not be sent within the time this call may use (the next free slot is about ${wait} s away). Nothing was written; try again in a minute.`,
    );
  }

  private outOfTime(p: Pending, elapsedMs: number): AdaptyError {
    const secs = Math.round(this.opts.budgetMs / 1000);
    const last = p.last ? ` (last: ${p.last.detail})` : '';
    return new AdaptyError(
      'budget',
      `${p.req.endpoint} took longer than the ${secs} s this call may use (${(elapsedMs / 1000).toFixed(1)} s so far${last}). Try a coarser period_unit or a shorter date range, or run it from the sidebar.`,
    );
  }

  private log(message: string): void {
    this.opts.log?.(this.clean(message));
  }

  private clean(text: string): string {
    return redactSecret(text, this.opts.apiKey);
  }

  /**
   * A short piece of an answer for a message: the WHOLE text is redacted first (a proxy may echo the
   * key, cut, escaped or encoded), then cut, then redacted again in case tag stripping joined pieces.
   */
  private bodyExcerpt(body: string | undefined, max = 160): string {
    return body ? this.clean(excerpt(this.clean(body), max)) : '';
  }
}

/** Seconds or an HTTP date; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | undefined, nowMs: number): number | undefined {
  if (!value) return undefined;
  const v = value.trim();
  if (/^\d+(\.\d+)?$/.test(v)) return Math.round(Number(v) * 1000);
  const at = Date.parse(v);
  return isNaN(at) ? undefined : Math.max(0, at - nowMs);
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** Both documented 400 shapes: a list of {source, errors[]} or an object field → errors[]. */
export function describe400(parsed: unknown): string {
  if (!parsed || typeof parsed !== 'object') return '';
  const errors = (parsed as { errors?: unknown }).errors;
  const code = (parsed as { error_code?: unknown }).error_code;
  const parts: string[] = [];
  const add = (source: unknown, msgs: unknown) => {
    const text = (Array.isArray(msgs) ? msgs : [msgs])
      .map((m) => (typeof m === 'string' ? m : JSON.stringify(m)))
      .join('; ');
    const src = typeof source === 'string' && source !== 'non_field_errors' ? `${source}: ` : '';
    parts.push(src + text);
  };
  if (Array.isArray(errors)) {
    for (const e of errors) {
      if (e && typeof e === 'object') add((e as { source?: unknown }).source, (e as { errors?: unknown }).errors);
      else add(undefined, e);
    }
  } else if (errors && typeof errors === 'object') {
    for (const [k, v] of Object.entries(errors)) add(k, v);
  } else if (typeof errors === 'string') {
    add(undefined, errors);
  }
  const s = parts.join(' | ');
  return s && typeof code === 'string' ? `${s} (${code})` : s;
}

function looksLikeHtml(text: string): boolean {
  return /^\s*(<!doctype html|<html|<head|<body|<\?xml|<h1|<title)/i.test(text);
}

function cut(text: string, max: number): string {
  return text.length > max ? cutText(text, max - 1) + '…' : text;
}

/** A short, tag-free, single-line piece of a body for messages (redact the body first: see bodyExcerpt). */
export function excerpt(body: string | undefined, max = 160): string {
  if (!body) return '';
  const title = body.match(/<title[^>]*>([\s\S]*?)<\/title>/i)?.[1];
  const text = (title ?? body)
    .replace(/<[^>]*>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return cut(text, max);
}
