/** The saved list's words for a report: what it is, where it writes, when it runs next (pure; unit-tested). */
import { nextSlotAfter } from '../src/core/schedule';
import { appNames } from '../src/core/connections';
import { intlTimeZonePort } from '../src/core/timezoneIntl';
import type { SavedReport } from '../src/entry/sidebarApi';
import { prettyRange, reportTitle, specToForm } from './form';

export function formatWhen(iso: string, timeZone: string): string {
  const d = new Date(iso);
  if (isNaN(d.getTime())) return iso;
  try {
    return new Intl.DateTimeFormat('en-US', {
      timeZone,
      month: 'short',
      day: 'numeric',
      year: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    }).format(d);
  } catch {
    return iso.slice(0, 16).replace('T', ' ');
  }
}

/** What a saved report is, in words: "Revenue by Country, last 30 days" (custom dates as a range). */
export function whatOf(r: SavedReport): string {
  const form = specToForm(r.spec);
  const title = reportTitle(form);
  // The app by the name it is saved under: after a rename the list shows the report followed it.
  const app = r.spec.app ? ` · ${appNames(r.spec.app) === 'all' ? 'All apps' : r.spec.app}` : '';
  if (form.datePreset === 'custom' && form.start) {
    const end = form.end || form.start;
    return `${title}, ${prettyRange([form.start, end] as [string, string])}${form.end ? '' : ' to today'}${app}`;
  }
  return title + app;
}

/** Where it writes: its block where it was last written, else its destination. */
export function whereOf(r: SavedReport): { sheetName: string; a1: string } | null {
  if (r.block) return { sheetName: r.block.sheetName, a1: r.block.a1 };
  const d = r.destination;
  if (d.kind === 'sheet') return { sheetName: d.sheetName, a1: d.anchor ?? 'A1' };
  if (d.kind === 'new_sheet') return { sheetName: d.sheetName ?? r.name, a1: 'A1' };
  return null;
}

/** The next scheduled run in the sheet's zone ("Dec 3, 2026, 06:00"), or null when not scheduled. */
export function nextRunOf(r: SavedReport, nowMs: number, timeZone: string): string | null {
  if (!r.schedule) return null;
  try {
    return formatWhen(new Date(nextSlotAfter(r.schedule, nowMs, timeZone, intlTimeZonePort)).toISOString(), timeZone);
  } catch {
    return null;
  }
}
