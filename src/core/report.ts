/**
 * The one report model. A report is what to fetch (`spec`), where and how to write it, and — once saved —
 * its identity and bookkeeping. Every other shape is a view of it: a draft run from the sidebar is a
 * report without a name or schedule, a saved report is a report with an id. Plain JSON throughout: it is
 * stored in document properties and crosses google.script.run (no Date objects).
 */
import { LOG_SHEET_NAME } from '../catalog/catalog';
import { chartStylesFor, type ChartStyleDef } from '../catalog/layouts';
import type { AdaptyErrorCode } from './errors';
import type { ReportSpec } from './request';
import type { Schedule } from './schedule';
import type { WriteModeId } from '../catalog/writeModes';

export type { ReportSpec } from './request';

export type Destination =
  | { kind: 'new_sheet'; sheetName?: string }
  | { kind: 'sheet'; sheetName: string; anchor?: string }
  | { kind: 'active_cell' };

/** The catalog's write modes (src/catalog/writeModes.ts). */
export type WriteMode = WriteModeId;

/** What the user defines. */
export interface Report {
  name: string;
  spec: ReportSpec;
  destination: Destination;
  mode: WriteMode;
  /** Merge: how many last days of the range a refresh of the block asks for (MERGE_WINDOW; absent = its default). */
  window?: number;
  /** Add or keep a native chart that follows the data. */
  chart: boolean;
  /** Its layout's chart style id (LayoutDef.chartStyles; absent = the first, as before styles). */
  chartStyle?: string;
  /** Write the header row. */
  headers: boolean;
  schedule: Schedule | null;
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
  /** Why it failed (e.g. `key_changed`: refused, not retried). */
  code?: AdaptyErrorCode;
}

/**
 * Whose connection refreshes a report: a random per-user id (kept in that user's user properties; the
 * e-mail is often empty for consumer accounts) and the fingerprint of the key the report was saved or
 * taken over with. Never the key, nor any part of it.
 */
export interface ReportOwner {
  id: string;
  /** keyFingerprint() of the owner's key when they took the report on; absent until they had a key. */
  keyFingerprint?: string;
  /** A name the owner chose to show other editors. */
  name?: string;
}

/**
 * Where a report's block was last written: found again by its tags on sheet `sheetId` wherever rows and
 * columns moved it (records from before blocks were tagged have no sheetId). Name and A1 as written.
 */
export interface BlockRef {
  sheetName: string;
  a1: string;
  sheetId?: number;
  /**
   * What the add-on drew over the block last run: its chart's id (EmbeddedChart.getChartId, unique in the
   * spreadsheet), 'scale' for the cohort colour scale, null for nothing. Only that is ever changed or
   * removed; a user's chart is not. Absent on records from before: the chart at the block's anchor is taken once.
   */
  chart?: number | 'scale' | null;
  /** The rows as the last run wrote them (src/core/rowSignature.ts); absent for append and older versions. */
  sig?: string;
}

/** A report as stored: the definition plus its identity and what its runs left behind. */
export interface SavedReport extends Report {
  id: string;
  /** ISO timestamps. */
  createdAt: string;
  updatedAt: string;
  lastRun?: LastRun;
  /** Consecutive failed runs (flagged on the sheet's stamp). */
  failures: number;
  block?: BlockRef;
  /** Absent on reports saved by versions before owners: nobody's trigger refreshes them until one is taken over. */
  owner?: ReportOwner;
  /** The dashboard report it is (DASHBOARD_REPORTS id, src/catalog/dashboard.ts), when New dashboard… made it. */
  dashboard?: string;
}

/** Anything the runner can write into a sheet: a draft (no id yet) or a saved report. */
export type RunnableReport = Report & Partial<Pick<SavedReport, 'id' | 'block' | 'failures'>>;

/** The sidebar's Run of the current form: the report's definition, unnamed and unscheduled. */
export type RunRequest = Pick<Report, 'spec' | 'destination'> &
  Partial<Pick<Report, 'mode' | 'chart' | 'chartStyle' | 'headers'>>;

/** The sidebar's Save: a new report (no id) or an edit of one; what is left out keeps its stored value. */
export type SavedReportInput = Pick<Report, 'name' | 'spec'> &
  Partial<Pick<Report, 'destination' | 'mode' | 'window' | 'chart' | 'chartStyle' | 'headers' | 'schedule'>> & {
    id?: string;
  };

/** Characters a sheet the add-on names avoids (Excel's rule; Google documents none). */
export const SHEET_NAME_FORBIDDEN = /[:\\/?*[\]]/;

/** A sheet name the add-on may create: ≤ 100 characters, none of : \ / ? * [ ]. */
export function sheetNameFor(name: string): string {
  const clean = name
    .replace(new RegExp(SHEET_NAME_FORBIDDEN.source, 'g'), ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 100)
    .trim();
  if (!clean) return 'Adapty report';
  // Named like the run log, the report would share its sheet (the log appends below the last row).
  return clean.toLowerCase() === LOG_SHEET_NAME.toLowerCase() ? `${clean} (report)` : clean;
}

/** The name a draft gets (and the sheet it writes to by default): endpoint, chart and a preset range. */
export function draftName(spec: ReportSpec): string {
  const chart = spec.chart ? ` ${spec.chart}` : '';
  const when = typeof spec.start === 'string' && !spec.end ? `, ${spec.start}` : '';
  return sheetNameFor(`${spec.endpoint}${chart}${when}`);
}

/** A draft run as a report: a new sheet named by the user, or after the report. */
export function draftReport(request: RunRequest): RunnableReport {
  const d = request.destination;
  return {
    name: d.kind === 'new_sheet' && d.sheetName ? d.sheetName : draftName(request.spec),
    spec: request.spec,
    destination: d,
    mode: request.mode ?? 'overwrite',
    chart: Boolean(request.chart),
    ...(request.chartStyle ? { chartStyle: request.chartStyle } : {}),
    headers: request.headers ?? true,
    schedule: null,
  };
}

/** The style a report's chart is drawn in: its own while its layout offers it, else the layout's first. */
export function chartStyleOf(r: Pick<Report, 'spec' | 'chartStyle'>): ChartStyleDef | undefined {
  const styles = chartStylesFor(r.spec.endpoint, r.spec.layout);
  return styles.find((s) => s.id === r.chartStyle) ?? styles[0];
}

/** A report read from the store: fields added by later versions get their defaults. */
export function withDefaults(stored: SavedReport): SavedReport {
  return {
    ...stored,
    mode: stored.mode ?? 'overwrite',
    chart: Boolean(stored.chart),
    headers: stored.headers ?? true,
    schedule: stored.schedule ?? null,
    failures: stored.failures ?? 0,
  };
}

/** What a run's outcome leaves on its saved report: the one shape every trigger of a run records. */
export function runRecordOf(
  outcome: { ok: boolean; ms: number; write?: { written: number }; error?: { message: string; code: AdaptyErrorCode } },
  trigger: LastRun['trigger'],
): LastRun {
  return {
    at: new Date().toISOString(),
    status: outcome.ok ? 'ok' : 'error',
    rows: outcome.write?.written,
    ms: Math.round(outcome.ms),
    error: outcome.error?.message,
    trigger,
    ...(outcome.error ? { code: outcome.error.code } : {}),
  };
}
