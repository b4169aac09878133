/**
 * The filter values an app really has, read from a segmented analytics answer (each segment's raw key in
 * `type`, its label in `title`: API.md §7.2), and how a typed value is matched against them. Pure.
 *
 * Adapty ignores filter values it does not know (no error: zeros or unfiltered numbers), so these are the
 * only check that "facebook ads" is not the app's "Facebook Ads".
 */
import { KEY_COLUMNS, type Table } from './table';
import { closest } from './suggest';

export interface KnownValue {
  /** The raw key Adapty returned (`type`): the value to send. */
  key: string;
  /** Its display label (`title`). */
  label: string;
}

/** At most this many values per filter are kept (a cache entry stays far below 100 KB). */
export const MAX_KNOWN_VALUES = 1000;

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Every segment of every series in an analytics answer (`{data: {<series>: {data: [{type, title…}]}}}`),
 * first seen first, without the Total row and empty keys (profiles with no value for the dimension).
 */
export function valuesFromAnswer(answer: unknown): KnownValue[] {
  const out = new Map<string, KnownValue>();
  const data = isObj(answer) ? answer.data : undefined;
  const seriesList = isObj(data) ? Object.values(data) : [];
  for (const series of seriesList) {
    const rows = isObj(series) && Array.isArray(series.data) ? series.data : [];
    for (const row of rows) {
      if (!isObj(row)) continue;
      const key = typeof row.type === 'string' || typeof row.type === 'number' ? String(row.type) : '';
      if (key === '' || key === 'total' || out.has(key)) continue;
      const label = typeof row.title === 'string' && row.title !== '' ? row.title : key;
      out.set(key, { key, label });
      if (out.size >= MAX_KNOWN_VALUES) return [...out.values()];
    }
  }
  return [...out.values()];
}

/** Case- and spacing-insensitive form: "facebook ads", "Facebook_Ads" and "FacebookAds" are one. */
export function matchForm(s: string): string {
  return s.toLowerCase().replace(/[\s_\-.]+/g, '');
}

export interface Suggestion {
  value: KnownValue;
  /** The typed value is the same as the suggestion but for case and spacing (or it is the label). */
  sure: boolean;
}

/**
 * The known value nearest a typed one that is not among them: the same but for case and spacing (its key
 * or its label), else the closest key or label within a small edit distance.
 */
export function nearestKnown(typed: string, known: readonly KnownValue[]): Suggestion | undefined {
  const t = matchForm(typed);
  const same = known.find((k) => matchForm(k.key) === t) ?? known.find((k) => matchForm(k.label) === t);
  if (same) return { value: same, sure: true };
  const names = known.flatMap((k) => (k.label === k.key ? [k.key] : [k.key, k.label]));
  const near = closest(typed, names);
  const value = near === undefined ? undefined : known.find((k) => k.key === near || k.label === near);
  return value ? { value, sure: false } : undefined;
}

/** The typed values that are not exactly one of the known keys (the API matches keys exactly). */
export function unknownValues(typed: readonly string[], known: readonly KnownValue[]): string[] {
  const keys = new Set(known.map((k) => k.key));
  return typed.filter((v) => !keys.has(v));
}

/** `"Facebook Ads"` or `"app_store:premium" (premium)`: how a suggestion is written in a message. */
export function showValue(v: KnownValue): string {
  return v.label !== v.key ? `"${v.key}" (${v.label})` : `"${v.key}"`;
}

const NUMERIC_KINDS = new Set(['usd', 'number', 'integer', 'percent_points']);

/**
 * Every measured number of the table is zero or empty (no rows at all counts too): nothing matched. Row
 * identities are not measurements: LTV's period 1, 2, 3 stay non-zero when every value is 0.
 */
export function allZeroOrEmpty(table: Table): boolean {
  const numeric = table.columns
    .map((c, i) => (NUMERIC_KINDS.has(c.kind) && !KEY_COLUMNS.has(c.key) ? i : -1))
    .filter((i) => i >= 0);
  for (const row of table.rows)
    for (const i of numeric) {
      const v = row[i];
      if (v !== null && v !== '' && v !== 0) return false;
    }
  return true;
}
