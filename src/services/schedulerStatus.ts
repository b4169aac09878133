/**
 * The scheduled refresh's status, per user: each user's trigger runs only their own reports, so each has
 * their own last status (shown in their sidebar), plus the day a "nothing can run" notice (no key, no
 * authorisation) was last logged, so it is logged once a day rather than every hour. One JSON document
 * property holding the 8 most recent users, every field clipped: bounded by construction.
 */
import { clipText } from '../core/reportBounds';
import { readProperty, writeProperty } from '../adapters/properties';

const MAX_USERS = 8;
const TEXT_CHARS = 400;
const TEXT_BYTES = 600;

interface Entry {
  at: string;
  text: string;
  /** Notice kind → the local day it was last logged. */
  said?: Record<string, string>;
}

function read(): Map<string, Entry> {
  const out = new Map<string, Entry>();
  const raw = readProperty('schedulerStatus');
  if (!raw) return out;
  try {
    const o = JSON.parse(raw) as unknown;
    if (!o || typeof o !== 'object' || Array.isArray(o)) return out; // a status line from an older version
    for (const [id, e] of Object.entries(o as Record<string, Entry>)) {
      if (e && typeof e.text === 'string' && typeof e.at === 'string') out.set(id, e);
    }
  } catch {
    // unreadable: start afresh
  }
  return out;
}

function write(map: Map<string, Entry>): void {
  const newest = [...map.entries()].sort((a, b) => b[1].at.localeCompare(a[1].at)).slice(0, MAX_USERS);
  writeProperty('schedulerStatus', JSON.stringify(Object.fromEntries(newest)));
}

export function statusOf(userId: string): string {
  return read().get(userId)?.text ?? '';
}

/** Records this user's status; `clearNotices` forgets the notices once things run again. */
export function setStatus(userId: string, text: string, now: Date, opts: { clearNotices?: boolean } = {}): void {
  const map = read();
  const old = map.get(userId);
  const entry: Entry = { at: now.toISOString(), text: clipText(text, TEXT_CHARS, TEXT_BYTES) };
  if (old?.said && !opts.clearNotices) entry.said = old.said;
  map.set(userId, entry);
  write(map);
}

/** True (and remembered) the first time today this user's `kind` notice is asked for. */
export function firstNoticeToday(userId: string, kind: 'no_key' | 'auth', day: string, now: Date): boolean {
  const map = read();
  const e = map.get(userId) ?? { at: now.toISOString(), text: '' };
  if (e.said?.[kind] === day) return false;
  e.said = { ...(e.said ?? {}), [kind]: day };
  map.set(userId, e);
  write(map);
  return true;
}
