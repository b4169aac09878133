/**
 * New dashboard…: the menu item opens the sidebar on its dashboard view, which asks for the period and
 * calls buildDashboard until nothing is pending (each call one share of the execution limit).
 */
import { DASHBOARD_DEFAULT_PERIOD, DASHBOARD_PERIODS, DASHBOARD_REPORTS } from '../catalog/dashboard';
import { AdaptyError, ValidationError, quote } from '../core/errors';
import { dashboardPeriod } from '../core/dashboard';
import { tryDocumentLock } from '../adapters/documentLock';
import { currentEnv } from '../services/env';
import { currentMe } from '../services/identity';
import { buildDashboard as build, dashboardState, type DashboardAction } from '../services/dashboard';

const ACTIONS: readonly DashboardAction[] = ['build', 'add_missing', 'refresh'];

function spreadsheet(): GoogleAppsScript.Spreadsheet.Spreadsheet {
  const ss = SpreadsheetApp.getActiveSpreadsheet();
  if (!ss) throw new AdaptyError('internal', 'No spreadsheet is open.');
  return ss;
}

/** What the dashboard view shows first: the periods, the connection, and what of a dashboard exists. */
export function dashboardStatus() {
  const ss = spreadsheet();
  const env = currentEnv(ss);
  return {
    periods: DASHBOARD_PERIODS.map((p) => ({ id: p.id, label: p.label })),
    defaultPeriod: DASHBOARD_DEFAULT_PERIOD,
    reports: DASHBOARD_REPORTS.map((d) => d.name),
    hasKey: Boolean(env.apiKey),
    ...dashboardState(ss),
  };
}

/** buildDashboard({period?, action, since?}): one step of a build, refresh or add-missing. */
export function buildDashboard(input: unknown) {
  if (!input || typeof input !== 'object' || Array.isArray(input))
    throw new ValidationError('dashboard', `Dashboard request ${quote(input)} is not {period, action}`);
  const o = input as Record<string, unknown>;
  for (const k of Object.keys(o))
    if (!['period', 'action', 'since'].includes(k))
      throw new ValidationError(
        'dashboard',
        `Dashboard request has an unknown part ${quote(k)}: it takes only period, action, since`,
      );
  const action = o.action ?? 'build';
  if (typeof action !== 'string' || !(ACTIONS as readonly string[]).includes(action))
    throw new ValidationError('action', `Action ${quote(action)} is not allowed: ${ACTIONS.join(', ')}`);
  const period = dashboardPeriod(o.period).id;
  const since = o.since;
  if (since !== undefined && (typeof since !== 'string' || !/^\d{4}-\d{2}-\d{2}T[\d:.]+Z$/.test(since)))
    throw new ValidationError('since', `Since ${quote(since)} is not a timestamp this view sent`);
  const ss = spreadsheet();
  const env = currentEnv(ss);
  // Scheduled refreshes run as the user who builds the dashboard, with that user's key.
  if (!env.apiKey)
    throw new AdaptyError(
      'no_key',
      'New dashboard needs your own Adapty API key: its reports refresh daily with it. Open Extensions › Adapty › Settings and save it first. Nothing was changed.',
    );
  const me = currentMe(env);
  const lock = tryDocumentLock(30 * 1000);
  if (!lock)
    throw new AdaptyError(
      'busy',
      'Another refresh of this spreadsheet is running: try again in a minute. Nothing was changed.',
    );
  try {
    return build(ss, env, me, { period, action: action as DashboardAction, ...(since ? { since } : {}) });
  } finally {
    lock.releaseLock();
  }
}
