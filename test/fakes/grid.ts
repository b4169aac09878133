/** Sparse 2-D storage used for each cell layer of a sheet (0-based indexes). */
export class Grid<T> {
  rows: (T[] | undefined)[] = [];

  get(r: number, c: number): T | undefined {
    const row = this.rows[r];
    return row === undefined ? undefined : row[c];
  }

  set(r: number, c: number, v: T | undefined): void {
    let row = this.rows[r];
    if (v === undefined) {
      if (row !== undefined && c < row.length) row[c] = undefined as unknown as T;
      return;
    }
    if (row === undefined) {
      row = [];
      this.rows[r] = row;
    }
    row[c] = v;
  }

  clearRect(r: number, c: number, nr: number, nc: number): void {
    const end = Math.min(r + nr, this.rows.length);
    for (let i = r; i < end; i++) {
      const row = this.rows[i];
      if (row === undefined) continue;
      if (c === 0 && c + nc >= row.length) {
        this.rows[i] = undefined;
        continue;
      }
      const e2 = Math.min(c + nc, row.length);
      for (let j = c; j < e2; j++) row[j] = undefined as unknown as T;
    }
  }

  clearAll(): void {
    this.rows = [];
  }

  insertRows(at: number, n: number): void {
    const len = this.rows.length;
    if (at >= len) return;
    this.rows.length = len + n;
    for (let i = len - 1; i >= at; i--) this.rows[i + n] = this.rows[i];
    for (let i = at; i < at + n; i++) this.rows[i] = undefined;
  }

  deleteRows(at: number, n: number): void {
    if (at >= this.rows.length) return;
    this.rows.splice(at, n);
  }

  insertCols(at: number, n: number): void {
    for (const row of this.rows) {
      if (row === undefined || at >= row.length) continue;
      const len = row.length;
      row.length = len + n;
      for (let j = len - 1; j >= at; j--) row[j + n] = row[j];
      for (let j = at; j < at + n; j++) row[j] = undefined as unknown as T;
    }
  }

  deleteCols(at: number, n: number): void {
    for (const row of this.rows) {
      if (row === undefined || at >= row.length) continue;
      row.splice(at, n);
    }
  }

  /** 1-based index of the last row holding a value (0 if none). */
  lastRow(): number {
    for (let i = this.rows.length - 1; i >= 0; i--) {
      const row = this.rows[i];
      if (row === undefined) continue;
      for (let j = 0; j < row.length; j++) if (row[j] !== undefined) return i + 1;
    }
    return 0;
  }

  /** 1-based index of the last column holding a value (0 if none). */
  lastCol(): number {
    let max = 0;
    for (const row of this.rows) {
      if (row === undefined) continue;
      for (let j = row.length - 1; j >= max; j--) {
        if (row[j] !== undefined) {
          max = j + 1;
          break;
        }
      }
    }
    return max;
  }

  clone(copy: (v: T) => T = (v) => v): Grid<T> {
    const g = new Grid<T>();
    g.rows = this.rows.map((row) => (row === undefined ? undefined : row.map((v) => (v === undefined ? v : copy(v)))));
    return g;
  }
}
