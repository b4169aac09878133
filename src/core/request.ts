/**
 * Report spec → the exact request Adapty expects. Every rule comes from the catalog; every refusal is a
 * ValidationError naming the field, the value and what is allowed, thrown before anything is sent.
 */
import {
  ACCOUNTING_TYPES,
  API_PREFIX,
  CHARTS,
  COUNTRY_CODES,
  ENDPOINT_IDS,
  endpointById,
  FORMAT_PARAM,
  RULES,
  STORES,
  filterDef,
  filtersFor,
  findChart,
  segmentationsFor,
  type ChartDef,
  type EndpointDef,
  type EndpointId,
  type FilterDef,
  type ParamDef,
} from '../catalog/catalog';
import { ASSUMPTIONS } from '../catalog/assumptions';
import { ValidationError, asText, excerpt, notOneOf, parseBoolean, quote } from './errors';
import { INPUT_LIMITS, boundList, boundText } from './limits';
import { hasOwn, own } from './own';
import { daysInclusive, type LocalDate } from './dates/calendar';
import { resolveCompareInput, resolveRange } from './dates/input';
import type { TimeZonePort } from './timezone';
import { didYouMean } from './suggest';
import { LAYOUTS } from '../catalog/layouts';
import type { NormaliseContext } from './tables';

/** What a user (sidebar, custom function, saved report) asks for. Plain data: it is stored as JSON. */
export interface ReportSpec {
  endpoint: string;
  /** Analytics chart id or dashboard label. */
  chart?: string;
  /** A date, `YYYY-MM-DD`, or a preset name (with `end` empty). */
  start?: unknown;
  end?: unknown;
  /** A compare preset (`previous_period`, `previous_year`), `from..to`, or [from, to]. */
  compare?: unknown;
  params?: Record<string, unknown>;
  filters?: Record<string, unknown>;
  format?: string;
  layout?: string;
  measure?: string;
}

export interface RequestContext {
  /** Today in the spreadsheet's zone. */
  today: LocalDate;
  timeZone: string;
  tz: TimeZonePort;
}

export interface BuiltRequest {
  endpoint: EndpointId;
  /** Path under the base URL, e.g. `/api/v1/client-api/metrics/analytics/`. */
  path: string;
  body: Record<string, unknown>;
  range: [LocalDate, LocalDate] | null;
  compareRange: [LocalDate, LocalDate] | null;
  chart?: ChartDef;
  format: 'json' | 'csv';
  normalise: NormaliseContext;
}

/** The money series a table can show alone: the catalog's accounting types. */
export const MEASURES: readonly string[] = ACCOUNTING_TYPES.map((a) => a.id);

export function endpointDef(value: unknown, field = 'endpoint'): EndpointDef {
  boundText(value, field, INPUT_LIMITS.name, 'an endpoint name');
  const id = typeof value === 'string' ? value.trim().toLowerCase() : value;
  if (typeof id !== 'string' || !(ENDPOINT_IDS as readonly string[]).includes(id))
    throw notOneOf(field, value, ENDPOINT_IDS);
  return endpointById(id as EndpointId);
}

export function resolveChart(value: unknown, field = 'chart'): ChartDef {
  if (value === undefined || value === null || value === '') {
    throw new ValidationError(field, `${field} is required: one of ${CHARTS.map((c) => c.id).join(', ')}`);
  }
  boundText(value, field, INPUT_LIMITS.name, 'a chart id or name');
  const found = typeof value === 'string' ? findChart(value.trim()) : undefined;
  if (!found) {
    const ids = CHARTS.map((c) => c.id);
    const hint = didYouMean(asText(value), [...ids, ...CHARTS.map((c) => c.label)]);
    throw new ValidationError(field, `${field} ${quote(value)} is unknown${hint || '.'} Charts: ${ids.join(', ')}`);
  }
  return found;
}

/** Lists arrive as arrays, nested arrays (older docs), or comma-separated text; at most INPUT_LIMITS.listItems. */
export function toList(value: unknown, field = 'list'): unknown[] {
  if (value === undefined || value === null || value === '') return [];
  let items: unknown[];
  if (Array.isArray(value)) {
    boundList(value, field);
    items = value.flat(Infinity).filter((v) => v !== '' && v !== null && v !== undefined);
  } else if (typeof value === 'string') {
    boundText(value, field, INPUT_LIMITS.listItems * INPUT_LIMITS.listItem, 'a list');
    items = value
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
  } else items = [value];
  boundList(items, field);
  for (const item of items) boundText(item, field, INPUT_LIMITS.listItem, 'one value of a list');
  return items;
}

/** Keeps the first of equal values, in order (a Set: a long list is not compared with itself). */
function unique<T>(xs: readonly T[]): T[] {
  return [...new Set(xs)];
}

function matchChoice(
  def: { key: string; values?: readonly { id: string }[]; valueAliases?: Record<string, string> },
  raw: unknown,
  field: string,
): string {
  const ids = (def.values ?? []).map((v) => v.id);
  boundText(raw, field, INPUT_LIMITS.name, 'a value');
  const s = String(raw).trim();
  const exact = ids.find((id) => id === s) ?? ids.find((id) => id.toLowerCase() === s.toLowerCase());
  if (exact !== undefined) return exact;
  const alias = own(def.valueAliases, s.toLowerCase());
  if (alias !== undefined) return alias;
  throw new ValidationError(field, `${field} ${quote(raw)} is not one of: ${ids.join(', ')}`);
}

function validateParam(def: ParamDef, raw: unknown, field: string): unknown {
  switch (def.type) {
    case 'enum':
      if (typeof raw !== 'string' && typeof raw !== 'number')
        throw notOneOf(
          field,
          raw,
          (def.values ?? []).map((v) => v.id),
        );
      return matchChoice(def, raw, field);
    case 'int_enum': {
      const n = Number(raw);
      const ids = (def.values ?? []).map((v) => v.id);
      if (raw === '' || !ids.includes(String(n))) throw notOneOf(field, raw, ids);
      return n;
    }
    case 'int_list': {
      const items = toList(raw, field);
      if (items.length === 0)
        throw new ValidationError(
          field,
          `${field} ${quote(raw)} is empty: give whole numbers of days such as 0,3,7,14,28`,
        );
      const out: number[] = [];
      for (const item of items) {
        const n = typeof item === 'number' ? item : Number(String(item).trim());
        if (!Number.isInteger(n) || n < 0 || n > 3650) {
          throw new ValidationError(field, `${field} ${quote(item)} is not a whole number of days between 0 and 3650`);
        }
        if (!out.includes(n)) out.push(n);
      }
      return out;
    }
    case 'boolean':
      return parseBoolean(raw, field);
    case 'period':
      return validatePeriod(def, raw, field);
    case 'chart':
      return resolveChart(raw, field).id;
  }
}

/** from_period: null (install), 0 (trial), N (paid period N); to_period: 0, N, 6+, 12+, 24+. */
function validatePeriod(def: ParamDef, raw: unknown, field: string): string | number | null {
  boundText(raw, field, INPUT_LIMITS.name, 'a period');
  const s = asText(raw).trim().toLowerCase();
  const isFrom = def.key === 'from_period';
  if (isFrom && (s === '' || s === 'null' || s === 'install')) return null;
  if (!isFrom && s === '')
    throw new ValidationError(field, `${field} is required: 0 (trial), 1, 2, … (paid period), 6+, 12+ or 24+`);
  const named: Record<string, string> = { trial: '0', paid: '1' };
  const v = own(named, s) ?? s;
  const plus = ['6+', '12+', '24+'];
  const allowedText = isFrom
    ? 'empty (install), 0 (trial) or 1, 2, 3… (paid period)'
    : '0 (trial), 1, 2, 3… (paid period), 6+, 12+ or 24+';
  if (/^\d+$/.test(v) && Number(v) <= 120)
    return ASSUMPTIONS.conversionPeriodsAsStrings ? String(Number(v)) : Number(v);
  if (!isFrom && plus.includes(v)) return v;
  throw new ValidationError(field, `${field} ${quote(raw)} is not a period: use ${allowedText}`);
}

function validateFilter(def: FilterDef, raw: unknown, field: string, filters: Record<string, unknown>): unknown {
  switch (def.shape) {
    case 'enum_single':
      if (Array.isArray(raw) && raw.length === 1) raw = raw[0];
      return matchChoice(def, raw, field);
    case 'enum_list': {
      const out: string[] = [];
      for (const item of toList(raw, field)) {
        let v: string;
        try {
          v = matchChoice(def, item, field);
        } catch (e) {
          // Custom store ids are allowed (§3); they look like identifiers.
          if (!def.openValues || !/^[A-Za-z0-9_.-]{1,64}$/.test(String(item).trim())) {
            if (def.openValues)
              throw new ValidationError(
                field,
                `${field} ${quote(item)} is not one of: ${(def.values ?? []).map((x) => x.id).join(', ')} (or a custom store id of letters, digits, _ . -)`,
              );
            throw e;
          }
          v = String(item).trim();
        }
        out.push(v);
      }
      return unique(out);
    }
    case 'country_list': {
      const out: string[] = [];
      for (const item of toList(raw, field)) {
        const v = String(item).trim().toLowerCase();
        if (!COUNTRY_CODES.includes(v)) {
          throw new ValidationError(
            field,
            `${field} ${quote(item)} is not an ISO 3166-1 alpha-2 country code such as us, de, gb`,
          );
        }
        out.push(v);
      }
      return unique(out);
    }
    case 'product_list': {
      const out: string[] = [];
      const storeIds = STORES.map((s) => s.id);
      const storeFilter = toList(own(filters, 'store'), 'store').map((s) => String(s).trim().toLowerCase());
      for (const item of toList(raw, field)) {
        let v = String(item).trim();
        const colon = v.indexOf(':');
        if (colon <= 0) {
          if (ASSUMPTIONS.prefixBareProductIdWithSingleStore && storeFilter.length === 1) {
            v = `${storeFilter[0]}:${v}`;
          } else {
            throw new ValidationError(
              field,
              `${field} ${quote(item)} needs its store: write it as store:product_id, e.g. app_store:${excerpt(v) || 'premium_monthly'} or play_store:${excerpt(v) || 'premium_monthly'}`,
            );
          }
        } else {
          const store = v.slice(0, colon).toLowerCase();
          if (!storeIds.includes(store) && !/^[a-z0-9_.-]+$/.test(store)) {
            throw new ValidationError(
              field,
              `${field} ${quote(item)} has an unknown store ${quote(store)}: use one of ${storeIds.join(', ')}`,
            );
          }
          if (colon === v.length - 1)
            throw new ValidationError(field, `${field} ${quote(item)} has no product id after the store`);
          v = store + v.slice(colon);
        }
        out.push(v);
      }
      return unique(out);
    }
    case 'text_list': {
      const out: string[] = [];
      for (const item of toList(raw, field)) {
        if (typeof item !== 'string' && typeof item !== 'number')
          throw new ValidationError(field, `${field} ${quote(item)} is not text`);
        const v = String(item).trim();
        if (v) out.push(v);
      }
      return unique(out);
    }
    case 'date_range':
      throw new ValidationError(field, `${field} is set through the dates, not as a filter value`);
  }
}

/** Builds and validates the request for one report. Throws ValidationError; sends nothing. */
export function buildRequest(spec: ReportSpec, ctx: RequestContext): BuiltRequest {
  if (!spec || typeof spec !== 'object' || Array.isArray(spec))
    throw new ValidationError('report', 'report must be an object with at least an endpoint');
  checkSpecShape(spec);
  const ep = endpointDef(spec.endpoint);
  const body: Record<string, unknown> = {};
  let chart: ChartDef | undefined;
  if (ep.id === 'analytics') {
    chart = resolveChart(spec.chart ?? spec.params?.chart_id);
    body.chart_id = chart.id;
  } else if (spec.chart !== undefined && spec.chart !== '') {
    throw new ValidationError(
      'chart',
      `chart ${quote(spec.chart)} only applies to the analytics endpoint, not ${ep.id}`,
    );
  }

  // Dates
  const filters: Record<string, unknown> = {};
  let range: [LocalDate, LocalDate] | null = null;
  let compareRange: [LocalDate, LocalDate] | null = null;
  if (ep.dated) {
    range = resolveRange(
      { start: spec.start, end: spec.end },
      { start: 'start', end: 'end' },
      { today: ctx.today, tz: ctx.timeZone, port: ctx.tz },
    );
    filters.date = [range[0], range[1]];
    if (spec.compare !== undefined && spec.compare !== null && spec.compare !== '') {
      compareRange = resolveCompareInput(spec.compare, range, { today: ctx.today, tz: ctx.timeZone, port: ctx.tz });
      filters.compare_date = [compareRange[0], compareRange[1]];
    }
  } else {
    for (const k of ['start', 'end', 'compare'] as const) {
      if (spec[k] !== undefined && spec[k] !== null && spec[k] !== '') {
        throw new ValidationError(k, `${k} ${quote(spec[k])} does not apply to ${ep.label}: it has no dates`);
      }
    }
  }

  // Filters, in catalog order.
  const allowedFilters = filtersFor(ep.id, chart?.id);
  const given: Record<string, unknown> = spec.filters ?? {};
  for (const key of Object.keys(given)) {
    if (key === 'date' || key === 'compare_date') {
      throw new ValidationError(`filters.${key}`, `filters.${key} is set with start/end and compare, not as a filter`);
    }
    const def = filterDef(key);
    if (!def) {
      throw new ValidationError(
        `filters.${key}`,
        `filter ${quote(key)} is unknown${didYouMean(key, allowedFilters)}. Filters for ${ep.label}: ${allowedFilters.filter((f) => f !== 'date' && f !== 'compare_date').join(', ')}`,
      );
    }
    if (!allowedFilters.includes(key)) {
      const where = chart ? `chart "${chart.id}" (${chart.label})` : ep.label;
      throw new ValidationError(
        `filters.${key}`,
        `filter ${quote(key)} is not available for ${where}. Allowed filters: ${allowedFilters.filter((f) => f !== 'date' && f !== 'compare_date').join(', ')}`,
      );
    }
  }
  for (const key of allowedFilters) {
    if (key === 'date' || key === 'compare_date' || !hasOwn(given, key)) continue;
    const def = filterDef(key)!;
    const v = validateFilter(def, own(given, key), key, given);
    if (Array.isArray(v) ? v.length > 0 : v !== undefined && v !== '') filters[key] = v;
  }
  if (ep.id === 'placements' && filters.placement_type === undefined) filters.placement_type = 'paywall';

  // Parameters
  const params: Record<string, unknown> = spec.params ?? {};
  const paramDefs = ep.params;
  for (const key of Object.keys(params)) {
    if (key === 'chart_id' && ep.id === 'analytics') continue;
    if (!paramDefs.some((p) => p.key === key) && key !== 'format') {
      const names = paramDefs.filter((p) => p.type !== 'chart').map((p) => p.key);
      throw new ValidationError(
        key,
        `option ${quote(key)} is unknown for ${ep.label}${didYouMean(key, names)}. Options: ${names.join(', ') || 'none'}`,
      );
    }
  }
  const out: Record<string, unknown> = {};
  for (const def of paramDefs) {
    if (def.type === 'chart') continue;
    const raw = own(params, def.key);
    const missing = raw === undefined || (raw === '' && def.type !== 'period');
    if (missing) {
      if (def.required && def.key === 'from_period') {
        out[def.key] = null;
        continue;
      }
      if (def.required) throw new ValidationError(def.key, `${def.key} is required for ${ep.label}`);
      continue;
    }
    if (def.key === 'segmentation') {
      out[def.key] = validateSegmentation(ep, chart, raw);
      continue;
    }
    out[def.key] = validateParam(def, raw, def.key);
  }
  for (const def of paramDefs) {
    if (def.requires && out[def.key] !== undefined && out[def.requires.key] !== def.requires.value) {
      throw new ValidationError(
        def.key,
        `${def.key} is only used with ${def.requires.key} "${def.requires.value}" (now ${quote(out[def.requires.key] ?? 'not set')})`,
      );
    }
  }
  const periodUnit = out.period_unit;
  if (periodUnit === 'day') {
    for (const [name, r] of [
      ['date', range],
      ['compare_date', compareRange],
    ] as const) {
      if (r && daysInclusive(r) > RULES.maxDaysForDailyUnit) {
        throw new ValidationError(
          'period_unit',
          `period_unit "day" covers at most ${RULES.maxDaysForDailyUnit} days, but ${name} ${r[0]}..${r[1]} has ${daysInclusive(r)}: use week or month, or a shorter range`,
        );
      }
    }
  }

  const formatRaw = spec.format ?? own(params, 'format');
  const format =
    formatRaw === undefined || formatRaw === ''
      ? 'json'
      : (validateParam(FORMAT_PARAM, formatRaw, 'format') as 'json' | 'csv');

  Object.assign(body, { filters });
  Object.assign(body, out);
  if (format === 'csv') body.format = 'csv';

  const layouts = LAYOUTS[ep.id].map((l) => l.id);
  let layout = layouts[0];
  if (spec.layout !== undefined && spec.layout !== '') {
    boundText(spec.layout, 'layout', INPUT_LIMITS.name, 'a layout');
    const l = String(spec.layout).trim().toLowerCase();
    if (!layouts.includes(l)) throw notOneOf('layout', spec.layout, layouts);
    layout = l;
  }
  let measure: NormaliseContext['measure'];
  if (spec.measure !== undefined && spec.measure !== '') {
    boundText(spec.measure, 'measure', INPUT_LIMITS.name, 'a measure');
    const m = String(spec.measure).trim().toLowerCase();
    if (!MEASURES.includes(m)) throw notOneOf('measure', spec.measure, MEASURES);
    measure = m;
  }

  return {
    endpoint: ep.id,
    path: API_PREFIX + ep.path,
    body,
    range,
    compareRange,
    chart,
    format,
    normalise: {
      endpoint: ep.id,
      chartId: chart?.id,
      chartLabel: chart?.label,
      chartKind: chart?.unit,
      params: out,
      hasCompare: compareRange !== null,
      layout,
      measure,
    },
  };
}

function validateSegmentation(ep: EndpointDef, chart: ChartDef | undefined, raw: unknown): string {
  const allowed = segmentationsFor(ep.id, chart?.id);
  boundText(raw, 'segmentation', INPUT_LIMITS.name, 'a segmentation');
  let s = String(raw).trim().toLowerCase();
  s = own(ep.segmentationAliases, s) ?? s;
  if (!allowed.includes(s)) {
    const where = chart ? ` for chart "${chart.id}"` : ` for ${ep.label}`;
    throw new ValidationError(
      'segmentation',
      `segmentation ${quote(raw)} is not available${where}. Allowed: ${allowed.join(', ')}`,
    );
  }
  return s;
}

/**
 * The spec's outline before any of its values is read: a bounded size, params and filters as objects
 * (an array or text there would be read key by key as "0", "1", …), dates as short values.
 */
function checkSpecShape(spec: ReportSpec): void {
  let size: number;
  try {
    size = JSON.stringify(spec).length;
  } catch {
    throw new ValidationError('report', 'report is not plain data (it refers to itself)');
  }
  if (size > INPUT_LIMITS.specJson)
    throw new ValidationError(
      'report',
      `report is ${size.toLocaleString('en-US')} characters as JSON: a report has at most ${INPUT_LIMITS.specJson.toLocaleString('en-US')}`,
    );
  for (const k of ['params', 'filters'] as const) {
    const v: unknown = spec[k];
    if (v !== undefined && v !== null && (typeof v !== 'object' || Array.isArray(v)))
      throw new ValidationError(k, `${k} ${quote(v)} must be an object of name: value pairs`);
    if (v) for (const key of Object.keys(v)) boundText(key, k, INPUT_LIMITS.name, 'a name');
  }
  for (const k of ['start', 'end', 'compare'] as const) boundText(spec[k], k, INPUT_LIMITS.date, 'a date or preset');
  for (const k of ['format', 'layout', 'measure'] as const) boundText(spec[k], k, INPUT_LIMITS.name, `a ${k}`);
}
