/**
 * The ADAPTY_ functions: which exist and what their arguments are, derived from the catalog's endpoints.
 */
import { ENDPOINTS, type EndpointDef, type EndpointId } from '../../catalog/catalog';
import { dict, own } from '../own';

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
