/**
 * Calendar dates, zone conversion and date presets (their list is src/catalog/datePresets.ts).
 *
 * A `LocalDate` is a calendar day, 'YYYY-MM-DD', with no zone. All arithmetic is integer arithmetic on
 * "epoch days" (days since 1970-01-01), never on a Date in the host's local zone. Converting between
 * instants and local wall time goes through a TimeZonePort, so the same code runs in Apps Script
 * (Utilities.formatDate) and in Node (Intl).
 */
import { ValidationError, quote } from './errors';
import { INPUT_LIMITS, boundText } from './limits';
import { closest } from './suggest';
import { dict, hasOwn, own } from './own';
import type { TimeZonePort } from './timezone';
import { COMPARE_PRESET_IDS, DATE_PRESET_IDS, FIXED_DATE_PRESETS, PRESET_MAX_N } from '../catalog/datePresets';

/** A calendar day, 'YYYY-MM-DD'. */
export type LocalDate = string;
/** An inclusive range of calendar days, [first, last]. */
export type DateRange = [LocalDate, LocalDate];

export const MINUTE_MS = 60_000;
export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;

// ---------------------------------------------------------------------------------------------------
// Calendar arithmetic

interface Ymd {
  y: number;
  m: number;
  d: number;
}

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isLeapYear(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

/** Days in month `m` (1–12) of year `y`. */
export function daysInMonth(y: number, m: number): number {
  return m === 2 ? (isLeapYear(y) ? 29 : 28) : [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1];
}

/** True for a real calendar day written 'YYYY-MM-DD' (2024-02-29 yes, 2023-02-29 no). */
export function isLocalDate(x: unknown): x is LocalDate {
  if (typeof x !== 'string') return false;
  const m = DATE_RE.exec(x);
  if (!m) return false;
  const y = +m[1],
    mo = +m[2],
    d = +m[3];
  return y >= 1 && mo >= 1 && mo <= 12 && d >= 1 && d <= daysInMonth(y, mo);
}

function parts(date: LocalDate): Ymd {
  if (!isLocalDate(date)) throw new Error(`Not a calendar date (YYYY-MM-DD): ${quote(date)}`);
  return { y: +date.slice(0, 4), m: +date.slice(5, 7), d: +date.slice(8, 10) };
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

function fmt(y: number, m: number, d: number): LocalDate {
  return `${pad(y, 4)}-${pad(m, 2)}-${pad(d, 2)}`;
}

function floorDiv(a: number, b: number): number {
  return Math.floor(a / b);
}

function mod(a: number, b: number): number {
  return ((a % b) + b) % b;
}

/** Days since 1970-01-01 (proleptic Gregorian; H. Hinnant's days_from_civil). */
export function toEpochDay(date: LocalDate): number {
  const { y: y0, m, d } = parts(date);
  const y = m <= 2 ? y0 - 1 : y0;
  const era = floorDiv(y, 400);
  const yoe = y - era * 400;
  const doy = floorDiv(153 * (m + (m > 2 ? -3 : 9)) + 2, 5) + d - 1;
  const doe = yoe * 365 + floorDiv(yoe, 4) - floorDiv(yoe, 100) + doy;
  return era * 146097 + doe - 719468;
}

/** The calendar day `days` days after 1970-01-01. */
export function fromEpochDay(days: number): LocalDate {
  const z = Math.floor(days) + 719468;
  const era = floorDiv(z, 146097);
  const doe = z - era * 146097;
  const yoe = floorDiv(doe - floorDiv(doe, 1460) + floorDiv(doe, 36524) - floorDiv(doe, 146096), 365);
  const doy = doe - (365 * yoe + floorDiv(yoe, 4) - floorDiv(yoe, 100));
  const mp = floorDiv(5 * doy + 2, 153);
  const d = doy - floorDiv(153 * mp + 2, 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  const y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  return fmt(y, m, d);
}

export function addDays(date: LocalDate, n: number): LocalDate {
  return fromEpochDay(toEpochDay(date) + n);
}

/** Same day `n` months later; a day past the target month's end becomes its last day (Jan 31 + 1 → Feb 28/29). */
export function addMonths(date: LocalDate, n: number): LocalDate {
  const { y, m, d } = parts(date);
  const idx = y * 12 + (m - 1) + n;
  const ny = floorDiv(idx, 12);
  const nm = mod(idx, 12) + 1;
  return fmt(ny, nm, Math.min(d, daysInMonth(ny, nm)));
}

/** Same day `n` years later; Feb 29 becomes Feb 28 in a common year. */
export function addYears(date: LocalDate, n: number): LocalDate {
  return addMonths(date, 12 * n);
}

/** Days from `a` to `b` (b − a): diffDays('2024-01-01', '2024-01-31') = 30. */
export function diffDays(a: LocalDate, b: LocalDate): number {
  return toEpochDay(b) - toEpochDay(a);
}

/** -1, 0 or 1, for sorting. */
export function compareDates(a: LocalDate, b: LocalDate): number {
  const d = toEpochDay(a) - toEpochDay(b);
  return d < 0 ? -1 : d > 0 ? 1 : 0;
}

/** ISO weekday: 1 = Monday … 7 = Sunday. */
export function dayOfWeek(date: LocalDate): number {
  return weekdayOfEpochDay(toEpochDay(date));
}

function weekdayOfEpochDay(days: number): number {
  return mod(days + 3, 7) + 1; // 1970-01-01 was a Thursday (4)
}

/** The Monday on or before `date`. */
export function startOfWeek(date: LocalDate): LocalDate {
  return addDays(date, 1 - dayOfWeek(date));
}

export function startOfMonth(date: LocalDate): LocalDate {
  const { y, m } = parts(date);
  return fmt(y, m, 1);
}

export function endOfMonth(date: LocalDate): LocalDate {
  const { y, m } = parts(date);
  return fmt(y, m, daysInMonth(y, m));
}

export function startOfQuarter(date: LocalDate): LocalDate {
  const { y, m } = parts(date);
  return fmt(y, m - ((m - 1) % 3), 1);
}

export function endOfQuarter(date: LocalDate): LocalDate {
  return endOfMonth(addMonths(startOfQuarter(date), 2));
}

export function startOfYear(date: LocalDate): LocalDate {
  return fmt(parts(date).y, 1, 1);
}

export function endOfYear(date: LocalDate): LocalDate {
  return fmt(parts(date).y, 12, 31);
}

/** Number of days in an inclusive range: ['2024-01-01', '2024-01-31'] → 31. */
export function daysInclusive(range: readonly [LocalDate, LocalDate]): number {
  return diffDays(range[0], range[1]) + 1;
}

/** True when the range starts on a 1st and ends on a month's last day (one or more whole months). */
export function isWholeMonths(range: readonly [LocalDate, LocalDate]): boolean {
  return range[0].endsWith('-01') && range[1] === endOfMonth(range[1]) && compareDates(range[0], range[1]) <= 0;
}

/** Whole calendar months covered by a whole-month range (Jan 1–Mar 31 → 3). */
function monthsSpanned(range: readonly [LocalDate, LocalDate]): number {
  const a = parts(range[0]),
    b = parts(range[1]);
  return (b.y - a.y) * 12 + (b.m - a.m) + 1;
}

// ---------------------------------------------------------------------------------------------------
// Zones

/**
 * Parses a numeric UTC offset as Utilities.formatDate(d, tz, 'Z') prints it: '+0530' → 330,
 * '-0800' → -480. Also accepts '+05:30', '+05' and 'Z'. Throws on anything else.
 */
export function utcOffsetFromZ(z: string): number {
  const s = String(z).trim();
  if (s === 'Z' || s === 'z') return 0;
  const m = /^(?:GMT|UTC)?([+\-\u2212])(\d{1,2})(?::?(\d{2}))?$/.exec(s);
  if (!m) throw new Error(`Unexpected time-zone offset ${quote(z)}: expected +HHMM or -HHMM`);
  const h = +m[2],
    min = m[3] === undefined ? 0 : +m[3];
  if (h > 18 || min > 59) throw new Error(`Unexpected time-zone offset ${quote(z)}: out of range`);
  return (m[1] === '+' ? 1 : -1) * (h * 60 + min);
}

/** The calendar day in `tz` at an instant. */
export function localDateOf(instantMs: number, tz: string, port: TimeZonePort): LocalDate {
  return localPartsOf(instantMs, tz, port).date;
}

export interface LocalParts {
  date: LocalDate;
  hour: number;
  minute: number;
  /** 1 = Monday … 7 = Sunday. */
  weekday: number;
}

/** Wall-clock date, hour, minute and weekday in `tz` at an instant. */
export function localPartsOf(instantMs: number, tz: string, port: TimeZonePort): LocalParts {
  const wall = instantMs + port.offsetMinutes(instantMs, tz) * MINUTE_MS;
  const day = Math.floor(wall / DAY_MS);
  const inDay = wall - day * DAY_MS;
  return {
    date: fromEpochDay(day),
    hour: Math.floor(inDay / HOUR_MS),
    minute: Math.floor((inDay % HOUR_MS) / MINUTE_MS),
    weekday: weekdayOfEpochDay(day),
  };
}

/**
 * The instant at which the wall clock in `tz` reads `date hour:minute`.
 * - A time that never happens (spring-forward gap) → the first instant after the gap
 *   (Berlin 2024-03-31 02:30 → 03:00 CEST).
 * - A time that happens twice (fall-back) → the earlier instant
 *   (New York 2024-11-03 01:30 → 01:30 EDT).
 * Assumes at most one offset change within a day either side, which holds for every real zone.
 */
export function zonedToInstant(date: LocalDate, hour: number, minute: number, tz: string, port: TimeZonePort): number {
  if (!Number.isInteger(hour) || hour < 0 || hour > 23) throw new RangeError(`hour ${hour} is not 0–23`);
  if (!Number.isInteger(minute) || minute < 0 || minute > 59) throw new RangeError(`minute ${minute} is not 0–59`);
  const wall = toEpochDay(date) * DAY_MS + hour * HOUR_MS + minute * MINUTE_MS;
  // Offsets well before and well after (a real instant is within ±14 h of `wall`).
  const before = port.offsetMinutes(wall - DAY_MS, tz);
  const after = port.offsetMinutes(wall + DAY_MS, tz);
  if (before === after) return wall - before * MINUTE_MS;
  const tBefore = wall - before * MINUTE_MS;
  const tAfter = wall - after * MINUTE_MS;
  const okBefore = port.offsetMinutes(tBefore, tz) === before;
  const okAfter = port.offsetMinutes(tAfter, tz) === after;
  if (okBefore && okAfter) return Math.min(tBefore, tAfter); // repeated: the earlier one
  if (okBefore) return tBefore;
  if (okAfter) return tAfter;
  // In the gap: find the transition instant, the first minute with the new offset.
  let lo = Math.min(tBefore, tAfter); // still the old offset
  let hi = Math.max(tBefore, tAfter); // already the new offset
  while (hi - lo > MINUTE_MS) {
    const mid = lo + Math.floor((hi - lo) / 2 / MINUTE_MS) * MINUTE_MS;
    if (port.offsetMinutes(mid, tz) === before) lo = mid;
    else hi = mid;
  }
  return hi;
}

// ---------------------------------------------------------------------------------------------------
// Presets: what a preset means (ids, labels, help are in src/catalog/datePresets.ts)

/** 'Last 30 days' / 'last-30-days' / ' LAST_30_DAYS ' → 'last_30_days'. */
export function normalisePresetName(name: string): string {
  return name
    .trim()
    .toLowerCase()
    .replace(/[\s\-_]+/g, '_');
}

const ALIASES: Record<string, string> = dict(
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
  return hasOwn(ALIASES, n) || PATTERN_RE.test(n);
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
  const id = own(ALIASES, n);
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

// ---------------------------------------------------------------------------------------------------
// Compare presets

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

// ---------------------------------------------------------------------------------------------------
// User input

/** Day 0 of Sheets serial numbers, 1899-12-30, as an epoch day. */
const SHEETS_EPOCH_DAY = -25569;
const SERIAL_MIN = 20000; // 1954-10-03
const SERIAL_MAX = 80000; // 2119-01-11

const ALLOWED = 'use YYYY-MM-DD, a date cell, or a preset such as last_30_days';

function isBlank(v: unknown): boolean {
  return v === undefined || v === null || (typeof v === 'string' && v.trim() === '');
}

function invalidDate(field: string, value: unknown): ValidationError {
  if (value instanceof Date && isNaN(value.getTime()))
    return new ValidationError(field, `${field} is an invalid date: ${ALLOWED}`);
  let hint = '';
  if (typeof value === 'string' && /[a-z]/i.test(value)) {
    const c = closest(normalisePresetName(value), [...DATE_PRESET_IDS, ...Object.keys(ALIASES)]);
    if (c) hint = ` — did you mean "${c}"?`;
  }
  return new ValidationError(field, `${field} ${quote(value)} is not a valid date: ${ALLOWED}${hint}`);
}

/**
 * One date from a user: a Date (a sheet date cell is the instant of local midnight in the spreadsheet
 * zone, so its date is taken in `tz`), 'YYYY-MM-DD' / 'YYYY/MM/DD' text (1- or 2-digit month and day
 * accepted), an ISO timestamp (its first 10 characters), or a Sheets serial day number from 20000 to
 * 80000. Presets are not handled here (see resolveRange). Throws ValidationError naming `field`.
 */
export function parseDateInput(value: unknown, field: string, tz: string, port: TimeZonePort): LocalDate {
  boundText(value, field, INPUT_LIMITS.date, 'a date or preset');
  if (value instanceof Date) {
    const t = value.getTime();
    if (isNaN(t)) throw invalidDate(field, value);
    return localDateOf(t, tz, port);
  }
  if (typeof value === 'number') {
    if (Number.isFinite(value) && value >= SERIAL_MIN && value <= SERIAL_MAX) {
      return fromEpochDay(SHEETS_EPOCH_DAY + Math.floor(value));
    }
    throw invalidDate(field, value);
  }
  if (typeof value === 'string') {
    const s = value.trim();
    const iso = /^(\d{4}-\d{2}-\d{2})T\d{2}:\d{2}/.exec(s);
    if (iso) {
      if (isLocalDate(iso[1])) return iso[1];
      throw invalidDate(field, value);
    }
    const m = /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})$/.exec(s);
    if (m) {
      const d = fmt(+m[1], +m[2], +m[3]);
      if (isLocalDate(d)) return d;
    }
  }
  throw invalidDate(field, value);
}

export interface DateContext {
  /** Today in the spreadsheet's zone. */
  today: LocalDate;
  /** The spreadsheet's zone, e.g. 'Europe/Berlin'. */
  tz: string;
  port: TimeZonePort;
}

function checkOrder(range: DateRange, startField: string, endField: string): DateRange {
  if (compareDates(range[1], range[0]) < 0) {
    throw new ValidationError(endField, `${endField} "${range[1]}" is before ${startField} "${range[0]}"`);
  }
  return range;
}

/**
 * The report's date range from user input. `start` is a date or a preset name (then `end` must be
 * empty). `end` is a date, a preset (its last day is used, e.g. "yesterday"), or empty (= today).
 * Throws ValidationError naming the offending field.
 */
export function resolveRange(
  input: { start?: unknown; end?: unknown },
  fields: { start: string; end: string },
  ctx: DateContext,
): DateRange {
  const { start, end } = input;
  boundText(start, fields.start, INPUT_LIMITS.date, 'a date or preset');
  boundText(end, fields.end, INPUT_LIMITS.date, 'a date or preset');
  if (isBlank(start)) {
    throw new ValidationError(
      fields.start,
      `${fields.start} is required: a date (YYYY-MM-DD), a date cell, or a preset such as last_30_days`,
    );
  }
  const preset = resolvePreset(start, ctx.today, fields.start);
  if (preset) {
    if (!isBlank(end)) {
      throw new ValidationError(
        fields.end,
        `${fields.end} ${quote(end)} must be empty when ${fields.start} is a preset (${quote(start)})`,
      );
    }
    return preset;
  }
  const from = parseDateInput(start, fields.start, ctx.tz, ctx.port);
  if (isBlank(end)) {
    if (compareDates(from, ctx.today) > 0) {
      throw new ValidationError(
        fields.end,
        `${fields.end} is empty, so the range would run through today (${ctx.today}), which is before ${fields.start} "${from}": give an end date`,
      );
    }
    return [from, ctx.today];
  }
  const endPreset = resolvePreset(end, ctx.today, fields.end);
  const to = endPreset ? endPreset[1] : parseDateInput(end, fields.end, ctx.tz, ctx.port);
  return checkOrder([from, to], fields.start, fields.end);
}

const COMPARE_ALLOWED = 'use previous_period, previous_year, "YYYY-MM-DD..YYYY-MM-DD", or [from, to]';

/**
 * The comparison range: a compare preset (previous_period, previous_year), a date preset
 * (last_month), 'from..to' text, a 2-element array (also a 1×2 or 2×1 sheet range), or {start, end}.
 */
export function resolveCompareInput(
  value: unknown,
  range: readonly [LocalDate, LocalDate],
  ctx: DateContext,
  field = 'compare',
): DateRange {
  const pair = (a: unknown, b: unknown, fa: string, fb: string): DateRange => {
    if (isBlank(a)) throw new ValidationError(fa, `${fa} is required: ${COMPARE_ALLOWED}`);
    if (isBlank(b)) throw new ValidationError(fb, `${fb} is required: ${COMPARE_ALLOWED}`);
    return checkOrder([parseDateInput(a, fa, ctx.tz, ctx.port), parseDateInput(b, fb, ctx.tz, ctx.port)], fa, fb);
  };
  boundText(value, field, INPUT_LIMITS.date, 'a comparison period');
  if (typeof value === 'string') {
    const s = value.trim();
    const cmp = resolveCompare(s, range);
    if (cmp) return cmp;
    const preset = resolvePreset(s, ctx.today, field);
    if (preset) return preset;
    const dots = s.split('..');
    if (dots.length === 2) return pair(dots[0], dots[1], `${field}.start`, `${field}.end`);
    const c = /[a-z]/i.test(s) ? closest(normalisePresetName(s), COMPARE_PRESET_IDS) : undefined;
    throw new ValidationError(
      field,
      `${field} ${quote(value)} is not a comparison period: ${COMPARE_ALLOWED}${c ? ` — did you mean "${c}"?` : ''}`,
    );
  }
  if (Array.isArray(value)) {
    // Counted before flattening: spreading a huge range into concat would overflow the stack.
    const rows = value.every((v) => Array.isArray(v));
    const n = rows ? value.reduce((sum: number, r: unknown[]) => sum + r.length, 0) : value.length;
    if (n !== 2) {
      throw new ValidationError(
        field,
        `${field} has ${n} value${n === 1 ? '' : 's'}: give exactly two dates, [from, to]`,
      );
    }
    const flat: unknown[] = rows ? ([] as unknown[]).concat(...value) : value;
    return pair(flat[0], flat[1], `${field}[0]`, `${field}[1]`);
  }
  if (value && typeof value === 'object' && !(value instanceof Date)) {
    const o = value as { start?: unknown; end?: unknown };
    return pair(o.start, o.end, `${field}.start`, `${field}.end`);
  }
  throw new ValidationError(field, `${field} ${quote(value)} is not a comparison period: ${COMPARE_ALLOWED}`);
}
