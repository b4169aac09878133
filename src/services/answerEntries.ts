/**
 * Reading cached answers and tables back. An entry that is unreadable, of the wrong shape, or that no
 * longer builds a table is removed and counts as a miss: the report is fetched again, never failed.
 */
import { getChunked, removeChunked, type KeyValueCache } from '../core/chunkedCache';
import type { BuiltRequest } from '../core/request';
import type { Table } from '../core/table';

const CELL_TYPES = new Set(['string', 'number', 'boolean']);

/** What a cached table must look like before the sheet gets it. */
export function isTable(v: unknown): v is Table {
  if (!v || typeof v !== 'object') return false;
  const { columns, rows } = v as { columns?: unknown; rows?: unknown };
  if (!Array.isArray(columns) || !Array.isArray(rows)) return false;
  for (const c of columns) {
    if (!c || typeof c !== 'object') return false;
    const { key, label, kind } = c as { key?: unknown; label?: unknown; kind?: unknown };
    if (typeof key !== 'string' || typeof label !== 'string' || typeof kind !== 'string') return false;
  }
  for (const r of rows) {
    if (!Array.isArray(r)) return false;
    for (const cell of r) if (cell !== null && !CELL_TYPES.has(typeof cell)) return false;
  }
  return true;
}

/** The cached table, else the table built from the cached answer, else null (a miss). */
export function readCached(
  cache: KeyValueCache,
  built: BuiltRequest,
  answerKey: string,
  tableRef: { key: string; tag?: string },
  toTable: (built: BuiltRequest, data: unknown) => Table,
  rebuilt?: (table: Table) => void,
): Table | null {
  const table = readTable(cache, tableRef, getChunked(cache, tableRef.key, undefined, tableRef.tag));
  if (table) return table;
  const text = getChunked(cache, answerKey);
  if (text === null) return null;
  try {
    const fresh = toTable(built, built.format === 'csv' ? text : JSON.parse(text));
    rebuilt?.(fresh);
    return fresh;
  } catch {
    removeChunked(cache, answerKey);
    return null;
  }
}

/** The table in an entry's text, or null; an entry that is not a table is removed. */
export function readTable(cache: KeyValueCache, ref: { key: string }, text: string | null): Table | null {
  if (text === null) return null;
  const table = parse(text);
  if (isTable(table)) return table;
  removeChunked(cache, ref.key);
  return null;
}

function parse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
