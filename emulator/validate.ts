/**
 * Server-side validation of a request body, driven by the catalog (never a re-listed enum) but with the
 * emulator's own logic: it plays the part of Adapty's server, not of the add-on's request builder.
 *
 * Error codes follow the documented ones (`enum`, `datetime`, `required`) and pydantic's vocabulary for
 * the rest (`list`, `str`, `dict`, `integer`, `bool`, `invalid`).
 */
import {
  CHARTS,
  CHART_BY_ID,
  CONVERSION_PAIRS,
  FORMAT_PARAM,
  RULES,
  filterDef,
  segmentationsFor,
  type ChartDef,
  type EndpointDef,
  type EndpointId,
  type FilterDef,
  type ParamDef,
} from '../src/catalog/catalog';
import { parseDay, type PeriodUnit } from './tz';

export interface FieldError {
  source: string;
  code: string;
  message: string;
}

export interface ValidRequest {
  endpoint: EndpointId;
  chart?: ChartDef;
  /** Every catalog parameter of the endpoint, validated, with the documented default when absent. */
  params: Record<string, unknown>;
  periodUnit: PeriodUnit;
  /** `default` when none. */
  segmentation: string;
  format: 'json' | 'csv';
  /** Local day numbers, inclusive. */
  range: [number, number] | null;
  compare: [number, number] | null;
  /** Filters that restrict the data: known, supported by the chart, non-empty. Countries lower-cased. */
  filters: Record<string, string[]>;
  /** Known filter keys the chart does not support: accepted and silently ignored (API.md §2.3). */
  ignoredFilters: string[];
  placementType?: string;
}

export type Validation = { ok: true; req: ValidRequest } | { ok: false; errors: FieldError[] };

/** Parameter names the server accepts for another (older guide): `segmentation_by` → `segmentation`. */
export const PARAM_ALIASES: Record<string, string> = { segmentation_by: 'segmentation' };

/** The default day marks of cohort `period_type=days` (API.md §2; not in the catalog). */

/** Conversion `to_period` values beyond plain integers. */
const TO_PERIOD_MONTHS = /^(\d+)\+$/;
const MAX_PERIOD = 36;

export function enumMessage(values: readonly (string | number)[]): string {
  return `value is not a valid enumeration member; permitted: ${values.map((v) => (typeof v === 'number' ? String(v) : `'${v}'`)).join(', ')}`;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export function validate(endpoint: EndpointDef, body: unknown): Validation {
  const errors: FieldError[] = [];
  const err = (source: string, code: string, message: string) => errors.push({ source, code, message });
  if (!isObject(body)) {
    err(
      'non_field_errors',
      'invalid',
      `Invalid data. Expected a dictionary, but got ${Array.isArray(body) ? 'list' : body === null ? 'null' : typeof body}.`,
    );
    return { ok: false, errors };
  }

  // --- parameters ---------------------------------------------------------------------------
  const params: Record<string, unknown> = {};
  const chartValue = body.chart_id;
  const chart = typeof chartValue === 'string' ? CHART_BY_ID[chartValue] : undefined;
  for (const p of [...endpoint.params, FORMAT_PARAM]) {
    let source = p.key;
    let raw: unknown = body[p.key];
    if (raw === undefined) {
      const alias = Object.keys(PARAM_ALIASES).find((a) => PARAM_ALIASES[a] === p.key && body[a] !== undefined);
      if (alias) {
        source = alias;
        raw = body[alias];
      }
    }
    const present = raw !== undefined && !(raw === null && p.type !== 'period');
    if (!present || (p.type === 'period' && raw === undefined)) {
      if (p.required) err(source, 'required', 'field required');
      else params[p.key] = p.default ?? null;
      continue;
    }
    const value = checkParam(endpoint, p, raw, source, chart, chartValue, err);
    if (value !== undefined) params[p.key] = value;
  }

  // conversion: only the Dashboard's transitions (Adapty's guide, "Conversion types")
  if (endpoint.id === 'conversion' && params.to_period !== undefined && params.from_period !== undefined) {
    const fromId = params.from_period === null ? '' : String(params.from_period);
    if (!CONVERSION_PAIRS.some((p) => p.from === fromId && p.to === String(params.to_period)))
      err(
        'to_period',
        'invalid',
        `only transitions supported by the Adapty Dashboard are available: ${CONVERSION_PAIRS.map((p) => `${p.from || 'null'}→${p.to}`).join(', ')}`,
      );
  }
  if (endpoint.id === 'conversion' && params.to_period !== undefined && params.from_period !== undefined) {
    const from = params.from_period === null ? -1 : Number(params.from_period);
    const to = periodRank(String(params.to_period));
    if (to <= from)
      err(
        'to_period',
        'invalid',
        `to_period ${String(params.to_period)} must come after from_period ${params.from_period === null ? 'null (install)' : String(params.from_period)}`,
      );
  }

  // --- filters ------------------------------------------------------------------------------
  const filters: Record<string, string[]> = {};
  const ignoredFilters: string[] = [];
  let range: [number, number] | null = null;
  let compare: [number, number] | null = null;
  let placementType: string | undefined;
  const rawFilters = body.filters;
  if (rawFilters === undefined || rawFilters === null) {
    err('filters', 'required', 'field required');
  } else if (!isObject(rawFilters)) {
    err('filters', 'dict', 'value is not a valid dict');
  } else {
    const allowedHere = endpoint.filters;
    const chartFilters = endpoint.id === 'analytics' && chart ? chart.filters : allowedHere;
    for (const key of Object.keys(rawFilters)) {
      const def = allowedHere.includes(key) ? filterDef(key) : undefined;
      if (!def) continue; // unknown keys: ignored like any extra field
      const value = rawFilters[key];
      if (value === null || value === undefined) continue;
      const checked = checkFilter(def, value, `filters.${key}`, err);
      if (checked === undefined) continue;
      if (def.shape === 'date_range') {
        if (!chartFilters.includes(key)) {
          err(`filters.${key}`, 'invalid', `filter ${key} is not available for chart ${chart?.id ?? endpoint.id}`);
          continue;
        }
        const r = checked as [number, number];
        if (key === 'date') range = r;
        else compare = r;
        continue;
      }
      if (key === 'placement_type') {
        placementType = (checked as string[])[0];
        continue;
      }
      if (!chartFilters.includes(key)) {
        // The catalog's per-chart filter lists (Adapty's docs) are enforced: a filter the chart does not
        // take is refused, as the add-on refuses it, rather than silently ignored.
        err(
          `filters.${key}`,
          'invalid',
          `filter ${key} is not available for chart ${chart?.id ?? endpoint.id}; allowed: ${chartFilters.join(', ')}`,
        );
        ignoredFilters.push(key);
        continue;
      }
      if (key === 'profiles_counting_method') continue; // accepted, no effect on the emulated data
      const list = checked as string[];
      if (list.length > 0) filters[key] = key === 'country' ? list.map((c) => c.toLowerCase()) : list;
    }
    if (endpoint.dated && (rawFilters.date === undefined || rawFilters.date === null))
      err('filters.date', 'required', 'field required');
    if (endpoint.id === 'placements' && (rawFilters.placement_type === undefined || rawFilters.placement_type === null))
      err('filters.placement_type', 'required', 'field required');
  }

  // --- cross-field rules --------------------------------------------------------------------
  const periodUnit = (params.period_unit ?? 'month') as PeriodUnit;
  if (periodUnit === 'day') {
    for (const [r, name] of [
      [range, 'date'],
      [compare, 'compare_date'],
    ] as const) {
      if (r && r[1] - r[0] + 1 > RULES.maxDaysForDailyUnit) {
        err(
          'period_unit',
          'invalid',
          `period_unit 'day' allows at most ${RULES.maxDaysForDailyUnit} days; filters.${name} spans ${r[1] - r[0] + 1} days: use week or month`,
        );
      }
    }
  }

  if (errors.length) return { ok: false, errors };
  let segmentation = typeof params.segmentation === 'string' ? params.segmentation : 'default';
  // LTV takes both spellings of the product segmentation (Adapty's docs disagree); one dimension here.
  if (endpoint.id === 'ltv' && segmentation === 'store_product_id') segmentation = 'product';
  return {
    ok: true,
    req: {
      endpoint: endpoint.id,
      chart,
      params,
      periodUnit,
      segmentation,
      format: (params.format as 'json' | 'csv') ?? 'json',
      range,
      compare,
      filters,
      ignoredFilters,
      placementType,
    },
  };
}

/** Conversion step order: null (install) < 0 (trial) < 1 < 2 … ; `N+` months ranks after every period. */
export function periodRank(p: string): number {
  const m = TO_PERIOD_MONTHS.exec(p);
  return m ? 1000 + Number(m[1]) : Number(p);
}

function checkParam(
  endpoint: EndpointDef,
  p: ParamDef,
  raw: unknown,
  source: string,
  chart: ChartDef | undefined,
  chartValue: unknown,
  err: (source: string, code: string, message: string) => void,
): unknown {
  switch (p.type) {
    case 'chart': {
      const ids = CHARTS.map((c) => c.id);
      if (typeof raw !== 'string' || !ids.includes(raw)) return void err(source, 'enum', enumMessage(ids));
      return raw;
    }
    case 'enum': {
      let allowed = (p.values ?? []).map((v) => v.id);
      if (p.key === 'segmentation') {
        // analytics: by chart (an unknown chart is reported on its own)
        if (endpoint.id === 'analytics' && chartValue !== undefined && !chart) return undefined;
        allowed = [...segmentationsFor(endpoint.id, chart?.id)];
      }
      if (typeof raw !== 'string')
        return void err(
          source,
          typeof raw === 'number' || typeof raw === 'boolean' ? 'enum' : 'str',
          typeof raw === 'object' ? 'str type expected' : enumMessage(allowed),
        );
      if (!allowed.includes(raw)) {
        const more = p.key === 'segmentation' && chart ? ` (chart ${chart.id})` : '';
        return void err(source, 'enum', enumMessage(allowed) + more);
      }
      return raw;
    }
    case 'int_enum': {
      const allowed = (p.values ?? []).map((v) => Number(v.id));
      const n = typeof raw === 'number' ? raw : typeof raw === 'string' && /^\d+$/.test(raw) ? Number(raw) : NaN;
      if (!allowed.includes(n)) return void err(source, 'enum', enumMessage(allowed));
      return n;
    }
    case 'int_list': {
      if (!Array.isArray(raw)) return void err(source, 'list', 'value is not a valid list');
      const out: number[] = [];
      for (const v of raw) {
        const n = typeof v === 'number' ? v : typeof v === 'string' && /^\d+$/.test(v.trim()) ? Number(v) : NaN;
        if (!Number.isInteger(n) || n < 0) return void err(source, 'integer', 'value is not a valid integer');
        out.push(n);
      }
      if (out.length === 0) return void err(source, 'invalid', 'ensure this value has at least 1 items');
      return [...new Set(out)].sort((a, b) => a - b);
    }
    case 'boolean': {
      if (typeof raw === 'boolean') return raw;
      if (raw === 0 || raw === 1) return raw === 1;
      if (typeof raw === 'string' && /^(true|false|yes|no|on|off|0|1)$/i.test(raw))
        return /^(true|yes|on|1)$/i.test(raw);
      return void err(source, 'bool', 'value could not be parsed to a boolean');
    }
    case 'period': {
      // null (install, from_period only), integers as numbers or strings, and the `N+` month marks.
      const isFrom = p.key === 'from_period';
      if (raw === null) {
        if (isFrom) return null;
        return void err(source, 'required', 'field required');
      }
      const s =
        typeof raw === 'number' && Number.isInteger(raw) ? String(raw) : typeof raw === 'string' ? raw.trim() : '';
      const catalogIds = (p.values ?? []).map((v) => v.id).filter((id) => id !== '');
      const plain = /^\d+$/.test(s) && Number(s) <= MAX_PERIOD;
      const ok = isFrom ? plain : plain || catalogIds.includes(s);
      if (!ok) {
        const listed = [...(isFrom ? ['null'] : []), ...catalogIds.map((v) => `'${v}'`)];
        return void err(
          source,
          'enum',
          `value is not a valid period; permitted: ${listed.join(', ')} (or any period number up to ${MAX_PERIOD})`,
        );
      }
      return String(Number.isNaN(Number(s)) ? s : Number(s));
    }
  }
}

/** Validates one filter's shape; returns the cleaned value (date ranges as day numbers) or undefined. */
function checkFilter(
  def: FilterDef,
  value: unknown,
  source: string,
  err: (source: string, code: string, message: string) => void,
): unknown {
  if (def.shape === 'enum_single') {
    const allowed = (def.values ?? []).map((v) => v.id);
    if (typeof value !== 'string') return void err(source, 'str', 'str type expected');
    if (!allowed.includes(value)) return void err(source, 'enum', enumMessage(allowed));
    return [value];
  }
  if (!Array.isArray(value)) return void err(source, 'list', 'value is not a valid list');
  if (def.shape === 'date_range') {
    if (value.length !== 2)
      return void err(source, 'invalid', `ensure this value has exactly 2 items: [from, to] (got ${value.length})`);
    const days = value.map(parseDay);
    if (days[0] === null || days[1] === null) return void err(source, 'datetime', 'invalid datetime format');
    if (days[0] > days[1])
      return void err(
        source,
        'invalid',
        `the start date ${String(value[0])} is after the end date ${String(value[1])}`,
      );
    return [days[0], days[1]];
  }
  const out: string[] = [];
  for (const item of value) {
    if (typeof item !== 'string') return void err(source, 'str', 'str type expected');
    out.push(item);
  }
  if (def.shape === 'enum_list' && !def.openValues) {
    const allowed = (def.values ?? []).map((v) => v.id);
    const bad = out.find((v) => !allowed.includes(v));
    if (bad !== undefined) return void err(source, 'enum', enumMessage(allowed));
  }
  // store_product_id: any string; plain ids and store:product_id both pass, and a value no product has
  // matches nothing (the live API ignores values it does not know, API.md §7.2).
  return out;
}
