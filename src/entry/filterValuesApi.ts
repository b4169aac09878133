/**
 * The sidebar's filter pickers ask here for the values this app really has (label and raw key), learned
 * from its own data by src/services/filterValues.ts.
 */
import { currentEnv } from '../services/env';
import { filterValuesArgs, pickerValues, type FilterValues } from '../services/filterValues';

/** A picker waits at most this long (one segmented request, within the rate limit). */
const PICKER_BUDGET_MS = 30 * 1000;

/** `app`: the report's app (a connection's name, or a portfolio); empty for the default app. */
export function getFilterValues(filter: string, range?: [string, string] | null, app?: string | null): FilterValues {
  const args = filterValuesArgs(filter, range, app);
  return pickerValues(currentEnv(), args.filter, { range: args.range, budgetMs: PICKER_BUDGET_MS, app: args.app });
}
