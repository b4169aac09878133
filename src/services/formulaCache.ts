/**
 * A formula answered from the cache in four service calls: the user's context from their user cache
 * (getUserCache, get), then the document's context and the formula's table in one read of the document
 * cache (getDocumentCache, getAll). Nothing else is asked on a hit: no spreadsheet, property or digest call.
 *
 * - The user's context (their key's fingerprint, each connection's name and fingerprint, the base URL) lives
 *   in the USER cache: per user, never read by another editor (in a custom function Apps Script hands over
 *   the owner's, as with user properties). Saving, renaming or removing a key or connection forgets it
 *   (src/adapters/settingsStore.ts).
 * - The document's context (its time zone, locale, today's date there and until when that holds, whether
 *   Intl agrees with Utilities for the zone) lives in the DOCUMENT cache: these are the spreadsheet's own
 *   settings, the same for every editor, and nothing in it is about a user or a key.
 * - A formula's table is keyed by what the user typed (spec, key fingerprint, base URL, refresh value) and
 *   tagged with the table key the request resolved to (dates, zone): a hit rebuilds the request from the
 *   two contexts and takes the table only if the tags agree, so a new day or another zone is a miss.
 * Both contexts expire after CONTEXT_SECONDS, so a time zone changed in File › Settings reaches formulas
 * within that time (Refresh ADAPTY formulas at once).
 */
import { chunkKeys, readChunks } from '../core/chunkedCache';
import { addDays, isLocalDate, type LocalDate } from '../core/dates/calendar';
import { zonedToInstant } from '../core/dates/zones';
import type { ReportSpec } from '../core/request';
import { sha256 } from '../core/sha256';
import type { Table } from '../core/table';
import { appsScriptTimeZone, assumeIntlAgreement, knownIntlAgreement } from '../adapters/appsScriptPorts';
import { documentCache, USER_CONTEXT_KEY, userCache } from '../adapters/answerCache';
import { readTable } from './answerEntries';
import { allOf, findByName, isPortfolio, portfolioApps, type ConnectionBook, type NamedKey } from '../core/connections';
import { connectionsOf, requireKey, type Env } from './env';
import { build, formulaTagFor, keyFingerprint, withPeriodStatus } from './reportFetcher';

/** How long a context is trusted: a changed time zone or key elsewhere reaches formulas within this. */
export const CONTEXT_SECONDS = 600;
const DOC_CONTEXT_KEY = 'adapty:ctx:doc';

interface UserContext {
  fp: string;
  baseUrl: string;
  /** Every connection's name and fingerprint, the book's order (default first): app= formulas hit too. */
  apps?: Array<[string, string]>;
}

interface DocContext {
  timeZone: string;
  locale: string;
  today: LocalDate;
  /** The instant today ends in the zone: after it, `today` is wrong and the context is not used. */
  until: number;
  intl: boolean;
}

/** The key a formula's table lives under: what the user asked for, with whose key and where. */
export function formulaKeyFor(user: UserContext, spec: ReportSpec, refreshToken?: string): string {
  return 'adapty:f:' + sha256(JSON.stringify([user.baseUrl, user.fp, spec, refreshToken ?? '']));
}

function parse<T>(text: string | undefined, check: (v: Record<string, unknown>) => boolean): T | null {
  if (typeof text !== 'string') return null;
  try {
    const v = JSON.parse(text) as unknown;
    return v && typeof v === 'object' && check(v as Record<string, unknown>) ? (v as T) : null;
  } catch {
    return null;
  }
}

const isUser = (v: Record<string, unknown>) => typeof v.fp === 'string' && typeof v.baseUrl === 'string';
const isDoc = (v: Record<string, unknown>) =>
  typeof v.timeZone === 'string' &&
  typeof v.locale === 'string' &&
  isLocalDate(v.today) &&
  typeof v.until === 'number' &&
  typeof v.intl === 'boolean';

export interface FormulaHit {
  table: Table;
  timeZone: string;
}

/** The formula's table from the cache, or null (a miss: the caller takes the full path). Never throws. */
export function readFormulaHit(spec: ReportSpec, refreshToken?: string): FormulaHit | null {
  try {
    const user = parse<UserContext>(userCache().getAll([USER_CONTEXT_KEY])[USER_CONTEXT_KEY], isUser);
    if (!user) return null;
    const cache = documentCache();
    if (!cache) return null;
    const key = formulaKeyFor(user, spec, refreshToken);
    const got = cache.getAll([DOC_CONTEXT_KEY, ...chunkKeys(key)]);
    const doc = parse<DocContext>(got[DOC_CONTEXT_KEY], isDoc);
    if (!doc || Date.now() >= doc.until) return null;
    assumeIntlAgreement(doc.timeZone, doc.intl);
    const env: Env = {
      spreadsheet: null,
      timeZone: doc.timeZone,
      locale: doc.locale,
      today: doc.today,
      apiKey: null,
      baseUrl: user.baseUrl,
    };
    const built = build(spec, env);
    const entry = readChunks(got, key, formulaTagFor(built, env, fingerprintsOf(user, spec.app), refreshToken));
    // A broken entry is the full path's to clean up (and overwrite).
    if (entry === 'missing' || entry === 'broken') return null;
    const table = readTable(cache, { key }, entry.text);
    return table ? { table: withPeriodStatus({ built, table }, doc.today).table, timeZone: doc.timeZone } : null;
  } catch {
    return null;
  }
}

/**
 * The fingerprints of the keys a formula's table comes from: the default's, the named app's, or each of a
 * portfolio's apps in its order. Resolved as the full path resolves app= (a book whose keys are fingerprints);
 * a name the context does not know throws, a miss.
 */
function fingerprintsOf(user: UserContext, app: string | undefined): string[] {
  if (!app) return [user.fp];
  const [first, ...rest] = (user.apps ?? []).map(([name, key]): NamedKey => ({ name, key }));
  const book: ConnectionBook = { default: first ?? null, others: rest };
  if (isPortfolio(app)) return portfolioApps(book, app).map((c) => c.key);
  const c = findByName(book, app);
  if (!c) throw new Error('an app the context does not know');
  return [c.key];
}

/** The key for a formula's table on the full path (the key is usable: requireKey passed). */
export function formulaKeyOnFullPath(env: Env, key: string, spec: ReportSpec, refreshToken?: string): string {
  return formulaKeyFor({ fp: keyFingerprint(key), baseUrl: env.baseUrl }, spec, refreshToken);
}

/** After a formula took the full path: keeps both contexts so the next recalculation is a hit. */
export function rememberFormulaContext(env: Env, key: string): void {
  try {
    const intl = knownIntlAgreement(env.timeZone);
    if (intl === undefined) return; // nothing probed the zone: leave it to a later call
    const until = zonedToInstant(addDays(env.today, 1), 0, 0, env.timeZone, appsScriptTimeZone);
    const apps = allOf(connectionsOf(env)).flatMap((c): Array<[string, string]> => {
      try {
        return [[c.name, keyFingerprint(requireKey(env, 'custom_function', c.name))]];
      } catch {
        return []; // a broken key: its formulas take the full path, which says what is wrong
      }
    });
    const user: UserContext = { fp: keyFingerprint(key), baseUrl: env.baseUrl, apps };
    const doc: DocContext = { timeZone: env.timeZone, locale: env.locale, today: env.today, until, intl };
    userCache().putAll({ [USER_CONTEXT_KEY]: JSON.stringify(user) }, CONTEXT_SECONDS);
    documentCache()?.putAll({ [DOC_CONTEXT_KEY]: JSON.stringify(doc) }, CONTEXT_SECONDS);
  } catch {
    /* a full or missing cache: the next call takes the full path again */
  }
}
