/** What an Adapty secret key looks like, how a pasted one is cleaned, and how the add-on shows one without revealing it. */
import { ASSUMPTIONS } from '../catalog/assumptions';
import { ValidationError } from './errors';
import { sha256 } from './sha256';

/** Adapty's docs (README › Security): `secret_live_` + 8 letters/digits + `.` + 32 letters/digits. */
export const KEY_PARTS = { id: 8, secret: 32 } as const;
const SHAPE = /^secret_([a-z]{2,12})_([A-Za-z0-9]+)\.([A-Za-z0-9]+)$/;
/** Where the secret key is in Adapty's dashboard: the one spelling every message uses. */
export const KEY_WHERE = 'Adapty › App settings › General › API keys';
const WHERE = KEY_WHERE;

export interface KeyCheck {
  key: string;
  /** A non-blocking remark, e.g. a sandbox key. */
  warning?: string;
}

const QUOTES = `'"\`“”‘’«»`;
const EDGE_SPACE = /^[\s\u200b-\u200d\ufeff]+|[\s\u200b-\u200d\ufeff]+$/g;
const HEADER_PREFIX = /^(?:authorization\s*[:=]\s*)?(?:api-key|bearer)\s+|^authorization\s*[:=]\s*/i;

/**
 * A pasted key as the user meant it: without surrounding whitespace or quotes, a leading
 * `Authorization: Api-Key ` / `Api-Key ` / `Bearer `, a trailing comma or semicolon (copied from code),
 * or line breaks (a key wrapped in an e-mail). Inner spaces stay, so they are refused, not guessed at.
 */
export function cleanPastedKey(raw: unknown): string {
  if (typeof raw !== 'string') return '';
  let key = raw.replace(/[ \t]*[\r\n]+[ \t]*/g, '\n');
  for (let i = 0; i < 6; i++) {
    const before = key;
    key = key.replace(EDGE_SPACE, '').replace(/[,;]+$/, '');
    if (key.length > 0 && QUOTES.includes(key[0])) key = key.slice(1);
    if (key.length > 0 && QUOTES.includes(key[key.length - 1])) key = key.slice(0, -1);
    key = key.replace(HEADER_PREFIX, '');
    if (key === before) break;
  }
  return key.replace(/\n/g, '');
}

type Problem =
  | { kind: 'empty' }
  | { kind: 'public' }
  | { kind: 'characters' }
  | { kind: 'not_secret' }
  | { kind: 'shape' }
  | { kind: 'length'; part: 'id' | 'secret'; got: number; env: string };

/** Why a cleaned key cannot be an Adapty secret key, or null when it can. Never quotes any of the pasted text. */
function problemOf(key: string): Problem | null {
  if (!key) return { kind: 'empty' };
  if (/^public_/i.test(key)) return { kind: 'public' };
  if (/\s/.test(key) || !/^[\x21-\x7e]+$/.test(key)) return { kind: 'characters' };
  if (!key.startsWith('secret_')) return { kind: 'not_secret' };
  const m = SHAPE.exec(key);
  if (!m) return { kind: 'shape' };
  if (m[2].length !== KEY_PARTS.id) return { kind: 'length', part: 'id', got: m[2].length, env: m[1] };
  if (m[3].length !== KEY_PARTS.secret) return { kind: 'length', part: 'secret', got: m[3].length, env: m[1] };
  if (m[1] !== 'live' && !ASSUMPTIONS.acceptNonLiveSecretKeys) return { kind: 'shape' };
  return null;
}

const SHAPE_TEXT = `secret_live_ + ${KEY_PARTS.id} characters + . + ${KEY_PARTS.secret} characters`;

function lengthText(p: Extract<Problem, { kind: 'length' }>): string {
  const want = KEY_PARTS[p.part];
  const where = p.part === 'id' ? `between secret_${p.env}_ and the dot` : 'after the dot';
  return `has ${p.got} characters ${where} instead of ${want}${p.got < want ? ' (it looks cut off)' : ''}`;
}

/** The message for a key being pasted (sidebar and server say the same). */
function pastedMessage(p: Problem): string {
  switch (p.kind) {
    case 'empty':
      return `Secret API key is empty: paste the secret key from ${WHERE}`;
    case 'public':
      return `Secret API key is a public SDK key (public_…): the export API needs the app's secret key (secret_live_…) from ${WHERE}`;
    case 'characters':
      return 'Secret API key contains spaces or unusual characters: copy it again from Adapty';
    case 'not_secret':
      return `Secret API key does not start with secret_live_, so it is not an Adapty secret key: copy the secret key from ${WHERE}`;
    case 'shape':
      return `Secret API key is not an Adapty secret key (${SHAPE_TEXT}): copy the whole secret key again from ${WHERE}`;
    case 'length':
      return `Secret API key ${lengthText(p)}: copy the whole secret key again from ${WHERE}`;
  }
}

/** Cleans a pasted key and refuses what cannot be a secret key. Messages never repeat the key itself. */
export function checkApiKey(raw: unknown): KeyCheck {
  const key = cleanPastedKey(raw);
  const problem = problemOf(key);
  if (problem) throw new ValidationError('api_key', pastedMessage(problem));
  if (!key.startsWith('secret_live_')) {
    return {
      key,
      // Naming the prefix would show more of the key than the mask does.
      warning: 'This is not a live key (it does not start with secret_live_): it may only see sandbox or test data.',
    };
  }
  return { key };
}

/**
 * Why a STORED key cannot be used (saved by an older version, or edited by hand), or null. One message for
 * the sidebar, formulas, sidebar runs and scheduled runs, so each path refuses it before any request.
 */
export function savedKeyProblem(stored: string): string | null {
  const p = problemOf(cleanPastedKey(stored));
  if (!p) return null;
  const why =
    p.kind === 'public'
      ? "it is a public SDK key (public_…), and the export API needs the app's secret key"
      : p.kind === 'length'
        ? `it ${lengthText(p)}`
        : `it is not an Adapty secret key (${SHAPE_TEXT})`;
  return `The saved Adapty API key cannot be used: ${why}. Open Extensions › Adapty › Settings and save the app's secret key from ${WHERE}.`;
}

/** The stored key as requests use it (older versions may have stored it uncleaned). */
export function usableKey(stored: string): string {
  return cleanPastedKey(stored);
}

/** A short, stable identity of a key: safe in cache keys, logs and the sidebar (a hash, no character of the key). */
export function keyFingerprint(key: string): string {
  return sha256('adapty-key:' + key).slice(0, 16);
}

/**
 * How the sidebar names a saved key: a tail of its fingerprint, never any character of the key itself
 * (a masked tail like secret_live_…IJkl would still be part of the key).
 */
export function maskKey(key: string): string {
  return `fingerprint ${fingerprintTail(keyFingerprint(key))}`;
}

/** A fingerprint's last 6 hex (`…3f9a0c`): the one length every place that names a key shows. */
export function fingerprintTail(fp: string | undefined | null): string {
  return fp ? `…${fp.slice(-6)}` : 'no key';
}
