import { formatJavaDate, zonedParts } from './format';

/** Virtual clock shared by a World: all time inside executions is virtual. */
export class VirtualClock {
  private t: number;
  constructor(startTime: number) {
    this.t = startTime;
  }
  now(): number {
    return this.t;
  }
  /** Moves the clock forward by `ms` (negative values are ignored). */
  advance(ms: number): number {
    if (ms > 0 && Number.isFinite(ms)) this.t += ms;
    return this.t;
  }
  /** Sets the clock (tests only). */
  set(ms: number): void {
    this.t = ms;
  }
}

/** Epoch ms of a wall-clock time (given as UTC-based ms, may overflow) in `tz`. */
function wallToEpochMs(tz: string, wall: number): number {
  let epoch = wall - zonedParts(wall, tz).offsetMin * 60000;
  epoch = wall - zonedParts(epoch, tz).offsetMin * 60000;
  return epoch;
}

/** Strings V8 reads as absolute times (UTC offset given, or date-only ISO forms, which are UTC). */
const ABSOLUTE_DATE_STRING = /(Z|[+-]\d\d:?\d\d|GMT|UTC)\s*(\([^)]*\))?$|^\d{4}(-\d\d(-\d\d)?)?$/i;

/**
 * A `Date` constructor for a script context whose "now" is the virtual clock: `new Date()` and
 * `Date.now()` read `clock`; with arguments it behaves like the real Date. With `timeZone`, local-time
 * behaviour (getHours, new Date(y, m, d), setHours, toString, local date strings, toLocaleString) uses
 * that zone, as Apps Script uses the script time zone; without it, the Node process zone.
 * Instances are real Dates whose prototype inherits from the host Date.prototype, so the fakes accept
 * them; `x instanceof Date` in the script is true for every Date, also those made by the fakes.
 */
export function createVirtualDate(clock: VirtualClock, timeZone?: string): DateConstructor {
  const RealDate = Date;
  const tz = timeZone;
  const proto = Object.create(RealDate.prototype) as Record<string, unknown>;

  const localToEpoch = (y: number, mo: number, d = 1, h = 0, mi = 0, s = 0, ms = 0): number => {
    if (![y, mo, d, h, mi, s, ms].every(Number.isFinite)) return NaN;
    const yy = y >= 0 && y <= 99 ? 1900 + Math.trunc(y) : y;
    const wall = RealDate.UTC(yy, mo, d, h, mi, s, ms);
    return tz ? wallToEpochMs(tz, wall) : new RealDate(yy, mo, d, h, mi, s, ms).getTime();
  };
  const parse = (str: string): number => {
    const t = RealDate.parse(str);
    if (!tz || Number.isNaN(t) || ABSOLUTE_DATE_STRING.test(str.trim())) return t;
    // V8 read it as local time in the process zone: re-read the same wall clock in the script zone.
    const wall = t - new RealDate(t).getTimezoneOffset() * 60000;
    return wallToEpochMs(tz, wall);
  };

  function VirtualDate(this: unknown, ...args: unknown[]): unknown {
    if (!new.target)
      return String(
        (VirtualDate.prototype as { toString(): string }).toString.call(
          Reflect.construct(RealDate, [clock.now()], VirtualDate),
        ),
      );
    let t: number;
    if (args.length === 0) t = clock.now();
    else if (args.length === 1) {
      const a = args[0];
      if (typeof a === 'string') t = parse(a);
      else t = new RealDate(a as number).getTime();
    } else {
      const n = args.map(Number);
      t = localToEpoch(n[0], n[1], n[2] ?? 1, n[3] ?? 0, n[4] ?? 0, n[5] ?? 0, n[6] ?? 0);
    }
    return Reflect.construct(RealDate, [t], new.target);
  }
  VirtualDate.prototype = proto;
  Object.defineProperty(proto, 'constructor', { value: VirtualDate, writable: true, configurable: true });
  Object.defineProperties(VirtualDate, {
    now: { value: () => clock.now(), writable: true, configurable: true },
    parse: { value: (s: unknown) => parse(String(s)), writable: true, configurable: true },
    UTC: { value: RealDate.UTC, writable: true, configurable: true },
    name: { value: 'Date', configurable: true },
    length: { value: 7, configurable: true },
    // Every Date counts (those made by the fakes have the host prototype).
    [Symbol.hasInstance]: {
      value: (x: unknown) => Object.prototype.toString.call(x) === '[object Date]',
      configurable: true,
    },
  });

  if (tz) {
    const time = (d: Date) => RealDate.prototype.getTime.call(d);
    const parts = (d: Date) => zonedParts(time(d), tz);
    const getter = (f: (p: ReturnType<typeof zonedParts>) => number) =>
      function (this: Date) {
        return Number.isNaN(time(this)) ? NaN : f(parts(this));
      };
    const def = (name: string, fn: unknown) =>
      Object.defineProperty(proto, name, { value: fn, writable: true, configurable: true });
    def(
      'getFullYear',
      getter((p) => p.year),
    );
    def(
      'getYear',
      getter((p) => p.year - 1900),
    );
    def(
      'getMonth',
      getter((p) => p.month - 1),
    );
    def(
      'getDate',
      getter((p) => p.day),
    );
    def(
      'getDay',
      getter((p) => p.weekday),
    );
    def(
      'getHours',
      getter((p) => p.hour),
    );
    def(
      'getMinutes',
      getter((p) => p.minute),
    );
    def(
      'getSeconds',
      getter((p) => p.second),
    );
    def(
      'getMilliseconds',
      getter((p) => p.ms),
    );
    def(
      'getTimezoneOffset',
      getter((p) => -p.offsetMin),
    );
    // setters: (index of the first field they set, number of optional fields)
    const setter = (first: number, max: number) =>
      function (this: Date, ...vals: unknown[]) {
        const cur = time(this);
        const p = Number.isNaN(cur) ? (first === 0 ? zonedParts(0, tz) : null) : zonedParts(cur, tz);
        if (!p) return NaN;
        const f = [p.year, p.month - 1, p.day, p.hour, p.minute, p.second, p.ms];
        const n = Math.min(Math.max(vals.length, 1), max);
        for (let i = 0; i < n; i++) f[first + i] = Number(vals[i]);
        const t = localToEpoch(f[0], f[1], f[2], f[3], f[4], f[5], f[6]);
        return RealDate.prototype.setTime.call(this, t);
      };
    def('setFullYear', setter(0, 3));
    def('setMonth', setter(1, 2));
    def('setDate', setter(2, 1));
    def('setHours', setter(3, 4));
    def('setMinutes', setter(4, 3));
    def('setSeconds', setter(5, 2));
    def('setMilliseconds', setter(6, 1));
    const fmt = (pattern: string) =>
      function (this: Date) {
        return Number.isNaN(time(this)) ? 'Invalid Date' : formatJavaDate(time(this), tz, pattern);
      };
    def('toString', fmt("EEE MMM dd yyyy HH:mm:ss 'GMT'Z (zzzz)"));
    def('toDateString', fmt('EEE MMM dd yyyy'));
    def('toTimeString', fmt("HH:mm:ss 'GMT'Z (zzzz)"));
    const locale = (name: 'toLocaleString' | 'toLocaleDateString' | 'toLocaleTimeString') =>
      function (this: Date, locales?: string | string[], options?: Intl.DateTimeFormatOptions) {
        return RealDate.prototype[name].call(this, locales, { timeZone: tz, ...(options ?? {}) });
      };
    def('toLocaleString', locale('toLocaleString'));
    def('toLocaleDateString', locale('toLocaleDateString'));
    def('toLocaleTimeString', locale('toLocaleTimeString'));
  }
  return VirtualDate as unknown as DateConstructor;
}
