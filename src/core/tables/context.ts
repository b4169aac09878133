import type { EndpointId } from '../../catalog/ids';
import type { TotalsMode } from '../../catalog/options';

/** One of the catalog's accounting types (ACCOUNTING_TYPES). */
export type Measure = string;

/** What the normaliser needs to know about the request that produced an answer. */
export interface NormaliseContext {
  endpoint: EndpointId;
  /** Analytics only. */
  chartId?: string;
  chartLabel?: string;
  chartKind?: 'money' | 'count';
  /** The request body's top-level params: period_unit, segmentation, value_field, accounting_type, value_type, show_value_as, period_type… */
  params: Record<string, unknown>;
  /** A compare period was asked for. */
  hasCompare: boolean;
  /** One of LAYOUTS[endpoint] (src/catalog/layouts.ts; default: the first). */
  layout?: string;
  /** Which money series/accounting to show where the layout can only show one. */
  measure?: Measure;
  /** Where a long table's total rows go (default include). */
  totals?: TotalsMode;
}
