/**
 * Fault injection: per key (setFaults / POST /__emulator/faults) and per request (X-Emulator-Fault).
 * Syntax in emulator/README.md.
 */
import { ECHO_FORMS, ECHO_SHAPES, isEchoForm, type EchoShape } from './echo';

export interface FaultSpec {
  /** Milliseconds added to every answer for this key. */
  latencyMs?: number;
  /** One-shot fault tokens, consumed one per request of this key, in order (see FAULT_TOKENS). */
  queue?: string[];
  /** Validation errors in the older `{"errors": {field: [msg]}, "error_code": "base_error"}` shape. */
  legacyErrors?: boolean;
  /** Seconds sent as `Retry-After` on the rate limiter's own 429s (default: no header, like Adapty's docs). */
  rateLimitRetryAfter?: number;
  /**
   * Restatement: every analytics point `{x, y}` dated `from` or later is multiplied by `factor` (rounded to
   * cents), as when stores report late events for recent days. Persists until changed or cleared.
   */
  restate?: { from: string; factor: number };
}

export type Fault =
  | { kind: 'ok' }
  | { kind: '429'; retryAfter?: number }
  | { kind: '500' | '502' | '503' | 'html' | 'html200' | 'truncated' | 'empty' | 'reset' | 'legacy400' }
  | { kind: 'hang'; ms: number }
  /** Answers with `shape` (a status and body) that echoes the request's Authorization header in `form`. */
  | { kind: 'echo'; shape: EchoShape; form: string }
  | { kind: '400list'; count: number }
  | { kind: 'latency'; ms: number };

/** Every token `parseFault` understands, for messages and the README. */
export const FAULT_TOKENS = [
  'ok',
  '429',
  '429:retry-after=<s>',
  '500',
  '502',
  '503',
  'html',
  'html200',
  'truncated',
  'empty',
  'reset',
  'hang=<ms>',
  'legacy400',
  'latency=<ms>',
  'echo=<shape>[/<form>]',
  '400list=<n>',
] as const;

const SIMPLE = new Set(['500', '502', '503', 'html', 'html200', 'truncated', 'empty', 'reset', 'legacy400']);

/** One token → a fault; throws with the list of valid tokens when unknown. */
export function parseFault(token: string): Fault {
  const t = token.trim().toLowerCase();
  if (t === 'ok' || t === 'none') return { kind: 'ok' };
  if (t === '429') return { kind: '429' };
  let m = /^429:retry-after=(\d+(?:\.\d+)?)$/.exec(t);
  if (m) return { kind: '429', retryAfter: Number(m[1]) };
  if (SIMPLE.has(t)) return { kind: t as 'html' };
  m = /^400list=(\d+)$/.exec(t);
  if (m) return { kind: '400list', count: Number(m[1]) };
  m = /^(hang|latency)=(\d+)$/.exec(t);
  if (m) return { kind: m[1] as 'hang', ms: Number(m[2]) };
  m = /^echo=([a-z0-9]+)(?:\/([a-z0-9]+))?$/.exec(t);
  if (m) {
    const wanted = m[1];
    const shape = ECHO_SHAPES.find((x) => x === wanted);
    const form = m[2] ?? 'raw';
    if (!shape || !isEchoForm(form))
      throw new Error(
        `unknown echo fault ${JSON.stringify(token)}: shapes ${ECHO_SHAPES.join(', ')}; forms ${ECHO_FORMS.join(', ')}`,
      );
    return { kind: 'echo', shape, form };
  }
  throw new Error(`unknown fault ${JSON.stringify(token)}; use one of: ${FAULT_TOKENS.join(', ')}`);
}

/** `latency=300, 500` → faults (the header form). */
export function parseFaultList(text: string): Fault[] {
  return text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map(parseFault);
}

/** Checks a spec (throws on a bad token) and returns a clean copy. */
export function checkSpec(spec: unknown): FaultSpec {
  if (typeof spec !== 'object' || spec === null || Array.isArray(spec))
    throw new Error('faults must be an object: {latencyMs?, queue?, legacyErrors?, rateLimitRetryAfter?}');
  const s = spec as Record<string, unknown>;
  const out: FaultSpec = {};
  const num = (k: string) => {
    const v = s[k];
    if (v === undefined || v === null) return undefined;
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) throw new Error(`${k} must be a non-negative number`);
    return v;
  };
  out.latencyMs = num('latencyMs');
  out.rateLimitRetryAfter = num('rateLimitRetryAfter');
  if (s.legacyErrors !== undefined) out.legacyErrors = s.legacyErrors === true;
  if (s.restate !== undefined) {
    const r = s.restate as Record<string, unknown> | null;
    if (
      !r ||
      typeof r.from !== 'string' ||
      !/^\d{4}-\d{2}-\d{2}$/.test(r.from) ||
      typeof r.factor !== 'number' ||
      !Number.isFinite(r.factor)
    )
      throw new Error('restate must be {from: "YYYY-MM-DD", factor: number}');
    out.restate = { from: r.from, factor: r.factor };
  }
  if (s.queue !== undefined) {
    const q = typeof s.queue === 'string' ? s.queue.split(',') : s.queue;
    if (!Array.isArray(q) || q.some((x) => typeof x !== 'string'))
      throw new Error('queue must be a list of fault tokens');
    q.forEach((x) => parseFault(x as string));
    out.queue = (q as string[]).map((x) => x.trim()).filter(Boolean);
  }
  for (const k of Object.keys(out) as (keyof FaultSpec)[]) if (out[k] === undefined) delete out[k];
  return out;
}

// ---------------------------------------------------------------------------------------------
/** The answer with its points from `from` on restated (a copy: answers may be cached by the model). */
export function restated(answer: unknown, r: { from: string; factor: number }): unknown {
  const walk = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(walk);
    if (!v || typeof v !== 'object') return v;
    const o = v as Record<string, unknown>;
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(o)) out[k] = walk(x);
    if (typeof o.x === 'string' && typeof o.y === 'number' && o.x.slice(0, 10) >= r.from)
      out.y = Math.round(o.y * r.factor * 100) / 100;
    return out;
  };
  return walk(answer);
}

// Bodies of the faults

export const HTML_500 =
  '<!doctype html>\n<html lang="en">\n<head>\n  <title>Server Error (500)</title>\n</head>\n<body>\n  <h1>Server Error (500)</h1><p></p>\n</body>\n</html>\n';

export const HTML_502_NGINX =
  '<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n';

export const HTML_502_PAGE = `<!DOCTYPE html>
<html lang="en-US">
<head>
<meta charset="UTF-8" />
<title>api-admin.adapty.io | 502: Bad gateway</title>
<style>body{font-family:sans-serif;margin:40px}h1{font-size:28px}.code{color:#999}</style>
</head>
<body>
<h1>Bad gateway <span class="code">Error code 502</span></h1>
<p>The web server reported a bad gateway error.</p>
<p>What can I do? Please try again in a few minutes.</p>
<p class="code">Ray ID: 8f2c0e5b1a7d4c3e &bull; ${'Performance &amp; security by the edge network. '.repeat(6)}</p>
</body>
</html>
`;

export const HTML_200_PAGE = `<!DOCTYPE html>
<html>
<head><meta charset="utf-8"><title>Adapty — Scheduled maintenance</title></head>
<body>
<div id="root"><h1>We'll be back soon</h1><p>Adapty is undergoing scheduled maintenance. Please try again later.</p></div>
</body>
</html>
`;
