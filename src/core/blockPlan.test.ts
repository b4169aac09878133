import { a1Of, boxFromMarks, confirmOf, minus, parseMarker, markerValue, uniqueName, writeBox } from './blockPlan';

describe('block markers and geometry', () => {
  test('marker values round-trip; anything else is ignored', () => {
    expect(parseMarker(markerValue('r0123456789ab', 't'))).toEqual({ id: 'r0123456789ab', edge: 't' });
    for (const v of [null, '', 'r1', 'r1:x', ':t', 'a b:t', `${'x'.repeat(41)}:t`]) expect(parseMarker(v)).toBeNull();
  });

  test('a block is its marked rows and columns; without its first row or column it is lost; a lost end leaves only the first line its own', () => {
    expect(boxFromMarks({ t: 4, b: 9, l: 2, r: 5 })).toEqual({ row: 4, column: 2, rows: 6, columns: 4 });
    expect(boxFromMarks({ b: 9, l: 2, r: 5 })).toBeNull();
    expect(boxFromMarks({ t: 4, b: 9, r: 5 })).toBeNull();
    expect(boxFromMarks({ t: 4, l: 2 })).toEqual({ row: 4, column: 2, rows: 1, columns: 1 });
  });

  test('minus: the cells of a write outside the own block', () => {
    const own = { row: 1, column: 1, rows: 10, columns: 3 };
    expect(minus({ row: 1, column: 1, rows: 10, columns: 3 }, own)).toEqual([]);
    expect(minus({ row: 1, column: 1, rows: 12, columns: 4 }, own)).toEqual([
      { row: 11, column: 1, rows: 2, columns: 4 },
      { row: 1, column: 4, rows: 10, columns: 1 },
    ]);
    expect(minus({ row: 20, column: 1, rows: 2, columns: 2 }, own)).toEqual([
      { row: 20, column: 1, rows: 2, columns: 2 },
    ]);
    expect(minus({ row: 1, column: 1, rows: 2, columns: 2 }, null)).toHaveLength(1);
  });

  test('writeBox: the whole block at the anchor, or the rows under it when appending', () => {
    const own = { row: 3, column: 2, rows: 5, columns: 4 };
    expect(writeBox({ row: 3, column: 2 }, own, 7, 4, false)).toEqual({ row: 3, column: 2, rows: 7, columns: 4 });
    expect(writeBox({ row: 3, column: 2 }, own, 2, 4, true)).toEqual({ row: 8, column: 2, rows: 2, columns: 4 });
  });

  test('the question names the cells, the range and the blocks it overlaps', () => {
    const c = { cells: 120, range: 'Sheet1!A1:F20', blocks: [] };
    expect(confirmOf(c, () => '')).toEqual({
      message: 'Replace 120 non-empty cells in Sheet1!A1:F20?',
      cells: 120,
      range: 'Sheet1!A1:F20',
    });
    const other = {
      ...c,
      cells: 0,
      blocks: [{ id: 'r1', box: { row: 5, column: 1, rows: 2, columns: 2 }, range: 'Sheet1!A5:B6' }],
    };
    expect(confirmOf(other, (id, r) => `the block of report "${id}" (${r})`).message).toBe(
      'Write into Sheet1!A1:F20? It overlaps the block of report "r1" (Sheet1!A5:B6).',
    );
    expect(a1Of({ row: 1, column: 27, rows: 1, columns: 1 })).toBe('AA1');
  });

  test('unique sheet names, case-insensitively, within 100 characters', () => {
    expect(uniqueName('MRR', ['Sheet1'])).toBe('MRR');
    expect(uniqueName('MRR', ['mrr', 'MRR (2)'])).toBe('MRR (3)');
    expect(uniqueName('x'.repeat(100), ['x'.repeat(100)])).toHaveLength(100);
  });
});
