/**
 * The World: everything that persists between script executions (spreadsheets, property stores,
 * caches, triggers, locks, the virtual clock, logs, HTTP log, UI records, call counters).
 */
import { CacheStore } from './cache';
import { VirtualClock } from './clock';
import { Execution, type ExecutionMode, type ExecutionOptions, SPREADSHEET_CLASSES } from './execution';
import { type LockHolder, type LockKind, lockKey } from './lock';
import { PropertyStore } from './properties';
import type { TriggerRecord } from './script-app';
import {
  type ChartData,
  type CfRuleData,
  STYLE_DEFAULTS,
  STYLE_KEYS,
  SpreadsheetData,
  type StyleKey,
  copyCfRule,
  copyChart,
} from './spreadsheet-model';
import { isDate } from './util';
import { MANIFEST_SCOPES } from './scopes';

export interface WorldOptions {
  /** Script time zone, and the default spreadsheet time zone. Default 'Europe/Berlin'. */
  timeZone?: string;
  locale?: string;
  /** Epoch ms of the virtual clock at start. Default Date.UTC(2026, 10, 28, 9, 0). */
  startTime?: number;
  /** Email of the spreadsheet owner (and default user). Default 'owner@example.com'. */
  owner?: string;
  /** HTML files for HtmlService, by name without `.html`. */
  files?: Record<string, string>;
  /** UrlFetch timeout in (virtual) ms. Default 60000. */
  urlFetchTimeoutMs?: number;
}

export interface ResolvedWorldOptions {
  timeZone: string;
  locale: string;
  startTime: number;
  owner: string;
  files: Record<string, string>;
  urlFetchTimeoutMs: number;
}

export interface HttpRecord {
  url: string;
  method: string;
  /** Headers as sent (including Authorization and the X-Emulator-* headers). */
  headers: Record<string, string>;
  payload: string | null;
  /** 0 when no response arrived (connection failure or timeout). */
  status: number;
  /** Virtual time at which the request was sent. */
  virtualTime: number;
  latencyMs: number;
  responseHeaders: Record<string, string | string[]>;
  responseBody: string | null;
  error: string | null;
  executionId: string;
}

export interface LogRecord {
  level: string;
  message: string;
  virtualTime: number;
  executionId: string;
}

export interface CallCounter {
  total: number;
  /** By bare method name, e.g. byMethod.setValues. */
  byMethod: Record<string, number>;
  /** By class and method, e.g. byQualified['Range.setValues']. */
  byQualified: Record<string, number>;
}

export interface MenuRecord {
  caption: string | null;
  addon: boolean;
  items: unknown[];
  user: string;
  spreadsheetId: string;
  executionId: string;
}

export interface UiRecords {
  menus: MenuRecord[];
  sidebars: { title: string; html: string; width: number; user: string; executionId: string; virtualTime: number }[];
  dialogs: { title: string; html: string; width: number; height: number; modal: boolean; user: string }[];
  alerts: { title: string; prompt: string; buttons: string; user: string }[];
  prompts: { title: string; prompt: string; buttons: string; user: string }[];
  toasts: { spreadsheetId: string; message: string; title: string; timeoutSeconds: number; user: string }[];
  /** Queue of buttons the "user" presses for the next alerts (default: OK or YES). */
  alertResponses: string[];
  /** Queue of answers for the next prompts. */
  promptResponses: { button: string; text: string }[];
}

export type FormulaEvaluator = (
  formula: string,
  cell: { spreadsheetId: string; sheetName: string; row: number; column: number },
) => unknown;

export interface SheetSnapshot {
  name: string;
  sheetId: number;
  maxRows: number;
  maxColumns: number;
  frozenRows: number;
  frozenColumns: number;
  hidden: boolean;
  /** Stored values ('' for empty and for formula cells), over the extent of all layers. */
  values: unknown[][];
  formulas: string[][];
  numberFormats: string[][];
  notes: string[][];
  fontWeights: string[][];
  backgrounds: string[][];
  styles: Record<StyleKey, unknown[][]>;
  charts: ChartData[];
  conditionalFormatRules: CfRuleData[];
  columnWidths: Record<number, number>;
}

export interface CreateSpreadsheetOptions {
  id?: string;
  name?: string;
  owner?: string;
  timeZone?: string;
  locale?: string;
}

function newCounter(): CallCounter {
  return { total: 0, byMethod: {}, byQualified: {} };
}

export class World {
  readonly options: ResolvedWorldOptions;
  readonly clock: VirtualClock;
  readonly spreadsheets = new Map<string, SpreadsheetData>();
  readonly firstSpreadsheetId: string;
  readonly userProperties = new Map<string, PropertyStore>();
  readonly documentProperties = new Map<string, PropertyStore>();
  readonly scriptProperties = new PropertyStore();
  readonly userCaches = new Map<string, CacheStore>();
  readonly documentCaches = new Map<string, CacheStore>();
  readonly scriptCache: CacheStore;
  /** Every cache key ever written (tests check that no secret appears in a key). */
  readonly cacheKeysWritten = new Set<string>();
  readonly triggers: TriggerRecord[] = [];
  readonly locks = new Map<string, LockHolder>();
  readonly http: HttpRecord[] = [];
  readonly logs: LogRecord[] = [];
  readonly mails: { to: string; subject: string; body: string; from: string; virtualTime: number }[] = [];
  readonly ui: UiRecords = {
    menus: [],
    sidebars: [],
    dialogs: [],
    alerts: [],
    prompts: [],
    toasts: [],
    alertResponses: [],
    promptResponses: [],
  };
  /** SpreadsheetApp / Spreadsheet / Sheet / Range calls. */
  calls: CallCounter = newCounter();
  /** Every service method call (all classes). */
  serviceCalls: CallCounter = newCounter();
  /** Computes what getValues returns for a formula cell (default: ''). */
  formulaEvaluator: FormulaEvaluator | null = null;
  authorizationRequired = false;
  /** Scopes each user granted; a user not listed granted every scope of the manifest. */
  readonly grants = new Map<string, Set<string>>();
  /** Consent prompts ScriptApp.requireScopes showed (it ends the execution to show one). */
  readonly authPrompts: { user: string; scopes: string[]; virtualTime: number }[] = [];
  private ssSeq = 0;
  private triggerSeq = 0;
  private externalLockSeq = 0;

  constructor(opts: WorldOptions = {}) {
    this.options = {
      timeZone: opts.timeZone ?? 'Europe/Berlin',
      locale: opts.locale ?? 'en_US',
      startTime: opts.startTime ?? Date.UTC(2026, 10, 28, 9, 0),
      owner: opts.owner ?? 'owner@example.com',
      files: { ...(opts.files ?? {}) },
      urlFetchTimeoutMs: opts.urlFetchTimeoutMs ?? 60_000,
    };
    this.clock = new VirtualClock(this.options.startTime);
    this.scriptCache = this.newCache();
    this.firstSpreadsheetId = this.createSpreadsheet().id;
  }

  private newCache(): CacheStore {
    return new CacheStore(
      () => this.clock.now(),
      (k) => this.cacheKeysWritten.add(k),
    );
  }

  /** Starts one script execution (see ExecutionOptions). */
  execution(opts: ExecutionOptions | ExecutionMode = {}): Execution {
    return new Execution(this, typeof opts === 'string' ? { mode: opts } : opts);
  }

  /** Adds a spreadsheet (one sheet 'Sheet1', 1000 x 26). */
  createSpreadsheet(opts: CreateSpreadsheetOptions = {}): SpreadsheetData {
    const n = ++this.ssSeq;
    const id = opts.id ?? `1FakeSpreadsheet${String(n).padStart(4, '0')}xxxxxxxxxxxxxxxxxxxxxxx`;
    if (this.spreadsheets.has(id)) throw new Error(`Spreadsheet ${id} already exists`);
    const d = new SpreadsheetData(
      id,
      opts.name ?? (n === 1 ? 'Untitled spreadsheet' : `Untitled spreadsheet ${n}`),
      opts.owner ?? this.options.owner,
      opts.timeZone ?? this.options.timeZone,
      opts.locale ?? this.options.locale,
    );
    const s = d.addSheet('Sheet1', undefined, true);
    d.activeSheetId = s.id;
    this.spreadsheets.set(id, d);
    return d;
  }

  spreadsheet(id: string = this.firstSpreadsheetId): SpreadsheetData {
    const d = this.spreadsheets.get(id);
    if (!d) throw new Error(`No spreadsheet ${id}`);
    return d;
  }

  userStore(email: string): PropertyStore {
    let s = this.userProperties.get(email);
    if (!s) this.userProperties.set(email, (s = new PropertyStore()));
    return s;
  }
  documentStore(spreadsheetId: string): PropertyStore {
    let s = this.documentProperties.get(spreadsheetId);
    if (!s) this.documentProperties.set(spreadsheetId, (s = new PropertyStore()));
    return s;
  }
  userCache(email: string): CacheStore {
    let c = this.userCaches.get(email);
    if (!c) this.userCaches.set(email, (c = this.newCache()));
    return c;
  }
  documentCache(spreadsheetId: string): CacheStore {
    let c = this.documentCaches.get(spreadsheetId);
    if (!c) this.documentCaches.set(spreadsheetId, (c = this.newCache()));
    return c;
  }

  /** Drops every cached item (Apps Script may evict at any time). */
  evictCaches(): void {
    this.scriptCache.clear();
    for (const c of this.userCaches.values()) c.clear();
    for (const c of this.documentCaches.values()) c.clear();
  }

  nextTriggerId(): number {
    return 7_000_000 + ++this.triggerSeq;
  }

  countCall(cls: string, method: string): void {
    const q = `${cls}.${method}`;
    const bump = (c: CallCounter) => {
      c.total++;
      c.byMethod[method] = (c.byMethod[method] ?? 0) + 1;
      c.byQualified[q] = (c.byQualified[q] ?? 0) + 1;
    };
    bump(this.serviceCalls);
    if (SPREADSHEET_CLASSES.has(cls)) bump(this.calls);
  }

  /** What `user` granted (granular consent: any subset of the manifest's scopes). */
  grantedScopes(user: string): ReadonlySet<string> {
    return this.grants.get(user) ?? new Set(MANIFEST_SCOPES);
  }

  /** `user` grants exactly these scopes (at install or re-consent). */
  setGrantedScopes(user: string, scopes: readonly string[]): void {
    this.grants.set(user, new Set(scopes));
  }

  /** `user` withdraws these scopes (Google Account › Security › third-party access, or a partial re-consent). */
  withdrawScopes(user: string, scopes: readonly string[]): void {
    const now = new Set(this.grantedScopes(user));
    for (const s of scopes) now.delete(s);
    this.grants.set(user, now);
  }

  resetCalls(): void {
    this.calls = newCounter();
    this.serviceCalls = newCounter();
  }

  /**
   * Holds a lock as "another execution". `scope` is the spreadsheet id (document lock, default the
   * first spreadsheet) or the user email (user lock). With `releaseAfterMs` the holder lets go at
   * that virtual time from now, so a waiting script that waits long enough gets the lock.
   */
  holdLock(kind: LockKind, scope?: string, opts: { releaseAfterMs?: number } = {}): { release(): void } {
    const s =
      kind === 'document'
        ? (scope ?? this.firstSpreadsheetId)
        : kind === 'user'
          ? (scope ?? this.options.owner)
          : undefined;
    const key = lockKey(kind, s);
    const owner = `external:${++this.externalLockSeq}`;
    if (this.locks.has(key)) throw new Error(`Lock ${key} is already held by ${this.locks.get(key)?.owner}`);
    this.locks.set(key, {
      owner,
      releaseAt: opts.releaseAfterMs === undefined ? undefined : this.clock.now() + opts.releaseAfterMs,
    });
    return {
      release: () => {
        if (this.locks.get(key)?.owner === owner) this.locks.delete(key);
      },
    };
  }

  releaseLock(kind: LockKind, scope?: string): void {
    const s =
      kind === 'document'
        ? (scope ?? this.firstSpreadsheetId)
        : kind === 'user'
          ? (scope ?? this.options.owner)
          : undefined;
    this.locks.delete(lockKey(kind, s));
  }

  setAuthorizationRequired(required: boolean): void {
    this.authorizationRequired = required;
  }

  /** Deep copy of a sheet's state for "left exactly as it was" assertions. */
  sheetSnapshot(spreadsheetId: string = this.firstSpreadsheetId, sheetName?: string): SheetSnapshot {
    const ss = this.spreadsheet(spreadsheetId);
    const s = sheetName === undefined ? ss.sheets[0] : ss.sheetByName(sheetName);
    if (!s) throw new Error(`No sheet ${sheetName} in ${spreadsheetId}`);
    let rows = 0;
    let cols = 0;
    for (const g of s.allGrids()) {
      rows = Math.max(rows, g.lastRow());
      cols = Math.max(cols, g.lastCol());
    }
    const grid = <T>(get: (r: number, c: number) => T): T[][] =>
      Array.from({ length: rows }, (_, r) => Array.from({ length: cols }, (_2, c) => get(r, c)));
    const styles = {} as Record<StyleKey, unknown[][]>;
    for (const k of STYLE_KEYS) styles[k] = grid((r, c) => s.styles[k].get(r, c) ?? STYLE_DEFAULTS[k]);
    return {
      name: s.name,
      sheetId: s.id,
      maxRows: s.maxRows,
      maxColumns: s.maxCols,
      frozenRows: s.frozenRows,
      frozenColumns: s.frozenCols,
      hidden: s.hidden,
      values: grid((r, c) => {
        const v = s.values.get(r, c);
        return v === undefined ? '' : isDate(v) ? new Date(v.getTime()) : v;
      }),
      formulas: grid((r, c) => s.formulas.get(r, c) ?? ''),
      numberFormats: styles.numberFormat as string[][],
      notes: grid((r, c) => s.notes.get(r, c) ?? ''),
      fontWeights: styles.fontWeight as string[][],
      backgrounds: styles.background as string[][],
      styles,
      charts: s.charts.map(copyChart),
      conditionalFormatRules: s.cfRules.map(copyCfRule),
      columnWidths: Object.fromEntries(s.colWidths),
    };
  }

  /**
   * Every string stored anywhere in the World: cells, formulas, notes, sheet and named-range names,
   * chart options, all property stores, cache keys and values, logs, UI records (sidebar HTML,
   * dialogs, alerts, prompts, toasts, menus), mails, trigger handlers, and the HTTP log (URL,
   * headers except Authorization, payload; not response bodies).
   */
  allText(): string[] {
    const out: string[] = [];
    const add = (v: unknown) => {
      if (typeof v === 'string') {
        if (v !== '') out.push(v);
      } else if (Array.isArray(v)) v.forEach(add);
      else if (v && typeof v === 'object' && !isDate(v))
        Object.entries(v).forEach(([k, x]) => {
          add(k);
          add(x);
        });
    };
    for (const ss of this.spreadsheets.values()) {
      add(ss.name);
      for (const nr of ss.namedRanges.keys()) add(nr);
      for (const s of ss.sheets) {
        add(s.name);
        for (const g of [s.values, s.formulas, s.notes]) for (const row of g.rows) if (row) for (const v of row) add(v);
        for (const ch of s.charts) add(ch.options);
        for (const r of s.cfRules) add(r);
      }
    }
    const stores = [this.scriptProperties, ...this.userProperties.values(), ...this.documentProperties.values()];
    for (const st of stores)
      for (const [k, v] of st.data) {
        add(k);
        add(v);
      }
    for (const k of this.cacheKeysWritten) add(k);
    for (const c of [this.scriptCache, ...this.userCaches.values(), ...this.documentCaches.values()]) {
      for (const [k, v] of c.items) {
        add(k);
        add(v.value);
      }
    }
    for (const l of this.logs) add(l.message);
    const { alertResponses: _a, promptResponses: _p, ...ui } = this.ui;
    void _a;
    void _p;
    add(ui);
    add(this.mails);
    for (const t of this.triggers) add(t.handler);
    for (const h of this.http) {
      add(h.url);
      for (const [k, v] of Object.entries(h.headers))
        if (k.toLowerCase() !== 'authorization') {
          add(k);
          add(v);
        }
      add(h.payload);
    }
    return out;
  }

  /** Nothing to release today (the HTTP worker is shared and unref'd); kept for symmetry. */
  dispose(): void {
    this.locks.clear();
  }
}

export function createWorld(opts: WorldOptions = {}): World {
  return new World(opts);
}
