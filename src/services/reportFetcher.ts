/**
 * Fetches reports: validate → cache → (someone else fetching it? wait) → Adapty → table. One HTTP call
 * per report at most (two with a comparison: its compare range is a request of its own), none on a cache
 * hit; several reports go out together through fetchAll.
 */
import { AdaptyClient, type Outcome } from '../client/adaptyClient';
import type { LogFn } from '../client/ports';
import { putChunked, type KeyValueCache } from '../core/chunkedCache';
import { AdaptyError, asAdaptyError, redactError } from '../core/errors';
import { buildRequest, periodUnitOf, type BuiltRequest, type ReportSpec } from '../core/request';
import type { LocalDate } from '../core/dates/calendar';
import { markPeriods } from '../core/tables/periodStatus';
import { finishTable, normalise, parseCsvTable } from '../core/tables';
import { joinCompare } from '../core/tables/compare';
import type { Table } from '../core/table';
import { sha256 } from '../core/sha256';
import { keyFingerprint } from '../core/apiKey';
import { appsScriptClock, appsScriptTimeZone, urlFetchPort } from '../adapters/appsScriptPorts';
import { appsScriptCache, claimFetches, releaseFetches } from '../adapters/answerCache';
import { sharedRateGate } from '../adapters/sharedRateGate';
import { stillClaimed } from '../core/inFlight';
import { readCached } from './answerEntries';
import { connectionsOf, requireKey, type Caller, type Env } from './env';
import { isPortfolio, portfolioApps, type NamedKey } from '../core/connections';
import { stackApps, totalsNote } from '../core/tables/portfolio';
import { PORTFOLIO } from '../catalog/portfolio';

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
  /**
   * A formula's own table entry (src/services/formulaCache.ts), for one report: its table is read from and
   * written under this key, tagged with the table key it resolved to, instead of beside the answer.
   */
  formulaKey?: string;
  log?: LogFn;
}

export interface FetchResult {
  built: BuiltRequest;
  table: Table;
  fromCache: boolean;
  attempts: number;
  /** A portfolio's word on its Total rows, for the block's note. */
  note?: string;
}

export function build(spec: ReportSpec, env: Env): BuiltRequest {
  return buildRequest(spec, { today: env.today, timeZone: env.timeZone, tz: appsScriptTimeZone });
}

// One fingerprint for cache keys, logs and the sidebar: defined next to the key's other views.
export { keyFingerprint };

export function cacheKeyFor(built: BuiltRequest, env: Env, key: string, refreshToken?: string): string {
  return answerKeyFor(built, env, keyFingerprint(key), refreshToken);
}

/** The answer's cache key from the key's fingerprint (the formula cache knows only that). */
export function answerKeyFor(
  built: BuiltRequest,
  env: Pick<Env, 'baseUrl' | 'timeZone'>,
  fingerprint: string,
  refreshToken?: string,
): string {
  const identity = JSON.stringify([env.baseUrl, built.path, built.body, env.timeZone, fingerprint, refreshToken ?? '']);
  return 'adapty:' + sha256(identity);
}

/**
 * The table built from a cached answer, cached beside it for the same layout, measure and totals: a recalculation
 * then skips normalising (the answer itself stays the shared, canonical entry).
 */
export function tableKeyFor(answerKey: string, built: BuiltRequest): string {
  return (
    'adapty:t:' +
    sha256(
      JSON.stringify([
        answerKey,
        built.format,
        built.normalise.layout ?? '',
        built.normalise.measure ?? '',
        built.normalise.totals ?? '',
      ]),
    )
  );
}

/**
 * The tag of a formula's own table entry: the table key of its answer, and of its compare range's answer
 * when compared (the entry then holds the joined table, so a recalculation is a hit in four calls).
 */
export function formulaTag(built: BuiltRequest, answerKey: (b: BuiltRequest) => string): string {
  return tableKeyFor(answerKey(built), built) + (built.compare ? ' ' + answerKey(built.compare.request) : '');
}

/**
 * A formula entry's tag from the fingerprints of the keys its table came from: one, or a portfolio's apps in
 * its order. The full path writes it and the cache-hit path (src/services/formulaCache.ts) checks it.
 */
export function formulaTagFor(built: BuiltRequest, env: Env, fingerprints: string[], refreshToken?: string): string {
  return fingerprints.map((fp) => formulaTag(built, (b) => answerKeyFor(b, env, fp, refreshToken))).join(' | ');
}

/** A portfolio formula's entry holds the stacked table (unmarked), tagged by every app's answer. */
function keepPortfolio(r: FetchResult, apps: NamedKey[], env: Env, opts: FetchOptions): void {
  const ttl = opts.cacheSeconds ?? DEFAULT_CACHE_SECONDS;
  const cache = ttl > 0 && opts.formulaKey ? appsScriptCache() : null;
  if (!cache) return;
  try {
    const fps = apps.map((a) => keyFingerprint(requireKey(env, opts.caller, a.name)));
    putChunked(
      cache,
      opts.formulaKey!,
      JSON.stringify(r.table),
      ttl,
      formulaTagFor(r.built, env, fps, opts.refreshToken),
    );
  } catch {
    /* a full cache must not fail the report */
  }
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
  return finishTable(normalise(data, built.normalise), built.normalise);
}

/** One report. Throws AdaptyError (validation before anything is sent). */
export function fetchReport(spec: ReportSpec, env: Env, opts: FetchOptions): FetchResult {
  const [r] = fetchReports([spec], env, opts);
  if (r instanceof Error) throw r;
  return r;
}

/** One request of a report: the report itself, or (with a comparison) its compare range. */
interface Miss {
  i: number;
  built: BuiltRequest;
  keys: string[];
}

/** Waiting for an answer that another execution is fetching (the same formula in two cells, say). */
export const IN_FLIGHT = {
  /** How often the waiter looks for the answer. */
  pollMs: 500,
  /** Budget kept for fetching it ourselves when the other execution's answer does not come. */
  ownFetchMs: 6000,
} as const;

/**
 * Several reports: cache hits answered at once; a report another execution is already fetching is
 * waited for (briefly); the rest fetched together, booked in the key's shared rate limit. Each report
 * uses its own connection's key (`spec.app`, issue 15; default: the default connection).
 */
export function fetchReports(specs: ReportSpec[], env: Env, opts: FetchOptions): Array<FetchResult | AdaptyError> {
  // A portfolio (app=all, app=A, B) is one report per app, all fetched with the others, then stacked.
  const flat: ReportSpec[] = [];
  const plan = specs.map((spec): { from: number; apps: NamedKey[] | null } | AdaptyError => {
    const from = flat.length;
    if (!isPortfolio(spec.app)) {
      flat.push(spec);
      return { from, apps: null };
    }
    try {
      const apps = portfolioApps(connectionsOf(env), spec.app!);
      for (const a of apps) flat.push({ ...spec, app: a.name });
      return { from, apps };
    } catch (e) {
      return asAdaptyError(e);
    }
  });
  const marked = (r: FetchResult | AdaptyError) => (r instanceof Error ? r : withPeriodStatus(r, env.today));
  // No portfolio at all: the plain path (a portfolio of ONE app still goes below, with its App column).
  if (plan.every((p) => !(p instanceof Error) && p.apps === null)) return fetchEach(specs, env, opts).map(marked);
  // Each app's answer is cached on its own; a formula's entry holds the stacked table (keepPortfolio).
  const got = fetchEach(flat, env, { ...opts, formulaKey: undefined });
  return plan.map((p) => {
    if (p instanceof Error) return p;
    if (!p.apps) return marked(got[p.from]);
    const parts = got.slice(p.from, p.from + p.apps.length);
    const r = stacked(p.apps, parts);
    // Cached unmarked, and only whole: a recalculation retries an app that failed.
    if (!(r instanceof Error) && parts.every((g) => !(g instanceof Error))) keepPortfolio(r, p.apps, env, opts);
    return marked(r);
  });
}

/**
 * Marks the periods that are not final yet, from today: after the cache (tables are cached unmarked), so a
 * table cached yesterday says today's truth. A CSV is Adapty's file, passed through.
 */
export function withPeriodStatus<R extends { built: BuiltRequest; table: Table }>(r: R, today: LocalDate): R {
  const { built } = r;
  if (built.format === 'csv') return r;
  markPeriods(r.table, { endpoint: built.endpoint, range: built.range, unit: periodUnitOf(built), today });
  return r;
}

/**
 * A portfolio's result: the apps' tables stacked, a failed app as one row saying why (stackApps); when
 * every app failed, the first failure, naming the app, so nothing is written.
 */
function stacked(all: NamedKey[], got: Array<FetchResult | AdaptyError>): FetchResult | AdaptyError {
  // One app failing does not lose the others: it gets one row saying why. All failing is the run failing.
  const ok = got.flatMap((r, k) => (r instanceof Error ? [] : [k]));
  const named = (k: number) => `${JSON.stringify(all[k].name)}: ${(got[k] as AdaptyError).message}`;
  if (ok.length === 0) {
    const e = got[0] as AdaptyError;
    return new AdaptyError(e.code, named(0), e.status);
  }
  const failed = got.flatMap((r, k) => (r instanceof Error ? [{ app: all[k].name, why: named(k) }] : []));
  const apps = ok.map((k) => all[k]);
  const rs = ok.map((k) => got[k] as FetchResult);
  const built = rs[0].built;
  const chart = built.endpoint === 'analytics' ? built.chart : undefined;
  const noTotal = chart
    ? chart.additive
      ? undefined
      : `${chart.label} (${PORTFOLIO.noTotal.analytics})`
    : PORTFOLIO.noTotal[built.endpoint];
  const omit = built.normalise.totals === 'none';
  try {
    return {
      built,
      table: stackApps(
        rs.map((r, k) => ({ app: apps[k].name, table: r.table })),
        noTotal,
        omit,
        built.normalise.totals === 'separate',
        failed,
      ),
      note: omit
        ? undefined
        : totalsNote(
            apps.map((a) => a.name),
            noTotal,
            failed.map((f) => f.app),
          ),
      fromCache: rs.every((r) => r.fromCache),
      attempts: rs.reduce((n, r) => n + r.attempts, 0),
    };
  } catch (e) {
    return asAdaptyError(e);
  }
}

function fetchEach(specs: ReportSpec[], env: Env, opts: FetchOptions): Array<FetchResult | AdaptyError> {
  const started = Date.now();
  const results = new Array<FetchResult | AdaptyError>(specs.length);
  // Without any app= the default key is required up front, as before (its message names the caller's fix).
  const defaultKey = specs.some((s) => !s.app) ? requireKey(env, opts.caller) : '';
  const ttl = opts.cacheSeconds ?? DEFAULT_CACHE_SECONDS;
  const cache: KeyValueCache | null = ttl > 0 ? appsScriptCache() : null;
  // A compared report is two requests (parts): each cached on its own, both sent in the same fetchAll.
  const parts: Array<FetchResult | AdaptyError> = [];
  const owners: number[][] = specs.map(() => []);
  const builts: Array<BuiltRequest | null> = specs.map(() => null);
  const misses = new Map<string, Miss[]>();
  // A compared formula's parts are cached as any report's; its joined table goes under the formula's key.
  let formulaKey = opts.formulaKey;
  let joinedTag = '';
  const tableRef = (m: Miss) =>
    formulaKey ? { key: formulaKey, tag: tableKeyFor(m.keys[0], m.built) } : { key: tableKeyFor(m.keys[0], m.built) };
  // A table rebuilt from its cached answer is cached again (a formula's next recalculation is a hit).
  const put = (ref: { key: string; tag?: string }, table: Table) => {
    try {
      if (cache) putChunked(cache, ref.key, JSON.stringify(table), ttl, ref.tag);
    } catch {
      /* a full cache must not fail the report */
    }
  };
  const keep = (m: Miss) => (table: Table) => put(tableRef(m), table);
  const cached = (m: Miss): FetchResult | null => {
    const table = cache && readCached(cache, m.built, m.keys[0], tableRef(m), toTable, keep(m));
    return table ? { built: m.built, table, fromCache: true, attempts: 0 } : null;
  };

  specs.forEach((spec, i) => {
    let built: BuiltRequest;
    let key: string;
    try {
      key = spec.app ? requireKey(env, opts.caller, spec.app) : defaultKey;
      built = build(spec, env);
    } catch (e) {
      results[i] = asAdaptyError(e);
      return;
    }
    builts[i] = built;
    if (built.compare && formulaKey) {
      formulaKey = undefined;
      joinedTag = formulaTag(built, (b) => cacheKeyFor(b, env, key, opts.refreshToken));
    }
    for (const b of built.compare ? [built, built.compare.request] : [built]) {
      const shared = cacheKeyFor(b, env, key);
      const keys = opts.refreshToken ? [cacheKeyFor(b, env, key, opts.refreshToken), shared] : [shared];
      const m = { i: parts.length, built: b, keys };
      owners[i].push(m.i);
      const hit = opts.forceFetch ? null : cached(m);
      parts.push(hit ?? new AdaptyError('internal', 'not fetched'));
      if (!hit) misses.set(key, [...(misses.get(key) ?? []), m]);
    }
  });
  fetchMisses(misses, env, { ...opts, formulaKey }, { started, cache, ttl, cached, parts });
  specs.forEach((_, i) => {
    const built = builts[i];
    if (!built) return;
    const r = (results[i] = combine(
      built,
      owners[i].map((p) => parts[p]),
    ));
    if (joinedTag && !(r instanceof Error)) put({ key: opts.formulaKey!, tag: joinedTag }, r.table);
  });
  return results;
}

interface FetchRun {
  started: number;
  cache: KeyValueCache | null;
  ttl: number;
  cached: (m: Miss) => FetchResult | null;
  /** Every request's result, by Miss.i. */
  parts: Array<FetchResult | AdaptyError>;
}

/**
 * Every key's cache misses: claimed, then fetched together in one fetchAll (a portfolio's apps each within
 * their own key's limit), or waited for when another execution has them.
 */
function fetchMisses(misses: Map<string, Miss[]>, env: Env, opts: FetchOptions, run: FetchRun): void {
  const { started, cache, ttl, cached, parts } = run;
  const left = () => opts.budgetMs - (Date.now() - started);
  const fetchNow = (groups: Array<[string, Miss[]]>) => {
    const todo = groups.filter(([, items]) => items.length > 0);
    if (todo.length === 0) return;
    const budgetMs = Math.max(0, left());
    const sendGroups = todo.map(([key, items]) => ({
      client: new AdaptyClient({
        baseUrl: env.baseUrl,
        apiKey: key,
        timeZone: env.timeZone,
        http: urlFetchPort,
        clock: appsScriptClock,
        budgetMs,
        log: opts.log,
        gate: sharedRateGate(keyFingerprint(key)),
      }),
      reqs: items.map((f) => f.built),
    }));
    const outcomes: Outcome[][] = AdaptyClient.sendTogether(sendGroups);
    todo.forEach(([key, items], g) =>
      items.forEach((f, j) => {
        const r = settle(f, outcomes[g][j], cache, ttl, opts.formulaKey);
        // The client redacts its own messages; this also covers what a table or cache step threw.
        parts[f.i] = r instanceof Error ? redactError(r, key) : r;
      }),
    );
  };

  // An explicit refresh must not take an answer that was cached before it: it fetches on its own.
  const claimed = [...misses].map(([key, items]) => {
    const claims =
      cache && !opts.forceFetch
        ? claimFetches(
            cache,
            items.map((m) => m.keys[0]),
            opts.budgetMs,
          )
        : null;
    const mine = items.filter((_, j) => !claims || claims[j] === null);
    const theirs = items.filter((_, j) => claims && claims[j] !== null);
    return { key, mine, theirs, claims };
  });
  try {
    fetchNow(claimed.map((c) => [c.key, c.mine]));
  } finally {
    for (const c of claimed)
      if (cache && c.claims)
        releaseFetches(
          cache,
          c.mine.map((m) => m.keys[0]),
        );
  }
  if (!cache) return;
  const orphans = claimed
    .filter((c) => c.theirs.length > 0)
    .map((c): [string, Miss[]] => [c.key, waitForOthers(c.theirs, cached, cache, started + opts.budgetMs, parts)]);
  fetchNow(orphans);
}

/** A report from its parts: the table, or joined with its compare range's table; the first failure fails it. */
function combine(built: BuiltRequest, parts: Array<FetchResult | AdaptyError>): FetchResult | AdaptyError {
  const failed = parts.find((p): p is AdaptyError => p instanceof Error);
  if (failed) return failed;
  const [main, other] = parts as FetchResult[];
  if (!other || !built.compare) return main;
  try {
    return {
      built,
      table: joinCompare(main.table, other.table, built.compare.join),
      fromCache: main.fromCache && other.fromCache,
      attempts: main.attempts + other.attempts,
    };
  } catch (e) {
    return asAdaptyError(e);
  }
}

/**
 * Polls for answers other executions are fetching; fills `results` with those that arrive and returns
 * the rest (their fetch failed, or they took too long), early enough to fetch them ourselves.
 */
function waitForOthers(
  items: Miss[],
  cached: (m: Miss) => FetchResult | null,
  cache: KeyValueCache,
  deadline: number,
  results: Array<FetchResult | AdaptyError>,
): Miss[] {
  const giveUpAt = deadline - IN_FLIGHT.ownFetchMs;
  let waiting = items;
  const orphans: Miss[] = [];
  for (;;) {
    const claimed = stillClaimed(
      cache,
      waiting.map((m) => m.keys[0]),
      Date.now(),
    );
    const next: Miss[] = [];
    waiting.forEach((m, j) => {
      const hit = cached(m);
      if (hit) results[m.i] = hit;
      else if (claimed[j]) next.push(m);
      else orphans.push(m);
    });
    waiting = next;
    if (waiting.length === 0) return orphans;
    if (Date.now() + IN_FLIGHT.pollMs > giveUpAt) return orphans.concat(waiting);
    appsScriptClock.sleep(IN_FLIGHT.pollMs);
  }
}

/** A fetched answer: its table, cached beside the answer under every key it answers. */
function settle(
  f: Miss,
  o: Outcome,
  cache: KeyValueCache | null,
  ttl: number,
  formulaKey: string | undefined,
): FetchResult | AdaptyError {
  if (!o.ok) return o.error;
  try {
    const table = toTable(f.built, o.answer.data);
    if (cache) {
      const tableText = JSON.stringify(table);
      for (const k of f.keys) {
        try {
          putChunked(cache, k, o.answer.text, ttl);
          if (!formulaKey) putChunked(cache, tableKeyFor(k, f.built), tableText, ttl);
        } catch {
          /* a full cache must not fail the report */
        }
      }
      try {
        if (formulaKey) putChunked(cache, formulaKey, tableText, ttl, tableKeyFor(f.keys[0], f.built));
      } catch {
        /* a full cache must not fail the report */
      }
    }
    return { built: f.built, table, fromCache: false, attempts: o.answer.attempts };
  } catch (e) {
    return asAdaptyError(e);
  }
}
