/**
 * TimeZonePort on Intl.DateTimeFormat: Node (tests, emulator, scripts), the sidebar, and the Apps Script
 * bundle once a probe shows its Intl agrees with Utilities.formatDate (src/adapters/appsScriptPorts.ts).
 */
import type { TimeZonePort } from './timezone';

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(tz: string): Intl.DateTimeFormat {
  let f = formatters.get(tz);
  if (!f) {
    // Throws RangeError for an unknown zone.
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: tz,
      hourCycle: 'h23',
      era: 'short',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(tz, f);
  }
  return f;
}

export const intlTimeZonePort: TimeZonePort = {
  offsetMinutes(instantMs: number, tz: string): number {
    const t = Math.floor(instantMs / 1000) * 1000;
    const p: Record<string, string> = {};
    for (const part of formatter(tz).formatToParts(new Date(t))) p[part.type] = part.value;
    let year = Number(p.year);
    if (p.era === 'BC' || p.era === 'B') year = 1 - year;
    const hour = Number(p.hour) % 24;
    const asUtc = Date.UTC(year, Number(p.month) - 1, Number(p.day), hour, Number(p.minute), Number(p.second));
    // Date.UTC maps years 0–99 to 1900–1999; fix them up.
    const fixed = year >= 0 && year < 100 ? new Date(asUtc).setUTCFullYear(year) : asUtc;
    return Math.round((fixed - t) / 60000);
  },
};
