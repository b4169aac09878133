/**
 * Scheduled refresh: when is a report due (the kinds and weekdays offered: src/catalog/schedules.ts). Slots are wall-clock times in the spreadsheet's zone.
 * Clock changes: a slot whose local hour is skipped (spring forward) falls on the first instant after
 * the gap; a slot whose local hour happens twice (fall back) falls on the earlier one, and only once.
 * Hourly slots are the real hours: 23 on a spring-forward day, 25 on a fall-back day.
 */
import { ValidationError, notOneOf, quote } from './errors';
import {
  HOUR_MS,
  MINUTE_MS,
  addDays,
  addMonths,
  compareDates,
  dayOfWeek,
  endOfMonth,
  startOfMonth,
  type LocalDate,
} from './dates/calendar';
import { localDateOf, zonedToInstant } from './dates/zones';
import type { TimeZonePort } from './timezone';
import { INPUT_LIMITS, boundText } from './limits';
import { dict, own } from './own';
import { SCHEDULE_KIND_IDS, WEEKDAYS, type ScheduleKind } from '../catalog/schedules';

export type Schedule =
  | { every: 'hour' }
  | { every: 'day'; hour: number }
  | { every: 'week'; /** 1 = Monday … 7 = Sunday */ weekday: number; hour: number }
  | { every: 'month'; /** 1–31; past a month's end → its last day */ day: number; hour: number };

// ---------------------------------------------------------------------------------------------------
// Parsing

const KIND_ALIASES: Record<string, ScheduleKind> = dict({
  hour: 'hour',
  hourly: 'hour',
  hours: 'hour',
  day: 'day',
  daily: 'day',
  days: 'day',
  week: 'week',
  weekly: 'week',
  weeks: 'week',
  month: 'month',
  monthly: 'month',
  months: 'month',
});

const NONE = new Set(['', 'none', 'off', 'never', 'no']);
const FILLER = new Set(['at', 'on', 'the', 'of', 'every', 'each', "o'clock", 'oclock']);
const TEXT_FORMS = '"hourly", "daily at 6", "weekly mon 6", "monthly 1 6" or "none"';

function toNumber(v: unknown): number | undefined {
  if (typeof v === 'number') return v;
  if (typeof v === 'string' && /^\s*-?\d+(\.\d+)?\s*$/.test(v)) return Number(v);
  return undefined;
}

/** Shows a numeric string as the number it is, so text and objects give the same message. */
function shown(v: unknown): string {
  const n = toNumber(v);
  return n !== undefined && typeof v === 'string' ? quote(n) : quote(v);
}

function parseHour(v: unknown, field: string): number {
  let n = toNumber(v);
  if (n === undefined && typeof v === 'string') {
    const s = v.trim().toLowerCase().replace(/\s+/g, '').replace(/\./g, '');
    if (s === 'midnight') return 0;
    if (s === 'noon' || s === 'midday') return 12;
    const m = /^(\d{1,2})(?::(\d{2}))?(am|pm|a|p)?$/.exec(s);
    if (m) {
      if (m[2] !== undefined && m[2] !== '00') {
        throw new ValidationError(
          `${field}.hour`,
          `${field}.hour ${quote(v)} is not on the hour: schedules run at whole hours, 0–23`,
        );
      }
      n = Number(m[1]);
      if (m[3]) {
        if (n < 1 || n > 12)
          throw new ValidationError(`${field}.hour`, `${field}.hour ${quote(v)} is not an hour: use 0–23`);
        n = (n % 12) + (m[3].startsWith('p') ? 12 : 0);
      }
    }
  }
  if (n === undefined || !Number.isInteger(n) || n < 0 || n > 23) {
    throw new ValidationError(`${field}.hour`, `${field}.hour ${shown(v)} is not an hour: use 0–23`);
  }
  return n;
}

function weekdayFromName(s: string): number | undefined {
  let t = s.trim().toLowerCase().replace(/\.$/, '');
  if (t.endsWith('days')) t = t.slice(0, -1);
  if (t === 'weds') t = 'wed';
  if (t.length < 2) return undefined;
  // A prefix of the name: 'mo', 'mon', 'tues', 'thurs', 'friday'.
  const hits = WEEKDAYS.filter((w) => w.label.toLowerCase().startsWith(t));
  return hits.length === 1 ? hits[0].value : undefined;
}

function parseWeekday(v: unknown, field: string): number {
  const n = toNumber(v);
  const w = n !== undefined ? n : typeof v === 'string' ? weekdayFromName(v) : undefined;
  if (w === undefined || !Number.isInteger(w) || w < 1 || w > 7) {
    throw new ValidationError(
      `${field}.weekday`,
      `${field}.weekday ${shown(v)} is not a weekday: use 1 (Monday) to 7 (Sunday) or a name such as "mon"`,
    );
  }
  return w;
}

function parseDay(v: unknown, field: string): number {
  let n = toNumber(v);
  if (n === undefined && typeof v === 'string') {
    const s = v.trim().toLowerCase();
    const m = /^(\d{1,2})(st|nd|rd|th)$/.exec(s);
    if (m) n = Number(m[1]);
    else if (s === 'last') n = 31;
  }
  if (n === undefined || !Number.isInteger(n) || n < 1 || n > 31) {
    throw new ValidationError(
      `${field}.day`,
      `${field}.day ${shown(v)} is not a day of the month: use 1–31 (past a month's end it runs on the last day)`,
    );
  }
  return n;
}

function required(o: Record<string, unknown>, key: string, kind: ScheduleKind, field: string): unknown {
  const v = own(o, key);
  boundText(v, `${field}.${key}`, INPUT_LIMITS.schedule, 'a schedule value');
  if (v === undefined || v === null || v === '') {
    const allowed = key === 'hour' ? '0–23' : key === 'weekday' ? '1 (Monday) to 7 (Sunday)' : '1–31';
    throw new ValidationError(`${field}.${key}`, `${field}.${key} is required for every "${kind}": use ${allowed}`);
  }
  return v;
}

function fromObject(o: Record<string, unknown>, field: string): Schedule {
  const rawKind = own(o, 'every');
  boundText(rawKind, `${field}.every`, INPUT_LIMITS.schedule, 'a schedule kind');
  const kind = typeof rawKind === 'string' ? own(KIND_ALIASES, rawKind.trim().toLowerCase()) : undefined;
  if (!kind) {
    if (rawKind === undefined || rawKind === null || rawKind === '') {
      throw new ValidationError(`${field}.every`, `${field}.every is required: use ${SCHEDULE_KIND_IDS.join(', ')}`);
    }
    throw notOneOf(`${field}.every`, rawKind, SCHEDULE_KIND_IDS);
  }
  switch (kind) {
    case 'hour':
      return { every: 'hour' };
    case 'day':
      return { every: 'day', hour: parseHour(required(o, 'hour', kind, field), field) };
    case 'week':
      return {
        every: 'week',
        weekday: parseWeekday(required(o, 'weekday', kind, field), field),
        hour: parseHour(required(o, 'hour', kind, field), field),
      };
    case 'month':
      return {
        every: 'month',
        day: parseDay(required(o, 'day', kind, field), field),
        hour: parseHour(required(o, 'hour', kind, field), field),
      };
  }
}

function fromText(text: string, field: string): Schedule {
  const bad = () => new ValidationError(field, `${field} ${quote(text)} is not a schedule: use ${TEXT_FORMS}`);
  const toks = text
    .toLowerCase()
    .replace(/[,;]/g, ' ')
    .split(/\s+/)
    .filter((t) => t !== '' && !FILLER.has(t));
  const head = toks.shift();
  if (head === undefined) throw bad();
  let kind: ScheduleKind | undefined = own(KIND_ALIASES, head);
  let weekday: number | undefined;
  if (!kind) {
    weekday = weekdayFromName(head);
    if (weekday === undefined) throw bad();
    kind = 'week';
  }
  const needHour = (rest: string[]): number => {
    if (rest.length === 0) {
      throw new ValidationError(
        `${field}.hour`,
        `${field} ${quote(text)} needs an hour, 0–23: e.g. ${kind === 'day' ? '"daily at 6"' : kind === 'week' ? '"weekly mon 6"' : '"monthly 1 6"'}`,
      );
    }
    return parseHour(rest.join(''), field);
  };
  switch (kind) {
    case 'hour':
      if (toks.length) throw bad();
      return { every: 'hour' };
    case 'day':
      return { every: 'day', hour: needHour(toks) };
    case 'week': {
      if (weekday === undefined) {
        const w = toks.shift();
        if (w === undefined)
          throw new ValidationError(
            `${field}.weekday`,
            `${field} ${quote(text)} needs a weekday and an hour: e.g. "weekly mon 6"`,
          );
        weekday = parseWeekday(w, field);
      }
      return { every: 'week', weekday, hour: needHour(toks) };
    }
    case 'month': {
      const rest = toks.filter((t) => t !== 'day');
      const d = rest.shift();
      if (d === undefined)
        throw new ValidationError(
          `${field}.day`,
          `${field} ${quote(text)} needs a day and an hour: e.g. "monthly 1 6"`,
        );
      return { every: 'month', day: parseDay(d, field), hour: needHour(rest) };
    }
  }
}

/**
 * A schedule from stored JSON, the sidebar or a cell. Empty, null, 'none', 'off' → null (no schedule).
 * Objects: {every: 'hour'|'day'|'week'|'month', hour, weekday, day}. Text: 'hourly', 'daily at 6',
 * 'daily 6pm', 'weekly mon 6', 'every monday at 06:00', 'monthly 31 6', 'monthly on the 1st at 6'.
 * Throws ValidationError naming the field (`schedule.hour 25 is not an hour: use 0–23`).
 */
export function parseSchedule(x: unknown, field = 'schedule'): Schedule | null {
  if (x === undefined || x === null) return null;
  if (typeof x === 'string') {
    boundText(x, field, INPUT_LIMITS.schedule, 'a schedule');
    const s = x.trim();
    if (NONE.has(s.toLowerCase())) return null;
    return fromText(s, field);
  }
  if (typeof x === 'object' && !Array.isArray(x) && !(x instanceof Date))
    return fromObject(x as Record<string, unknown>, field);
  throw new ValidationError(field, `${field} ${quote(x)} is not a schedule: use ${TEXT_FORMS}`);
}

function ordinal(n: number): string {
  const t = n % 100;
  if (t >= 11 && t <= 13) return `${n}th`;
  return `${n}${['th', 'st', 'nd', 'rd'][n % 10] ?? 'th'}`;
}

/** 'Every day at 06:00 (Europe/Berlin)'. */
export function describeSchedule(s: Schedule, tz: string): string {
  if (s.every === 'hour') return `Every hour (${tz})`;
  const at = `at ${String(s.hour).padStart(2, '0')}:00 (${tz})`;
  switch (s.every) {
    case 'day':
      return `Every day ${at}`;
    case 'week':
      return `Every ${WEEKDAYS[s.weekday - 1].label} ${at}`;
    case 'month':
      return `Every month on the ${ordinal(s.day)}${s.day > 28 ? ' (or the last day of shorter months)' : ''} ${at}`;
  }
}

// ---------------------------------------------------------------------------------------------------
// Slots

function mod(a: number, b: number): number {
  return ((a % b) + b) % b;
}

function slotOn(date: LocalDate, hour: number, tz: string, port: TimeZonePort): number {
  return zonedToInstant(date, hour, 0, tz, port);
}

/** The run day of a monthly schedule in the month starting `monthStart`: `day`, or the month's last day. */
function monthlyDate(monthStart: LocalDate, day: number): LocalDate {
  const d = addDays(monthStart, day - 1);
  const end = endOfMonth(monthStart);
  return compareDates(d, end) > 0 ? end : d;
}

function uniq(xs: number[]): number[] {
  return xs.filter((x, i) => xs.indexOf(x) === i);
}

/**
 * Hourly slots are the instants at which the local clock reads HH:00. For each offset in force near the
 * anchor, take the local top of the hour under that offset and keep it if that offset really holds there.
 */
function lastHourSlot(now: number, tz: string, port: TimeZonePort): number {
  const offsets = uniq([0, 1, 2].map((k) => port.offsetMinutes(now - k * HOUR_MS, tz)));
  let best = -Infinity;
  for (const o of offsets) {
    const c = now - mod(now + o * MINUTE_MS, HOUR_MS);
    for (const t of [c, c - HOUR_MS]) {
      if (t <= now && t > best && port.offsetMinutes(t, tz) === o) best = t;
    }
  }
  if (best === -Infinity) throw new Error(`No hourly slot found before ${new Date(now).toISOString()} in ${tz}`);
  return best;
}

function nextHourSlot(after: number, tz: string, port: TimeZonePort): number {
  const offsets = uniq([0, 1, 2].map((k) => port.offsetMinutes(after + k * HOUR_MS, tz)));
  let best = Infinity;
  for (const o of offsets) {
    const c = after - mod(after + o * MINUTE_MS, HOUR_MS) + HOUR_MS;
    for (const t of [c, c + HOUR_MS]) {
      if (t > after && t < best && port.offsetMinutes(t, tz) === o) best = t;
    }
  }
  if (best === Infinity) throw new Error(`No hourly slot found after ${new Date(after).toISOString()} in ${tz}`);
  return best;
}

/** Candidate run days around `anchor`, oldest first: enough to contain the slots either side of it. */
function candidateDays(s: Exclude<Schedule, { every: 'hour' }>, anchor: LocalDate): LocalDate[] {
  switch (s.every) {
    case 'day':
      return [-2, -1, 0, 1, 2].map((k) => addDays(anchor, k));
    case 'week': {
      const thisWeeks = addDays(anchor, -mod(dayOfWeek(anchor) - s.weekday, 7));
      return [-2, -1, 0, 1, 2].map((k) => addDays(thisWeeks, 7 * k));
    }
    case 'month': {
      const sm = startOfMonth(anchor);
      return [-2, -1, 0, 1, 2].map((k) => monthlyDate(addMonths(sm, k), s.day));
    }
  }
}

/** The most recent scheduled instant at or before `nowMs`. */
export function lastSlotAtOrBefore(s: Schedule, nowMs: number, tz: string, port: TimeZonePort): number {
  if (s.every === 'hour') return lastHourSlot(nowMs, tz, port);
  const days = candidateDays(s, localDateOf(nowMs, tz, port));
  for (let i = days.length - 1; i >= 0; i--) {
    const t = slotOn(days[i], s.hour, tz, port);
    if (t <= nowMs) return t;
  }
  throw new Error(`No slot found before ${new Date(nowMs).toISOString()} in ${tz}`);
}

/** The first scheduled instant strictly after `afterMs`. */
export function nextSlotAfter(s: Schedule, afterMs: number, tz: string, port: TimeZonePort): number {
  if (s.every === 'hour') return nextHourSlot(afterMs, tz, port);
  for (const d of candidateDays(s, localDateOf(afterMs, tz, port))) {
    const t = slotOn(d, s.hour, tz, port);
    if (t > afterMs) return t;
  }
  throw new Error(`No slot found after ${new Date(afterMs).toISOString()} in ${tz}`);
}

/**
 * Due iff a slot lies in (max(lastRun, created), now]: a slot missed while nothing ran is caught up once,
 * a slot already served (or from before the schedule existed) is not run again.
 */
export function isDue(
  s: Schedule,
  lastRunMs: number | null,
  nowMs: number,
  createdMs: number,
  tz: string,
  port: TimeZonePort,
): boolean {
  const since = lastRunMs === null ? createdMs : Math.max(lastRunMs, createdMs);
  if (nowMs <= since) return false;
  return lastSlotAtOrBefore(s, nowMs, tz, port) > since;
}
