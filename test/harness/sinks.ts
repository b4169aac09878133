/**
 * Where could the API key have leaked? `scanSinks(world, key, extra?)` looks through EVERY place the
 * add-on can leave text in a World and returns one Leak per sink that holds a trace of the key
 * (an empty list = clean). Use it after any test run:
 *
 *   expect(scanSinks(world, key, { thrown: messages, payloads: [bootstrap] })).toEqual([]);
 *
 * A trace is any run of 8+ consecutive characters of the key (case-sensitive), found in the text as it is
 * or after undoing JSON (`\u005f`, `\/`), HTML (`&#95;`, `&#x5F;`, `&lowbar;`) or URL (`%5F`) escaping,
 * nested up to 3 levels in any order, or in base64 (of the key or `Api-Key <key>`, at any alignment).
 * Runs that lie wholly inside the public prefix the mask shows (`secret_live_`, else `secret_`) are not
 * secret (the sidebar's placeholder and help text say "secret_live_…").
 *
 * Sinks: every spreadsheet's name, sheet names, named ranges, developer metadata, cell values, formulas and
 * notes (the Adapty Log sheet included), chart options and conditional-format rules; every property store (script, document,
 * user) — keys and values, EXCEPT the value of the user property ADAPTY_API_KEY, which legitimately holds
 * it; every cache key ever written and every cache item; Logger/console logs; UI records (sidebar and
 * dialog HTML, alerts, prompts, toasts, menus); mails; trigger handlers; the HTTP log's URLs, payloads and
 * request headers other than Authorization (response bodies are the server's text, not ours); plus what
 * the caller collected: `thrown` (error messages) and `payloads` (values returned to the sidebar, e.g.
 * getBootstrap, any JSON-able value).
 * Deliberately independent of src/core/secrets.ts (it is the oracle that code is tested against).
 */
import type { World } from '../fakes/world';

export const KEY_PROPERTY = 'ADAPTY_API_KEY';
export const CONNECTIONS_PROPERTY = 'adapty.connections';
const MIN = 8;

export interface Leak {
  /** Where: e.g. `sheet "Adapty Log" values`, `document properties`, `thrown`. */
  sink: string;
  /** The 8-character run found (in its decoded form). */
  fragment: string;
  /** How it was found: `raw`, `json`, `html+url`, `base64`... */
  form: string;
  /** A short piece of the sink around the hit, the fragment masked out. */
  near: string;
}

export interface ExtraSinks {
  /** Error messages the test collected (custom-function errors, google.script.run failures). */
  thrown?: string[];
  /** Values the sidebar received (getBootstrap, runReport results...). */
  payloads?: unknown[];
}

function publicPrefix(key: string): string {
  return key.startsWith('secret_live_') ? 'secret_live_' : key.startsWith('secret_') ? 'secret_' : '';
}

/** The key's 8-character runs that reach past its public prefix. */
function keyGrams(key: string): string[] {
  const start = Math.max(0, publicPrefix(key).length - MIN + 1);
  const out = new Set<string>();
  for (let i = start; i + MIN <= key.length; i++) out.add(key.slice(i, i + MIN));
  return [...out];
}

/** base64 characters determined by the secret part alone, at each of the 3 byte alignments (std and url-safe). */
function base64Grams(key: string): string[] {
  const secret = key.slice(publicPrefix(key).length);
  const out = new Set<string>();
  for (let shift = 0; shift < 3; shift++) {
    const enc = Buffer.from('\0'.repeat(shift) + secret, 'latin1').toString('base64');
    const inner = enc.slice(Math.ceil((shift * 4) / 3), Math.floor(((shift + secret.length) * 4) / 3));
    for (const form of [inner, inner.replace(/\+/g, '-').replace(/\//g, '_')])
      for (let i = 0; i + MIN <= form.length; i++) out.add(form.slice(i, i + MIN));
  }
  return [...out];
}

const NAMED: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: ' ',
  lowbar: '_',
  UnderBar: '_',
  period: '.',
  sol: '/',
  colon: ':',
  equals: '=',
  plus: '+',
  hyphen: '-',
  dash: '-',
  num: '#',
  percnt: '%',
};

const DECODERS: Record<string, (s: string) => string> = {
  json: (s) =>
    s
      .replace(/\\u([0-9a-fA-F]{4})/g, (_, h) => String.fromCharCode(parseInt(h, 16)))
      .replace(/\\x([0-9a-fA-F]{2})/g, (_, h) => String.fromCharCode(parseInt(h, 16)))
      .replace(/\\([\\/"'_.])/g, '$1'),
  html: (s) =>
    s
      .replace(/&#(\d{1,7});?/g, (_, d) => String.fromCharCode(Number(d) & 0xffff))
      .replace(/&#[xX]([0-9a-fA-F]{1,6});?/g, (_, h) => String.fromCharCode(parseInt(h, 16) & 0xffff))
      .replace(/&([A-Za-z]{2,8});?/g, (m, n) => (Object.prototype.hasOwnProperty.call(NAMED, n) ? NAMED[n] : m)),
  url: (s) => s.replace(/%([0-9a-fA-F]{2})/g, (_, h) => String.fromCharCode(parseInt(h, 16))),
};

/** The text and every distinct decoding of it, up to 3 levels, labelled with how it was reached. */
function views(text: string): Array<[string, string]> {
  const seen = new Map<string, string>([[text, 'raw']]);
  let frontier: Array<[string, string]> = [[text, 'raw']];
  for (let depth = 0; depth < 3 && frontier.length; depth++) {
    const next: Array<[string, string]> = [];
    for (const [t, label] of frontier)
      for (const [name, decode] of Object.entries(DECODERS)) {
        const d = decode(t);
        if (!seen.has(d)) {
          const l = label === 'raw' ? name : `${label}+${name}`;
          seen.set(d, l);
          next.push([d, l]);
        }
      }
    frontier = next;
  }
  return [...seen].map(([t, l]) => [t, l]);
}

/** The first trace of the key in one text, or null. */
export function findTrace(text: string, key: string): Omit<Leak, 'sink'> | null {
  if (!text || text.length < MIN) return null;
  const grams = keyGrams(key);
  const b64 = base64Grams(key);
  for (const [view, form] of views(text)) {
    for (const [list, label] of [
      [grams, form],
      [b64, `${form}+base64`],
    ] as const) {
      for (const g of list) {
        const at = view.indexOf(g);
        if (at >= 0) {
          const near = (view.slice(Math.max(0, at - 40), at) + '▒'.repeat(MIN) + view.slice(at + MIN, at + MIN + 40))
            .replace(/\s+/g, ' ')
            .slice(0, 100);
          return { fragment: g, form: label, near };
        }
      }
    }
  }
  return null;
}

const str = (v: unknown): string => {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') return String(v);
  if (v instanceof Date) return v.toISOString();
  if (typeof v !== 'object' || v === null) return '';
  try {
    return JSON.stringify(v) ?? '';
  } catch {
    return Object.prototype.toString.call(v);
  }
};

/** Every sink of the World (and the extras) as [name, text] pairs; texts of one sink joined by a separator. */
export function sinkTexts(world: World, extra: ExtraSinks = {}): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  const add = (name: string, parts: unknown[]) => out.push([name, parts.map(str).join('\u0000')]);
  for (const ss of world.spreadsheets.values()) {
    add(`spreadsheet ${ss.id} names`, [ss.name, ...ss.namedRanges.keys(), ...ss.sheets.map((s) => s.name)]);
    add(
      `spreadsheet ${ss.id} developer metadata`,
      ss.metadata.flatMap((m) => [m.key, m.value]),
    );
    for (const s of ss.sheets) {
      for (const [label, grid] of [
        ['values', s.values],
        ['formulas', s.formulas],
        ['notes', s.notes],
      ] as const) {
        const cells: unknown[] = [];
        for (const row of grid.rows) if (row) for (const v of row) if (v !== undefined && v !== null) cells.push(v);
        add(`sheet "${s.name}" ${label}`, cells);
      }
      add(`sheet "${s.name}" charts and rules`, [...s.charts.map((c) => c.options), ...s.cfRules]);
    }
  }
  add('script properties', [...world.scriptProperties.data].flat());
  for (const [id, st] of world.documentProperties) add(`document properties of ${id}`, [...st.data].flat());
  for (const [user, st] of world.userProperties)
    add(
      `user properties of ${user}`,
      // The user's own keys are where they belong: the default's and the named connections' (issue 15).
      [...st.data].flatMap(([k, v]) => (k === KEY_PROPERTY || k === CONNECTIONS_PROPERTY ? [k] : [k, v])),
    );
  add('cache keys written', [...world.cacheKeysWritten]);
  const caches = [
    ['script cache', world.scriptCache] as const,
    ...[...world.userCaches].map(([u, c]) => [`user cache of ${u}`, c] as const),
    ...[...world.documentCaches].map(([d, c]) => [`document cache of ${d}`, c] as const),
  ];
  for (const [name, c] of caches)
    add(
      name,
      [...c.items].flatMap(([k, it]) => [k, it.value]),
    );
  add(
    'Logger/console logs',
    world.logs.map((l) => l.message),
  );
  add(
    'sidebar HTML',
    world.ui.sidebars.map((s) => [s.title, s.html]),
  );
  add(
    'dialogs',
    world.ui.dialogs.map((d) => [d.title, d.html]),
  );
  add('alerts, prompts, toasts, menus', [world.ui.alerts, world.ui.prompts, world.ui.toasts, world.ui.menus]);
  add('mails', world.mails);
  add(
    'trigger handlers',
    world.triggers.map((t) => t.handler),
  );
  add(
    'HTTP requests (URL, payload, headers but Authorization)',
    world.http.map((h) => [
      h.url,
      h.payload,
      Object.entries(h.headers).filter(([k]) => k.toLowerCase() !== 'authorization'),
    ]),
  );
  add('thrown', extra.thrown ?? []);
  add('payloads', extra.payloads ?? []);
  return out;
}

/** One Leak per sink holding a trace of the key; [] when the World is clean. */
export function scanSinks(world: World, key: string, extra: ExtraSinks = {}): Leak[] {
  const leaks: Leak[] = [];
  for (const [sink, text] of sinkTexts(world, extra)) {
    const t = findTrace(text, key);
    if (t) leaks.push({ sink, ...t });
  }
  return leaks;
}
