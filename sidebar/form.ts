/**
 * The report form's state and its two-way mapping to a ReportSpec. Everything the form offers comes from
 * the catalog (endpoints, charts, parameters, filters, segmentations, layouts, presets): nothing is
 * hand-listed here. Pure: no DOM, no google.script.run, so it is unit-tested in Node.
 */
import {
  ACCOUNTING_TYPES,
  CHART_BY_ID,
  CHARTS,
  CONVERSION_PAIRS,
  ENDPOINT_BY_ID,
  ENDPOINTS,
  SEGMENTATION_LABELS,
  filterDef,
  filtersFor,
  findChart,
  segmentationsFor,
  type Choice,
  type EndpointDef,
  type EndpointId,
  type FilterDef,
  type ParamDef,
} from '../src/catalog/catalog';
import { COMPARE_PRESETS, DATE_PRESETS, FIXED_DATE_PRESETS } from '../src/catalog/datePresets';
import { LAYOUTS } from '../src/catalog/layouts';
import { TOTALS_MODES } from '../src/catalog/options';
import { isLocalDate, type LocalDate } from '../src/core/dates/calendar';
import { normalisePresetName } from '../src/core/dates/presets';
import { MEASURES, type ReportSpec } from '../src/core/request';
import { toList } from '../src/core/requestValues';
import { asText } from '../src/core/errors';

export type CompareMode = '' | 'previous_period' | 'previous_year' | 'custom';

export interface FormState {
  endpoint: EndpointId;
  /** Analytics chart id. */
  chart: string;
  /** A fixed preset id, a pattern id (`last_N_days`), or 'custom'. */
  datePreset: string;
  /** N for a pattern preset. */
  presetN: string;
  start: string;
  end: string;
  compare: CompareMode;
  compareStart: string;
  compareEnd: string;
  /** Parameter values as the controls hold them ('' = not set, the API's default). */
  params: Record<string, string>;
  /** Filter values, one string per token/checked value. */
  filters: Record<string, string[]>;
  layout: string;
  measure: string;
  /** '' = the default (include). */
  totals: string;
  format: string;
  /** Which connection runs it (issue 15): '' = the default, a connection's name, or 'all'. */
  app: string;
}

export function endpointDefOf(id: string): EndpointDef {
  return ENDPOINT_BY_ID[id as EndpointId] ?? ENDPOINTS[0];
}

export function defaultForm(endpoint: EndpointId = 'analytics'): FormState {
  return {
    endpoint,
    chart: endpoint === 'analytics' ? CHARTS[0].id : '',
    datePreset: 'last_30_days',
    presetN: '14',
    start: '',
    end: '',
    compare: '',
    compareStart: '',
    compareEnd: '',
    params: defaultParams(endpoint),
    filters: {},
    layout: LAYOUTS[endpoint][0].id,
    measure: '',
    totals: '',
    format: '',
    app: '',
  };
}

function defaultParams(endpoint: EndpointId): Record<string, string> {
  if (endpoint !== 'conversion') return {};
  // A conversion needs its two steps: start with the dashboard's first named pair.
  const pair = CONVERSION_PAIRS[0];
  return { from_period: pair.from, to_period: pair.to };
}

/** Parameters the form shows for an endpoint: all but the chart (its own control) and the conversion steps. */
export function visibleParams(state: FormState): ParamDef[] {
  const ep = endpointDefOf(state.endpoint);
  return ep.params.filter((p) => {
    if (p.type === 'chart' || p.type === 'period') return false;
    if (p.requires && state.params[p.requires.key] !== p.requires.value) return false;
    return true;
  });
}

/** The choices a parameter offers; segmentation is narrowed to the endpoint and chart. */
export function paramChoices(state: FormState, def: ParamDef): readonly Choice[] {
  if (def.key === 'segmentation') {
    return segmentationsFor(state.endpoint, state.endpoint === 'analytics' ? state.chart : undefined).map((id) => ({
      id,
      label: SEGMENTATION_LABELS[id] ?? id,
    }));
  }
  return def.values ?? [];
}

/** Filters the form shows for the endpoint (and chart), dates excluded (they have their own controls). */
export function visibleFilters(state: FormState): FilterDef[] {
  return filtersFor(state.endpoint, state.endpoint === 'analytics' ? state.chart : undefined)
    .filter((k) => k !== 'date' && k !== 'compare_date')
    .map((k) => filterDef(k))
    .filter((d): d is FilterDef => !!d);
}

export function isDated(state: FormState): boolean {
  return endpointDefOf(state.endpoint).dated;
}

export function layoutChoices(state: FormState) {
  return LAYOUTS[state.endpoint];
}

/** `measure` picks one money series: meaningful for an analytics money chart in the wide layout. */
export function showsMeasure(state: FormState): boolean {
  return state.endpoint === 'analytics' && CHART_BY_ID[state.chart]?.unit === 'money' && state.layout === 'wide';
}

/** `totals` applies where the layout has rows of segments and their totals (the catalog's LayoutDef.totals). */
export function showsTotals(state: FormState): boolean {
  return LAYOUTS[state.endpoint].some((l) => l.id === state.layout && l.totals);
}

export const TOTALS_CHOICES: readonly Choice[] = TOTALS_MODES;

/** The catalog's accounting types are the measures a one-series table can show. */
export const MEASURE_CHOICES: readonly Choice[] = ACCOUNTING_TYPES.filter((a) => MEASURES.includes(a.id));

/** What a change of endpoint or chart leaves of the form: values the new choice does not accept are dropped. */
export function pruneForm(state: FormState): { state: FormState; dropped: string[] } {
  const dropped: string[] = [];
  const ep = endpointDefOf(state.endpoint);
  const params: Record<string, string> = {};
  for (const [k, v] of Object.entries(state.params)) {
    const def = ep.params.find((p) => p.key === k);
    if (!def || v === '') continue;
    if (def.key === 'segmentation' && !paramChoices(state, def).some((c) => c.id === v)) {
      dropped.push(`${def.label}: ${SEGMENTATION_LABELS[v] ?? v}`);
      continue;
    }
    params[k] = v;
  }
  for (const [k, v] of Object.entries(defaultParams(state.endpoint))) if (params[k] === undefined) params[k] = v;
  const allowed = new Set(visibleFilters(state).map((f) => f.key));
  const filters: Record<string, string[]> = {};
  for (const [k, v] of Object.entries(state.filters)) {
    if (!v.length) continue;
    if (allowed.has(k)) filters[k] = v;
    else dropped.push(filterDef(k)?.label ?? k);
  }
  const layouts = LAYOUTS[state.endpoint].map((l) => l.id);
  const layout = layouts.includes(state.layout) ? state.layout : layouts[0];
  let chart = state.chart;
  if (state.endpoint === 'analytics' && !CHART_BY_ID[chart]) chart = CHARTS[0].id;
  const next = { ...state, chart, params, filters, layout };
  if (!showsMeasure(next)) next.measure = '';
  if (!showsTotals(next)) next.totals = '';
  return { state: next, dropped };
}

/**
 * Switches the endpoint: its own defaults for the table (layout, money series, format) and its
 * parameters, keeping what still applies (dates, comparison, filters the endpoint takes).
 */
export function withEndpoint(state: FormState, endpoint: EndpointId): { state: FormState; dropped: string[] } {
  if (endpoint === state.endpoint) return { state, dropped: [] };
  const chart = endpoint === 'analytics' ? (CHART_BY_ID[state.chart] ? state.chart : CHARTS[0].id) : state.chart;
  const fresh = defaultForm(endpoint);
  return pruneForm({ ...state, endpoint, chart, layout: fresh.layout, measure: fresh.measure, format: fresh.format });
}

export function withChart(state: FormState, chart: string): { state: FormState; dropped: string[] } {
  return pruneForm({ ...state, chart });
}

/** The preset id the select shows for a given start value ('' when not a preset). */
function presetOf(start: string): { preset: string; n?: string } | null {
  const n = normalisePresetName(start);
  const fixed = FIXED_DATE_PRESETS.find((p) => p.id === n || (p.aliases ?? []).includes(n));
  if (fixed) return { preset: fixed.id };
  const m = /^last_(\d+)_(day|week|month)s?$/.exec(n);
  if (m) return { preset: `last_N_${m[2]}s`, n: m[1] };
  return null;
}

/** The start value a preset selection stands for. */
export function presetValue(state: Pick<FormState, 'datePreset' | 'presetN'>): string {
  const pat = /^last_N_(days|weeks|months)$/.exec(state.datePreset);
  if (pat) return `last_${state.presetN.trim()}_${pat[1]}`;
  return state.datePreset;
}

/** Form → the spec the server functions take. Values are passed as typed; validation is buildRequest's. */
export function formToSpec(state: FormState): ReportSpec {
  const ep = endpointDefOf(state.endpoint);
  const spec: ReportSpec = { endpoint: ep.id };
  if (ep.id === 'analytics') spec.chart = state.chart;
  if (ep.dated) {
    if (state.datePreset === 'custom') {
      spec.start = state.start.trim();
      if (state.end.trim()) spec.end = state.end.trim();
    } else {
      spec.start = presetValue(state);
    }
    if (state.compare === 'custom') spec.compare = [state.compareStart.trim(), state.compareEnd.trim()];
    else if (state.compare) spec.compare = state.compare;
  }
  const params: Record<string, unknown> = {};
  for (const def of ep.params) {
    if (def.type === 'chart') continue;
    const v = state.params[def.key];
    if (def.type === 'period') {
      // from_period '' means "from install" (sent as null); the key must be present.
      if (v !== undefined) params[def.key] = v;
      continue;
    }
    if (v === undefined || v === '') continue;
    if (def.requires && state.params[def.requires.key] !== def.requires.value) continue;
    if (def.type === 'boolean') params[def.key] = v === 'true';
    else if (def.type === 'int_enum') params[def.key] = /^\d+$/.test(v) ? Number(v) : v;
    else params[def.key] = v;
  }
  if (Object.keys(params).length) spec.params = params;
  const allowed = new Set(visibleFilters(state).map((f) => f.key));
  const filters: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(state.filters)) {
    if (!allowed.has(k) || !v.length) continue;
    const def = filterDef(k);
    filters[k] = def?.shape === 'enum_single' ? v[0] : [...v];
  }
  if (Object.keys(filters).length) spec.filters = filters;
  const layouts = LAYOUTS[ep.id];
  if (state.layout && state.layout !== layouts[0].id && layouts.some((l) => l.id === state.layout))
    spec.layout = state.layout;
  if (state.measure && showsMeasure(state)) spec.measure = state.measure;
  if (state.totals && state.totals !== TOTALS_MODES[0].id && showsTotals(state)) spec.totals = state.totals;
  if (state.format && state.format !== 'json') spec.format = state.format;
  if (state.app.trim()) spec.app = state.app.trim();
  return spec;
}

const str = (v: unknown): string => asText(v);

/** A stored spec (last report, a saved report) → the form. Unknown bits are kept where the form can show them. */
export function specToForm(spec: ReportSpec | null | undefined): FormState {
  const id = str(spec?.endpoint).trim().toLowerCase();
  const endpoint = (ENDPOINT_BY_ID[id as EndpointId] ? id : 'analytics') as EndpointId;
  const state = defaultForm(endpoint);
  if (!spec) return state;
  state.app = str(spec.app ?? '').trim();
  if (endpoint === 'analytics') {
    const raw = spec.chart ?? spec.params?.chart_id;
    const c = typeof raw === 'string' ? findChart(raw) : undefined;
    if (c) state.chart = c.id;
  }
  const start = str(spec.start).trim();
  const p = start ? presetOf(start) : null;
  if (p && !str(spec.end).trim()) {
    state.datePreset = p.preset;
    if (p.n) state.presetN = p.n;
  } else if (start) {
    state.datePreset = 'custom';
    state.start = start.slice(0, 10);
    state.end = str(spec.end).trim().slice(0, 10);
  }
  const cmp = spec.compare;
  if (typeof cmp === 'string' && cmp.trim()) {
    const n = normalisePresetName(cmp);
    if (COMPARE_PRESETS.some((c) => c.id === n)) state.compare = n as CompareMode;
    else if (cmp.includes('..')) {
      const [a, b] = cmp.split('..');
      Object.assign(state, { compare: 'custom', compareStart: a.trim(), compareEnd: b.trim() });
    }
  } else if (Array.isArray(cmp) && cmp.length === 2) {
    Object.assign(state, { compare: 'custom', compareStart: str(cmp[0]), compareEnd: str(cmp[1]) });
  }
  const ep = endpointDefOf(endpoint);
  const params: Record<string, string> = { ...state.params };
  for (const [k, v] of Object.entries(spec.params ?? {})) {
    const def = ep.params.find((d) => d.key === k || (d.aliases ?? []).includes(k));
    if (!def || def.type === 'chart') continue;
    if (def.type === 'period') params[def.key] = v === null ? '' : str(v);
    else if (Array.isArray(v)) params[def.key] = v.join(',');
    else params[def.key] = str(v);
  }
  state.params = params;
  const filters: Record<string, string[]> = {};
  for (const [k, v] of Object.entries(spec.filters ?? {})) {
    if (!filterDef(k)) continue;
    let list: string[];
    try {
      list = toList(v, k).map(str).filter(Boolean);
    } catch {
      continue; // an oversized list in a stored draft is dropped, not a broken form
    }
    if (list.length) filters[k] = list;
  }
  state.filters = filters;
  if (spec.layout) state.layout = str(spec.layout);
  if (spec.measure) state.measure = str(spec.measure);
  if (spec.totals) state.totals = str(spec.totals);
  if (spec.format) state.format = str(spec.format);
  return pruneForm(state).state;
}

/** A readable default name: "Revenue by Country, last 30 days". */
export function reportTitle(state: FormState): string {
  const ep = endpointDefOf(state.endpoint);
  let what: string = ep.label;
  if (ep.id === 'analytics') what = CHART_BY_ID[state.chart]?.label ?? state.chart;
  if (ep.id === 'conversion') {
    const pair = CONVERSION_PAIRS.find(
      (c) => c.from === (state.params.from_period ?? '') && c.to === state.params.to_period,
    );
    if (pair) what = `Conversion ${pair.label.replace('→', 'to')}`;
  }
  const seg = state.params.segmentation;
  if (seg && seg !== 'default') what += ` by ${SEGMENTATION_LABELS[seg] ?? seg}`;
  if (ep.dated && state.datePreset !== 'custom') {
    const preset = DATE_PRESETS.find((p) => p.id === state.datePreset);
    const label = preset?.pattern ? presetValue(state).replace(/_/g, ' ') : preset?.label;
    if (label) what += `, ${label.toLowerCase()}`;
  }
  return what;
}

/** '2024-03-01' → 'Mar 1, 2024' (no Date, no host zone). */
export function prettyDate(d: LocalDate): string {
  if (!isLocalDate(d)) return d;
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  return `${months[Number(d.slice(5, 7)) - 1]} ${Number(d.slice(8, 10))}, ${d.slice(0, 4)}`;
}

export function prettyRange(r: readonly [LocalDate, LocalDate]): string {
  if (r[0] === r[1]) return prettyDate(r[0]);
  if (r[0].slice(0, 4) === r[1].slice(0, 4)) return `${prettyDate(r[0]).replace(/, \d{4}$/, '')} – ${prettyDate(r[1])}`;
  return `${prettyDate(r[0])} – ${prettyDate(r[1])}`;
}
