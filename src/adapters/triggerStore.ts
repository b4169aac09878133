/**
 * The scheduled refresh's trigger. Apps Script allows an add-on one time-driven trigger per user per
 * document, at most hourly, and a trigger runs as the user who made it: keep exactly one hourly trigger
 * for this user while they own a scheduled report, none otherwise. Triggers need the script.scriptapp
 * scope: without it a trigger is neither made (the caller asked for the scopes up front) nor looked at.
 */
import { missingPermissionError } from '../core/permissions';
import { missingScopes } from './permissions';

export const SCHEDULER_HANDLER = 'runScheduledReports';

/** `'keep'`: keep an existing trigger (it still has work, e.g. refusing reports nobody owns) but make none. */
export function syncHourlyTrigger(wanted: boolean | 'keep'): 'created' | 'kept' | 'removed' | 'none' {
  const missing = missingScopes(['triggers']);
  if (missing.length > 0) {
    if (wanted === true) throw missingPermissionError('schedule', missing);
    return 'none'; // nothing to make; an old trigger stays until the permission is back
  }
  const mine = ScriptApp.getProjectTriggers().filter((t) => t.getHandlerFunction() === SCHEDULER_HANDLER);
  if (!wanted) {
    for (const t of mine) ScriptApp.deleteTrigger(t);
    return mine.length ? 'removed' : 'none';
  }
  // Never a duplicate: extra copies (from an older version) are removed.
  for (const t of mine.slice(1)) ScriptApp.deleteTrigger(t);
  if (mine.length > 0) return 'kept';
  if (wanted === 'keep') return 'none';
  ScriptApp.newTrigger(SCHEDULER_HANDLER).timeBased().everyHours(1).create();
  return 'created';
}
