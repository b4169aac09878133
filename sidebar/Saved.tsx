/** The saved reports: last run, rows, status; run, edit, duplicate, delete. */
import { useState } from 'preact/hooks';
import { describeSchedule } from '../src/core/schedule';
import type { ConfirmNeeded, RunResult, SavedReport } from '../src/entry/sidebarApi';
import { ErrorBox, problemOf } from './Actions';
import { ReplaceConfirm, needsConfirm } from './ReplaceConfirm';
import type { AdaptyErrorCode } from '../src/core/errors';
import { call } from './server';
import { Spinner } from './ui';

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

export function SavedReports({
  reports,
  timeZone,
  onReports,
  onEdit,
  onRan,
}: {
  reports: SavedReport[];
  timeZone: string;
  onReports: (r: SavedReport[]) => void;
  onEdit: (r: SavedReport) => void;
  onRan: (r: RunResult) => void;
}) {
  const [busy, setBusy] = useState<{ id: string; what: string } | null>(null);
  const [confirm, setConfirm] = useState<string | null>(null);
  const [msg, setMsg] = useState<{ id: string; kind: 'ok' | 'error'; text: string; code?: AdaptyErrorCode } | null>(
    null,
  );

  /** A run that asked before writing over cells that are not its block's own. */
  const [ask, setAsk] = useState<{ id: string; confirm: ConfirmNeeded['confirm'] } | null>(null);

  const refresh = async () => onReports(await call('listReports'));

  const act = async (r: SavedReport, what: 'run' | 'duplicate' | 'delete', confirmReplace = false) => {
    setBusy({ id: r.id, what });
    setMsg(null);
    setConfirm(null);
    setAsk(null);
    try {
      if (what === 'run') {
        const res = await call('runSavedReport', r.id, { confirmReplace });
        if (needsConfirm(res)) {
          setAsk({ id: r.id, confirm: res.confirm });
          return;
        }
        onRan(res);
        setMsg({
          id: r.id,
          kind: 'ok',
          text: `Wrote ${res.rows.toLocaleString('en-US')} rows to “${res.sheetName}” ${res.a1} in ${(res.ms / 1000).toFixed(1)} s.`,
        });
        await refresh();
      } else if (what === 'duplicate') {
        const copy = await call('duplicateReport', r.id);
        await refresh();
        setMsg({ id: copy.id, kind: 'ok', text: `Duplicated as “${copy.name}”.` });
      } else {
        onReports(await call('deleteReport', r.id));
      }
    } catch (e) {
      setMsg({ id: r.id, kind: 'error', ...problemOf(e) });
      if (what === 'run') await refresh().catch(() => undefined);
    } finally {
      setBusy(null);
    }
  };

  if (!reports.length) {
    return <p class="gray empty-list">No saved reports yet. Build a report, then use “Save and schedule”.</p>;
  }
  return (
    <ul class="saved-list" aria-label="Saved reports">
      {reports.map((r) => {
        const last = r.lastRun;
        return (
          <li class="saved" key={r.id}>
            <h3 class="saved-name">{r.name}</h3>
            <div class="gray">{r.schedule ? describeSchedule(r.schedule, timeZone) : 'Not scheduled'}</div>
            <div class="saved-last">
              {last ? (
                <>
                  <span class={last.status === 'ok' ? 'status-ok' : 'status-error error'}>
                    {last.status === 'ok' ? 'OK' : 'Failed'}
                  </span>
                  {' · '}
                  {formatWhen(last.at, timeZone)}
                  {last.rows !== undefined ? ` · ${last.rows.toLocaleString('en-US')} rows` : ''}
                  {last.trigger === 'schedule' ? ' · scheduled' : ''}
                  {last.status === 'error' && last.error ? <div class="error">{last.error}</div> : null}
                </>
              ) : (
                <span class="gray">Never run</span>
              )}
              {r.failures > 1 ? <div class="error">{r.failures} failed runs in a row.</div> : null}
            </div>
            <div class="buttons small">
              <button
                type="button"
                class="action"
                disabled={!!busy}
                aria-label={`Run ${r.name}`}
                onClick={() => void act(r, 'run')}
              >
                Run
              </button>
              <button type="button" disabled={!!busy} aria-label={`Edit ${r.name}`} onClick={() => onEdit(r)}>
                Edit
              </button>
              <button
                type="button"
                disabled={!!busy}
                aria-label={`Duplicate ${r.name}`}
                onClick={() => void act(r, 'duplicate')}
              >
                Duplicate
              </button>
              <button type="button" disabled={!!busy} aria-label={`Delete ${r.name}`} onClick={() => setConfirm(r.id)}>
                Delete
              </button>
            </div>
            {confirm === r.id ? (
              <div class="confirm" role="group" aria-label={`Confirm deleting ${r.name}`}>
                <span>Delete “{r.name}”? Its sheet stays.</span>
                <button type="button" class="create danger" onClick={() => void act(r, 'delete')}>
                  Delete
                </button>
                <button type="button" onClick={() => setConfirm(null)}>
                  Cancel
                </button>
              </div>
            ) : null}
            {ask && ask.id === r.id && !busy ? (
              <ReplaceConfirm
                id={`replace-${r.id}`}
                ask={ask.confirm}
                onReplace={() => void act(r, 'run', true)}
                onCancel={() => setAsk(null)}
              />
            ) : null}
            <div class="live" aria-live="polite">
              {busy && busy.id === r.id ? (
                <Spinner
                  label={busy.what === 'run' ? 'Running…' : busy.what === 'delete' ? 'Deleting…' : 'Duplicating…'}
                />
              ) : null}
              {msg && msg.id === r.id && msg.kind === 'ok' ? <div class="notice notice-ok">{msg.text}</div> : null}
            </div>
            {msg && msg.id === r.id && msg.kind === 'error' ? <ErrorBox problem={msg} /> : null}
          </li>
        );
      })}
    </ul>
  );
}
