/**
 * The values this app really has for a filter, learned from its own data: one analytics request segmented
 * by the filter (the catalog's `valuesFrom` chart) over the last FILTER_VALUES.days days, on demand, booked
 * in the key's shared rate limit, cached per app (key fingerprint, never the key) for 6 hours.
 *
 * Two checks read them: before sending, a typed value that is one of them but for case or spacing is
 * refused with "did you mean" (Adapty would ignore it silently); after a filtered report came back all
 * zeros, the values it does not know are named ("nothing matched").
 */
import { FILTER_VALUES, filterDef, filtersFor, type FilterDef } from '../catalog/catalog';
import { getChunked, putChunked } from '../core/chunkedCache';
import { addDays, isLocalDate, type LocalDate } from '../core/dates/calendar';
import { AdaptyError, ValidationError, quote, redactError } from '../core/errors';
import {
  allZeroOrEmpty,
  nearestKnown,
  showValue,
  unknownValues,
  valuesFromAnswer,
  type KnownValue,
} from '../core/filterValues';
import { INPUT_LIMITS, boundText } from '../core/limits';
import { isPortfolio, portfolioApps } from '../core/connections';
import type { ReportSpec } from '../core/request';
import { toList } from '../core/requestValues';
import type { Table } from '../core/table';
import { AdaptyClient } from '../client/adaptyClient';
import { sha256 } from '../core/sha256';
import { appsScriptClock, urlFetchPort } from '../adapters/appsScriptPorts';
import { appsScriptCache } from '../adapters/answerCache';
import { sharedRateGate } from '../adapters/sharedRateGate';
import { connectionsOf, requireKey, type Caller, type Env } from './env';
import { build, keyFingerprint } from './reportFetcher';

export interface FilterValues {
  filter: string;
  label: string;
  /** The days the values were learned from, inclusive. */
  range: [LocalDate, LocalDate];
  values: KnownValue[];
  fromCache: boolean;
}

/** The filters whose values can be learned (they are also segmentations), in catalog order. */
export function learnableFilter(key: string): (FilterDef & { valuesFrom: 'installs' | 'revenue' }) | undefined {
  const def = filterDef(key);
  return def?.valuesFrom ? (def as FilterDef & { valuesFrom: 'installs' | 'revenue' }) : undefined;
}

function defaultRange(env: Env): [LocalDate, LocalDate] {
  return [addDays(env.today, -(FILTER_VALUES.days - 1)), env.today];
}

/** The cache entry of one app's values of one filter: the key's fingerprint stands for the app. */
export function valuesCacheKey(env: Env, fingerprint: string, filter: string, range: [LocalDate, LocalDate]): string {
  return 'adapty:fv:' + sha256(JSON.stringify([env.baseUrl, fingerprint, filter, range, env.timeZone]));
}

/** The app's values of `filter`: from the cache, or one segmented request. Throws AdaptyError. */
export function knownFilterValues(
  env: Env,
  caller: Caller,
  filter: string,
  opts: { range?: [LocalDate, LocalDate]; budgetMs: number; app?: string },
): FilterValues {
  const def = learnableFilter(filter);
  if (!def) throw notLearnable(filter);
  const range = opts.range ?? defaultRange(env);
  const key = requireKey(env, caller, opts.app);
  const fingerprint = keyFingerprint(key);
  const cache = appsScriptCache();
  const cacheKey = valuesCacheKey(env, fingerprint, def.key, range);
  const text = getChunked(cache, cacheKey);
  if (text !== null) {
    try {
      const values = JSON.parse(text) as KnownValue[];
      if (Array.isArray(values)) return { filter: def.key, label: def.label, range, values, fromCache: true };
    } catch {
      /* an unreadable entry is a miss */
    }
  }
  const built = build(
    {
      endpoint: 'analytics',
      chart: def.valuesFrom,
      start: range[0],
      end: range[1],
      params: { segmentation: def.key, period_unit: 'month' },
    },
    env,
  );
  const client = new AdaptyClient({
    baseUrl: env.baseUrl,
    apiKey: key,
    timeZone: env.timeZone,
    http: urlFetchPort,
    clock: appsScriptClock,
    budgetMs: opts.budgetMs,
    gate: sharedRateGate(fingerprint),
  });
  const [outcome] = client.sendAll([built]);
  if (!outcome.ok) throw redactError(outcome.error, key);
  const values = valuesFromAnswer(outcome.answer.data);
  try {
    putChunked(cache, cacheKey, JSON.stringify(values), FILTER_VALUES.cacheSeconds);
  } catch {
    /* a full cache must not fail the answer */
  }
  return { filter: def.key, label: def.label, range, values, fromCache: false };
}

/**
 * The sidebar picker's values for the report's app: a named app's own, the default's when none is named, and
 * for a portfolio every one of its apps' values, each once (one learned answer per app, each cached).
 */
export function pickerValues(
  env: Env,
  filter: string,
  opts: { range?: [LocalDate, LocalDate]; budgetMs: number; app?: string },
): FilterValues {
  if (!opts.app || !isPortfolio(opts.app)) return knownFilterValues(env, 'sidebar', filter, opts);
  const parts = portfolioApps(connectionsOf(env), opts.app).map((c) =>
    knownFilterValues(env, 'sidebar', filter, { ...opts, app: c.name }),
  );
  const seen = new Set<string>();
  const values = parts.flatMap((p) => p.values).filter((v) => !seen.has(v.key) && !!seen.add(v.key));
  return { ...parts[0], values, fromCache: parts.every((p) => p.fromCache) };
}

function notLearnable(filter: string): ValidationError {
  const names = filtersFor('analytics')
    .filter((k) => learnableFilter(k))
    .join(', ');
  return new ValidationError('filter', `filter ${quote(filter)} has no values to list: use one of ${names}`);
}

/** The sidebar's `getFilterValues(filter, range?, app?)` input, checked whole. */
export function filterValuesArgs(
  filter: unknown,
  range: unknown,
  app?: unknown,
): { filter: string; range?: [LocalDate, LocalDate]; app?: string } {
  boundText(filter, 'filter', INPUT_LIMITS.name, 'a filter name');
  if (typeof filter !== 'string' || !learnableFilter(filter.trim())) throw notLearnable(String(filter));
  if (app !== undefined && app !== null && app !== '') {
    if (typeof app !== 'string') throw new ValidationError('app', `app ${quote(app)} must be an app's name`);
    boundText(app, 'app', INPUT_LIMITS.name, "an app's name");
    return { ...filterValuesArgs(filter, range), app: app.trim() };
  }
  if (range === undefined || range === null) return { filter: filter.trim() };
  if (
    !Array.isArray(range) ||
    range.length !== 2 ||
    !isLocalDate(range[0]) ||
    !isLocalDate(range[1]) ||
    range[0] > range[1]
  )
    throw new ValidationError('range', `range ${quote(range)} must be [from, to] as YYYY-MM-DD dates, from ≤ to`);
  return { filter: filter.trim(), range: [range[0], range[1]] };
}

/** The values of the learnable filters exactly as they are sent (checked, aliases resolved, lists flattened). */
function typedValues(spec: ReportSpec, env: Env): Array<[string, string[]]> {
  // A portfolio's apps each have their own values: a value only one of them has is not a typo.
  if (isPortfolio(spec.app)) return [];
  let filters: Record<string, unknown>;
  try {
    filters = build(spec, env).body.filters as Record<string, unknown>;
  } catch {
    return [];
  }
  const out: Array<[string, string[]]> = [];
  for (const [k, v] of Object.entries(filters)) {
    if (!learnableFilter(k)) continue;
    const list = toList(v, k).map((x) => String(x));
    if (list.length) out.push([k, list]);
  }
  return out;
}

/**
 * Before sending: a free-text value (campaign, channel, ad set, offer id…) that is one of the app's values but
 * for case or spacing is refused with the value to use; Adapty would ignore it and answer as if it matched
 * nothing. A value not near any known one is let through (it may be older than the learned days). Learning
 * fails quietly: the report's own request then says what is wrong.
 */
export function checkTypedFilterValues(spec: ReportSpec, env: Env, caller: Caller, budgetMs: number): void {
  for (const [key, typed] of typedValues(spec, env)) {
    const def = learnableFilter(key)!;
    // Product ids are never refused before sending (either form may be the account's: ASSUMPTIONS.productIdForm);
    // the "nothing matched" guard names the form the app's data uses when they match nothing.
    if (def.shape !== 'text_list') continue;
    let known: KnownValue[];
    try {
      known = knownFilterValues(env, caller, key, { budgetMs, app: spec.app }).values;
    } catch {
      continue;
    }
    for (const v of unknownValues(typed, known)) {
      const s = nearestKnown(v, known);
      if (s?.sure)
        throw new ValidationError(
          key,
          `${key} ${quote(v)} is not one of this app's values (Adapty sends only exact matches): did you mean ${showValue(s.value)}?`,
        );
    }
  }
}

/** A cached table that the "nothing matched" check would look at again (pure: no service is called). */
export function mayMatchNothing(spec: ReportSpec, table: Table): boolean {
  const filtered = Object.keys(spec.filters ?? {}).some((k) => learnableFilter(k));
  return spec.format !== 'csv' && filtered && allZeroOrEmpty(table);
}

/**
 * After a report came back: when a filtered report's every number is zero or empty and a filter value is
 * not among the app's values, the warning that names it (null otherwise). Learns values only then.
 */
export function nothingMatched(
  spec: ReportSpec,
  table: Table,
  env: Env,
  caller: Caller,
  budgetMs: number,
): string | null {
  if (spec.format === 'csv') return null;
  if (!allZeroOrEmpty(table)) return null;
  const typed = typedValues(spec, env);
  if (typed.length === 0) return null;
  const parts: string[] = [];
  for (const [key, values] of typed) {
    let known: KnownValue[];
    try {
      known = knownFilterValues(env, caller, key, { budgetMs, app: spec.app }).values;
    } catch (e) {
      if (e instanceof AdaptyError && e.code === 'budget') break;
      continue;
    }
    const def = learnableFilter(key)!;
    for (const v of unknownValues(values, known)) {
      const s = nearestKnown(v, known);
      parts.push(`${def.key} ${quote(v)}${s ? ` (did you mean ${showValue(s.value)}?)` : ''}`);
    }
  }
  if (parts.length === 0) return null;
  return `Nothing matched: every number is zero, and ${parts.join(', ')} ${parts.length > 1 ? 'are' : 'is'} not among this app's values of the last ${FILTER_VALUES.days} days. Adapty ignores filter values it does not know.`;
}
