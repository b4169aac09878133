/**
 * The dashboard's Overview sheet: found by developer metadata on the sheet (so a renamed Overview is still
 * the dashboard's), written as a header and one KPI row per report, the values being ordinary formulas
 * over the report sheets (src/core/dashboard.ts kpiFormulas).
 */
import { DASHBOARD_OVERVIEW } from '../catalog/dashboard';
import { columnLetters, columnNumber, uniqueName } from '../core/blockPlan';
import { kpiFormulas } from '../core/dashboard';

type Sheet = GoogleAppsScript.Spreadsheet.Sheet;
type Spreadsheet = GoogleAppsScript.Spreadsheet.Spreadsheet;

const OVERVIEW_KEY = 'adapty.dashboard';

export interface OverviewRow {
  label: string;
  /** The report's sheet and its block (`A1:F14`): the Period column is the block's first, the value its fourth. */
  sheetName: string;
  a1: string;
}

export function overviewSheet(ss: Spreadsheet): Sheet | null {
  for (const m of ss.createDeveloperMetadataFinder().withKey(OVERVIEW_KEY).find()) {
    const sheet = m.getLocation().getSheet();
    if (sheet) return sheet;
  }
  return null;
}

/** Writes the Overview (first sheet, made if missing) and returns its name. */
export function writeOverview(ss: Spreadsheet, rows: OverviewRow[]): string {
  let sheet = overviewSheet(ss);
  if (!sheet) {
    const name = uniqueName(
      DASHBOARD_OVERVIEW.sheetName,
      ss.getSheets().map((s) => s.getName()),
    );
    sheet = ss.insertSheet(name, 0);
    sheet.addDeveloperMetadata(OVERVIEW_KEY, 'overview', SpreadsheetApp.DeveloperMetadataVisibility.DOCUMENT);
  }
  const width = DASHBOARD_OVERVIEW.header.length;
  const header = sheet.getRange(1, 1, 1, width);
  header.setValues([[...DASHBOARD_OVERVIEW.header]]);
  header.setFontWeight('bold');
  if (rows.length) {
    const formulas = rows.map((r, i) => {
      const first = columnNumber(/^([A-Z]+)/.exec(r.a1)?.[1] ?? 'A');
      return [
        '',
        ...kpiFormulas(r.sheetName, columnLetters(first), columnLetters(first + DASHBOARD_OVERVIEW.valueOffset), i + 2),
      ];
    });
    sheet.getRange(2, 1, rows.length, width).setFormulas(formulas);
    sheet.getRange(2, 1, rows.length, 1).setValues(rows.map((r) => [r.label]));
    sheet.getRange(2, 4, rows.length, 1).setNumberFormat(DASHBOARD_OVERVIEW.deltaFormat);
  }
  return sheet.getName();
}
