/** ScriptApp fake: auth info and installable triggers with the add-on rules. */
import type { Execution } from './execution';
import { isDate, serviceError } from './util';
import { MANIFEST_SCOPES, covers } from './scopes';

export const AuthMode = { NONE: 'NONE', CUSTOM_FUNCTION: 'CUSTOM_FUNCTION', LIMITED: 'LIMITED', FULL: 'FULL' } as const;
export const AuthorizationStatus = { REQUIRED: 'REQUIRED', NOT_REQUIRED: 'NOT_REQUIRED' } as const;
export const EventType = {
  CLOCK: 'CLOCK',
  ON_OPEN: 'ON_OPEN',
  ON_EDIT: 'ON_EDIT',
  ON_FORM_SUBMIT: 'ON_FORM_SUBMIT',
  ON_CHANGE: 'ON_CHANGE',
  ON_EVENT_UPDATED: 'ON_EVENT_UPDATED',
} as const;
export const TriggerSource = {
  SPREADSHEETS: 'SPREADSHEETS',
  CLOCK: 'CLOCK',
  FORMS: 'FORMS',
  DOCUMENTS: 'DOCUMENTS',
  CALENDAR: 'CALENDAR',
} as const;
export const WeekDay = {
  MONDAY: 'MONDAY',
  TUESDAY: 'TUESDAY',
  WEDNESDAY: 'WEDNESDAY',
  THURSDAY: 'THURSDAY',
  FRIDAY: 'FRIDAY',
  SATURDAY: 'SATURDAY',
  SUNDAY: 'SUNDAY',
} as const;

export const MAX_TRIGGERS_PER_USER = 20;
const ALLOWED_EVERY_HOURS = [1, 2, 4, 6, 8, 12];

export interface TriggerRecord {
  id: string;
  handler: string;
  user: string;
  /** Document the add-on trigger belongs to (the execution's spreadsheet). */
  spreadsheetId: string | null;
  eventType: string;
  source: string;
  sourceId: string | null;
  schedule: Record<string, unknown>;
  createdAt: number;
}

export class TriggerImpl {
  constructor(public _rec: TriggerRecord) {}
  getHandlerFunction(): string {
    return this._rec.handler;
  }
  getUniqueId(): string {
    return this._rec.id;
  }
  getEventType(): string {
    return this._rec.eventType;
  }
  getTriggerSource(): string {
    return this._rec.source;
  }
  getTriggerSourceId(): string | null {
    return this._rec.sourceId;
  }
}

function tooManyTimeBased(): Error {
  return serviceError(
    'This add-on has created too many time-based triggers in this document for this Google user account.',
  );
}

class ClockTriggerBuilderImpl {
  private _schedule: Record<string, unknown> = {};
  constructor(
    private _x: Execution,
    private _handler: string,
  ) {}
  everyMinutes(n: unknown): this {
    void n;
    throw serviceError('Add-ons may not create time-based triggers that run more often than once per hour.');
  }
  everyHours(n: unknown): this {
    const v = Number(n);
    if (!Number.isInteger(v) || v < 1)
      throw serviceError('Add-ons may not create time-based triggers that run more often than once per hour.');
    if (!ALLOWED_EVERY_HOURS.includes(v))
      throw serviceError('The value you passed to everyHours must be 1, 2, 4, 6, 8 or 12.');
    this._schedule.everyHours = v;
    return this;
  }
  everyDays(n: unknown): this {
    const v = Number(n);
    if (!Number.isInteger(v) || v < 1) throw serviceError('Invalid argument: everyDays');
    this._schedule.everyDays = v;
    return this;
  }
  everyWeeks(n: unknown): this {
    this._schedule.everyWeeks = Number(n);
    return this;
  }
  onWeekDay(d: unknown): this {
    if (!Object.prototype.hasOwnProperty.call(WeekDay, String(d))) throw serviceError('Invalid argument: day');
    this._schedule.onWeekDay = String(d);
    return this;
  }
  onMonthDay(d: unknown): this {
    this._schedule.onMonthDay = Number(d);
    return this;
  }
  atHour(h: unknown): this {
    const v = Number(h);
    if (!Number.isInteger(v) || v < 0 || v > 23) throw serviceError('Invalid argument: hour');
    this._schedule.atHour = v;
    return this;
  }
  nearMinute(m: unknown): this {
    const v = Number(m);
    if (!Number.isInteger(v) || v < 0 || v > 59) throw serviceError('Invalid argument: minute');
    this._schedule.nearMinute = v;
    return this;
  }
  inTimezone(tz: unknown): this {
    this._schedule.timeZone = String(tz);
    return this;
  }
  at(date: unknown): this {
    this._schedule.at = isDate(date) ? date.getTime() : Number(date);
    return this;
  }
  after(ms: unknown): this {
    const v = Number(ms);
    if (v < 3_600_000)
      throw serviceError('Add-ons may not create time-based triggers that run more often than once per hour.');
    this._schedule.after = v;
    return this;
  }
  create(): unknown {
    const s = this._schedule;
    if (
      !('everyHours' in s) &&
      !('everyDays' in s) &&
      !('everyWeeks' in s) &&
      !('at' in s) &&
      !('after' in s) &&
      !('onMonthDay' in s)
    ) {
      throw serviceError(
        'A time-based trigger needs a recurrence (everyHours, everyDays, everyWeeks, onMonthDay, at or after).',
      );
    }
    return createTrigger(this._x, this._handler, EventType.CLOCK, TriggerSource.CLOCK, null, { ...s });
  }
}

class SpreadsheetTriggerBuilderImpl {
  private _event: string | null = null;
  constructor(
    private _x: Execution,
    private _handler: string,
    private _ssId: string,
  ) {}
  onOpen(): this {
    this._event = EventType.ON_OPEN;
    return this;
  }
  onEdit(): this {
    this._event = EventType.ON_EDIT;
    return this;
  }
  onChange(): this {
    this._event = EventType.ON_CHANGE;
    return this;
  }
  onFormSubmit(): this {
    this._event = EventType.ON_FORM_SUBMIT;
    return this;
  }
  create(): unknown {
    if (!this._event) throw serviceError('The trigger needs an event type.');
    return createTrigger(this._x, this._handler, this._event, TriggerSource.SPREADSHEETS, this._ssId, {});
  }
}

class TriggerBuilderImpl {
  constructor(
    private _x: Execution,
    private _handler: string,
  ) {}
  timeBased(): unknown {
    return this._x.wrap('ClockTriggerBuilder', new ClockTriggerBuilderImpl(this._x, this._handler));
  }
  forSpreadsheet(ss: unknown): unknown {
    let id: string;
    if (typeof ss === 'string') id = ss;
    else id = String((ss as { getId(): string }).getId());
    return this._x.wrap('SpreadsheetTriggerBuilder', new SpreadsheetTriggerBuilderImpl(this._x, this._handler, id));
  }
}

function createTrigger(
  x: Execution,
  handler: string,
  eventType: string,
  source: string,
  sourceId: string | null,
  schedule: Record<string, unknown>,
): unknown {
  const w = x.world;
  const docId = x.spreadsheetData()?.id ?? null;
  const mine = w.triggers.filter((t) => t.user === x.user);
  if (mine.length >= MAX_TRIGGERS_PER_USER)
    throw serviceError(
      'This script has too many triggers. Triggers must be deleted from the script before more can be added.',
    );
  // Add-on rule: one trigger of each event type per user per document.
  const sameKind = mine.filter((t) => t.spreadsheetId === docId && t.eventType === eventType);
  if (sameKind.length >= 1) {
    if (eventType === EventType.CLOCK) throw tooManyTimeBased();
    throw serviceError(
      `This add-on has created too many ${eventType} triggers in this document for this Google user account.`,
    );
  }
  const rec: TriggerRecord = {
    id: String(w.nextTriggerId()),
    handler,
    user: x.user,
    spreadsheetId: docId,
    eventType,
    source,
    sourceId,
    schedule,
    createdAt: w.clock.now(),
  };
  w.triggers.push(rec);
  return x.wrap('Trigger', new TriggerImpl(rec));
}

export function createScriptApp(x: Execution): GoogleAppsScript.Script.ScriptApp {
  const w = x.world;
  const svc = {
    AuthMode,
    AuthorizationStatus,
    EventType,
    TriggerSource,
    WeekDay,
    /**
     * AuthorizationInfo for the manifest's scopes or those asked for
     * (https://developers.google.com/apps-script/reference/script/script-app#getauthorizationinfoauthmode,-oauthscopes):
     * REQUIRED while any of them is not granted (or the add-on needs re-consent), getAuthorizedScopes()
     * "returns the authorized scopes from the specified list".
     */
    getAuthorizationInfo(mode?: unknown, scopes?: unknown) {
      void mode;
      const asked = Array.isArray(scopes) ? scopes.map(String) : [...MANIFEST_SCOPES];
      const granted = w.grantedScopes(x.user);
      const authorized = asked.filter((s) => covers(granted, s));
      const required = w.authorizationRequired || authorized.length < asked.length;
      return x.wrap('AuthorizationInfo', {
        getAuthorizationStatus: () => (required ? AuthorizationStatus.REQUIRED : AuthorizationStatus.NOT_REQUIRED),
        getAuthorizationUrl: () => (required ? 'https://script.google.com/macros/d/FAKE_SCRIPT_ID/authorize' : null),
        getAuthorizedScopes: () => authorized,
      });
    },
    /**
     * "If any of the specified consents are not given, this method ends the current execution and renders an
     * authorization prompt to request the missing scopes" (script-app#requirescopesauthmode,-oauthscopes).
     * No prompt can show where nobody is at the keyboard (a trigger): the execution just fails.
     */
    requireScopes(mode: unknown, scopes: unknown) {
      void mode;
      if (!Array.isArray(scopes)) throw serviceError('Invalid argument: oAuthScopes');
      const granted = w.grantedScopes(x.user);
      const missing = scopes.map(String).filter((s) => !covers(granted, s));
      if (missing.length === 0) return;
      if (x.mode === 'full') w.authPrompts.push({ user: x.user, scopes: missing, virtualTime: w.clock.now() });
      throw serviceError('Authorization is required to perform that action.');
    },
    requireAllScopes(mode: unknown) {
      return svc.requireScopes(mode, [...MANIFEST_SCOPES]);
    },
    newTrigger(functionName: unknown) {
      if (typeof functionName !== 'string' || !functionName) throw serviceError('Invalid argument: functionName');
      return x.wrap('TriggerBuilder', new TriggerBuilderImpl(x, functionName));
    },
    getProjectTriggers() {
      const docId = x.spreadsheetData()?.id ?? null;
      return w.triggers
        .filter((t) => t.user === x.user && t.spreadsheetId === docId)
        .map((t) => x.wrap('Trigger', new TriggerImpl(t)));
    },
    getUserTriggers(container: unknown) {
      const id = String((container as { getId(): string }).getId());
      return w.triggers
        .filter((t) => t.user === x.user && (t.spreadsheetId === id || t.sourceId === id))
        .map((t) => x.wrap('Trigger', new TriggerImpl(t)));
    },
    deleteTrigger(trigger: unknown) {
      const rec = (x.unwrap(trigger) as TriggerImpl)?._rec;
      if (!rec) throw serviceError('Invalid argument: trigger');
      const i = w.triggers.findIndex((t) => t.id === rec.id && t.user === x.user);
      if (i >= 0) w.triggers.splice(i, 1);
    },
    getScriptId() {
      return 'FAKE_SCRIPT_ID';
    },
    getOAuthToken() {
      return 'fake-oauth-token';
    },
    invalidateAuth() {
      // nothing to do in the fake
    },
  };
  return x.wrap('ScriptApp', svc) as unknown as GoogleAppsScript.Script.ScriptApp;
}
