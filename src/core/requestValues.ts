/**
 * One value of a report against its definition in the catalog: a parameter, a filter, a segmentation,
 * a list. Every refusal is a ValidationError naming the field, the value and what is allowed.
 */
import {
  CHARTS,
  COUNTRY_CODES,
  findChart,
  segmentationsFor,
  type ChartDef,
  type EndpointDef,
  type FilterDef,
  type ParamDef,
} from '../catalog/catalog';
import { ASSUMPTIONS } from '../catalog/assumptions';
import { ValidationError, asText, notOneOf, parseBoolean, quote } from './errors';
import { INPUT_LIMITS, boundList, boundText } from './limits';
import { own } from './own';
import { didYouMean } from './suggest';

/** An analytics chart by id or name. */
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

export function validateParam(def: ParamDef, raw: unknown, field: string): unknown {
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

export function validateFilter(def: FilterDef, raw: unknown, field: string): unknown {
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
    // Product ids are sent as given, plain or store:product_id (ASSUMPTIONS.productIdForm); nested lists flattened.
    case 'product_list':
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

export function validateSegmentation(ep: EndpointDef, chart: ChartDef | undefined, raw: unknown): string {
  const allowed = segmentationsFor(ep.id, chart?.id);
  boundText(raw, 'segmentation', INPUT_LIMITS.name, 'a segmentation');
  const s = String(raw).trim().toLowerCase();
  if (!allowed.includes(s)) {
    const where = chart ? ` for chart "${chart.id}"` : ` for ${ep.label}`;
    throw new ValidationError(
      'segmentation',
      `segmentation ${quote(raw)} is not available${where}. Allowed: ${allowed.join(', ')}`,
    );
  }
  return s;
}
