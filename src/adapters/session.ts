/** Where an execution runs: its active spreadsheet (null in some contexts) and the script's time zone. */
export function activeSpreadsheet(): GoogleAppsScript.Spreadsheet.Spreadsheet | null {
  return SpreadsheetApp.getActiveSpreadsheet();
}

export function scriptTimeZone(): string {
  return Session.getScriptTimeZone();
}
