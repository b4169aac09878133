import { localPartsOf, zonedToInstant } from './dates/zones';
import { ValidationError } from './errors';
import { SCHEDULE_KINDS, WEEKDAYS } from '../catalog/schedules';
import { describeSchedule, isDue, lastSlotAtOrBefore, nextSlotAfter, parseSchedule, type Schedule } from './schedule';
import { intlTimeZonePort as port } from './timezoneIntl';

const Z = (iso: string) => Date.parse(iso);
const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');
const H = 3_600_000;

import { thrown as thrownOf } from '../../test/harness/testUtils';
const thrown = (fn: () => unknown): ValidationError => thrownOf(fn, ValidationError);

const last = (s: Schedule, now: string, tz: string) => iso(lastSlotAtOrBefore(s, Z(now), tz, port));
const next = (s: Schedule, after: string, tz: string) => iso(nextSlotAfter(s, Z(after), tz, port));

/** All slots in [fromMs, toMs). */
function slotsBetween(s: Schedule, fromMs: number, toMs: number, tz: string): number[] {
  const out: number[] = [];
  for (let t = nextSlotAfter(s, fromMs - 1, tz, port); t < toMs; t = nextSlotAfter(s, t, tz, port)) out.push(t);
  return out;
}

describe('registries', () => {
  test('kinds and weekdays', () => {
    expect(SCHEDULE_KINDS.map((k) => k.id)).toEqual(['hour', 'day', 'week', 'month']);
    for (const k of SCHEDULE_KINDS) expect(k.label && k.help).toBeTruthy();
    expect(WEEKDAYS.map((w) => w.value)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(WEEKDAYS[0].label).toBe('Monday');
    expect(WEEKDAYS[6].short).toBe('Sun');
  });
});

describe('parseSchedule', () => {
  test('nothing means no schedule', () => {
    for (const v of [null, undefined, '', '  ', 'none', 'None', 'off', 'never']) expect(parseSchedule(v)).toBeNull();
  });

  test('objects', () => {
    expect(parseSchedule({ every: 'hour' })).toEqual({ every: 'hour' });
    expect(parseSchedule({ every: 'hour', hour: 5 })).toEqual({ every: 'hour' });
    expect(parseSchedule({ every: 'day', hour: 6 })).toEqual({ every: 'day', hour: 6 });
    expect(parseSchedule({ every: 'Daily', hour: '0' })).toEqual({ every: 'day', hour: 0 });
    expect(parseSchedule({ every: 'week', weekday: 1, hour: 23 })).toEqual({ every: 'week', weekday: 1, hour: 23 });
    expect(parseSchedule({ every: 'week', weekday: 'sunday', hour: 6 })).toEqual({
      every: 'week',
      weekday: 7,
      hour: 6,
    });
    expect(parseSchedule({ every: 'month', day: 31, hour: 6 })).toEqual({ every: 'month', day: 31, hour: 6 });
  });

  test('text', () => {
    const cases: Array<[string, Schedule]> = [
      ['hourly', { every: 'hour' }],
      ['Every hour', { every: 'hour' }],
      ['daily at 6', { every: 'day', hour: 6 }],
      ['daily 06:00', { every: 'day', hour: 6 }],
      ['Daily at 6 PM', { every: 'day', hour: 18 }],
      ['daily at 12am', { every: 'day', hour: 0 }],
      ['daily at noon', { every: 'day', hour: 12 }],
      ['every day at 23', { every: 'day', hour: 23 }],
      ['weekly mon 6', { every: 'week', weekday: 1, hour: 6 }],
      ['weekly on Sunday at 23:00', { every: 'week', weekday: 7, hour: 23 }],
      ['every monday at 6', { every: 'week', weekday: 1, hour: 6 }],
      ['Thursdays 9am', { every: 'week', weekday: 4, hour: 9 }],
      ['weekly tues 7', { every: 'week', weekday: 2, hour: 7 }],
      ['monthly 31 6', { every: 'month', day: 31, hour: 6 }],
      ['monthly on the 1st at 6', { every: 'month', day: 1, hour: 6 }],
      ['monthly on day 15 at 0', { every: 'month', day: 15, hour: 0 }],
      ['monthly last 22', { every: 'month', day: 31, hour: 22 }],
    ];
    for (const [text, expected] of cases) expect([text, parseSchedule(text)]).toEqual([text, expected]);
  });

  test('errors name the field and say what is allowed', () => {
    const cases: Array<[unknown, string, string]> = [
      [{ every: 'day', hour: 25 }, 'schedule.hour', 'schedule.hour 25 is not an hour: use 0–23'],
      ['daily at 25', 'schedule.hour', 'schedule.hour 25 is not an hour: use 0–23'],
      [{ every: 'day', hour: -1 }, 'schedule.hour', 'schedule.hour -1 is not an hour: use 0–23'],
      [{ every: 'day', hour: 6.5 }, 'schedule.hour', 'schedule.hour 6.5 is not an hour: use 0–23'],
      [{ every: 'day', hour: 'six' }, 'schedule.hour', 'schedule.hour "six" is not an hour: use 0–23'],
      ['daily at 13pm', 'schedule.hour', 'schedule.hour "13pm" is not an hour: use 0–23'],
      ['daily at 6:30', 'schedule.hour', 'schedule.hour "6:30" is not on the hour: schedules run at whole hours, 0–23'],
      [{ every: 'day' }, 'schedule.hour', 'schedule.hour is required for every "day": use 0–23'],
      ['daily', 'schedule.hour', 'schedule "daily" needs an hour, 0–23: e.g. "daily at 6"'],
      [
        { every: 'week', weekday: 0, hour: 6 },
        'schedule.weekday',
        'schedule.weekday 0 is not a weekday: use 1 (Monday) to 7 (Sunday) or a name such as "mon"',
      ],
      [
        'weekly funday 6',
        'schedule.weekday',
        'schedule.weekday "funday" is not a weekday: use 1 (Monday) to 7 (Sunday) or a name such as "mon"',
      ],
      ['weekly', 'schedule.weekday', 'schedule "weekly" needs a weekday and an hour: e.g. "weekly mon 6"'],
      [
        { every: 'month', day: 32, hour: 6 },
        'schedule.day',
        "schedule.day 32 is not a day of the month: use 1–31 (past a month's end it runs on the last day)",
      ],
      [
        'monthly 0 6',
        'schedule.day',
        "schedule.day 0 is not a day of the month: use 1–31 (past a month's end it runs on the last day)",
      ],
      [{ every: 'month', hour: 6 }, 'schedule.day', 'schedule.day is required for every "month": use 1–31'],
      [{ every: 'fortnight' }, 'schedule.every', 'schedule.every "fortnight" is not one of: hour, day, week, month'],
      [{}, 'schedule.every', 'schedule.every is required: use hour, day, week, month'],
      [
        'sometimes',
        'schedule',
        'schedule "sometimes" is not a schedule: use "hourly", "daily at 6", "weekly mon 6", "monthly 1 6" or "none"',
      ],
      [
        'hourly at 5',
        'schedule',
        'schedule "hourly at 5" is not a schedule: use "hourly", "daily at 6", "weekly mon 6", "monthly 1 6" or "none"',
      ],
      [
        42,
        'schedule',
        'schedule 42 is not a schedule: use "hourly", "daily at 6", "weekly mon 6", "monthly 1 6" or "none"',
      ],
    ];
    for (const [value, field, message] of cases) {
      const e = thrown(() => parseSchedule(value));
      expect([value, e.field, e.message]).toEqual([value, field, message]);
    }
    expect(thrown(() => parseSchedule({ every: 'day', hour: 24 }, 'refresh')).message).toBe(
      'refresh.hour 24 is not an hour: use 0–23',
    );
  });
});

describe('describeSchedule', () => {
  test('wording', () => {
    expect(describeSchedule({ every: 'hour' }, 'UTC')).toBe('Every hour (UTC)');
    expect(describeSchedule({ every: 'day', hour: 6 }, 'Europe/Berlin')).toBe('Every day at 06:00 (Europe/Berlin)');
    expect(describeSchedule({ every: 'week', weekday: 1, hour: 18 }, 'America/New_York')).toBe(
      'Every Monday at 18:00 (America/New_York)',
    );
    expect(describeSchedule({ every: 'month', day: 1, hour: 0 }, 'Asia/Kolkata')).toBe(
      'Every month on the 1st at 00:00 (Asia/Kolkata)',
    );
    expect(describeSchedule({ every: 'month', day: 22, hour: 7 }, 'UTC')).toBe(
      'Every month on the 22nd at 07:00 (UTC)',
    );
    expect(describeSchedule({ every: 'month', day: 13, hour: 7 }, 'UTC')).toBe(
      'Every month on the 13th at 07:00 (UTC)',
    );
    expect(describeSchedule({ every: 'month', day: 31, hour: 6 }, 'Australia/Sydney')).toBe(
      'Every month on the 31st (or the last day of shorter months) at 06:00 (Australia/Sydney)',
    );
  });
});

describe('daily slots', () => {
  const daily6: Schedule = { every: 'day', hour: 6 };
  const daily2: Schedule = { every: 'day', hour: 2 };

  test('ordinary days, including the exact slot instant', () => {
    expect(last(daily6, '2024-03-15T10:00Z', 'Europe/Berlin')).toBe('2024-03-15T05:00:00Z');
    expect(last(daily6, '2024-03-15T05:00Z', 'Europe/Berlin')).toBe('2024-03-15T05:00:00Z');
    expect(last(daily6, '2024-03-15T04:59:59Z', 'Europe/Berlin')).toBe('2024-03-14T05:00:00Z');
    expect(next(daily6, '2024-03-15T05:00Z', 'Europe/Berlin')).toBe('2024-03-16T05:00:00Z');
    expect(next(daily6, '2024-03-15T04:59Z', 'Europe/Berlin')).toBe('2024-03-15T05:00:00Z');
    expect(last(daily6, '2024-03-15T10:00Z', 'Asia/Kolkata')).toBe('2024-03-15T00:30:00Z');
    expect(last(daily6, '2024-03-15T00:29Z', 'Asia/Kolkata')).toBe('2024-03-14T00:30:00Z');
    expect(last({ every: 'day', hour: 0 }, '2024-03-14T18:30Z', 'Asia/Kolkata')).toBe('2024-03-14T18:30:00Z');
    expect(last(daily6, '2024-07-01T12:00Z', 'Australia/Sydney')).toBe('2024-06-30T20:00:00Z');
  });

  test('the slot follows the clock across a DST change', () => {
    // Berlin: 06:00 CET = 05:00Z before, 06:00 CEST = 04:00Z after 2024-03-31.
    expect(slotsBetween(daily6, Z('2024-03-29T00:00Z'), Z('2024-04-02T00:00Z'), 'Europe/Berlin').map(iso)).toEqual([
      '2024-03-29T05:00:00Z',
      '2024-03-30T05:00:00Z',
      '2024-03-31T04:00:00Z',
      '2024-04-01T04:00:00Z',
    ]);
    expect(slotsBetween(daily6, Z('2024-11-02T00:00Z'), Z('2024-11-05T00:00Z'), 'America/New_York').map(iso)).toEqual([
      '2024-11-02T10:00:00Z',
      '2024-11-03T11:00:00Z',
      '2024-11-04T11:00:00Z',
    ]);
    expect(slotsBetween(daily6, Z('2024-10-04T00:00Z'), Z('2024-10-07T00:00Z'), 'Australia/Sydney').map(iso)).toEqual([
      '2024-10-04T20:00:00Z',
      '2024-10-05T19:00:00Z',
      '2024-10-06T19:00:00Z',
    ]);
  });

  test('spring forward: a skipped hour runs at the first instant after the gap', () => {
    // Berlin 2024-03-31: 02:00 CET → 03:00 CEST at 01:00Z.
    expect(next(daily2, '2024-03-30T12:00Z', 'Europe/Berlin')).toBe('2024-03-31T01:00:00Z');
    expect(last(daily2, '2024-03-31T01:30Z', 'Europe/Berlin')).toBe('2024-03-31T01:00:00Z');
    expect(last(daily2, '2024-03-31T00:59Z', 'Europe/Berlin')).toBe('2024-03-30T01:00:00Z');
    expect(next(daily2, '2024-03-31T01:00Z', 'Europe/Berlin')).toBe('2024-04-01T00:00:00Z');
    // New York 2024-03-10: 02:00 EST → 03:00 EDT at 07:00Z.
    expect(next(daily2, '2024-03-09T12:00Z', 'America/New_York')).toBe('2024-03-10T07:00:00Z');
    expect(last(daily2, '2024-03-10T08:00Z', 'America/New_York')).toBe('2024-03-10T07:00:00Z');
    // Sydney 2024-10-06: 02:00 AEST → 03:00 AEDT at 16:00Z on the 5th.
    expect(next(daily2, '2024-10-05T00:00Z', 'Australia/Sydney')).toBe('2024-10-05T16:00:00Z');
    expect(last(daily2, '2024-10-05T20:00Z', 'Australia/Sydney')).toBe('2024-10-05T16:00:00Z');
  });

  test('fall back: a repeated hour runs once, at the earlier instance', () => {
    // Berlin 2024-10-27: 02:00–02:59 happens at 00:00Z (CEST) and 01:00Z (CET).
    expect(next(daily2, '2024-10-26T12:00Z', 'Europe/Berlin')).toBe('2024-10-27T00:00:00Z');
    expect(last(daily2, '2024-10-27T01:30Z', 'Europe/Berlin')).toBe('2024-10-27T00:00:00Z');
    expect(next(daily2, '2024-10-27T00:00Z', 'Europe/Berlin')).toBe('2024-10-28T01:00:00Z');
    const s1: Schedule = { every: 'day', hour: 1 };
    // New York 2024-11-03: 01:00–01:59 at 05:00Z (EDT) and 06:00Z (EST).
    expect(last(s1, '2024-11-03T06:30Z', 'America/New_York')).toBe('2024-11-03T05:00:00Z');
    expect(next(s1, '2024-11-03T05:00Z', 'America/New_York')).toBe('2024-11-04T06:00:00Z');
    // Sydney 2024-04-07: 02:00–02:59 at 15:00Z (AEDT) and 16:00Z (AEST) on the 6th.
    expect(last(daily2, '2024-04-06T16:30Z', 'Australia/Sydney')).toBe('2024-04-06T15:00:00Z');
    // Never twice: run at the first instance, checked again during the second.
    expect(isDue(daily2, Z('2024-10-27T00:00:30Z'), Z('2024-10-27T01:10Z'), 0, 'Europe/Berlin', port)).toBe(false);
    expect(isDue(s1, Z('2024-11-03T05:01Z'), Z('2024-11-03T06:05Z'), 0, 'America/New_York', port)).toBe(false);
    expect(isDue(daily2, Z('2024-04-06T15:00Z'), Z('2024-04-06T16:05Z'), 0, 'Australia/Sydney', port)).toBe(false);
  });
});

describe('weekly and monthly slots', () => {
  test('weekly, across a DST change and a year end', () => {
    const mon6: Schedule = { every: 'week', weekday: 1, hour: 6 };
    // Sunday 2024-03-10 in New York (the DST day) → the previous Monday, EST.
    expect(last(mon6, '2024-03-10T12:00Z', 'America/New_York')).toBe('2024-03-04T11:00:00Z');
    expect(next(mon6, '2024-03-10T12:00Z', 'America/New_York')).toBe('2024-03-11T10:00:00Z');
    expect(last(mon6, '2024-03-11T10:00Z', 'America/New_York')).toBe('2024-03-11T10:00:00Z');
    const wed0: Schedule = { every: 'week', weekday: 3, hour: 0 };
    expect(last(wed0, '2024-12-31T20:00Z', 'Europe/Berlin')).toBe('2024-12-24T23:00:00Z');
    expect(next(wed0, '2024-12-31T20:00Z', 'Europe/Berlin')).toBe('2024-12-31T23:00:00Z');
    const sun23: Schedule = { every: 'week', weekday: 7, hour: 23 };
    expect(slotsBetween(sun23, Z('2024-03-20T00:00Z'), Z('2024-04-10T00:00Z'), 'Australia/Sydney').map(iso)).toEqual([
      '2024-03-24T12:00:00Z',
      '2024-03-31T12:00:00Z',
      '2024-04-07T13:00:00Z',
    ]);
  });

  test('monthly day 31 runs on the last day of shorter months', () => {
    const m31: Schedule = { every: 'month', day: 31, hour: 6 };
    expect(slotsBetween(m31, Z('2024-01-01T00:00Z'), Z('2024-07-01T00:00Z'), 'Europe/Berlin').map(iso)).toEqual([
      '2024-01-31T05:00:00Z',
      '2024-02-29T05:00:00Z',
      '2024-03-31T04:00:00Z',
      '2024-04-30T04:00:00Z',
      '2024-05-31T04:00:00Z',
      '2024-06-30T04:00:00Z',
    ]);
    expect(next(m31, '2023-01-31T05:00Z', 'Europe/Berlin')).toBe('2023-02-28T05:00:00Z');
    expect(last(m31, '2024-03-15T00:00Z', 'Europe/Berlin')).toBe('2024-02-29T05:00:00Z');
    expect(last(m31, '2024-03-31T03:59Z', 'Europe/Berlin')).toBe('2024-02-29T05:00:00Z');
    expect(last(m31, '2024-03-31T04:00Z', 'Europe/Berlin')).toBe('2024-03-31T04:00:00Z');
    // Sydney, month end in the local zone is the previous UTC day.
    expect(last(m31, '2024-03-01T00:00Z', 'Australia/Sydney')).toBe('2024-02-28T19:00:00Z');
    expect(next({ every: 'month', day: 30, hour: 0 }, '2024-01-30T00:00Z', 'America/New_York')).toBe(
      '2024-01-30T05:00:00Z',
    );
    expect(next({ every: 'month', day: 30, hour: 0 }, '2024-01-30T05:00Z', 'America/New_York')).toBe(
      '2024-02-29T05:00:00Z',
    );
    expect(next({ every: 'month', day: 1, hour: 0 }, '2024-12-15T00:00Z', 'Asia/Kolkata')).toBe('2024-12-31T18:30:00Z');
  });

  test('monthly on a DST day in the gap', () => {
    const m31at2: Schedule = { every: 'month', day: 31, hour: 2 };
    expect(next(m31at2, '2024-03-01T00:00Z', 'Europe/Berlin')).toBe('2024-03-31T01:00:00Z');
  });
});

describe('hourly slots', () => {
  const hourly: Schedule = { every: 'hour' };
  const dayBounds = (tz: string, date: string, nextDate: string): [number, number] => [
    zonedToInstant(date, 0, 0, tz, port),
    zonedToInstant(nextDate, 0, 0, tz, port),
  ];

  const days: Array<[string, string, string, number]> = [
    ['Europe/Berlin', '2024-03-31', '2024-04-01', 23],
    ['Europe/Berlin', '2024-10-27', '2024-10-28', 25],
    ['Europe/Berlin', '2024-03-15', '2024-03-16', 24],
    ['America/New_York', '2024-03-10', '2024-03-11', 23],
    ['America/New_York', '2024-11-03', '2024-11-04', 25],
    ['Australia/Sydney', '2024-10-06', '2024-10-07', 23],
    ['Australia/Sydney', '2024-04-07', '2024-04-08', 25],
    ['Asia/Kolkata', '2024-03-15', '2024-03-16', 24],
  ];
  test.each(days)('%s %s has %d… hourly runs', (tz, date, nextDate, count) => {
    const [from, to] = dayBounds(tz, date, nextDate);
    const slots = slotsBetween(hourly, from, to, tz);
    expect(slots.length).toBe(count);
    expect(slots[0]).toBe(from);
    slots.forEach((t, i) => {
      expect(localPartsOf(t, tz, port).minute).toBe(0);
      if (i > 0) expect(t - slots[i - 1]).toBe(H);
      expect(lastSlotAtOrBefore(hourly, t, tz, port)).toBe(t);
      expect(lastSlotAtOrBefore(hourly, t + H - 1, tz, port)).toBe(t);
      if (i > 0) expect(lastSlotAtOrBefore(hourly, t - 1, tz, port)).toBe(slots[i - 1]);
    });
  });

  test('half-hour zones and the repeated hour', () => {
    expect(last(hourly, '2024-03-15T10:00Z', 'Asia/Kolkata')).toBe('2024-03-15T09:30:00Z');
    expect(next(hourly, '2024-03-15T10:00Z', 'Asia/Kolkata')).toBe('2024-03-15T10:30:00Z');
    expect(last(hourly, '2024-10-27T01:30Z', 'Europe/Berlin')).toBe('2024-10-27T01:00:00Z'); // 02:00 CET
    expect(last(hourly, '2024-10-27T00:30Z', 'Europe/Berlin')).toBe('2024-10-27T00:00:00Z'); // 02:00 CEST
    expect(last(hourly, '2024-03-31T01:10Z', 'Europe/Berlin')).toBe('2024-03-31T01:00:00Z'); // 03:00 CEST
    expect(next(hourly, '2024-03-31T00:00Z', 'Europe/Berlin')).toBe('2024-03-31T01:00:00Z'); // 01:00 → 03:00 local
    // Lord Howe's 30-minute shift: 01:00 +10:30, then the clock jumps 02:00 → 02:30, so the next top of hour is 03:00 +11.
    expect(next(hourly, '2024-10-05T14:30Z', 'Australia/Lord_Howe')).toBe('2024-10-05T16:00:00Z');
    expect(last(hourly, '2024-10-05T15:59Z', 'Australia/Lord_Howe')).toBe('2024-10-05T14:30:00Z');
  });
});

describe('isDue', () => {
  const daily6: Schedule = { every: 'day', hour: 6 };
  const tz = 'Europe/Berlin';
  const due = (lastRun: string | null, now: string, created: string) =>
    isDue(daily6, lastRun === null ? null : Z(lastRun), Z(now), Z(created), tz, port);

  test('due iff a slot lies in (max(lastRun, created), now]', () => {
    expect(due(null, '2024-03-15T10:00Z', '2024-03-15T04:00Z')).toBe(true);
    expect(due(null, '2024-03-15T05:00Z', '2024-03-15T04:00Z')).toBe(true);
    expect(due(null, '2024-03-15T04:59Z', '2024-03-15T04:00Z')).toBe(false);
    expect(due(null, '2024-03-15T10:00Z', '2024-03-15T05:30Z')).toBe(false); // created after today's slot
    expect(due(null, '2024-03-15T10:00Z', '2024-03-15T05:00Z')).toBe(false); // created at the slot
    expect(due('2024-03-15T05:01Z', '2024-03-15T10:00Z', '2024-03-01T00:00Z')).toBe(false);
    expect(due('2024-03-15T05:01Z', '2024-03-16T05:00Z', '2024-03-01T00:00Z')).toBe(true);
    expect(due('2024-03-10T05:01Z', '2024-03-15T10:00Z', '2024-03-01T00:00Z')).toBe(true); // missed slots: caught up once
    expect(due('2024-03-15T05:01Z', '2024-03-15T05:00Z', '2024-03-01T00:00Z')).toBe(false); // clock skew
    expect(due(null, '2024-03-15T10:00Z', '2024-03-20T00:00Z')).toBe(false); // created in the future
  });

  test('hourly: due once per real hour across a 25-hour day', () => {
    const hourly: Schedule = { every: 'hour' };
    const from = zonedToInstant('2024-10-27', 0, 0, tz, port);
    const to = zonedToInstant('2024-10-28', 0, 0, tz, port);
    let lastRun: number | null = null;
    let runs = 0;
    for (let now = from; now < to; now += 10 * 60_000) {
      // a trigger every 10 minutes
      if (isDue(hourly, lastRun, now, from - 1, tz, port)) {
        runs++;
        lastRun = now;
      }
    }
    expect(runs).toBe(25);
  });

  test('daily at the repeated hour runs once on the fall-back day', () => {
    for (const [tz2, date, hour] of [
      ['Europe/Berlin', '2024-10-27', 2],
      ['America/New_York', '2024-11-03', 1],
      ['Australia/Sydney', '2024-04-07', 2],
    ] as const) {
      const s: Schedule = { every: 'day', hour };
      const from = zonedToInstant(date, 0, 0, tz2, port);
      let lastRun: number | null = null;
      let runs = 0;
      for (let now = from; now < from + 24 * H; now += 5 * 60_000) {
        if (isDue(s, lastRun, now, from - 1, tz2, port)) {
          runs++;
          lastRun = now;
        }
      }
      expect([tz2, runs]).toEqual([tz2, 1]);
    }
  });

  test('daily at the skipped hour still runs on the spring-forward day', () => {
    for (const [tz2, date] of [
      ['Europe/Berlin', '2024-03-31'],
      ['America/New_York', '2024-03-10'],
      ['Australia/Sydney', '2024-10-06'],
    ] as const) {
      const s: Schedule = { every: 'day', hour: 2 };
      const from = zonedToInstant(date, 0, 0, tz2, port);
      let runs = 0;
      let lastRun: number | null = null;
      for (let now = from; now < from + 23 * H; now += 5 * 60_000) {
        if (isDue(s, lastRun, now, from - 1, tz2, port)) {
          runs++;
          lastRun = now;
          expect(localPartsOf(now, tz2, port).hour).toBe(3);
        }
      }
      expect([tz2, runs]).toEqual([tz2, 1]);
    }
  });
});
