/** Session, Logger, console and MailApp fakes. */
import { createHash } from 'crypto';
import { format } from 'util';
import type { Execution } from './execution';
import { serviceError } from './util';

export class UserImpl {
  constructor(private _email: string) {}
  getEmail(): string {
    return this._email;
  }
  getUsername(): string {
    return this._email.split('@')[0] ?? '';
  }
  toString(): string {
    return this._email;
  }
}

export function createSession(x: Execution): GoogleAppsScript.Base.Session {
  const world = x.world;
  const activeEmail = (): string => {
    if (x.mode === 'custom_function') return '';
    if (x.mode === 'trigger') {
      const ss = x.spreadsheetData();
      return ss && ss.owner === x.user ? x.user : '';
    }
    return x.user;
  };
  const svc = {
    getActiveUser() {
      return x.wrap('User', new UserImpl(activeEmail()));
    },
    getEffectiveUser() {
      return x.wrap('User', new UserImpl(x.mode === 'custom_function' ? '' : x.user));
    },
    getScriptTimeZone() {
      return world.options.timeZone;
    },
    getActiveUserLocale() {
      return world.options.locale.split('_')[0];
    },
    getTemporaryActiveUserKey() {
      return createHash('sha256').update(`tauk:${x.user}`).digest('base64').slice(0, 43);
    },
  };
  return x.wrap('Session', svc) as unknown as GoogleAppsScript.Base.Session;
}

export function createLogger(x: Execution): GoogleAppsScript.Base.Logger {
  const lines: string[] = [];
  const svc = {
    log(data: unknown, ...values: unknown[]) {
      let msg: string;
      if (values.length && typeof data === 'string') {
        let i = 0;
        msg = data.replace(/%s|%d|%i|%f/g, () => String(values[i++]));
      } else if (typeof data === 'object' && data !== null) {
        try {
          msg = JSON.stringify(data);
        } catch {
          msg = String(data);
        }
      } else msg = String(data);
      lines.push(msg);
      x.world.logs.push({ level: 'Logger', message: msg, virtualTime: x.world.clock.now(), executionId: x.id });
      return proxy;
    },
    getLog() {
      return lines.join('\n');
    },
    clear() {
      lines.length = 0;
    },
  };
  const proxy = x.wrap('Logger', svc);
  return proxy;
}

export function createConsole(x: Execution): Console {
  const emit =
    (level: string) =>
    (...args: unknown[]) => {
      x.world.logs.push({ level, message: format(...args), virtualTime: x.world.clock.now(), executionId: x.id });
    };
  const timers = new Map<string, number>();
  const svc = {
    log: emit('log'),
    info: emit('info'),
    warn: emit('warn'),
    error: emit('error'),
    debug: emit('debug'),
    time(label = 'default') {
      timers.set(label, x.world.clock.now());
    },
    timeEnd(label = 'default') {
      const t = timers.get(label);
      if (t !== undefined) emit('log')(`${label}: ${x.world.clock.now() - t}ms`);
      timers.delete(label);
    },
  };
  return x.wrap('console', svc) as unknown as Console;
}

export function createMailApp(x: Execution): GoogleAppsScript.Mail.MailApp {
  const svc = {
    sendEmail(...args: unknown[]) {
      const [a, b, c] = args;
      const rec =
        typeof a === 'object' && a !== null
          ? {
              to: String((a as Record<string, unknown>).to),
              subject: String((a as Record<string, unknown>).subject),
              body: String((a as Record<string, unknown>).body ?? (a as Record<string, unknown>).htmlBody ?? ''),
            }
          : { to: String(a), subject: String(b), body: String(c) };
      if (!rec.to) throw serviceError('Invalid email: ');
      x.world.mails.push({ ...rec, from: x.user, virtualTime: x.world.clock.now() });
    },
    getRemainingDailyQuota() {
      return 100 - x.world.mails.length;
    },
  };
  return x.wrap('MailApp', svc);
}
