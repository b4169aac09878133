/** Apps Script implementations of the pure code's ports (HTTP, clock, time zones, digests). */
import type { Clock, HttpOutcome, HttpPort, HttpRequest } from '../client/ports';
import type { TimeZonePort } from '../core/timezone';
import { utcOffsetFromZ } from '../core/dates';

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
      // fetchAll sends in parallel; one call even for one request keeps a single code path.
      const responses = UrlFetchApp.fetchAll(params as GoogleAppsScript.URL_Fetch.URLFetchRequest[]);
      return responses.map((res) => {
        const headers: Record<string, string> = {};
        const raw = res.getHeaders() as Record<string, unknown>;
        for (const k of Object.keys(raw)) headers[k.toLowerCase()] = String(raw[k]);
        return { status: res.getResponseCode(), body: res.getContentText(), headers };
      });
    } catch (e) {
      // A transport failure fails the whole batch in Apps Script; each request may be retried.
      const message = e instanceof Error ? e.message : String(e);
      return requests.map(() => ({ networkError: message }));
    }
  },
};

export const appsScriptClock: Clock = {
  now: () => Date.now(),
  sleep: (ms: number) => { if (ms > 0) Utilities.sleep(Math.ceil(ms)); },
  random: () => Math.random(),
};

/** Utilities.formatDate's `Z` gives the zone's offset at an instant, e.g. +0530. */
export const appsScriptTimeZone: TimeZonePort = {
  offsetMinutes(instantMs: number, tz: string): number {
    return utcOffsetFromZ(Utilities.formatDate(new Date(instantMs), tz, 'Z'));
  },
};

/** SHA-256 hex of a string (Apps Script returns signed bytes). */
export function sha256Hex(text: string): string {
  const bytes = Utilities.computeDigest(Utilities.DigestAlgorithm.SHA_256, text, Utilities.Charset.UTF_8);
  let out = '';
  for (const b of bytes) out += ((b + 256) % 256).toString(16).padStart(2, '0');
  return out;
}
