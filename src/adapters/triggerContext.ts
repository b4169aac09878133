/**
 * What a time-driven trigger can reach: its authorisation, and the spreadsheet of the saved reports. In a
 * trigger getActiveSpreadsheet() may be null, so the stored id is opened instead
 * (https://developers.google.com/apps-script/guides/triggers/installable#time-driven_triggers).
 */
export function authorisationRequired(): boolean {
  const auth = ScriptApp.getAuthorizationInfo(ScriptApp.AuthMode.FULL);
  return auth.getAuthorizationStatus() === ScriptApp.AuthorizationStatus.REQUIRED;
}

/** The active spreadsheet, else the one whose id the saved reports stored; null if neither opens. */
export function reportsSpreadsheet(storedId: () => string | null): GoogleAppsScript.Spreadsheet.Spreadsheet | null {
  const active = SpreadsheetApp.getActiveSpreadsheet();
  if (active) return active;
  const id = storedId();
  if (!id) return null;
  try {
    return SpreadsheetApp.openById(id);
  } catch {
    return null;
  }
}
