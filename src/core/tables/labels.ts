/** Headers and kinds for fields, known or not. */
import type { KindSpec } from './builder';
import { own } from '../own';

const WORDS: Record<string, string> = {
  usd: 'USD',
  id: 'ID',
  ab: 'A/B',
  ltv: 'LTV',
  mrr: 'MRR',
  arr: 'ARR',
  arpu: 'ARPU',
  appu: 'APPU',
  anrpu: 'ANRPU',
  arppu: 'ARPPU',
  apppu: 'APPPU',
  anrppu: 'ANRPPU',
  arpas: 'ARPAS',
  appas: 'APPAS',
  anrpas: 'ANRPAS',
};

function words(part: string): string {
  let suffix = '';
  let p = part;
  if (/_usd$/.test(p)) {
    p = p.slice(0, -4);
    suffix = ', USD';
  } else if (/_relative$/.test(p)) {
    p = p.slice(0, -9);
    suffix = ', %';
  }
  const w = p
    .split(/_+/)
    .filter(Boolean)
    .map((x) => own(WORDS, x.toLowerCase()) ?? x);
  return w.join(' ') + suffix;
}

/** `total_revenue_usd` → `Total revenue, USD`; `predict.value_relative` → `Predict: value, %`; `tags[0]` → `Tags [0]`. */
export function human(path: string): string {
  if (path === '') return 'Value';
  const parts = path
    .split('.')
    .map((seg) => seg.replace(/\[(\d+)\]/g, ' [$1]'))
    .map(words);
  const s = parts.join(': ');
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** The kind a field's name implies: `*_usd` money, `*_relative` and `relative_changes` percentages. */
export function kindFromName(path: string): KindSpec {
  const last = path.slice(path.lastIndexOf('.') + 1).replace(/\[\d+\]$/, '');
  if (/_usd$/.test(last)) return 'usd';
  if (/_relative$/.test(last) || last === 'relative_changes' || /_percent$/.test(last)) return 'percent_points';
  return 'auto';
}

/** The kind an answer's `unit` implies for its values. */
export function kindFromUnit(unit: unknown): KindSpec | undefined {
  if (typeof unit !== 'string') return undefined;
  const u = unit.toLowerCase();
  if (u === 'usd') return 'usd';
  if (u === 'percent' || u === '%') return 'percent_points';
  return undefined;
}

const SERIES_WORDS: Record<string, string> = { revenue: 'revenue', proceeds: 'proceeds', net_revenue: 'net revenue' };

/** Header of an analytics series: `Revenue`/`Proceeds`/`Net revenue` for the revenue chart, `MRR, proceeds` for others, the chart for `common`. */
export function seriesLabel(key: string, chartId?: string, chartLabel?: string): string {
  if (key === 'common') return chartLabel ?? 'Value';
  const w = own(SERIES_WORDS, key) ?? human(key).toLowerCase();
  if (!chartLabel || chartId === 'revenue' || chartLabel.toLowerCase() === w)
    return w.charAt(0).toUpperCase() + w.slice(1);
  return `${chartLabel}, ${w}`;
}

/** The segment column's header: `Segment (Country)` when segmented by country. */
export function segmentLabel(segmentation: unknown): string {
  if (typeof segmentation !== 'string' || segmentation === '' || segmentation === 'default') return 'Segment';
  return `Segment (${human(segmentation)})`;
}
