/**
 * Removes every trace of the API key from text that came from outside (an error body, a network error,
 * a message built from them) before it is shown, logged or stored. A proxy or server that echoes the
 * `Authorization` header may cut it, escape it or encode it, so "a trace" is any run of 8 or more
 * consecutive characters of the key (case-sensitive) in the text as it is, or after JSON (`\uXXXX`,
 * `\/`), HTML (`&#95;`, `&#x5F;`, `&lowbar;`…) or URL (`%5F`) unescaping, nested up to three levels
 * deep, or in base64 (of the key, of `Api-Key <key>`, at any byte alignment).
 * The public prefix the mask shows (`secret_live_`) is not secret: runs that lie entirely inside it
 * are left alone, so messages may still say "secret_live_…".
 * Cost: one rolling-hash pass per view of the text (linear); see bench/secrets.bench.ts.
 */

export const REDACTED = '[redacted key]';
/** The shortest run of key characters that counts as a leak. */
export const MIN_FRAGMENT = 8;
/** Nested escaping levels undone (an HTML page quoting a JSON body quoting a URL…). */
const MAX_DEPTH = 3;

/** The prefix of a key that the mask shows and that is no secret: `secret_live_`, else `secret_`, else none. */
export function publicPrefix(key: string): string {
  if (key.startsWith('secret_live_')) return 'secret_live_';
  if (key.startsWith('secret_')) return 'secret_';
  return '';
}

interface Needles {
  key: string;
  /** Each 8-character needle → where it starts in the key (-1 for base64 needles). */
  grams: Map<string, number>;
  hashes: Set<number>;
}

// One key's needles, kept: a run redacts many texts with the same key.
let cached: { key: string; needles: Needles } | null = null;

// A local binding: a global lookup per character is slow where the code runs in a vm context.
const imul = Math.imul;
const B = 131;
const B_POW = (() => {
  let p = 1;
  for (let i = 0; i < MIN_FRAGMENT - 1; i++) p = imul(p, B);
  return p;
})();

function hashAt(s: string, i: number): number {
  let h = 0;
  for (let k = 0; k < MIN_FRAGMENT; k++) h = (imul(h, B) + s.charCodeAt(i + k)) | 0;
  return h;
}

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** Base64 of a Latin-1/ASCII string (keys are ASCII), without padding. */
export function base64(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i += 3) {
    const a = text.charCodeAt(i) & 255;
    const b = i + 1 < text.length ? text.charCodeAt(i + 1) & 255 : -1;
    const c = i + 2 < text.length ? text.charCodeAt(i + 2) & 255 : -1;
    out += B64[a >> 2] + B64[((a & 3) << 4) | (b < 0 ? 0 : b >> 4)];
    if (b >= 0) out += B64[((b & 15) << 2) | (c < 0 ? 0 : c >> 6)];
    if (c >= 0) out += B64[c & 63];
  }
  return out;
}

/**
 * The base64 characters that depend on the secret part alone, for each of the 3 byte alignments it may
 * have in a longer encoded text (and in the URL-safe alphabet).
 */
function base64Forms(secret: string): string[] {
  const out: string[] = [];
  for (let shift = 0; shift < 3; shift++) {
    // `shift` filler bytes before; drop the characters that mix in filler or what follows.
    const enc = base64('\0'.repeat(shift) + secret);
    const lead = Math.ceil((shift * 4) / 3);
    const whole = Math.floor(((shift + secret.length) * 4) / 3);
    const inner = enc.slice(lead, whole);
    out.push(inner, inner.replace(/\+/g, '-').replace(/\//g, '_'));
  }
  return out;
}

function needlesFor(key: string): Needles {
  if (cached && cached.key === key) return cached.needles;
  const grams = new Map<string, number>();
  const addGrams = (s: string, from: number, inKey: boolean) => {
    for (let i = from; i + MIN_FRAGMENT <= s.length; i++) {
      const g = s.slice(i, i + MIN_FRAGMENT);
      if (!grams.has(g)) grams.set(g, inKey ? i : -1);
    }
  };
  const prefix = publicPrefix(key);
  // Runs starting inside the prefix count once they reach past it.
  addGrams(key, Math.max(0, prefix.length - MIN_FRAGMENT + 1), true);
  for (const form of base64Forms(key.slice(prefix.length))) addGrams(form, 0, false);
  const hashes = new Set<number>();
  for (const g of grams.keys()) hashes.add(hashAt(g, 0));
  const needles = { key, grams, hashes };
  cached = { key, needles };
  return needles;
}

/**
 * Calls `hit` with the [start, end) ranges of `view` (view coordinates, increasing, merged) where a needle
 * occurs. A hit is widened to the left over the key's public prefix, so "secret_live_" goes with it.
 */
function scan(view: string, n: Needles, hit: (start: number, end: number) => void): void {
  if (view.length < MIN_FRAGMENT) return;
  const { hashes, grams, key } = n;
  let h = hashAt(view, 0);
  const last = view.length - MIN_FRAGMENT;
  let open = -1;
  let close = -1;
  for (let i = 0; ; i++) {
    if (hashes.has(h)) {
      const at = grams.get(view.slice(i, i + MIN_FRAGMENT));
      if (at !== undefined) {
        let start = i;
        if (start >= close)
          for (let k = at; k > 0 && start > 0 && view.charCodeAt(start - 1) === key.charCodeAt(k - 1); k--) start--;
        if (open >= 0 && start <= close) close = i + MIN_FRAGMENT;
        else {
          if (open >= 0) hit(open, close);
          open = start;
          close = i + MIN_FRAGMENT;
        }
      }
    }
    if (i === last) break;
    h = (imul(h - imul(view.charCodeAt(i), B_POW), B) + view.charCodeAt(i + MIN_FRAGMENT)) | 0;
  }
  if (open >= 0) hit(open, close);
}

const NAMED: ReadonlyMap<string, string> = new Map([
  ['amp', '&'],
  ['lt', '<'],
  ['gt', '>'],
  ['quot', '"'],
  ['apos', "'"],
  ['nbsp', ' '],
  ['lowbar', '_'],
  ['UnderBar', '_'],
  ['period', '.'],
  ['sol', '/'],
  ['colon', ':'],
  ['equals', '='],
  ['plus', '+'],
  ['hyphen', '-'],
  ['dash', '-'],
  ['num', '#'],
  ['percnt', '%'],
]);

const hexVal = (c: number): number =>
  c >= 48 && c <= 57 ? c - 48 : c >= 65 && c <= 70 ? c - 55 : c >= 97 && c <= 102 ? c - 87 : -1;

/**
 * One level of unescaping. Only the escapes are recorded (sorted by view index), so a text without
 * escapes costs one pass and no per-character bookkeeping; positions are mapped back only for hits.
 */
interface View {
  text: string;
  /** View index of each escape, and the [start, end) it came from in the level below. */
  at: number[];
  start: number[];
  end: number[];
  below: View | null;
}

/** [start, end) in the level below of the view's character p. */
function down(v: View, p: number): [number, number] {
  let lo = 0;
  let hi = v.at.length - 1;
  let j = -1; // last escape at or before p
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (v.at[mid] <= p) {
      j = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  if (j >= 0 && v.at[j] === p) return [v.start[j], v.end[j]];
  const q = j < 0 ? p : v.end[j] + (p - v.at[j] - 1);
  return [q, q + 1];
}

/** [a, b) of view characters as a range of the original text. */
function toOriginal(v: View | null, a: number, b: number): [number, number] {
  for (let x: View | null = v; x; x = x.below) {
    a = down(x, a)[0];
    b = down(x, b - 1)[1];
  }
  return [a, b];
}

/**
 * Undoes one level of JSON, HTML and URL escaping at once. Returns null when there was nothing to undo.
 * Every escape becomes one character whose origin is the whole escape, so a hit maps back to whole escapes.
 */
function unescapeOnce(s: string, below: View | null): View | null {
  if (s.indexOf('\\') < 0 && s.indexOf('&') < 0 && s.indexOf('%') < 0) return null;
  const parts: string[] = [];
  const at: number[] = [];
  const start: number[] = [];
  const end: number[] = [];
  let run = 0; // start of the unchanged run being copied
  let n = 0; // view length so far, up to `run`
  const emit = (ch: string, a: number, b: number) => {
    if (run < a) parts.push(s.slice(run, a));
    n += a - run;
    at.push(n);
    start.push(a);
    end.push(b);
    parts.push(ch);
    n++;
    run = b;
  };
  for (let i = 0; i < s.length;) {
    const c = s.charCodeAt(i);
    let stop = 0;
    if (c === 92 /* \ */ && i + 1 < s.length) {
      const d = s[i + 1];
      if (d === 'u' && i + 5 < s.length) {
        const v = parseHex(s, i + 2, 4);
        if (v >= 0) emit(fromCode(v), i, (stop = i + 6));
      } else if (d === 'x' && i + 3 < s.length) {
        const v = parseHex(s, i + 2, 2);
        if (v >= 0) emit(fromCode(v), i, (stop = i + 4));
      } else if (d === '/' || d === '"' || d === '\\' || d === "'" || d === '_' || d === '.') {
        emit(d, i, (stop = i + 2));
      }
    } else if (c === 37 /* % */ && i + 2 < s.length) {
      const v = parseHex(s, i + 1, 2);
      if (v >= 0) emit(fromCode(v), i, (stop = i + 3));
    } else if (c === 38 /* & */) {
      const m = ENTITY.exec(s.slice(i, i + 12));
      if (m) {
        const code = m[1] ? Number(m[1]) : m[2] ? parseInt(m[2], 16) : -1;
        const ch = code >= 0 ? (code <= 0xffff ? fromCode(code) : '\ufffd') : NAMED.get(m[3]);
        if (ch !== undefined) emit(ch, i, (stop = i + m[0].length));
      }
    }
    i = stop > 0 ? stop : i + 1;
  }
  if (at.length === 0) return null;
  if (run < s.length) parts.push(s.slice(run));
  return { text: parts.join(''), at, start, end, below };
}

const ENTITY = /^&(?:#(\d{1,7})|#[xX]([0-9A-Fa-f]{1,6})|([A-Za-z]{2,8}));?/;
const fromCode = String.fromCharCode;

function parseHex(s: string, at: number, len: number): number {
  let v = 0;
  for (let k = 0; k < len; k++) {
    const d = hexVal(s.charCodeAt(at + k));
    if (d < 0) return -1;
    v = v * 16 + d;
  }
  return v;
}

/** True when the text holds a trace of the key (see the file comment). */
export function containsSecret(text: string, key: string | null | undefined): boolean {
  return hitsIn(text, key).length > 0;
}

/** The merged [start, end) ranges of the text that hold a trace of the key. */
function hitsIn(text: string, key: string | null | undefined): Array<[number, number]> {
  if (!key || key.length < MIN_FRAGMENT || !text || text.length < MIN_FRAGMENT) return [];
  const n = needlesFor(key);
  const ranges: Array<[number, number]> = [];
  scan(text, n, (a, b) => ranges.push([a, b]));
  let view: View | null = null;
  for (let depth = 0; depth < MAX_DEPTH; depth++) {
    const next = unescapeOnce(view ? view.text : text, view);
    if (!next) break;
    scan(next.text, n, (a, b) => ranges.push(toOriginal(next, a, b)));
    view = next;
  }
  if (ranges.length === 0) return ranges;
  ranges.sort((x, y) => x[0] - y[0]);
  const merged: Array<[number, number]> = [ranges[0]];
  for (const r of ranges) {
    const top = merged[merged.length - 1];
    if (r[0] <= top[1]) top[1] = Math.max(top[1], r[1]);
    else merged.push([r[0], r[1]]);
  }
  return merged;
}

/**
 * The text with every trace of the key replaced by REDACTED. Pure; linear in the text's length.
 * The result is scanned again (a cut escape such as `&#46` may read differently once its neighbour is gone).
 */
export function redactSecret(text: string, key: string | null | undefined): string {
  if (typeof text !== 'string') return text;
  let out = text;
  for (let pass = 0; pass < 4; pass++) {
    const hits = hitsIn(out, key);
    if (hits.length === 0) break;
    const parts: string[] = [];
    let at = 0;
    for (const [a, b] of hits) {
      parts.push(out.slice(at, a), REDACTED);
      at = b;
    }
    parts.push(out.slice(at));
    out = parts.join('');
  }
  return out;
}

/** Whether the text holds any trace of the key (one scan; the common case, a clean answer, costs only this). */
export function hasSecret(text: string, key: string | null | undefined): boolean {
  return typeof text === 'string' && hitsIn(text, key).length > 0;
}

/**
 * Parsed data with every string (keys of objects too) redacted. Numbers and structure stay as they are:
 * redacting the JSON text instead could cut a number or a quote and change what the table shows.
 */
export function redactDeep(value: unknown, key: string): unknown {
  if (typeof value === 'string') return redactSecret(value, key);
  if (Array.isArray(value)) return value.map((v) => redactDeep(v, key));
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[redactSecret(k, key)] = redactDeep(v, key);
    return out;
  }
  return value;
}
