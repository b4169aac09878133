/**
 * Guards for answer shapes. Every "this is not what Adapty documents" ends here as
 * AdaptyError('bad_answer') naming the endpoint, where in the answer, and what was found —
 * never as a TypeError from reading a property of null.
 */
import { AdaptyError, asText } from '../errors';
import type { EndpointId } from '../../catalog/ids';
import type { Cell } from '../table';

export type Obj = Record<string, unknown>;

export const ENDPOINT_NAMES: Record<EndpointId, string> = {
  analytics: 'analytics',
  cohort: 'cohort',
  conversion: 'conversion',
  funnel: 'funnel',
  ltv: 'LTV',
  retention: 'retention',
  placements: 'placements',
};

export function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A short, human description of what was found where something else was expected. */
export function describe(v: unknown): string {
  if (v === undefined) return 'nothing';
  if (v === null) return 'null';
  if (typeof v === 'string') {
    const t = v.trim();
    if (t === '') return 'an empty text';
    const excerpt = JSON.stringify(t.length > 60 ? t.slice(0, 57) + '...' : t);
    return /^<(!doctype|html|\?xml|head|body|div|p)\b/i.test(t) ? `an HTML page (${excerpt})` : `the text ${excerpt}`;
  }
  if (typeof v === 'number' || typeof v === 'boolean') return `the ${typeof v} ${String(v)}`;
  if (Array.isArray(v))
    return v.length === 0 ? 'an empty list' : `a list of ${v.length} item${v.length === 1 ? '' : 's'}`;
  if (isObj(v)) {
    const keys = Object.keys(v);
    if (keys.length === 0) return 'an empty object';
    const shown = keys.slice(0, 6).join(', ');
    return `an object with ${keys.length > 6 ? `keys ${shown}, …` : `key${keys.length === 1 ? '' : 's'} ${shown}`}`;
  }
  return typeof v;
}

export function badAnswer(endpoint: EndpointId, what: string, found: unknown): AdaptyError {
  return new AdaptyError(
    'bad_answer',
    `Adapty's ${ENDPOINT_NAMES[endpoint]} answer is not in the expected shape: ${what}, but found ${describe(found)}. ` +
      'Try again later; if it persists, use format=csv or report it.',
  );
}

export function expectObj(endpoint: EndpointId, v: unknown, what: string): Obj {
  if (!isObj(v)) throw badAnswer(endpoint, `expected ${what} to be an object`, v);
  return v;
}

export function expectArray(endpoint: EndpointId, v: unknown, what: string): unknown[] {
  if (!Array.isArray(v)) throw badAnswer(endpoint, `expected ${what} to be a list`, v);
  return v;
}

/** A list that may be absent (undefined/null → empty). */
export function optionalArray(endpoint: EndpointId, v: unknown, what: string): unknown[] {
  if (v === undefined || v === null) return [];
  return expectArray(endpoint, v, what);
}

/** A numeric answer value: numbers stay numbers, numeric text becomes a number, null stays empty. */
export function numberCell(endpoint: EndpointId, v: unknown, what: string): number | null {
  if (typeof v === 'number') return v;
  if (v === null || v === undefined) return null;
  if (typeof v === 'string' && NUMERIC.test(v.trim())) return Number(v.trim());
  throw badAnswer(endpoint, `expected ${what} to be a number`, v);
}

/** Strictly numeric text: optional minus, no leading zeros (ids like 007 stay text), optional fraction and exponent. */
export const NUMERIC = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?$/;

const MIDNIGHT = /^(\d{4}-\d{2}-\d{2})(?:[T ]00:00(?::00(?:\.0+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}/;

/** A period start: its first 10 characters, the local date in the Adapty-Tz zone (no zone conversion). */
export function periodDate(x: string): string {
  return x.slice(0, 10);
}

/**
 * A leaf of an undocumented field: midnight timestamps and plain dates become `YYYY-MM-DD` (their
 * local date); everything else is kept as is.
 */
export function leafCell(v: unknown): Cell {
  if (v === undefined) return null;
  if (typeof v === 'string') {
    const m = MIDNIGHT.exec(v);
    return m ? m[1] : v;
  }
  if (typeof v === 'number' || typeof v === 'boolean' || v === null) return v;
  return asText(v);
}

export function isDateString(v: unknown): v is string {
  return typeof v === 'string' && v.length === 10 && /^\d{4}-\d{2}-\d{2}$/.test(v);
}

export function isTimestampString(v: unknown): v is string {
  return typeof v === 'string' && TIMESTAMP.test(v);
}

/**
 * A documented scalar field (a count, a title, a step code): kept as a cell; a list or object where a
 * scalar is documented is refused rather than half-read.
 */
export function scalarCell(endpoint: EndpointId, v: unknown, what: string): Cell {
  if (v === undefined || v === null) return null;
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return leafCell(v);
  throw badAnswer(endpoint, `expected ${what} to be a number or text`, v);
}

/** A documented key or title: text (numbers and booleans as their text), absent → null, anything else refused. */
export function scalarText(endpoint: EndpointId, v: unknown, what: string): string | null {
  if (v === undefined || v === null) return null;
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return String(v);
  throw badAnswer(endpoint, `expected ${what} to be text`, v);
}

/** Text of a key/title that may arrive as a number. */
export function textOf(v: unknown): string | null {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return null;
}
