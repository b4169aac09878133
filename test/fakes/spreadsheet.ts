/**
 * SpreadsheetApp fake: wires the classes together and re-exports them. One file per class family:
 * spreadsheet-app.ts (the global), ui.ts, spreadsheet-impl.ts, named-range.ts, sheet.ts, range.ts,
 * text-finder.ts, charts.ts, conditional-formats.ts; enums in spreadsheet-enums.ts, shared helpers and
 * factories in spreadsheet-helpers.ts, developer metadata and moves in sheet-extras.ts.
 */
import { RangeImpl } from './range';
import { SheetImpl } from './sheet';
import { installSheetExtras } from './sheet-extras';
import { mkRangeFromRect, mkSheet, mkSpreadsheet, permuteRects, registerClasses } from './spreadsheet-helpers';
import { SpreadsheetImpl } from './spreadsheet-impl';

export * from './spreadsheet-enums';
export { createSpreadsheetApp } from './spreadsheet-app';
export { displayValue, mkSpreadsheet } from './spreadsheet-helpers';
export { UiImpl } from './ui';
export { SpreadsheetImpl } from './spreadsheet-impl';
export { SheetImpl } from './sheet';
export { RangeImpl } from './range';
export { ChartBuilderImpl, EmbeddedChartImpl } from './charts';
export { CfRuleBuilderImpl, CfRuleImpl } from './conditional-formats';
export type { CellValue } from './spreadsheet-model';

registerClasses({ Spreadsheet: SpreadsheetImpl, Sheet: SheetImpl, Range: RangeImpl });

installSheetExtras({
  SpreadsheetImpl,
  SheetImpl,
  RangeImpl,
  mkSpreadsheet,
  mkSheet,
  mkRangeFromRect,
  shiftRectsBy: permuteRects,
});
