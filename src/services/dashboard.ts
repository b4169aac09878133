/**
 * New dashboard…: the catalog's dashboard reports (src/catalog/dashboard.ts) as saved reports of the user's,
 * each on its own sheet with its chart and a daily schedule, and an Overview sheet of KPI formulas over
 * them. A build runs what has not run yet, fetched together at the rate limit, within one share of the
 * execution limit; what is left is built by the next call, so the dashboard view calls until nothing is
 * pending and shows the progress. A second build adds nothing: it reports what exists, and the user may
 * refresh it or add what is missing.
 */
import {
  DASHBOARD_BUDGET_MS,
  DASHBOARD_REPORTS,
  DASHBOARD_SCHEDULE,
  type DashboardReportDef,
} from '../catalog/dashboard';
import { dashboardPeriod, dashboardSpec } from '../core/dashboard';
import type { Me } from '../core/ownership';
import { runRecordOf, sheetNameFor, type SavedReport } from '../core/report';
import { a1Of } from '../core/blockPlan';
import { blocksOn } from '../adapters/blockLocator';
import { parseSchedule } from '../core/schedule';
import { overviewSheet, writeOverview, type OverviewRow } from '../adapters/overviewSheet';
import { syncHourlyTrigger } from '../adapters/triggerStore';
import type { Env } from './env';
import { triggerWanted } from './identity';
import { loadReports, newId, ownerFor, recordRun, storeReports } from './reportStore';
import { blockRecord, runReports } from './reportRunner';

type Spreadsheet = GoogleAppsScript.Spreadsheet.Spreadsheet;

export type DashboardAction = 'build' | 'add_missing' | 'refresh';

export interface DashboardState {
  /** Dashboard reports that exist, by registry id. */
  existing: { id: string; name: string; reportId: string; sheetName?: string }[];
  missing: { id: string; name: string }[];
  overview: string | null;
}

export interface DashboardProgress extends DashboardState {
  /** `exists`: a build found the dashboard and added nothing (offer refresh or add missing). */
  status: 'done' | 'in_progress' | 'exists';
  total: number;
  done: number;
  /** Reports still to run: call again with action `refresh` and this `since`. */
  pending: string[];
  /**
   * When the sequence of calls began, in the server's clock (the first call's time unless one was passed):
   * a report whose last run is older is still to run. Never the sidebar's clock, which may be minutes off.
   */
  since: string;
  failed: { name: string; error: string }[];
  message: string;
}

function stateOf(ss: Spreadsheet, list: SavedReport[]): DashboardState {
  const byId = new Map(list.filter((r) => r.dashboard).map((r) => [r.dashboard!, r]));
  return {
    existing: DASHBOARD_REPORTS.filter((d) => byId.has(d.id)).map((d) => {
      const r = byId.get(d.id)!;
      return { id: d.id, name: r.name, reportId: r.id, ...(r.block ? { sheetName: r.block.sheetName } : {}) };
    }),
    missing: DASHBOARD_REPORTS.filter((d) => !byId.has(d.id)).map((d) => ({ id: d.id, name: d.name })),
    overview: overviewSheet(ss)?.getName() ?? null,
  };
}

export function dashboardState(ss: Spreadsheet): DashboardState {
  return stateOf(ss, loadReports());
}

/**
 * The block a deleted dashboard report left on its sheet (tagged with a saved report's id that no report has
 * now): the report added back takes it up, so its refresh replaces that block in place, chart and all,
 * instead of a second sheet beside it. Cells around it are still never written over (the runner checks).
 */
function leftBlock(
  ss: Spreadsheet,
  def: DashboardReportDef,
  list: SavedReport[],
): Pick<SavedReport, 'id' | 'block'> | null {
  const sheet = ss.getSheetByName(sheetNameFor(def.name));
  if (!sheet) return null;
  const ids = new Set(list.map((r) => r.id));
  const left = blocksOn(sheet).find((p) => p.box && /^r/.test(p.id) && !ids.has(p.id));
  if (!left?.box) return null;
  return { id: left.id, block: { sheetId: sheet.getSheetId(), sheetName: sheet.getName(), a1: a1Of(left.box) } };
}

function newDashboardReport(
  def: DashboardReportDef,
  env: Env,
  me: Me,
  period: unknown,
  at: string,
  left: Pick<SavedReport, 'id' | 'block'> | null,
): SavedReport {
  return {
    id: newId(),
    ...left,
    name: def.name,
    spec: dashboardSpec(def, dashboardPeriod(period), env.today),
    destination: { kind: 'new_sheet', sheetName: def.name },
    mode: def.mode,
    chart: def.withChart,
    headers: true,
    schedule: parseSchedule(DASHBOARD_SCHEDULE),
    createdAt: at,
    updatedAt: at,
    failures: 0,
    owner: ownerFor(me),
    dashboard: def.id,
  };
}

/**
 * One step of a build. `since` (a refresh's start, ISO) tells which reports a refresh still has to run; a
 * build or add_missing runs the dashboard reports that have no block yet.
 */
export function buildDashboard(
  ss: Spreadsheet,
  env: Env,
  me: Me,
  input: { period?: unknown; action: DashboardAction; since?: string },
): DashboardProgress {
  const at = new Date().toISOString();
  const list = loadReports();
  const before = stateOf(ss, list);
  const since = input.since ?? at;
  if (input.action === 'build' && before.existing.length > 0)
    return {
      ...before,
      since,
      status: 'exists',
      total: before.existing.length,
      done: before.existing.length,
      pending: [],
      failed: [],
      message: `This spreadsheet already has a dashboard (${before.existing.length} of ${DASHBOARD_REPORTS.length} reports${before.overview ? ` and ${before.overview}` : ''}): nothing was added. Refresh it${before.missing.length ? `, or add the ${before.missing.length} missing` : ''}.`,
    };
  let added = 0;
  if (input.action !== 'refresh') {
    const period = dashboardPeriod(input.period);
    for (const m of before.missing) {
      const def = DASHBOARD_REPORTS.find((d) => d.id === m.id)!;
      list.push(newDashboardReport(def, env, me, period.id, at, leftBlock(ss, def, list)));
      added++;
    }
    if (added) {
      storeReports(list, ss.getId(), { forSave: true });
      syncHourlyTrigger(triggerWanted(list, me));
    }
  }
  const mine = list.filter((r) => r.dashboard);
  const todo = mine.filter((r) =>
    input.action === 'refresh' ? !r.lastRun || r.lastRun.at < since : !r.block || r.lastRun?.status !== 'ok',
  );
  const failed: DashboardProgress['failed'] = [];
  const outcomes = todo.length
    ? runReports(ss, env, todo, {
        trigger: 'manual',
        budgetMs: DASHBOARD_BUDGET_MS,
        onConflict: 'redirect',
        deferOutOfTime: true,
      })
    : [];
  const deferred: string[] = [];
  for (const o of outcomes) {
    const id = o.report.id!;
    if (!o.ok && o.error?.code === 'budget') {
      deferred.push(o.report.name);
      continue;
    }
    if (!o.ok) failed.push({ name: o.report.name, error: o.error?.message ?? 'did not run' });
    recordRun(list, id, runRecordOf(o, 'manual'), o.write ? blockRecord(o.write) : undefined);
  }
  if (outcomes.length) storeReports(list, ss.getId());
  const after = stateOf(ss, list);
  const done = mine.length - deferred.length - (todo.length - outcomes.length);
  // Once all is built: the Overview gains the rows of reports this sequence added (also when they took several calls).
  if (deferred.length === 0 && (added > 0 || !after.overview || mine.some((r) => r.createdAt >= since)))
    after.overview = writeOverview(ss, overviewRows(ss, list));
  const pending = deferred;
  return {
    ...after,
    since,
    status: pending.length ? 'in_progress' : 'done',
    total: mine.length,
    done,
    pending,
    failed,
    message: pending.length
      ? `Built ${done} of ${mine.length} reports; continuing with ${pending.length}…`
      : `Dashboard ready: ${mine.length} reports, each refreshed daily at ${DASHBOARD_SCHEDULE.hour}:00, and ${after.overview}.${failed.length ? ` ${failed.length} failed: ${failed.map((f) => f.name).join(', ')}.` : ''}`,
  };
}

/** The Overview's rows: each dashboard report with a KPI that has a block, and where that block is now. */
function overviewRows(ss: Spreadsheet, list: SavedReport[]): OverviewRow[] {
  const out: OverviewRow[] = [];
  for (const def of DASHBOARD_REPORTS) {
    const r = list.find((x) => x.dashboard === def.id);
    if (!def.kpi || !r?.block) continue;
    const sheet = ss.getSheets().find((s) => s.getSheetId() === r.block!.sheetId);
    out.push({ label: def.kpi, sheetName: sheet?.getName() ?? r.block.sheetName, a1: r.block.a1 });
  }
  return out;
}
