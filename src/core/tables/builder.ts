/**
 * Builds a Table column by column: columns are registered on first sight (stable first-seen order,
 * optionally grouped and sorted), rows are plain arrays indexed by column position, and `auto`
 * columns get their kind from the values they ended up holding.
 */
import type { Cell, Column, ColumnKind, Table } from '../table';
import { isDateString, isTimestampString } from './shape';

/** Notes several normalisers give. */
export const NO_DATA = 'Adapty returned no data for this request.';
export const NO_COMPARE = 'A compare period was asked for, but Adapty’s answer carries no compare values.';

export type KindSpec = ColumnKind | 'auto';

export interface ColOptions {
  /** Columns are ordered by group first (default 0), then by `sort` when both have one, then first seen. */
  group?: number;
  sort?: string | number;
}

interface ColState {
  key: string;
  label: string;
  kind: KindSpec;
  group: number;
  sort?: string | number;
  seq: number;
}

export class TableBuilder {
  private readonly cols: ColState[] = [];
  private readonly idx = new Map<string, number>();
  readonly rows: Cell[][] = [];
  private readonly notes: string[] = [];

  /** The position of column `key`, registering it (with `label` and `kind`) on first sight. */
  col(key: string, label: string, kind: KindSpec = 'auto', opts: ColOptions = {}): number {
    const found = this.idx.get(key);
    if (found !== undefined) return found;
    const i = this.cols.length;
    this.cols.push({ key, label, kind, group: opts.group ?? 0, sort: opts.sort, seq: i });
    this.idx.set(key, i);
    return i;
  }

  index(key: string): number | undefined {
    return this.idx.get(key);
  }

  get width(): number {
    return this.cols.length;
  }

  /** A new, empty row appended to the table. */
  row(): Cell[] {
    const r: Cell[] = [];
    this.rows.push(r);
    return r;
  }

  note(text: string): void {
    if (!this.notes.includes(text)) this.notes.push(text);
  }

  /**
   * Writes `value` into `row` at column `key` unless that cell already holds a different value.
   * Returns false on such a conflict (the caller then writes elsewhere, so nothing is lost).
   */
  trySet(row: Cell[], key: string, label: string, kind: KindSpec, value: Cell, opts?: ColOptions): boolean {
    const existing = this.idx.get(key);
    if (existing !== undefined) {
      const cur = row[existing];
      if (cur !== undefined && cur !== null && cur !== value) return false;
      if (value === null && cur !== undefined && cur !== null) return true;
      row[existing] = value;
      return true;
    }
    if (value === null) return true; // an empty leaf never creates a column
    row[this.col(key, label, kind, opts)] = value;
    return true;
  }

  build(): Table {
    const n = this.cols.length;
    const order = this.cols.map((_, i) => i);
    order.sort((a, b) => {
      const A = this.cols[a],
        B = this.cols[b];
      if (A.group !== B.group) return A.group - B.group;
      if (A.sort !== undefined && B.sort !== undefined && A.sort !== B.sort) {
        if (typeof A.sort === 'number' && typeof B.sort === 'number') return A.sort - B.sort;
        return String(A.sort) < String(B.sort) ? -1 : 1;
      }
      return A.seq - B.seq;
    });
    const identity = order.every((v, i) => v === i);
    // The builder's rows are its own: normalised in place (holes → null) unless columns move.
    const rows: Cell[][] = identity ? this.rows : new Array<Cell[]>(this.rows.length);
    for (let r = 0; r < this.rows.length; r++) {
      const src = this.rows[r];
      if (identity) {
        for (let c = 0; c < n; c++) if (src[c] === undefined) src[c] = null;
        if (src.length > n) src.length = n;
      } else {
        const out = new Array<Cell>(n);
        for (let c = 0; c < n; c++) {
          const v = src[order[c]];
          out[c] = v === undefined ? null : v;
        }
        rows[r] = out;
      }
    }
    const columns: Column[] = order.map((i, c) => {
      const s = this.cols[i];
      return { key: s.key, label: s.label, kind: s.kind === 'auto' ? inferKind(rows, c) : s.kind };
    });
    uniqueLabels(columns);
    const table: Table = { columns, rows };
    if (this.notes.length) table.notes = [...this.notes];
    return table;
  }
}

/** The kind of an `auto` column from its values: whole numbers → integer, numbers → number, … text otherwise. */
export function inferKind(rows: Cell[][], c: number): ColumnKind {
  let num = false,
    frac = false,
    bool = false,
    date = false,
    datetime = false,
    text = false;
  for (let r = 0; r < rows.length; r++) {
    const v = rows[r][c];
    if (v === null || v === undefined) continue;
    if (typeof v === 'number') {
      num = true;
      if (!Number.isInteger(v)) frac = true;
    } else if (typeof v === 'boolean') bool = true;
    else if (isDateString(v)) date = true;
    else if (isTimestampString(v)) datetime = true;
    else text = true;
  }
  const kinds = Number(num) + Number(bool) + Number(date) + Number(datetime) + Number(text);
  if (kinds !== 1) return 'text';
  if (num) return frac ? 'number' : 'integer';
  if (bool) return 'boolean';
  if (date) return 'date';
  if (datetime) return 'datetime';
  return 'text';
}

/** Two columns with the same header get their key appended, so every header is unique. */
function uniqueLabels(columns: Column[]): void {
  const count = new Map<string, number>();
  for (const c of columns) count.set(c.label, (count.get(c.label) ?? 0) + 1);
  for (const c of columns) if ((count.get(c.label) ?? 0) > 1) c.label = `${c.label} (${c.key})`;
}
