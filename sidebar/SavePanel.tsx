/** Save the report with a schedule (or update the saved report being edited). */
import { useEffect, useRef, useState } from 'preact/hooks';
import { describeSchedule, type Schedule } from '../src/core/schedule';
import { SCHEDULE_KINDS, WEEKDAYS, type ScheduleKind } from '../src/catalog/schedules';
import { MERGE_WINDOW } from '../src/catalog/writeModes';
import type { ReportSpec } from '../src/core/request';
import type { AdaptyErrorCode } from '../src/core/errors';
import type { SavedReport } from '../src/entry/sidebarApi';
import { chartOf, destinationOf, type DestState } from './destination';
import { ErrorBox, focusControl, problemOf } from './problem';
import { call } from './server';
import { Notice, Select, Spinner, TextField } from './ui';
import { useServerCall } from './useServerCall';
import type { Checked } from './validate';

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
  changeKey,
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
  /** Changes with the report and its destination: the last message is cleared then. */
  changeKey: string;
  onSaved: (r: SavedReport, created: boolean) => void;
  onStopEditing: () => void;
}) {
  const [name, setName] = useState(editing?.name ?? '');
  const [sched, setSched] = useState<ScheduleState>(scheduleState(editing?.schedule));
  // Merge's refresh window in days, as typed ('' = the default); the server says what it allows.
  const [win, setWin] = useState(editing?.window ? String(editing.window) : '');
  const { busy, msg, setMsg, run } = useServerCall<
    true,
    { kind: 'ok' | 'error'; text: string; code?: AdaptyErrorCode }
  >();
  const [nameError, setNameError] = useState<string | null>(null);

  useEffect(() => {
    setName(editing?.name ?? '');
    setSched(scheduleState(editing?.schedule));
    setWin(editing?.window ? String(editing.window) : '');
  }, [editing?.id]);
  const first = useRef(true);
  useEffect(() => {
    if (first.current) first.current = false;
    else setMsg(null);
  }, [changeKey]);

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
    await run(
      true,
      async () => {
        const r = await call('saveReport', {
          id: asNew || !editing ? undefined : editing.id,
          name: finalName,
          spec,
          destination: destinationOf(dest, finalName),
          mode: dest.mode,
          ...chartOf(dest, spec),
          schedule,
          ...(dest.mode === 'merge' && win.trim() ? { window: Number(win) } : {}),
        });
        setMsg({
          kind: 'ok',
          text: `Saved “${r.name}”${r.schedule ? ` — ${describeSchedule(r.schedule, timeZone)}` : ''}.`,
        });
        onSaved(r, asNew || !editing);
      },
      (e) => setMsg({ kind: 'error', ...problemOf(e) }),
    );
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
      {dest.mode === 'merge' ? (
        <TextField
          id="f-save-window"
          label={MERGE_WINDOW.label}
          type="number"
          inputMode="numeric"
          min={String(MERGE_WINDOW.min)}
          max={String(MERGE_WINDOW.max)}
          value={win}
          placeholder={String(MERGE_WINDOW.default)}
          help={MERGE_WINDOW.help}
          onInput={setWin}
        />
      ) : null}
      <div class="buttons">
        <button type="button" class="action" id="btn-save" disabled={!!busy} onClick={() => void save(false)}>
          {editing ? 'Update report' : 'Save report'}
        </button>
        {editing ? (
          <button type="button" disabled={!!busy} onClick={() => void save(true)}>
            Save as new
          </button>
        ) : null}
        {editing ? (
          <button type="button" disabled={!!busy} onClick={onStopEditing}>
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
