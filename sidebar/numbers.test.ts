import { count, localCounts, seconds, setSheetLocale } from './numbers';

afterEach(() => setSheetLocale('en_US'));

test('counts and seconds follow the sheet locale', () => {
  expect([count(1234567), seconds(2_460), seconds(42_000), seconds(50)]).toEqual([
    '1,234,567',
    '2.5 s',
    '42 s',
    'under 0.1 s',
  ]);
  setSheetLocale('de_DE');
  expect([count(1234567), seconds(2_460), seconds(42_000), seconds(50)]).toEqual([
    '1.234.567',
    '2,5 s',
    '42 s',
    'under 0,1 s',
  ]);
});

test("a server message's grouped counts are regrouped; dates, versions, lists and decimals are left alone", () => {
  setSheetLocale('de_DE');
  expect(localCounts('would take the spreadsheet to 10,000,500 cells; Sheets allows 10,000,000 cells.')).toBe(
    'would take the spreadsheet to 10.000.500 cells; Sheets allows 10.000.000 cells.',
  );
  const untouched = 'days 0,7,14,30 from "2026-10-01", version 1.2.3, 3.5 s, ids 12,34';
  expect(localCounts(untouched)).toBe(untouched);
});

test('an unknown sheet locale counts as en_US', () => {
  setSheetLocale('xx_YY_bogus');
  expect(count(1234)).toBe('1,234');
});
