/**
 * Whose connection a saved report uses, seen from one user ("me"): the rule the scheduled refresh, the
 * sidebar's Run and the Saved list share. A report is refreshed only with its owner's key, and only while
 * that key is still the one the report was taken on with (a new key may belong to another app).
 */
import { AdaptyError } from './errors';
import type { ReportOwner, SavedReport } from './report';
import { appNames, isPortfolio } from './connections';
import { fingerprintTail } from './apiKey';

/** The user at the keyboard (or the trigger's user): their id and their current key's fingerprint. */
export interface Me {
  id: string;
  /** The default connection's key's fingerprint. */
  keyFingerprint: string | null;
  name?: string;
  /** Each named connection's key fingerprint, by lower-cased name (issue 15). */
  appFingerprints?: Record<string, string>;
}

/** The fingerprint of the key `me` would refresh a report of `app` with (a portfolio: the default's). */
export function fingerprintFor(me: Me, app: string | undefined): string | null {
  if (!app || !me.appFingerprints || isPortfolio(app)) return me.keyFingerprint;
  const name = app.trim().toLowerCase();
  // A connection that no longer exists has no key to compare: the run itself says it is gone.
  return Object.prototype.hasOwnProperty.call(me.appFingerprints, name) ? me.appFingerprints[name] : null;
}

type Owned = Pick<SavedReport, 'owner'> & { spec?: { app?: string } };

export type Connection =
  /** Mine, with the key it was taken on with (or none recorded yet: my key is pinned at the next run; or I have no key now, and nothing runs). */
  | { kind: 'yours' }
  /** Mine, but my key changed since: it may point at another app. */
  | { kind: 'key_changed'; was: string; now: string }
  | { kind: 'other'; label: string }
  | { kind: 'none' };

export function ownerLabel(owner: ReportOwner): string {
  return owner.name ? owner.name : fingerprintTail(owner.keyFingerprint);
}

export function connectionOf(r: Owned, me: Me | null): Connection {
  const o = r.owner;
  if (!o || !o.id) return { kind: 'none' };
  if (!me || o.id !== me.id) return { kind: 'other', label: ownerLabel(o) };
  const mine = fingerprintFor(me, r.spec?.app);
  if (o.keyFingerprint && mine && o.keyFingerprint !== mine)
    return { kind: 'key_changed', was: o.keyFingerprint, now: mine };
  return { kind: 'yours' };
}

/** How the Saved list names a report's connection. */
export function describeConnection(c: Connection): string {
  switch (c.kind) {
    case 'yours':
      return 'yours';
    case 'key_changed':
      return `yours, but your key changed since (${fingerprintTail(c.was)} then, ${fingerprintTail(c.now)} now)`;
    case 'other':
      return `another editor's (${c.label})`;
    case 'none':
      return 'no owner yet (saved by an older version)';
  }
}

/** Why `me` may not simply run this report (null = they may), as the error the sidebar acts on. */
export function refusalFor(r: Owned & Pick<SavedReport, 'name'>, me: Me | null): AdaptyError | null {
  const c = connectionOf(r, me);
  const name = JSON.stringify(r.name);
  switch (c.kind) {
    case 'yours':
      return null;
    case 'key_changed':
      return new AdaptyError(
        'key_changed',
        `${name} was saved with a different Adapty key of yours (${fingerprintTail(c.was)}; now ${fingerprintTail(c.now)}), which may point at another app. Choose "Use my current key" to refresh it with the key you have now. Nothing was run.`,
      );
    case 'other':
      return new AdaptyError(
        'not_owner',
        `${name} is refreshed with another editor's Adapty connection (${c.label}), so running it here would mix their app with yours. Choose "Run with my key into a copy" (their report stays as it is) or "Take it over" (it and its schedule move to your key). Nothing was run.`,
      );
    case 'none':
      return new AdaptyError(
        'no_owner',
        `${name} has no owner yet (it was saved by an older version of the add-on, so it is not known whose key it should use). Choose "Take it over" to refresh it (and its schedule) with your key, or "Run with my key into a copy". Nothing was run.`,
      );
  }
}

/** One change to a connection of the user's (issue 15): a new name, a new key, or both (fingerprints only). */
export interface ConnectionChange {
  from: string;
  to: string;
  /** The key's fingerprint before and after. */
  was: string;
  now: string;
  /** Reports without app=, and portfolios (pinned to the default's key), use the default connection. */
  isDefault: boolean;
}

/**
 * The saved reports of `ownerId` follow a connection by its name: after a rename their app= names the new
 * name (in a portfolio's list too), and those pinned to its old key are pinned to the new one, so a new
 * key for the same name is not "key changed". Returns how many reports changed.
 */
export function followConnection(list: SavedReport[], ownerId: string, ch: ConnectionChange): number {
  const from = ch.from.toLowerCase();
  const same = (a: string) => a.trim().toLowerCase() === from;
  let changed = 0;
  for (const r of list) {
    if (r.owner?.id !== ownerId) continue;
    const app = r.spec.app ?? '';
    const names = app ? appNames(app) : [];
    const named = Array.isArray(names) && names.some(same);
    let touched = false;
    if (named && ch.from !== ch.to) {
      r.spec = { ...r.spec, app: names.map((n) => (same(n) ? ch.to : n)).join(', ') };
      touched = true;
    }
    // The key a report is pinned to is fingerprintFor's: a portfolio's (and no app's) is the default's.
    const pinnedToIt = !app || isPortfolio(app) ? ch.isDefault : named;
    if (pinnedToIt && ch.was !== ch.now && r.owner.keyFingerprint === ch.was) {
      r.owner = { ...r.owner, keyFingerprint: ch.now };
      touched = true;
    }
    if (touched) changed++;
  }
  return changed;
}
