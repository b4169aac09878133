/** What every server action needs to know about where it runs: zone, locale, today, key, base URL. */
import { localDateOf, type LocalDate } from '../core/dates';
import { AdaptyError } from '../core/errors';
import { appsScriptTimeZone } from '../adapters/appsScriptPorts';
import { readApiKey, readBaseUrl } from '../adapters/settingsStore';

export interface Env {
  spreadsheet: GoogleAppsScript.Spreadsheet.Spreadsheet | null;
  timeZone: string;
  locale: string;
  today: LocalDate;
  apiKey: string | null;
  baseUrl: string;
}

export function currentEnv(spreadsheet?: GoogleAppsScript.Spreadsheet.Spreadsheet | null): Env {
  const ss = spreadsheet === undefined ? SpreadsheetApp.getActiveSpreadsheet() : spreadsheet;
  const timeZone = (ss && ss.getSpreadsheetTimeZone()) || Session.getScriptTimeZone() || 'Etc/UTC';
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

/** The key, or a message that tells this caller how to get one. */
export function requireKey(env: Env, caller: Caller): string {
  if (env.apiKey) return env.apiKey;
  if (caller === 'custom_function') {
    throw new AdaptyError(
      'no_key',
      "No Adapty API key is available to formulas in this spreadsheet. Formulas use the key saved by the spreadsheet's owner: the owner should open Extensions › Adapty › Settings and save the app's secret key (a key saved by an editor is not visible to formulas).",
    );
  }
  throw new AdaptyError(
    'no_key',
    "No Adapty API key is set. Open Extensions › Adapty › Settings and paste your app's secret key (Adapty › App Settings › General › API keys).",
  );
}
