/** LockService fake. Locks live in the World; waiting advances the virtual clock. */
import type { Execution } from './execution';
import { Suspension } from './suspension';
import { serviceError } from './util';

export type LockKind = 'document' | 'script' | 'user';

export interface LockHolder {
  /** Execution id, or `external:<n>` for a lock held by a test via world.holdLock. */
  owner: string;
  /** Virtual time at which an external holder lets go (undefined = until released). */
  releaseAt?: number;
}

export function lockKey(kind: LockKind, scope?: string): string {
  return kind === 'script' ? 'script' : `${kind}:${scope ?? ''}`;
}

const MAX_WAIT_MS = 300_000;

export class LockImpl {
  constructor(
    private _x: Execution,
    private _key: string,
  ) {}

  /**
   * Takes the lock, waiting up to `timeoutMs`; `then` receives whether it was taken. Alone, waiting
   * moves the clock (to an external holder's release time, or by the whole timeout); under the
   * concurrent scheduler the execution is suspended until the holder lets go or the deadline passes
   * (LockService: "attempts to acquire the lock, timing out ... after the provided number of milliseconds").
   */
  private _acquire<T>(timeoutMs: unknown, then: (ok: boolean) => T): T {
    const x = this._x;
    const locks = x.world.locks;
    let ms = Number(timeoutMs);
    if (!Number.isFinite(ms) || ms < 0) throw serviceError('Invalid argument: timeoutInMillis');
    ms = Math.min(ms, MAX_WAIT_MS);
    const held = locks.get(this._key);
    const now = x.world.clock.now();
    if (held && held.releaseAt !== undefined && held.releaseAt <= now) locks.delete(this._key);
    const cur = locks.get(this._key);
    if (!cur || cur.owner === x.id) {
      locks.set(this._key, { owner: x.id });
      return then(true);
    }
    if (x.concurrent) throw new Suspension({ kind: 'lock', key: this._key, deadline: now + ms }, then);
    if (cur.releaseAt !== undefined && cur.releaseAt <= now + ms) {
      x.world.clock.advance(cur.releaseAt - now);
      locks.set(this._key, { owner: x.id });
      return then(true);
    }
    x.world.clock.advance(ms);
    return then(false);
  }
  tryLock(timeoutMs: unknown): boolean {
    return this._acquire(timeoutMs, (ok) => ok);
  }
  waitLock(timeoutMs: unknown): void {
    return this._acquire(timeoutMs, (ok) => {
      if (!ok) throw serviceError('Lock timeout: another process was holding the lock for too long.');
    });
  }
  releaseLock(): void {
    const cur = this._x.world.locks.get(this._key);
    if (cur && cur.owner === this._x.id) this._x.world.locks.delete(this._key);
  }
  hasLock(): boolean {
    const cur = this._x.world.locks.get(this._key);
    return !!cur && cur.owner === this._x.id;
  }
}

export function createLockService(x: Execution): GoogleAppsScript.Lock.LockService {
  const svc = {
    getDocumentLock() {
      const ss = x.spreadsheetData();
      return ss ? x.wrap('Lock', new LockImpl(x, lockKey('document', ss.id))) : null;
    },
    getScriptLock() {
      return x.wrap('Lock', new LockImpl(x, lockKey('script')));
    },
    getUserLock() {
      return x.wrap('Lock', new LockImpl(x, lockKey('user', x.user)));
    },
  };
  return x.wrap('LockService', svc) as unknown as GoogleAppsScript.Lock.LockService;
}
