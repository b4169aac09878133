/** Apps Script implementations of the pure code's ports (HTTP, clock, time zones, digests). */
import type { Clock, HttpOutcome, HttpPort, HttpRequest } from '../client/ports';
import type { TimeZonePort } from '../core/timezone';
import { utcOffsetFromZ } from '../core/dates/zones';
import { intlTimeZonePort } from '../core/timezoneIntl';
import { put, record } from '../core/own';
import { missingPermissionError } from '../core/permissions';
import { SCOPES } from '../catalog/scopes';

function toResponse(res: GoogleAppsScript.URL_Fetch.HTTPResponse): HttpOutcome {
  // Header names are the server's: kept as data whatever they are (`constructor`, `__proto__`).
  const headers = record() as Record<string, string>;
  const raw = (typeof res.getHeaders === 'function' ? res.getHeaders() : {}) as Record<string, unknown>;
  for (const k of Object.keys(raw)) put(headers, k.toLowerCase(), String(raw[k]));
  return { status: res.getResponseCode(), body: res.getContentText(), headers };
}

export const urlFetchPort: HttpPort = {
  fetchAll(requests: HttpRequest[]): HttpOutcome[] {
    const params = requests.map((r) => ({
      url: r.url,
      method: r.method,
      headers: r.headers,
      payload: r.payload,
      contentType: 'application/json',
      muteHttpExceptions: true,
      followRedirects: false,
    }));
    try {
      // One request: fetch; several: fetchAll sends them in parallel.
      if (params.length === 1) {
        const { url, ...options } = params[0];
        return [toResponse(UrlFetchApp.fetch(url, options as GoogleAppsScript.URL_Fetch.URLFetchRequestOptions))];
      }
      return UrlFetchApp.fetchAll(params as GoogleAppsScript.URL_Fetch.URLFetchRequest[]).map(toResponse);
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      // Granular consent: "Connect to an external service" not granted. Not a network failure to retry.
      if (/do not have permission to call UrlFetchApp/i.test(message))
        throw missingPermissionError('formula', [SCOPES.external]);
      // A transport failure fails the whole batch in Apps Script; each request may be retried.
      return requests.map(() => ({ networkError: message }));
    }
  },
};

export const appsScriptClock: Clock = {
  now: () => Date.now(),
  sleep: (ms: number) => {
    if (ms > 0) Utilities.sleep(Math.ceil(ms));
  },
  random: () => Math.random(),
};

function utilitiesOffset(instantMs: number, tz: string): number {
  return utcOffsetFromZ(Utilities.formatDate(new Date(instantMs), tz, 'Z'));
}

/** Per zone: does this runtime's Intl agree with Utilities.formatDate? Asked once per execution. */
const intlAgrees = new Map<string, boolean>();
/** Zones change offset only on quarter hours: one answer per zone per 15 minutes is exact. */
const offsets = new Map<string, number>();
const QUARTER_HOUR = 15 * 60 * 1000;

/**
 * The zone's UTC offset at an instant. Utilities.formatDate (`Z`, e.g. +0530) is the reference but a
 * service call each time; Intl gives the same answer in-process where the runtime has the zone's data,
 * so it is used once a probe against Utilities agrees (a table of 1,000 dates costs one service call).
 */
export const appsScriptTimeZone: TimeZonePort = {
  offsetMinutes(instantMs: number, tz: string): number {
    const key = tz + '@' + Math.floor(instantMs / QUARTER_HOUR);
    const known = offsets.get(key);
    if (known !== undefined) return known;
    let agrees = intlAgrees.get(tz);
    if (agrees === undefined) {
      agrees = false;
      try {
        agrees =
          typeof Intl !== 'undefined' &&
          [Date.UTC(2026, 0, 15), Date.UTC(2026, 6, 15)].every(
            (t) => intlTimeZonePort.offsetMinutes(t, tz) === utilitiesOffset(t, tz),
          );
      } catch {
        agrees = false;
      }
      intlAgrees.set(tz, agrees);
    }
    const minutes = agrees ? intlTimeZonePort.offsetMinutes(instantMs, tz) : utilitiesOffset(instantMs, tz);
    offsets.set(key, minutes);
    return minutes;
  },
};

/** What the probe found for a zone in this execution (undefined: not asked yet). */
export function knownIntlAgreement(tz: string): boolean | undefined {
  return intlAgrees.get(tz);
}

/** Takes an earlier execution's probe for a zone (the formula context carries it), sparing the two calls. */
export function assumeIntlAgreement(tz: string, agrees: boolean): void {
  if (!intlAgrees.has(tz)) intlAgrees.set(tz, agrees);
}

/** `at` as text in the zone (Utilities.formatDate's SimpleDateFormat patterns, e.g. 'yyyy-MM-dd HH:mm'). */
export function formatInZone(at: Date, timeZone: string, pattern: string): string {
  return Utilities.formatDate(at, timeZone, pattern);
}

/** A random UUID (Utilities.getUuid): ids for saved reports. */
export function newUuid(): string {
  return Utilities.getUuid();
}
