/** Where a report goes (the Run panel's choice, which Save keeps with the report). */
import { chartStylesFor } from '../src/catalog/layouts';
import type { Destination, SheetInfo, WriteMode } from '../src/entry/sidebarApi';
import { count } from './numbers';

export interface DestState {
  kind: Destination['kind'];
  newName: string;
  /** Whether the user typed the new sheet's name (else it follows the report's title). */
  newNameTouched: boolean;
  sheet: string;
  mode: WriteMode;
  chart: boolean;
  /** The chosen chart style ('' = the layout's default). */
  chartStyle: string;
}

export function destinationOf(d: DestState, title: string): Destination {
  if (d.kind === 'new_sheet')
    return { kind: 'new_sheet', sheetName: (d.newNameTouched ? d.newName : title).trim() || title };
  if (d.kind === 'sheet') return { kind: 'sheet', sheetName: d.sheet };
  return { kind: 'active_cell' };
}

/** A new report's destination: a new sheet named after the report, replaced on each run, no chart. */
export function defaultDest(): DestState {
  return {
    kind: 'new_sheet',
    newName: '',
    newNameTouched: false,
    sheet: '',
    mode: 'overwrite',
    chart: false,
    chartStyle: '',
  };
}

/** A run's or save's chart: with its style where the report's layout offers styles. */
export function chartOf(d: DestState, spec: { endpoint: string; layout?: string }) {
  const styles = chartStylesFor(spec.endpoint, spec.layout);
  const style = styles.find((s) => s.id === d.chartStyle) ?? styles[0];
  return d.chart && style ? { chart: true, chartStyle: style.id } : { chart: d.chart };
}

const n = count;

/** What the sheet-name field says about the sheet: new, empty, or what it holds. */
export function describeInfo(info: SheetInfo, newSheet: boolean): { text: string; warn: boolean } {
  if (!info.exists)
    return {
      text: newSheet ? `A new sheet “${info.name}” will be added.` : `There is no sheet “${info.name}”.`,
      warn: !newSheet,
    };
  if (info.rows === 0) return { text: `“${info.name}” exists and is empty: the report goes into it.`, warn: false };
  const parts = [
    `“${info.name}” exists (${n(info.rows)} row${info.rows === 1 ? '' : 's'} × ${n(info.columns)} column${info.columns === 1 ? '' : 's'} used)`,
  ];
  const reports = info.blocks.map((b) => (b.report ? `report “${b.report}” at ${b.a1}` : `a report block at ${b.a1}`));
  if (reports.length) parts.push(`it holds ${reports.join(', ')}`);
  if (info.otherCells === null) parts.push('it is too large to count its other cells');
  else if (info.otherCells > 0)
    parts.push(
      `${n(info.otherCells)} cell${info.otherCells === 1 ? '' : 's'} there ${info.otherCells === 1 ? 'is' : 'are'} no report's`,
    );
  const warn = info.otherCells !== 0 || reports.length > 0;
  return {
    text: parts.join('; ') + (warn ? '. You are asked before any of it is replaced.' : '.'),
    warn,
  };
}
