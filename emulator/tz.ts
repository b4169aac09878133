/**
 * Calendar and time-zone arithmetic for the emulator (Node's Intl). Local days are numbered like
 * Unix days: day 0 = 1970-01-01 in whatever zone is meant.
 */

export const MS_HOUR = 3_600_000;
export const MS_DAY = 86_400_000;

export type PeriodUnit = 'day' | 'week' | 'month' | 'quarter' | 'year';

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** `YYYY-MM-DD` → day number, or null when not a real calendar date. */
export function parseDay(s: unknown): number | null {
  if (typeof s !== 'string') return null;
  const m = DATE_RE.exec(s);
  if (!m) return null;
  const y = +m[1],
    mo = +m[2],
    d = +m[3];
  if (mo < 1 || mo > 12 || d < 1 || d > 31) return null;
  const ms = Date.UTC(y, mo - 1, d);
  const back = new Date(ms);
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d) return null;
  return Math.round(ms / MS_DAY);
}

export function dayStr(day: number): string {
  return new Date(day * MS_DAY).toISOString().slice(0, 10);
}

/** 0 = Sunday … 6 = Saturday. */
export function weekday(day: number): number {
  return (((day + 4) % 7) + 7) % 7;
}

function ymd(day: number): [number, number, number] {
  const d = new Date(day * MS_DAY);
  return [d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()];
}

function fromYmd(y: number, m: number, d: number): number {
  return Math.round(Date.UTC(y, m, d) / MS_DAY);
}

/** The first day of the calendar period holding `day` (weeks start on Monday). */
export function bucketStart(day: number, unit: PeriodUnit): number {
  const [y, m] = ymd(day);
  switch (unit) {
    case 'day':
      return day;
    case 'week':
      return day - ((weekday(day) + 6) % 7);
    case 'month':
      return fromYmd(y, m, 1);
    case 'quarter':
      return fromYmd(y, m - (m % 3), 1);
    case 'year':
      return fromYmd(y, 0, 1);
  }
}

/** `day` moved by `n` periods (months clamp to the month's last day). */
export function addUnits(day: number, unit: PeriodUnit, n: number): number {
  if (unit === 'day') return day + n;
  if (unit === 'week') return day + 7 * n;
  const months = unit === 'month' ? n : unit === 'quarter' ? 3 * n : 12 * n;
  const [y, m, d] = ymd(day);
  const last = new Date(Date.UTC(y, m + months + 1, 0)).getUTCDate();
  return fromYmd(y, m + months, Math.min(d, last));
}

const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

/** A display label for the period starting at `start`. */
export function bucketLabel(start: number, unit: PeriodUnit): string {
  const [y, m] = ymd(start);
  switch (unit) {
    case 'day':
      return dayStr(start);
    case 'week':
      return `${dayStr(start)} – ${dayStr(start + 6)}`;
    case 'month':
      return `${MONTHS[m]} ${y}`;
    case 'quarter':
      return `Q${Math.floor(m / 3) + 1} ${y}`;
    case 'year':
      return String(y);
  }
}

// ---------------------------------------------------------------------------------------------
// Time zones

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(tz: string): Intl.DateTimeFormat {
  let f = formatters.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: tz,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(tz, f);
  }
  return f;
}

/** Is `tz` a zone name Intl knows (IANA names, `UTC`)? */
export function isValidZone(tz: unknown): tz is string {
  if (typeof tz !== 'string' || tz.trim() === '' || tz.length > 64) return false;
  try {
    formatter(tz);
    return true;
  } catch {
    return false;
  }
}

/** Minutes to add to UTC to get wall time in `tz` at `ms`. */
export function offsetMinutes(ms: number, tz: string): number {
  const parts = formatter(tz).formatToParts(new Date(ms));
  const get = (t: string) => Number(parts.find((p) => p.type === t)?.value ?? 0);
  const wall = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return Math.round((wall - Math.floor(ms / 1000) * 1000) / 60000);
}

const midnights = new Map<string, number>();

/** The UTC instant (ms) at which local day `day` begins in `tz`. */
export function localMidnight(tz: string, day: number): number {
  const key = `${tz}|${day}`;
  let t = midnights.get(key);
  if (t === undefined) {
    const wall = day * MS_DAY;
    const o1 = offsetMinutes(wall, tz);
    let guess = wall - o1 * 60000;
    const o2 = offsetMinutes(guess, tz);
    if (o2 !== o1) {
      const alt = wall - o2 * 60000;
      // Midnight skipped by a DST jump: the day begins at the jump.
      guess = offsetMinutes(alt, tz) === o2 ? alt : Math.min(guess, alt);
    }
    t = guess;
    if (midnights.size > 200_000) midnights.clear();
    midnights.set(key, t);
  }
  return t;
}

/** `+0300`, `-0430`, `+0545`. */
export function offsetText(minutes: number): string {
  const sign = minutes < 0 ? '-' : '+';
  const a = Math.abs(minutes);
  return `${sign}${String(Math.floor(a / 60)).padStart(2, '0')}${String(a % 60).padStart(2, '0')}`;
}

/** The `x` of a period starting on local day `day`: `2026-08-05T00:00:00.000000+0300`. */
export function periodX(day: number, tz: string): string {
  return `${dayStr(day)}T00:00:00.000000${offsetText(offsetMinutes(localMidnight(tz, day), tz))}`;
}

/** The UTC hours [first, end) whose start instant falls on local day `day` in `tz`. */
export function hoursOfDay(tz: string, day: number): [number, number] {
  return [Math.ceil(localMidnight(tz, day) / MS_HOUR), Math.ceil(localMidnight(tz, day + 1) / MS_HOUR)];
}
