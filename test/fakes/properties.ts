/** PropertiesService fake: string stores with Apps Script's size limits. */
import type { Execution } from './execution';
import { isPlainObject, serviceError, utf8Length } from './util';

export const MAX_PROPERTY_VALUE_BYTES = 9 * 1024;
export const MAX_PROPERTY_STORE_BYTES = 500 * 1024;

export class PropertyStore {
  data = new Map<string, string>();

  bytes(): number {
    let n = 0;
    for (const [k, v] of this.data) n += utf8Length(k) + utf8Length(v);
    return n;
  }

  /** Applies `changes` (null = delete) atomically, enforcing the limits. */
  apply(changes: Map<string, string | null>, deleteAllOthers = false): void {
    const next = deleteAllOthers ? new Map<string, string>() : new Map(this.data);
    for (const [k, v] of changes) {
      if (v === null) next.delete(k);
      else {
        if (utf8Length(k) + utf8Length(v) > MAX_PROPERTY_VALUE_BYTES) throw serviceError('Argument too large: value');
        next.set(k, v);
      }
    }
    let total = 0;
    for (const [k, v] of next) total += utf8Length(k) + utf8Length(v);
    if (total > MAX_PROPERTY_STORE_BYTES) {
      throw serviceError('You have exceeded the property storage quota. Please remove some properties and try again.');
    }
    this.data = next;
  }

  toObject(): Record<string, string> {
    const o: Record<string, string> = {};
    for (const [k, v] of this.data) o[k] = v;
    return o;
  }
}

function keyOf(key: unknown): string {
  if (key === null || key === undefined || key === '') throw serviceError('Invalid argument: key');
  return String(key);
}

/** The `Properties` object handed to scripts. `readOnly` stores refuse writes with a permission error. */
export class PropertiesImpl {
  constructor(
    private _store: PropertyStore,
    private _readOnly: boolean,
  ) {}

  private _write(method: string): void {
    if (this._readOnly) throw serviceError(`You do not have permission to call ${method}`);
  }
  getProperty(key: unknown): string | null {
    const v = this._store.data.get(keyOf(key));
    return v === undefined ? null : v;
  }
  getProperties(): Record<string, string> {
    return this._store.toObject();
  }
  getKeys(): string[] {
    return [...this._store.data.keys()];
  }
  setProperty(key: unknown, value: unknown): this {
    this._write('setProperty');
    this._store.apply(new Map([[keyOf(key), String(value)]]));
    return this;
  }
  setProperties(props: unknown, deleteAllOthers?: unknown): this {
    this._write('setProperties');
    if (!isPlainObject(props)) throw serviceError('Invalid argument: properties');
    const changes = new Map<string, string>();
    for (const k of Object.keys(props)) changes.set(k, String(props[k]));
    this._store.apply(changes, deleteAllOthers === true);
    return this;
  }
  deleteProperty(key: unknown): this {
    this._write('deleteProperty');
    this._store.apply(new Map([[keyOf(key), null]]));
    return this;
  }
  deleteAllProperties(): this {
    this._write('deleteAllProperties');
    this._store.data = new Map();
    return this;
  }
}

export function createPropertiesService(x: Execution): GoogleAppsScript.Properties.PropertiesService {
  const world = x.world;
  const ro = x.mode === 'custom_function' || x.mode === 'limited';
  const svc = {
    getUserProperties() {
      // Custom functions see the SPREADSHEET OWNER's user store (read-only), whoever is at the keyboard.
      const owner = x.mode === 'custom_function' ? (x.spreadsheetData()?.owner ?? x.user) : x.user;
      return x.wrap('Properties', new PropertiesImpl(world.userStore(owner), ro));
    },
    getDocumentProperties() {
      const ss = x.spreadsheetData();
      if (!ss) return null;
      return x.wrap('Properties', new PropertiesImpl(world.documentStore(ss.id), ro));
    },
    getScriptProperties() {
      return x.wrap('Properties', new PropertiesImpl(world.scriptProperties, ro));
    },
  };
  return x.wrap('PropertiesService', svc) as unknown as GoogleAppsScript.Properties.PropertiesService;
}
