/**
 * What to do with the report: run it into a sheet (destination, write mode, progress, result with a link),
 * insert it as a formula in the active cell, or save it with a schedule. Nothing is sent while the form
 * has an error: the error is shown and its field focused instead.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { SCHEDULE_KINDS, WEEKDAYS, type ScheduleKind } from '../src/catalog/schedules';
import { describeSchedule, type Schedule } from '../src/core/schedule';
import type { ReportSpec } from '../src/core/request';
import type {
  ConfirmNeeded,
  Destination,
  RunRequest,
  RunResult,
  SavedReport,
  WriteMode,
} from '../src/entry/sidebarApi';
import { ReplaceConfirm, needsConfirm } from './ReplaceConfirm';
import { call, ServerError } from './server';
import type { AdaptyErrorCode } from '../src/core/errors';
import { Checkbox, Notice, Select, Spinner, TextField } from './ui';
import type { Checked } from './validate';

export interface DestState {
  kind: Destination['kind'];
  newName: string;
  /** Whether the user typed the new sheet's name (else it follows the report's title). */
  newNameTouched: boolean;
  sheet: string;
  mode: WriteMode;
  chart: boolean;
}

export function destinationOf(d: DestState, title: string): Destination {
  if (d.kind === 'new_sheet')
    return { kind: 'new_sheet', sheetName: (d.newNameTouched ? d.newName : title).trim() || title };
  if (d.kind === 'sheet') return { kind: 'sheet', sheetName: d.sheet };
  return { kind: 'active_cell' };
}

/** A failure as the sidebar shows it: the server's message and, where it sent one, its code. */
export interface Problem {
  text: string;
  code?: AdaptyErrorCode;
}

export function problemOf(e: unknown): Problem {
  return e instanceof ServerError ? { text: e.message, code: e.code } : { text: (e as Error)?.message ?? String(e) };
}

/** A next step for the common failures, added under the server's message, chosen by the error's code. */
export function hintFor(code: AdaptyErrorCode | undefined): string | null {
  switch (code) {
    case 'rate_limited':
      return 'Adapty allows 2 requests a second per key: wait a minute and run again.';
    case 'budget':
      return 'Try a shorter date range, a coarser period or fewer segments.';
    case 'network':
      return 'Check the connection and run again; nothing was written.';
    case 'busy':
      return 'Wait a minute and run again; nothing was changed.';
    default:
      return null;
  }
}

export function ErrorBox({ problem, id }: { problem: Problem; id?: string }) {
  const hint = hintFor(problem.code);
  return (
    <div class="notice notice-error" role="alert" id={id}>
      <div class="error">{problem.text}</div>
      {hint ? <div class="hint">What to do: {hint}</div> : null}
    </div>
  );
}

/** Focuses the control an error belongs to (opening its collapsed group). */
export function focusControl(control: string): void {
  const ids = [`f-${control}`, `f-param-${control}`, `f-filter-${control}`, `f-filter-${control}-custom`];
  if (control === 'start') ids.unshift('f-start', 'f-preset-n', 'f-preset');
  if (control === 'end') ids.unshift('f-end');
  if (control === 'compare_start') ids.unshift('f-compare-start');
  if (control === 'compare_end') ids.unshift('f-compare-end');
  if (control === 'from_period' || control === 'to_period') ids.push('f-conversion');
  for (const id of ids) {
    const el = document.getElementById(id);
    if (!el) continue;
    const details = el.closest('details');
    if (details && !details.open) details.open = true;
    const target = el.matches('input,select,textarea,button')
      ? el
      : el.querySelector<HTMLElement>('input,select,textarea,button');
    (target ?? el).focus();
    return;
  }
  document.getElementById('f-general-error')?.focus();
}

function seconds(ms: number): string {
  if (ms < 100) return 'under 0.1 s';
  return ms < 10_000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms / 1000)} s`;
}

export function RunPanel({
  spec,
  check,
  title,
  dest,
  setDest,
  sheets,
  onRan,
  separator,
}: {
  spec: ReportSpec;
  check: Checked;
  title: string;
  dest: DestState;
  setDest: (d: DestState) => void;
  sheets: string[];
  onRan: (r: RunResult) => void;
  separator: ',' | ';';
}) {
  const [busy, setBusy] = useState<'' | 'run' | 'insert'>('');
  const [elapsed, setElapsed] = useState(0);
  const [result, setResult] = useState<RunResult | null>(null);
  const [inserted, setInserted] = useState<{ a1: string; formula: string; sheetName?: string } | null>(null);
  const [error, setError] = useState<Problem | null>(null);
  /** The run that asked before writing over cells that are not its own, and its question. */
  const [ask, setAsk] = useState<{ request: RunRequest; confirm: ConfirmNeeded['confirm'] } | null>(null);
  const timer = useRef<number | undefined>(undefined);

  useEffect(() => () => window.clearInterval(timer.current), []);

  const blocked = (): boolean => {
    if (!check.error) return false;
    setError({ text: `Nothing was sent. ${check.error.message}`, code: 'validation' });
    setResult(null);
    setInserted(null);
    focusControl(check.error.control);
    return true;
  };

  const start = (what: 'run' | 'insert') => {
    setBusy(what);
    setError(null);
    setAsk(null);
    setResult(null);
    setInserted(null);
    const t0 = Date.now();
    setElapsed(0);
    timer.current = window.setInterval(() => setElapsed(Date.now() - t0), 250);
  };
  const stop = () => {
    window.clearInterval(timer.current);
    setBusy('');
  };

  const run = async () => {
    if (blocked()) return;
    if (dest.kind === 'sheet' && !dest.sheet) {
      setError({ text: 'Choose the sheet to write to, or pick “New sheet”.', code: 'validation' });
      document.getElementById('f-dest-sheet')?.focus();
      return;
    }
    await send({ spec, destination: destinationOf(dest, title), mode: dest.mode, chart: dest.chart }, false);
  };

  /** Runs a request; a question back (cells that are not the block's own) is shown, nothing written. */
  const send = async (request: RunRequest, confirmReplace: boolean) => {
    start('run');
    try {
      const r = await call('runReport', request, { confirmReplace });
      if (needsConfirm(r)) {
        setAsk({ request, confirm: r.confirm });
        return;
      }
      setResult(r);
      onRan(r);
    } catch (e) {
      setError(problemOf(e));
    } finally {
      stop();
    }
  };

  const insert = async () => {
    if (blocked()) return;
    start('insert');
    try {
      const r = await call('insertFormula', spec);
      setInserted(r);
    } catch (e) {
      setError(problemOf(e));
    } finally {
      stop();
    }
  };

  const show = (sheetName: string, a1: string) => {
    call('selectRange', sheetName, a1).catch((e: unknown) => setError(problemOf(e)));
  };

  const kinds = [
    { id: 'new_sheet', label: 'New sheet' },
    { id: 'sheet', label: 'Existing sheet' },
    { id: 'active_cell', label: 'Active cell' },
  ];
  return (
    <section class="block actions" aria-labelledby="run-title">
      <h2 id="run-title">Run</h2>
      <Select
        id="f-dest"
        label="Write to"
        value={dest.kind}
        choices={kinds}
        onChange={(v) => setDest({ ...dest, kind: v as DestState['kind'] })}
      />
      {dest.kind === 'new_sheet' ? (
        <TextField
          id="f-dest-name"
          label="New sheet name"
          value={dest.newNameTouched ? dest.newName : title}
          onInput={(v) => setDest({ ...dest, newName: v, newNameTouched: true })}
          help="If it exists, the report goes into it."
        />
      ) : null}
      {dest.kind === 'sheet' ? (
        <Select
          id="f-dest-sheet"
          label="Sheet"
          value={dest.sheet}
          choices={sheets.map((s) => ({ id: s, label: s }))}
          empty="Choose a sheet…"
          onChange={(v) => setDest({ ...dest, sheet: v })}
        />
      ) : null}
      <fieldset class="form-group inline-radios">
        <legend>Existing data</legend>
        <label>
          <input
            type="radio"
            name="mode"
            value="overwrite"
            checked={dest.mode === 'overwrite'}
            onChange={() => setDest({ ...dest, mode: 'overwrite' })}
          />{' '}
          Replace
        </label>
        <label>
          <input
            type="radio"
            name="mode"
            value="append"
            checked={dest.mode === 'append'}
            onChange={() => setDest({ ...dest, mode: 'append' })}
          />{' '}
          Append below
        </label>
      </fieldset>
      {spec.endpoint === 'analytics' ? (
        <Checkbox
          id="f-dest-chart"
          label="Add a chart that follows the data"
          checked={dest.chart}
          onChange={(v) => setDest({ ...dest, chart: v })}
        />
      ) : null}
      <div class="buttons">
        <button
          type="button"
          class="action"
          id="btn-run"
          disabled={!!busy}
          aria-describedby={check.error ? 'run-blocked' : undefined}
          onClick={() => void run()}
        >
          Run
        </button>
        <button
          type="button"
          id="btn-insert"
          disabled={!!busy}
          onClick={() => void insert()}
          title={`Writes =…(…) with “${separator}” between arguments into the active cell`}
        >
          Insert as formula
        </button>
      </div>
      {check.error ? (
        <div class="help gray" id="run-blocked">
          Fix the highlighted field to run.
        </div>
      ) : null}
      {ask && !busy ? (
        <ReplaceConfirm
          ask={ask.confirm}
          onReplace={() => void send(ask.request, true)}
          onCancel={() => setAsk(null)}
        />
      ) : null}
      <div class="live" aria-live="polite" id="run-status">
        {busy ? (
          <Spinner label={`${busy === 'run' ? 'Running the report' : 'Inserting the formula'}… ${seconds(elapsed)}`} />
        ) : null}
        {result ? (
          <div class="notice notice-ok" id="run-result">
            <div>
              Wrote {result.rows.toLocaleString('en-US')} row{result.rows === 1 ? '' : 's'} × {result.columns} column
              {result.columns === 1 ? '' : 's'} to “{result.sheetName}” {result.a1} in {seconds(result.ms)}
              {result.fromCache ? ' (from cache)' : ''}.
            </div>
            <button type="button" class="link" onClick={() => show(result.sheetName, result.a1)}>
              Go to {result.sheetName}!{result.a1}
            </button>
          </div>
        ) : null}
        {inserted ? (
          <div class="notice notice-ok" id="insert-result">
            <div>
              Inserted into {inserted.sheetName ? `${inserted.sheetName}!` : ''}
              {inserted.a1}:
            </div>
            <code class="formula">{inserted.formula}</code>
          </div>
        ) : null}
      </div>
      {error ? <ErrorBox problem={error} id="run-error" /> : null}
    </section>
  );
}

// ------------------------------------------------------------------------------------------------
// Save with a schedule

export interface ScheduleState {
  kind: '' | ScheduleKind;
  hour: string;
  weekday: string;
  day: string;
}

export function scheduleOf(s: ScheduleState): Schedule | null {
  const hour = Number(s.hour);
  switch (s.kind) {
    case 'hour':
      return { every: 'hour' };
    case 'day':
      return { every: 'day', hour };
    case 'week':
      return { every: 'week', weekday: Number(s.weekday), hour };
    case 'month':
      return { every: 'month', day: Number(s.day), hour };
    default:
      return null;
  }
}

export function scheduleState(s: Schedule | null | undefined): ScheduleState {
  const base: ScheduleState = { kind: '', hour: '6', weekday: '1', day: '1' };
  if (!s) return base;
  return {
    kind: s.every,
    hour: 'hour' in s ? String(s.hour) : base.hour,
    weekday: s.every === 'week' ? String(s.weekday) : base.weekday,
    day: s.every === 'month' ? String(s.day) : base.day,
  };
}

const HOURS = Array.from({ length: 24 }, (_, h) => ({ id: String(h), label: `${String(h).padStart(2, '0')}:00` }));
const DAYS = Array.from({ length: 31 }, (_, d) => ({ id: String(d + 1), label: String(d + 1) }));

export function SavePanel({
  spec,
  check,
  title,
  dest,
  timeZone,
  zoneNote,
  editing,
  onSaved,
  onStopEditing,
}: {
  spec: ReportSpec;
  check: Checked;
  title: string;
  dest: DestState;
  timeZone: string;
  zoneNote: string;
  editing: SavedReport | null;
  onSaved: (r: SavedReport, created: boolean) => void;
  onStopEditing: () => void;
}) {
  const [name, setName] = useState(editing?.name ?? '');
  const [sched, setSched] = useState<ScheduleState>(scheduleState(editing?.schedule));
  const [busy, setBusy] = useState(false);
  const [msg, setMsg] = useState<{ kind: 'ok' | 'error'; text: string; code?: AdaptyErrorCode } | null>(null);
  const [nameError, setNameError] = useState<string | null>(null);

  useEffect(() => {
    setName(editing?.name ?? '');
    setSched(scheduleState(editing?.schedule));
  }, [editing?.id]);

  const schedule = scheduleOf(sched);
  const save = async (asNew: boolean) => {
    if (check.error) {
      setMsg({ kind: 'error', text: `Nothing was saved. ${check.error.message}` });
      focusControl(check.error.control);
      return;
    }
    const finalName = (name.trim() || title).trim();
    if (finalName.length > 100) {
      setNameError(`The name has ${finalName.length} characters: use at most 100.`);
      return;
    }
    setNameError(null);
    setBusy(true);
    setMsg(null);
    try {
      const r = await call('saveReport', {
        id: asNew || !editing ? undefined : editing.id,
        name: finalName,
        spec,
        destination: destinationOf(dest, finalName),
        mode: dest.mode,
        chart: dest.chart,
        schedule,
      });
      setMsg({
        kind: 'ok',
        text: `Saved “${r.name}”${r.schedule ? ` — ${describeSchedule(r.schedule, timeZone)}` : ''}.`,
      });
      onSaved(r, asNew || !editing);
    } catch (e) {
      setMsg({ kind: 'error', ...problemOf(e) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <details class="group save-panel" open={editing ? true : undefined}>
      <summary>{editing ? `Editing “${editing.name}”` : 'Save and schedule'}</summary>
      <TextField
        id="f-save-name"
        label="Report name"
        value={name}
        placeholder={title}
        error={nameError}
        onInput={setName}
      />
      <Select
        id="f-schedule"
        label="Refresh automatically"
        value={sched.kind}
        empty="Never (run it by hand)"
        choices={SCHEDULE_KINDS.map((k) => ({ id: k.id, label: k.label }))}
        help={SCHEDULE_KINDS.find((k) => k.id === sched.kind)?.help}
        onChange={(v) => setSched({ ...sched, kind: v as ScheduleState['kind'] })}
      />
      {sched.kind === 'week' ? (
        <Select
          id="f-schedule-weekday"
          label="On"
          value={sched.weekday}
          choices={WEEKDAYS.map((w) => ({ id: String(w.value), label: w.label }))}
          onChange={(v) => setSched({ ...sched, weekday: v })}
        />
      ) : null}
      {sched.kind === 'month' ? (
        <Select
          id="f-schedule-day"
          label="Day of the month"
          value={sched.day}
          choices={DAYS}
          onChange={(v) => setSched({ ...sched, day: v })}
        />
      ) : null}
      {sched.kind && sched.kind !== 'hour' ? (
        <Select
          id="f-schedule-hour"
          label="At"
          value={sched.hour}
          choices={HOURS}
          onChange={(v) => setSched({ ...sched, hour: v })}
        />
      ) : null}
      {schedule ? (
        <p class="resolved" id="f-schedule-text">
          {describeSchedule(schedule, timeZone)}
        </p>
      ) : null}
      {schedule && zoneNote ? <p class="help gray">{zoneNote}</p> : null}
      <div class="buttons">
        <button type="button" class="action" id="btn-save" disabled={busy} onClick={() => void save(false)}>
          {editing ? 'Update report' : 'Save report'}
        </button>
        {editing ? (
          <button type="button" disabled={busy} onClick={() => void save(true)}>
            Save as new
          </button>
        ) : null}
        {editing ? (
          <button type="button" disabled={busy} onClick={onStopEditing}>
            Stop editing
          </button>
        ) : null}
      </div>
      <div class="live" aria-live="polite">
        {busy ? <Spinner label="Saving…" /> : null}
      </div>
      {msg ? (
        msg.kind === 'error' ? (
          <ErrorBox problem={msg} />
        ) : (
          <Notice kind="ok" id="save-result">
            {msg.text}
          </Notice>
        )
      ) : null}
    </details>
  );
}
