/**
 * Numbers in the sidebar's own words as the sheet writes them: a de_DE sheet reads "1.234 rows" and "2,5 s",
 * like its cells (issue 12, "messages in the form's words"). The server's messages count in en-US; the
 * sidebar regroups them when it shows them. One locale per sidebar, set once from the bootstrap.
 */
let locale = 'en-US';

/** The sheet's locale as the browser's Intl names it (`de_DE` → `de-DE`); an unknown one stays en-US. */
export function setSheetLocale(sheetLocale: string | undefined): void {
  const tag = (sheetLocale ?? 'en_US').replace(/_/g, '-');
  try {
    locale = Intl.NumberFormat.supportedLocalesOf([tag]).length ? tag : 'en-US';
  } catch {
    locale = 'en-US';
  }
}

/** A whole count: 1,234 (en_US), 1.234 (de_DE). */
export function count(n: number): string {
  return new Intl.NumberFormat(locale, { maximumFractionDigits: 0 }).format(n);
}

/** Seconds with one decimal under 10 s: "2.5 s" (en_US), "2,5 s" (de_DE). */
export function seconds(ms: number): string {
  if (ms < 100) return `under ${new Intl.NumberFormat(locale, { minimumFractionDigits: 1 }).format(0.1)} s`;
  if (ms >= 10_000) return `${count(Math.round(ms / 1000))} s`;
  return `${new Intl.NumberFormat(locale, { minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(ms / 1000)} s`;
}

/** A server message with its en-US grouped counts ("12,000 cells") written in the sheet's grouping. */
export function localCounts(message: string): string {
  if (locale === 'en-US') return message;
  return message.replace(/(?<![\d.,])\d{1,3}(?:,\d{3})+(?![\d,]|\.\d)/g, (n) => count(Number(n.replace(/,/g, ''))));
}
