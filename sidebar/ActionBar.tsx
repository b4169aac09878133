/**
 * The bar pinned to the bottom of the sidebar: Run and Insert as formula are always in reach, whatever
 * the scroll position. It also holds what a run says back (announced through one aria-live region), the
 * replace question before any cells that are not the report's own are written over, the failure, and
 * under Run the "nothing matched" warning of a run that wrote only zeros (issue 10 §2).
 */
import { count, seconds } from './numbers';
import { ErrorBox, problemOf } from './problem';
import { ReplaceConfirm } from './ReplaceConfirm';
import { call } from './server';
import { Spinner } from './ui';
import type { RunState } from './useRun';

export function ActionBar({ run, blocked, separator }: { run: RunState; blocked: boolean; separator: ',' | ';' }) {
  const { busy, result, inserted, ask, error } = run;
  const show = (sheetName: string, a1: string) => {
    call('selectRange', sheetName, a1).catch((e: unknown) => run.setError(problemOf(e)));
  };
  return (
    <div class="action-bar" role="region" aria-label="Run the report" id="action-bar">
      {ask && !busy ? (
        <ReplaceConfirm ask={ask} onReplace={() => void run.replace()} onCancel={() => run.cancelAsk()} />
      ) : null}
      <div class="live" aria-live="polite" id="run-status">
        {busy ? (
          <Spinner
            label={`${busy === 'run' ? 'Running the report' : 'Inserting the formula'}… ${seconds(run.elapsed)}`}
          />
        ) : null}
        {result ? (
          <div class="notice notice-ok" id="run-result">
            <div>
              Wrote {count(result.rows)} row{result.rows === 1 ? '' : 's'} × {result.columns} column
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
      <div class="buttons">
        <button
          type="button"
          class="action"
          id="btn-run"
          disabled={!!busy}
          aria-describedby={blocked ? 'run-blocked' : undefined}
          onClick={() => void run.run()}
        >
          Run
        </button>
        <button
          type="button"
          id="btn-insert"
          disabled={!!busy}
          onClick={() => void run.insert()}
          title={`Writes =…(…) with “${separator}” between arguments into the active cell`}
        >
          Insert as formula
        </button>
      </div>
      {/* Under Run, where the eye lands after pressing it; cleared with the result when the form changes. */}
      <div class="live" aria-live="polite" id="run-warning-live">
        {result?.warning ? (
          <div class="notice notice-warn" id="run-warning">
            ⚠ {result.warning}
          </div>
        ) : null}
      </div>
      {blocked ? (
        <div class="help gray" id="run-blocked">
          Fix the highlighted field to run.
        </div>
      ) : null}
    </div>
  );
}
