/**
 * Calendar dates and their arithmetic. A `LocalDate` is a calendar day, 'YYYY-MM-DD', with no zone. All
 * arithmetic is integer arithmetic on "epoch days" (days since 1970-01-01), never on a Date in the host's
 * local zone.
 */
import { quote } from '../errors';

/** A calendar day, 'YYYY-MM-DD'. */
export type LocalDate = string;
/** An inclusive range of calendar days, [first, last]. */
export type DateRange = [LocalDate, LocalDate];

export const MINUTE_MS = 60_000;
export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;

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

export function fmt(y: number, m: number, d: number): LocalDate {
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

export function weekdayOfEpochDay(days: number): number {
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
export function monthsSpanned(range: readonly [LocalDate, LocalDate]): number {
  const a = parts(range[0]),
    b = parts(range[1]);
  return (b.y - a.y) * 12 + (b.m - a.m) + 1;
}
