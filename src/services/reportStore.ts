/**
 * Saved reports, per document, in document properties: one JSON list split across ≤ 9 KB entries.
 * Read with one getProperties, written with one setProperties (+ one delete per stale entry).
 * The API key is never part of a saved report.
 */
import { fromEntries, staleKeys, toEntries } from '../core/propertyChunks';
import { ValidationError, quote } from '../core/errors';
import { parseSchedule } from '../core/schedule';
import { endpointDef } from '../core/request';
import {
  withDefaults,
  type BlockRef,
  type Destination,
  type LastRun,
  type SavedReport,
  type SavedReportInput,
  type WriteMode,
} from '../core/report';
import { STORED, propertiesOf } from '../adapters/properties';

const PREFIX = STORED.reports.name;
const SPREADSHEET_ID = STORED.spreadsheetId.name;
/** Saved reports per spreadsheet: keeps the list well inside the 500 KB document-properties store. */
const MAX_REPORTS = 200;

function props(): GoogleAppsScript.Properties.Properties {
  return propertiesOf('document');
}

export function loadReports(): SavedReport[] {
  const all = props().getProperties() as Record<string, string>;
  const text = fromEntries(PREFIX, all);
  if (!text) return [];
  try {
    const list = JSON.parse(text) as SavedReport[];
    return Array.isArray(list) ? list.map(withDefaults) : [];
  } catch {
    return [];
  }
}

export function storeReports(list: SavedReport[], spreadsheetId?: string): void {
  const store = props();
  const all = store.getProperties() as Record<string, string>;
  const next = toEntries(PREFIX, JSON.stringify(list));
  if (spreadsheetId) next[SPREADSHEET_ID] = spreadsheetId;
  store.setProperties(next);
  for (const k of staleKeys(PREFIX, all, next)) store.deleteProperty(k);
}

export function storedSpreadsheetId(): string | null {
  return props().getProperty(SPREADSHEET_ID);
}

function checkDestination(d: unknown): Destination {
  const x = (d ?? { kind: 'new_sheet' }) as Destination;
  if (x.kind === 'new_sheet' || x.kind === 'active_cell') return x;
  if (x.kind === 'sheet' && typeof x.sheetName === 'string' && x.sheetName.trim()) return x;
  throw new ValidationError(
    'destination',
    `destination ${quote(d)} is not one of: a new sheet, an existing sheet by name, the active cell`,
  );
}

function checkMode(m: unknown): WriteMode {
  if (m === undefined || m === 'overwrite' || m === 'append') return (m ?? 'overwrite') as WriteMode;
  throw new ValidationError('mode', `mode ${quote(m)} is not one of: overwrite, append`);
}

export function newId(): string {
  return 'r' + Utilities.getUuid().replace(/-/g, '').slice(0, 12);
}

/** Creates or updates; an update keeps the id, creation time, last run and written block. Returns the stored list too. */
export function upsertReport(
  input: SavedReportInput,
  now: Date,
  spreadsheetId: string,
): { report: SavedReport; list: SavedReport[] } {
  const name = String(input.name ?? '').trim();
  if (!name) throw new ValidationError('name', 'name is empty: give the report a name');
  if (name.length > 100)
    throw new ValidationError('name', `name of ${name.length} characters is too long: at most 100`);
  if (!input.spec || typeof input.spec !== 'object') throw new ValidationError('spec', 'spec is missing');
  endpointDef(input.spec.endpoint);
  const schedule = parseSchedule(input.schedule ?? null);
  const list = loadReports();
  const at = now.toISOString();
  const i = input.id ? list.findIndex((r) => r.id === input.id) : -1;
  if (input.id && i < 0)
    throw new ValidationError('id', `report ${quote(input.id)} does not exist (it may have been deleted)`);
  const old = i >= 0 ? list[i] : undefined;
  if (!old && list.length >= MAX_REPORTS)
    throw new ValidationError('name', `this spreadsheet already has ${MAX_REPORTS} saved reports: delete some first`);
  const destination = checkDestination(input.destination ?? old?.destination);
  // A new destination starts a new block there (the old block stays where it is, untouched).
  const key = (d: Destination) =>
    [d.kind, 'sheetName' in d ? (d.sheetName ?? '') : '', 'anchor' in d ? (d.anchor ?? '').toUpperCase() : ''].join(
      '\n',
    );
  const sameDestination = old !== undefined && key(destination) === key(old.destination);
  const report: SavedReport = {
    id: old?.id ?? newId(),
    name,
    spec: input.spec,
    destination,
    mode: checkMode(input.mode ?? old?.mode),
    chart: Boolean(input.chart ?? old?.chart ?? false),
    headers: input.headers ?? old?.headers ?? true,
    schedule,
    createdAt: old?.createdAt ?? at,
    updatedAt: at,
    lastRun: old?.lastRun,
    failures: old?.failures ?? 0,
    block: sameDestination ? old?.block : undefined,
  };
  if (i >= 0) list[i] = report;
  else list.push(report);
  storeReports(list, spreadsheetId);
  return { report, list };
}

export function recordRun(list: SavedReport[], id: string, run: LastRun, block?: BlockRef): void {
  const r = list.find((x) => x.id === id);
  if (!r) return;
  r.lastRun = run;
  r.failures = run.status === 'ok' ? 0 : (r.failures ?? 0) + 1;
  if (block) r.block = block;
}

export function deleteReportById(id: string): SavedReport[] {
  const list = loadReports().filter((r) => r.id !== id);
  storeReports(list);
  return list;
}
