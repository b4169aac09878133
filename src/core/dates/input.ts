/**
 * Dates as users give them (date cells, text, serial numbers, presets) → a checked range; every refusal
 * names the field.
 */
import { ValidationError, quote } from '../errors';
import { INPUT_LIMITS, boundText } from '../limits';
import { closest } from '../suggest';
import type { TimeZonePort } from '../timezone';
import { COMPARE_PRESET_IDS, DATE_PRESET_IDS } from '../../catalog/datePresets';
import { PRESET_ALIASES, normalisePresetName, resolvePreset } from './presets';
import { type DateRange, type LocalDate, compareDates, fmt, fromEpochDay, isLocalDate } from './calendar';
import { localDateOf } from './zones';
import { resolveCompare } from './compare';

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
    const c = closest(normalisePresetName(value), [...DATE_PRESET_IDS, ...Object.keys(PRESET_ALIASES)]);
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
