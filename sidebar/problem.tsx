/** A failed server call as the sidebar shows it: the message, a next step for common codes, the field focused. */
import type { AdaptyErrorCode } from '../src/core/errors';
import { KEY_WHERE } from '../src/core/apiKey';
import { localCounts } from './numbers';
import { ServerError } from './server';

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
    case 'auth':
      return `Paste the app's secret key under Connection at the top (${KEY_WHERE}), then run again.`;
    default:
      return null;
  }
}

/**
 * The server's message for a refused key names the menu path to Settings: in the sidebar the Connection
 * section is on screen, so only its first sentence is shown and the hint gives the one instruction.
 */
function shownText(p: Problem): string {
  if (p.code !== 'auth') return localCounts(p.text);
  const m = /^[^.]*?\(HTTP \d{3}\)\.|^[^.]+\./.exec(p.text);
  return m ? m[0] : p.text;
}

export function ErrorBox({ problem, id }: { problem: Problem; id?: string }) {
  const hint = hintFor(problem.code);
  return (
    <div class="notice notice-error" role="alert" id={id}>
      <div class="error">{shownText(problem)}</div>
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
      : (el.querySelector<HTMLElement>('input,select,textarea') ?? el.querySelector<HTMLElement>('button'));
    (target ?? el).focus();
    return;
  }
  document.getElementById('f-general-error')?.focus();
}
