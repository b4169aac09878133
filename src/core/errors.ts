/**
 * Every error a user can see. Messages are written for the person at the keyboard: what went wrong,
 * with which value, and what to do. They never contain the API key.
 */
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

/** Shows a value the way messages quote it: strings in double quotes, the rest as JSON. */
export function quote(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (value instanceof Date) return isNaN(value.getTime()) ? 'an invalid date' : JSON.stringify(value.toISOString());
  if (value === undefined) return 'nothing';
  try {
    const s = JSON.stringify(value);
    return s === undefined ? String(value) : s.length > 120 ? s.slice(0, 117) + '...' : s;
  } catch {
    return String(value);
  }
}

/** `field "value" is not one of: a, b, c` — the one shape every enum message takes. */
export function notOneOf(field: string, value: unknown, allowed: readonly string[]): ValidationError {
  return new ValidationError(field, `${field} ${quote(value)} is not one of: ${allowed.join(', ')}`);
}

export function isAdaptyError(e: unknown): e is AdaptyError {
  return e instanceof Error && (e as AdaptyError).name !== undefined && typeof (e as AdaptyError).code === 'string';
}
