/**
 * Prototype-safe lookups. On a plain object `constructor`, `toString`, `__proto__`, `valueOf`… answer
 * from Object.prototype, and users type those words (a filter value, a chart name) and answers carry
 * them as keys. Object.hasOwn is ES2022, which Apps Script's V8 is not promised to have (the bundle
 * targets ES2020: tsconfig.gas.json), so own-ness is asked through Object.prototype.hasOwnProperty.
 */
const ownKey = (o: unknown, key: string): boolean => Object.prototype.hasOwnProperty.call(o, key);

/** `key` is an own property of `o` (never one inherited from Object.prototype). */
export function hasOwn(o: unknown, key: string): boolean {
  return o !== null && o !== undefined && ownKey(o, key);
}

/** `o[key]` when it is `o`'s own property, else undefined. */
export function own<T>(o: Readonly<Record<string, T>> | null | undefined, key: string): T | undefined {
  return o !== null && o !== undefined && ownKey(o, key) ? o[key] : undefined;
}

/**
 * A lookup table without a prototype: `t.constructor` is undefined, `t.__proto__ = x` is a plain
 * entry. Built with defineProperty so even a `__proto__` entry lands as data.
 */
export function dict<T>(entries: Iterable<readonly [string, T]> | Readonly<Record<string, T>>): Record<string, T> {
  const out = Object.create(null) as Record<string, T>;
  const list: Iterable<readonly [string, T]> =
    Symbol.iterator in Object(entries)
      ? (entries as Iterable<readonly [string, T]>)
      : Object.entries(entries as Record<string, T>);
  for (const [k, v] of list)
    Object.defineProperty(out, k, { value: v, enumerable: true, writable: true, configurable: true });
  return out;
}

/** A key → value record filled from user input or an answer: null prototype, every key kept as data. */
export function record(): Record<string, unknown> {
  return Object.create(null) as Record<string, unknown>;
}

/** Sets `o[key] = value` as an own data property, also for `__proto__` (a plain assignment would drop it). */
export function put<T>(o: Record<string, T>, key: string, value: T): void {
  Object.defineProperty(o, key, { value, enumerable: true, writable: true, configurable: true });
}
