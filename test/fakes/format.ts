/**
 * Date and number formatting: Java SimpleDateFormat (for Utilities.formatDate) and a subset of
 * Sheets number formats (for Range.getDisplayValues).
 */
import { serviceError } from './util';
import { renderNumber } from './numberFormat';

export interface ZonedParts {
  year: number;
  month: number; // 1-12
  day: number;
  hour: number;
  minute: number;
  second: number;
  ms: number;
  weekday: number; // 0 = Sunday
  offsetMin: number; // local - UTC, minutes
}

const dtfCache = new Map<string, Intl.DateTimeFormat>();
const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
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

/** Fixed offsets such as `GMT+1`, `GMT-05:30`, `UTC`; returns minutes or null. */
function fixedOffset(tz: string): number | null {
  if (tz === 'GMT' || tz === 'UTC' || tz === 'Z') return 0;
  const m = /^(?:GMT|UTC)([+-])(\d{1,2})(?::?(\d\d))?$/.exec(tz);
  if (!m) return null;
  const v = Number(m[2]) * 60 + Number(m[3] ?? 0);
  return m[1] === '-' ? -v : v;
}

function formatter(tz: string): Intl.DateTimeFormat | null {
  let f = dtfCache.get(tz);
  if (f) return f;
  try {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: tz,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
      weekday: 'short',
    });
  } catch {
    return null;
  }
  dtfCache.set(tz, f);
  return f;
}

/** Whether `tz` is a zone this fake understands (IANA name or GMT±hh:mm). */
export function isValidTimeZone(tz: string): boolean {
  return fixedOffset(tz) !== null || formatter(tz) !== null;
}

/** Wall-clock parts of `epoch` in `tz`. Unknown zones fall back to GMT, as Java does. */
export function zonedParts(epoch: number, tz: string): ZonedParts {
  const fixed = fixedOffset(tz);
  const f = fixed === null ? formatter(tz) : null;
  if (fixed !== null || !f) {
    const off = fixed ?? 0;
    const d = new Date(epoch + off * 60000);
    return {
      year: d.getUTCFullYear(),
      month: d.getUTCMonth() + 1,
      day: d.getUTCDate(),
      hour: d.getUTCHours(),
      minute: d.getUTCMinutes(),
      second: d.getUTCSeconds(),
      ms: d.getUTCMilliseconds(),
      weekday: d.getUTCDay(),
      offsetMin: off,
    };
  }
  // Offsets change only at transitions, which fall on quarter hours (UTC) in the tz database:
  // cache the offset per 15-minute bucket and derive the parts from UTC arithmetic (fast).
  const bucket = Math.floor(epoch / 900_000);
  const key = `${tz}|${bucket}`;
  let off = offsetCache.get(key);
  if (off === undefined) {
    off = intlParts(f, bucket * 900_000).offsetMin;
    if (offsetCache.size > 100_000) offsetCache.clear();
    offsetCache.set(key, off);
  }
  const d = new Date(epoch + off * 60000);
  return {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    hour: d.getUTCHours(),
    minute: d.getUTCMinutes(),
    second: d.getUTCSeconds(),
    ms: d.getUTCMilliseconds(),
    weekday: d.getUTCDay(),
    offsetMin: off,
  };
}

const offsetCache = new Map<string, number>();

function intlParts(f: Intl.DateTimeFormat, epoch: number): ZonedParts {
  const p: Record<string, string> = {};
  for (const part of f.formatToParts(new Date(epoch))) p[part.type] = part.value;
  const year = Number(p.year);
  const month = Number(p.month);
  const day = Number(p.day);
  const hour = Number(p.hour) % 24;
  const minute = Number(p.minute);
  const second = Number(p.second);
  const ms = ((epoch % 1000) + 1000) % 1000;
  const wall = Date.UTC(year, month - 1, day, hour, minute, second, ms);
  const weekday = new Date(Date.UTC(year, month - 1, day)).getUTCDay();
  return { year, month, day, hour, minute, second, ms, weekday, offsetMin: Math.round((wall - epoch) / 60000) };
}

/** Epoch ms of a wall-clock time in `tz`. */
export function wallToEpoch(tz: string, y: number, mo: number, d: number, h = 0, mi = 0, s = 0, ms = 0): number {
  const wall = Date.UTC(y, mo - 1, d, h, mi, s, ms);
  let epoch = wall - zonedParts(wall, tz).offsetMin * 60000;
  epoch = wall - zonedParts(epoch, tz).offsetMin * 60000;
  return epoch;
}

function pad(n: number, width: number): string {
  const s = String(Math.abs(n));
  return (n < 0 ? '-' : '') + (s.length >= width ? s : '0'.repeat(width - s.length) + s);
}

function offsetString(min: number, colon: boolean, hoursOnly = false): string {
  const sign = min < 0 ? '-' : '+';
  const a = Math.abs(min);
  const hh = pad(Math.floor(a / 60), 2);
  if (hoursOnly) return sign + hh;
  return sign + hh + (colon ? ':' : '') + pad(a % 60, 2);
}

function isoWeek(p: ZonedParts): number {
  const d = new Date(Date.UTC(p.year, p.month - 1, p.day));
  const dayNum = (p.weekday + 6) % 7; // Monday = 0
  d.setUTCDate(d.getUTCDate() - dayNum + 3);
  const firstThursday = new Date(Date.UTC(d.getUTCFullYear(), 0, 4));
  return (
    1 + Math.round(((d.getTime() - firstThursday.getTime()) / 86400000 - 3 + ((firstThursday.getUTCDay() + 6) % 7)) / 7)
  );
}

function zoneName(epoch: number, tz: string, long: boolean): string {
  const fixed = fixedOffset(tz);
  if (fixed !== null || !formatter(tz))
    return fixed === 0 || fixed === null ? (long ? 'Greenwich Mean Time' : 'GMT') : 'GMT' + offsetString(fixed, true);
  const f = new Intl.DateTimeFormat('en-US', { timeZone: tz, timeZoneName: long ? 'long' : 'short' });
  const part = f.formatToParts(new Date(epoch)).find((x) => x.type === 'timeZoneName');
  return part ? part.value : 'GMT';
}

/** Java SimpleDateFormat, English symbols. */
export function formatJavaDate(epoch: number, tz: string, pattern: string): string {
  const p = zonedParts(epoch, tz);
  let out = '';
  let i = 0;
  while (i < pattern.length) {
    const ch = pattern[i];
    if (ch === "'") {
      if (pattern[i + 1] === "'") {
        out += "'";
        i += 2;
        continue;
      }
      const end = pattern.indexOf("'", i + 1);
      if (end < 0) throw serviceError(`Unterminated quote in pattern: ${pattern}`);
      let lit = '';
      let j = i + 1;
      // '' inside a quoted literal is a single quote
      for (;;) {
        const e = pattern.indexOf("'", j);
        if (e < 0) throw serviceError(`Unterminated quote in pattern: ${pattern}`);
        lit += pattern.slice(j, e);
        if (pattern[e + 1] === "'") {
          lit += "'";
          j = e + 2;
          continue;
        }
        i = e + 1;
        break;
      }
      out += lit;
      continue;
    }
    if (!/[A-Za-z]/.test(ch)) {
      out += ch;
      i++;
      continue;
    }
    let n = 1;
    while (pattern[i + n] === ch) n++;
    i += n;
    switch (ch) {
      case 'G':
        out += p.year > 0 ? 'AD' : 'BC';
        break;
      case 'y':
      case 'Y':
        out += n === 2 ? pad(p.year % 100, 2) : pad(p.year, n);
        break;
      case 'M':
      case 'L':
        out += n >= 4 ? MONTHS[p.month - 1] : n === 3 ? MONTHS[p.month - 1].slice(0, 3) : pad(p.month, n);
        break;
      case 'd':
        out += pad(p.day, n);
        break;
      case 'D': {
        const doy = Math.round((Date.UTC(p.year, p.month - 1, p.day) - Date.UTC(p.year, 0, 1)) / 86400000) + 1;
        out += pad(doy, n);
        break;
      }
      case 'E':
        out += n >= 4 ? WEEKDAYS[p.weekday] : WEEKDAYS[p.weekday].slice(0, 3);
        break;
      case 'u':
        out += pad(p.weekday === 0 ? 7 : p.weekday, n);
        break;
      case 'w':
        out += pad(isoWeek(p), n);
        break;
      case 'a':
        out += p.hour < 12 ? 'AM' : 'PM';
        break;
      case 'H':
        out += pad(p.hour, n);
        break;
      case 'k':
        out += pad(p.hour === 0 ? 24 : p.hour, n);
        break;
      case 'K':
        out += pad(p.hour % 12, n);
        break;
      case 'h':
        out += pad(p.hour % 12 === 0 ? 12 : p.hour % 12, n);
        break;
      case 'm':
        out += pad(p.minute, n);
        break;
      case 's':
        out += pad(p.second, n);
        break;
      case 'S':
        out += pad(p.ms, n);
        break;
      case 'z':
        out += zoneName(epoch, tz, n >= 4);
        break;
      case 'Z':
        out += offsetString(p.offsetMin, false);
        break;
      case 'X':
        if (p.offsetMin === 0) out += 'Z';
        else out += n === 1 ? offsetString(p.offsetMin, false, true) : offsetString(p.offsetMin, n >= 3);
        break;
      default:
        throw serviceError(`Illegal pattern character '${ch}'`);
    }
  }
  return out;
}

// ---------------------------------------------------------------- Sheets number formats

const SHEETS_EPOCH = Date.UTC(1899, 11, 30);

/** Sheets serial number (days since 1899-12-30, wall clock in `tz`) to epoch ms. */
export function serialToEpoch(serial: number, tz: string): number {
  const wall = SHEETS_EPOCH + Math.round(serial * 86400000);
  const d = new Date(wall);
  return wallToEpoch(
    tz,
    d.getUTCFullYear(),
    d.getUTCMonth() + 1,
    d.getUTCDate(),
    d.getUTCHours(),
    d.getUTCMinutes(),
    d.getUTCSeconds(),
    d.getUTCMilliseconds(),
  );
}

export function epochToSerial(epoch: number, tz: string): number {
  const p = zonedParts(epoch, tz);
  return (Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second, p.ms) - SHEETS_EPOCH) / 86400000;
}

export function isDatePattern(fmt: string): boolean {
  const bare = fmt.replace(/"[^"]*"|\\./g, '');
  return /[ydhs]/i.test(bare) || (/m/i.test(bare) && !/[0#]/.test(bare));
}

/** Converts a Sheets date pattern (yyyy-mm-dd hh:mm) to a Java one. */
export function sheetsDateToJava(fmt: string): string {
  const ampm = /am\/pm|a\/p/i.test(fmt);
  const tokens: { t: string; lit: boolean }[] = [];
  let i = 0;
  while (i < fmt.length) {
    const ch = fmt[i];
    if (ch === '"') {
      const e = fmt.indexOf('"', i + 1);
      tokens.push({ t: fmt.slice(i + 1, e < 0 ? undefined : e), lit: true });
      i = e < 0 ? fmt.length : e + 1;
      continue;
    }
    if (/am\/pm/i.test(fmt.slice(i, i + 5))) {
      tokens.push({ t: 'a', lit: false });
      i += 5;
      continue;
    }
    if (/[A-Za-z]/.test(ch)) {
      let n = 1;
      while (fmt[i + n] && fmt[i + n].toLowerCase() === ch.toLowerCase()) n++;
      tokens.push({ t: fmt.slice(i, i + n).toLowerCase(), lit: false });
      i += n;
      continue;
    }
    tokens.push({ t: ch, lit: true });
    i++;
  }
  let out = '';
  let lastTime = false;
  tokens.forEach((tok, idx) => {
    if (tok.lit) {
      out += /[A-Za-z']/.test(tok.t) ? `'${tok.t.replace(/'/g, "''")}'` : tok.t;
      return;
    }
    const t = tok.t;
    const c = t[0];
    let next = '';
    for (let j = idx + 1; j < tokens.length; j++)
      if (!tokens[j].lit) {
        next = tokens[j].t[0];
        break;
      }
    switch (c) {
      case 'y':
        out += t.length <= 2 ? 'yy' : 'yyyy';
        lastTime = false;
        break;
      case 'd':
        out += t.length >= 4 ? 'EEEE' : t.length === 3 ? 'EEE' : t;
        lastTime = false;
        break;
      case 'h':
        out += ampm ? t.replace(/h/g, 'h') : t.replace(/h/g, 'H');
        lastTime = true;
        break;
      case 's':
        out += t;
        lastTime = true;
        break;
      case 'm':
        if (lastTime || next === 's') out += t.length >= 2 ? 'mm' : 'm';
        else out += t.length >= 4 ? 'MMMM' : t.length === 3 ? 'MMM' : t.toUpperCase();
        break;
      case 'a':
        out += 'a';
        break;
      default:
        out += `'${t}'`;
    }
  });
  return out;
}

/** Formats a number with a Sheets number pattern in the spreadsheet's locale (numberFormat.ts). */
export function formatNumber(n: number, fmt: string | undefined, tz: string, locale = 'en_US'): string {
  if (fmt && fmt !== 'General' && fmt !== '@' && isDatePattern(fmt))
    return formatJavaDate(serialToEpoch(n, tz), tz, sheetsDateToJava(fmt));
  return renderNumber(n, fmt, locale);
}
