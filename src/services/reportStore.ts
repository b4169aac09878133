/**
 * Saved reports, per document, in document properties: one JSON list split across ≤ 9 KB entries.
 * Read with one getProperties, written with one setProperties (+ one delete per stale entry).
 * The API key is never part of a saved report.
 */
import { fromEntries, staleKeys, toEntries, utf8Length } from '../core/propertyChunks';
import { AdaptyError, ValidationError, quote } from '../core/errors';
import { parseSchedule } from '../core/schedule';
import { endpointDef } from '../core/request';
import { chartStyleInput, destinationInput, modeInput } from '../core/sidebarInput';
import { chartStylesFor } from '../catalog/layouts';
import {
  withDefaults,
  type BlockRef,
  type Destination,
  type LastRun,
  type SavedReport,
  type SavedReportInput,
} from '../core/report';
import {
  REPORT_BOUNDS,
  bookkeepingBytes,
  boundedBlock,
  boundedLastRun,
  boundedReport,
  checkDefinitionBounds,
} from '../core/reportBounds';
import { connectionOf, fingerprintFor, type Me } from '../core/ownership';
import { newUuid } from '../adapters/appsScriptPorts';
import { STORED, STORE_LIMITS, propertiesOf, reservedDocumentBytes, storeBytes } from '../adapters/properties';

const PREFIX = STORED.reports.name;
const SPREADSHEET_ID = STORED.spreadsheetId.name;
/** Saved reports per spreadsheet (the store's size is the real bound, checked on every save). */
const MAX_REPORTS = 200;
/** Slack for the numbered entries' keys when the list grows into more of them. */
const ENTRY_KEYS_MARGIN = 4 * 1024;

function props(): GoogleAppsScript.Properties.Properties {
  return propertiesOf('document');
}

export function loadReports(): SavedReport[] {
  const all = props().getProperties() as Record<string, string>;
  const text = fromEntries(PREFIX, all);
  if (!text) return [];
  try {
    const list = JSON.parse(text) as SavedReport[];
    // Bounded on the way in: lists stored by older versions (whole error lists) shrink at the next write.
    return Array.isArray(list) ? list.map((r) => boundedReport(withDefaults(r))) : [];
  } catch {
    return [];
  }
}

function isAddonDocumentProperty(k: string): boolean {
  return k === PREFIX || k.startsWith(PREFIX + '.') || k === SPREADSHEET_ID || k === STORED.schedulerStatus.name;
}

/**
 * Writes the list, after computing what the whole document store would then hold: a list that would pass
 * Apps Script's limits is refused (AdaptyError 'limit') before anything changes. A save (`forSave`) must
 * also leave room for every report's run bookkeeping at its largest and for the add-on's other document
 * properties, so recording runs later can never fill the store.
 */
export function storeReports(list: SavedReport[], spreadsheetId?: string, opts: { forSave?: boolean } = {}): void {
  const store = props();
  const all = store.getProperties() as Record<string, string>;
  const next = toEntries(PREFIX, JSON.stringify(list));
  if (spreadsheetId) next[SPREADSHEET_ID] = spreadsheetId;
  for (const k of Object.keys(next)) {
    if (utf8Length(k) + utf8Length(next[k]) > STORE_LIMITS.valueBytes)
      throw new AdaptyError(
        'limit',
        `A saved-reports entry would pass Apps Script's 9 KB a property. Nothing was saved.`,
      );
  }
  const stale = staleKeys(PREFIX, all, next);
  const final: Record<string, string> = Object.assign(Object.create(null) as Record<string, string>, all, next);
  for (const k of stale) delete final[k];
  const finalBytes = storeBytes(final);
  let needed = finalBytes;
  if (opts.forSave) {
    let others = 0;
    for (const k of Object.keys(final))
      if (isAddonDocumentProperty(k) && !(k === PREFIX || k.startsWith(PREFIX + '.')))
        others += utf8Length(k) + utf8Length(final[k]);
    const growth = list.reduce((n, r) => n + Math.max(0, REPORT_BOUNDS.bookkeepingBytes - bookkeepingBytes(r)), 0);
    needed = finalBytes - others + reservedDocumentBytes('reports') + growth + ENTRY_KEYS_MARGIN;
  }
  if (needed > STORE_LIMITS.storeBytes) {
    const kb = (n: number) => `${Math.ceil(n / 1024)} KB`;
    throw new AdaptyError(
      'limit',
      opts.forSave
        ? `This spreadsheet's ${list.length} saved reports would need ${kb(needed)} of document properties (with room for their run records); Apps Script allows ${kb(STORE_LIMITS.storeBytes)}. Delete some saved reports or use fewer filter values. Nothing was saved.`
        : `Recording this run would put ${kb(needed)} in the document properties; Apps Script allows ${kb(STORE_LIMITS.storeBytes)}. Nothing was recorded.`,
    );
  }
  // Numbered entries are written before stale ones go, so a run stopped in between still reads the new
  // list; where new and stale entries together would not fit, the store is replaced in one call instead.
  if (storeBytes(Object.assign(Object.create(null) as Record<string, string>, all, next)) > STORE_LIMITS.storeBytes) {
    store.setProperties({ ...final }, true);
    return;
  }
  store.setProperties(next);
  for (const k of stale) store.deleteProperty(k);
}

export function storedSpreadsheetId(): string | null {
  return props().getProperty(SPREADSHEET_ID);
}

/** The owner a report gets from `me` (their current key's fingerprint, never the key). */
export function ownerFor(me: Me, app?: string): NonNullable<SavedReport['owner']> {
  const fp = fingerprintFor(me, app);
  return {
    id: me.id,
    ...(fp ? { keyFingerprint: fp } : {}),
    ...(me.name ? { name: me.name } : {}),
  };
}

export function newId(): string {
  return 'r' + newUuid().replace(/-/g, '').slice(0, 12);
}

/** Why `me` may not change this report's definition (null = they may): only its owner edits it. */
function editRefusal(r: SavedReport, me: Me): AdaptyError | null {
  const c = connectionOf(r, me);
  if (c.kind === 'other')
    return new AdaptyError(
      'not_owner',
      `${quote(r.name)} is refreshed with another editor's Adapty connection (${c.label}): take it over (Saved reports › Run › Take it over) before changing it, or save your changes as a new report. Nothing was saved.`,
    );
  if (c.kind === 'none')
    return new AdaptyError(
      'no_owner',
      `${quote(r.name)} has no owner yet (saved by an older version): take it over (Saved reports › Run › Take it over) before changing it, or save your changes as a new report. Nothing was saved.`,
    );
  return null;
}

/**
 * Creates or updates; an update keeps the id, creation time, last run, written block and owner (only its
 * owner may update it). A new report is owned by `me`. Returns the stored list too.
 */
export function upsertReport(
  input: SavedReportInput,
  now: Date,
  spreadsheetId: string,
  me: Me,
): { report: SavedReport; list: SavedReport[] } {
  const name = String(input.name ?? '').trim();
  if (!name) throw new ValidationError('name', 'name is empty: give the report a name');
  if (!input.spec || typeof input.spec !== 'object') throw new ValidationError('spec', 'spec is missing');
  endpointDef(input.spec.endpoint);
  const schedule = parseSchedule(input.schedule ?? null);
  const list = loadReports();
  const at = now.toISOString();
  const i = input.id ? list.findIndex((r) => r.id === input.id) : -1;
  if (input.id && i < 0)
    throw new ValidationError('id', `report ${quote(input.id)} does not exist (it may have been deleted)`);
  const old = i >= 0 ? list[i] : undefined;
  if (old) {
    const refused = editRefusal(old, me);
    if (refused) throw refused;
  }
  if (!old && list.length >= MAX_REPORTS)
    throw new ValidationError('name', `this spreadsheet already has ${MAX_REPORTS} saved reports: delete some first`);
  // What the caller sends is checked with the sidebar's own rules; what is stored stays as it was saved.
  const destination =
    input.destination !== undefined ? destinationInput(input.destination) : (old?.destination ?? { kind: 'new_sheet' });
  checkDefinitionBounds({ name, spec: input.spec, destination });
  // A new destination starts a new block there (the old block stays where it is, untouched).
  const key = (d: Destination) =>
    [d.kind, 'sheetName' in d ? (d.sheetName ?? '') : '', 'anchor' in d ? (d.anchor ?? '').toUpperCase() : ''].join(
      '\n',
    );
  const sameDestination = old !== undefined && key(destination) === key(old.destination);
  // The owner keeps the key fingerprint the report was taken on with: an edit never silently re-points it.
  // Choosing another app re-points it on purpose: then it takes that connection's key.
  const app = input.spec.app;
  const owner =
    old?.owner && (old.spec.app ?? '').toLowerCase() === (app ?? '').toLowerCase()
      ? { ...ownerFor(me, app), keyFingerprint: old.owner.keyFingerprint ?? fingerprintFor(me, app) ?? undefined }
      : ownerFor(me, app);
  if (!owner.keyFingerprint) delete owner.keyFingerprint;
  // A kept style is dropped when the edited report's layout no longer offers it.
  const style =
    chartStyleInput(input.chartStyle, input.spec) ??
    chartStylesFor(input.spec.endpoint, input.spec.layout).find((s) => s.id === old?.chartStyle)?.id;
  const report: SavedReport = {
    id: old?.id ?? newId(),
    name,
    spec: input.spec,
    destination,
    mode: input.mode !== undefined ? modeInput(input.mode) : (old?.mode ?? 'overwrite'),
    ...((input.window ?? old?.window) !== undefined ? { window: input.window ?? old?.window } : {}),
    chart: Boolean(input.chart ?? old?.chart ?? false),
    ...(style ? { chartStyle: style } : {}),
    headers: input.headers ?? old?.headers ?? true,
    schedule,
    createdAt: old?.createdAt ?? at,
    updatedAt: at,
    lastRun: old?.lastRun,
    failures: old?.failures ?? 0,
    block: sameDestination ? old?.block : undefined,
    owner,
    ...(old?.dashboard ? { dashboard: old.dashboard } : {}),
  };
  if (i >= 0) list[i] = report;
  else list.push(report);
  storeReports(list, spreadsheetId, { forSave: true });
  return { report, list };
}

export function recordRun(list: SavedReport[], id: string, run: LastRun, block?: BlockRef): void {
  const r = list.find((x) => x.id === id);
  if (!r) return;
  r.lastRun = boundedLastRun(run);
  r.failures = run.status === 'ok' ? 0 : (r.failures ?? 0) + 1;
  if (block) r.block = boundedBlock(block);
}

/** Pins `me`'s current key on a report they own that has none recorded yet (saved before they had a key). */
export function pinKey(list: SavedReport[], id: string, me: Me): void {
  const r = list.find((x) => x.id === id);
  const fp = r && fingerprintFor(me, r.spec.app);
  if (r?.owner && r.owner.id === me.id && !r.owner.keyFingerprint && fp) r.owner.keyFingerprint = fp;
}

/** "Take it over": the report, and its schedule, are refreshed with `me`'s key from now on. */
export function takeOver(id: string, me: Me, spreadsheetId: string): { report: SavedReport; list: SavedReport[] } {
  const list = loadReports();
  const r = list.find((x) => x.id === id);
  if (!r) throw new ValidationError('id', `report ${quote(id)} does not exist (it may have been deleted)`);
  r.owner = ownerFor(me, r.spec.app);
  storeReports(list, spreadsheetId, { forSave: true });
  return { report: r, list };
}

/** Shows `me`'s chosen name on the reports they own here. */
export function renameOwner(me: Me): void {
  const list = loadReports();
  let changed = false;
  for (const r of list) {
    if (r.owner?.id !== me.id || r.owner.name === me.name) continue;
    if (me.name) r.owner.name = me.name;
    else delete r.owner.name;
    changed = true;
  }
  if (changed) storeReports(list, undefined, { forSave: true });
}

/** Adds a report built elsewhere (a copy run before it is stored). */
export function addReport(report: SavedReport, spreadsheetId: string): SavedReport[] {
  const list = loadReports();
  if (list.length >= MAX_REPORTS)
    throw new ValidationError('name', `this spreadsheet already has ${MAX_REPORTS} saved reports: delete some first`);
  list.push(report);
  storeReports(list, spreadsheetId, { forSave: true });
  return list;
}

export function deleteReportById(id: string): SavedReport[] {
  const list = loadReports().filter((r) => r.id !== id);
  storeReports(list);
  return list;
}
