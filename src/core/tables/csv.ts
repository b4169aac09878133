/**
 * `format=csv` answers (Adapty's docs; README › Reference): the layout is undocumented, so nothing is interpreted. The first
 * row is the header; strictly numeric cells become numbers (no leading zeros, no thousands separators, so
 * ids like `007` stay text); empty cells are empty; everything else stays text.
 */
import type { Cell, Table } from '../table';
import { AdaptyError } from '../errors';
import { inferKind } from './builder';
import { NUMERIC, describe } from './shape';

export function csvCell(s: string): Cell {
  if (s === '') return null;
  const t = s.trim();
  return NUMERIC.test(t) ? Number(t) : s;
}

export function parseCsvTable(text: string): Table {
  if (typeof text !== 'string')
    throw new AdaptyError('bad_answer', `Adapty's CSV answer is not text: found ${describe(text)}.`);
  const body = text.replace(/^\uFEFF/, '');
  if (body.trim() === '') throw new AdaptyError('bad_answer', 'Adapty answered with an empty CSV: no header, no rows.');
  if (/^\s*</.test(body)) throw new AdaptyError('bad_answer', `Adapty's CSV answer is not CSV but ${describe(body)}.`);
  const parsed = parseCsv(body, delimiterOf(body));
  if (parsed.error)
    throw new AdaptyError(
      'bad_answer',
      `Adapty's CSV answer is malformed (row ${parsed.error.row}: ${parsed.error.message}).`,
    );
  const [header = [], ...body2] = parsed.data;
  let width = header.length;
  for (const r of body2) if (r.length > width) width = r.length;
  const seen = new Map<string, number>();
  const columns = Array.from({ length: width }, (_, i): Table['columns'][number] => {
    const label = (header[i] ?? '').trim() || `Column ${i + 1}`;
    let key =
      label
        .toLowerCase()
        .replace(/[^a-z0-9]+/g, '_')
        .replace(/^_|_$/g, '') || `column_${i + 1}`;
    const n = seen.get(key) ?? 0;
    seen.set(key, n + 1);
    if (n > 0) key = `${key}_${n + 1}`;
    return { key, label, kind: 'text' };
  });
  const rows: Cell[][] = body2.map((r) =>
    Array.from({ length: width }, (_, i) => (i < r.length ? csvCell(r[i]) : null)),
  );
  columns.forEach((c, i) => {
    const k = inferKind(rows, i);
    // Only numbers are interpreted: dates and the rest stay text, as Adapty wrote them.
    c.kind = k === 'integer' || k === 'number' ? k : 'text';
  });
  const table: Table = { columns, rows };
  const ragged = body2.filter((r) => r.length !== header.length).length;
  if (ragged)
    table.notes = [
      `${ragged} CSV row${ragged === 1 ? '' : 's'} had an unexpected number of fields; they are kept as given, padded with empty cells.`,
    ];
  return table;
}

/** Comma, unless the header line has none and has tabs or semicolons instead. */
function delimiterOf(text: string): string {
  const nl = text.search(/\r?\n/);
  const first = nl < 0 ? text : text.slice(0, nl);
  if (first.includes(',')) return ',';
  if (first.includes('\t')) return '\t';
  if (first.includes(';')) return ';';
  return ',';
}

/**
 * RFC 4180 CSV: quoted fields with doubled quotes, embedded delimiters and newlines, CRLF or LF.
 * Hand-written because papaparse's bundle references setTimeout, Blob and XMLHttpRequest, which Apps
 * Script lacks. Blank lines are skipped.
 */
export function parseCsv(
  text: string,
  delimiter = ',',
): { data: string[][]; error?: { row: number; message: string } } {
  const data: string[][] = [];
  let row: string[] = [];
  let field = '';
  let i = 0;
  let quoted = false;
  let quoteRow = 0;
  const n = text.length;
  const endRow = () => {
    row.push(field);
    field = '';
    if (!(row.length === 1 && row[0].trim() === '')) data.push(row);
    row = [];
  };
  while (i < n) {
    const c = text[i];
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        quoted = false;
        i++;
        continue;
      }
      field += c;
      i++;
      continue;
    }
    if (c === '"' && field === '') {
      quoted = true;
      quoteRow = data.length + 1;
      i++;
      continue;
    }
    if (c === delimiter) {
      row.push(field);
      field = '';
      i++;
      continue;
    }
    if (c === '\r' && text[i + 1] === '\n') {
      endRow();
      i += 2;
      continue;
    }
    if (c === '\n' || c === '\r') {
      endRow();
      i++;
      continue;
    }
    field += c;
    i++;
  }
  if (quoted) return { data, error: { row: quoteRow, message: 'a quoted field is never closed' } };
  if (field !== '' || row.length > 0) endRow();
  return { data };
}
