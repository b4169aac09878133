/**
 * Connection: paste the app's secret key, test it, save it, see it by its fingerprint, remove it. The key is checked
 * here first (checkApiKey), so a public SDK key or a malformed one is refused before any call. The server
 * saves a key only after a test request (a refused key never replaces a working one). After saving the
 * sidebar only ever holds the key's fingerprint the server returns (no character of the key).
 */
import { useEffect, useState } from 'preact/hooks';
import { KEY_WHERE, checkApiKey } from '../src/core/apiKey';
import type { KeyStatus } from '../src/entry/sidebarApi';
import { call, ServerError } from './server';
import { Notice, Spinner, describedBy } from './ui';
import { useServerCall } from './useServerCall';

type Msg = { kind: 'error' | 'ok' | 'warn' | 'info'; text: string };

export function Connection({
  status,
  onStatus,
  focus,
}: {
  status: KeyStatus;
  onStatus: (s: KeyStatus) => void;
  focus?: boolean;
}) {
  const [key, setKey] = useState('');
  const { busy, msg, setMsg, run } = useServerCall<'test' | 'save' | 'remove', Msg>();
  const [fieldError, setFieldError] = useState<string | null>(null);
  const [open, setOpen] = useState(!status.saved || !!focus);
  const [confirmRemove, setConfirmRemove] = useState(false);

  // Opened from the menu's Settings item: go straight to the key field.
  useEffect(() => {
    if (focus) document.getElementById('api-key')?.focus();
  }, []);

  /** The pasted key after the client-side check, or null (with the message shown). */
  const checked = (): string | null => {
    try {
      return checkApiKey(key).key;
    } catch (e) {
      setFieldError(e instanceof Error ? e.message : String(e));
      setMsg(null);
      return null;
    }
  };

  const test = async () => {
    setFieldError(null);
    let arg = '';
    if (key.trim() || !status.saved) {
      const k = checked();
      if (k === null) return;
      arg = k;
    }
    await run(
      'test',
      async () => {
        const r = await call('testApiKey', arg);
        setMsg({ kind: r.ok ? 'ok' : 'error', text: r.message });
      },
      (e) => setMsg({ kind: 'error', text: (e as Error).message }),
    );
  };

  const save = async () => {
    setFieldError(null);
    const k = checked();
    if (k === null) return;
    await run(
      'save',
      async () => {
        const s = await call('saveApiKey', k);
        setKey('');
        onStatus(s);
        const said = s.message ?? 'Saved. Reports and formulas in this spreadsheet now use this key.';
        setMsg({
          kind: s.warning ? 'warn' : 'ok',
          text: s.warning && s.warning !== said ? `${said} ${s.warning}` : said,
        });
      },
      (e) => {
        // The server's refusal of the key itself belongs under the field.
        if (e instanceof ServerError && e.field === 'api_key') setFieldError(e.message);
        else setMsg({ kind: 'error', text: (e as Error).message });
      },
    );
  };

  const remove = async () => {
    setConfirmRemove(false);
    await run(
      'remove',
      async () => {
        const s = await call('removeApiKey');
        onStatus(s);
        setOpen(true);
        setMsg({
          kind: 'ok',
          text: s.message ?? 'The key was removed. Reports cannot run until you save a key again.',
        });
      },
      (e) => setMsg({ kind: 'error', text: (e as Error).message }),
    );
  };

  return (
    <section class="block connection" aria-labelledby="conn-title">
      <div class="section-head">
        <h2 id="conn-title">Connection</h2>
        {status.saved ? (
          <button
            type="button"
            class="link"
            aria-expanded={open}
            aria-controls="conn-body"
            onClick={() => setOpen(!open)}
          >
            {open ? 'Hide' : 'Manage'}
          </button>
        ) : null}
      </div>
      <p class="key-status" id="key-status">
        {status.saved ? (
          <>
            Key saved: <code class="masked-key">{status.masked}</code>
          </>
        ) : (
          <span class="error">No secret API key saved yet.</span>
        )}
      </p>
      {status.saved && status.warning ? <Notice kind="warn">{status.warning}</Notice> : null}
      {open ? (
        <div id="conn-body">
          <div class="form-group">
            <label for="api-key">{status.saved ? 'Replace with a new secret key' : 'Secret API key'}</label>
            <input
              id="api-key"
              type="password"
              value={key}
              autoComplete="off"
              spellcheck={false}
              placeholder="secret_live_…"
              aria-invalid={fieldError ? 'true' : undefined}
              aria-describedby={describedBy('api-key', true, fieldError)}
              onInput={(e) => {
                setKey(e.currentTarget.value);
                setFieldError(null);
              }}
              onKeyDown={(e) => {
                if (e.key === 'Enter') {
                  e.preventDefault();
                  void save();
                }
              }}
            />
            <div class="help gray" id="api-key-help">
              {KEY_WHERE}: the <b>secret</b> key (not the public SDK key).
            </div>
            {fieldError ? (
              <div class="field-error error" id="api-key-error" role="alert">
                {fieldError}
              </div>
            ) : null}
          </div>
          <div class="buttons">
            <button type="button" class="action" disabled={!!busy} onClick={() => void save()}>
              Save
            </button>
            <button type="button" disabled={!!busy} onClick={() => void test()}>
              {key.trim() || !status.saved ? 'Test' : 'Test saved key'}
            </button>
            {status.saved && !confirmRemove ? (
              <button type="button" disabled={!!busy} onClick={() => setConfirmRemove(true)}>
                Remove
              </button>
            ) : null}
          </div>
          {confirmRemove ? (
            <div class="confirm" role="group" aria-label="Confirm removing the key">
              <span>Remove the saved key?</span>
              <button type="button" class="create danger" onClick={() => void remove()}>
                Remove key
              </button>
              <button type="button" onClick={() => setConfirmRemove(false)}>
                Cancel
              </button>
            </div>
          ) : null}
        </div>
      ) : null}
      <div aria-live="polite" class="live">
        {busy ? <Spinner label={busy === 'test' ? 'Testing…' : busy === 'save' ? 'Saving…' : 'Removing…'} /> : null}
      </div>
      {msg && !busy ? (
        <Notice kind={msg.kind} id="conn-msg">
          {msg.text}
        </Notice>
      ) : null}
    </section>
  );
}
