/**
 * Instants ⇄ local wall time in a zone. Conversion goes through a TimeZonePort, so the same code runs in
 * Apps Script (Utilities.formatDate) and in Node (Intl).
 */
import { quote } from '../errors';
import type { TimeZonePort } from '../timezone';
import { DAY_MS, HOUR_MS, type LocalDate, MINUTE_MS, fromEpochDay, toEpochDay, weekdayOfEpochDay } from './calendar';

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
