/**
 * Every OAuth scope the add-on asks for (appsscript.json › oauthScopes, checked against this list and the
 * README's table by a test), in the words Google's consent screen uses, and which features need which.
 * Since granular consent (published editor add-ons, 2025) a user may grant any subset: each feature checks
 * its own scopes first and, when one is missing, names it and how to grant it, changing nothing.
 */
import { ADDON_MENU } from './addon';

export type ScopeId = 'document' | 'external' | 'ui' | 'triggers';

export interface ScopeDef {
  id: ScopeId;
  url: string;
  /** The permission as the consent screen words it. */
  permission: string;
  /** Why the add-on asks for it (README table, review form). */
  why: string;
}

const AUTH = 'https://www.googleapis.com/auth/';

export const SCOPES: Record<ScopeId, ScopeDef> = {
  document: {
    id: 'document',
    url: AUTH + 'spreadsheets.currentonly',
    permission: 'View and manage spreadsheets that this application has been installed in',
    why: 'write report blocks, their number formats, notes and the Adapty Log sheet in the spreadsheet the add-on runs in, and read its time zone and locale; the hourly refresh runs in that same document (an add-on trigger belongs to it), so no other file is ever opened',
  },
  external: {
    id: 'external',
    url: AUTH + 'script.external_request',
    permission: 'Connect to an external service',
    why: "send report requests to Adapty's export analytics API at https://api-admin.adapty.io/ (the only host in urlFetchWhitelist), with the user's own secret key",
  },
  ui: {
    id: 'ui',
    url: AUTH + 'script.container.ui',
    permission: 'Display and run third-party web content in prompts and sidebars inside Google applications',
    why: "show the add-on's sidebar, its Settings and Help, and the confirmations of menu actions",
  },
  triggers: {
    id: 'triggers',
    url: AUTH + 'script.scriptapp',
    permission: 'Allow this application to run when you are not present',
    why: "keep the one hourly time-driven trigger that refreshes the user's scheduled reports",
  },
};

export const SCOPE_IDS = Object.keys(SCOPES) as ScopeId[];

/** What a user can do, and the scopes it needs. */
export type Feature =
  'sheet' | 'fetch' | 'schedule' | 'scheduledRun' | 'formula' | 'sidebar' | 'refreshAll' | 'all' | 'none';

export const FEATURE_SCOPES: Record<Feature, { scopes: ScopeId[]; doing: string }> = {
  /** Reading or writing the spreadsheet: saved reports, the form's draft, the sheets list. */
  sheet: { scopes: ['document'], doing: 'use this spreadsheet' },
  /** Running a report into the sheet, testing a key. */
  fetch: { scopes: ['document', 'external'], doing: 'fetch reports from Adapty into this spreadsheet' },
  /** Scheduling: what the hourly run will need, plus making its trigger — all asked for up front. */
  schedule: {
    scopes: ['document', 'external', 'triggers'],
    doing: 'refresh this report on a schedule',
  },
  /** What the hourly run itself needs. */
  scheduledRun: { scopes: ['document', 'external'], doing: 'refresh scheduled reports' },
  /** A custom function fetching an answer (a cache hit needs nothing). */
  formula: { scopes: ['external'], doing: 'fetch reports for ADAPTY formulas' },
  /** The sidebar, Settings and Help. */
  sidebar: { scopes: ['ui'], doing: 'open the Adapty sidebar' },
  /** The menu's Refresh all reports now: fetch, write, and say how it went. */
  refreshAll: { scopes: ['document', 'external', 'ui'], doing: 'refresh all reports now' },
  all: { scopes: ['document', 'external', 'ui', 'triggers'], doing: 'use every part of Adapty' },
  none: { scopes: [], doing: '' },
};

/** The menu item that asks Google for every missing permission (ScriptApp.requireScopes shows the prompt). */
export const GRANT_MENU = `${ADDON_MENU} › Grant permissions`;
