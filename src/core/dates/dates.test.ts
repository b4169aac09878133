import { COMPARE_PRESETS, DATE_PRESETS, DATE_PRESET_IDS } from '../../catalog/datePresets';
import {
  addDays,
  addMonths,
  addYears,
  compareDates,
  dayOfWeek,
  daysInclusive,
  diffDays,
  endOfMonth,
  endOfQuarter,
  endOfYear,
  fromEpochDay,
  isLocalDate,
  isWholeMonths,
  startOfMonth,
  startOfQuarter,
  startOfWeek,
  startOfYear,
  toEpochDay,
} from './calendar';
import { resolveCompare } from './compare';
import { parseDateInput, resolveCompareInput, resolveRange, type DateContext } from './input';
import { isDatePresetName, resolvePreset } from './presets';
import { localDateOf, localPartsOf, utcOffsetFromZ, zonedToInstant } from './zones';
import { ValidationError } from '../errors';
import { intlTimeZonePort as port } from '../timezoneIntl';

const Z = (iso: string) => Date.parse(iso);
const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');

import { thrown as thrownOf } from '../../../test/harness/testUtils';
const thrown = (fn: () => unknown): ValidationError => thrownOf(fn, ValidationError);

describe('calendar arithmetic', () => {
  test('isLocalDate knows real days and leap years', () => {
    for (const d of ['2024-02-29', '2000-02-29', '2023-12-31', '1999-01-01', '2024-04-30'])
      expect(isLocalDate(d)).toBe(true);
    for (const d of [
      '2023-02-29',
      '1900-02-29',
      '2100-02-29',
      '2024-13-01',
      '2024-00-10',
      '2024-04-31',
      '2024-1-01',
      '24-01-01',
      '2024-01-01T00:00',
      '',
      20240101,
      null,
      new Date(),
    ]) {
      expect(isLocalDate(d)).toBe(false);
    }
  });

  test('epoch days agree with Date.UTC over many centuries', () => {
    for (let k = -600000; k <= 600000; k += 997) {
      const expected = new Date(k * 86400000).toISOString().slice(0, 10);
      expect(fromEpochDay(k)).toBe(expected);
      expect(toEpochDay(expected)).toBe(k);
    }
    expect(toEpochDay('1970-01-01')).toBe(0);
    expect(fromEpochDay(-1)).toBe('1969-12-31');
  });

  test('addDays across month, year and leap days', () => {
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2023-02-28', 1)).toBe('2023-03-01');
    expect(addDays('2024-12-31', 1)).toBe('2025-01-01');
    expect(addDays('2025-01-01', -1)).toBe('2024-12-31');
    expect(addDays('2024-01-01', 366)).toBe('2025-01-01');
    expect(addDays('2024-03-15', 0)).toBe('2024-03-15');
  });

  test('addMonths clamps to the month end', () => {
    expect(addMonths('2024-01-31', 1)).toBe('2024-02-29');
    expect(addMonths('2023-01-31', 1)).toBe('2023-02-28');
    expect(addMonths('2024-03-31', -1)).toBe('2024-02-29');
    expect(addMonths('2024-05-31', 1)).toBe('2024-06-30');
    expect(addMonths('2024-01-15', -13)).toBe('2022-12-15');
    expect(addMonths('2024-11-30', 2)).toBe('2025-01-30');
    expect(addMonths('2024-12-01', 1)).toBe('2025-01-01');
    expect(addMonths('2024-01-01', -1)).toBe('2023-12-01');
  });

  test('addYears moves Feb 29 to Feb 28', () => {
    expect(addYears('2024-02-29', 1)).toBe('2025-02-28');
    expect(addYears('2024-02-29', -1)).toBe('2023-02-28');
    expect(addYears('2024-02-29', 4)).toBe('2028-02-29');
    expect(addYears('2023-03-01', 1)).toBe('2024-03-01');
  });

  test('diffDays, compareDates, daysInclusive', () => {
    expect(diffDays('2024-01-01', '2024-01-31')).toBe(30);
    expect(diffDays('2024-03-01', '2024-02-01')).toBe(-29);
    expect(diffDays('2023-03-01', '2024-03-01')).toBe(366);
    expect(compareDates('2024-01-02', '2024-01-10')).toBe(-1);
    expect(compareDates('2024-01-10', '2024-01-02')).toBe(1);
    expect(compareDates('2024-01-10', '2024-01-10')).toBe(0);
    expect(daysInclusive(['2024-01-01', '2024-01-31'])).toBe(31);
    expect(daysInclusive(['2024-02-01', '2024-02-29'])).toBe(29);
    expect(daysInclusive(['2024-01-01', '2024-12-31'])).toBe(366);
    expect(daysInclusive(['2024-05-05', '2024-05-05'])).toBe(1);
  });

  test('dayOfWeek is ISO (1 = Monday … 7 = Sunday)', () => {
    expect(dayOfWeek('2024-01-01')).toBe(1);
    expect(dayOfWeek('2024-03-31')).toBe(7);
    expect(dayOfWeek('2000-01-01')).toBe(6);
    expect(dayOfWeek('1970-01-01')).toBe(4);
    expect(dayOfWeek('1969-12-29')).toBe(1);
    expect(dayOfWeek('2024-02-29')).toBe(4);
  });

  test('startOfWeek is the Monday on or before, across months and years', () => {
    expect(startOfWeek('2024-01-01')).toBe('2024-01-01');
    expect(startOfWeek('2024-03-03')).toBe('2024-02-26');
    expect(startOfWeek('2025-01-01')).toBe('2024-12-30');
    expect(startOfWeek('2025-01-05')).toBe('2024-12-30');
    expect(startOfWeek('2024-03-01')).toBe('2024-02-26');
  });

  test('month, quarter and year bounds', () => {
    expect(startOfMonth('2024-02-17')).toBe('2024-02-01');
    expect(endOfMonth('2024-02-17')).toBe('2024-02-29');
    expect(endOfMonth('2023-02-01')).toBe('2023-02-28');
    expect(endOfMonth('2024-04-30')).toBe('2024-04-30');
    expect(endOfMonth('2024-12-05')).toBe('2024-12-31');
    expect(startOfQuarter('2024-02-29')).toBe('2024-01-01');
    expect(startOfQuarter('2024-06-30')).toBe('2024-04-01');
    expect(startOfQuarter('2024-07-01')).toBe('2024-07-01');
    expect(startOfQuarter('2024-12-31')).toBe('2024-10-01');
    expect(endOfQuarter('2024-01-15')).toBe('2024-03-31');
    expect(endOfQuarter('2024-05-01')).toBe('2024-06-30');
    expect(endOfQuarter('2024-08-31')).toBe('2024-09-30');
    expect(endOfQuarter('2024-10-01')).toBe('2024-12-31');
    expect(startOfYear('2024-07-04')).toBe('2024-01-01');
    expect(endOfYear('2024-07-04')).toBe('2024-12-31');
  });

  test('isWholeMonths', () => {
    expect(isWholeMonths(['2024-10-01', '2024-10-31'])).toBe(true);
    expect(isWholeMonths(['2024-02-01', '2024-02-29'])).toBe(true);
    expect(isWholeMonths(['2024-07-01', '2024-09-30'])).toBe(true);
    expect(isWholeMonths(['2024-02-01', '2024-02-28'])).toBe(false);
    expect(isWholeMonths(['2024-10-02', '2024-10-31'])).toBe(false);
    expect(isWholeMonths(['2024-10-01', '2024-10-15'])).toBe(false);
  });
});

describe('date presets', () => {
  type Case = Record<string, [string, string]>;
  const table: Array<[string, Case]> = [
    [
      '2024-03-15',
      {
        // an ordinary Friday in a leap year
        today: ['2024-03-15', '2024-03-15'],
        yesterday: ['2024-03-14', '2024-03-14'],
        last_7_days: ['2024-03-08', '2024-03-14'],
        last_30_days: ['2024-02-14', '2024-03-14'],
        last_90_days: ['2023-12-16', '2024-03-14'],
        this_week: ['2024-03-11', '2024-03-15'],
        last_week: ['2024-03-04', '2024-03-10'],
        this_month: ['2024-03-01', '2024-03-15'],
        last_month: ['2024-02-01', '2024-02-29'],
        this_quarter: ['2024-01-01', '2024-03-15'],
        last_quarter: ['2023-10-01', '2023-12-31'],
        this_year: ['2024-01-01', '2024-03-15'],
        last_year: ['2023-01-01', '2023-12-31'],
        month_to_date: ['2024-03-01', '2024-03-15'],
        year_to_date: ['2024-01-01', '2024-03-15'],
        last_2_weeks: ['2024-02-26', '2024-03-10'],
        last_3_months: ['2023-12-01', '2024-02-29'],
        last_1_days: ['2024-03-14', '2024-03-14'],
      },
    ],
    [
      '2024-01-01',
      {
        // a Monday that starts a week, month, quarter and year
        today: ['2024-01-01', '2024-01-01'],
        yesterday: ['2023-12-31', '2023-12-31'],
        last_7_days: ['2023-12-25', '2023-12-31'],
        this_week: ['2024-01-01', '2024-01-01'],
        last_week: ['2023-12-25', '2023-12-31'],
        this_month: ['2024-01-01', '2024-01-01'],
        last_month: ['2023-12-01', '2023-12-31'],
        this_quarter: ['2024-01-01', '2024-01-01'],
        last_quarter: ['2023-10-01', '2023-12-31'],
        this_year: ['2024-01-01', '2024-01-01'],
        last_year: ['2023-01-01', '2023-12-31'],
        last_12_months: ['2023-01-01', '2023-12-31'],
      },
    ],
    [
      '2024-03-01',
      {
        // the day after a leap day; the week started in February
        yesterday: ['2024-02-29', '2024-02-29'],
        last_7_days: ['2024-02-23', '2024-02-29'],
        last_30_days: ['2024-01-31', '2024-02-29'],
        this_week: ['2024-02-26', '2024-03-01'],
        last_week: ['2024-02-19', '2024-02-25'],
        last_month: ['2024-02-01', '2024-02-29'],
        this_month: ['2024-03-01', '2024-03-01'],
      },
    ],
    [
      '2023-03-01',
      {
        // the same day in a common year
        yesterday: ['2023-02-28', '2023-02-28'],
        last_month: ['2023-02-01', '2023-02-28'],
        last_30_days: ['2023-01-30', '2023-02-28'],
      },
    ],
    [
      '2024-12-31',
      {
        // a Tuesday ending the year
        this_week: ['2024-12-30', '2024-12-31'],
        last_week: ['2024-12-23', '2024-12-29'],
        this_quarter: ['2024-10-01', '2024-12-31'],
        last_quarter: ['2024-07-01', '2024-09-30'],
        this_year: ['2024-01-01', '2024-12-31'],
        last_year: ['2023-01-01', '2023-12-31'],
      },
    ],
    [
      '2025-01-05',
      {
        // a Sunday whose week started last year
        this_week: ['2024-12-30', '2025-01-05'],
        last_week: ['2024-12-23', '2024-12-29'],
        last_2_weeks: ['2024-12-16', '2024-12-29'],
        this_month: ['2025-01-01', '2025-01-05'],
        last_month: ['2024-12-01', '2024-12-31'],
        last_quarter: ['2024-10-01', '2024-12-31'],
        last_year: ['2024-01-01', '2024-12-31'],
      },
    ],
    [
      '2024-07-01',
      {
        // first day of Q3
        this_quarter: ['2024-07-01', '2024-07-01'],
        last_quarter: ['2024-04-01', '2024-06-30'],
        last_month: ['2024-06-01', '2024-06-30'],
        last_6_months: ['2024-01-01', '2024-06-30'],
      },
    ],
    [
      '2024-05-31',
      {
        // a month end
        last_month: ['2024-04-01', '2024-04-30'],
        last_3_months: ['2024-02-01', '2024-04-30'],
        this_month: ['2024-05-01', '2024-05-31'],
        last_quarter: ['2024-01-01', '2024-03-31'],
      },
    ],
  ];
  for (const [today, cases] of table) {
    test(`presets on ${today}`, () => {
      for (const [name, expected] of Object.entries(cases)) {
        expect([name, resolvePreset(name, today)]).toEqual([name, expected]);
      }
    });
  }

  test('every fixed preset in the registry resolves, with a label and help', () => {
    for (const p of DATE_PRESETS) {
      expect(p.label).toBeTruthy();
      expect(p.help.length).toBeGreaterThan(5);
      const name = p.pattern ? p.pattern.example : p.id;
      const r = resolvePreset(name, '2024-03-15');
      expect(r).not.toBeNull();
      expect(compareDates(r![0], r![1])).toBeLessThanOrEqual(0);
      expect(compareDates(r![1], '2024-03-15')).toBeLessThanOrEqual(0);
    }
    expect(DATE_PRESET_IDS).toEqual([
      'today',
      'yesterday',
      'last_7_days',
      'last_30_days',
      'last_90_days',
      'this_week',
      'last_week',
      'this_month',
      'last_month',
      'this_quarter',
      'last_quarter',
      'this_year',
      'last_year',
      'month_to_date',
      'year_to_date',
    ]);
    expect(DATE_PRESETS.filter((p) => p.pattern).map((p) => p.id)).toEqual([
      'last_N_days',
      'last_N_weeks',
      'last_N_months',
    ]);
  });

  test('last_* presets never include today; this_* always end today', () => {
    for (let d = '2023-12-20'; compareDates(d, '2025-01-10') <= 0; d = addDays(d, 1)) {
      for (const id of DATE_PRESET_IDS) {
        const r = resolvePreset(id, d)!;
        if (id.startsWith('last_') || id === 'yesterday') expect(compareDates(r[1], d)).toBe(-1);
        else expect(r[1]).toBe(d);
      }
      expect(daysInclusive(resolvePreset('last_30_days', d)!)).toBe(30);
      expect(daysInclusive(resolvePreset('last_4_weeks', d)!)).toBe(28);
      const w = resolvePreset('last_week', d)!;
      expect([dayOfWeek(w[0]), dayOfWeek(w[1])]).toEqual([1, 7]);
      const q = resolvePreset('last_quarter', d)!;
      expect(isWholeMonths(q)).toBe(true);
    }
  });

  test('names are case-insensitive and take spaces or hyphens', () => {
    const t = '2024-03-15';
    expect(resolvePreset('Last 30 days', t)).toEqual(['2024-02-14', '2024-03-14']);
    expect(resolvePreset('LAST-30-DAYS', t)).toEqual(['2024-02-14', '2024-03-14']);
    expect(resolvePreset('  last_30_days ', t)).toEqual(['2024-02-14', '2024-03-14']);
    expect(resolvePreset('Month to date', t)).toEqual(['2024-03-01', '2024-03-15']);
    expect(resolvePreset('Year-to-date', t)).toEqual(['2024-01-01', '2024-03-15']);
    expect(resolvePreset('YTD', t)).toEqual(['2024-01-01', '2024-03-15']);
    expect(resolvePreset('last 1 week', t)).toEqual(['2024-03-04', '2024-03-10']);
    expect(resolvePreset('Last 1 Month', t)).toEqual(['2024-02-01', '2024-02-29']);
    expect(resolvePreset('Last 14 Days', t)).toEqual(['2024-03-01', '2024-03-14']);
  });

  test('non-presets give null', () => {
    for (const v of ['2024-01-01', 'last_days', 'next_7_days', 'last_x_days', 'lastweek', '', 42, null, undefined]) {
      expect(resolvePreset(v, '2024-03-15')).toBeNull();
    }
    expect(isDatePresetName('Last 30 days')).toBe(true);
    expect(isDatePresetName('last_99999_days')).toBe(true);
    expect(isDatePresetName('2024-01-01')).toBe(false);
  });

  test('N is capped with a clear message', () => {
    expect(resolvePreset('last_3650_days', '2024-03-15')![0]).toBe('2014-03-18');
    expect(resolvePreset('last_520_weeks', '2024-03-15')).not.toBeNull();
    expect(resolvePreset('last_120_months', '2024-03-15')).toEqual(['2014-03-01', '2024-02-29']);
    expect(thrown(() => resolvePreset('last_3651_days', '2024-03-15')).message).toBe(
      'start "last_3651_days" is out of range: last_N_days takes N from 1 to 3650',
    );
    expect(thrown(() => resolvePreset('last_0_days', '2024-03-15')).message).toBe(
      'start "last_0_days" is out of range: last_N_days takes N from 1 to 3650',
    );
    const e = thrown(() => resolvePreset('Last 521 weeks', '2024-03-15', 'from'));
    expect(e.field).toBe('from');
    expect(e.message).toBe('from "Last 521 weeks" is out of range: last_N_weeks takes N from 1 to 520');
    expect(thrown(() => resolvePreset('last_121_months', '2024-03-15')).message).toBe(
      'start "last_121_months" is out of range: last_N_months takes N from 1 to 120',
    );
  });
});

describe('compare presets', () => {
  const prev = (a: string, b: string) => resolveCompare('previous_period', [a, b]);
  const year = (a: string, b: string) => resolveCompare('previous_year', [a, b]);

  test('registry', () => {
    expect(COMPARE_PRESETS.map((p) => p.id)).toEqual(['previous_period', 'previous_year']);
    for (const p of COMPARE_PRESETS) expect(p.help.length).toBeGreaterThan(10);
  });

  test('previous_period: same number of days just before', () => {
    expect(prev('2024-03-10', '2024-03-16')).toEqual(['2024-03-03', '2024-03-09']);
    expect(prev('2024-03-01', '2024-03-15')).toEqual(['2024-02-15', '2024-02-29']);
    expect(prev('2024-03-05', '2024-03-05')).toEqual(['2024-03-04', '2024-03-04']);
    expect(prev('2024-01-01', '2024-01-07')).toEqual(['2023-12-25', '2023-12-31']);
    expect(prev('2024-02-14', '2024-03-14')).toEqual(['2024-01-15', '2024-02-13']);
    expect(prev('2024-10-02', '2024-10-31')).toEqual(['2024-09-02', '2024-10-01']);
  });

  test('previous_period: whole months compare with whole months', () => {
    expect(prev('2024-10-01', '2024-10-31')).toEqual(['2024-09-01', '2024-09-30']);
    expect(prev('2024-03-01', '2024-03-31')).toEqual(['2024-02-01', '2024-02-29']);
    expect(prev('2023-03-01', '2023-03-31')).toEqual(['2023-02-01', '2023-02-28']);
    expect(prev('2024-01-01', '2024-01-31')).toEqual(['2023-12-01', '2023-12-31']);
    expect(prev('2024-07-01', '2024-09-30')).toEqual(['2024-04-01', '2024-06-30']);
    expect(prev('2024-01-01', '2024-03-31')).toEqual(['2023-10-01', '2023-12-31']);
    expect(prev('2024-01-01', '2024-12-31')).toEqual(['2023-01-01', '2023-12-31']);
    expect(prev('2024-02-01', '2024-02-29')).toEqual(['2024-01-01', '2024-01-31']);
  });

  test('previous_year: same dates a year earlier', () => {
    expect(year('2024-03-10', '2024-03-16')).toEqual(['2023-03-10', '2023-03-16']);
    expect(year('2024-02-29', '2024-02-29')).toEqual(['2023-02-28', '2023-02-28']);
    expect(year('2024-02-20', '2024-02-29')).toEqual(['2023-02-20', '2023-02-28']);
    expect(year('2024-02-01', '2024-02-29')).toEqual(['2023-02-01', '2023-02-28']);
    expect(year('2025-02-01', '2025-02-28')).toEqual(['2024-02-01', '2024-02-29']);
    expect(year('2024-03-01', '2025-02-28')).toEqual(['2023-03-01', '2024-02-29']);
    expect(year('2024-01-01', '2024-12-31')).toEqual(['2023-01-01', '2023-12-31']);
  });

  test('ids are normalised; unknown gives null', () => {
    expect(resolveCompare('Previous Period', ['2024-10-01', '2024-10-31'])).toEqual(['2024-09-01', '2024-09-30']);
    expect(resolveCompare('previous-year', ['2024-10-01', '2024-10-31'])).toEqual(['2023-10-01', '2023-10-31']);
    expect(resolveCompare('previous_month', ['2024-10-01', '2024-10-31'])).toBeNull();
    expect(resolveCompare(7, ['2024-10-01', '2024-10-31'])).toBeNull();
  });
});

describe('zones', () => {
  test('utcOffsetFromZ parses Utilities.formatDate "Z" output', () => {
    expect(utcOffsetFromZ('+0530')).toBe(330);
    expect(utcOffsetFromZ('-0800')).toBe(-480);
    expect(utcOffsetFromZ('+0000')).toBe(0);
    expect(utcOffsetFromZ('-0330')).toBe(-210);
    expect(utcOffsetFromZ('+1345')).toBe(825);
    expect(utcOffsetFromZ('+05:30')).toBe(330);
    expect(utcOffsetFromZ('Z')).toBe(0);
    for (const bad of ['', '0530', '+5:3', 'GMT+x', '+2500', 'Europe/Berlin'])
      expect(() => utcOffsetFromZ(bad)).toThrow();
  });

  test('the Intl port gives offsets in all test zones', () => {
    expect(port.offsetMinutes(Z('2024-01-15T12:00Z'), 'Europe/Berlin')).toBe(60);
    expect(port.offsetMinutes(Z('2024-07-15T12:00Z'), 'Europe/Berlin')).toBe(120);
    expect(port.offsetMinutes(Z('2024-01-15T12:00Z'), 'America/New_York')).toBe(-300);
    expect(port.offsetMinutes(Z('2024-07-15T12:00Z'), 'America/New_York')).toBe(-240);
    expect(port.offsetMinutes(Z('2024-01-15T12:00Z'), 'Australia/Sydney')).toBe(660);
    expect(port.offsetMinutes(Z('2024-07-15T12:00Z'), 'Australia/Sydney')).toBe(600);
    expect(port.offsetMinutes(Z('2024-07-15T12:00Z'), 'Asia/Kolkata')).toBe(330);
    expect(port.offsetMinutes(Z('2024-07-15T12:00Z'), 'UTC')).toBe(0);
    expect(port.offsetMinutes(Z('2024-03-31T00:59:59.999Z'), 'Europe/Berlin')).toBe(60);
    expect(port.offsetMinutes(Z('2024-03-31T01:00Z'), 'Europe/Berlin')).toBe(120);
    expect(() => port.offsetMinutes(0, 'Mars/Olympus')).toThrow();
  });

  test('localPartsOf and localDateOf', () => {
    expect(localPartsOf(Z('2024-03-15T18:29:59Z'), 'Asia/Kolkata', port)).toEqual({
      date: '2024-03-15',
      hour: 23,
      minute: 59,
      weekday: 5,
    });
    expect(localPartsOf(Z('2024-03-15T18:30Z'), 'Asia/Kolkata', port)).toEqual({
      date: '2024-03-16',
      hour: 0,
      minute: 0,
      weekday: 6,
    });
    expect(localPartsOf(Z('2024-10-27T00:30Z'), 'Europe/Berlin', port)).toEqual({
      date: '2024-10-27',
      hour: 2,
      minute: 30,
      weekday: 7,
    });
    expect(localPartsOf(Z('2024-10-27T01:30Z'), 'Europe/Berlin', port)).toEqual({
      date: '2024-10-27',
      hour: 2,
      minute: 30,
      weekday: 7,
    });
    expect(localDateOf(Z('2024-12-31T13:00Z'), 'Australia/Sydney', port)).toBe('2025-01-01');
    expect(localDateOf(Z('2024-12-31T12:59Z'), 'Australia/Sydney', port)).toBe('2024-12-31');
    expect(localDateOf(Z('2024-03-01T04:59Z'), 'America/New_York', port)).toBe('2024-02-29');
    expect(localDateOf(Z('2024-03-01T05:00Z'), 'America/New_York', port)).toBe('2024-03-01');
  });

  const cases: Array<[string, string, number, number, string, string]> = [
    // zone, date, hour, minute, expected instant, what
    ['Europe/Berlin', '2024-01-15', 6, 0, '2024-01-15T05:00:00Z', 'winter'],
    ['Europe/Berlin', '2024-07-15', 6, 0, '2024-07-15T04:00:00Z', 'summer'],
    ['Europe/Berlin', '2024-03-31', 1, 59, '2024-03-31T00:59:00Z', 'just before the gap'],
    ['Europe/Berlin', '2024-03-31', 2, 0, '2024-03-31T01:00:00Z', 'gap start → 03:00 CEST'],
    ['Europe/Berlin', '2024-03-31', 2, 30, '2024-03-31T01:00:00Z', 'in the gap → 03:00 CEST'],
    ['Europe/Berlin', '2024-03-31', 3, 0, '2024-03-31T01:00:00Z', 'just after the gap'],
    ['Europe/Berlin', '2024-10-27', 1, 59, '2024-10-26T23:59:00Z', 'before the repeat'],
    ['Europe/Berlin', '2024-10-27', 2, 0, '2024-10-27T00:00:00Z', 'repeated → CEST (earlier)'],
    ['Europe/Berlin', '2024-10-27', 2, 30, '2024-10-27T00:30:00Z', 'repeated → CEST (earlier)'],
    ['Europe/Berlin', '2024-10-27', 3, 0, '2024-10-27T02:00:00Z', 'after the repeat'],
    ['America/New_York', '2024-03-10', 2, 30, '2024-03-10T07:00:00Z', 'gap → 03:00 EDT'],
    ['America/New_York', '2024-03-10', 1, 30, '2024-03-10T06:30:00Z', 'before the gap'],
    ['America/New_York', '2024-03-10', 3, 0, '2024-03-10T07:00:00Z', 'after the gap'],
    ['America/New_York', '2024-11-03', 1, 30, '2024-11-03T05:30:00Z', 'repeated → EDT (earlier)'],
    ['America/New_York', '2024-11-03', 2, 0, '2024-11-03T07:00:00Z', 'after the repeat'],
    ['America/New_York', '2024-11-03', 0, 0, '2024-11-03T04:00:00Z', 'midnight'],
    ['Australia/Sydney', '2024-10-06', 2, 30, '2024-10-05T16:00:00Z', 'gap → 03:00 AEDT'],
    ['Australia/Sydney', '2024-10-06', 1, 0, '2024-10-05T15:00:00Z', 'before the gap'],
    ['Australia/Sydney', '2024-04-07', 2, 30, '2024-04-06T15:30:00Z', 'repeated → AEDT (earlier)'],
    ['Australia/Sydney', '2024-04-07', 3, 0, '2024-04-06T17:00:00Z', 'after the repeat'],
    ['Australia/Sydney', '2024-01-01', 0, 0, '2023-12-31T13:00:00Z', 'summer midnight'],
    ['Australia/Sydney', '2024-07-01', 0, 0, '2024-06-30T14:00:00Z', 'winter midnight'],
    ['Asia/Kolkata', '2024-03-15', 0, 0, '2024-03-14T18:30:00Z', '+05:30'],
    ['Asia/Kolkata', '2024-03-15', 6, 0, '2024-03-15T00:30:00Z', '+05:30'],
    ['Australia/Lord_Howe', '2024-10-06', 2, 15, '2024-10-05T15:30:00Z', '30-minute gap → 02:30'],
    ['UTC', '2024-02-29', 23, 59, '2024-02-29T23:59:00Z', 'UTC'],
  ];
  test.each(cases)('zonedToInstant %s %s %d:%d → %s (%s)', (tz, date, h, m, expected) => {
    expect(iso(zonedToInstant(date, h, m, tz, port))).toBe(expected);
  });

  test('zonedToInstant round-trips every existing quarter hour across DST days', () => {
    const days: Array<[string, string]> = [
      ['Europe/Berlin', '2024-03-31'],
      ['Europe/Berlin', '2024-10-27'],
      ['America/New_York', '2024-03-10'],
      ['America/New_York', '2024-11-03'],
      ['Australia/Sydney', '2024-04-07'],
      ['Australia/Sydney', '2024-10-06'],
      ['Asia/Kolkata', '2024-03-31'],
    ];
    for (const [tz, date] of days) {
      let prev = -Infinity;
      for (let q = 0; q < 96; q++) {
        const h = Math.floor(q / 4),
          m = (q % 4) * 15;
        const t = zonedToInstant(date, h, m, tz, port);
        expect(t).toBeGreaterThanOrEqual(prev); // monotonic in wall time
        prev = t;
        const p = localPartsOf(t, tz, port);
        const inGap = p.hour !== h || p.minute !== m;
        if (inGap) {
          // Only inside a gap: then t is the first instant after it, and one minute earlier is before the gap.
          expect(p.date).toBe(date);
          expect(p.hour * 60 + p.minute).toBeGreaterThan(h * 60 + m);
          const before = localPartsOf(t - 60000, tz, port);
          expect(before.hour * 60 + before.minute).toBeLessThan(h * 60 + m);
        } else {
          expect(p.date).toBe(date);
        }
      }
    }
  });

  test('zonedToInstant rejects hours and minutes out of range', () => {
    expect(() => zonedToInstant('2024-01-01', 24, 0, 'UTC', port)).toThrow(RangeError);
    expect(() => zonedToInstant('2024-01-01', 0, 60, 'UTC', port)).toThrow(RangeError);
  });
});

describe('parseDateInput', () => {
  const msg = (field: string, shown: string) =>
    `${field} ${shown} is not a valid date: use YYYY-MM-DD, a date cell, or a preset such as last_30_days`;

  test('a date cell is local midnight in the spreadsheet zone', () => {
    expect(parseDateInput(new Date(Z('2024-03-14T23:00Z')), 'start', 'Europe/Berlin', port)).toBe('2024-03-15');
    expect(parseDateInput(new Date(Z('2024-07-14T22:00Z')), 'start', 'Europe/Berlin', port)).toBe('2024-07-15');
    expect(parseDateInput(new Date(Z('2024-03-15T04:00Z')), 'start', 'America/New_York', port)).toBe('2024-03-15');
    expect(parseDateInput(new Date(Z('2024-03-14T13:00Z')), 'start', 'Australia/Sydney', port)).toBe('2024-03-15');
    expect(parseDateInput(new Date(Z('2024-03-14T18:30Z')), 'start', 'Asia/Kolkata', port)).toBe('2024-03-15');
  });

  test('text forms', () => {
    expect(parseDateInput('2024-03-15', 'start', 'UTC', port)).toBe('2024-03-15');
    expect(parseDateInput(' 2024/03/15 ', 'start', 'UTC', port)).toBe('2024-03-15');
    expect(parseDateInput('2024/3/5', 'start', 'UTC', port)).toBe('2024-03-05');
    expect(parseDateInput('2024-02-29', 'start', 'UTC', port)).toBe('2024-02-29');
    expect(parseDateInput('2024-03-15T23:30:00Z', 'start', 'Asia/Kolkata', port)).toBe('2024-03-15');
    expect(parseDateInput('2024-03-15T10:20', 'start', 'UTC', port)).toBe('2024-03-15');
  });

  test('Sheets serial day numbers', () => {
    expect(parseDateInput(45366, 'start', 'UTC', port)).toBe('2024-03-15');
    expect(parseDateInput(45366.75, 'start', 'UTC', port)).toBe('2024-03-15');
    expect(parseDateInput(20000, 'start', 'UTC', port)).toBe('1954-10-03');
    expect(parseDateInput(80000, 'start', 'UTC', port)).toBe('2119-01-11');
  });

  test('errors name the field, quote the value and say what is allowed', () => {
    const cases: Array<[unknown, string]> = [
      ['2024-13-01', '"2024-13-01"'],
      ['2023-02-29', '"2023-02-29"'],
      ['2024-02-30T00:00', '"2024-02-30T00:00"'],
      ['15.03.2024', '"15.03.2024"'],
      ['', '""'],
      [19999, '19999'],
      [80001, '80001'],
      [Infinity, 'null'],
      [true, 'true'],
      [null, 'null'],
      [undefined, 'nothing'],
      [{ a: 1 }, '{"a":1}'],
    ];
    for (const [value, shown] of cases) {
      const e = thrown(() => parseDateInput(value, 'start', 'UTC', port));
      expect(e.field).toBe('start');
      expect(e.message).toBe(msg('start', shown));
    }
    expect(thrown(() => parseDateInput('2024-13-01', 'end', 'UTC', port)).message).toBe(
      'end "2024-13-01" is not a valid date: use YYYY-MM-DD, a date cell, or a preset such as last_30_days',
    );
    expect(thrown(() => parseDateInput(new Date(NaN), 'start', 'UTC', port)).message).toBe(
      'start is an invalid date: use YYYY-MM-DD, a date cell, or a preset such as last_30_days',
    );
    expect(thrown(() => parseDateInput('last_30_dayz', 'start', 'UTC', port)).message).toBe(
      msg('start', '"last_30_dayz"') + ' — did you mean "last_30_days"?',
    );
  });
});

describe('resolveRange and resolveCompareInput', () => {
  const ctx: DateContext = { today: '2024-03-15', tz: 'Europe/Berlin', port };
  const F = { start: 'start', end: 'end' };

  test('a preset in start, end empty', () => {
    expect(resolveRange({ start: 'last_7_days' }, F, ctx)).toEqual(['2024-03-08', '2024-03-14']);
    expect(resolveRange({ start: 'Last 30 days', end: '' }, F, ctx)).toEqual(['2024-02-14', '2024-03-14']);
    expect(resolveRange({ start: 'last_month', end: null }, F, ctx)).toEqual(['2024-02-01', '2024-02-29']);
  });

  test('explicit dates in any accepted form', () => {
    expect(resolveRange({ start: '2024-01-01', end: '2024-01-31' }, F, ctx)).toEqual(['2024-01-01', '2024-01-31']);
    expect(resolveRange({ start: new Date(Z('2023-12-31T23:00Z')), end: 45322 }, F, ctx)).toEqual([
      '2024-01-01',
      '2024-01-31',
    ]);
    expect(resolveRange({ start: '2024-03-15', end: '2024-03-15' }, F, ctx)).toEqual(['2024-03-15', '2024-03-15']);
  });

  test('empty end runs through today; a preset end gives its last day', () => {
    expect(resolveRange({ start: '2024-03-01' }, F, ctx)).toEqual(['2024-03-01', '2024-03-15']);
    expect(resolveRange({ start: '2024-03-01', end: 'yesterday' }, F, ctx)).toEqual(['2024-03-01', '2024-03-14']);
    expect(resolveRange({ start: '2024-01-01', end: 'last_month' }, F, ctx)).toEqual(['2024-01-01', '2024-02-29']);
  });

  test('errors', () => {
    let e = thrown(() => resolveRange({ start: '2024-02-01', end: '2024-01-01' }, F, ctx));
    expect(e.field).toBe('end');
    expect(e.message).toBe('end "2024-01-01" is before start "2024-02-01"');
    e = thrown(() => resolveRange({ start: '2024-02-01', end: '2024-01-01' }, { start: 'from', end: 'to' }, ctx));
    expect(e.message).toBe('to "2024-01-01" is before from "2024-02-01"');
    e = thrown(() => resolveRange({ start: '' }, F, ctx));
    expect(e.field).toBe('start');
    expect(e.message).toBe('start is required: a date (YYYY-MM-DD), a date cell, or a preset such as last_30_days');
    e = thrown(() => resolveRange({ start: 'last_7_days', end: '2024-03-31' }, F, ctx));
    expect(e.field).toBe('end');
    expect(e.message).toBe('end "2024-03-31" must be empty when start is a preset ("last_7_days")');
    e = thrown(() => resolveRange({ start: '2024-13-01', end: '2024-12-31' }, F, ctx));
    expect(e.message).toBe(
      'start "2024-13-01" is not a valid date: use YYYY-MM-DD, a date cell, or a preset such as last_30_days',
    );
    e = thrown(() => resolveRange({ start: '2024-01-01', end: '2024-02-30' }, F, ctx));
    expect(e.field).toBe('end');
    e = thrown(() => resolveRange({ start: '2024-04-01' }, F, ctx));
    expect(e.field).toBe('end');
    expect(e.message).toBe(
      'end is empty, so the range would run through today (2024-03-15), which is before start "2024-04-01": give an end date',
    );
    e = thrown(() => resolveRange({ start: 'last_5000_days' }, F, ctx));
    expect(e.message).toBe('start "last_5000_days" is out of range: last_N_days takes N from 1 to 3650');
  });

  const range: [string, string] = ['2024-10-01', '2024-10-31'];
  test('compare: presets, text, arrays, objects', () => {
    expect(resolveCompareInput('previous_period', range, ctx)).toEqual(['2024-09-01', '2024-09-30']);
    expect(resolveCompareInput('Previous year', range, ctx)).toEqual(['2023-10-01', '2023-10-31']);
    expect(resolveCompareInput('last_month', range, ctx)).toEqual(['2024-02-01', '2024-02-29']);
    expect(resolveCompareInput('2024-01-01..2024-01-31', range, ctx)).toEqual(['2024-01-01', '2024-01-31']);
    expect(resolveCompareInput(' 2024-01-01 .. 2024/1/31 ', range, ctx)).toEqual(['2024-01-01', '2024-01-31']);
    expect(resolveCompareInput(['2024-01-01', '2024-01-31'], range, ctx)).toEqual(['2024-01-01', '2024-01-31']);
    expect(resolveCompareInput([['2024-01-01', '2024-01-31']], range, ctx)).toEqual(['2024-01-01', '2024-01-31']);
    expect(resolveCompareInput([['2024-01-01'], ['2024-01-31']], range, ctx)).toEqual(['2024-01-01', '2024-01-31']);
    expect(resolveCompareInput([new Date(Z('2023-12-31T23:00Z')), 45322], range, ctx)).toEqual([
      '2024-01-01',
      '2024-01-31',
    ]);
    expect(resolveCompareInput({ start: '2024-01-01', end: '2024-01-31' }, range, ctx)).toEqual([
      '2024-01-01',
      '2024-01-31',
    ]);
  });

  test('compare: errors', () => {
    let e = thrown(() => resolveCompareInput('previous_perod', range, ctx));
    expect(e.field).toBe('compare');
    expect(e.message).toBe(
      'compare "previous_perod" is not a comparison period: use previous_period, previous_year, "YYYY-MM-DD..YYYY-MM-DD", or [from, to] — did you mean "previous_period"?',
    );
    e = thrown(() => resolveCompareInput(42, range, ctx));
    expect(e.message).toBe(
      'compare 42 is not a comparison period: use previous_period, previous_year, "YYYY-MM-DD..YYYY-MM-DD", or [from, to]',
    );
    e = thrown(() => resolveCompareInput(['2024-01-01'], range, ctx));
    expect(e.message).toBe('compare has 1 value: give exactly two dates, [from, to]');
    e = thrown(() => resolveCompareInput('2024-02-01..2024-01-01', range, ctx));
    expect(e.field).toBe('compare.end');
    expect(e.message).toBe('compare.end "2024-01-01" is before compare.start "2024-02-01"');
    e = thrown(() => resolveCompareInput(['2024-01-01', 'soon'], range, ctx));
    expect(e.field).toBe('compare[1]');
    expect(e.message).toBe(
      'compare[1] "soon" is not a valid date: use YYYY-MM-DD, a date cell, or a preset such as last_30_days',
    );
    e = thrown(() => resolveCompareInput({ start: '2024-01-01' }, range, ctx));
    expect(e.field).toBe('compare.end');
  });
});
