import { planTable, protectText, dateFormatFor, checkSize } from './writePlan';
import type { Table } from './table';

const table: Table = {
  columns: [
    { key: 'period', label: 'Period', kind: 'date' },
    { key: 'title', label: 'Campaign', kind: 'text' },
    { key: 'revenue', label: 'Revenue', kind: 'usd' },
    { key: 'conv', label: 'Conversion %', kind: 'percent_points' },
  ],
  rows: [
    ['2026-10-01', '=HYPERLINK("x")', -12.5, 0.84],
    ['2026-10-02', '+1 promo', null, Infinity],
  ],
};
const toDate = (d: string) => new Date(`${d}T00:00:00Z`);

test('values typed, formula-like text protected, empty and non-finite numbers blank', () => {
  const p = planTable(table, { toDate, headers: true, locale: 'en_US' });
  expect(p.values).toEqual([
    ['Period', 'Campaign', 'Revenue', 'Conversion %'],
    [new Date('2026-10-01T00:00:00Z'), '\'=HYPERLINK("x")', -12.5, 0.84],
    [new Date('2026-10-02T00:00:00Z'), "'+1 promo", '', ''],
  ]);
  expect(p.formats[1]).toEqual(['M/d/yyyy', '@', '[$$]#,##0.00;[$$]-#,##0.00', '0.00"%"']);
  expect(p.formats[0]).toEqual(['@', '@', '@', '@']);
});

test('append plans carry a snapshot column first', () => {
  const at = new Date('2026-11-28T09:00:00Z');
  const p = planTable(table, { toDate, headers: true, locale: 'de_DE', snapshot: at });
  expect(p.values[0][0]).toBe('Snapshot');
  expect(p.values[1][0]).toBe(at);
  expect(p.formats[1][0]).toBe('dd.MM.yyyy HH:mm');
  expect(p.width).toBe(5);
});

test('protectText covers =, +, -, @ and a leading apostrophe', () => {
  expect(['=1', '+1', '-x', '@me', "'q", 'ok'].map(protectText)).toEqual(["'=1", "'+1", "'-x", "'@me", "''q", 'ok']);
});

test('locale date formats', () => {
  expect(dateFormatFor('en_US')).toBe('M/d/yyyy');
  expect(dateFormatFor('en_GB')).toBe('dd/MM/yyyy');
  expect(dateFormatFor('de_DE')).toBe('dd.MM.yyyy');
  expect(dateFormatFor('ja_JP')).toBe('yyyy-MM-dd');
});

test('size limits refuse with a clear message', () => {
  expect(() => checkSize(10, 5, 9_999_990, 100)).toThrow(
    /would take the spreadsheet to 10,000,090 cells; Sheets allows 10,000,000/,
  );
  expect(() =>
    planTable(
      { columns: [{ key: 'a', label: 'A', kind: 'text' }], rows: [['x'.repeat(50_001)]] },
      { toDate, headers: false, locale: 'en_US' },
    ),
  ).toThrow(/50,001 characters; a Sheets cell holds 50,000/);
  expect(() => checkSize(1, 20000, 0, 0)).toThrow(/20,000 columns; Sheets allows 18,278/);
});

test('an anchor cell too far right or too far down is named as the cause, not the report', () => {
  expect(() => checkSize(22, 6, 0, 0, { row: 1, column: 18_278 })).toThrow(
    'This report has 6 columns; from column ZZZ there is room for 1: choose an anchor cell further left.',
  );
  // 22 × 6 cells of table, but reaching row 1,048,576 of a 1000 × 26 sheet adds 27 M cells.
  expect(() => checkSize(22, 6, 26_000, 27_237_522, { row: 1_048_576, column: 1 })).toThrow(
    /^Anchor cell A1048576 is so far beyond this sheet's grid that the file would grow past Sheets' 10,000,000 cells/,
  );
});

test('text Sheets would parse as a number, date, percent, currency or boolean stays text', () => {
  const parseable = [
    '1',
    '00123',
    '1.10',
    '1,234',
    '1e5',
    '238512345678901234',
    '.5',
    '12%',
    '$5',
    '€ 3',
    '(5)',
    '2026-01-01',
    '1/2',
    '10:30',
    'Jan 5',
    'March 2024',
    'dec-24',
    'TRUE',
    'false',
    ' 7',
  ];
  expect(parseable.map(protectText)).toEqual(parseable.map((s) => `'${s}`));
  const plain = [
    'United States',
    'premium_annual',
    'app_store:premium_annual',
    'Not set',
    'Total',
    'ASA_Brand_US',
    'truer',
    'May the best win',
    'us',
    '',
  ];
  expect(plain.map(protectText)).toEqual(plain);
});

test('the cell limit counts the apostrophe', () => {
  const one = (s: string) =>
    planTable(
      { columns: [{ key: 'a', label: 'A', kind: 'text' }], rows: [[s]] },
      { toDate, headers: false, locale: 'en_US' },
    );
  expect(one('x'.repeat(50_000)).values[0][0]).toHaveLength(50_000);
  expect(() => one('=' + 'x'.repeat(49_999))).toThrow(
    /50,000 characters; a Sheets cell holds 50,000 \(49,999 for text starting like a formula/,
  );
});

test('a dated header (funnel steps) is a date in the locale format, with its period-status note; other headers text', () => {
  const t: Table = {
    columns: [
      { key: 'step', label: 'Step', kind: 'text' },
      { key: 'period:2026-07-01', label: '2026-07-01', kind: 'integer', dateHeader: true },
      {
        key: 'period:2026-08-01',
        label: '2026-08-01',
        kind: 'integer',
        dateHeader: true,
        note: 'Period status: incomplete.',
      },
      { key: 'x', label: '2026-09-01', kind: 'integer' },
    ],
    rows: [['Install', 600, 400, 1]],
  };
  const p = planTable(t, { toDate, headers: true, locale: 'de_DE' });
  expect(p.values[0]).toEqual(['Step', toDate('2026-07-01'), toDate('2026-08-01'), "'2026-09-01"]);
  expect(p.formats[0]).toEqual(['@', 'dd.MM.yyyy', 'dd.MM.yyyy', '@']);
  expect(p.headerNotes).toEqual(['', '', 'Period status: incomplete.', '']);
  // Without dated headers the writer leaves the header's notes alone.
  expect(planTable(table, { toDate, headers: true, locale: 'de_DE' }).headerNotes).toBeUndefined();
});
