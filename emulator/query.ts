/** What every answer builder shares: the request's context, cell selection, segments, period buckets. */
import { DIMS, type AppModel, type Dim } from './model';
import type { ValidRequest } from './validate';
import { bucketLabel, bucketStart, dayStr, periodX, type PeriodUnit } from './tz';

export interface Ctx {
  model: AppModel;
  req: ValidRequest;
  /** The zone that buckets days: Adapty-Tz, else the app's own. */
  tz: string;
}

/** Noise stream of the install-date view (date_type=profile_install_date). */
export function saltOf(req: ValidRequest): number {
  return req.params.date_type === 'profile_install_date' ? 1 : 0;
}

/** Cells matching every filter (filters are OR within a key, AND across keys). */
export function selectCells(model: AppModel, filters: Record<string, string[]>): number[] {
  const keys = Object.keys(filters).filter((k) => (DIMS as readonly string[]).includes(k)) as Dim[];
  const sets = keys.map((k) => new Set(filters[k]));
  return model.cells.filter((cell) => keys.every((k, i) => sets[i].has(cell.dims[k]))).map((c) => c.index);
}

/** Segmentation values that name a cell dimension under another name (LTV). */
const DIM_ALIASES: Record<string, Dim> = {
  product: 'store_product_id',
  paywall: 'paywall_id',
  audience: 'audience_id',
  placement: 'placement_id',
};

/** The cell dimension a segmentation splits by, or null (default, period, dates). */
export function segmentDim(segmentation: string): Dim | null {
  if ((DIMS as readonly string[]).includes(segmentation)) return segmentation as Dim;
  return DIM_ALIASES[segmentation] ?? null;
}

export interface Bucket {
  start: number;
  /** First and last day of the range inside this period. */
  from: number;
  to: number;
  x: string;
  label: string;
}

/** The calendar periods covering [from, to]; each knows its in-range days. */
export function buckets(from: number, to: number, unit: PeriodUnit, tz: string): Bucket[] {
  const out: Bucket[] = [];
  for (let d = from; d <= to; d++) {
    const s = bucketStart(d, unit);
    const last = out[out.length - 1];
    if (last && last.start === s) last.to = d;
    else out.push({ start: s, from: d, to: d, x: periodX(s, tz), label: bucketLabel(s, unit) });
  }
  return out;
}

export function dateOf(day: number): string {
  return dayStr(day);
}

/** Money in cents → dollars (cents stay exact integers until here). */
export function usd(cents: number): number {
  return Math.round(cents) / 100;
}

/** A ratio that is 0 rather than NaN when the denominator is empty. */
export function ratio(num: number, den: number): number {
  return den === 0 ? 0 : num / den;
}

/** Sort key for segment rows: biggest first, then by key. */
export function bySize<T extends { type: string }>(rows: T[], size: (r: T) => number): T[] {
  return rows.sort((a, b) => Math.abs(size(b)) - Math.abs(size(a)) || (a.type < b.type ? -1 : a.type > b.type ? 1 : 0));
}

/** The recommended period unit for a range (conversion answers carry one). */
export function recommendedUnit(days: number): PeriodUnit {
  return days <= 31 ? 'day' : days <= 180 ? 'week' : 'month';
}
