/**
 * Formula actions: the sidebar's "Insert as formula" (insertFormula) and the menu's
 * "Refresh ADAPTY formulas" (refreshAdaptyFormulas).
 */
import { ADDON_NAME } from '../catalog/addon';
import { promptForFeature } from '../adapters/permissions';
import { AdaptyError } from '../core/errors';
import { argumentSeparator } from '../core/formula/separator';
import { specToFormula } from '../core/formula/write';
import type { ReportSpec } from '../core/request';
import { currentEnv } from '../services/env';
import { refreshFormulas, type RefreshSummary } from '../services/formulaRefresh';
import { build } from '../services/reportFetcher';
import { specInput } from '../core/sidebarInput';

export interface InsertedFormula {
  /** The cell, e.g. `B2`. */
  a1: string;
  sheetName: string;
  formula: string;
}

/**
 * Writes the formula equivalent to `spec` into the active cell, with the argument separator of the
 * spreadsheet's locale. The spec is validated first: a bad one is refused and nothing is written.
 */
export function insertFormula(spec: ReportSpec): InsertedFormula {
  spec = specInput(spec);
  const env = currentEnv();
  const ss = env.spreadsheet;
  if (!ss) throw new AdaptyError('internal', 'No spreadsheet is open: open the spreadsheet and try again.');
  build(spec, env);
  const formula = specToFormula(spec, argumentSeparator(env.locale));
  const cell = ss.getCurrentCell() ?? ss.getActiveRange()?.getCell(1, 1) ?? ss.getActiveSheet().getRange(1, 1);
  cell.setFormula(formula);
  return { a1: cell.getA1Notation(), sheetName: cell.getSheet().getName(), formula };
}

/** Menu: Extensions › Adapty › Refresh ADAPTY formulas. */
export function refreshAdaptyFormulas(): RefreshSummary {
  promptForFeature('sheet');
  const ss = SpreadsheetApp.getActiveSpreadsheet();
  const summary = refreshFormulas(ss);
  ss.toast(summary.message, ADDON_NAME, 5);
  return summary;
}
