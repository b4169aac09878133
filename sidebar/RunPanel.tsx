/**
 * Run the report into a sheet (destination, write mode, progress, result with a link) or insert it as a
 * formula in the active cell. Nothing is sent while the form has an error: the error is shown and its
 * field focused instead.
 */
import { WRITE_MODES } from '../src/catalog/writeModes';
import { useEffect, useRef, useState } from 'preact/hooks';
import type { ReportSpec } from '../src/core/request';
import type { ConfirmNeeded, RunRequest, RunResult } from '../src/entry/sidebarApi';
import { destinationOf, type DestState } from './destination';
import { ErrorBox, focusControl, problemOf, type Problem } from './problem';
import { ReplaceConfirm, needsConfirm } from './ReplaceConfirm';
import { call } from './server';
import { Checkbox, Spinner, Select, TextField } from './ui';
import { useServerCall } from './useServerCall';
import type { Checked } from './validate';

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
  const { busy, msg: error, setMsg: setError, run: serve } = useServerCall<'run' | 'insert', Problem>();
  const [elapsed, setElapsed] = useState(0);
  const [result, setResult] = useState<RunResult | null>(null);
  const [inserted, setInserted] = useState<{ a1: string; formula: string; sheetName?: string } | null>(null);
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

  /** Runs one call with the elapsed-time counter, clearing what the last one showed. */
  const timed = async (what: 'run' | 'insert', send: () => Promise<void>) => {
    setAsk(null);
    setResult(null);
    setInserted(null);
    const t0 = Date.now();
    setElapsed(0);
    timer.current = window.setInterval(() => setElapsed(Date.now() - t0), 250);
    await serve(what, send, (e) => setError(problemOf(e)));
    window.clearInterval(timer.current);
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
  const send = (request: RunRequest, confirmReplace: boolean) =>
    timed('run', async () => {
      const r = await call('runReport', request, { confirmReplace });
      if (needsConfirm(r)) {
        setAsk({ request, confirm: r.confirm });
        return;
      }
      setResult(r);
      onRan(r);
    });

  const insert = async () => {
    if (blocked()) return;
    await timed('insert', async () => {
      const r = await call('insertFormula', spec);
      setInserted(r);
    });
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
        {WRITE_MODES.map((m) => (
          <label key={m.id} title={m.help}>
            <input
              type="radio"
              name="mode"
              value={m.id}
              checked={dest.mode === m.id}
              onChange={() => setDest({ ...dest, mode: m.id })}
            />{' '}
            {m.label}
          </label>
        ))}
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
