/**
 * Every error a user can see. Messages are written for the person at the keyboard: what went wrong,
 * with which value, and what to do. They never contain the API key.
 */
import { redactSecret } from './secrets';

export type AdaptyErrorCode =
  | 'validation' // bad input, caught before anything is sent
  | 'no_key' // no API key stored
  | 'auth' // 401/403
  | 'not_found' // 404
  | 'rate_limited' // 429 after retries
  | 'server' // 5xx after retries
  | 'bad_answer' // HTML, empty, truncated or unexpected body
  | 'api_validation' // 400 from the API
  | 'network' // transport failure after retries
  | 'budget' // out of time budget
  | 'limit' // an Apps Script limit (cells, characters, properties) would be passed
  | 'busy' // lock not acquired
  | 'not_owner' // a saved report another editor's connection refreshes
  | 'no_owner' // a saved report from before owners: someone must take it over
  | 'key_changed' // the owner's key is not the one the report was saved with
  | 'nothing_matched' // a filtered report is all zeros and a filter value is not the app's (issue 10 §2)
  | 'missing_permission' // a Google permission (OAuth scope) this feature needs was not granted
  | 'user_rows' // rows the user inserted and filled inside a report's block: not written over
  | 'internal';

export class AdaptyError extends Error {
  readonly code: AdaptyErrorCode;
  readonly status?: number;
  constructor(code: AdaptyErrorCode, message: string, status?: number) {
    super(message);
    this.name = 'AdaptyError';
    this.code = code;
    this.status = status;
  }
}

/** Bad input: names the field, the value and what is allowed. */
export class ValidationError extends AdaptyError {
  readonly field: string;
  constructor(field: string, message: string) {
    super('validation', message);
    this.name = 'ValidationError';
    this.field = field;
  }
}

/** Longest excerpt of a value a message repeats: enough to recognise it, never a pasted megabyte. */
export const QUOTE_MAX = 60;

/** Shows a value the way messages quote it: strings in double quotes, the rest as JSON; long ones cut with "…". */
export function quote(value: unknown): string {
  if (typeof value === 'string') {
    if (value.length <= QUOTE_MAX) return JSON.stringify(value);
    return JSON.stringify(excerpt(value)).slice(0, -1) + '…"';
  }
  if (value instanceof Date) return isNaN(value.getTime()) ? 'an invalid date' : JSON.stringify(value.toISOString());
  if (value === undefined) return 'nothing';
  if (typeof value === 'function' || typeof value === 'symbol') return typeof value;
  if (Array.isArray(value) && value.length > QUOTE_MAX) return `a list of ${value.length} values`;
  try {
    const s = JSON.stringify(value);
    return s === undefined ? typeof value : s.length > 2 * QUOTE_MAX ? s.slice(0, 2 * QUOTE_MAX) + '…' : s;
  } catch {
    // A BigInt, or an object that refers to itself.
    return typeof value === 'bigint' ? value.toString().slice(0, QUOTE_MAX) : 'an unreadable value';
  }
}

/**
 * A value as text, the way a user typed it: strings as they are, numbers and booleans as written, dates
 * as ISO, nothing as "", anything else as its JSON (never "[object Object]").
 */
export function asText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value === null || value === undefined) return '';
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return value.toString();
  if (value instanceof Date) return isNaN(value.getTime()) ? '' : value.toISOString();
  try {
    return JSON.stringify(value) ?? typeof value;
  } catch {
    return typeof value;
  }
}

const TRUE_WORDS = new Set(['true', 'yes', '1', 'on']);
const FALSE_WORDS = new Set(['false', 'no', '0', 'off']);

/** The one reading of a yes/no option (custom-function options, request parameters, the sidebar's JSON). */
export function parseBoolean(value: unknown, field: string): boolean {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'number' && (value === 0 || value === 1)) return value === 1;
  const s = typeof value === 'string' ? value.trim().toLowerCase() : '';
  if (TRUE_WORDS.has(s)) return true;
  if (FALSE_WORDS.has(s)) return false;
  throw new ValidationError(field, `${field} ${quote(value)} is not one of: true, false (also yes/no, on/off, 1/0)`);
}

/** The first QUOTE_MAX characters of a text (a surrogate pair is not split). */
export function excerpt(text: string, max = QUOTE_MAX): string {
  if (text.length <= max) return text;
  const code = text.charCodeAt(max - 1);
  return text.slice(0, code >= 0xd800 && code <= 0xdbff ? max - 1 : max);
}

/** `field "value" is not one of: a, b, c` — the one shape every enum message takes. */
export function notOneOf(field: string, value: unknown, allowed: readonly string[]): ValidationError {
  return new ValidationError(field, `${field} ${quote(value)} is not one of: ${allowed.join(', ')}`);
}

export function isAdaptyError(e: unknown): e is AdaptyError {
  return e instanceof Error && (e as AdaptyError).name !== undefined && typeof (e as AdaptyError).code === 'string';
}

/**
 * How an error crosses google.script.run to the sidebar. Apps Script hands the failure handler only the
 * message (sometimes prefixed "Exception: "), so the code and field travel as a tag at its end: the
 * message stays readable in the execution log, and the sidebar never guesses from wording.
 */
const WIRE_TAG = /\s*\[\[adapty:([a-z_]+)(?::([A-Za-z0-9_.]+))?\]\]\s*$/;

export interface WireError {
  code: AdaptyErrorCode;
  message: string;
  field?: string;
}

/** Any thrown value as an AdaptyError: an unexpected one is `internal`, its message kept. */
export function asAdaptyError(e: unknown): AdaptyError {
  if (isAdaptyError(e)) return e;
  return new AdaptyError('internal', `Unexpected problem: ${e instanceof Error ? e.message : String(e)}`);
}

export function toWireError(e: unknown): Error {
  const err = asAdaptyError(e);
  const field =
    err instanceof ValidationError || typeof (err as ValidationError).field === 'string'
      ? (err as ValidationError).field
      : '';
  const safeField = /^[A-Za-z0-9_.]{1,60}$/.test(field) ? `:${field}` : '';
  return new Error(`${err.message.replace(WIRE_TAG, '')} [[adapty:${err.code}${safeField}]]`);
}

export function fromWireError(text: string): WireError {
  const bare = text.replace(/^(?:(?:Exception|Error|ScriptError|TypeError):\s*)+/, '').trim();
  const m = WIRE_TAG.exec(bare);
  if (!m) return { code: 'internal', message: bare };
  const message = bare.slice(0, m.index).trim();
  return m[2] ? { code: m[1] as AdaptyErrorCode, message, field: m[2] } : { code: m[1] as AdaptyErrorCode, message };
}

/** The same error with every trace of the key removed from its message (itself when there was none). */
export function redactError(e: AdaptyError, key: string | null | undefined): AdaptyError {
  const message = redactSecret(e.message, key);
  if (message === e.message) return e;
  return e instanceof ValidationError
    ? new ValidationError(e.field, message)
    : new AdaptyError(e.code, message, e.status);
}
