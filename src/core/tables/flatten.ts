/**
 * The generic flattener: any JSON value → (path, scalar) leaves, in the value's own key order (so
 * columns made from it keep a stable first-seen order).
 *
 * - nested object keys are joined with `.`: `{a: {b: 1}}` → `a.b = 1`
 * - arrays of strings are joined with `, ` into one text leaf: `tags = "x, y"`
 * - any other array is indexed from 0: `{a: [1, 2]}` → `a[0] = 1`, `a[1] = 2`; `[{v: 1}]` → `[0].v`
 * - empty objects and arrays give no leaf; `null` gives a null leaf
 *
 * No number is ever dropped: every number in the input is the value of exactly one leaf.
 */
import { isObj } from './shape';
import { asText } from '../errors';

export type Leaf = string | number | boolean | null;
export type Emit = (path: string, leaf: Leaf) => void;

export function joinPath(prefix: string, key: string): string {
  return prefix === '' ? key : `${prefix}.${key}`;
}

export function flatten(value: unknown, emit: Emit, prefix = ''): void {
  if (value === undefined) return;
  if (value === null || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
    emit(prefix, value);
    return;
  }
  if (Array.isArray(value)) {
    if (value.length === 0) return;
    if (value.every((v) => typeof v === 'string')) {
      emit(prefix, value.join(', '));
      return;
    }
    for (let i = 0; i < value.length; i++) flatten(value[i], emit, `${prefix}[${i}]`);
    return;
  }
  if (isObj(value)) {
    for (const k of Object.keys(value)) flatten(value[k], emit, joinPath(prefix, k));
    return;
  }
  emit(prefix, asText(value)); // bigint, function: not JSON, kept as text rather than lost
}

export interface FieldsOptions {
  /** Keys handled elsewhere (known fields): not emitted. */
  skip?: ReadonlySet<string> | readonly string[];
  /** Known metadata keys (titles, descriptions): only their numeric leaves are emitted, text is ignored. */
  numbersOnly?: ReadonlySet<string> | readonly string[];
  prefix?: string;
}

const has = (s: ReadonlySet<string> | readonly string[] | undefined, k: string): boolean =>
  s === undefined ? false : Array.isArray(s) ? (s as readonly string[]).includes(k) : (s as ReadonlySet<string>).has(k);

/** Flattens an object's fields except the known ones; metadata fields contribute their numbers only. */
export function flattenFields(obj: Record<string, unknown>, emit: Emit, opts: FieldsOptions = {}): void {
  const prefix = opts.prefix ?? '';
  for (const k of Object.keys(obj)) {
    if (has(opts.skip, k)) continue;
    const path = joinPath(prefix, k);
    if (has(opts.numbersOnly, k)) {
      flatten(
        obj[k],
        (p, leaf) => {
          if (typeof leaf === 'number') emit(p, leaf);
        },
        path,
      );
      continue;
    }
    flatten(obj[k], emit, path);
  }
}

/** The leaves as a list (for small objects). */
export function leaves(value: unknown, prefix = ''): Array<[string, Leaf]> {
  const out: Array<[string, Leaf]> = [];
  flatten(value, (p, l) => out.push([p, l]), prefix);
  return out;
}
