/**
 * App settings › Apps (issue 15): the user's named connections — listed by name only (never a key or a
 * piece of one), the default marked — with add (name + key, tested by the server before saving), rename
 * or a new key (saved reports follow the name: the server says which), make default and remove. The report
 * form's App picker reads the same list.
 */
import { useState } from 'preact/hooks';
import { KEY_WHERE } from '../src/core/apiKey';
import type { ConnectionsStatus } from '../src/entry/sidebarApi';
import { call, ServerError } from './server';
import { Notice, Spinner, TextField } from './ui';
import { useServerCall } from './useServerCall';

export interface AppName {
  name: string;
  isDefault: boolean;
}

type Msg = { kind: 'error' | 'ok'; text: string };

/** Names only: what the sidebar keeps of the server's list. */
export const appNames = (s: ConnectionsStatus): AppName[] =>
  s.connections.map((c) => ({ name: c.name, isDefault: c.isDefault }));

export function Apps({ apps, onChange }: { apps: AppName[]; onChange: (s: ConnectionsStatus) => void }) {
  const { busy, msg, setMsg, run } = useServerCall<string, Msg>();
  const [name, setName] = useState('');
  const [key, setKey] = useState('');
  const [errors, setErrors] = useState<{ name?: string; key?: string }>({});
  /** The connection being renamed or given a new key (null: the form adds one). */
  const [editing, setEditing] = useState<string | null>(null);

  const act = (what: string, send: () => Promise<ConnectionsStatus>, after?: () => void) =>
    run(
      what,
      async () => {
        const s = await send();
        onChange(s);
        after?.();
        setMsg({ kind: 'ok', text: s.message ?? 'Done.' });
      },
      (e) => {
        const field = e instanceof ServerError ? e.field : undefined;
        const text = (e as Error).message;
        if (field === 'connection_name') setErrors({ name: text });
        else if (field === 'api_key') setErrors({ key: text });
        else setMsg({ kind: 'error', text });
      },
    );

  const add = () => {
    setErrors({});
    return act(
      'add',
      () => call('saveConnection', { name, key, ...(editing ? { connection: editing } : {}) }),
      () => {
        setName('');
        setKey('');
        setEditing(null);
      },
    );
  };
  const edit = (app: string) => {
    setEditing(app);
    setName(app);
    setKey('');
    setErrors({});
    setMsg(null);
  };

  return (
    <section class="block apps" aria-labelledby="apps-title">
      <h2 id="apps-title">Apps</h2>
      {apps.length ? (
        <ul class="apps-list" id="apps-list">
          {apps.map((a) => (
            <li key={a.name} class="app-item">
              <span class="app-name">{a.name}</span>
              {a.isDefault ? <span class="badge"> (default)</span> : null}
              {/* One line per app: short words on screen, the app's name in each button's accessible name. */}
              <span class="app-actions">
                {a.isDefault ? null : (
                  <button
                    type="button"
                    class="link"
                    disabled={!!busy}
                    aria-label={`Make default: ${a.name}`}
                    onClick={() => void act('default', () => call('setDefaultConnection', a.name))}
                  >
                    Make default
                  </button>
                )}
                <button
                  type="button"
                  class="link"
                  disabled={!!busy}
                  aria-label={`Change: ${a.name} (rename or new key)`}
                  onClick={() => edit(a.name)}
                >
                  Change
                </button>
                <button
                  type="button"
                  class="link"
                  disabled={!!busy}
                  aria-label={`Remove: ${a.name}`}
                  onClick={() => void act('remove', () => call('removeConnection', a.name))}
                >
                  Remove
                </button>
              </span>
            </li>
          ))}
        </ul>
      ) : (
        <p class="gray">No app connected yet.</p>
      )}
      <details class="group" id="apps-add" open={editing ? true : undefined}>
        <summary>{editing ? `Change ${editing}` : 'Add an app'}</summary>
        <TextField
          id="app-name"
          label="App name"
          value={name}
          placeholder="Meditation iOS"
          help="How reports and the App column name it; app=<name> in formulas"
          error={errors.name ?? null}
          onInput={(v) => {
            setName(v);
            setErrors({});
          }}
        />
        <TextField
          id="app-key"
          label="The app's key"
          help={
            editing
              ? `Leave empty to keep the key. A new one (from ${KEY_WHERE}) is tested first; saved reports of this app follow it`
              : `The secret key from ${KEY_WHERE}`
          }
          type="password"
          autoComplete="off"
          value={key}
          placeholder="secret_live_…"
          error={errors.key ?? null}
          onInput={(v) => {
            setKey(v);
            setErrors({});
          }}
        />
        <div class="buttons">
          <button type="button" class="action" disabled={!!busy} onClick={() => void add()}>
            {editing ? 'Save changes' : 'Add app'}
          </button>
          {editing ? (
            <button
              type="button"
              disabled={!!busy}
              onClick={() => {
                edit('');
                setName('');
                setEditing(null);
              }}
            >
              Cancel
            </button>
          ) : null}
        </div>
      </details>
      <div aria-live="polite" class="live">
        {busy ? <Spinner label={busy === 'add' && key.trim() ? 'Testing the key…' : 'Saving…'} /> : null}
      </div>
      {msg && !busy ? (
        <Notice kind={msg.kind} id="apps-msg">
          {msg.text}
        </Notice>
      ) : null}
    </section>
  );
}
