/**
 * OAuth scopes in the fakes: what each user granted (granular consent: any subset of the manifest's
 * scopes, https://developers.google.com/apps-script/concepts/scopes › granular consent) and which scope
 * each service call needs. A call without its scope fails as Apps Script fails it:
 * "You do not have permission to call UrlFetchApp.fetch. Required permissions: https://…/script.external_request".
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ExecutionMode } from './execution';

const AUTH = 'https://www.googleapis.com/auth/';
export const SCOPES = {
  spreadsheets: AUTH + 'spreadsheets',
  currentOnly: AUTH + 'spreadsheets.currentonly',
  externalRequest: AUTH + 'script.external_request',
  containerUi: AUTH + 'script.container.ui',
  scriptApp: AUTH + 'script.scriptapp',
} as const;

/** The scopes the add-on's manifest asks for (the repository's appsscript.json). */
export const MANIFEST_SCOPES: readonly string[] = (
  JSON.parse(readFileSync(join(__dirname, '..', '..', 'appsscript.json'), 'utf8')) as { oauthScopes: string[] }
).oauthScopes;

/** A granted scope also covers the narrower ones it includes (spreadsheets ⊃ spreadsheets.currentonly). */
export function covers(granted: ReadonlySet<string>, scope: string): boolean {
  return granted.has(scope) || (scope === SCOPES.currentOnly && granted.has(SCOPES.spreadsheets));
}

const SHEETS = new Set([
  'SpreadsheetApp',
  'Spreadsheet',
  'Sheet',
  'Range',
  'RangeList',
  'NamedRange',
  'DeveloperMetadata',
  'DeveloperMetadataFinder',
  'DeveloperMetadataLocation',
  'TextFinder',
  'Protection',
  'Filter',
  'EmbeddedChart',
  'EmbeddedChartBuilder',
  'ConditionalFormatRule',
  'ConditionalFormatRuleBuilder',
]);
/** Menus build in every mode, before any consent (editor add-ons: onOpen in AuthMode.NONE). */
const NO_SCOPE_UI = new Set([
  'getUi',
  'createAddonMenu',
  'createMenu',
  'addItem',
  'addSeparator',
  'addSubMenu',
  'addToUi',
]);
const UI_SHOWING = /^(showSidebar|showModalDialog|showModelessDialog|alert|prompt)$/;
const SCRIPTAPP_TRIGGERS = /^(newTrigger|getProjectTriggers|getUserTriggers|deleteTrigger)$/;

/**
 * The scopes (any one of them) a call needs in an authorised mode, or null. Reference pages list each
 * method's "Authorization" scopes: SpreadsheetApp.openById needs the full spreadsheets scope,
 * currentonly covers the document the add-on runs in; UrlFetchApp needs script.external_request; Ui dialogs
 * and sidebars script.container.ui; ScriptApp's trigger methods script.scriptapp. Custom functions read
 * the spreadsheet without asking for consent (their mode already refuses every write).
 */
export function scopesFor(mode: ExecutionMode, cls: string, method: string): readonly string[] | null {
  if (mode !== 'full' && mode !== 'trigger' && mode !== 'custom_function') return null;
  if (cls === 'UrlFetchApp') return [SCOPES.externalRequest];
  if (cls === 'ScriptApp' && SCRIPTAPP_TRIGGERS.test(method)) return [SCOPES.scriptApp];
  if ((cls === 'Ui' || cls === 'SpreadsheetApp' || cls === 'Menu') && NO_SCOPE_UI.has(method)) return null;
  if (cls === 'Ui' && UI_SHOWING.test(method)) return [SCOPES.containerUi];
  if (mode === 'custom_function') return null;
  if (cls === 'SpreadsheetApp' && /^(openById|openByUrl|open|create)$/.test(method)) return [SCOPES.spreadsheets];
  if (SHEETS.has(cls)) return [SCOPES.currentOnly, SCOPES.spreadsheets];
  return null;
}
