/**
 * Time-zone arithmetic behind a port. Pure code asks "what is the UTC offset of zone Z at instant T";
 * Apps Script answers with Utilities.formatDate (its V8 may lack full Intl data), Node tests with Intl.
 */
export interface TimeZonePort {
  /** Minutes to add to UTC to get local wall time in `tz` at `instantMs` (e.g. +60 for Berlin in winter). */
  offsetMinutes(instantMs: number, tz: string): number;
}
