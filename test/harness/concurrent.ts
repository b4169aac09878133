/**
 * Concurrent executions of the built bundle, as Sheets runs the custom functions of one recalculation:
 * each execution has its own thread, vm context and time budget; they share the World (Cache,
 * Properties, Lock, spreadsheets, the virtual clock) and nothing else.
 *
 * Deterministic cooperative scheduling: the main thread lets exactly one execution run at a time.
 * Every service call is a yield point (round-robin among the executions that can run now, so a
 * get-then-put without a lock really can lose to another execution). Blocking calls (Utilities.sleep,
 * LockService waits, the latency of UrlFetchApp) park the execution; when none can run, the virtual
 * clock jumps to the next wake-up. An execution blocked past the end of its budget is stopped there,
 * as Apps Script stops it, and its locks are released. The 31st simultaneous execution of one user
 * is refused. See test/fakes/README.md.
 */
import { buildSync } from 'esbuild';
import * as path from 'path';
import { MessageChannel, Worker, receiveMessageOnPort, type MessagePort } from 'worker_threads';
import { type Execution, Suspension, serviceClassOf, type ExecutionOptions } from '../fakes/execution';
import { isDate, serviceError } from '../fakes/util';
import type { World } from '../fakes/world';
import { DEFAULT_BUNDLE_PATH, toHost } from './bundle';
import type { FromWorker, ReplyMessage, RunMessage, Wire } from './concurrentWorker';

/**
 * Apps Script quotas, "Current limitations": simultaneous executions, 30 per user
 * (https://developers.google.com/apps-script/guides/services/quotas). The wording of the refusal is the
 * one users report; Google does not document it (UNVERIFIED).
 */
export const MAX_SIMULTANEOUS_EXECUTIONS = 30;
export const TOO_MANY_EXECUTIONS =
  'There are too many scripts running simultaneously for this Google user account. Service invoked too many times in a short time: exec qps.';

export interface ConcurrentCall {
  /** Mode, user, spreadsheet and budget of the execution. Default: custom_function. */
  exec?: ExecutionOptions;
  fn: string;
  args?: unknown[];
  /** Virtual ms after the start of the batch at which this execution starts. Default 0. */
  at?: number;
}

export interface ConcurrentResult {
  executionId: string | null;
  ok: boolean;
  value?: unknown;
  /** The message the cell (or the caller) sees. */
  error?: string;
  startedAt: number;
  endedAt: number;
  /** Stopped by the platform at the end of its budget. */
  timedOut: boolean;
  /** Refused at start: too many simultaneous executions. */
  refused: boolean;
}

export interface ConcurrentOptions {
  bundlePath?: string;
  source?: string;
  /** Seeds each execution's Math.random (execution i gets seed + i). Default 1. */
  seed?: number;
  /** Real-time guard for one execution's turn or the bundle's own code. Default 120 000 ms. */
  realTimeoutMs?: number;
}

interface Slot {
  worker: Worker;
  port: MessagePort;
  signal: Int32Array;
  busy: boolean;
}

const pool: Slot[] = [];
let workerSource: string | null = null;

function source(): string {
  if (workerSource) return workerSource;
  const out = buildSync({
    entryPoints: [path.join(__dirname, 'concurrentWorker.ts')],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    write: false,
    logLevel: 'silent',
  });
  workerSource = out.outputFiles[0].text;
  return workerSource;
}

function slot(): Slot {
  const idle = pool.find((s) => !s.busy);
  if (idle) {
    idle.busy = true;
    return idle;
  }
  const sab = new SharedArrayBuffer(8);
  const { port1, port2 } = new MessageChannel();
  const worker = new Worker(source(), { eval: true, workerData: { port: port2, sab }, transferList: [port2] });
  worker.unref();
  const s: Slot = { worker, port: port1, signal: new Int32Array(sab), busy: true };
  worker.on('error', () => {
    const i = pool.indexOf(s);
    if (i >= 0) pool.splice(i, 1);
  });
  pool.push(s);
  return s;
}

/** Stops the harness's worker threads (they are unref'd, so this is optional). */
export async function shutdownConcurrentWorkers(): Promise<void> {
  const all = pool.splice(0);
  await Promise.all(all.map((s) => s.worker.terminate()));
}

function send(s: Slot, m: RunMessage | ReplyMessage): void {
  s.port.postMessage(m);
  Atomics.add(s.signal, 0, 1);
  Atomics.notify(s.signal, 0);
}

function receive(s: Slot, run: number, realTimeoutMs: number): FromWorker | null {
  const realNow = () => Number(process.hrtime.bigint() / BigInt(1_000_000));
  const deadline = realNow() + realTimeoutMs;
  for (;;) {
    let m = receiveMessageOnPort(s.port);
    if (!m) {
      const seen = Atomics.load(s.signal, 1);
      m = receiveMessageOnPort(s.port);
      if (!m) {
        const left = deadline - realNow();
        if (left <= 0) return null;
        Atomics.wait(s.signal, 1, seen, left);
        continue;
      }
    }
    const msg = m.message as FromWorker;
    if (msg.run === run) return msg;
  }
}

/** Service objects handed to one execution, by handle. */
class Handles {
  private byId = new Map<number, object>();
  private ids = new Map<object, number>();
  private seq = 0;

  constructor(private exec: Execution) {}

  get(id: number): object {
    const o = this.byId.get(id);
    if (!o) throw new Error(`harness: unknown handle ${id}`);
    return o;
  }

  /** Host value → wire (service objects become handles that the worker turns into stubs). */
  encode(v: unknown, depth = 0): Wire {
    if (v === null || v === undefined || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean')
      return v;
    if (typeof v === 'function' || typeof v === 'bigint' || typeof v === 'symbol') return String(v);
    if (isDate(v)) return new Date(v.getTime());
    if (Array.isArray(v)) return v.map((x) => this.encode(x, depth + 1));
    if (depth > 50) return '[nested too deep]';
    const obj = v;
    const proto = Object.getPrototypeOf(obj);
    if (serviceClassOf(obj) === undefined && (proto === Object.prototype || proto === null)) {
      const o: Record<string, Wire> = {};
      for (const k of Object.keys(obj)) o[k] = this.encode((obj as Record<string, unknown>)[k], depth + 1);
      return { $o: o };
    }
    const known = this.ids.get(obj);
    if (known !== undefined) return { $h: known };
    const id = ++this.seq;
    this.byId.set(id, obj);
    this.ids.set(obj, id);
    // Methods and constants of the implementation (the proxy hides `_` members).
    const raw = this.exec.unwrap(obj) as Record<string, unknown>;
    const methods = new Set<string>();
    const props: Record<string, Wire> = {};
    for (let p: object | null = raw; p && p !== Object.prototype; p = Object.getPrototypeOf(p)) {
      for (const k of Object.getOwnPropertyNames(p)) {
        if (k.startsWith('_') || k === 'constructor' || methods.has(k) || k in props) continue;
        const d = Object.getOwnPropertyDescriptor(p, k);
        if (!d || d.get) continue;
        if (typeof d.value === 'function') methods.add(k);
        else if (p === raw) props[k] = this.encode(d.value, depth + 1);
      }
    }
    return { $h: id, cls: serviceClassOf(obj), methods: [...methods], props };
  }

  decode(w: Wire): unknown {
    if (w === null || w === undefined || typeof w !== 'object') return w;
    // Structured clone makes Dates of Node's own realm (not jest's): test the tag, not instanceof.
    if (isDate(w)) return new Date(w.getTime());
    if (Array.isArray(w)) return w.map((x) => this.decode(x));
    if ('$o' in w) {
      const o: Record<string, unknown> = {};
      for (const k of Object.keys(w.$o)) o[k] = this.decode(w.$o[k]);
      return o;
    }
    return this.get(w.$h);
  }
}

interface Rec {
  index: number;
  call: ConcurrentCall;
  exec: Execution;
  handles: Handles;
  slot: Slot;
  run: number;
  started: boolean;
  /** What to deliver when the execution next gets its turn. */
  reply: ReplyMessage | null;
  killAt: number;
}

interface Parked {
  rec: Rec;
  s: Suspension;
  seq: number;
}

let runSeq = 0;

function errorOf(e: unknown): { name: string; message: string } {
  const err = (e ?? {}) as { name?: unknown; message?: unknown };
  return {
    name: typeof err.name === 'string' ? err.name : 'Error',
    message: typeof err.message === 'string' ? err.message : typeof e === 'string' ? e : 'Unknown error',
  };
}

/**
 * Runs the calls as concurrent executions of the bundle and returns one result each, in order.
 * Synchronous: the main thread schedules, the executions' threads wait for their turns.
 */
export function runConcurrently(
  world: World,
  calls: ConcurrentCall[],
  opts: ConcurrentOptions = {},
): ConcurrentResult[] {
  const t0 = world.clock.now();
  const realTimeoutMs = opts.realTimeoutMs ?? 120_000;
  const seed = opts.seed ?? 1;
  const bundlePath = opts.source === undefined ? path.resolve(opts.bundlePath ?? DEFAULT_BUNDLE_PATH) : undefined;
  const results: ConcurrentResult[] = new Array(calls.length);
  const starts = calls.map((call, index) => ({ call, index, at: t0 + Math.max(0, call.at ?? 0) }));
  starts.sort((a, b) => a.at - b.at || a.index - b.index);
  const ready: Rec[] = [];
  let parked: Parked[] = [];
  let parkSeq = 0;
  const running = new Map<string, number>();
  let live = 0;

  const finish = (rec: Rec, r: Omit<ConcurrentResult, 'executionId' | 'startedAt' | 'endedAt' | 'refused'>) => {
    results[rec.index] = {
      executionId: rec.exec.id,
      startedAt: rec.exec.startTime,
      endedAt: world.clock.now(),
      refused: false,
      ...r,
    };
    rec.exec.end();
    running.set(rec.exec.user, (running.get(rec.exec.user) ?? 1) - 1);
    live--;
  };

  const start = (call: ConcurrentCall, index: number) => {
    const execOpts: ExecutionOptions = { mode: 'custom_function', ...(call.exec ?? {}) };
    const exec = world.execution(execOpts);
    if ((running.get(exec.user) ?? 0) >= MAX_SIMULTANEOUS_EXECUTIONS) {
      exec.end();
      const now = world.clock.now();
      results[index] = {
        executionId: null,
        ok: false,
        error: serviceError(TOO_MANY_EXECUTIONS).message,
        startedAt: now,
        endedAt: now,
        timedOut: false,
        refused: true,
      };
      return;
    }
    exec.concurrent = true;
    running.set(exec.user, (running.get(exec.user) ?? 0) + 1);
    live++;
    const handles = new Handles(exec);
    const rec: Rec = {
      index,
      call,
      exec,
      handles,
      slot: slot(),
      run: ++runSeq,
      started: false,
      reply: null,
      killAt: exec.startTime + exec.budgetMs,
    };
    ready.push(rec);
  };

  /** Lets `rec` run until its next service call (or its end). */
  const step = (rec: Rec) => {
    if (!rec.started) {
      rec.started = true;
      const globals: Record<string, Wire> = {};
      for (const [k, v] of Object.entries(rec.exec.globals)) globals[k] = rec.handles.encode(v);
      send(rec.slot, {
        t: 'run',
        run: rec.run,
        execId: rec.exec.id,
        bundlePath,
        source: opts.source,
        fnName: rec.call.fn,
        args: (rec.call.args ?? []).map((a) => rec.handles.encode(a)),
        globals,
        now: world.clock.now(),
        timeZone: world.options.timeZone,
        seed: seed + rec.index,
        realTimeoutMs,
      });
    } else {
      send(rec.slot, { ...rec.reply!, now: world.clock.now() });
      rec.reply = null;
    }
    const m = receive(rec.slot, rec.run, realTimeoutMs);
    if (!m) {
      // A real-time hang: the thread is abandoned, the execution fails.
      const i = pool.indexOf(rec.slot);
      if (i >= 0) pool.splice(i, 1);
      void rec.slot.worker.terminate();
      finish(rec, { ok: false, error: 'harness: the execution did not answer in real time', timedOut: false });
      return;
    }
    if (m.t === 'done') {
      rec.slot.busy = false;
      if (m.ok && rec.exec.overBudget())
        finish(rec, { ok: false, error: 'Exceeded maximum execution time', timedOut: true });
      else if (m.ok) finish(rec, { ok: true, value: toHost(rec.handles.decode(m.value)), timedOut: false });
      else
        finish(rec, {
          ok: false,
          error: m.error?.message,
          timedOut: /Exceeded maximum execution time/.test(m.error?.message ?? ''),
        });
      return;
    }
    try {
      const target = rec.handles.get(m.h) as Record<string, unknown>;
      const fn = target[m.m];
      if (typeof fn !== 'function') throw new TypeError(`${m.m} is not a function`);
      const value = (fn as (...a: unknown[]) => unknown).apply(
        target,
        m.args.map((a) => rec.handles.decode(a)),
      );
      rec.reply = { t: 'reply', run: rec.run, now: 0, ok: true, value: rec.handles.encode(value) };
      ready.push(rec);
    } catch (e) {
      if (e instanceof Suspension) {
        parked.push({ rec, s: e, seq: ++parkSeq });
        return;
      }
      rec.reply = { t: 'reply', run: rec.run, now: 0, ok: false, error: errorOf(e) };
      ready.push(rec);
    }
  };

  const wake = (p: Parked, granted: boolean) => {
    parked = parked.filter((q) => q !== p);
    try {
      const value = p.s.resume(granted);
      p.rec.reply = { t: 'reply', run: p.rec.run, now: 0, ok: true, value: p.rec.handles.encode(value) };
    } catch (e) {
      p.rec.reply = { t: 'reply', run: p.rec.run, now: 0, ok: false, error: errorOf(e) };
    }
    ready.push(p.rec);
  };

  const kill = (p: Parked) => {
    parked = parked.filter((q) => q !== p);
    // Apps Script stops the script: nothing it would still do happens; the thread is told so.
    send(p.rec.slot, {
      t: 'reply',
      run: p.rec.run,
      now: world.clock.now(),
      ok: false,
      killed: true,
      error: { name: 'Exception', message: 'Exceeded maximum execution time' },
    });
    p.rec.slot.busy = true;
    const s = p.rec.slot;
    const run = p.rec.run;
    // The thread finishes on its own (every call now fails at once); it is reused once it reports done.
    setImmediateDone(s, run, realTimeoutMs);
    finish(p.rec, { ok: false, error: 'Exceeded maximum execution time', timedOut: true });
  };

  /** Grants free locks to their first waiters (lowest seq first). */
  const grantLocks = (): boolean => {
    let any = false;
    const now = world.clock.now();
    for (const p of [...parked].sort((a, b) => a.seq - b.seq)) {
      if (p.s.wait.kind !== 'lock') continue;
      const key = p.s.wait.key;
      const cur = world.locks.get(key);
      if (cur && cur.releaseAt !== undefined && cur.releaseAt <= now) world.locks.delete(key);
      if (!world.locks.has(key)) {
        world.locks.set(key, { owner: p.rec.exec.id });
        wake(p, true);
        any = true;
      }
    }
    return any;
  };

  let si = 0;
  while (si < starts.length || live > 0) {
    const now = world.clock.now();
    while (si < starts.length && starts[si].at <= now) {
      start(starts[si].call, starts[si].index);
      si++;
    }
    grantLocks();
    const rec = ready.shift();
    if (rec) {
      step(rec);
      continue;
    }
    // Nobody can run: move the clock to the next thing that happens.
    let next = Infinity;
    if (si < starts.length) next = Math.min(next, starts[si].at);
    for (const p of parked) {
      const w = p.s.wait;
      next = Math.min(next, p.rec.killAt + 1, w.kind === 'time' ? w.until : w.deadline);
      if (w.kind === 'lock') {
        const held = world.locks.get(w.key);
        if (held?.releaseAt !== undefined) next = Math.min(next, held.releaseAt);
      }
    }
    if (next === Infinity) throw new Error('harness: deadlock — every execution waits and nothing will wake one');
    world.clock.set(Math.max(now, next));
    const t = world.clock.now();
    // A lock freed at this instant goes to its waiter before anyone's deadline is judged.
    grantLocks();
    for (const p of [...parked].sort((a, b) => a.seq - b.seq)) {
      const w = p.s.wait;
      const due = w.kind === 'time' ? w.until : w.deadline;
      if (due <= t && due <= p.rec.killAt) wake(p, false);
      else if (t > p.rec.killAt) kill(p);
    }
  }
  return results;
}

/** Drains the "done" of a stopped execution's thread so the thread can serve the next one. */
function setImmediateDone(s: Slot, run: number, realTimeoutMs: number): void {
  const m = receive(s, run, realTimeoutMs);
  if (m && m.t === 'done') s.busy = false;
  else {
    const i = pool.indexOf(s);
    if (i >= 0) pool.splice(i, 1);
    void s.worker.terminate();
  }
}
