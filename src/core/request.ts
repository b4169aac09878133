/**
 * Report spec → the exact request Adapty expects. Every rule comes from the catalog; every refusal is a
 * ValidationError naming the field, the value and what is allowed, thrown before anything is sent.
 */
import {
  ACCOUNTING_TYPES,
  API_PREFIX,
  CHARTS,
  CONVERSION_PAIRS,
  ENDPOINT_IDS,
  endpointById,
  FORMAT_PARAM,
  RULES,
  filterDef,
  filtersFor,
  type ChartDef,
  type EndpointDef,
  type EndpointId,
} from '../catalog/catalog';
import { ValidationError, notOneOf, quote } from './errors';
import { INPUT_LIMITS, boundText } from './limits';
import { hasOwn, own } from './own';
import { addDays, daysInclusive, type LocalDate } from './dates/calendar';
import { normalisePresetName } from './dates/presets';
import type { CompareJoin } from './tables/compare';
import { resolveCompareInput, resolveRange } from './dates/input';
import type { TimeZonePort } from './timezone';
import { didYouMean } from './suggest';
import { LAYOUTS } from '../catalog/layouts';
import { TOTALS_MODES, type TotalsMode } from '../catalog/options';
import type { NormaliseContext } from './tables';
import { resolveChart, validateFilter, validateParam, validateSegmentation } from './requestValues';

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
  /** Where a long table's total rows go: include (default), separate, none (src/catalog/options.ts). */
  totals?: string;
  /**
   * Which connection's key fetches it (issue 15): a connection's name, several separated by commas, or
   * "all"; absent = the default connection. Not part of the request Adapty sees.
   */
  app?: string;
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
  /**
   * With a compare period: the same request for the compare range (Adapty documents no per-period
   * comparison output) and how its table joins this one's (src/core/tables/compare.ts).
   */
  compare?: { request: BuiltRequest; join: CompareJoin };
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

/** Builds and validates the request for one report. Throws ValidationError; sends nothing. */
export function buildRequest(spec: ReportSpec, ctx: RequestContext): BuiltRequest {
  if (!spec || typeof spec !== 'object' || Array.isArray(spec))
    throw new ValidationError('report', 'report must be an object with at least an endpoint');
  checkSpecShape(spec);
  const ep = endpointDef(spec.endpoint);
  // The steps run in this order so that the first refusal is the one a user reads first in the form.
  const chart = chartOf(ep, spec);
  const { range, compareRange } = datesOf(ep, spec, ctx);
  const format = formatOf(spec);
  // Adapty's docs list no compare_date for some charts (API.md §7.6). Sending it there is a guess, so it is
  // not sent: a table compares through its second request alone; a CSV (which is Adapty's file, not ours
  // to join) cannot compare there.
  const sendsCompareDate = !chart || chart.filters.includes('compare_date');
  if (compareRange && !sendsCompareDate && format === 'csv')
    throw new ValidationError(
      'compare',
      `compare with format=csv is not available for chart "${chart?.id}" (${chart?.label}): Adapty's docs list no compare_date for it, and a CSV cannot be joined with its compare range. Leave format empty for a table with the comparison, or use a chart with compare in CSV: ${CHARTS.filter(
        (c) => c.filters.includes('compare_date'),
      )
        .map((c) => c.id)
        .join(', ')}`,
    );
  const given = checkedFilters(ep, chart, spec.filters ?? {});
  const params = checkedParams(ep, chart, spec.params ?? {});
  if (ep.id === 'conversion') checkConversionPair(params.from_period, params.to_period);
  checkDailyUnit(params.period_unit, range, compareRange);
  // Daily previous_year compares weekday with weekday (52 weeks, 364 days, earlier), and compare_date says
  // the same range, so Adapty's summary compare values and the rows' comparison cover the same days.
  const unit = unitOf(ep, params);
  const compared: Range | null =
    range && compareRange && unit === 'day' && isPreset(spec.compare, 'previous_year')
      ? [addDays(range[0], -364), addDays(range[1], -364)]
      : compareRange;
  const filters: Record<string, unknown> = {
    ...dateFilters(range, sendsCompareDate ? compared : null),
    ...given,
  };
  const layout = layoutOf(ep, spec);
  const measure = measureOf(spec);
  const totals = totalsOf(spec);

  const body: Record<string, unknown> = {};
  if (chart) body.chart_id = chart.id;
  Object.assign(body, { filters });
  Object.assign(body, params);
  // Placements choose CSV by the Accept header alone (Adapty's spec); the metrics endpoints by `format`.
  if (format === 'csv' && ep.id !== 'placements') body.format = 'csv';
  const built: BuiltRequest = {
    endpoint: ep.id,
    path: API_PREFIX + ep.path,
    body,
    range,
    compareRange: compared,
    chart,
    format,
    normalise: {
      endpoint: ep.id,
      chartId: chart?.id,
      chartLabel: chart?.label,
      chartKind: chart?.unit,
      params,
      // A JSON comparison is joined from a second request; the note about missing compare values is for CSV's sake.
      hasCompare: compared !== null && format === 'csv',
      layout,
      measure,
      ...(totals ? { totals } : {}),
    },
  };
  if (range && compared && format === 'json') built.compare = compareRequest(built, unit, range, compared);
  return built;
}

/** The second request of a comparison: the same body for the compare range, without compare_date. */
function compareRequest(
  built: BuiltRequest,
  unit: string,
  range: Range,
  compareRange: Range,
): { request: BuiltRequest; join: CompareJoin } {
  const { date: _date, compare_date: _cmp, ...filters } = built.body.filters as Record<string, unknown>;
  const body = { ...built.body, filters: { date: [compareRange[0], compareRange[1]], ...filters } };
  return {
    request: { ...built, body, range: compareRange, compareRange: null, compare: undefined },
    join: {
      endpoint: built.endpoint,
      layout: built.normalise.layout ?? '',
      periodUnit: unit,
      range,
      compareRange,
    },
  };
}

/** The period unit the answer is bucketed by: the one asked for, else the endpoint's default. */
function unitOf(ep: EndpointDef, params: Record<string, unknown>): string {
  const given = params.period_unit;
  const fallback = ep.params.find((p) => p.key === 'period_unit')?.default;
  return typeof given === 'string' ? given : typeof fallback === 'string' ? fallback : 'month';
}

const isPreset = (compare: unknown, id: string): boolean =>
  typeof compare === 'string' && normalisePresetName(compare.trim()) === id;

/** The request's period unit (for the Period status column): see unitOf. */
export function periodUnitOf(built: BuiltRequest): string {
  return unitOf(endpointById(built.endpoint), built.normalise.params);
}

/** The analytics chart (required there), refused on any other endpoint. */
function chartOf(ep: EndpointDef, spec: ReportSpec): ChartDef | undefined {
  if (ep.id === 'analytics') return resolveChart(spec.chart ?? spec.params?.chart_id);
  if (spec.chart !== undefined && spec.chart !== '') {
    throw new ValidationError(
      'chart',
      `chart ${quote(spec.chart)} only applies to the analytics endpoint, not ${ep.id}`,
    );
  }
  return undefined;
}

type Range = [LocalDate, LocalDate];

/** The report's range and comparison range; an endpoint without dates refuses any. */
function datesOf(
  ep: EndpointDef,
  spec: ReportSpec,
  ctx: RequestContext,
): { range: Range | null; compareRange: Range | null } {
  if (!ep.dated) {
    for (const k of ['start', 'end', 'compare'] as const) {
      if (spec[k] !== undefined && spec[k] !== null && spec[k] !== '') {
        throw new ValidationError(k, `${k} ${quote(spec[k])} does not apply to ${ep.label}: it has no dates`);
      }
    }
    return { range: null, compareRange: null };
  }
  const dateCtx = { today: ctx.today, tz: ctx.timeZone, port: ctx.tz };
  const range = resolveRange({ start: spec.start, end: spec.end }, { start: 'start', end: 'end' }, dateCtx);
  const compareRange =
    spec.compare !== undefined && spec.compare !== null && spec.compare !== ''
      ? resolveCompareInput(spec.compare, range, dateCtx)
      : null;
  return { range, compareRange };
}

function dateFilters(range: Range | null, compareRange: Range | null): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (range) out.date = [range[0], range[1]];
  if (compareRange) out.compare_date = [compareRange[0], compareRange[1]];
  return out;
}

/** The given filters checked against the endpoint (and chart), in catalog order; empty ones dropped. */
function checkedFilters(
  ep: EndpointDef,
  chart: ChartDef | undefined,
  given: Record<string, unknown>,
): Record<string, unknown> {
  const allowedFilters = filtersFor(ep.id, chart?.id);
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
  const filters: Record<string, unknown> = {};
  for (const key of allowedFilters) {
    if (key === 'date' || key === 'compare_date' || !hasOwn(given, key)) continue;
    const def = filterDef(key)!;
    const v = validateFilter(def, own(given, key), key);
    if (Array.isArray(v) ? v.length > 0 : v !== undefined && v !== '') filters[key] = v;
  }
  if (ep.id === 'placements' && filters.placement_type === undefined) filters.placement_type = 'paywall';
  return filters;
}

/** The endpoint's parameters, checked and in catalog order; unknown ones refused. */
function checkedParams(
  ep: EndpointDef,
  chart: ChartDef | undefined,
  params: Record<string, unknown>,
): Record<string, unknown> {
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
  return out;
}

/** Only the Dashboard's transitions (CONVERSION_PAIRS) are served; any other pair is refused by name. */
function checkConversionPair(from: unknown, to: unknown): void {
  const fromId = typeof from === 'string' || typeof from === 'number' ? String(from) : '';
  const toId = typeof to === 'string' || typeof to === 'number' ? String(to) : '';
  if (CONVERSION_PAIRS.some((p) => p.from === fromId && p.to === toId)) return;
  const shown = (id: string) => (id === '' ? 'empty (install)' : id);
  throw new ValidationError(
    'to_period',
    `conversion from_period ${shown(fromId)} → to_period ${shown(toId)} is not one Adapty serves: only the Dashboard's conversions are available: ${CONVERSION_PAIRS.map((p) => `${p.label} (${shown(p.from)} → ${p.to})`).join(', ')}`,
  );
}

/** Adapty refuses daily periods over long ranges (RULES.maxDaysForDailyUnit). */
function checkDailyUnit(periodUnit: unknown, range: Range | null, compareRange: Range | null): void {
  if (periodUnit !== 'day') return;
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

function formatOf(spec: ReportSpec): 'json' | 'csv' {
  const formatRaw = spec.format ?? own(spec.params ?? {}, 'format');
  return formatRaw === undefined || formatRaw === ''
    ? 'json'
    : (validateParam(FORMAT_PARAM, formatRaw, 'format') as 'json' | 'csv');
}

/** One of the endpoint's layouts (src/catalog/layouts.ts); the first when not given. */
function layoutOf(ep: EndpointDef, spec: ReportSpec): string {
  const layouts = LAYOUTS[ep.id].map((l) => l.id);
  if (spec.layout === undefined || spec.layout === '') return layouts[0];
  boundText(spec.layout, 'layout', INPUT_LIMITS.name, 'a layout');
  const l = String(spec.layout).trim().toLowerCase();
  if (!layouts.includes(l)) throw notOneOf('layout', spec.layout, layouts);
  return l;
}

function measureOf(spec: ReportSpec): NormaliseContext['measure'] {
  if (spec.measure === undefined || spec.measure === '') return undefined;
  boundText(spec.measure, 'measure', INPUT_LIMITS.name, 'a measure');
  const m = String(spec.measure).trim().toLowerCase();
  if (!MEASURES.includes(m)) throw notOneOf('measure', spec.measure, MEASURES);
  return m;
}

function totalsOf(spec: ReportSpec): TotalsMode | undefined {
  const t = String(spec.totals ?? '')
    .trim()
    .toLowerCase();
  // The default is left out, so a report that says include has the cache keys of one that says nothing.
  if (t === '' || t === 'include') return undefined;
  if (!TOTALS_MODES.some((m) => m.id === t))
    throw notOneOf(
      'totals',
      spec.totals,
      TOTALS_MODES.map((m) => m.id),
    );
  return t as TotalsMode;
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
  for (const k of ['format', 'layout', 'measure', 'totals'] as const)
    boundText(spec[k], k, INPUT_LIMITS.name, `a ${k}`);
}
