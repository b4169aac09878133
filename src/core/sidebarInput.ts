/**
 * The sidebar server functions' arguments, checked whole before anything is fetched or written.
 * google.script.run hands over whatever the page (or anyone calling it) sends: each function's argument
 * is checked for type, allowed values, lengths, A1 cells within Sheets' grid and sheet names per Sheets'
 * rules, and comes back typed, or ONE ValidationError names the field as the sidebar labels it, a short
 * excerpt of the value and what is allowed. The report's own content (endpoint, chart, dates, filters)
 * is buildRequest's to check; here it is an object of bounded size.
 */
import { INPUT_LIMITS, LOG_SHEET_NAME, SHEET_GRID } from '../catalog/catalog';
import { cellAt, columnLetters } from './blockPlan';
import { KEY_WHERE } from './apiKey';
import { MERGE_WINDOW, WRITE_MODES } from '../catalog/writeModes';
import { chartStylesFor } from '../catalog/layouts';
import { ValidationError, quote } from './errors';
import { REPORT_BOUNDS } from './reportBounds';
import type { ReportSpec } from './request';
import { parseSchedule } from './schedule';
import {
  SHEET_NAME_FORBIDDEN,
  type Destination,
  type RunRequest,
  type SavedReportInput,
  type WriteMode,
} from './report';

/**
 * Each field: its id (ValidationError.field, which the sidebar maps to a control) and the sidebar's words
 * for it (how messages name it).
 */
export interface Field {
  id: string;
  label: string;
}
const field = (id: string, label: string): Field => ({ id, label });
export const FIELD = {
  request: field('request', 'Run request'),
  save: field('report', 'Saved report'),
  spec: field('spec', 'Report'),
  destination: field('destination', 'Write to'),
  sheetName: field('destination.sheetName', 'Sheet name'),
  newSheetName: field('destination.sheetName', 'New sheet name'),
  anchor: field('destination.anchor', 'Anchor cell'),
  mode: field('mode', 'Write mode'),
  window: field('window', MERGE_WINDOW.label),
  chart: field('chart', 'Add a chart'),
  chartStyle: field('chartStyle', 'Chart style'),
  headers: field('headers', 'Header row'),
  name: field('name', 'Report name'),
  id: field('id', 'Saved report id'),
  range: field('range', 'Range'),
  selectSheet: field('sheetName', 'Sheet name'),
  apiKey: field('api_key', 'Secret API key'),
  runOptions: field('confirmReplace', 'Replace confirmation'),
  ownerName: field('ownerName', 'Your name on the reports you own'),
} as const;

const DESTINATION_KINDS = ['new_sheet', 'sheet', 'active_cell'] as const;
const DESTINATION_HELP = 'new_sheet (New sheet), sheet (Existing sheet) or active_cell (Active cell)';
const MODES: readonly WriteMode[] = WRITE_MODES.map((m) => m.id);
/** "a (A), b (B) or c (C)": a registry's ids with the sidebar's words for them. */
const idsAndLabels = (xs: readonly { id: string; label: string }[]) =>
  xs.map((m, i) => `${i && i === xs.length - 1 ? 'or ' : ''}${m.id} (${m.label})`).join(xs.length > 2 ? ', ' : ' ');
const MODE_HELP = idsAndLabels(WRITE_MODES);

const count = (n: number) => n.toLocaleString('en-US');

function bad(f: Field, value: unknown, allowed: string): ValidationError {
  return new ValidationError(f.id, `${f.label} ${quote(value)} is not allowed: ${allowed}`);
}

/** A plain object (also one from another realm, as google.script.run delivers them). */
function isPlainObject(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && Object.prototype.toString.call(x) === '[object Object]';
}

/** The object itself, refusing anything else and any part the function does not take. */
function objectOf(x: unknown, f: Field, keys: readonly string[], what: string): Record<string, unknown> {
  if (x === undefined) throw new ValidationError(f.id, `${f.label} is missing: give ${what}`);
  if (!isPlainObject(x)) throw new ValidationError(f.id, `${f.label} ${quote(x)} is not ${what}`);
  for (const k of Object.keys(x)) {
    if (!keys.includes(k))
      throw new ValidationError(f.id, `${f.label} has an unknown part ${quote(k)}: it takes only ${keys.join(', ')}`);
  }
  return x;
}

/** Own value of a part (never one inherited from Object.prototype). */
function part(o: Record<string, unknown>, key: string): unknown {
  return Object.prototype.hasOwnProperty.call(o, key) ? o[key] : undefined;
}

function optionalBoolean(v: unknown, f: Field): boolean | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'boolean') throw bad(f, v, 'true or false');
  return v;
}

function text(v: unknown, f: Field, max: number, what: string): string {
  if (v === undefined) throw new ValidationError(f.id, `${f.label} is missing: give ${what}`);
  if (typeof v !== 'string') throw new ValidationError(f.id, `${f.label} ${quote(v)} is not text: ${what}`);
  if (v.length > max)
    throw new ValidationError(
      f.id,
      `${f.label} ${quote(v)} has ${count(v.length)} characters: at most ${count(max)} are allowed`,
    );
  return v;
}

/**
 * A sheet name: 1–100 characters. A sheet the add-on creates also avoids : \ / ? * [ ] (refused by
 * spreadsheet apps that follow Excel's rule; whether Google Sheets does is not documented). The name of
 * an existing sheet is taken as it is: the user already has that sheet.
 */
export function sheetNameInput(v: unknown, f: Field = FIELD.sheetName, existing = false): string {
  const allowed = existing
    ? `1 to ${INPUT_LIMITS.sheetName} characters`
    : `1 to ${INPUT_LIMITS.sheetName} characters, none of : \\ / ? * [ ]`;
  const s = text(v, f, INPUT_LIMITS.sheetName, allowed);
  if (s.trim() === '') throw new ValidationError(f.id, `${f.label} is empty: give ${allowed}`);
  if (existing) return s;
  const m = SHEET_NAME_FORBIDDEN.exec(s);
  if (m) throw new ValidationError(f.id, `${f.label} ${quote(s)} contains "${m[0]}": a sheet name has ${allowed}`);
  return s;
}

const GRID = `columns A to ZZZ (${count(SHEET_GRID.maxColumns)}) and rows 1 to ${count(SHEET_GRID.maxRows)}`;

/** One cell in A1 notation within Sheets' grid ('B5', '$C$10'), upper-cased without `$`. */
export function cellInput(v: unknown, f: Field = FIELD.anchor): string {
  const example = 'a cell such as B5';
  const s = text(v, f, INPUT_LIMITS.a1, example).trim();
  if (s.includes('!'))
    throw new ValidationError(
      f.id,
      `${f.label} ${quote(s)} names a sheet: give only the cell, such as B5 (the sheet is the ${FIELD.sheetName.label})`,
    );
  if (s.includes(':'))
    throw new ValidationError(
      f.id,
      `${f.label} ${quote(s)} is a range: give one cell, such as B5 (its top-left corner)`,
    );
  const at = cellAt(s);
  if (!at) throw new ValidationError(f.id, `${f.label} ${quote(s)} is not a cell: give ${example}`);
  const { row, column: col } = at;
  if (row < 1 || row > SHEET_GRID.maxRows || col > SHEET_GRID.maxColumns)
    throw new ValidationError(f.id, `${f.label} ${quote(s)} is outside the sheet: Sheets has ${GRID}`);
  return `${columnLetters(col)}${row}`;
}

/** A cell or a rectangle between two cells ('A1', 'A1:F31'), within Sheets' grid. */
export function rangeInput(v: unknown, f: Field = FIELD.range): string {
  const s = text(v, f, INPUT_LIMITS.a1, 'a range such as A1:F31').trim();
  if (s.includes('!'))
    throw new ValidationError(f.id, `${f.label} ${quote(s)} names a sheet: give only the range, such as A1:F31`);
  const ends = s.split(':');
  if (ends.length > 2 || ends.some((e) => !cellAt(e)))
    throw new ValidationError(f.id, `${f.label} ${quote(s)} is not a range: give one such as A1:F31 or B5`);
  return ends.map((e) => cellInput(e, f)).join(':');
}

function specInputOf(v: unknown, f: Field): ReportSpec {
  if (v === undefined) throw new ValidationError(f.id, `${f.label} is missing: build one in the form above`);
  if (!isPlainObject(v))
    throw new ValidationError(f.id, `${f.label} ${quote(v)} is not a report: build one in the form above`);
  let size: number;
  try {
    size = JSON.stringify(v).length;
  } catch {
    throw new ValidationError(f.id, `${f.label} is not plain data`);
  }
  if (size > INPUT_LIMITS.specJson)
    throw new ValidationError(
      f.id,
      `${f.label} is ${count(size)} characters as JSON: a report has at most ${count(INPUT_LIMITS.specJson)}`,
    );
  return v as unknown as ReportSpec;
}

/** A report (for Insert as formula and the checks before run and save). */
export function specInput(v: unknown): ReportSpec {
  return specInputOf(v, FIELD.spec);
}

export function destinationInput(v: unknown): Destination {
  const f = FIELD.destination;
  const d = objectOf(v, f, ['kind', 'sheetName', 'anchor'], `a destination: ${DESTINATION_HELP}`);
  const kind = part(d, 'kind');
  if (typeof kind !== 'string' || !(DESTINATION_KINDS as readonly string[]).includes(kind))
    throw bad(f, kind, DESTINATION_HELP);
  const name = part(d, 'sheetName');
  const anchor = part(d, 'anchor');
  if (kind === 'active_cell') {
    if (name !== undefined || anchor !== undefined)
      throw new ValidationError(
        f.id,
        `${f.label} "active_cell" writes at the selected cell: it takes no sheet or cell`,
      );
    return { kind };
  }
  if (kind === 'new_sheet') {
    if (anchor !== undefined)
      throw new ValidationError(
        FIELD.anchor.id,
        `${FIELD.anchor.label} applies to an existing sheet, not to a new sheet`,
      );
    // Empty: the runner names the sheet after the report.
    if (name === undefined || name === null || name === '') return { kind };
    return { kind, sheetName: notTheLog(sheetNameInput(name, FIELD.newSheetName), FIELD.newSheetName) };
  }
  const sheet: Destination = {
    kind: 'sheet',
    sheetName: notTheLog(sheetNameInput(name, FIELD.sheetName, true), FIELD.sheetName),
  };
  if (anchor !== undefined && anchor !== null && anchor !== '') sheet.anchor = cellInput(anchor, FIELD.anchor);
  return sheet;
}

/** The run log is the add-on's own sheet: a report there would be written over by, and over, its rows. */
function notTheLog(name: string, f: Field): string {
  if (name.trim().toLowerCase() === LOG_SHEET_NAME.toLowerCase())
    throw new ValidationError(f.id, `${f.label} ${quote(name)} is the add-on's run log: choose another sheet`);
  return name;
}

export function modeInput(v: unknown): WriteMode {
  if (v === undefined || v === null) return 'overwrite';
  if (typeof v !== 'string' || !(MODES as readonly string[]).includes(v)) throw bad(FIELD.mode, v, MODE_HELP);
  return v as WriteMode;
}

/** Merge's refresh window: whole days within MERGE_WINDOW's bounds (absent = the default). */
export function windowInput(v: unknown): number | undefined {
  if (v === undefined || v === null || v === '') return undefined;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < MERGE_WINDOW.min || v > MERGE_WINDOW.max)
    throw bad(FIELD.window, v, `a whole number of days from ${MERGE_WINDOW.min} to ${MERGE_WINDOW.max}`);
  return v;
}

/** One of the chart styles of the spec's endpoint and layout (src/catalog/layouts.ts); absent = its default. */
export function chartStyleInput(v: unknown, spec: ReportSpec): string | undefined {
  if (v === undefined || v === null || v === '') return undefined;
  const styles = chartStylesFor(spec.endpoint, spec.layout);
  if (typeof v !== 'string' || !styles.some((s) => s.id === v))
    throw bad(FIELD.chartStyle, v, styles.length ? idsAndLabels(styles) : 'this report’s layout has none');
  return v;
}

/** runReport({spec, destination, mode, chart, chartStyle, headers}). */
export function runReportInput(v: unknown): RunRequest {
  const o = objectOf(
    v,
    FIELD.request,
    ['spec', 'destination', 'mode', 'chart', 'chartStyle', 'headers'],
    'a report to run',
  );
  const request: RunRequest = {
    spec: specInputOf(part(o, 'spec'), FIELD.spec),
    destination: destinationInput(part(o, 'destination')),
    mode: modeInput(part(o, 'mode')),
  };
  const chart = optionalBoolean(part(o, 'chart'), FIELD.chart);
  const chartStyle = chartStyleInput(part(o, 'chartStyle'), request.spec);
  const headers = optionalBoolean(part(o, 'headers'), FIELD.headers);
  if (chart !== undefined) request.chart = chart;
  if (chartStyle !== undefined) request.chartStyle = chartStyle;
  if (headers !== undefined) request.headers = headers;
  return request;
}

/** The second argument of runReport and runSavedReport: {confirmReplace?} (the user said "Replace"). */
export function runOptionsInput(v: unknown): { confirmReplace?: boolean } | undefined {
  if (v === undefined || v === null) return undefined;
  const o = objectOf(v, FIELD.runOptions, ['confirmReplace'], 'run options: {confirmReplace: true or false}');
  const confirmReplace = optionalBoolean(part(o, 'confirmReplace'), FIELD.runOptions);
  return confirmReplace === undefined ? {} : { confirmReplace };
}

/** runReport(request, options?): both arguments. */
export function runReportArgs(
  request: unknown,
  options: unknown,
): { request: RunRequest; options: { confirmReplace?: boolean } | undefined } {
  return { request: runReportInput(request), options: runOptionsInput(options) };
}

/** runSavedReport(id, options?): both arguments. */
export function runSavedReportArgs(
  id: unknown,
  options: unknown,
): { id: string; options: { confirmReplace?: boolean } | undefined } {
  return { id: reportIdInput(id), options: runOptionsInput(options) };
}

/** A saved report's id, as the sidebar holds it. */
export function reportIdInput(v: unknown): string {
  const s = text(v, FIELD.id, INPUT_LIMITS.reportId, 'the id of a saved report');
  if (!/^[A-Za-z0-9_-]+$/.test(s))
    throw new ValidationError(
      FIELD.id.id,
      `${FIELD.id.label} ${quote(s)} is not a saved report's id (letters and digits)`,
    );
  return s;
}

/** saveReport({id?, name, spec, destination?, mode?, window?, chart?, chartStyle?, headers?, schedule?}). */
export function saveReportInput(v: unknown): SavedReportInput {
  const o = objectOf(
    v,
    FIELD.save,
    ['id', 'name', 'spec', 'destination', 'mode', 'window', 'chart', 'chartStyle', 'headers', 'schedule'],
    'a report to save',
  );
  const rawName = part(o, 'name');
  const name = text(rawName, FIELD.name, INPUT_LIMITS.reportName, `1 to ${INPUT_LIMITS.reportName} characters`).trim();
  if (!name) throw new ValidationError(FIELD.name.id, `${FIELD.name.label} is empty: give the report a name`);
  const input: SavedReportInput = {
    name,
    spec: specInputOf(part(o, 'spec'), FIELD.spec),
  };
  const id = part(o, 'id');
  if (id !== undefined && id !== null && id !== '') input.id = reportIdInput(id);
  const destination = part(o, 'destination');
  if (destination !== undefined && destination !== null) input.destination = destinationInput(destination);
  const mode = part(o, 'mode');
  if (mode !== undefined && mode !== null) input.mode = modeInput(mode);
  const window = windowInput(part(o, 'window'));
  if (window !== undefined) input.window = window;
  const chart = optionalBoolean(part(o, 'chart'), FIELD.chart);
  if (chart !== undefined) input.chart = chart;
  const chartStyle = chartStyleInput(part(o, 'chartStyle'), input.spec);
  if (chartStyle !== undefined) input.chartStyle = chartStyle;
  const headers = optionalBoolean(part(o, 'headers'), FIELD.headers);
  if (headers !== undefined) input.headers = headers;
  const schedule = part(o, 'schedule');
  if (schedule !== undefined) input.schedule = parseSchedule(schedule, 'schedule');
  return input;
}

/** selectRange(sheetName, a1). */
export function selectRangeInput(sheetName: unknown, a1: unknown): { sheetName: string; a1: string } {
  return { sheetName: sheetNameInput(sheetName, FIELD.selectSheet, true), a1: rangeInput(a1, FIELD.range) };
}

/**
 * setOwnerName(name): what other editors see on this user's reports, runs of spaces collapsed. Empty
 * means "show my key's fingerprint".
 */
export function ownerNameInput(v: unknown): string {
  const max = REPORT_BOUNDS.ownerNameChars;
  const allowed = `up to ${max} characters (empty shows your key's fingerprint)`;
  if (v === undefined || v === null) return '';
  return text(v, FIELD.ownerName, max, allowed).replace(/\s+/g, ' ').trim();
}

/** rememberSpec(spec): a draft report, or null to forget it. */
export function rememberSpecInput(v: unknown): ReportSpec | null {
  if (v === null || v === undefined) return null;
  return specInputOf(v, FIELD.spec);
}

/**
 * An API key argument: text of bounded length. The value is never repeated in a message (it is a
 * secret), only its type. `optional`: empty means "the saved key" (testApiKey).
 */
export function apiKeyInput(v: unknown, optional: boolean): string {
  if (optional && (v === undefined || v === null)) return '';
  if (typeof v !== 'string')
    throw new ValidationError(
      FIELD.apiKey.id,
      `${FIELD.apiKey.label} must be text (${v === null ? 'null' : Array.isArray(v) ? 'a list' : typeof v} was given): paste the secret key from ${KEY_WHERE}`,
    );
  if (v.length > INPUT_LIMITS.apiKey)
    throw new ValidationError(
      FIELD.apiKey.id,
      `${FIELD.apiKey.label} of ${count(v.length)} characters is not an Adapty secret key: paste only the key`,
    );
  return v;
}
