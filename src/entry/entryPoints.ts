/**
 * Every global entry point of the add-on, in one place: menu actions, trigger handlers, the sidebar's
 * server functions and the custom functions. The build turns each into a top-level `function` in
 * dist/Code.js (with its JSDoc, which Sheets reads for custom-function autocomplete).
 */
import { removeApiKey, saveApiKey, testApiKey } from './settingsApi';
import { CUSTOM_FUNCTION_ENTRIES } from './customFunctions';
import { insertFormula, refreshAdaptyFormulas } from './formulaApi';
import { onInstall, onOpen, openSettings, openSidebar, showHelp } from './addonMenu';
import {
  deleteReport,
  duplicateReport,
  getBootstrap,
  listReports,
  refreshAllReportsNow,
  rememberSpec,
  runReport,
  runSavedReport,
  runScheduledReports,
  saveReport,
  selectRange,
} from './reportActions';

export type EntryKind = 'simple_trigger' | 'menu' | 'trigger' | 'sidebar' | 'custom_function';

export interface EntryPoint {
  kind: EntryKind;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  fn: (...args: any[]) => unknown;
  /** Parameter names for the generated stub. */
  params: readonly string[];
  /** JSDoc body (without comment markers); custom functions must carry `@customfunction`. */
  doc?: string;
}

const sidebar = (fn: EntryPoint['fn'], ...params: string[]): EntryPoint => ({ kind: 'sidebar', fn, params });

const menu = (fn: EntryPoint['fn']): EntryPoint => ({ kind: 'menu', fn, params: [] });

export const ENTRY_POINTS: Record<string, EntryPoint> = {
  // Simple triggers and the Extensions › Adapty menu
  onOpen: { kind: 'simple_trigger', fn: onOpen, params: ['e'] },
  onInstall: { kind: 'simple_trigger', fn: onInstall, params: ['e'] },
  openSidebar: menu(openSidebar),
  openSettings: menu(openSettings),
  refreshAllReportsNow: menu(refreshAllReportsNow),
  showHelp: menu(showHelp),
  // The scheduled refresh (one hourly time-driven trigger)
  runScheduledReports: { kind: 'trigger', fn: runScheduledReports, params: ['e'] },
  // Sidebar: reports
  getBootstrap: sidebar(getBootstrap),
  runReport: sidebar(runReport, 'request'),
  rememberSpec: sidebar(rememberSpec, 'spec'),
  listReports: sidebar(listReports),
  saveReport: sidebar(saveReport, 'input'),
  duplicateReport: sidebar(duplicateReport, 'id'),
  deleteReport: sidebar(deleteReport, 'id'),
  runSavedReport: sidebar(runSavedReport, 'id'),
  selectRange: sidebar(selectRange, 'sheetName', 'a1'),
  // Sidebar: connection
  saveApiKey: sidebar(saveApiKey, 'key'),
  testApiKey: sidebar(testApiKey, 'key'),
  removeApiKey: sidebar(removeApiKey),
  // Custom functions (ADAPTY_ANALYTICS …), their help generated from the catalog
  ...CUSTOM_FUNCTION_ENTRIES,
  // Formulas: the sidebar's "Insert as formula" and the menu's "Refresh ADAPTY formulas"
  insertFormula: sidebar(insertFormula, 'spec'),
  refreshAdaptyFormulas: { kind: 'menu', fn: refreshAdaptyFormulas, params: [] },
};
