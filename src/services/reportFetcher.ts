/**
 * Fetches reports: validate → cache → Adapty → table. One HTTP call per report at most, none on a
 * cache hit; several reports go out together through fetchAll.
 */
import { AdaptyClient, type Outcome } from '../client/adaptyClient';
import type { LogFn } from '../client/ports';
import { getChunked, putChunked, type KeyValueCache } from '../core/chunkedCache';
import { AdaptyError, isAdaptyError } from '../core/errors';
import { buildRequest, type BuiltRequest, type ReportSpec } from '../core/request';
import { normalise, parseCsvTable } from '../core/tables';
import type { Table } from '../core/table';
import { appsScriptClock, appsScriptTimeZone, sha256Hex, urlFetchPort } from '../adapters/appsScriptPorts';
import { appsScriptCache } from '../adapters/answerCache';
import { requireKey, type Caller, type Env } from './env';

export const DEFAULT_CACHE_SECONDS = 3600;

export interface FetchOptions {
  caller: Caller;
  budgetMs: number;
  /** 0 = neither read nor write the cache. */
  cacheSeconds?: number;
  /** A value that, when it changes, makes the fetch skip earlier cached answers (the custom functions' `refresh`). */
  refreshToken?: string;
  /** Skip reading the cache (explicit refresh), still write it. */
  forceFetch?: boolean;
  log?: LogFn;
}

export interface FetchResult {
  built: BuiltRequest;
  table: Table;
  fromCache: boolean;
  attempts: number;
}

export function build(spec: ReportSpec, env: Env): BuiltRequest {
  return buildRequest(spec, { today: env.today, timeZone: env.timeZone, tz: appsScriptTimeZone });
}

/** A short, stable identity of a key: safe in cache keys and logs. */
export function keyFingerprint(key: string): string {
  return sha256Hex('adapty-key:' + key).slice(0, 16);
}

export function cacheKeyFor(built: BuiltRequest, env: Env, key: string, refreshToken?: string): string {
  const identity = JSON.stringify([
    env.baseUrl,
    built.path,
    built.body,
    env.timeZone,
    keyFingerprint(key),
    refreshToken ?? '',
  ]);
  return 'adapty:' + sha256Hex(identity);
}

/**
 * The table built from a cached answer, cached beside it for the same layout and measure: a recalculation
 * then skips normalising (the answer itself stays the shared, canonical entry).
 */
export function tableKeyFor(answerKey: string, built: BuiltRequest): string {
  return (
    'adapty:t:' +
    sha256Hex(JSON.stringify([answerKey, built.format, built.normalise.layout ?? '', built.normalise.measure ?? '']))
  );
}

export function toTable(built: BuiltRequest, data: unknown): Table {
  if (built.format === 'csv') {
    if (typeof data !== 'string')
      throw new AdaptyError(
        'bad_answer',
        `Adapty answered ${built.endpoint} in JSON although CSV was asked for; use format=json.`,
      );
    return parseCsvTable(data);
  }
  return normalise(data, built.normalise);
}

/** One report. Throws AdaptyError (validation before anything is sent). */
export function fetchReport(spec: ReportSpec, env: Env, opts: FetchOptions): FetchResult {
  const [r] = fetchReports([spec], env, opts);
  if (r instanceof Error) throw r;
  return r;
}

/** Several reports: cache hits answered at once, the rest fetched together within the rate limit. */
export function fetchReports(specs: ReportSpec[], env: Env, opts: FetchOptions): Array<FetchResult | AdaptyError> {
  const results: Array<FetchResult | AdaptyError> = new Array(specs.length);
  const key = requireKey(env, opts.caller);
  const ttl = opts.cacheSeconds ?? DEFAULT_CACHE_SECONDS;
  const cache: KeyValueCache | null = ttl > 0 ? appsScriptCache() : null;
  const toFetch: { i: number; built: BuiltRequest; keys: string[] }[] = [];

  specs.forEach((spec, i) => {
    let built: BuiltRequest;
    try {
      built = build(spec, env);
    } catch (e) {
      results[i] = asAdaptyError(e);
      return;
    }
    const shared = cacheKeyFor(built, env, key);
    const keys = opts.refreshToken ? [cacheKeyFor(built, env, key, opts.refreshToken), shared] : [shared];
    if (cache && !opts.forceFetch) {
      const tableText = getChunked(cache, tableKeyFor(keys[0], built));
      if (tableText !== null) {
        try {
          const table = JSON.parse(tableText) as Table;
          if (Array.isArray(table.columns) && Array.isArray(table.rows)) {
            results[i] = { built, table, fromCache: true, attempts: 0 };
            return;
          }
        } catch {
          // An unreadable cache entry is a miss.
        }
      }
      const text = getChunked(cache, keys[0]);
      if (text !== null) {
        try {
          const data = built.format === 'csv' ? text : JSON.parse(text);
          results[i] = { built, table: toTable(built, data), fromCache: true, attempts: 0 };
          return;
        } catch {
          // An unreadable cache entry is a miss.
        }
      }
    }
    toFetch.push({ i, built, keys });
  });

  if (toFetch.length > 0) {
    const client = new AdaptyClient({
      baseUrl: env.baseUrl,
      apiKey: key,
      timeZone: env.timeZone,
      http: urlFetchPort,
      clock: appsScriptClock,
      budgetMs: opts.budgetMs,
      log: opts.log,
    });
    const outcomes: Outcome[] = client.sendAll(toFetch.map((f) => f.built));
    toFetch.forEach((f, j) => {
      const o = outcomes[j];
      if (!o.ok) {
        results[f.i] = o.error;
        return;
      }
      try {
        const table = toTable(f.built, o.answer.data);
        if (cache) {
          const tableText = JSON.stringify(table);
          for (const k of f.keys) {
            try {
              putChunked(cache, k, o.answer.text, ttl);
              putChunked(cache, tableKeyFor(k, f.built), tableText, ttl);
            } catch {
              /* a full cache must not fail the report */
            }
          }
        }
        results[f.i] = { built: f.built, table, fromCache: false, attempts: o.answer.attempts };
      } catch (e) {
        results[f.i] = asAdaptyError(e);
      }
    });
  }
  return results;
}

export function asAdaptyError(e: unknown): AdaptyError {
  if (isAdaptyError(e)) return e;
  return new AdaptyError('internal', `Unexpected problem: ${e instanceof Error ? e.message : String(e)}`);
}
