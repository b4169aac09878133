import { followingColumns } from './userColumns';

describe('followingColumns: the user formula columns that follow a block', () => {
  test('the leading run of columns whose first data row is a formula and whose other cells are formulas or empty', () => {
    const f = [
      ['=D2/C2', '=VLOOKUP(B2,X:Y,2)', '', '=A2'],
      ['=D3/C3', '', '', '=A3'],
      ['', '', '', ''],
    ];
    const v = [
      [0.5, 'x', 'note', 1],
      [0.4, '', '', 2],
      ['', '', '', ''],
    ];
    expect(followingColumns(f, v)).toBe(2);
  });

  test('a typed value in a column stops the run there: the user’s data is never overwritten', () => {
    expect(
      followingColumns(
        [
          ['=D2', '=E2'],
          ['=D3', ''],
        ],
        [
          [1, 2],
          [1, 'typed'],
        ],
      ),
    ).toBe(1);
  });

  test('no formula right of the block, or nothing scanned: nothing follows', () => {
    expect(followingColumns([['', '=A1']], [['', 1]])).toBe(0);
    expect(followingColumns([], [])).toBe(0);
  });
});
