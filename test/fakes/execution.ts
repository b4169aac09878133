/**
 * One script run: the Apps Script globals for a mode, a time budget on the virtual clock, the
 * permission rules of that mode, and call counting. Every service object handed to a script is a
 * Proxy made by `wrap`, which checks budget and permission before each method call.
 */
import { createCacheService } from './cache';
import { createHtmlService } from './html';
import { createLockService } from './lock';
import { createPropertiesService } from './properties';
import { AuthMode, createScriptApp } from './script-app';
import { createConsole, createLogger, createMailApp, createSession } from './session';
import { createCharts, createSpreadsheetApp, mkSpreadsheet } from './spreadsheet';
import type { SpreadsheetData } from './spreadsheet-model';
import { createUrlFetchApp } from './urlfetch';
import { createUtilities } from './utilities';
import { isDate, isPlainObject, permissionError, serviceError } from './util';
import { covers, scopesFor } from './scopes';
import { Suspension } from './suspension';
import type { World } from './world';

export { Suspension, type Wait } from './suspension';

export type ExecutionMode = 'full' | 'custom_function' | 'trigger' | 'limited' | 'none';

export interface ExecutionOptions {
  mode?: ExecutionMode;
  /** Email of the user at the keyboard (or the trigger's owner). Default: the World's owner. */
  user?: string;
  /** Spreadsheet the script is bound to. Default: the World's first spreadsheet. */
  spreadsheetId?: string;
  /** Overrides the mode's time budget (virtual ms). */
  budgetMs?: number;
}

export interface ExecutionGlobals {
  SpreadsheetApp: GoogleAppsScript.Spreadsheet.SpreadsheetApp;
  PropertiesService: GoogleAppsScript.Properties.PropertiesService;
  CacheService: GoogleAppsScript.Cache.CacheService;
  LockService: GoogleAppsScript.Lock.LockService;
  UrlFetchApp: GoogleAppsScript.URL_Fetch.UrlFetchApp;
  Utilities: GoogleAppsScript.Utilities.Utilities;
  Session: GoogleAppsScript.Base.Session;
  HtmlService: GoogleAppsScript.HTML.HtmlService;
  ScriptApp: GoogleAppsScript.Script.ScriptApp;
  MailApp: GoogleAppsScript.Mail.MailApp;
  Logger: GoogleAppsScript.Base.Logger;
  console: Console;
  Charts: GoogleAppsScript.Charts.Charts;
  [name: string]: unknown;
}

/** Constructors of the realm (vm context) the script runs in; set by the harness. */
export interface Realm {
  Error: ErrorConstructor;
  Array: ArrayConstructor;
  Object: ObjectConstructor;
  /** The script's (virtual) Date: Dates handed to the script are re-created with its prototype. */
  Date?: DateConstructor;
}

export const BUDGET_MS: Record<ExecutionMode, number> = {
  full: 6 * 60_000,
  trigger: 6 * 60_000,
  custom_function: 30_000,
  // Simple triggers (onOpen/onEdit in NONE/LIMITED) are limited to 30 s.
  limited: 30_000,
  none: 30_000,
};

const AUTH_MODE: Record<ExecutionMode, string> = {
  full: AuthMode.FULL,
  trigger: AuthMode.FULL,
  custom_function: AuthMode.CUSTOM_FUNCTION,
  limited: AuthMode.LIMITED,
  none: AuthMode.NONE,
};

/** Top-level services: denied calls read "You do not have permission to call Service.method". */
const SERVICES = new Set([
  'SpreadsheetApp',
  'PropertiesService',
  'CacheService',
  'LockService',
  'UrlFetchApp',
  'Utilities',
  'Session',
  'HtmlService',
  'ScriptApp',
  'MailApp',
  'Logger',
  'console',
]);
export const SPREADSHEET_CLASSES = new Set([
  'SpreadsheetApp',
  'Spreadsheet',
  'Sheet',
  'Range',
  'DeveloperMetadata',
  'DeveloperMetadataFinder',
  'DeveloperMetadataLocation',
]);
/** Classes whose mutating methods write to the document. */
const DOC_CLASSES = new Set(['Spreadsheet', 'Sheet', 'Range', 'NamedRange', 'TextFinder', 'DeveloperMetadata']);
const DOC_WRITE_RE =
  /^(set|insert|clear|delete|remove|update|append|activate|autoResize|hide|show|toast|sort|copy|move|merge|protect|add|uncheck|check|trim|replace|break|expand|collapse|group|ungroup|rename|duplicate)/;
const SSAPP_DENIED_READONLY = /^(openById|openByUrl|open|create|getUi|setActive|setCurrent)/;
const PROPERTY_WRITE_RE = /^(set|delete)/;

/** Why a call is refused in a mode (null = allowed). */
export function denial(mode: ExecutionMode, cls: string, method: string): Error | null {
  const deny = () => permissionError(SERVICES.has(cls) ? `${cls}.${method}` : method);
  switch (mode) {
    case 'full':
      return null;
    case 'trigger':
      if (cls === 'SpreadsheetApp' && method === 'getUi')
        return serviceError('Cannot call SpreadsheetApp.getUi() from this context.');
      return null;
    case 'none':
      if (cls === 'Logger' || cls === 'console' || cls === 'Menu') return null;
      if (cls === 'SpreadsheetApp' && method === 'getUi') return null;
      if (cls === 'Ui' && (method === 'createAddonMenu' || method === 'createMenu')) return null;
      return deny();
    case 'custom_function':
      if (cls === 'SpreadsheetApp' && SSAPP_DENIED_READONLY.test(method)) return deny();
      if (DOC_CLASSES.has(cls) && DOC_WRITE_RE.test(method)) return deny();
      if (cls === 'Properties' && PROPERTY_WRITE_RE.test(method)) return deny();
      if (
        [
          'ScriptApp',
          'HtmlService',
          'MailApp',
          'Ui',
          'Menu',
          'TriggerBuilder',
          'ClockTriggerBuilder',
          'Trigger',
        ].includes(cls)
      )
        return deny();
      return null;
    case 'limited':
      if (cls === 'SpreadsheetApp' && /^(openById|openByUrl|open|create|setActive|setCurrent)/.test(method))
        return deny();
      if (DOC_CLASSES.has(cls) && DOC_WRITE_RE.test(method)) return deny();
      if (cls === 'Properties' && PROPERTY_WRITE_RE.test(method)) return deny();
      if (cls === 'UrlFetchApp' || cls === 'MailApp') return deny();
      if (cls === 'Ui' && /^(show|alert|prompt)/.test(method)) return deny();
      if (cls === 'ScriptApp' && method !== 'getAuthorizationInfo') return deny();
      return null;
    default:
      return null;
  }
}

let execSeq = 0;
/** Proxy -> implementation, for every execution (objects may cross executions in tests). */
const PROXY_TARGETS = new WeakMap<object, object>();
/** Implementation -> its proxy, so that `return this` (chaining) hands out the proxy, never the raw object. */
const TARGET_PROXIES = new WeakMap<object, object>();
/** Proxy -> the class name it was wrapped as ("Range", "Cache", ...). */
const PROXY_CLASSES = new WeakMap<object, string>();

/** The Apps Script class a wrapped service object stands for (undefined for anything else). */
export function serviceClassOf(v: unknown): string | undefined {
  return v !== null && typeof v === 'object' ? PROXY_CLASSES.get(v) : undefined;
}

export class Execution {
  readonly id: string;
  readonly mode: ExecutionMode;
  readonly user: string;
  readonly spreadsheetId: string;
  readonly budgetMs: number;
  readonly startTime: number;
  readonly authMode: string;
  readonly globals: ExecutionGlobals;
  ended = false;
  /** Set by the concurrent scheduler: blocking calls then suspend instead of moving the clock. */
  concurrent = false;
  private realm: Realm | null = null;

  constructor(
    readonly world: World,
    opts: ExecutionOptions = {},
  ) {
    this.id = `exec-${++execSeq}`;
    this.mode = opts.mode ?? 'full';
    if (!(this.mode in BUDGET_MS)) throw new Error(`Unknown execution mode: ${String(this.mode)}`);
    this.user = opts.user ?? world.options.owner;
    this.spreadsheetId = opts.spreadsheetId ?? world.firstSpreadsheetId;
    if (!world.spreadsheets.has(this.spreadsheetId))
      throw new Error(`No spreadsheet with id ${this.spreadsheetId} in this World`);
    this.budgetMs = opts.budgetMs ?? BUDGET_MS[this.mode];
    this.startTime = world.clock.now();
    this.authMode = AUTH_MODE[this.mode];
    this.globals = {
      SpreadsheetApp: createSpreadsheetApp(this),
      PropertiesService: createPropertiesService(this),
      CacheService: createCacheService(this),
      LockService: createLockService(this),
      UrlFetchApp: createUrlFetchApp(this),
      Utilities: createUtilities(this),
      Session: createSession(this),
      HtmlService: createHtmlService(this),
      ScriptApp: createScriptApp(this),
      MailApp: createMailApp(this),
      Logger: createLogger(this),
      console: createConsole(this),
      Charts: createCharts(),
    };
  }

  /** The spreadsheet this execution is bound to (also in trigger mode, where getActiveSpreadsheet() is null). */
  spreadsheetData(): SpreadsheetData | null {
    return this.world.spreadsheets.get(this.spreadsheetId) ?? null;
  }

  elapsedMs(): number {
    return this.world.clock.now() - this.startTime;
  }

  overBudget(): boolean {
    return this.elapsedMs() > this.budgetMs;
  }

  /** Event object for onOpen/onInstall/trigger handlers of this mode. */
  event(extra: Record<string, unknown> = {}): Record<string, unknown> {
    const e: Record<string, unknown> = { authMode: this.authMode, ...extra };
    if (this.mode === 'full' || this.mode === 'limited') {
      const d = this.spreadsheetData();
      if (d && !('source' in extra)) e.source = mkSpreadsheet(this, d);
    }
    if (this.mode === 'trigger' && !('triggerUid' in extra)) e.triggerUid = 'fake-trigger';
    return e;
  }

  /** Releases the locks this execution holds (Apps Script does so when a script ends). */
  end(): void {
    this.ended = true;
    for (const [k, v] of this.world.locks) if (v.owner === this.id) this.world.locks.delete(k);
  }

  /**
   * Blocks this execution for `ms` of virtual time, then continues with `then`. Alone, the clock moves;
   * under the concurrent scheduler the execution is suspended and the others run meanwhile.
   */
  pause<T>(ms: number, then: () => T): T {
    const d = Math.max(0, Number.isFinite(ms) ? ms : 0);
    if (!this.concurrent) {
      this.world.clock.advance(d);
      return then();
    }
    throw new Suspension({ kind: 'time', until: this.world.clock.now() + d }, () => then());
  }

  setRealm(realm: Realm): void {
    this.realm = realm;
  }

  /** Copies host arrays/plain objects into the script's realm so `instanceof Array` works there. */
  exportValue<T>(v: T): T {
    const realm = this.realm;
    if (!realm) return v;
    const conv = (x: unknown): unknown => {
      if (Array.isArray(x)) {
        const arr = x as unknown[];
        if ((arr as unknown) instanceof realm.Array) return arr;
        const out = new realm.Array(arr.length);
        for (let i = 0; i < arr.length; i++) out[i] = conv(arr[i]);
        return out;
      }
      if (realm.Date && isDate(x) && Object.getPrototypeOf(x) !== realm.Date.prototype) {
        return Reflect.construct(Date, [x.getTime()], realm.Date);
      }
      if (isPlainObject(x) && Object.getPrototypeOf(x) === Object.prototype) {
        const out = new realm.Object() as Record<string, unknown>;
        for (const k of Object.keys(x)) out[k] = conv(x[k]);
        return out;
      }
      return x;
    };
    return conv(v) as T;
  }

  /** Re-creates a host Error in the script's realm (so `e instanceof Error` holds there). */
  realmError(e: unknown): unknown {
    const realm = this.realm;
    if (!realm || !(e instanceof Error)) return e;
    const re = new realm.Error(e.message);
    re.name = e.name;
    return re;
  }

  checkBudget(): void {
    if (this.overBudget()) throw serviceError('Exceeded maximum execution time');
  }

  /** Runs one service method call with the budget, permission and counting rules. */
  invoke(cls: string, method: string, target: object, fn: (...a: unknown[]) => unknown, args: unknown[]): unknown {
    try {
      this.checkBudget();
      const refused = denial(this.mode, cls, method);
      if (refused) throw refused;
      const need = scopesFor(this.mode, cls, method);
      if (need && !need.some((s) => covers(this.world.grantedScopes(this.user), s)))
        throw serviceError(
          `You do not have permission to call ${cls}.${method}. Required permissions: ${need.join(' || ')}`,
        );
      this.world.countCall(cls, method);
      const result = fn.apply(target, args);
      if (result !== null && typeof result === 'object') {
        const p = TARGET_PROXIES.get(result);
        if (p) return p;
      }
      return this.exportValue(result);
    } catch (e) {
      if (e instanceof Suspension) throw e;
      throw this.realmError(e);
    }
  }

  /** Wraps a service object: every method call goes through `invoke`. Keys starting with `_` are hidden. */
  wrap<T extends object>(cls: string, target: T): T {
    // The proxy's traps are functions whose own `this` is the handler; they need the execution.
    // eslint-disable-next-line @typescript-eslint/no-this-alias -- see above
    const self = this;
    const cache = new Map<string, unknown>();
    const proxy = new Proxy(target, {
      get(t, prop) {
        if (typeof prop === 'symbol') return Reflect.get(t, prop);
        if (prop.startsWith('_')) return undefined;
        // String(range) is "Range" in Apps Script; Object.prototype methods are not service calls.
        if (
          prop === 'toString' &&
          !Object.prototype.hasOwnProperty.call(t, 'toString') &&
          Reflect.get(t, prop) === Object.prototype.toString
        )
          return () => cls;
        if (prop in Object.prototype && prop !== 'constructor') {
          const own = Reflect.get(t, prop);
          return typeof own === 'function' ? (...a: unknown[]) => own.apply(t, a) : own;
        }
        const v = Reflect.get(t, prop);
        if (typeof v !== 'function' || prop === 'constructor') return v;
        let w = cache.get(prop);
        if (!w) {
          w = function (...args: unknown[]) {
            return self.invoke(cls, prop, t, v as (...a: unknown[]) => unknown, args);
          };
          cache.set(prop, w);
        }
        return w;
      },
      has(t, prop) {
        return typeof prop === 'string' && prop.startsWith('_') ? false : Reflect.has(t, prop);
      },
      ownKeys(t) {
        return Reflect.ownKeys(t).filter((k) => typeof k !== 'string' || !k.startsWith('_'));
      },
      getOwnPropertyDescriptor(t, prop) {
        if (typeof prop === 'string' && prop.startsWith('_')) return undefined;
        return Reflect.getOwnPropertyDescriptor(t, prop);
      },
    });
    PROXY_TARGETS.set(proxy, target);
    PROXY_CLASSES.set(proxy, cls);
    if (!TARGET_PROXIES.has(target)) TARGET_PROXIES.set(target, proxy);
    return proxy;
  }

  /** The implementation object behind a wrapped service object (or the value itself). */
  unwrap(v: unknown): unknown {
    if (v !== null && typeof v === 'object') {
      const t = PROXY_TARGETS.get(v);
      if (t) return t;
    }
    return v;
  }
}
