/**
 * The scheduled refresh's trigger. Apps Script allows an add-on one time-driven trigger per user per
 * document, at most hourly: keep exactly one hourly trigger while any schedule exists, none otherwise.
 */
export const SCHEDULER_HANDLER = 'runScheduledReports';

export function syncHourlyTrigger(wanted: boolean): 'created' | 'kept' | 'removed' | 'none' {
  const mine = ScriptApp.getProjectTriggers().filter((t) => t.getHandlerFunction() === SCHEDULER_HANDLER);
  if (!wanted) {
    for (const t of mine) ScriptApp.deleteTrigger(t);
    return mine.length ? 'removed' : 'none';
  }
  // Never a duplicate: extra copies (from an older version) are removed.
  for (const t of mine.slice(1)) ScriptApp.deleteTrigger(t);
  if (mine.length > 0) return 'kept';
  ScriptApp.newTrigger(SCHEDULER_HANDLER).timeBased().everyHours(1).create();
  return 'created';
}
