/**
 * The ADAPTY_ formulas as text: which functions exist and what their arguments are (derived from the
 * catalog), the locale's argument separator, spec ⇄ formula, and the scanner that finds ADAPTY_ calls
 * in a formula and rewrites their `refresh` argument. Pure: no Apps Script.
 */
import { ENDPOINTS, FILTER_KEYS, findChart, type EndpointDef, type EndpointId } from '../catalog/catalog';
import { ValidationError, asText, quote } from './errors';
import { INPUT_LIMITS, boundRange, boundText } from './limits';
import { readOptions, specFromOptions, type AddonExtras } from './options';
import { dict, hasOwn, own, put, record } from './own';
import { endpointDef, type ReportSpec } from './request';

// ---------------------------------------------------------------------------------------------
// The functions

export type Separator = ',' | ';';

export type ArgKind =
  'chart' | 'from_period' | 'to_period' | 'start' | 'end' | 'placement_type' | 'options' | 'refresh';

export interface FormulaArg {
  name: string;
  kind: ArgKind;
  optional: boolean;
}

export interface FormulaFunction {
  name: string;
  endpoint: EndpointId;
  def: EndpointDef;
  args: readonly FormulaArg[];
}

/**
 * Positional arguments come from the catalog: the chart and the conversion periods (the parameters a
 * report cannot do without), then the dates of dated endpoints, the placement type of the placements
 * export, the options (where the endpoint has parameters) and the refresh value, always last.
 */
function argsFor(ep: EndpointDef): FormulaArg[] {
  const args: FormulaArg[] = [];
  for (const p of ep.params) {
    if (p.type === 'chart') args.push({ name: 'chart', kind: 'chart', optional: false });
    if (p.type === 'period')
      args.push({ name: p.key, kind: p.key === 'from_period' ? 'from_period' : 'to_period', optional: false });
  }
  if (ep.dated)
    args.push({ name: 'start', kind: 'start', optional: false }, { name: 'end', kind: 'end', optional: false });
  if (ep.filters.includes('placement_type'))
    args.push({ name: 'placement_type', kind: 'placement_type', optional: true });
  if (ep.params.length > 0) args.push({ name: 'options', kind: 'options', optional: true });
  args.push({ name: 'refresh', kind: 'refresh', optional: true });
  return args;
}

export const FORMULA_FUNCTIONS: readonly FormulaFunction[] = ENDPOINTS.map((def) => ({
  name: def.functionName,
  endpoint: def.id,
  def,
  args: argsFor(def),
}));

export const FORMULA_FUNCTION_BY_NAME: Record<string, FormulaFunction> = dict(
  FORMULA_FUNCTIONS.map((f) => [f.name, f] as const),
);

/** The ADAPTY_ function of this name, if there is one. */
export function formulaFunction(name: string): FormulaFunction | undefined {
  return own(FORMULA_FUNCTION_BY_NAME, name);
}

export function functionForEndpoint(endpoint: EndpointId): FormulaFunction {
  return FORMULA_FUNCTIONS.find((f) => f.endpoint === endpoint)!;
}

/** `ADAPTY_ANALYTICS(chart, start, end, [options], [refresh])` */
export function signature(fn: FormulaFunction): string {
  return `${fn.name}(${fn.args.map((a) => (a.optional ? `[${a.name}]` : a.name)).join(', ')})`;
}

// ---------------------------------------------------------------------------------------------
// Locale → argument separator

/**
 * Languages whose numbers use a decimal comma; Sheets then separates arguments with `;`.
 * Regions that use a decimal point although their language mostly does not are listed in DOT_REGIONS.
 */
const COMMA_DECIMAL_LANGUAGES = new Set([
  'af',
  'az',
  'be',
  'bg',
  'bs',
  'ca',
  'cs',
  'da',
  'de',
  'el',
  'es',
  'et',
  'eu',
  'fi',
  'fo',
  'fr',
  'gl',
  'hr',
  'hu',
  'hy',
  'id',
  'in',
  'is',
  'it',
  'ka',
  'kk',
  'ky',
  'lt',
  'lv',
  'mk',
  'mn',
  'nb',
  'nl',
  'nn',
  'no',
  'pl',
  'pt',
  'ro',
  'ru',
  'sk',
  'sl',
  'sq',
  'sr',
  'sv',
  'tr',
  'uk',
  'uz',
  'vi',
]);
/** language_REGION pairs with a decimal point although the language usually has a comma. */
const DOT_REGIONS = new Set([
  'de_CH',
  'de_LI',
  'it_CH',
  'fr_CH',
  'es_MX',
  'es_US',
  'es_419',
  'es_PR',
  'es_DO',
  'es_GT',
  'es_HN',
  'es_NI',
  'es_PA',
  'es_SV',
  'es_PE',
]);

/**
 * The argument separator formulas use in a spreadsheet locale (`getSpreadsheetLocale()`, e.g.
 * `de_DE`, `en_US`, `pt-BR`): `;` where the locale writes decimals with a comma, `,` otherwise.
 * The only place this rule lives.
 */
export function argumentSeparator(locale: string | null | undefined): Separator {
  const m = /^([A-Za-z]{2,3})(?:[_-]([A-Za-z0-9]{2,4}))?/.exec(String(locale ?? '').trim());
  if (!m) return ',';
  const lang = m[1].toLowerCase();
  const region = m[2] ? (/^\d+$/.test(m[2]) ? m[2] : m[2].toUpperCase()) : '';
  if (region && DOT_REGIONS.has(`${lang}_${region}`)) return ',';
  return COMMA_DECIMAL_LANGUAGES.has(lang) ? ';' : ',';
}

/** The decimal mark numbers in formulas use with a separator. */
export function decimalMark(separator: Separator): '.' | ',' {
  return separator === ';' ? ',' : '.';
}

// ---------------------------------------------------------------------------------------------
// Arguments → spec (what the custom functions do with what Sheets passes them)

export interface CallSpec {
  fn: FormulaFunction;
  spec: ReportSpec;
  extras: AddonExtras;
  /** The `refresh` argument as a cache token, or undefined when empty. */
  refreshToken?: string;
}

function isBlank(v: unknown): boolean {
  return v === undefined || v === null || (typeof v === 'string' && v.trim() === '');
}

/** A single cell's value: a 1×1 range is its cell; a bigger range is refused. */
function scalar(value: unknown, field: string): unknown {
  if (!Array.isArray(value)) return value;
  const flat = (value as unknown[]).flat(Infinity);
  if (flat.length === 1) return flat[0];
  throw new ValidationError(field, `${field} must be one cell or value, not a range of ${flat.length} cells`);
}

/**
 * Every argument's size before any is read: a name or date cell of a megabyte, or a range of a million
 * cells, is refused at the cost of measuring it.
 */
function boundArgs(byKind: Partial<Record<ArgKind, unknown>>): void {
  const limits: Record<ArgKind, [number, string]> = {
    chart: [INPUT_LIMITS.name, 'a chart id or name'],
    from_period: [INPUT_LIMITS.name, 'a period'],
    to_period: [INPUT_LIMITS.name, 'a period'],
    start: [INPUT_LIMITS.date, 'a date or preset'],
    end: [INPUT_LIMITS.date, 'a date or preset'],
    // The placements export reads options text in this argument too.
    placement_type: [INPUT_LIMITS.optionsText, 'the options text'],
    options: [INPUT_LIMITS.optionsText, 'the options text'],
    refresh: [INPUT_LIMITS.cell, 'a refresh value'],
  };
  for (const kind of Object.keys(byKind) as ArgKind[]) {
    const v = byKind[kind];
    const [max, what] = limits[kind];
    if (Array.isArray(v)) {
      boundRange(v, kind, INPUT_LIMITS.optionsCells, INPUT_LIMITS.optionsText);
      // A range of options holds long values; any other argument's cells are each one value.
      if (kind !== 'options' && kind !== 'placement_type')
        for (const row of v) for (const c of Array.isArray(row) ? row : [row]) boundText(c, kind, max, what);
    } else boundText(v, kind, max, what);
  }
}

/** Turns `refresh` into a short cache token (any value works; only a change matters). */
export function refreshTokenOf(value: unknown): string | undefined {
  if (isBlank(value)) return undefined;
  if (Object.prototype.toString.call(value) === '[object Date]') {
    const t = (value as Date).getTime();
    return isNaN(t) ? 'invalid-date' : 'd' + t;
  }
  if (Array.isArray(value)) {
    const flat = (value as unknown[]).flat(Infinity).filter((v) => !isBlank(v));
    if (flat.length === 0) return undefined;
    return JSON.stringify(flat.map((v) => refreshTokenOf(v) ?? ''));
  }
  return typeof value === 'string' ? 's' + value.trim() : String(value);
}

/**
 * The report a call asks for, from the values Sheets passes (a cell's value, a 2-D array for a range,
 * `undefined` or `""` for an empty argument). Throws ValidationError naming the argument.
 */
export function specFromArgs(fn: FormulaFunction, args: readonly unknown[]): CallSpec {
  if (args.length > fn.args.length) {
    throw new ValidationError(
      'arguments',
      `takes at most ${fn.args.length} arguments, ${signature(fn)}, but got ${args.length}: check the separators between arguments`,
    );
  }
  const byKind: Partial<Record<ArgKind, unknown>> = {};
  fn.args.forEach((a, i) => {
    byKind[a.kind] = args[i];
  });
  boundArgs(byKind);

  // Options first, so that positional arguments can be checked against them.
  let optionsInput = byKind.options;
  let placementType: unknown;
  if (fn.endpoint === 'placements' && !isBlank(byKind.placement_type)) {
    const p = byKind.placement_type;
    // The placements export has no options argument: its one argument also takes options text.
    if (Array.isArray(p) ? (p as unknown[]).flat(Infinity).length > 1 : typeof p === 'string' && /[=:{]/.test(p))
      optionsInput = p;
    else placementType = scalar(p, 'placement_type');
  }
  const map = readOptions(optionsInput, 'options');
  if (Array.isArray(optionsInput)) {
    // A range wider than two columns gives every key a list; a key with one value (or none) means a scalar.
    for (const [k, v] of Object.entries(map)) if (Array.isArray(v) && v.length <= 1) map[k] = v.length ? v[0] : '';
  }
  const { spec, extras } = specFromOptions(fn.endpoint, map);
  spec.params = spec.params ?? {};
  spec.filters = spec.filters ?? {};

  const takePositional = (field: string, value: unknown, current: unknown, set: (v: unknown) => void) => {
    const v = scalar(value, field);
    if (isBlank(v)) return;
    if (!isBlank(current)) {
      throw new ValidationError(
        field,
        `${field} is given twice, as the argument ${quote(v)} and in options (${quote(current)}): keep one`,
      );
    }
    set(v);
  };

  if (fn.args.some((a) => a.kind === 'chart')) {
    const v = scalar(byKind.chart, 'chart');
    const fromOptions = spec.chart ?? spec.params.chart_id;
    if (!isBlank(v) && !isBlank(fromOptions)) {
      throw new ValidationError(
        'chart',
        `chart is given twice, as the argument ${quote(v)} and in options (${quote(fromOptions)}): keep one`,
      );
    }
    if (!isBlank(v)) spec.chart = typeof v === 'string' ? v : String(v);
    else if (!isBlank(fromOptions)) spec.chart = String(fromOptions);
    delete spec.params.chart_id;
  }
  if (fn.endpoint === 'conversion') {
    for (const key of ['from_period', 'to_period'] as const) {
      const v = scalar(byKind[key], key);
      const inOptions = hasOwn(spec.params, key);
      if (!isBlank(v)) {
        if (inOptions && !isBlank(own(spec.params, key))) {
          throw new ValidationError(
            key,
            `${key} is given twice, as the argument ${quote(v)} and in options (${quote(own(spec.params, key))}): keep one`,
          );
        }
        spec.params[key] = v;
      } else if (!inOptions) {
        // An empty from_period means "from install"; an empty to_period is refused by buildRequest.
        spec.params[key] = key === 'from_period' ? null : '';
      }
    }
  }
  if (fn.def.dated) {
    takePositional('start', byKind.start, spec.start, (v) => {
      spec.start = v;
    });
    takePositional('end', byKind.end, spec.end, (v) => {
      spec.end = v;
    });
  }
  if (placementType !== undefined) {
    takePositional('placement_type', placementType, spec.filters.placement_type, (v) => {
      spec.filters!.placement_type = v;
    });
  }
  return { fn, spec, extras, refreshToken: refreshTokenOf(byKind.refresh) };
}

// ---------------------------------------------------------------------------------------------
// Spec → formula

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

function literal(v: unknown, separator: Separator): string {
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
  if (!empty(spec.compare)) addon.push(['compare', compareText(spec.compare)]);
  if (!empty(spec.layout)) addon.push(['layout', spec.layout]);
  if (!empty(spec.measure)) addon.push(['measure', spec.measure]);
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

// ---------------------------------------------------------------------------------------------
// Reading formulas

export interface ArgSpan {
  /** The argument's text exactly as written (surrounding spaces included). */
  text: string;
  /** Offsets in the formula: [start, end). */
  start: number;
  end: number;
}

export interface FormulaCall {
  /** Upper-case function name, e.g. ADAPTY_ANALYTICS. */
  name: string;
  /** Offset of the name, of `(` and just after `)`. */
  nameStart: number;
  open: number;
  end: number;
  args: ArgSpan[];
}

const NAME_CHAR = /[A-Za-z0-9_.$]/;

/**
 * Finds every ADAPTY_…( call in a formula, outside string literals and quoted sheet names, and splits
 * its arguments at the top-level separator. Calls nested inside another ADAPTY_ call's arguments are
 * not reported separately. Unbalanced text gives no call.
 */
export function findAdaptyCalls(formula: string, separator: Separator): FormulaCall[] {
  const calls: FormulaCall[] = [];
  let i = 0;
  const n = formula.length;
  while (i < n) {
    const ch = formula[i];
    if (ch === '"') {
      i = skipQuoted(formula, i, '"');
      continue;
    }
    if (ch === "'") {
      i = skipQuoted(formula, i, "'");
      continue;
    }
    if ((ch === 'A' || ch === 'a') && (i === 0 || !NAME_CHAR.test(formula[i - 1]))) {
      const m = /^ADAPTY_[A-Z0-9_]+/i.exec(formula.slice(i, i + 64));
      if (m) {
        let j = i + m[0].length;
        while (j < n && (formula[j] === ' ' || formula[j] === '\n' || formula[j] === '\t' || formula[j] === '\r')) j++;
        if (formula[j] === '(') {
          const call = readCall(formula, m[0].toUpperCase(), i, j, separator);
          if (call) {
            calls.push(call);
            i = call.end;
            continue;
          }
          return calls; // unbalanced: stop reading
        }
        i += m[0].length;
        continue;
      }
    }
    i++;
  }
  return calls;
}

function skipQuoted(s: string, i: number, q: string): number {
  let j = i + 1;
  while (j < s.length) {
    if (s[j] === q) {
      if (s[j + 1] === q) {
        j += 2;
        continue;
      }
      return j + 1;
    }
    j++;
  }
  return s.length;
}

function readCall(s: string, name: string, nameStart: number, open: number, separator: Separator): FormulaCall | null {
  const args: ArgSpan[] = [];
  let depth = 0;
  let argStart = open + 1;
  let i = open + 1;
  while (i < s.length) {
    const ch = s[i];
    if (ch === '"' || ch === "'") {
      i = skipQuoted(s, i, ch);
      continue;
    }
    if (ch === '(' || ch === '{') depth++;
    else if (ch === ')' || ch === '}') {
      if (depth === 0) {
        if (ch === '}') return null;
        const last = s.slice(argStart, i);
        if (args.length > 0 || last.trim() !== '') args.push({ text: last, start: argStart, end: i });
        return { name, nameStart, open, end: i + 1, args };
      }
      depth--;
    } else if (ch === separator && depth === 0) {
      args.push({ text: s.slice(argStart, i), start: argStart, end: i });
      argStart = i + 1;
    }
    i++;
  }
  return null;
}

/** Literal argument text → its value: "text", numbers, TRUE/FALSE, empty → undefined. Throws on anything else. */
export function parseLiteral(text: string, separator: Separator): unknown {
  const t = text.trim();
  if (t === '') return undefined;
  if (t.startsWith('"') && t.endsWith('"') && t.length >= 2) {
    const inner = t.slice(1, -1);
    if (/(^|[^"])"(?!")/.test(inner.replace(/""/g, ''))) throw new Error(`not a single string literal: ${t}`);
    return inner.replace(/""/g, '"');
  }
  if (/^(true|false)$/i.test(t)) return t.toUpperCase() === 'TRUE';
  const dm = decimalMark(separator);
  const num = dm === ',' ? /^-?\d+(,\d+)?$/ : /^-?\d+(\.\d+)?$/;
  if (num.test(t)) return Number(t.replace(',', '.'));
  throw new Error(`not a literal: ${t}`);
}

/** `A1`, `$B$2`, `Sheet1!C3`, `'My sheet'!$D$4` (one cell): the sheet name (unquoted) and the A1 part. */
export function parseCellReference(text: string): { sheetName?: string; a1: string } | null {
  const m = /^(?:('(?:[^']|'')+'|[A-Za-z_][A-Za-z0-9_.]*)!)?(\$?[A-Za-z]{1,3}\$?[1-9]\d{0,6})$/.exec(text.trim());
  if (!m) return null;
  const sheet = m[1] === undefined ? undefined : m[1].startsWith("'") ? m[1].slice(1, -1).replace(/''/g, "'") : m[1];
  return { sheetName: sheet, a1: m[2].replace(/\$/g, '').toUpperCase() };
}

// ---------------------------------------------------------------------------------------------
// Refresh rewriting

export interface RefreshRewrite {
  /** The formula with every ADAPTY_ call's refresh argument set (unchanged when `changed` is false). */
  formula: string;
  /** ADAPTY_ calls found (known functions only). */
  calls: number;
  changed: boolean;
  /** Refresh arguments that are cell references the caller chose to bump instead of rewriting. */
  bumpedRefs: string[];
}

/** The next token: `token`, or one more than an existing whole number that is not smaller. */
export function nextToken(existing: unknown, token: number): number {
  const n =
    typeof existing === 'number'
      ? existing
      : typeof existing === 'string' && /^\s*-?\d+\s*$/.test(existing)
        ? Number(existing)
        : NaN;
  return Number.isInteger(n) && n >= token ? n + 1 : token;
}

/**
 * Sets the `refresh` argument of every ADAPTY_ call in `formula` to a new value, keeping every other
 * argument byte-identical (and the separator the formula uses, see detectSeparator). Missing arguments before it are added as `""`. A refresh argument that is a
 * single-cell reference is kept when `bumpRef(ref)` returns true (the caller then changes that cell),
 * and replaced by the token otherwise.
 */
export function rewriteRefresh(
  formula: string,
  localeSeparator: Separator,
  token: number,
  bumpRef: (ref: string) => boolean = () => false,
): RefreshRewrite {
  const separator = detectSeparator(formula, localeSeparator);
  const calls = findAdaptyCalls(formula, separator).filter((c) => formulaFunction(c.name));
  let out = formula;
  const bumpedRefs: string[] = [];
  let changed = false;
  // Right to left, so earlier offsets stay valid.
  for (const call of [...calls].reverse()) {
    const fn = formulaFunction(call.name)!;
    const at = fn.args.length - 1;
    if (call.args.length > fn.args.length) continue; // a wrong call: leave it to show its own error
    if (call.args.length > at) {
      const arg = call.args[at];
      const ref = parseCellReference(arg.text);
      if (ref && bumpRef(arg.text.trim())) {
        bumpedRefs.push(arg.text.trim());
        continue;
      }
      const lead = /^\s*/.exec(arg.text)![0];
      const trail = /\s*$/.exec(arg.text)![0];
      let existing: unknown;
      try {
        existing = parseLiteral(arg.text, separator);
      } catch {
        existing = undefined;
      }
      const value = String(nextToken(existing, token));
      out = out.slice(0, arg.start) + lead + value + (arg.text.trim() === '' ? '' : trail) + out.slice(arg.end);
      changed = true;
    } else {
      const missing = at - call.args.length;
      const pad = Array.from({ length: missing }, () => '""');
      const closeAt = call.end - 1;
      const hasArgs = call.args.length > 0;
      const insert = (hasArgs ? separator + ' ' : '') + [...pad, String(token)].join(separator + ' ');
      // Keep whatever sits between the last argument and ')' (spaces, new lines) after the insert.
      const lastEnd = hasArgs ? call.args[call.args.length - 1].end : call.open + 1;
      const between = out.slice(lastEnd, closeAt);
      out = out.slice(0, lastEnd) + insert + between + out.slice(closeAt);
      changed = true;
    }
  }
  return { formula: out, calls: calls.length, changed, bumpedRefs };
}

/**
 * The separator a stored formula actually uses: the locale's, unless the formula has none of it at
 * the top level of its parentheses but has the other one (a formula written with commas in a
 * semicolon locale, or the other way round). Array literals `{…}` are not looked into.
 * UNVERIFIED which form Apps Script's getFormulas returns in comma-decimal locales: this keeps the
 * rewrite right either way.
 */
export function detectSeparator(formula: string, localeSeparator: Separator): Separator {
  let semicolons = 0;
  let commas = 0;
  let braces = 0;
  for (let i = 0; i < formula.length; i++) {
    const ch = formula[i];
    if (ch === '"' || ch === "'") {
      i = skipQuoted(formula, i, ch) - 1;
      continue;
    }
    if (ch === '{') braces++;
    else if (ch === '}') braces = Math.max(0, braces - 1);
    else if (braces === 0 && ch === ';') semicolons++;
    else if (braces === 0 && ch === ',') commas++;
  }
  if (localeSeparator === ';') return semicolons === 0 && commas > 0 ? ',' : ';';
  return commas === 0 && semicolons > 0 ? ';' : ',';
}

/** True when a formula has at least one ADAPTY_ call of a known function. */
export function hasAdaptyCall(formula: string, separator: Separator): boolean {
  return (
    /ADAPTY_/i.test(formula) &&
    findAdaptyCalls(formula, detectSeparator(formula, separator)).some((c) => formulaFunction(c.name))
  );
}
