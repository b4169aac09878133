/**
 * Options as users write them — `key=value; key=value` text, a two-column range, or the JSON body from
 * Adapty's docs — turned into a ReportSpec. Keys are classified by the catalog (the add-on's own keys:
 * src/catalog/options.ts).
 */
import { ENDPOINTS, endpointById, filterDef, filtersFor, type EndpointId } from '../catalog/catalog';
import { ADDON_OPTIONS, MAX_CACHE_SECONDS } from '../catalog/options';
import { ValidationError, asText, parseBoolean, quote } from './errors';
import { INPUT_LIMITS, boundRange, boundText } from './limits';
import { didYouMean } from './suggest';
import { put, record } from './own';
import type { ReportSpec } from './request';

export interface AddonExtras {
  headers?: boolean;
  cacheSeconds?: number;
  /** false: accept a table of zeros although a filter value is not the app's (default true). */
  strict?: boolean;
}

/**
 * Reads any of the three option forms into a flat key → value map (keys lower-cased, trimmed). The map
 * has no prototype and keeps every key as data, so `__proto__=x` or `constructor=x` reach the unknown-option
 * refusal instead of being dropped or answered by Object.prototype.
 */
export function readOptions(input: unknown, field = 'options'): Record<string, unknown> {
  if (input === undefined || input === null || input === '') return record();
  boundText(input, field, INPUT_LIMITS.optionsText, 'the options text');
  boundRange(input, field, INPUT_LIMITS.optionsCells, INPUT_LIMITS.optionsText);
  if (Array.isArray(input)) return readRange(input, field);
  if (typeof input === 'object') return copy(input as Record<string, unknown>);
  if (typeof input !== 'string')
    throw new ValidationError(
      field,
      `${field} ${quote(input)} is not understood: use text like "period_unit=week; country=us,ca", a two-column range, or a JSON object`,
    );
  const text = input.trim();
  if (text.startsWith('{')) {
    try {
      const parsed: unknown = JSON.parse(text);
      // JSON.parse makes `"__proto__"` an own key; copying keeps it one.
      if (parsed && typeof parsed === 'object' && !Array.isArray(parsed))
        return copy(parsed as Record<string, unknown>);
    } catch (e) {
      throw new ValidationError(
        field,
        `${field} looks like JSON but is not valid JSON (${(e as Error).message}): ${jsonHint(text)}`,
      );
    }
    throw new ValidationError(field, `${field} JSON must be an object like {"period_unit": "week"}`);
  }
  const out = record();
  for (const part of text.split(/[;\n]/)) {
    const p = part.trim();
    if (!p) continue;
    const eq = p.search(/[=:]/);
    if (eq <= 0)
      throw new ValidationError(
        field,
        `${field} part ${quote(p)} is not key=value: write e.g. "period_unit=week; country=us,ca"`,
      );
    const key = p.slice(0, eq).trim().toLowerCase();
    putOnce(out, key, p.slice(eq + 1).trim(), field);
  }
  return out;
}

/** One value per key: a key written twice is a typo or a leftover, and silently keeping the last hides it. */
function putOnce(out: Record<string, unknown>, key: string, value: unknown, field: string): void {
  if (Object.prototype.hasOwnProperty.call(out, key))
    throw new ValidationError(
      field,
      `${key} is given twice in ${field}, as ${quote(out[key])} and as ${quote(value)}: keep one (a list is comma-separated)`,
    );
  put(out, key, value);
}

/**
 * What is most likely wrong with broken JSON. Adapty's own request examples leave `"filters"` unclosed
 * (its `}` is missing, so `"period_unit"` lands inside it) or end a list with a comma; say which.
 */
function jsonHint(text: string): string {
  const stack: string[] = [];
  let inFilters = -1;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '"') {
      const end = skipString(text, i);
      const word = text.slice(i + 1, end - 1);
      const isKey = /^\s*:/.test(text.slice(end));
      if (isKey && word === 'filters' && stack.length === 1) inFilters = 2;
      else if (isKey && stack.length === inFilters && topLevelKeys().has(word))
        return `"${word}" is inside "filters": close "filters" with } before it`;
      i = end - 1;
    } else if (ch === '{' || ch === '[') stack.push(ch);
    else if (ch === '}' || ch === ']') {
      if (stack.pop() === '{' && stack.length < inFilters) inFilters = -1;
    }
  }
  if (/,\s*[}\]]/.test(text)) return 'remove the comma before a closing } or ]';
  if (stack.length)
    return `${stack.length} closing ${stack
      .reverse()
      .map((c) => (c === '{' ? '}' : ']'))
      .join(' ')} missing at the end`;
  return 'check quotes and commas';
}

/** Index just past the string that starts at `at` (a `"`), escapes honoured. */
function skipString(text: string, at: number): number {
  for (let i = at + 1; i < text.length; i++) {
    if (text[i] === '\\') i++;
    else if (text[i] === '"') return i + 1;
  }
  return text.length;
}

/** Keys that belong beside `filters`, never in it: every endpoint's parameters and their aliases. */
const topLevelKeys = (): ReadonlySet<string> =>
  new Set(ENDPOINTS.flatMap((e) => e.params.flatMap((p) => [p.key, ...(p.aliases ?? [])])));

function copy(o: Record<string, unknown>): Record<string, unknown> {
  const out = record();
  for (const k of Object.keys(o)) put(out, k, o[k]);
  return out;
}

function readRange(rows: unknown[], field: string): Record<string, unknown> {
  const out = record();
  const grid = rows.every((r) => Array.isArray(r)) ? (rows as unknown[][]) : [rows];
  for (const row of grid) {
    const nonEmpty = row.filter((c) => c !== '' && c !== null && c !== undefined);
    if (nonEmpty.length === 0) continue;
    if (row.length < 2) throw new ValidationError(field, `${field} range must have two columns (key, value)`);
    const key = String(row[0]).trim().toLowerCase();
    if (!key) throw new ValidationError(field, `${field} range has a value ${quote(row[1])} without a key`);
    putOnce(
      out,
      key,
      row.length > 2 ? row.slice(1).filter((c) => c !== '' && c !== null && c !== undefined) : row[1],
      field,
    );
  }
  return out;
}

/**
 * Classifies flat keys (and a nested `filters` object) into a spec for `endpoint`. Unknown keys are
 * refused with the list of what the endpoint takes.
 */
export function specFromOptions(
  endpoint: EndpointId,
  options: Record<string, unknown>,
  base: Partial<ReportSpec> = {},
): { spec: ReportSpec; extras: AddonExtras } {
  const ep = endpointById(endpoint);
  const spec: ReportSpec = {
    ...base,
    endpoint,
    params: { ...(base.params ?? {}) },
    filters: { ...(base.filters ?? {}) },
  };
  const extras: AddonExtras = {};
  const entries: [string, unknown][] = [];
  for (const [k, v] of Object.entries(options)) {
    if (k === 'filters' && v && typeof v === 'object' && !Array.isArray(v)) {
      for (const [fk, fv] of Object.entries(v as Record<string, unknown>)) entries.push([fk, fv]);
    } else {
      entries.push([k, v]);
    }
  }
  for (const [rawKey, value] of entries) {
    boundText(rawKey, 'option', INPUT_LIMITS.name, 'an option name');
    const key = rawKey.trim().toLowerCase();
    if (key === 'date') {
      const [s, e] = pair(value, 'date');
      spec.start = s;
      spec.end = e;
      continue;
    }
    if (key === 'compare_date' || key === 'compare') {
      spec.compare = value;
      continue;
    }
    if (key === 'start' || key === 'end') {
      spec[key] = value;
      continue;
    }
    if (key === 'chart' || key === 'chart_id') {
      if (endpoint !== 'analytics') throw new ValidationError(key, `${key} only applies to ADAPTY_ANALYTICS`);
      spec.chart = String(value);
      continue;
    }
    if (key === 'layout' || key === 'measure' || key === 'format' || key === 'totals') {
      spec[key] = value === undefined ? undefined : asText(value);
      continue;
    }
    if (key === 'app') {
      const text = Array.isArray(value) ? value.map(asText).join(', ') : asText(value);
      boundText(text, 'app', INPUT_LIMITS.cell, 'the app option');
      if (text.trim()) spec.app = text.trim();
      continue;
    }
    if (key === 'headers') {
      extras.headers = bool(value, 'headers');
      continue;
    }
    if (key === 'strict') {
      extras.strict = bool(value, 'strict');
      continue;
    }
    if (key === 'cache') {
      extras.cacheSeconds = cacheSeconds(value);
      continue;
    }
    const param = ep.params.find((p) => p.key === key || p.aliases?.includes(key));
    if (param && param.type !== 'chart') {
      spec.params![param.key] = value;
      continue;
    }
    if (filterDef(key) && (key !== 'placement_type' || endpoint === 'placements')) {
      spec.filters![key] = value;
      continue;
    }
    const known = [
      ...ep.params.filter((p) => p.type !== 'chart').map((p) => p.key),
      ...filtersFor(endpoint, spec.chart).filter((f) => f !== 'date' && f !== 'compare_date'),
      ...ADDON_OPTIONS.map((o) => o.key),
    ];
    throw new ValidationError(
      key,
      `option ${quote(rawKey)} is unknown${didYouMean(key, known)}. Options for ${ep.label}: ${known.join(', ')}`,
    );
  }
  return { spec, extras };
}

function pair(value: unknown, field: string): [unknown, unknown] {
  if (Array.isArray(value) && value.length === 2) return [value[0], value[1]];
  if (typeof value === 'string' && value.includes('..')) {
    const [a, b] = value.split('..');
    return [a.trim(), b.trim()];
  }
  if (typeof value === 'string') return [value, ''];
  throw new ValidationError(field, `${field} ${quote(value)} must be [from, to], "from..to" or a preset`);
}

const bool = parseBoolean;

function cacheSeconds(value: unknown): number {
  const n = typeof value === 'number' ? value : Number(String(value).trim());
  if (!Number.isInteger(n) || n < 0 || n > MAX_CACHE_SECONDS) {
    throw new ValidationError(
      'cache',
      `cache ${quote(value)} is not a number of seconds from 0 to ${MAX_CACHE_SECONDS} (6 hours, the Apps Script cache limit)`,
    );
  }
  return n;
}
