import { SIGNATURE_CHARS, foreignRows, rowKeys, signatureOf } from './rowSignature';

const day = (i: number) => new Date(Date.UTC(2026, 9, 1 + i));
/** A written block: header and `n` daily rows (dates, revenue, a status). */
function block(n: number): unknown[][] {
  return [['Period', 'Revenue', 'Status'], ...Array.from({ length: n }, (_, i) => [day(i), 1000 + i * 7.25, 'final'])];
}
const sigOf = (rows: unknown[][]) => signatureOf(rowKeys(rows, true));
const foreign = (written: unknown[][], now: unknown[][]) => foreignRows(sigOf(written), rowKeys(now));

describe('a block signature', () => {
  test('is the same size for 5 rows and 5,000 rows', () => {
    expect(sigOf(block(5))).toHaveLength(SIGNATURE_CHARS);
    expect(sigOf(block(5000))).toHaveLength(SIGNATURE_CHARS);
    expect(SIGNATURE_CHARS).toBeLessThanOrEqual(160);
  });

  test('an untouched block, read back as Sheets returns it, holds no foreign row', () => {
    const written = [["'0042", 'x', null], ...block(30)];
    const read = written.map((r) => r.map((v) => (v === null ? '' : v === "'0042" ? '0042' : v)));
    expect(foreign(written, read)).toEqual([]);
  });

  test('rows inserted inside and as many deleted elsewhere (same size): the inserted rows are named', () => {
    const w = block(40);
    const now = [...w.slice(0, 10), ['', 'promo week'], ['', 'ask Ann'], ...w.slice(10, 30), ...w.slice(32)];
    expect(now).toHaveLength(w.length);
    expect(foreign(w, now)).toEqual([10, 11]);
  });

  test('a number typed over is a foreign row; the same block sorted is not', () => {
    const w = block(5000);
    const typed = w.map((r, i) => (i === 2345 ? [r[0], 5, r[2]] : r));
    expect(foreign(w, typed)).toEqual([2345]);
    expect(foreign(w, [w[0], ...w.slice(1).reverse()])).toEqual([]);
  });

  test('rows deleted, emptied or left empty inside count as none; many changed rows are not named', () => {
    const w = block(60);
    expect(foreign(w, [...w.slice(0, 20), ...w.slice(25)])).toEqual([]);
    expect(foreign(w, [...w.slice(0, 20), ['', '', ''], ['', ''], ...w.slice(20)])).toEqual([]);
    expect(
      foreign(
        w,
        w.map((r, i) => (i > 0 && i < 41 ? [r[0], 1, r[2]] : r)),
      ),
    ).toBeNull();
    expect(foreign(w, w.slice(0, 30))).toBeNull(); // 31 rows deleted: too many to tell
    expect(
      foreign(
        w,
        w.map((r) => r.map(() => '')),
      ),
    ).toEqual([]); // then cleared: nobody's rows
  });

  test('an inserted row that copies one of the block, then edited, is found wherever it is', () => {
    const w = block(200);
    for (let at = 1; at < 200; at += 13) {
      const now = [...w.slice(0, at), [w[at][0], 99, 'final'], ...w.slice(at, 199)];
      expect(foreign(w, now)).toEqual([at]);
    }
  });

  test('a text in an empty cell of a row is a change; a missing or damaged signature compares as none', () => {
    const w = block(3);
    expect(
      foreign(
        w,
        w.map((r, i) => (i === 1 ? [...r, 'my note'] : r)),
      ),
    ).toEqual([1]);
    expect(foreignRows('', rowKeys(w))).toEqual([]);
    expect(foreignRows('!'.repeat(SIGNATURE_CHARS), rowKeys(w))).toEqual([]);
  });
});
