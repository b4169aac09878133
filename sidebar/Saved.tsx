/**
 * The saved reports: last run, rows, status, whose connection refreshes each; run, edit, duplicate, delete.
 * Running another editor's report (or one nobody owns, or one saved with a key of yours that changed) is
 * refused by the server with a code; the list then offers the explicit choices, never a silent mix.
 */
import { useState } from 'preact/hooks';
import { describeSchedule } from '../src/core/schedule';
import { formatWhen, nextRunOf, whatOf, whereOf } from './savedWords';
import { connectionOf, describeConnection } from '../src/core/ownership';
import { orphanOf } from '../src/core/reportDue';
import { intlTimeZonePort } from '../src/core/timezoneIntl';
import { fingerprintTail } from '../src/core/apiKey';
import type { ConfirmNeeded, Me, RunResult, SavedReport } from '../src/entry/sidebarApi';
import { count, seconds } from './numbers';
import { ErrorBox, problemOf } from './problem';
import { ReplaceConfirm, needsConfirm } from './ReplaceConfirm';
import type { AdaptyErrorCode } from '../src/core/errors';
import { call } from './server';
import { Spinner, TextField } from './ui';
import { useServerCall } from './useServerCall';

type Action = 'run' | 'duplicate' | 'delete' | 'copy' | 'takeover';

const BUSY_LABEL: Record<Action, string> = {
  run: 'Running…',
  duplicate: 'Duplicating…',
  delete: 'Deleting…',
  copy: 'Running a copy with your key…',
  takeover: 'Taking it over and running it…',
};

/** What the sidebar offers when the server refuses a Run because of whose connection the report uses. */
function choicesFor(code: AdaptyErrorCode | undefined): Action[] {
  if (code === 'not_owner' || code === 'no_owner') return ['copy', 'takeover'];
  if (code === 'key_changed') return ['takeover'];
  return [];
}

function ran(res: RunResult): string {
  return `Wrote ${count(res.rows)} rows to “${res.sheetName}” ${res.a1} in ${seconds(res.ms)}.`;
}

export function SavedReports({
  reports,
  timeZone,
  now,
  me: initialMe,
  onReports,
  onEdit,
  onRan,
}: {
  reports: SavedReport[];
  timeZone: string;
  /** The server's clock now (ms): next runs are counted from it. */
  now: () => number;
  me: Me | null;
  onReports: (r: SavedReport[]) => void;
  onEdit: (r: SavedReport) => void;
  onRan: (r: RunResult) => void;
}) {
  const [me, setMe] = useState<Me | null>(initialMe);
  const { busy, msg, setMsg, run } = useServerCall<
    { id: string; what: Action },
    { id: string; kind: 'ok' | 'error'; text: string; code?: AdaptyErrorCode }
  >();
  const [confirm, setConfirm] = useState<string | null>(null);

  /** A run that asked before writing over cells that are not its block's own. */
  const [ask, setAsk] = useState<{ id: string; confirm: ConfirmNeeded['confirm'] } | null>(null);

  const refresh = async () => onReports(await call('listReports'));

  const act = async (r: SavedReport, what: Action, confirmReplace = false) => {
    setConfirm(null);
    setAsk(null);
    await run(
      { id: r.id, what },
      async () => {
        if (what === 'run' || what === 'takeover') {
          if (what === 'takeover') await call('takeOverReport', r.id);
          const res = await call('runSavedReport', r.id, { confirmReplace });
          if (needsConfirm(res)) {
            // Taken over already (if asked): only the write waits for the user's answer.
            if (what === 'takeover') await refresh();
            setAsk({ id: r.id, confirm: res.confirm });
            return;
          }
          onRan(res);
          // The list first: the message announces a state the list already shows.
          await refresh();
          setMsg({ id: r.id, kind: 'ok', text: (what === 'takeover' ? 'It is yours now. ' : '') + ran(res) });
        } else if (what === 'copy') {
          const { report: copy, result } = await call('runSavedReportCopy', r.id);
          onRan(result);
          await refresh();
          setMsg({ id: copy.id, kind: 'ok', text: `Ran “${copy.name}” with your key. ${ran(result)}` });
        } else if (what === 'duplicate') {
          const copy = await call('duplicateReport', r.id);
          await refresh();
          setMsg({ id: copy.id, kind: 'ok', text: `Duplicated as “${copy.name}”.` });
        } else {
          onReports(await call('deleteReport', r.id));
        }
      },
      async (e) => {
        setMsg({ id: r.id, kind: 'error', ...problemOf(e) });
        if (what !== 'duplicate' && what !== 'delete') await refresh().catch(() => undefined);
      },
    );
  };

  if (!reports.length) {
    return <p class="gray empty-list">No saved reports yet. Build a report, then use “Save and schedule”.</p>;
  }
  return (
    <>
      <ul class="saved-list" aria-label="Saved reports">
        {reports.map((r) => {
          const last = r.lastRun;
          const connection = connectionOf(r, me);
          // Another editor's report their hourly run has stopped refreshing: say so, and offer what a refused Run would.
          const orphan = orphanOf(r, me, now(), timeZone, intlTimeZonePort);
          const choices: Action[] =
            msg && msg.id === r.id && msg.kind === 'error' ? choicesFor(msg.code) : orphan ? ['copy', 'takeover'] : [];
          const failing = r.failures > 0 || last?.status === 'error' || orphan !== null;
          const where = whereOf(r);
          const next = nextRunOf(r, now(), timeZone);
          return (
            <li class={failing ? 'saved failing' : 'saved'} key={r.id} aria-labelledby={`saved-${r.id}-name`}>
              <h3 class="saved-name" id={`saved-${r.id}-name`}>
                {r.name}
                {failing ? <span class="status-error error">{orphan ? ' · Not refreshed' : ' · Failing'}</span> : null}
              </h3>
              <div class="saved-what">{whatOf(r)}</div>
              <div class="saved-where">
                Writes to{' '}
                {where ? (
                  <button
                    type="button"
                    class="link"
                    aria-label={`Go to ${where.sheetName}!${where.a1}`}
                    onClick={() => {
                      call('selectRange', where.sheetName, where.a1).catch((e: unknown) =>
                        setMsg({ id: r.id, kind: 'error', ...problemOf(e) }),
                      );
                    }}
                  >
                    {where.sheetName}!{where.a1}
                  </button>
                ) : (
                  'the active cell'
                )}
              </div>
              <div class="gray saved-schedule">
                {r.schedule ? describeSchedule(r.schedule, timeZone) : 'Not scheduled: runs when you run it'}
              </div>
              {next ? (
                <div class="saved-next gray">
                  Next run: {next} ({timeZone}), within that hour
                </div>
              ) : null}
              <div class={connection.kind === 'yours' ? 'gray saved-owner' : 'saved-owner owner-flag'}>
                Connection: {describeConnection(connection)}
              </div>
              {orphan ? (
                <div class="error saved-orphan" id={`saved-${r.id}-orphan`}>
                  ⚠ Not refreshed since {formatWhen(new Date(orphan.since).toISOString(), timeZone)}: {orphan.owner}
                  's hourly run has missed it since {formatWhen(
                    new Date(orphan.missedSlot).toISOString(),
                    timeZone,
                  )}{' '}
                  (they may have left or lost access). Take it over to refresh it with your key, or run a copy.
                </div>
              ) : null}
              <div class="saved-last">
                {last ? (
                  <>
                    Last run:{' '}
                    <span class={last.status === 'ok' ? 'status-ok' : 'status-error error'}>
                      {last.status === 'ok' ? 'OK' : 'Failed'}
                    </span>
                    {' · '}
                    {formatWhen(last.at, timeZone)}
                    {last.rows !== undefined ? ` · ${count(last.rows)} rows` : ''}
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
                  aria-label={`Run now: ${r.name}`}
                  onClick={() => void act(r, 'run')}
                >
                  Run now
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
                <button
                  type="button"
                  disabled={!!busy}
                  aria-label={`Delete ${r.name}`}
                  onClick={() => setConfirm(r.id)}
                >
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
                {busy && busy.id === r.id ? <Spinner label={BUSY_LABEL[busy.what]} /> : null}
                {msg && msg.id === r.id && msg.kind === 'ok' ? <div class="notice notice-ok">{msg.text}</div> : null}
              </div>
              {msg && msg.id === r.id && msg.kind === 'error' ? <ErrorBox problem={msg} /> : null}
              {choices.length ? (
                <div class="buttons small" role="group" aria-label={`Choices for ${r.name}`}>
                  {choices.includes('copy') ? (
                    <button type="button" class="action" disabled={!!busy} onClick={() => void act(r, 'copy')}>
                      Run with my key into a copy
                    </button>
                  ) : null}
                  {choices.includes('takeover') ? (
                    <button type="button" disabled={!!busy} onClick={() => void act(r, 'takeover')}>
                      {msg?.code === 'key_changed' ? 'Use my current key' : 'Take it over'}
                    </button>
                  ) : null}
                </div>
              ) : null}
            </li>
          );
        })}
      </ul>
      <OwnerName
        me={me}
        onMe={(m) => {
          setMe(m);
          void refresh().catch(() => undefined);
        }}
      />
    </>
  );
}

/** The name other editors see on the reports this user owns (instead of their key's fingerprint). */
function OwnerName({ me, onMe }: { me: Me | null; onMe: (m: Me) => void }) {
  const [name, setName] = useState(me?.name ?? '');
  const [note, setNote] = useState<{ kind: 'ok' | 'error'; text: string; field?: string } | null>(null);
  const save = async () => {
    setNote(null);
    try {
      const m = await call('setOwnerName', name);
      onMe(m);
      setNote({
        kind: 'ok',
        text: m.name
          ? `Other editors see “${m.name}” on the reports you own.`
          : `Other editors see your key's fingerprint (${fingerprintTail(m.keyFingerprint)}) on the reports you own.`,
      });
    } catch (e) {
      setNote({ kind: 'error', text: problemOf(e).text });
    }
  };
  return (
    <div class="owner-name">
      <TextField
        id="f-owner-name"
        label="Your name on the reports you own"
        value={name}
        onInput={setName}
        help="Shown to other editors of this spreadsheet instead of your key's fingerprint. Never your key."
        error={note?.kind === 'error' ? note.text : undefined}
      />
      <button type="button" id="btn-owner-name" onClick={() => void save()}>
        Save name
      </button>
      <div class="live" aria-live="polite">
        {note?.kind === 'ok' ? <div class="notice notice-ok">{note.text}</div> : null}
      </div>
    </div>
  );
}
