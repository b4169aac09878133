/**
 * The `echo=<shape>[/<form>]` fault: a server or proxy that echoes the request's Authorization header in
 * its error answer, the way misconfigured gateways and debug pages do, whole or cut, escaped or encoded —
 * or (`200data`) in the labels of an otherwise good answer, as a server that reflects request data might.
 * For the add-on's redaction tests (test/e2e/hostile-secrets.test.ts); not something Adapty is known to do.
 */

import Papa from 'papaparse';

export const ECHO_SHAPES = [
  '400',
  '400legacy',
  '401',
  '403',
  '404',
  '429',
  '500',
  '502',
  '503',
  '200html',
  '301',
  '200data',
] as const;
export type EchoShape = (typeof ECHO_SHAPES)[number];

/** Forms of the echoed header value `Api-Key <key>`; `prefix<N>`/`suffix<N>` keep N characters of the key. */
export const ECHO_FORMS = [
  'raw',
  'json',
  'jsonall',
  'html',
  'htmlhex',
  'htmlall',
  'htmlnamed',
  'url',
  'urlplus',
  'urlall',
  'double',
  'base64',
  'prefix<N>',
  'suffix<N>',
] as const;

export function isEchoForm(form: string): boolean {
  return /^(prefix|suffix)\d{1,3}$/.test(form) || (ECHO_FORMS as readonly string[]).includes(form);
}

const hex = (c: string) => c.charCodeAt(0).toString(16).padStart(2, '0');
const alnum = (c: string) => /[A-Za-z0-9]/.test(c);

/** `Api-Key <key>` as the faulty server would print it. */
export function encodeEcho(form: string, auth: string): string {
  const key = auth.replace(/^Api-Key\s+/, '');
  const each = (f: (c: string) => string, onlyOdd = true) =>
    [...auth].map((c) => (onlyOdd && alnum(c) ? c : f(c))).join('');
  switch (form) {
    case 'raw':
      return auth;
    case 'json': // a serializer that escapes punctuation (\u005f for _)
      return each((c) => `\\u${hex(c).padStart(4, '0')}`);
    case 'jsonall':
      return each((c) => `\\u${hex(c).padStart(4, '0')}`, false);
    case 'html':
      return each((c) => `&#${c.charCodeAt(0)};`);
    case 'htmlhex':
      return each((c) => `&#x${hex(c).toUpperCase()};`);
    case 'htmlall':
      return each((c) => `&#${c.charCodeAt(0)};`, false);
    case 'htmlnamed':
      return each((c) => (c === '_' ? '&lowbar;' : c === '.' ? '&period;' : c === ' ' ? '&nbsp;' : c));
    case 'url':
      return each((c) => (c === ' ' ? '%20' : `%${hex(c).toUpperCase()}`));
    case 'urlplus':
      return each((c) => (c === ' ' ? '+' : `%${hex(c)}`));
    case 'urlall':
      return each((c) => `%${hex(c).toUpperCase()}`, false);
    case 'double': // an HTML page quoting a JSON-escaped value
      return each((c) => `\\u${hex(c).padStart(4, '0')}`).replace(/\\/g, '&#92;');
    case 'base64':
      return Buffer.from(auth, 'utf8').toString('base64');
  }
  const m = /^(prefix|suffix)(\d+)$/.exec(form);
  if (m) {
    const n = Number(m[2]);
    return m[1] === 'prefix' ? `Api-Key ${key.slice(0, n)}` : `…${key.slice(-n)}`;
  }
  throw new Error(`unknown echo form ${form}`);
}

export interface EchoReply {
  status: number;
  headers: Record<string, string>;
  body: string;
}

const json = (status: number, body: string, headers: Record<string, string> = {}): EchoReply => ({
  status,
  headers: { 'content-type': 'application/json', ...headers },
  body,
});
const html = (status: number, body: string, headers: Record<string, string> = {}): EchoReply => ({
  status,
  headers: { 'content-type': 'text/html; charset=utf-8', ...headers },
  body,
});

/** New-shape error body with the echo in its message; the echo is inserted as is (it is JSON-safe). */
const errorJson = (status: number, code: string, source: string, msg: string) =>
  `{"errors":[{"source":"${source}","errors":["${msg}"]}],"error_code":"${code}","status_code":${status}}`;

/**
 * A successful answer that carries the echo in its data: every JSON `"title"` (segment labels, chart
 * titles) or, for CSV, the first cell of every data row gets it appended. The echo goes into the JSON
 * text as is, so its JSON escapes (form `json`) decode to the key itself once parsed.
 */
export function echoInAnswer(answer: EchoReply, e: string): EchoReply {
  if (answer.status !== 200) return answer;
  if (!/csv/i.test(answer.headers['content-type'] ?? '')) {
    const body = answer.body.replace(/"title":"((?:[^"\\]|\\.)*)"/g, (_m, t: string) => `"title":"${t} ${e}"`);
    return { ...answer, body };
  }
  const rows = Papa.parse<string[]>(answer.body, { skipEmptyLines: true }).data;
  return { ...answer, body: Papa.unparse(rows.map((r, i) => (i === 0 ? r : [`${r[0]} ${e}`, ...r.slice(1)]))) };
}

/** The answer of a server that echoes `auth` (the request's Authorization header) in the given form. */
export function echoReply(
  shape: EchoShape,
  form: string,
  auth: string,
  path: string,
  answer: () => EchoReply,
): EchoReply {
  const e = encodeEcho(form, auth);
  switch (shape) {
    case '200data':
      return echoInAnswer(answer(), e);
    case '400':
      return json(400, errorJson(400, 'invalid', 'Authorization', `Invalid header value: ${e}`));
    case '400legacy':
      return json(
        400,
        `{"errors":{"Authorization":["Invalid header value: ${e}"]},"error_code":"base_error","status_code":400}`,
      );
    case '401':
      return json(401, errorJson(401, 'not_authenticated', 'non_field_errors', `Invalid token header. Got: ${e}`), {
        'www-authenticate': 'Api-Key',
      });
    case '403':
      return json(403, errorJson(403, 'permission_denied', 'non_field_errors', `Key ${e} may not read this app.`));
    case '404':
      return json(404, errorJson(404, 'not_found', 'non_field_errors', `No route for ${path} with ${e}`));
    case '429':
      return json(429, errorJson(429, 'throttled', 'non_field_errors', `Too many requests for ${e}.`));
    case '503':
      return json(503, errorJson(503, 'service_unavailable', 'non_field_errors', `Upstream refused ${e}`));
    case '500': // a debug page: the header early in the body, well inside a 160-character excerpt
      return html(
        500,
        `<!doctype html><html><body><h1>Server Error</h1><p>HTTP_AUTHORIZATION: ${e}</p><table><tr><td>HTTP_AUTHORIZATION</td><td>${e}</td></tr></table></body></html>`,
      );
    case '502': // a proxy page with the header in its title
      return html(
        502,
        `<html><head><title>502 Bad Gateway (Authorization: ${e})</title></head><body><center><h1>502 Bad Gateway</h1></center><pre>Authorization: ${e}</pre></body></html>`,
      );
    case '200html':
      return html(
        200,
        `<!DOCTYPE html><html><head><title>Sign-in required for ${e}</title></head><body><p>${e}</p></body></html>`,
      );
    case '301': {
      const loc = `${path}?authorization=${encodeURIComponent(e)}`;
      return html(301, `<html><body>Moved to <a href="${loc}">${loc}</a> (${e})</body></html>`, { location: loc });
    }
  }
}
