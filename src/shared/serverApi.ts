/**
 * The one typed list of server functions the sidebar may call through google.script.run.
 * The server implements `ServerApi` (src/entry/sidebarApi.ts); the sidebar's client (sidebar/server.ts)
 * is typed by it. Arguments and results are plain JSON: no Date objects (google.script.run refuses them).
 */
import type { ReportSpec } from '../core/request';
import type { Schedule } from '../core/schedule';

export interface KeyStatus {
  saved: boolean;
  /** Prefix and last 4 characters only. */
  masked?: string;
  warning?: string;
}

export interface TestKeyResult {
  ok: boolean;
  message: string;
}

export type Destination =
  | { kind: 'new_sheet'; sheetName?: string }
  | { kind: 'sheet'; sheetName: string; anchor?: string }
  | { kind: 'active_cell' };

export type WriteMode = 'overwrite' | 'append';

export interface RunRequest {
  spec: ReportSpec;
  destination: Destination;
  mode: WriteMode;
  /** Add or keep a native chart that follows the data. */
  chart?: boolean;
  headers?: boolean;
}

export interface RunResult {
  rows: number;
  columns: number;
  sheetName: string;
  /** The written block, e.g. `A1:F31`. */
  a1: string;
  ms: number;
  fromCache: boolean;
}

export interface LastRun {
  /** ISO timestamp. */
  at: string;
  status: 'ok' | 'error';
  rows?: number;
  ms?: number;
  error?: string;
  trigger: 'manual' | 'schedule';
  /** A failed scheduled run is retried at the next hourly runs: how many retries of this slot so far. */
  retry?: number;
}

export interface SavedReport {
  id: string;
  name: string;
  spec: ReportSpec;
  destination: Destination;
  mode: WriteMode;
  chart: boolean;
  schedule: Schedule | null;
  /** ISO timestamps. */
  createdAt: string;
  updatedAt: string;
  lastRun?: LastRun;
  /** Consecutive failed runs (flagged on the sheet's stamp). */
  failures: number;
  /** The block last written, so overwrite replaces exactly it. */
  block?: { sheetName: string; a1: string };
}

export type SavedReportInput = Partial<
  Pick<SavedReport, 'id' | 'name' | 'destination' | 'mode' | 'chart' | 'schedule'>
> & { spec: ReportSpec; name: string };

export interface Bootstrap {
  key: KeyStatus;
  timeZone: string;
  locale: string;
  today: string;
  /** The argument separator formulas use in this spreadsheet's locale. */
  separator: ',' | ';';
  lastSpec: ReportSpec | null;
  sheets: string[];
  reports: SavedReport[];
  scheduleZoneNote: string;
  /** Which view to open on: the menu's Settings item asks for the connection view. */
  view: 'report' | 'settings';
  /** The scheduled refresh's last status line (e.g. authorisation needed). */
  schedulerStatus: string;
}

export interface ServerApi {
  getBootstrap(): Bootstrap;
  saveApiKey(key: string): KeyStatus;
  /** Tests the given key, or the saved one when empty, with one cheap request. */
  testApiKey(key: string): TestKeyResult;
  removeApiKey(): KeyStatus;
  runReport(request: RunRequest): RunResult;
  insertFormula(spec: ReportSpec): { a1: string; formula: string };
  rememberSpec(spec: ReportSpec): void;
  listReports(): SavedReport[];
  saveReport(input: SavedReportInput): SavedReport;
  duplicateReport(id: string): SavedReport;
  deleteReport(id: string): SavedReport[];
  runSavedReport(id: string): RunResult;
  selectRange(sheetName: string, a1: string): void;
}

export type ServerFunctionName = keyof ServerApi;

/** Runtime list of the names (the build checks each is a top-level function). */
export const SERVER_FUNCTIONS: readonly ServerFunctionName[] = [
  'getBootstrap',
  'saveApiKey',
  'testApiKey',
  'removeApiKey',
  'runReport',
  'insertFormula',
  'rememberSpec',
  'listReports',
  'saveReport',
  'duplicateReport',
  'deleteReport',
  'runSavedReport',
  'selectRange',
];
