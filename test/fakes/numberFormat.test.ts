import { numberFormatFor } from '../../src/core/writePlan';
import { renderNumber } from './numberFormat';

/**
 * Format / value / locale → text, as Google documents it:
 *  - "Number format examples" in developers.google.com/sheets/api/guides/formats (en_US);
 *  - the TEXT function's page, support.google.com/docs/answer/3094139 (its 0 / # examples);
 *  - the guide's note that rendering follows the spreadsheet's locale (de_DE: `.` groups, `,` decimals).
 * The guide's fraction row (`# ???/???`) is left out: fractions are not modelled (the add-on never
 * writes them).
 */
const GOOGLE_TABLE: [pattern: string, value: number, locale: string, text: string][] = [
  ['####.#', 12345.125, 'en_US', '12345.1'],
  ['000.0000', 12.34, 'en_US', '012.3400'],
  ['#.0#', 12, 'en_US', '12.0'],
  ['#,###', 12000, 'en_US', '12,000'],
  ['0.0,,"M"', 1230000, 'en_US', '1.2M'],
  ['0.00e+00', 1234500000, 'en_US', '1.23e+09'],
  ['000.00', 12.3, 'en_US', '012.30'],
  ['00.00', 12.305, 'en_US', '12.31'],
  ['###.##', 12.3, 'en_US', '12.3'],
  ['$0.00', 1.23, 'en_US', '$1.23'],
  ['0.00%', 0.1234, 'en_US', '12.34%'],
  ['#,##0.00', 19923.02, 'de_DE', '19.923,02'],
  ['#,##0.00', 19923.02, 'en_US', '19,923.02'],
];

test.each(GOOGLE_TABLE)('%s on %p in %s shows %p', (pattern, value, locale, text) => {
  expect(renderNumber(value, pattern, locale)).toBe(text);
});

describe('the formats the add-on writes (src/core/writePlan.ts numberFormatFor)', () => {
  const usd = numberFormatFor('usd', 'en_US');
  const pct = numberFormatFor('percent_points', 'en_US');
  const int = numberFormatFor('integer', 'en_US');
  const num = numberFormatFor('number', 'en_US');

  test('[$$] shows a dollar sign; the negative section keeps its own minus', () => {
    expect(renderNumber(19923.02, usd, 'en_US')).toBe('$19,923.02');
    expect(renderNumber(-42.5, usd, 'en_US')).toBe('$-42.50');
    expect(renderNumber(0, usd, 'en_US')).toBe('$0.00');
  });

  test('a quoted "%" is a literal: 12.5 percent points show 12.50%, not 1250%', () => {
    expect(renderNumber(12.5, pct, 'en_US')).toBe('12.50%');
    expect(renderNumber(-3.25, pct, 'en_US')).toBe('-3.25%');
  });

  test('de_DE: the same formats with the German marks', () => {
    expect(renderNumber(19923.02, usd, 'de_DE')).toBe('$19.923,02');
    expect(renderNumber(12.5, pct, 'de_DE')).toBe('12,50%');
    expect(renderNumber(1234567, int, 'de_DE')).toBe('1.234.567');
    expect(renderNumber(0.125, num, 'de_DE')).toBe('0,125');
  });

  test('integers group, optional decimals drop their zeros, General keeps the locale mark', () => {
    expect(renderNumber(1234567, int, 'en_US')).toBe('1,234,567');
    expect(renderNumber(-1234, int, 'en_US')).toBe('-1,234');
    expect(renderNumber(3, num, 'en_US')).toBe('3');
    expect(renderNumber(2.5, num, 'en_US')).toBe('2.5');
    expect(renderNumber(2.5, 'General', 'de_DE')).toBe('2,5');
  });
});
