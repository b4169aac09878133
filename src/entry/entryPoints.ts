/**
 * Every global entry point of the add-on, in one place: menu actions, trigger handlers, the sidebar's
 * server functions and the custom functions. The build turns each into a top-level `function` in
 * dist/Code.js (with its JSDoc, which Sheets reads for custom-function autocomplete).
 */
import { isAdaptyError, redactError, toWireError } from '../core/errors';
import { redactSecret } from '../core/secrets';
import { readApiKey } from '../adapters/settingsStore';
import { CUSTOM_FUNCTION_ENTRIES } from './customFunctions';
import type { EntryPoint } from './entryPoint';
import { refreshAdaptyFormulas } from './formulaApi';
import { onInstall, onOpen, openDashboard, openSettings, openSidebar, showHelp } from './addonMenu';
import { refreshAllReportsNow, runScheduledReports } from './reportActions';
import { SIDEBAR_API, SIDEBAR_PARAMS, type SidebarFunctionName } from './sidebarApi';
import { requireFeature } from '../adapters/permissions';
import { featureOf, grantPermissions } from './permissionsApi';

export type { EntryKind, EntryPoint } from './entryPoint';

const menu = (fn: EntryPoint['fn']): EntryPoint => ({ kind: 'menu', fn, params: [] });

/** Every failure the sidebar receives passes here: no trace of the saved key may cross (defence in depth). */
function withoutKey(e: unknown): unknown {
  let key: string | null = null;
  try {
    key = readApiKey();
  } catch {
    return e; // no key readable, none to leak
  }
  if (isAdaptyError(e)) return redactError(e, key);
  if (e instanceof Error) return new Error(redactSecret(e.message, key));
  return typeof e === 'string' ? redactSecret(e, key) : e;
}

/** The sidebar's error boundary: every failure reaches the sidebar as its message plus code and field. */
function sidebarEntries(): Record<SidebarFunctionName, EntryPoint> {
  const out = {} as Record<SidebarFunctionName, EntryPoint>;
  for (const name of Object.keys(SIDEBAR_API) as SidebarFunctionName[]) {
    const fn = SIDEBAR_API[name] as (...args: unknown[]) => unknown;
    out[name] = {
      kind: 'sidebar',
      params: SIDEBAR_PARAMS[name],
      fn: (...args: unknown[]) => {
        try {
          // Granular consent: the scopes this call needs, before it changes anything.
          requireFeature(featureOf(name, args));
          return fn(...args);
        } catch (e) {
          throw toWireError(withoutKey(e));
        }
      },
    };
  }
  return out;
}

export const ENTRY_POINTS: Record<string, EntryPoint> = {
  // Simple triggers and the Extensions › Adapty menu
  onOpen: { kind: 'simple_trigger', fn: onOpen, params: ['e'] },
  onInstall: { kind: 'simple_trigger', fn: onInstall, params: ['e'] },
  openSidebar: menu(openSidebar),
  openSettings: menu(openSettings),
  openDashboard: menu(openDashboard),
  refreshAllReportsNow: menu(refreshAllReportsNow),
  refreshAdaptyFormulas: menu(refreshAdaptyFormulas),
  showHelp: menu(showHelp),
  grantPermissions: menu(grantPermissions),
  // The scheduled refresh (one hourly time-driven trigger)
  runScheduledReports: { kind: 'trigger', fn: runScheduledReports, params: ['e'] },
  // Sidebar: reports, formulas and the connection (src/entry/sidebarApi.ts)
  ...sidebarEntries(),
  // Custom functions (ADAPTY_ANALYTICS …), their help generated from the catalog
  ...CUSTOM_FUNCTION_ENTRIES,
};
