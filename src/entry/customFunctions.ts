/**
 * The ADAPTY_ custom functions. Each call: arguments → spec (validated before anything is sent) →
 * fetchReport (document cache first, then Adapty within a 25 s budget) → a 2-D array for the sheet.
 * Every failure is thrown as an Error whose message starts with the function's name and says what to do.
 */
import { RULES } from '../catalog/catalog';
import { redactSecret } from '../core/secrets';
import { isLocalDate } from '../core/dates/calendar';
import { zonedToInstant } from '../core/dates/zones';
import { AdaptyError, isAdaptyError } from '../core/errors';
import { specFromArgs } from '../core/formula/args';
import { FORMULA_FUNCTIONS, type FormulaFunction } from '../core/formula/functions';
import type { Cell, Table } from '../core/table';
import { appsScriptTimeZone } from '../adapters/appsScriptPorts';
import { currentEnv, requireKey, type Env } from '../services/env';
import { formulaKeyOnFullPath, readFormulaHit, rememberFormulaContext } from '../services/formulaCache';
import { build, fetchReport, type FetchResult } from '../services/reportFetcher';
import { checkTypedFilterValues, mayMatchNothing, nothingMatched } from '../services/filterValues';
import type { EntryPoint } from './entryPoint';

/** A custom function may run 30 s; the rest is kept for reading the cache and building the answer. */
export const CUSTOM_FUNCTION_BUDGET_MS = 25000;

export type SheetCell = string | number | boolean | Date;

/** What a custom function returns: rows of cells (a scalar only for an empty answer without headers). */
export type SheetAnswer = SheetCell[][] | string;

/**
 * A table as the sheet receives it: the header row (unless `headers` is false), numbers as numbers,
 * `YYYY-MM-DD` cells (header labels included) as the Date of local midnight in the spreadsheet's zone,
 * empty cells as "".
 * Text is returned as text: Sheets never parses a returned string as a formula.
 */
export function tableToSheet(table: Table, timeZone: string, headers = true): SheetAnswer {
  const width = table.columns.length;
  // One Date per calendar day (a table repeats the same days on many rows); null = not a date.
  const dates = new Map<string, Date | null>();
  const dateOf = (v: string): Date | null => {
    let d = dates.get(v);
    if (d === undefined) {
      d = isLocalDate(v) ? new Date(zonedToInstant(v, 0, 0, timeZone, appsScriptTimeZone)) : null;
      dates.set(v, d);
    }
    return d;
  };
  const cell = (v: Cell | undefined): SheetCell => {
    if (v === null || v === undefined) return '';
    if (typeof v === 'string') {
      // Cheap shape test first: only YYYY-MM-DD strings can become Dates.
      return v.length === 10 && v.charCodeAt(4) === 45 && v.charCodeAt(7) === 45 ? (dateOf(v) ?? v) : v;
    }
    if (typeof v === 'number' && v - v !== 0) return ''; // NaN, ±Infinity
    return v;
  };
  let w = width;
  for (const row of table.rows) if (row.length > w) w = row.length;
  const out = new Array<SheetCell[]>(table.rows.length + (headers && width > 0 ? 1 : 0));
  let k = 0;
  // Header labels that are dates (one column per period) are dates too.
  if (headers && width > 0) out[k++] = table.columns.map((c) => cell(c.label));
  // The table was built for this call: its rows are converted in place (no copy of 100,000s of cells).
  for (const row of table.rows as Array<Array<Cell | SheetCell>>) {
    const n = row.length;
    for (let i = 0; i < n; i++) {
      const v = row[i];
      if (v === null || typeof v === 'string' || (typeof v === 'number' && v - v !== 0)) row[i] = cell(v);
    }
    while (row.length < w) row.push('');
    out[k++] = row as SheetCell[];
  }
  if (out.length === 0) return '';
  // Sheets wants a rectangle (the header row may be narrower than a ragged row).
  for (const r of out) while (r.length < w) r.push('');
  return out;
}

/** Advice added when the time budget, not the server, ended the retries. */
const BUDGET_ADVICE = `A formula may run for about ${CUSTOM_FUNCTION_BUDGET_MS / 1000} s: try a coarser period_unit or a shorter date range, or refresh later.`;

function budgetMessage(elapsedMs: number): string {
  return (
    `Adapty took longer than the ${CUSTOM_FUNCTION_BUDGET_MS / 1000} s a formula may use (${(elapsedMs / 1000).toFixed(1)} s). ` +
    'Try a coarser period_unit (week or month) or a shorter date range, or run the report from the sidebar (Extensions › Adapty).'
  );
}

/**
 * Too many formulas for the key's 2 requests per second (or Adapty still throttling after retries):
 * not the user's mistake, and the next refresh of the formulas, when the rush is over, fills the cell.
 */
export const BUSY_MESSAGE =
  "Adapty is busy — recalculates on the next refresh. Other formulas and reports are using this key's " +
  `${RULES.rateLimitPerSecond} requests per second; refresh in a minute with Extensions › Adapty › Refresh ADAPTY formulas.`;

function message(fn: FormulaFunction, e: unknown, env: Env | null, elapsedMs: number): string {
  let text: string;
  const raw = e instanceof Error ? e.message : String(e);
  if (isAdaptyError(e) && (e.code === 'busy' || e.code === 'rate_limited')) {
    text = BUSY_MESSAGE;
  } else if (/Exceeded maximum execution time/i.test(raw)) {
    // The platform's own limit: say what to change instead of its bare message.
    text = budgetMessage(elapsedMs);
  } else if (isAdaptyError(e) && e.code !== 'internal') {
    text = e.message;
    const retryable = e.code === 'server' || e.code === 'network' || e.code === 'rate_limited';
    if (retryable && elapsedMs >= CUSTOM_FUNCTION_BUDGET_MS / 2) text += ' ' + BUDGET_ADVICE;
    if (e.code === 'auth') text += " Formulas use the key saved by the spreadsheet's owner.";
  } else if (elapsedMs > CUSTOM_FUNCTION_BUDGET_MS) {
    text = budgetMessage(elapsedMs);
  } else {
    text = isAdaptyError(e) ? e.message : `Unexpected problem: ${raw}`;
  }
  text = redactSecret(text, env?.apiKey);
  return text.startsWith(fn.name + ':') ? text : `${fn.name}: ${text}`;
}

/** One call of one ADAPTY_ function, with the arguments Sheets passed. */
export function runCustomFunction(fn: FormulaFunction, args: readonly unknown[]): SheetAnswer {
  const started = Date.now();
  let env: Env | null = null;
  let result: FetchResult;
  let headers = true;
  try {
    const call = specFromArgs(fn, args);
    headers = call.extras.headers ?? true;
    const caching = call.extras.cacheSeconds !== 0;
    // A recalculation answered from the cache: four service calls (src/services/formulaCache.ts).
    const hit = caching ? readFormulaHit(call.spec, call.refreshToken) : null;
    // A cached table of zeros for a filtered report goes the full way: its values may not be the app's.
    if (hit && (call.extras.strict === false || !mayMatchNothing(call.spec, hit.table)))
      return tableToSheet(hit.table, hit.timeZone, headers);
    env = currentEnv();
    // Validate before the key check: a wrong argument is the first thing to fix, and nothing is sent.
    build(call.spec, env);
    const key = requireKey(env, 'custom_function');
    const left = () => Math.max(1000, CUSTOM_FUNCTION_BUDGET_MS - (Date.now() - started));
    checkTypedFilterValues(call.spec, env, 'custom_function', left() / 2); // "did you mean", nothing sent yet
    result = fetchReport(call.spec, env, {
      caller: 'custom_function',
      budgetMs: left(),
      cacheSeconds: call.extras.cacheSeconds,
      refreshToken: call.refreshToken,
      formulaKey: caching ? formulaKeyOnFullPath(env, key, call.spec, call.refreshToken) : undefined,
    });
    // A table of zeros for a filter value the app does not have is a message, unless strict=false.
    const warning =
      call.extras.strict === false ? null : nothingMatched(call.spec, result.table, env, 'custom_function', left());
    if (warning)
      throw new AdaptyError('nothing_matched', `${warning} Check the value, or add strict=false to accept the zeros.`);
    if (caching) rememberFormulaContext(env, key);
  } catch (e) {
    throw new Error(message(fn, e, env, Date.now() - started));
  }
  try {
    return tableToSheet(result.table, env.timeZone, headers);
  } catch (e) {
    throw new Error(
      message(
        fn,
        e instanceof AdaptyError
          ? e
          : new AdaptyError('internal', `could not build the table (${e instanceof Error ? e.message : String(e)})`),
        env,
        Date.now() - started,
      ),
    );
  }
}

/**
 * The seven custom functions as entry points (names and parameters from the registry). Their help is not
 * here: it lives only in the generated stubs (customFunctionDocs.ts, read by the build), so no execution
 * builds it at load.
 */
export const CUSTOM_FUNCTION_ENTRIES: Record<string, EntryPoint> = Object.fromEntries(
  FORMULA_FUNCTIONS.map((fn) => [
    fn.name,
    {
      kind: 'custom_function',
      fn: (...args: unknown[]) => runCustomFunction(fn, args),
      params: fn.args.map((a) => a.name),
    } satisfies EntryPoint,
  ]),
);
