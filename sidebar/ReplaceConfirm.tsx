/**
 * The question a run gets back instead of writing over cells that are not its block's own: nothing has
 * been written yet; Replace runs the very same request again with confirmReplace, Cancel drops it.
 */
import { useEffect, useRef } from 'preact/hooks';
import type { ConfirmNeeded } from '../src/entry/sidebarApi';

export function ReplaceConfirm({
  ask,
  onReplace,
  onCancel,
  id = 'replace-confirm',
}: {
  ask: ConfirmNeeded['confirm'];
  onReplace: () => void;
  onCancel: () => void;
  id?: string;
}) {
  const cancel = useRef<HTMLButtonElement>(null);
  // Focus the safe choice: Enter must not replace someone's cells by accident.
  useEffect(() => cancel.current?.focus(), [ask.message]);
  return (
    <div class="confirm replace-confirm" role="alertdialog" aria-labelledby={`${id}-msg`} id={id}>
      <div id={`${id}-msg`}>
        <strong>{ask.message}</strong> Nothing has been written yet.
      </div>
      <div class="buttons small">
        <button type="button" class="create danger" id={`${id}-yes`} onClick={onReplace}>
          Replace
        </button>
        <button type="button" id={`${id}-no`} ref={cancel} onClick={onCancel}>
          Cancel
        </button>
      </div>
    </div>
  );
}

export function needsConfirm<T extends object>(r: T | ConfirmNeeded): r is ConfirmNeeded {
  return 'confirm' in r && typeof r.confirm === 'object';
}
