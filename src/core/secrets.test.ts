/**
 * redactSecret against an independent oracle (test/harness/sinks.ts findTrace): random keys, random cut
 * points, every encoding a server or proxy might echo the key in, random surroundings.
 */
import { findTrace } from '../../test/harness/sinks';
import { REDACTED, base64, containsSecret, publicPrefix, redactSecret } from './secrets';

/** A small seeded generator (mulberry32): failures are reproducible. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const pick = (r: () => number, s: string, n: number) =>
  Array.from({ length: n }, () => s[Math.floor(r() * s.length)]).join('');
const int = (r: () => number, lo: number, hi: number) => lo + Math.floor(r() * (hi - lo + 1));

/** The documented shape, a non-live one, and odd shapes an older version may have stored. */
function randomKey(r: () => number): string {
  const env = ['live', 'live', 'live', 'sandbox', 'test'][int(r, 0, 4)];
  if (r() < 0.15) return `secret_${pick(r, ALNUM, int(r, 20, 60))}`;
  if (r() < 0.05) return `secret_${env}_${pick(r, 'abcdefghijklmnopqrstuvwxyz', 30)}`;
  return `secret_${env}_${pick(r, ALNUM, 8)}.${pick(r, ALNUM, 32)}`;
}

const hex = (c: string) => c.charCodeAt(0).toString(16);
const each = (s: string, f: (c: string) => string, all = false) =>
  [...s].map((c) => (!all && /[A-Za-z0-9]/.test(c) ? c : f(c))).join('');

/** Every form a server may print `text` in (text is a header value, or a piece of one). */
const FORMS: Record<string, (s: string) => string> = {
  raw: (s) => s,
  'JSON.stringify': (s) => JSON.stringify(s).slice(1, -1),
  'JSON \\u punctuation': (s) => each(s, (c) => `\\u${hex(c).padStart(4, '0')}`),
  'JSON \\u every char': (s) => each(s, (c) => `\\u${hex(c).padStart(4, '0').toUpperCase()}`, true),
  'JSON \\/ and \\_': (s) => each(s, (c) => `\\${c}`),
  'HTML &#NN;': (s) => each(s, (c) => `&#${c.charCodeAt(0)};`),
  'HTML &#xHH; every char': (s) => each(s, (c) => `&#x${hex(c)};`, true),
  'HTML &#NN without ;': (s) => each(s, (c) => `&#${c.charCodeAt(0)}`),
  'HTML named': (s) => s.replace(/_/g, '&lowbar;').replace(/\./g, '&period;').replace(/ /g, '&nbsp;'),
  encodeURIComponent: (s) => encodeURIComponent(s),
  'URL %HH punctuation, + for space': (s) => each(s, (c) => (c === ' ' ? '+' : `%${hex(c).toUpperCase()}`)),
  'URL %hh every char': (s) => each(s, (c) => `%${hex(c)}`, true),
  'URL twice': (s) => each(s, (c) => `%25${hex(c).toUpperCase()}`),
  'HTML of JSON': (s) => each(s, (c) => `\\u${hex(c).padStart(4, '0')}`).replace(/\\/g, '&#92;'),
  'JSON of URL of HTML': (s) => each(s, (c) => `&#${c.charCodeAt(0)};`).replace(/[&#;]/g, (c) => `\\u00${hex(c)}`),
};

/** A header echo of the key cut to a fragment of at least 8 characters that reaches past the public prefix. */
function fragment(r: () => number, key: string): string {
  const p = publicPrefix(key).length;
  const end = int(r, Math.max(p + 1, 8), key.length);
  const start = int(r, 0, Math.min(end - 8, Math.max(0, end - 8)));
  return key.slice(start, end);
}

const FILLER = ' <p>{"errors":[{"source":"x"}]} &amp; %20 \\n café — секрет ';
const around = (r: () => number, s: string) => pick(r, FILLER, int(r, 0, 60)) + s + pick(r, FILLER, int(r, 0, 60));
type Case = { name: string; key: string; pre: string; echo: string; post: string };

describe('every trace of the key is gone, in every form', () => {
  const r = rng(20261128);
  const cases: Case[] = [];
  const add = (name: string, key: string, echo: string) =>
    cases.push({ name, key, pre: pick(r, FILLER, int(r, 0, 60)), echo, post: pick(r, FILLER, int(r, 0, 60)) });
  const b64 = (s: string) => Buffer.from(s, 'latin1').toString('base64');
  for (let i = 0; i < 60; i++) {
    const key = randomKey(r);
    for (const [name, enc] of Object.entries(FORMS)) {
      add(`${name}, whole header`, key, enc(`Authorization: Api-Key ${key}`));
      add(`${name}, cut`, key, enc(fragment(r, key)));
    }
    add('base64 of Api-Key <key>', key, b64(`Api-Key ${key}`));
    add('base64 of the key', key, b64(key));
    add('base64url of the header', key, b64(`Authorization: Api-Key ${key}`).replace(/\+/g, '-').replace(/\//g, '_'));
    add('base64, cut', key, b64(`Api-Key ${key}`).slice(0, int(r, 40, 70)));
  }

  test(`${cases.length} echoes: the oracle finds each before, nothing after, and the text around is kept`, () => {
    for (const { name, key, pre, echo, post } of cases) {
      const text = pre + echo + post;
      const ctx = `${name} | ${key} | ${text}`;
      expect([ctx, findTrace(text, key) !== null]).toEqual([ctx, true]);
      expect([ctx, containsSecret(text, key)]).toEqual([ctx, true]);
      const out = redactSecret(text, key);
      expect([ctx, findTrace(out, key)]).toEqual([ctx, null]);
      expect(out).toContain(REDACTED);
      // The filler around survives (a few of its characters may happen to continue the key).
      expect([ctx, out.startsWith(pre.slice(0, -7)), out.endsWith(post.slice(7))]).toEqual([ctx, true, true]);
    }
  });

  test('the key repeated, in several forms in one text, at the very start and end', () => {
    const r2 = rng(7);
    for (let i = 0; i < 50; i++) {
      const key = randomKey(r2);
      const forms = Object.values(FORMS);
      const text = key + forms.map((f) => around(r2, f(fragment(r2, key)))).join('') + key;
      const out = redactSecret(text, key);
      expect([key, findTrace(out, key)]).toEqual([key, null]);
      expect(out.startsWith(REDACTED)).toBe(true);
      expect(out.endsWith(REDACTED)).toBe(true);
    }
  });
});

describe('what is not the key is left alone', () => {
  const key = 'secret_live_AbCd1234.0123456789abcdefghijABCDEFGHIJkl';

  test('text without the key is returned unchanged (same string), even with escapes in it', () => {
    const r = rng(99);
    for (let i = 0; i < 200; i++) {
      const text = pick(r, FILLER + ALNUM, int(r, 0, 400));
      if (findTrace(text, key)) continue;
      expect(redactSecret(text, key)).toBe(text);
    }
  });

  test('the public prefix goes with the rest of the key', () => {
    expect(redactSecret(`Authorization: Api-Key ${key}.`, key)).toBe(`Authorization: Api-Key ${REDACTED}.`);
    expect(redactSecret(`got secret_live_AbCd12`, key)).toBe(`got ${REDACTED}`);
  });

  test('the public prefix and the mask stay: messages may say secret_live_… and show the last 4', () => {
    const text = "the export API needs the app's secret key (secret_live_…); saved: secret_live_…IJkl, secret_…IJkl";
    expect(redactSecret(text, key)).toBe(text);
    expect(redactSecret('Api-Key secret_live_', key)).toBe('Api-Key secret_live_');
  });

  test('a run of 7 characters is not a trace; 8 are (case-sensitive)', () => {
    expect(redactSecret('id 0123456 and', key)).toBe('id 0123456 and');
    expect(redactSecret('id 01234567 and', key)).toBe(`id ${REDACTED} and`);
    expect(redactSecret('id 0123456789x and', key)).toBe(`id ${REDACTED}x and`);
    expect(redactSecret('id 01234AbCd1234 and', key)).toBe(`id 01234${REDACTED} and`);
    expect(redactSecret('id 0123456 ABCDEFG abcdefg', key)).toBe('id 0123456 ABCDEFG abcdefg');
    expect(redactSecret('e_abcd1234 E_ABCD1234', key)).toBe('e_abcd1234 E_ABCD1234');
    expect(redactSecret('e_AbCd12 (a cut prefix)', key)).toBe(`${REDACTED} (a cut prefix)`);
  });

  test('no key, a short key, empty text: nothing to do', () => {
    expect(redactSecret('text secret_live_x', null)).toBe('text secret_live_x');
    expect(redactSecret('text', undefined)).toBe('text');
    expect(redactSecret('', key)).toBe('');
    expect(redactSecret('abcdefgh', 'abcdefg')).toBe('abcdefgh');
  });

  test('redacted ranges cover whole escapes: the surrounding JSON stays parseable', () => {
    const body = JSON.stringify({ errors: [{ source: 'Authorization', errors: [`Api-Key ${key}`] }] });
    const escaped = body.replace(/_/g, '\\u005f');
    for (const b of [body, escaped]) {
      const out = redactSecret(b, key);
      expect(JSON.parse(out).errors[0].errors[0]).toBe(`Api-Key ${REDACTED}`);
    }
  });
});

describe('base64', () => {
  test('agrees with Buffer for every length and alignment', () => {
    const r = rng(3);
    for (let n = 0; n < 40; n++) {
      const s = pick(r, ALNUM + '_.- ', n);
      expect(base64(s)).toBe(Buffer.from(s, 'latin1').toString('base64').replace(/=+$/, ''));
    }
  });
});

describe('large bodies', () => {
  // How long redaction takes (and that it grows linearly) is measured in bench/secrets.bench.ts, not here:
  // a timed test is a flaky test on a shared machine.
  const key = 'secret_live_AbCd1234.0123456789abcdefghijABCDEFGHIJkl';
  const page = (n: number, withKey: boolean) => {
    const unit = `<tr><td>row &amp; more</td><td>%20 \\u0041 ${withKey ? `Api-Key ${key}` : 'nothing here'}</td></tr>\n`;
    return unit.repeat(Math.ceil(n / unit.length)).slice(0, n);
  };

  test('a 4 MB body full of the key keeps no trace of it; a clean one comes back unchanged', () => {
    const out = redactSecret(page(4_000_000, true), key);
    expect(findTrace(out, key)).toBeNull();
    const clean = page(1_000_000, false);
    expect(redactSecret(clean, key)).toBe(clean);
  });
});
