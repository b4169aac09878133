/**
 * Spec → formula text: the formula the sidebar shows and inserts for a report.
 */
import { ENDPOINTS, FILTER_KEYS, findChart } from '../../catalog/catalog';
import { asText } from '../errors';
import { type AddonExtras } from '../options';
import { put, record } from '../own';
import { endpointDef, type ReportSpec } from '../request';
import { type Separator, functionForEndpoint } from './functions';
import { decimalMark } from './separator';

export interface FormulaExtras extends AddonExtras {
  /** A refresh value to write as the last argument. */
  refresh?: string | number;
}

/** A string literal in a formula: double quotes, inner quotes doubled. */
export function formulaString(s: string): string {
  return '"' + s.replace(/"/g, '""') + '"';
}

function numberLiteral(n: number, separator: Separator): string {
  return String(n).replace('.', decimalMark(separator));
}

export function literal(v: unknown, separator: Separator): string {
  if (v === undefined || v === null) return '""';
  if (typeof v === 'number' && Number.isFinite(v)) return numberLiteral(v, separator);
  if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
  if (Object.prototype.toString.call(v) === '[object Date]') {
    const d = v as Date;
    // Specs hold dates as text; a Date is written as its calendar date in UTC.
    return formulaString(isNaN(d.getTime()) ? '' : d.toISOString().slice(0, 10));
  }
  return formulaString(asText(v));
}

/** A value for the `key=value` text form, or null when only JSON can carry it. */
function textValue(v: unknown): string | null {
  const safe = (s: string) => s !== '' && s === s.trim() && !/[;=\n\r,]/.test(s);
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  if (typeof v === 'boolean') return String(v);
  if (typeof v === 'string') {
    if (v.trim() === '' || /[;=\n\r]/.test(v) || v !== v.trim()) return null;
    return v;
  }
  if (Array.isArray(v)) {
    const items = (v as unknown[]).flat(Infinity).filter((x) => x !== '' && x !== null && x !== undefined);
    const parts: string[] = [];
    for (const item of items) {
      const s =
        typeof item === 'number' || typeof item === 'boolean' ? String(item) : typeof item === 'string' ? item : null;
      if (s === null || !safe(s)) return null;
      parts.push(s);
    }
    return parts.length ? parts.join(',') : null;
  }
  return null;
}

function compareText(v: unknown): unknown {
  if (Array.isArray(v)) {
    const flat = (v as unknown[]).flat(Infinity);
    if (flat.length === 2 && flat.every((x) => typeof x === 'string')) return `${flat[0]}..${flat[1]}`;
    return v;
  }
  if (v && typeof v === 'object' && 'start' in v && 'end' in v) {
    const o = v;
    if (typeof o.start === 'string' && typeof o.end === 'string') return `${o.start}..${o.end}`;
  }
  return v;
}

const FILTER_ORDER: readonly string[] = [...FILTER_KEYS, 'placement_type'];

const empty = (v: unknown) =>
  v === undefined || v === null || v === '' || (Array.isArray(v) && (v as unknown[]).flat(Infinity).length === 0);

/**
 * The options argument for a spec: `key=value; key=value` text, or a JSON object (with a `filters`
 * object, as in Adapty's docs) when a value holds `;`, `=`, a comma inside a list item, or is not
 * plain text. `positional` keys are left out (they are arguments of their own).
 */
export function optionsText(spec: ReportSpec, extras: AddonExtras = {}, positional: readonly string[] = []): string {
  const flat: [string, unknown][] = [];
  const params: [string, unknown][] = [];
  const filters: [string, unknown][] = [];
  for (const [k, v] of Object.entries(spec.params ?? {})) {
    if (positional.includes(k) || k === 'chart_id' || empty(v)) continue;
    params.push([k, v]);
  }
  for (const [k, v] of Object.entries(spec.filters ?? {})) {
    if (positional.includes(k) || empty(v)) continue;
    filters.push([k, v]);
  }
  // Catalog order, whatever order the spec was built in.
  const ep = ENDPOINTS.find(
    (e) =>
      e.id ===
      String(spec.endpoint ?? '')
        .trim()
        .toLowerCase(),
  );
  const rank = (list: readonly string[], k: string) => {
    const i = list.indexOf(k);
    return i < 0 ? list.length : i;
  };
  const paramOrder = ep ? ep.params.map((p) => p.key) : [];
  params.sort((a, b) => rank(paramOrder, a[0]) - rank(paramOrder, b[0]));
  filters.sort((a, b) => rank(FILTER_ORDER, a[0]) - rank(FILTER_ORDER, b[0]));
  const addon: [string, unknown][] = [];
  if (!empty(spec.app)) addon.push(['app', spec.app]);
  if (!empty(spec.compare)) addon.push(['compare', compareText(spec.compare)]);
  if (!empty(spec.layout)) addon.push(['layout', spec.layout]);
  if (!empty(spec.measure)) addon.push(['measure', spec.measure]);
  if (!empty(spec.totals)) addon.push(['totals', spec.totals]);
  if (!empty(spec.format)) addon.push(['format', spec.format]);
  if (extras.headers !== undefined) addon.push(['headers', extras.headers]);
  if (extras.cacheSeconds !== undefined) addon.push(['cache', extras.cacheSeconds]);
  flat.push(...params, ...filters, ...addon);
  if (flat.length === 0) return '';
  const texts = flat.map(([, v]) => textValue(v));
  if (texts.every((t) => t !== null)) return flat.map(([k], i) => `${k}=${texts[i]}`).join('; ');
  const json = record();
  for (const [k, v] of params) put(json, k, v);
  if (filters.length) put(json, 'filters', Object.fromEntries(filters));
  for (const [k, v] of addon) put(json, k, v);
  return JSON.stringify(json);
}

/**
 * The `=ADAPTY_…(…)` formula that computes the same report as `spec` (for the sidebar's "Insert as
 * formula" and its preview). Strings are quoted with doubled quotes, dates stay `YYYY-MM-DD` text and
 * presets their names; empty trailing arguments are left out. Throws ValidationError for an unknown
 * endpoint.
 */
export function specToFormula(spec: ReportSpec, separator: Separator, extras: FormulaExtras = {}): string {
  const ep = endpointDef(spec.endpoint);
  const fn = functionForEndpoint(ep.id);
  const values: string[] = [];
  const positionalKeys: string[] = [];
  for (const a of fn.args) {
    switch (a.kind) {
      case 'chart': {
        const raw = spec.chart ?? spec.params?.chart_id;
        const c = typeof raw === 'string' ? findChart(raw.trim()) : undefined;
        values.push(literal(c ? c.id : raw, separator));
        break;
      }
      case 'from_period':
      case 'to_period': {
        positionalKeys.push(a.kind);
        const v = spec.params?.[a.kind];
        const s = asText(v).trim();
        values.push(/^\d+$/.test(s) ? s : literal(s, separator));
        break;
      }
      case 'start':
      case 'end': {
        const v = spec[a.kind];
        values.push(empty(v) ? '""' : literal(v, separator));
        break;
      }
      case 'placement_type': {
        // ADAPTY_PLACEMENTS has no options argument: its first argument takes options text when needed.
        const rest = optionsText({ ...spec, filters: { ...(spec.filters ?? {}) } }, extras, []);
        const onlyType =
          optionsText({ ...spec, filters: {} }, extras, []) === '' &&
          Object.keys(spec.filters ?? {}).every((k) => k === 'placement_type');
        const pt = spec.filters?.placement_type;
        const ptValue: unknown = Array.isArray(pt) && pt.length === 1 ? (pt as unknown[])[0] : pt;
        if (onlyType) values.push(empty(ptValue) ? '""' : literal(ptValue, separator));
        else values.push(literal(rest, separator));
        break;
      }
      case 'options':
        values.push(literal(optionsText(spec, extras, positionalKeys), separator));
        break;
      case 'refresh':
        values.push(extras.refresh === undefined || extras.refresh === '' ? '""' : literal(extras.refresh, separator));
        break;
    }
  }
  while (values.length > 0 && values[values.length - 1] === '""' && fn.args[values.length - 1].optional) values.pop();
  return `=${fn.name}(${values.join(separator + ' ')})`;
}
