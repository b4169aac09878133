/**
 * Helpers for tests and the benchmark (not imported by the add-on): synthetic answers and the
 * "no number is dropped" check.
 */
import type { Table } from '../table';

/** Every number in a JSON value with its path (`data.revenue.data[0].values[3].y`). */
export function collectNumbers(value: unknown, path = ''): Array<{ path: string; value: number }> {
  const out: Array<{ path: string; value: number }> = [];
  const walk = (v: unknown, p: string): void => {
    if (typeof v === 'number') out.push({ path: p, value: v });
    else if (Array.isArray(v)) v.forEach((x, i) => walk(x, `${p}[${i}]`));
    else if (v !== null && typeof v === 'object') for (const [k, x] of Object.entries(v)) walk(x, p ? `${p}.${k}` : k);
  };
  walk(value, path);
  return out;
}

export interface MissingOptions {
  /**
   * Paths of structural numbers (e.g. cohort `period` indices that become column headers): these must
   * appear in a column header (label or key) instead of a cell.
   */
  headers?: (path: string) => boolean;
  /** Paths of numbers that are identifiers (a numeric segment key or title): these may appear as text. */
  asText?: (path: string) => boolean;
}

/** The answer's numbers that appear nowhere in the table (each as `path = value`); empty when none is lost. */
export function missingNumbers(answer: unknown, table: Table, opts: MissingOptions = {}): string[] {
  const cells = new Set<number>();
  const texts = new Set<string>();
  for (const r of table.rows)
    for (const c of r)
      if (typeof c === 'number') cells.add(c);
      else if (typeof c === 'string') texts.add(c);
  const headerNums = new Set<number>();
  for (const c of table.columns)
    for (const m of `${c.key} ${c.label}`.matchAll(/-?\d+(?:\.\d+)?/g)) headerNums.add(Number(m[0]));
  const missing: string[] = [];
  for (const { path, value } of collectNumbers(answer)) {
    if (opts.headers?.(path)) {
      if (!headerNums.has(value)) missing.push(`${path} = ${value} (expected in a header)`);
    } else if (!cells.has(value) && !(opts.asText?.(path) && texts.has(String(value)))) {
      missing.push(`${path} = ${value}`);
    }
  }
  return missing;
}

/** Every cell of a table that is a string holding a number: the normalisers must never produce one. */
export function numericStrings(table: Table): string[] {
  const out: string[] = [];
  table.rows.forEach((r, i) =>
    r.forEach((c, j) => {
      if (typeof c === 'string' && /^-?\d+(\.\d+)?$/.test(c) && table.columns[j].kind !== 'text')
        out.push(`row ${i} ${table.columns[j].key}: "${c}"`);
    }),
  );
  return out;
}

/** A column's values by key. */
export function columnValues(table: Table, key: string): unknown[] {
  const i = table.columns.findIndex((c) => c.key === key);
  if (i < 0) throw new Error(`no column ${key}; columns: ${table.columns.map((c) => c.key).join(', ')}`);
  return table.rows.map((r) => r[i]);
}

/** Rows as objects keyed by column key (for readable assertions). */
export function rowObjects(table: Table): Array<Record<string, unknown>> {
  return table.rows.map((r) => Object.fromEntries(table.columns.map((c, i) => [c.key, r[i]])));
}

export interface SyntheticAnalytics {
  segments: number;
  days: number;
  series?: readonly string[];
  /** First day, `YYYY-MM-DD`. */
  start?: string;
  offset?: string;
}

/**
 * A segmented daily analytics answer the size of a big real one: a Total row plus `segments`
 * segments, each with `days` points per series. Deterministic.
 */
export function syntheticAnalytics(o: SyntheticAnalytics): Record<string, unknown> {
  const series = o.series ?? ['revenue', 'proceeds', 'net_revenue'];
  const [y0, m0, d0] = (o.start ?? '2023-01-01').split('-').map(Number);
  const start = Date.UTC(y0, m0 - 1, d0);
  const offset = o.offset ?? '+0300';
  const xs: string[] = [];
  for (let d = 0; d < o.days; d++)
    xs.push(new Date(start + d * 86400000).toISOString().slice(0, 10) + `T00:00:00.000000${offset}`);
  let seed = 12345;
  const rnd = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  const data: Record<string, unknown> = {};
  series.forEach((name, si) => {
    const factor = 1 - si * 0.15;
    const total = new Float64Array(o.days);
    const rows: unknown[] = [];
    for (let g = 0; g < o.segments; g++) {
      const values = new Array<{ x: string; y: number }>(o.days);
      let sum = 0;
      for (let d = 0; d < o.days; d++) {
        const y = Math.round((rnd() * 100 - 5) * factor * 100) / 100;
        values[d] = { x: xs[d], y };
        total[d] += y;
        sum += y;
      }
      rows.push({ type: `seg_${g}`, title: `Segment ${g}`, value: Math.round(sum * 100) / 100, values });
    }
    const tv = Array.from(total, (y, d) => ({ x: xs[d], y: Math.round(y * 100) / 100 }));
    const tsum = Math.round(tv.reduce((a, p) => a + p.y, 0) * 100) / 100;
    data[name] = {
      value: tsum,
      value_from: null,
      value_to: null,
      compare_value_from: null,
      compare_value_to: null,
      title: name,
      type: 'multi',
      default_aggregation: 'sum',
      description: '<div></div>',
      metric_name: name,
      is_json: true,
      unit: 'USD',
      recommended_period: null,
      data: [{ type: 'total', title: 'Total', value: tsum, values: tv }, ...rows],
    };
  });
  return { data };
}
