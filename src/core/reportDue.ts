/**
 * When a saved report's schedule wants it refreshed, and whether the run that should do it has stopped:
 * the hourly trigger reads this to pick due reports, the sidebar's saved list to flag one nobody refreshes.
 * Pure (the zone arithmetic comes in through a TimeZonePort).
 */
import { connectionOf, type Me } from './ownership';
import type { SavedReport } from './report';
import { isDue, lastSlotAtOrBefore, nextSlotAfter } from './schedule';
import type { TimeZonePort } from './timezone';

/** Another editor's report this long past its slot: their hourly run has not refreshed it (they may have left). */
export const ORPHAN_AFTER_MS = 3 * 60 * 60 * 1000;

/** The last time the report was brought up to date: its last run, or when it was saved. */
export function refreshedAt(r: SavedReport): number {
  const created = Date.parse(r.createdAt);
  return r.lastRun ? Math.max(Date.parse(r.lastRun.at), created) : created;
}

export function slotDue(r: SavedReport, nowMs: number, timeZone: string, port: TimeZonePort): boolean {
  return isDue(
    r.schedule!,
    r.lastRun ? Date.parse(r.lastRun.at) : null,
    nowMs,
    Date.parse(r.createdAt),
    timeZone,
    port,
  );
}

/** The slot a due report is late for: the first one after its last run, or the slot a retry failed in. */
export function dueSlot(r: SavedReport, nowMs: number, timeZone: string, port: TimeZonePort): number {
  return slotDue(r, nowMs, timeZone, port)
    ? nextSlotAfter(r.schedule!, refreshedAt(r), timeZone, port)
    : lastSlotAtOrBefore(r.schedule!, refreshedAt(r), timeZone, port);
}

export interface Orphan {
  /** Whose hourly run should have refreshed it. */
  owner: string;
  /** Last refreshed (or saved), and the slot it has been missing since. */
  since: number;
  missedSlot: number;
}

/**
 * Another editor's scheduled report that their hourly run has left more than ORPHAN_AFTER_MS past its slot
 * (they may have left or lost access), or null. Only they refresh it, so the viewer can only take it over.
 */
export function orphanOf(
  r: SavedReport,
  me: Me | null,
  nowMs: number,
  timeZone: string,
  port: TimeZonePort,
): Orphan | null {
  const c = connectionOf(r, me);
  if (c.kind !== 'other' || !r.schedule || !slotDue(r, nowMs, timeZone, port)) return null;
  const missedSlot = dueSlot(r, nowMs, timeZone, port);
  if (nowMs - missedSlot <= ORPHAN_AFTER_MS) return null;
  return { owner: c.label, since: refreshedAt(r), missedSlot };
}
