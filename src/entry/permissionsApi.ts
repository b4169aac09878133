/**
 * Granular consent at the entry points: which feature (and so which scopes, src/catalog/scopes.ts) each
 * sidebar server function needs — checked before the function runs, so a missing permission is one clear
 * message and nothing is changed — and getMissingPermissions, the sidebar's banner.
 */
import { FEATURE_SCOPES, GRANT_MENU, SCOPES, SCOPE_IDS, type Feature } from '../catalog/scopes';
import { ADDON_NAME } from '../catalog/addon';
import { authorizationUrl, missingScopes, promptForFeature } from '../adapters/permissions';
import { loadReports } from '../services/reportStore';
import { myUserId } from '../adapters/userIdentity';

const hasSchedule = (input: unknown) =>
  !!input && typeof input === 'object' && !!(input as { schedule?: unknown }).schedule;

/**
 * What each sidebar function needs; a function not listed reads or writes the spreadsheet ('sheet'). Keys
 * are SIDEBAR_API's names (a test checks).
 */
export const SIDEBAR_FEATURES: Readonly<Record<string, Feature | ((...args: unknown[]) => Feature)>> = {
  getMissingPermissions: 'none',
  removeApiKey: 'none',
  runReport: 'fetch',
  runSavedReport: 'fetch',
  runSavedReportCopy: 'fetch',
  testApiKey: 'fetch',
  saveApiKey: 'fetch',
  saveConnection: 'fetch',
  getFilterValues: 'fetch',
  // A dashboard saves scheduled reports and runs them: everything a schedule needs, up front.
  buildDashboard: 'schedule',
  // Setting up a schedule asks up front for everything its hourly run will need, and the trigger itself.
  saveReport: (input) => (hasSchedule(input) ? 'schedule' : 'sheet'),
  takeOverReport: (id) => (loadReports().some((r) => r.id === id && r.schedule) ? 'schedule' : 'sheet'),
};

export function featureOf(name: string, args: readonly unknown[]): Feature {
  const f = Object.prototype.hasOwnProperty.call(SIDEBAR_FEATURES, name) ? SIDEBAR_FEATURES[name] : undefined;
  if (f === undefined) return 'sheet';
  return typeof f === 'function' ? f(...args) : f;
}

export interface MissingPermission {
  permission: string;
  /** What does not work without it, in the sidebar's words. */
  neededTo: string[];
}

export interface PermissionsStatus {
  missing: MissingPermission[];
  /** How to grant them: the menu item that shows Google's consent for what is missing. */
  grant: string;
  /** Google's own page for it, when something is missing. */
  authorizationUrl: string | null;
  /** This user's scheduled reports cannot refresh until the permissions are back. */
  schedulePaused: boolean;
}

/** The sidebar's banner: which permissions are missing, what they stop, and how to grant them. Needs no scope. */
export function getMissingPermissions(): PermissionsStatus {
  const missing = missingScopes(SCOPE_IDS);
  const doing = (id: string) =>
    (Object.keys(FEATURE_SCOPES) as Feature[])
      .filter((f) => f !== 'none' && f !== 'all' && FEATURE_SCOPES[f].scopes.some((s) => s === id))
      .map((f) => FEATURE_SCOPES[f].doing);
  const runNeeds = FEATURE_SCOPES.scheduledRun.scopes;
  let schedulePaused = false;
  if (missing.some((m) => runNeeds.includes(m.id))) {
    const me = myUserId();
    schedulePaused = loadReports().some((r) => r.schedule && r.owner?.id === me);
  }
  return {
    missing: missing.map((m) => ({ permission: SCOPES[m.id].permission, neededTo: doing(m.id) })),
    grant: GRANT_MENU,
    authorizationUrl: missing.length ? authorizationUrl() : null,
    schedulePaused,
  };
}

/** Menu: Grant permissions — Google's consent prompt for every scope not granted yet. */
export function grantPermissions(): void {
  promptForFeature('all');
  const ui = SpreadsheetApp.getUi();
  ui.alert(ADDON_NAME, `Every permission ${ADDON_NAME} asks for is granted.`, ui.ButtonSet.OK);
}
