/**
 * The user's own formula columns right of a report block (a margin %, a lookup): when a refresh changes
 * the block's row count they are filled down or trimmed with it. Pure: the adapter reads the cells.
 */

/** How many columns right of a block the scan looks at (one read, bounded). */
export const USER_COLUMNS_SCAN = 20;

/**
 * How many columns, counted from the block's right edge, follow the block: the leading run of columns whose
 * first data row holds a formula and whose other cells (in the rows the block had or will have) are empty
 * or formulas. A column holding a typed value there is the user's data and is left alone, as is every
 * column after it.
 */
export function followingColumns(formulas: readonly string[][], values: readonly unknown[][]): number {
  const width = formulas[0]?.length ?? 0;
  let n = 0;
  for (; n < width; n++) {
    if (!formulas[0][n]) break;
    let typed = false;
    for (let i = 1; i < formulas.length && !typed; i++)
      typed = !formulas[i][n] && values[i][n] !== '' && values[i][n] !== null && values[i][n] !== undefined;
    if (typed) break;
  }
  return n;
}
