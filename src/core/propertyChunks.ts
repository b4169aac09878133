/**
 * A long string kept in a properties store whose values hold at most 9 KB: split across numbered
 * entries under one prefix. Pure: works on plain key → value maps.
 */

/** Characters per entry: ASCII fits 8,000 under 9 KB with the key; other text may take 3 bytes a character. */
export function entrySize(text: string): number {
  // eslint-disable-next-line no-control-regex
  return /^[\x00-\x7f]*$/.test(text) ? 8000 : 2600;
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
  return Object.keys(all).filter((k) => (k === prefix || k.startsWith(prefix + '.')) && !(k in next));
}
