/**
 * Who the current user is, for report ownership: a random id kept in their own user properties (created
 * on first need). Session.getActiveUser().getEmail() is empty for many consumer accounts and in other
 * users' triggers, so it is not used. Plus the display name they chose to show other editors.
 */
import { readProperty, writeProperty } from './properties';

export function myUserId(): string {
  const id = readProperty('userId');
  if (id && /^u[0-9a-f]{12,32}$/.test(id)) return id;
  const fresh = 'u' + Utilities.getUuid().replace(/-/g, '').slice(0, 16);
  writeProperty('userId', fresh);
  return fresh;
}

export function myOwnerName(): string | undefined {
  return readProperty('ownerName') ?? undefined;
}

export function setMyOwnerName(name: string): void {
  writeProperty('ownerName', name);
}
