import { blocksOf } from './formulaRefresh';

describe('blocksOf: changed cells → as few setFormulas as possible', () => {
  test('rectangles of changed cells become one block; gaps split', () => {
    const c = (row: number, col: number) => ({ row, col, formula: `=F${row}_${col}` });
    const blocks = blocksOf([c(0, 0), c(0, 1), c(1, 0), c(1, 1), c(2, 0), c(5, 3), c(7, 3), c(3, 0), c(3, 1)]);
    expect(blocks).toEqual([
      {
        row: 0,
        col: 0,
        formulas: [
          ['=F0_0', '=F0_1'],
          ['=F1_0', '=F1_1'],
        ],
      },
      { row: 2, col: 0, formulas: [['=F2_0']] },
      { row: 3, col: 0, formulas: [['=F3_0', '=F3_1']] },
      { row: 5, col: 3, formulas: [['=F5_3']] },
      { row: 7, col: 3, formulas: [['=F7_3']] },
    ]);
  });

  test('a column of formulas is one block', () => {
    const blocks = blocksOf(Array.from({ length: 50 }, (_, i) => ({ row: 10 + i, col: 2, formula: `=X${i}` })));
    expect(blocks).toHaveLength(1);
    expect(blocks[0].formulas).toHaveLength(50);
  });

  test('every changed cell is written exactly once', () => {
    const cells = [] as { row: number; col: number; formula: string }[];
    for (let r = 0; r < 20; r++)
      for (let col = 0; col < 6; col++)
        if ((r * 7 + col * 3) % 4 !== 0) cells.push({ row: r, col, formula: `=${r}_${col}` });
    const written = new Map<string, string>();
    for (const b of blocksOf(cells))
      b.formulas.forEach((row, i) =>
        row.forEach((f, j) => {
          const k = `${b.row + i},${b.col + j}`;
          expect(written.has(k)).toBe(false);
          written.set(k, f);
        }),
      );
    expect(written.size).toBe(cells.length);
    for (const c of cells) expect(written.get(`${c.row},${c.col}`)).toBe(c.formula);
  });
});
