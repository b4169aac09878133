/**
 * Granular consent: the one banner that says which Google permissions this user has not granted (the
 * server's getMissingPermissions), what they stop — scheduled refreshes included — and how to grant them.
 * Asked for on its own call (it needs no scope), so it shows even when the sidebar cannot load its data.
 */
import { useEffect, useState } from 'preact/hooks';
import type { PermissionsStatus } from '../src/entry/sidebarApi';
import { call } from './server';

/** Only Google's own https pages become a link. */
const googleUrl = (u: string | null) => (u && /^https:\/\/([a-z0-9-]+\.)*google\.com\//i.test(u) ? u : null);

/** Asks once per sidebar opening. */
export function usePermissions(): PermissionsStatus | null {
  const [status, setStatus] = useState<PermissionsStatus | null>(null);
  useEffect(() => {
    // No banner when the check itself fails: every feature still says what it lacks when used.
    call('getMissingPermissions').then(setStatus, () => undefined);
  }, []);
  return status;
}

export function PermissionBanner({ status }: { status: PermissionsStatus | null }) {
  if (!status || status.missing.length === 0) return null;
  const one = status.missing.length === 1;
  const url = googleUrl(status.authorizationUrl);
  return (
    <div class="notice notice-warn permission-banner" id="permission-banner" role="alert">
      <strong>Adapty is missing {one ? 'a Google permission' : `${status.missing.length} Google permissions`}</strong>
      <ul>
        {status.missing.map((m) => (
          <li key={m.permission}>
            “{m.permission}” — needed to {m.neededTo.join(', ')}.
          </li>
        ))}
      </ul>
      {status.schedulePaused ? (
        <p id="permission-paused">
          Your scheduled reports are paused until {one ? 'it is' : 'they are'} granted; nothing was changed.
        </p>
      ) : null}
      <p>
        To grant {one ? 'it' : 'them'}, choose <b>{status.grant}</b> (or reopen Adapty from Extensions › Adapty) and
        accept Google’s prompt.
        {url ? (
          <>
            {' '}
            Or open{' '}
            <a href={url} target="_blank" rel="noopener noreferrer">
              Google’s authorization page
            </a>
            .
          </>
        ) : null}
      </p>
    </div>
  );
}
