/**
 * What the custom functions do with what Sheets passes them: arguments → a report spec.
 */
import { ValidationError, quote } from '../errors';
import { INPUT_LIMITS, boundRange, boundText } from '../limits';
import { readOptions, specFromOptions, type AddonExtras } from '../options';
import { hasOwn, own } from '../own';
import { type ReportSpec } from '../request';
import { type ArgKind, type FormulaFunction, signature } from './functions';

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
    // `=ADAPTY_ANALYTICS("mrr"; "last_30_days"; "period_unit=week")` is the natural slip: options one
    // argument early. No date or preset holds "=" or starts with "{", so say where they go.
    const end = scalar(byKind.end, 'end');
    if (typeof end === 'string' && /=|^\s*\{/.test(end)) {
      throw new ValidationError(
        'end',
        `end ${quote(end)} is options text, not a date or preset: options go in the argument after end (end may be left empty), ${signature(fn)}`,
      );
    }
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
