/** The playground's formula logic: typed arguments as Sheets passes them, spills and #REF!. */
import { argumentValue, parseRange, refMessage, spill, type CellReader } from './spill';

const cells = (grid: Record<string, unknown[][]>): CellReader => ({
  value: (sheet, row, col) => grid[sheet ?? '']?.[row]?.[col] ?? '',
  lastRow: (sheet) => grid[sheet ?? '']?.length ?? 0,
});
const sheet = cells({
  '': [
    ['period', 'value'],
    ['2026-10-01', 5],
    ['2026-10-02', 7],
  ],
  'My plan': [['layout=wide']],
});

describe('arguments', () => {
  test('literals in the locale separator, cell references, ranges as 2-D arrays', () => {
    expect(argumentValue('"revenue"', ',', sheet)).toBe('revenue');
    expect(argumentValue(' 12,5 ', ';', sheet)).toBe(12.5);
    expect(argumentValue('B2', ',', sheet)).toBe(5);
    expect(argumentValue("'My plan'!A1", ',', sheet)).toBe('layout=wide');
    expect(argumentValue('A2:B3', ',', sheet)).toEqual([
      ['2026-10-01', 5],
      ['2026-10-02', 7],
    ]);
    // An open-ended range stops at the sheet's last row, as a custom function receives it.
    expect(argumentValue('B1:B', ',', sheet)).toEqual([['value'], [5], [7]]);
    expect(argumentValue('C9', ',', sheet)).toBe('');
  });

  test('JSON options stay one text argument', () => {
    expect(argumentValue('"{""layout"":""wide"",""cache"":""1h""}"', ';', sheet)).toBe(
      '{"layout":"wide","cache":"1h"}',
    );
  });

  test('what is neither is a parse error naming it', () => {
    expect(() => argumentValue('revenue', ',', sheet)).toThrow(/revenue is not a value, a cell or a range/);
    expect(parseRange('B3:A1')).toBeNull();
  });
});

describe('spills', () => {
  const table = [
    ['Period', 'Revenue'],
    ['Oct 1', 10],
    ['Oct 2', 12],
  ];

  test('a result takes its real size when the cells are empty', () => {
    expect(spill({ row: 4, col: 1 }, table, () => false)).toEqual({ grid: table });
    expect(spill({ row: 0, col: 0 }, 42, () => false)).toEqual({ grid: [[42]] });
    expect(spill({ row: 0, col: 0 }, ['a', 'b'], () => false)).toEqual({ grid: [['a'], ['b']] });
  });

  test("a spill over a non-empty cell is #REF! with Sheets' message naming the first cell in its way", () => {
    const taken = new Set(['6,2', '5,2']); // C7 and C6 (0-based row,col)
    const r = spill({ row: 4, col: 1 }, table, (row, col) => taken.has(`${row},${col}`));
    expect(r).toEqual({ ref: '#REF!', message: refMessage('C6') });
    expect(refMessage('C6')).toBe('Array result was not expanded because it would overwrite data in C6.');
    // The anchor itself holds the formula: it never blocks.
    expect(spill({ row: 4, col: 1 }, table, (row, col) => row === 4 && col === 1)).toEqual({ grid: table });
    // A cell just outside the result does not block.
    expect(spill({ row: 4, col: 1 }, table, (row, col) => row === 7 || col === 3)).toEqual({ grid: table });
  });
});
