/**
 * Compare presets (previous_period, previous_year) → the comparison range. Their labels and help are in
 * src/catalog/datePresets.ts.
 */
import { INPUT_LIMITS } from '../limits';
import {
  type DateRange,
  type LocalDate,
  addDays,
  addMonths,
  addYears,
  daysInclusive,
  endOfMonth,
  isWholeMonths,
  monthsSpanned,
} from './calendar';
import { normalisePresetName } from './presets';

/** The comparison range for a compare preset, or null when `id` is not one. */
export function resolveCompare(id: unknown, range: readonly [LocalDate, LocalDate]): DateRange | null {
  if (typeof id !== 'string' || id.length > INPUT_LIMITS.date) return null;
  const n = normalisePresetName(id);
  const whole = isWholeMonths(range);
  if (n === 'previous_period') {
    if (whole) return [addMonths(range[0], -monthsSpanned(range)), addDays(range[0], -1)];
    const days = daysInclusive(range);
    return [addDays(range[0], -days), addDays(range[0], -1)];
  }
  if (n === 'previous_year') {
    const end = addYears(range[1], -1);
    return [addYears(range[0], -1), whole ? endOfMonth(end) : end];
  }
  return null;
}
