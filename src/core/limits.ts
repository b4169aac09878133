/**
 * Length checks that run before any parsing: every input is measured against the catalog's
 * INPUT_LIMITS first, so no input costs more than reading its length.
 */
import { INPUT_LIMITS } from '../catalog/catalog';
import { ValidationError, quote } from './errors';

export { INPUT_LIMITS };

const count = (n: number) => n.toLocaleString('en-US');

/** `field "abc…" has 1,048,576 characters: at most 100 (what)`. */
export function tooLong(field: string, value: string, max: number, what: string): ValidationError {
  return new ValidationError(
    field,
    `${field} ${quote(value)} has ${count(value.length)} characters: ${what} has at most ${count(max)}`,
  );
}

/** Refuses a text longer than `max` (other types pass: their own checks follow). */
export function boundText(value: unknown, field: string, max: number, what: string): void {
  if (typeof value === 'string' && value.length > max) throw tooLong(field, value, max, what);
}

/**
 * Refuses a range (an array of rows or of values) with more than `maxCells` cells, or whose text cells
 * add up to more than `maxChars` characters. Counted without copying the range.
 */
export function boundRange(value: unknown, field: string, maxCells: number, maxChars: number): void {
  if (!Array.isArray(value)) return;
  let cells = 0;
  let chars = 0;
  const visit = (v: unknown, depth: number): void => {
    if (Array.isArray(v) && depth < 3) {
      for (const x of v) visit(x, depth + 1);
      return;
    }
    cells++;
    if (typeof v === 'string') chars += v.length;
  };
  // Rows are checked as they come, so a 1,000,000-cell range stops at the first row over the limit.
  for (const row of value) {
    visit(row, 1);
    if (cells > maxCells)
      throw new ValidationError(
        field,
        `${field} is a range of more than ${count(maxCells)} cells: use a smaller range`,
      );
    if (chars > maxChars)
      throw new ValidationError(
        field,
        `${field} holds more than ${count(maxChars)} characters of text: use a smaller range or shorter values`,
      );
  }
}

/** A list (array or comma-separated text) of at most INPUT_LIMITS.listItems items. */
export function boundList(items: readonly unknown[], field: string): void {
  if (items.length > INPUT_LIMITS.listItems)
    throw new ValidationError(
      field,
      `${field} lists ${count(items.length)} values: at most ${count(INPUT_LIMITS.listItems)} are allowed`,
    );
}
