/** The `SpreadsheetApp` global. */
import { CfRuleBuilderImpl } from './conditional-formats';
import { DeveloperMetadataLocationType, DeveloperMetadataVisibility } from './developer-metadata';
import { type SheetImpl } from './sheet';
import {
  InterpolationType,
  BooleanCriteria,
  Dimension,
  WrapStrategy,
  BorderStyle,
  SheetType,
} from './spreadsheet-enums';
import { rectOfRange, mkSpreadsheet, mkSheet } from './spreadsheet-helpers';
import { SpreadsheetImpl } from './spreadsheet-impl';
import { type SpreadsheetData } from './spreadsheet-model';
import { UiImpl } from './ui';
import { serviceError } from './util';
import type { Execution } from './execution';

type X = Execution;

export function createSpreadsheetApp(x: X): GoogleAppsScript.Spreadsheet.SpreadsheetApp {
  const w = x.world;
  // An add-on's trigger belongs to the document it was made in ("Add-ons can only create triggers for the
  // file in which the add-on is used"; they "stop firing … if the add-on is disabled in a document",
  // https://developers.google.com/workspace/add-ons/concepts/editor-triggers#restrictions): a trigger
  // execution runs in that document, as Mixpanel's add-on relies on with spreadsheets.currentonly. (A bound or
  // standalone script's clock trigger may see null here; this fake models the add-on.)
  const active = (): SpreadsheetData | null => x.spreadsheetData();
  const svc = {
    InterpolationType,
    BooleanCriteria,
    Dimension,
    WrapStrategy,
    BorderStyle,
    SheetType,
    DeveloperMetadataVisibility,
    DeveloperMetadataLocationType,
    getActiveSpreadsheet() {
      const d = active();
      return d ? mkSpreadsheet(x, d) : null;
    },
    getActive() {
      const d = active();
      return d ? mkSpreadsheet(x, d) : null;
    },
    getActiveSheet() {
      const d = active();
      return d ? mkSheet(x, d, d.activeSheet()) : null;
    },
    getActiveRange() {
      const d = active();
      return d ? new SpreadsheetImpl(x, d).getActiveRange() : null;
    },
    getCurrentCell() {
      const d = active();
      return d ? new SpreadsheetImpl(x, d).getCurrentCell() : null;
    },
    setActiveSheet(sheet: unknown) {
      const s = x.unwrap(sheet) as SheetImpl;
      s._ss.activeSheetId = s._s.id;
      s._ss.activeRange = null;
      return sheet;
    },
    setActiveRange(range: unknown) {
      const { ss, rect } = rectOfRange(x, range);
      ss.activeSheetId = rect.sheetId;
      ss.activeRange = rect;
      return range;
    },
    openById(id: unknown) {
      const d = w.spreadsheets.get(String(id));
      if (!d)
        throw serviceError('Unexpected error while getting the method or property openById on object SpreadsheetApp.');
      return mkSpreadsheet(x, d);
    },
    openByUrl(url: unknown) {
      const m = /\/d\/([^/]+)/.exec(String(url));
      const d = m ? w.spreadsheets.get(m[1]) : undefined;
      if (!d)
        throw serviceError('Unexpected error while getting the method or property openByUrl on object SpreadsheetApp.');
      return mkSpreadsheet(x, d);
    },
    create(name: unknown) {
      return mkSpreadsheet(x, w.createSpreadsheet({ name: String(name), owner: x.user }));
    },
    getUi() {
      return x.wrap('Ui', new UiImpl(x));
    },
    flush() {
      // writes are applied immediately in the fake
    },
    newConditionalFormatRule() {
      return x.wrap('ConditionalFormatRuleBuilder', new CfRuleBuilderImpl(x, { ranges: [] }));
    },
  };
  return x.wrap('SpreadsheetApp', svc) as unknown as GoogleAppsScript.Spreadsheet.SpreadsheetApp;
}
