/**
 * Extensions › Adapty. onOpen builds the menu in every auth mode and calls nothing else: in AuthMode.NONE
 * (installed but not yet used in this file) any other service call would fail.
 */
import { ADDON_NAME } from '../catalog/addon';
import { writeProperty } from '../adapters/properties';
import { promptForFeature } from '../adapters/permissions';

/** package.json's version, put in by the build (scripts/build.mjs › define). */
declare const ADDON_VERSION: string;

/** The menu, in order (null = a separator); the playground shows the same items. */
export const MENU_ITEMS: ReadonlyArray<[string, string] | null> = [
  ['Open sidebar', 'openSidebar'],
  ['New dashboard…', 'openDashboard'],
  ['Refresh all reports now', 'refreshAllReportsNow'],
  ['Refresh ADAPTY formulas', 'refreshAdaptyFormulas'],
  null,
  ['Settings', 'openSettings'],
  ['Grant permissions', 'grantPermissions'],
  ['Help', 'showHelp'],
];

export function onOpen(_e?: GoogleAppsScript.Events.SheetsOnOpen): void {
  const menu = SpreadsheetApp.getUi().createAddonMenu();
  for (const item of MENU_ITEMS) {
    if (item) menu.addItem(item[0], item[1]);
    else menu.addSeparator();
  }
  menu.addToUi();
}

export function onInstall(e?: GoogleAppsScript.Events.AddonOnInstall): void {
  onOpen(e as unknown as GoogleAppsScript.Events.SheetsOnOpen);
}

function showSidebar(view: 'report' | 'settings' | 'dashboard'): void {
  // Granular consent: Google asks for what the sidebar lacks (the execution ends there).
  promptForFeature('sidebar');
  const html = HtmlService.createHtmlOutputFromFile('Sidebar').setTitle(ADDON_NAME);
  // Read (and cleared) by getBootstrap, so the sidebar opens on its connection or dashboard view.
  if (view !== 'report') writeProperty('sidebarView', view);
  SpreadsheetApp.getUi().showSidebar(html);
}

export function openSidebar(): void {
  showSidebar('report');
}

export function openSettings(): void {
  showSidebar('settings');
}

/** Extensions › Adapty › New dashboard…: the sidebar opens on its dashboard view (period, build, progress). */
export function openDashboard(): void {
  showSidebar('dashboard');
}

export function showHelp(): void {
  promptForFeature('sidebar');
  const ui = SpreadsheetApp.getUi();
  ui.alert(
    `${ADDON_NAME} ${ADDON_VERSION}`,
    'Open sidebar: connect your Adapty secret key (Settings), build a report and run it into a sheet, save it, schedule it.\n\n' +
      'Formulas: =ADAPTY_ANALYTICS("mrr"; "last_30_days") and ADAPTY_COHORT, _CONVERSION, _FUNNEL, _LTV, _RETENTION, _PLACEMENTS — type =ADAPTY_ for help on each argument.\n\n' +
      'Refresh ADAPTY formulas fetches every formula afresh; answers are otherwise cached for an hour.\n\n' +
      'Scheduled reports refresh in the background; every run is listed in the "Adapty Log" sheet.',
    ui.ButtonSet.OK,
  );
}
