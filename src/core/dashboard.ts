/**
 * New dashboard…, as pure data: a registry entry and the chosen period → the saved report's spec, and the
 * Overview's KPI formulas — ordinary Sheets formulas over the report sheets, so the Overview recalculates
 * whenever a report refreshes (Sheets reads them in English with commas, whatever the locale).
 */
import {
  DASHBOARD_DEFAULT_PERIOD,
  DASHBOARD_PERIODS,
  type DashboardPeriodDef,
  type DashboardReportDef,
} from '../catalog/dashboard';
import { addMonths, startOfMonth, type LocalDate } from './dates/calendar';
import { ValidationError, quote } from './errors';
import type { ReportSpec } from './request';

export function dashboardPeriod(id: unknown): DashboardPeriodDef {
  const wanted = id === undefined || id === null || id === '' ? DASHBOARD_DEFAULT_PERIOD : id;
  const p = DASHBOARD_PERIODS.find((x) => x.id === wanted);
  if (!p)
    throw new ValidationError(
      'period',
      `Period ${quote(id)} is not allowed: ${DASHBOARD_PERIODS.map((x) => `${x.id} (${x.label})`).join(', ')}`,
    );
  return p;
}

/** The report's spec: from the 1st of the month N − 1 months back, through today (end left empty). */
export function dashboardSpec(def: DashboardReportDef, period: DashboardPeriodDef, today: LocalDate): ReportSpec {
  const spec: ReportSpec = {
    endpoint: def.endpoint,
    start: startOfMonth(addMonths(today, -(period.months - 1))),
    params: { ...(def.params ?? {}) },
  };
  if (def.chart) spec.chart = def.chart;
  if (def.layout) spec.layout = def.layout;
  return spec;
}

/** A sheet name as a formula reference: `'It''s'!`. */
export function sheetRef(name: string): string {
  return `'${name.replace(/'/g, "''")}'!`;
}

/**
 * One Overview row's formulas (row `row`, columns B–D): this month's and last month's value of the report
 * sheet's value column, found by the month's first day in its Period column, and the change in %.
 */
export function kpiFormulas(sheetName: string, periodCol: string, valueCol: string, row: number): string[] {
  const col = (c: string) => `${sheetRef(sheetName)}$${c}:$${c}`;
  const month = 'DATE(YEAR(TODAY()), MONTH(TODAY()), 1)';
  const at = (date: string) => `=IFERROR(INDEX(${col(valueCol)}, MATCH(${date}, ${col(periodCol)}, 0)), "")`;
  return [at(month), at(`EDATE(${month}, -1)`), `=IF(OR(B${row}="", C${row}="", C${row}=0), "", B${row}/C${row}-1)`];
}
