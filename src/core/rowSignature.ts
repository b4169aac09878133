/**
 * What a refresh wrote into its block, as 147 characters kept with the saved report, whatever the block's
 * size: the next refresh tells rows the user inserted or typed into from its own before writing over them,
 * also when as many of its rows were deleted (the block's size unchanged). Each non-empty row's hash goes
 * into an invertible Bloom lookup table of 21 cells; the difference of the written and the current tables
 * peels to the few rows that differ, so the message can name them. Order-free: a sorted block is the same
 * rows. Dates count by type only: a change of the spreadsheet's time zone shifts every date Sheets reads back.
 */
const P = 7; // cells per hash function, three functions
const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const WIDTHS = [1, 4, 2]; // characters: count mod 64, key (24 bits), check (12 bits)
export const SIGNATURE_CHARS = 3 * P * 7;

type Table = number[][];

function canon(v: unknown, written: boolean): string {
  if (v === null || v === undefined || v === '') return '';
  if (typeof v === 'number') return String(+v.toPrecision(12));
  // Text written after an apostrophe (formula-safe) reads back without it.
  if (typeof v === 'string') return written && v[0] === "'" ? v.slice(1) : v;
  return Object.prototype.toString.call(v) === '[object Date]' ? '\u0002' : String(v as boolean);
}

/** Each row's 24-bit key (FNV-1a of its non-empty cells), -1 for an empty row. */
export function rowKeys(rows: readonly (readonly unknown[])[], written = false): number[] {
  return rows.map((row) => {
    let h = 0x811c9dc5;
    let any = false;
    for (const v of row) {
      const s = canon(v, written);
      if (!s) continue;
      any = true;
      for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x1000193);
      h = Math.imul(h ^ 1, 0x1000193);
    }
    return any ? (h ^ (h >>> 24)) & 0xffffff : -1;
  });
}

const check = (k: number) => (Math.imul(k ^ 0x5bd1e995, 0x27d4eb2d) >>> 20) & 0xfff;
function slot(k: number, i: number): number {
  let h = Math.imul(k ^ (i * 0x9e3779b9), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return i * P + (((h ^ (h >>> 16)) >>> 0) % P);
}

function add(t: Table, k: number, n: number): void {
  for (let i = 0; i < 3; i++) {
    const c = t[slot(k, i)];
    c[0] += n;
    c[1] ^= k;
    c[2] ^= check(k);
  }
}

function tableOf(keys: readonly number[]): Table {
  const t = Array.from({ length: 3 * P }, () => [0, 0, 0]);
  for (const k of keys) if (k >= 0) add(t, k, 1);
  return t;
}

export function signatureOf(keys: readonly number[]): string {
  let s = '';
  for (const c of tableOf(keys))
    [c[0] & 63, c[1], c[2]].forEach((v, j) => {
      for (let w = WIDTHS[j] - 1; w >= 0; w--) s += B64[(v >>> (6 * w)) & 63];
    });
  return s;
}

function parse(sig: string): Table | null {
  if (typeof sig !== 'string' || sig.length !== SIGNATURE_CHARS) return null;
  const t: Table = [];
  let p = 0;
  for (let i = 0; i < 3 * P; i++) {
    const c: number[] = [];
    for (const w of WIDTHS) {
      let v = 0;
      for (let j = 0; j < w; j++) {
        const d = B64.indexOf(sig[p++]);
        if (d < 0) return null;
        v = v * 64 + d;
      }
      c.push(v);
    }
    t.push(c);
  }
  return t;
}

/**
 * The current rows (indices) that are not among the rows written, given the current rows' keys: [] when
 * none (rows only deleted or emptied count as none), null when too many differ to name them. An invalid
 * signature compares as none.
 */
export function foreignRows(sig: string, current: readonly number[]): number[] | null {
  const w = parse(sig);
  if (!w) return [];
  const d = tableOf(current);
  d.forEach((c, i) => {
    c[0] = ((((c[0] - w[i][0]) % 64) + 96) % 64) - 32;
    c[1] ^= w[i][1];
    c[2] ^= w[i][2];
  });
  const added: number[] = [];
  for (let again = true; again;) {
    again = false;
    for (const c of d) {
      if ((c[0] === 1 || c[0] === -1) && check(c[1]) === c[2]) {
        if (c[0] === 1) added.push(c[1]);
        add(d, c[1], -c[0]);
        again = true;
      }
    }
  }
  if (d.some((c) => c[0] !== 0 || c[1] !== 0 || c[2] !== 0)) return null;
  const rows = current.flatMap((k, i) => (added.includes(k) ? [i] : []));
  // A peeled key that no current row has is a false peel: the difference is too large to name.
  return added.every((k) => current.includes(k)) ? rows : null;
}
