/**
 * A long string kept in a properties store whose values hold at most 9 KB: split across numbered
 * entries under one prefix. Pure: works on plain key → value maps.
 */
import { hasOwn } from './own';

/** Bytes the text takes in UTF-8 (how Apps Script counts a property's size). */
export function utf8Length(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c < 0xdc00) {
      n += 4; // a surrogate pair: one 4-byte character
      i++;
    } else n += 3;
  }
  return n;
}

/** Characters per entry: ASCII fits 8,000 under 9 KB with the key; other text may take 3 bytes a character. */
export function entrySize(text: string): number {
  return isAscii(text) ? 8000 : 2600;
}

export function isAscii(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 0x7f) return false;
  return true;
}

/** The entries for `text` under `prefix`: `prefix` holds the count, `prefix.0…` the parts. */
export function toEntries(prefix: string, text: string): Record<string, string> {
  const size = entrySize(text);
  const n = Math.max(1, Math.ceil(text.length / size));
  const out: Record<string, string> = { [prefix]: String(n) };
  for (let i = 0; i < n; i++) out[`${prefix}.${i}`] = text.slice(i * size, (i + 1) * size);
  return out;
}

export function fromEntries(prefix: string, all: Record<string, string>): string | null {
  const n = Number(all[prefix]);
  if (!Number.isInteger(n) || n < 1) return null;
  let out = '';
  for (let i = 0; i < n; i++) {
    const part = all[`${prefix}.${i}`];
    if (part === undefined) return null;
    out += part;
  }
  return out;
}

/** Keys under `prefix` that `next` no longer uses (to delete after a rewrite). */
export function staleKeys(prefix: string, all: Record<string, string>, next: Record<string, string>): string[] {
  return Object.keys(all).filter((k) => (k === prefix || k.startsWith(prefix + '.')) && !hasOwn(next, k));
}
