/** The current user as a report owner sees them: their id, their key's fingerprint, their chosen name. */
import type { Me } from '../core/ownership';
import type { SavedReport } from '../core/report';
import { myOwnerName, myUserId } from '../adapters/userIdentity';
import { usableKey } from '../core/apiKey';
import { allOf } from '../core/connections';
import { connectionsOf, type Env } from './env';
import { keyFingerprint } from './reportFetcher';

export function currentMe(env: Env): Me {
  const name = myOwnerName();
  const apps: Record<string, string> = Object.create(null) as Record<string, string>;
  for (const c of allOf(connectionsOf(env))) apps[c.name.toLowerCase()] = keyFingerprint(usableKey(c.key));
  return {
    id: myUserId(),
    keyFingerprint: env.apiKey ? keyFingerprint(env.apiKey) : null,
    ...(name ? { name } : {}),
    appFingerprints: apps,
  };
}

/**
 * Whether this user's hourly trigger should exist: while they own a scheduled report. Reports nobody owns
 * (saved before owners) keep an existing trigger, so their refusal is logged, but never create one.
 */
export function triggerWanted(list: SavedReport[], me: Me): boolean | 'keep' {
  if (list.some((r) => r.schedule && r.owner?.id === me.id)) return true;
  return list.some((r) => r.schedule && !r.owner?.id) ? 'keep' : false;
}
