/**
 * Run the report into its destination, or insert it as a formula: what is running (with its elapsed
 * time), the result, the replace question a run may get back, and the failure. Nothing is sent while the
 * form has an error (its field is focused instead). Everything it shows is cleared when the report or
 * its destination changes (`changeKey`), so no message describes a report that is no longer on screen.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import type { ReportSpec } from '../src/core/request';
import type { ConfirmNeeded, InsertedFormula, RunRequest, RunResult } from '../src/entry/sidebarApi';
import { chartOf, destinationOf, type DestState } from './destination';
import { focusControl, problemOf, type Problem } from './problem';
import { needsConfirm } from './ReplaceConfirm';
import { call } from './server';
import { useServerCall } from './useServerCall';
import type { Checked } from './validate';

export type RunWhat = 'run' | 'insert';

export interface RunState {
  busy: RunWhat | null;
  elapsed: number;
  result: RunResult | null;
  inserted: InsertedFormula | null;
  /** The question a run got back instead of writing over cells that are not its own. */
  ask: ConfirmNeeded['confirm'] | null;
  error: Problem | null;
  run(): Promise<void>;
  insert(): Promise<void>;
  /** The user answered Replace: the same request again, confirmed. */
  replace(): Promise<void>;
  cancelAsk(): void;
  setError(p: Problem | null): void;
}

export function useRun({
  spec,
  check,
  title,
  dest,
  onRan,
  changeKey,
}: {
  spec: ReportSpec;
  check: Checked;
  title: string;
  dest: DestState;
  onRan: (r: RunResult) => void;
  /** Changes whenever the report, its destination or the sidebar's "new report" changes. */
  changeKey: string;
}): RunState {
  const { busy, msg: error, setMsg: setError, run: serve } = useServerCall<RunWhat, Problem>();
  const [elapsed, setElapsed] = useState(0);
  const [result, setResult] = useState<RunResult | null>(null);
  const [inserted, setInserted] = useState<InsertedFormula | null>(null);
  const [ask, setAsk] = useState<{ request: RunRequest; confirm: ConfirmNeeded['confirm'] } | null>(null);
  const timer = useRef<number | undefined>(undefined);

  useEffect(() => () => window.clearInterval(timer.current), []);
  // A message about another report (or an earlier destination) would mislead: clear it.
  const first = useRef(true);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    setResult(null);
    setInserted(null);
    setAsk(null);
    setError(null);
  }, [changeKey]);

  const blocked = (): boolean => {
    if (!check.error) return false;
    setError({ text: `Nothing was sent. ${check.error.message}`, code: 'validation' });
    setResult(null);
    setInserted(null);
    focusControl(check.error.control);
    return true;
  };

  const timed = async (what: RunWhat, send: () => Promise<void>) => {
    setAsk(null);
    setResult(null);
    setInserted(null);
    const t0 = Date.now();
    setElapsed(0);
    timer.current = window.setInterval(() => setElapsed(Date.now() - t0), 250);
    await serve(what, send, (e) => setError(problemOf(e)));
    window.clearInterval(timer.current);
  };

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

  return {
    busy,
    elapsed,
    result,
    inserted,
    ask: ask?.confirm ?? null,
    error,
    setError,
    async run() {
      if (blocked()) return;
      if (dest.kind === 'sheet' && !dest.sheet) {
        setError({ text: 'Choose the sheet to write to, or pick “New sheet”.', code: 'validation' });
        document.getElementById('f-dest-sheet')?.focus();
        return;
      }
      await send({ spec, destination: destinationOf(dest, title), mode: dest.mode, ...chartOf(dest, spec) }, false);
    },
    async insert() {
      if (blocked()) return;
      await timed('insert', async () => {
        setInserted(await call('insertFormula', spec));
      });
    },
    async replace() {
      if (ask) await send(ask.request, true);
    },
    cancelAsk() {
      setAsk(null);
      document.getElementById('btn-run')?.focus();
    },
  };
}
