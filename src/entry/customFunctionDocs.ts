/**
 * The autocomplete help (JSDoc) of each ADAPTY_ custom function, generated from the one registry
 * (FORMULA_FUNCTIONS, itself derived from the catalog) and the catalog's lists: nothing here is listed
 * by hand a second time. The build re-attaches these comments to the top-level stubs in dist/Code.js.
 */
import {
  CHARTS,
  CONVERSION_PAIRS,
  FROM_PERIODS,
  PLACEMENT_TYPES,
  TO_PERIODS,
  filtersFor,
  type ParamDef,
} from '../catalog/catalog';
import { DATE_PRESETS, COMPARE_PRESETS } from '../catalog/datePresets';
import { ADDON_OPTIONS } from '../catalog/options';
import { FORMULA_FUNCTIONS, signature, type FormulaArg, type FormulaFunction } from '../core/formula/functions';
import { specToFormula } from '../core/formula/write';
import type { ReportSpec } from '../core/request';

/** One line per thing: JSDoc tags are read up to the end of their line by Sheets. */
const oneLine = (s: string) => s.replace(/\s+/g, ' ').replace(/\*\//g, '*∕').trim();

const presetIds = () => DATE_PRESETS.map((p) => p.id).join(', ');

function paramValues(p: ParamDef): string {
  if (p.values?.length) return p.values.map((v) => v.id).join('/');
  if (p.type === 'boolean') return 'true/false';
  if (p.type === 'int_list') return 'e.g. 0,3,7,14';
  return '';
}

/** The segmentations a formula's help names first (where the endpoint has them). */
const SEGMENTATION_EXAMPLES = ['country', 'store', 'store_product_id'];

function optionsHelp(fn: FormulaFunction): string {
  const params = fn.def.params
    .filter((p) => p.type !== 'chart' && p.type !== 'period')
    .map((p) =>
      p.key !== 'segmentation'
        ? `${p.key} (${paramValues(p)}${p.legacy ? '; older docs' : ''})`
        : fn.endpoint === 'analytics'
          ? 'segmentation (per chart)'
          : // The whole list is 20 ids a function; a wrong one is refused with the list (buildRequest).
            `segmentation (e.g. ${SEGMENTATION_EXAMPLES.filter((id) => p.values?.some((v) => v.id === id)).join(', ')}…; a wrong one is refused with the full list)`,
    );
  const filters = filtersFor(fn.endpoint).filter((f) => f !== 'date' && f !== 'compare_date' && f !== 'placement_type');
  const addon = ADDON_OPTIONS.map((o) => o.key);
  return (
    `Options as "key=value; key=value" text (lists with commas), a two-column range, or Adapty's JSON body (with its "filters" object). ` +
    `Parameters: ${params.join(', ')}. Filters: ${filters.join(', ')}. Add-on: ${addon.join(', ')} (cache = seconds, 0 = no cache; default 3600).`
  );
}

/** An example formula for each function, built by specToFormula itself (so it is valid by construction). */
export function exampleFor(fn: FormulaFunction): string {
  const examples: Record<string, ReportSpec> = {
    analytics: {
      endpoint: 'analytics',
      chart: 'mrr',
      start: 'last_6_months',
      params: { period_unit: 'month' },
      filters: { country: ['us', 'ca'] },
    },
    cohort: { endpoint: 'cohort', start: '2026-01-01', end: '2026-06-30', params: { value_field: 'arpu' } },
    conversion: {
      endpoint: 'conversion',
      start: 'last_90_days',
      params: { from_period: '0', to_period: '1', period_unit: 'week' },
    },
    funnel: { endpoint: 'funnel', start: 'last_month', params: { show_value_as: 'both' } },
    ltv: { endpoint: 'ltv', start: 'last_year', params: { period_unit: 'month' } },
    retention: { endpoint: 'retention', start: 'last_quarter', params: { use_trial: true } },
    placements: { endpoint: 'placements', filters: { placement_type: 'onboarding' } },
  };
  return specToFormula(examples[fn.endpoint], ',');
}

function argHelp(fn: FormulaFunction, a: FormulaArg): { type: string; help: string } {
  switch (a.kind) {
    case 'chart':
      return {
        type: 'string',
        help: `Chart id or dashboard name: ${CHARTS.map((c) => c.id).join(', ')} (or e.g. "MRR", "Active subscriptions").`,
      };
    case 'from_period':
      return {
        type: 'number|string',
        help: `Conversion from: ${FROM_PERIODS.map((p) => `${p.id === '' ? 'empty' : p.id} = ${p.label.toLowerCase()}`).join(', ')}. E.g. ${CONVERSION_PAIRS.slice(
          0,
          3,
        )
          .map((p) => `${p.label} = (${p.from === '' ? '""' : p.from}, ${p.to})`)
          .join('; ')}.`,
      };
    case 'to_period':
      return {
        type: 'number|string',
        help: `Conversion to: ${TO_PERIODS.map((p) => `${p.id} = ${p.label.toLowerCase()}`).join(', ')}. Only the Dashboard's conversions: ${CONVERSION_PAIRS.map((p) => `${p.label} (${p.from === '' ? '""' : p.from}, ${p.to})`).join('; ')}.`,
      };
    case 'start':
      return {
        type: 'Date|string',
        help: `First day: a date cell, "YYYY-MM-DD", or a preset with end left empty: ${presetIds()}.`,
      };
    case 'end':
      return {
        type: 'Date|string',
        help: 'Last day, inclusive: a date cell or "YYYY-MM-DD"; empty = today (or the preset in start).',
      };
    case 'placement_type':
      return {
        type: 'string',
        help: `${PLACEMENT_TYPES.map((p) => p.id).join(' or ')} (default paywall); or options text such as "placement_type=onboarding; headers=false".`,
      };
    case 'options':
      return {
        type: 'string|Array<Array<string>>',
        help: optionsHelp(fn) + ` Compare: ${COMPARE_PRESETS.map((p) => p.id).join(', ')} or from..to.`,
      };
    case 'refresh':
      return {
        type: 'any',
        help: 'Any value; change it (or use Extensions › Adapty › Refresh ADAPTY formulas) to fetch afresh instead of answering from the cache.',
      };
  }
}

/** The JSDoc body (without comment markers) of one custom function. */
export function customFunctionDoc(fn: FormulaFunction): string {
  const lines: string[] = [];
  lines.push(
    oneLine(`${fn.def.help} from Adapty, as a table with a header row. ${signature(fn)}. Example: ${exampleFor(fn)}`),
  );
  lines.push('');
  for (const a of fn.args) {
    const h = argHelp(fn, a);
    lines.push(oneLine(`@param {${h.type}} ${a.name} ${a.optional ? '[optional] ' : ''}${h.help}`));
  }
  lines.push(
    oneLine(
      `@return {Array<Array<any>>} The ${fn.def.label} table: header row (unless headers=false), numbers as numbers, dates as dates.`,
    ),
  );
  lines.push('@customfunction');
  return lines.join('\n');
}

export const CUSTOM_FUNCTION_DOCS: Record<string, string> = Object.fromEntries(
  FORMULA_FUNCTIONS.map((f) => [f.name, customFunctionDoc(f)]),
);
