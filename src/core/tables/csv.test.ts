import { parseCsvTable, csvCell } from './csv';
import { AdaptyError } from '../errors';

describe('CSV pass-through', () => {
  test('header row, strictly numeric cells → numbers, the rest text, empty → null', () => {
    const t = parseCsvTable(
      '\uFEFFMetric,Segment,2026-08-05,2026-08-06,Value\r\nRevenue,"Total, all",1380.73,-12.5,2761.46\r\nRevenue,007,,1e3,n/a\r\n',
    );
    expect(t.columns).toEqual([
      { key: 'metric', label: 'Metric', kind: 'text' },
      { key: 'segment', label: 'Segment', kind: 'text' },
      { key: '2026_08_05', label: '2026-08-05', kind: 'number' },
      { key: '2026_08_06', label: '2026-08-06', kind: 'number' },
      { key: 'value', label: 'Value', kind: 'text' },
    ]);
    expect(t.rows).toEqual([
      ['Revenue', 'Total, all', 1380.73, -12.5, 2761.46],
      ['Revenue', '007', null, 1000, 'n/a'],
    ]);
  });

  test('no interpretation: dates and percentages stay text; ragged rows are padded; duplicate headers get unique keys', () => {
    const t = parseCsvTable('Date,Rate,Rate\n2026-08-05,12%,1\n2026-08-06\n');
    expect(t.columns.map((c) => [c.key, c.kind])).toEqual([
      ['date', 'text'],
      ['rate', 'text'],
      ['rate_2', 'integer'],
    ]);
    expect(t.rows).toEqual([
      ['2026-08-05', '12%', 1],
      ['2026-08-06', null, null],
    ]);
    expect(t.notes?.[0]).toMatch(/unexpected number of fields/);
  });

  test('numbers: no thousands separators, no leading zeros, no plus sign', () => {
    expect(
      ['12', '-0.5', '0', '1.5E-3', ' 7 ', '1,234', '00', '+3', '.5', '1.', 'NaN', 'Infinity'].map(csvCell),
    ).toEqual([12, -0.5, 0, 0.0015, 7, '1,234', '00', '+3', '.5', '1.', 'NaN', 'Infinity']);
  });

  test('semicolon or tab files, a header-only file', () => {
    expect(parseCsvTable('a;b\n1;x\n').rows).toEqual([[1, 'x']]);
    expect(parseCsvTable('a\tb\n1\t2\n').rows).toEqual([[1, 2]]);
    const h = parseCsvTable('a,b\n');
    expect(h.columns.map((c) => c.key)).toEqual(['a', 'b']);
    expect(h.rows).toEqual([]);
  });

  test.each([
    ['', /empty CSV/],
    ['   \n', /empty CSV/],
    ['<!DOCTYPE html><html>502</html>', /not CSV but an HTML page/],
    ['a,b\n"unterminated,1\n', /malformed/],
  ])('%j is a bad answer', (text, msg) => {
    let err: unknown;
    try {
      parseCsvTable(text);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(AdaptyError);
    expect((err as AdaptyError).code).toBe('bad_answer');
    expect((err as AdaptyError).message).toMatch(msg);
  });
});
