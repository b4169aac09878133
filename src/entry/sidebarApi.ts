/**
 * Every server function the sidebar may call through google.script.run, in one object. Its type is the
 * sidebar's contract: sidebar/server.ts is typed by `SidebarApi`, so a renamed function, a changed
 * argument or result fails the type check on both sides. entryPoints.ts publishes each one behind the one
 * error boundary (`toWireError`), which carries an error's code and field to the sidebar.
 */
import { buildDashboard, dashboardStatus } from './dashboardApi';
import { getFilterValues } from './filterValuesApi';
import { insertFormula } from './formulaApi';
import {
  deleteReport,
  duplicateReport,
  getBootstrap,
  listReports,
  rememberSpec,
  runReport,
  runSavedReport,
  runSavedReportCopy,
  saveReport,
  selectRange,
  setOwnerName,
  takeOverReport,
} from './reportActions';
import type { ConfirmNeeded } from './reportActions';
import { listConnections, removeConnection, saveConnection, setDefaultConnection } from './connectionsApi';
import { removeApiKey, saveApiKey, testApiKey } from './settingsApi';
import { describeSheet } from './sheetInfo';
import { getMissingPermissions } from './permissionsApi';

export const SIDEBAR_API = {
  getBootstrap,
  runReport,
  rememberSpec,
  listReports,
  saveReport,
  duplicateReport,
  deleteReport,
  runSavedReport,
  runSavedReportCopy,
  takeOverReport,
  setOwnerName,
  selectRange,
  describeSheet,
  saveApiKey,
  testApiKey,
  removeApiKey,
  listConnections,
  saveConnection,
  removeConnection,
  setDefaultConnection,
  insertFormula,
  dashboardStatus,
  buildDashboard,
  getFilterValues,
  getMissingPermissions,
};

export type SidebarApi = typeof SIDEBAR_API;
export type SidebarFunctionName = keyof SidebarApi;

/** Parameter names of the top-level stubs the build emits (`function runReport(request) {…}`). */
export const SIDEBAR_PARAMS: { readonly [K in SidebarFunctionName]: readonly string[] } = {
  getBootstrap: [],
  runReport: ['request', 'options'],
  rememberSpec: ['spec'],
  listReports: [],
  saveReport: ['input'],
  duplicateReport: ['id'],
  deleteReport: ['id'],
  runSavedReport: ['id', 'options'],
  runSavedReportCopy: ['id'],
  takeOverReport: ['id'],
  setOwnerName: ['name'],
  selectRange: ['sheetName', 'a1'],
  describeSheet: ['sheetName'],
  saveApiKey: ['key'],
  testApiKey: ['key'],
  removeApiKey: [],
  listConnections: [],
  saveConnection: ['input'],
  removeConnection: ['name'],
  setDefaultConnection: ['name'],
  insertFormula: ['spec'],
  dashboardStatus: [],
  buildDashboard: ['input'],
  getFilterValues: ['filter', 'range', 'app'],
  getMissingPermissions: [],
};

// The shapes the sidebar receives, derived from the functions that return them.
export type Bootstrap = ReturnType<SidebarApi['getBootstrap']>;
export type RunResult = Exclude<ReturnType<SidebarApi['runReport']>, ConfirmNeeded>;
export type { ConfirmNeeded } from './reportActions';
export type KeyStatus = ReturnType<SidebarApi['saveApiKey']>;
export type TestKeyResult = ReturnType<SidebarApi['testApiKey']>;
export type { SheetInfo } from './sheetInfo';
export type { ConnectionInfo, ConnectionInput, ConnectionsStatus } from './connectionsApi';
export type InsertedFormula = ReturnType<SidebarApi['insertFormula']>;
export type DashboardStatus = ReturnType<SidebarApi['dashboardStatus']>;
export type DashboardProgress = ReturnType<SidebarApi['buildDashboard']>;
export type FilterValuesResult = ReturnType<SidebarApi['getFilterValues']>;
export type { PermissionsStatus, MissingPermission } from './permissionsApi';
export type { Me } from '../core/ownership';
export type { Destination, RunRequest, SavedReport, SavedReportInput, WriteMode } from '../core/report';
