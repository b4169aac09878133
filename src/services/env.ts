/** What every server action needs to know about where it runs: zone, locale, today, key, base URL. */
import { KEY_WHERE } from '../core/apiKey';
import { type LocalDate } from '../core/dates/calendar';
import { localDateOf } from '../core/dates/zones';
import { savedKeyProblem, usableKey } from '../core/apiKey';
import { findByName, unknownAppMessage, type ConnectionBook } from '../core/connections';
import { AdaptyError } from '../core/errors';
import { appsScriptTimeZone } from '../adapters/appsScriptPorts';
import { readApiKey, readBaseUrl, readConnections } from '../adapters/settingsStore';
import { activeSpreadsheet, scriptTimeZone } from '../adapters/session';

export interface Env {
  spreadsheet: GoogleAppsScript.Spreadsheet.Spreadsheet | null;
  timeZone: string;
  locale: string;
  today: LocalDate;
  /** The default connection's key. */
  apiKey: string | null;
  baseUrl: string;
  /** The user's named connections, read the first time a report names an app (connectionsOf). */
  book?: ConnectionBook;
}

/** The user's connections, read once per execution (a report without app= never reads them). */
export function connectionsOf(env: Env): ConnectionBook {
  if (!env.book) env.book = readConnections();
  return env.book;
}

export function currentEnv(spreadsheet?: GoogleAppsScript.Spreadsheet.Spreadsheet | null): Env {
  const ss = spreadsheet === undefined ? activeSpreadsheet() : spreadsheet;
  const timeZone = (ss && ss.getSpreadsheetTimeZone()) || scriptTimeZone() || 'Etc/UTC';
  return {
    spreadsheet: ss,
    timeZone,
    locale: (ss && ss.getSpreadsheetLocale()) || 'en_US',
    today: localDateOf(Date.now(), timeZone, appsScriptTimeZone),
    apiKey: readApiKey(),
    baseUrl: readBaseUrl(),
  };
}

export type Caller = 'sidebar' | 'custom_function' | 'trigger';

const NO_KEY_FOR_TRIGGER =
  'No Adapty API key is saved for the user who set up the schedule: open Extensions › Adapty › Settings.';

/** Why this caller cannot run a report with the stored key (none, or not a secret key), or null. */
export function keyProblem(env: Env, caller: Caller): string | null {
  try {
    requireKey(env, caller);
    return null;
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
}

/**
 * The key, or a message that tells this caller how to get one. A stored key that cannot be a secret key
 * (a public key or garbage saved by an older version) is refused here, before any request, with the
 * message the sidebar shows for it.
 */
export function requireKey(env: Env, caller: Caller, app?: string): string {
  if (app) {
    const book = connectionsOf(env);
    const c = findByName(book, app);
    if (!c) {
      const whose = caller === 'sidebar' ? '' : " Formulas and schedules use their owner's connections.";
      throw new AdaptyError('no_key', unknownAppMessage(app, book) + whose);
    }
    const problem = savedKeyProblem(c.key);
    if (problem)
      throw new AdaptyError(
        'auth',
        problem.replace('The saved Adapty API key', `The key of ${JSON.stringify(c.name)}`),
      );
    return usableKey(c.key);
  }
  if (env.apiKey) {
    const problem = savedKeyProblem(env.apiKey);
    if (problem) throw new AdaptyError('auth', problem);
    return usableKey(env.apiKey);
  }
  if (caller === 'trigger') throw new AdaptyError('no_key', NO_KEY_FOR_TRIGGER);
  if (caller === 'custom_function') {
    throw new AdaptyError(
      'no_key',
      "No Adapty API key is available to formulas in this spreadsheet. Formulas use the key saved by the spreadsheet's owner: the owner should open Extensions › Adapty › Settings and save the app's secret key (a key saved by an editor is not visible to formulas).",
    );
  }
  throw new AdaptyError(
    'no_key',
    `No Adapty API key is set. Open Extensions › Adapty › Settings and paste your app's secret key (${KEY_WHERE}).`,
  );
}
