/**
 * What a date preset means: a preset name (today, last_month, last_14_days…) → its [first, last] days.
 * The presets' ids, labels and help are data in src/catalog/datePresets.ts.
 */
import { ValidationError, quote } from '../errors';
import { INPUT_LIMITS, boundText } from '../limits';
import { dict, hasOwn, own } from '../own';
import { FIXED_DATE_PRESETS, PRESET_MAX_N } from '../../catalog/datePresets';
import {
  type DateRange,
  type LocalDate,
  addDays,
  addMonths,
  addYears,
  startOfMonth,
  startOfQuarter,
  startOfWeek,
  startOfYear,
} from './calendar';

/** 'Last 30 days' / 'last-30-days' / ' LAST_30_DAYS ' → 'last_30_days'. */
export function normalisePresetName(name: string): string {
  return name
    .trim()
    .toLowerCase()
    .replace(/[\s\-_]+/g, '_');
}

export const PRESET_ALIASES: Record<string, string> = dict(
  FIXED_DATE_PRESETS.flatMap((p) => [p.id, ...(p.aliases ?? [])].map((a) => [a, p.id] as const)),
);

const PATTERN_RE = /^last_(\d+)_(day|week|month)s?$/;

function lastDays(today: LocalDate, n: number): DateRange {
  return [addDays(today, -n), addDays(today, -1)];
}
function lastWeeks(today: LocalDate, n: number): DateRange {
  const sw = startOfWeek(today);
  return [addDays(sw, -7 * n), addDays(sw, -1)];
}
function lastMonths(today: LocalDate, n: number): DateRange {
  const sm = startOfMonth(today);
  return [addMonths(sm, -n), addDays(sm, -1)];
}

const FIXED: Record<string, (t: LocalDate) => DateRange> = dict({
  today: (t) => [t, t],
  yesterday: (t) => [addDays(t, -1), addDays(t, -1)],
  last_7_days: (t) => lastDays(t, 7),
  last_30_days: (t) => lastDays(t, 30),
  last_90_days: (t) => lastDays(t, 90),
  this_week: (t) => [startOfWeek(t), t],
  last_week: (t) => lastWeeks(t, 1),
  this_month: (t) => [startOfMonth(t), t],
  last_month: (t) => lastMonths(t, 1),
  this_quarter: (t) => [startOfQuarter(t), t],
  last_quarter: (t) => {
    const sq = startOfQuarter(t);
    return [addMonths(sq, -3), addDays(sq, -1)];
  },
  this_year: (t) => [startOfYear(t), t],
  last_year: (t) => {
    const sy = startOfYear(t);
    return [addYears(sy, -1), addDays(sy, -1)];
  },
  month_to_date: (t) => [startOfMonth(t), t],
  year_to_date: (t) => [startOfYear(t), t],
});

/** True when `name` is a preset name or matches a last_N_* pattern (N may still be out of range). */
export function isDatePresetName(name: unknown): boolean {
  if (typeof name !== 'string' || name.length > INPUT_LIMITS.date) return false;
  const n = normalisePresetName(name);
  return hasOwn(PRESET_ALIASES, n) || PATTERN_RE.test(n);
}

/**
 * The [first, last] days of a preset relative to `today`, or null when `name` is not a preset.
 * Case-insensitive; spaces and hyphens count as underscores ("Last 30 days"). A last_N_* pattern
 * with N out of range throws a ValidationError naming `field`.
 */
export function resolvePreset(name: unknown, today: LocalDate, field = 'start'): DateRange | null {
  if (typeof name !== 'string') return null;
  boundText(name, field, INPUT_LIMITS.date, 'a date or preset');
  const n = normalisePresetName(name);
  const id = own(PRESET_ALIASES, n);
  const fixed = id === undefined ? undefined : own(FIXED, id);
  if (fixed) return fixed(today);
  const m = PATTERN_RE.exec(n);
  if (!m) return null;
  const unit = (m[2] + 's') as keyof typeof PRESET_MAX_N;
  const max = PRESET_MAX_N[unit];
  const count = Number(m[1]);
  if (!(count >= 1 && count <= max)) {
    throw new ValidationError(
      field,
      `${field} ${quote(name)} is out of range: last_N_${unit} takes N from 1 to ${max}`,
    );
  }
  return unit === 'days'
    ? lastDays(today, count)
    : unit === 'weeks'
      ? lastWeeks(today, count)
      : lastMonths(today, count);
}
