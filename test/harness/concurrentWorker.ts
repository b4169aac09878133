/**
 * One worker thread of the concurrent harness (test/harness/concurrent.ts): runs one execution at a
 * time in a fresh `vm` context whose Apps Script globals are stubs. Every service call is a blocking
 * RPC to the main thread, where the World and the fakes live; the main thread answers only when it is
 * this execution's turn, so the worker never runs alongside another one. Bundled with esbuild at run time.
 */
import * as fs from 'fs';
import * as vm from 'vm';
import { receiveMessageOnPort, workerData, type MessagePort } from 'worker_threads';
import { VirtualClock, createVirtualDate } from '../fakes/clock';

/** Wire form of a value: arrays as arrays, Dates as Dates, plain objects as {$o}, service objects as {$h}. */
export type Wire =
  | null
  | undefined
  | string
  | number
  | boolean
  | Date
  | Wire[]
  | { $o: Record<string, Wire> }
  | { $h: number; cls?: string; methods?: string[]; props?: Record<string, Wire> };

export interface RunMessage {
  t: 'run';
  run: number;
  execId: string;
  bundlePath?: string;
  source?: string;
  fnName: string;
  args: Wire[];
  globals: Record<string, Wire>;
  now: number;
  timeZone: string;
  seed: number;
  realTimeoutMs: number;
}
export interface ReplyMessage {
  t: 'reply';
  run: number;
  now: number;
  ok: boolean;
  value?: Wire;
  error?: { name: string; message: string };
  /** The execution was stopped (its time ran out): every further service call fails at once. */
  killed?: boolean;
}
export type ToWorker = RunMessage | ReplyMessage;
export type FromWorker =
  | { t: 'call'; run: number; h: number; m: string; args: Wire[] }
  | { t: 'done'; run: number; ok: boolean; value?: Wire; error?: { name: string; message: string } };

const { port, sab } = workerData as { port: MessagePort; sab: SharedArrayBuffer };
/** [0]: main → worker messages posted, [1]: worker → main messages posted. */
const signal = new Int32Array(sab);

function post(m: FromWorker): void {
  port.postMessage(m);
  Atomics.add(signal, 1, 1);
  Atomics.notify(signal, 1);
}

function receive(): ToWorker {
  for (;;) {
    let m = receiveMessageOnPort(port);
    if (m) return m.message as ToWorker;
    const seen = Atomics.load(signal, 0);
    m = receiveMessageOnPort(port);
    if (m) return m.message as ToWorker;
    Atomics.wait(signal, 0, seen);
  }
}

const scripts = new Map<string, vm.Script>();
function script(msg: RunMessage): vm.Script {
  const key = msg.source !== undefined ? `inline:${msg.source}` : `${msg.bundlePath}`;
  let s = scripts.get(key);
  if (!s) {
    const code = msg.source ?? fs.readFileSync(msg.bundlePath!, 'utf8');
    s = new vm.Script(code, { filename: msg.bundlePath ?? 'inline-bundle.js' });
    scripts.set(key, s);
  }
  return s;
}

/** Deterministic Math.random per execution (the suite must never depend on luck). */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Realm {
  Array: ArrayConstructor;
  Object: ObjectConstructor;
  Error: ErrorConstructor;
  Date: DateConstructor;
}

function runOne(msg: RunMessage): void {
  const clock = new VirtualClock(msg.now);
  let killed = false;
  const stubs = new Map<number, object>();
  const stubIds = new WeakMap<object, number>();
  const VDate = createVirtualDate(clock, msg.timeZone);
  let realm: Realm | null = null;

  const toRealm = (v: Wire): unknown => {
    if (v === null || v === undefined || typeof v !== 'object') return v;
    if (v instanceof Date) return Reflect.construct(Date, [v.getTime()], realm ? realm.Date : VDate);
    if (Array.isArray(v)) {
      const out = realm ? new realm.Array(v.length) : new Array(v.length);
      for (let i = 0; i < v.length; i++) out[i] = toRealm(v[i]);
      return out;
    }
    if ('$o' in v) {
      const out = (realm ? new realm.Object() : {}) as Record<string, unknown>;
      for (const k of Object.keys(v.$o)) out[k] = toRealm(v.$o[k]);
      return out;
    }
    return stub(v);
  };

  const fromRealm = (v: unknown, depth = 0): Wire => {
    if (v === null || v === undefined || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean')
      return v;
    if (typeof v === 'bigint' || typeof v === 'symbol' || typeof v === 'function') return String(v);
    if (depth > 50) return '[nested too deep]';
    const id = stubIds.get(v);
    if (id !== undefined) return { $h: id };
    const tag = Object.prototype.toString.call(v);
    if (tag === '[object Date]') return new Date((v as Date).getTime());
    if (Array.isArray(v)) return v.map((x) => fromRealm(x, depth + 1));
    if (tag === '[object Error]') return String((v as Error).message);
    const o: Record<string, Wire> = {};
    for (const k of Object.keys(v)) o[k] = fromRealm((v as Record<string, unknown>)[k], depth + 1);
    return { $o: o };
  };

  const realmError = (e: { name: string; message: string }): Error => {
    const E = realm ? realm.Error : Error;
    const err = new E(e.message);
    err.name = e.name;
    return err;
  };

  const call = (h: number, m: string, args: unknown[]): unknown => {
    if (killed) throw realmError({ name: 'Exception', message: 'Exceeded maximum execution time' });
    post({ t: 'call', run: msg.run, h, m, args: args.map((a) => fromRealm(a)) });
    for (;;) {
      const r = receive();
      if (r.t !== 'reply' || r.run !== msg.run) continue;
      clock.set(r.now);
      if (r.killed) killed = true;
      if (!r.ok) throw realmError(r.error ?? { name: 'Exception', message: 'Unknown error' });
      return toRealm(r.value);
    }
  };

  function stub(w: { $h: number; cls?: string; methods?: string[]; props?: Record<string, Wire> }): object {
    const known = stubs.get(w.$h);
    if (known) return known;
    const target: Record<string, unknown> = {};
    for (const m of w.methods ?? []) target[m] = (...args: unknown[]) => call(w.$h, m, args);
    for (const [k, v] of Object.entries(w.props ?? {})) target[k] = toRealm(v);
    const cls = w.cls ?? 'Object';
    if (!Object.prototype.hasOwnProperty.call(w.props ?? {}, 'toString') && !(w.methods ?? []).includes('toString'))
      Object.defineProperty(target, 'toString', { value: () => cls, enumerable: false });
    stubs.set(w.$h, target);
    stubIds.set(target, w.$h);
    return target;
  }

  let outcome: FromWorker;
  try {
    const sandbox: Record<string, unknown> = { Date: VDate };
    const context = vm.createContext(sandbox, {
      name: `apps-script:${msg.execId}`,
      codeGeneration: { strings: true, wasm: false },
    });
    realm = vm.runInContext('({ Error: Error, Array: Array, Object: Object, Date: Date })', context) as Realm;
    for (const [name, w] of Object.entries(msg.globals)) sandbox[name] = toRealm(w);
    const random = mulberry32(msg.seed);
    vm.runInContext('Math', context).random = random;
    script(msg).runInContext(context, { timeout: msg.realTimeoutMs });
    const ctx = context as Record<string, unknown>;
    if (typeof ctx[msg.fnName] !== 'function') throw new Error(`Script function not found: ${msg.fnName}`);
    ctx.__concurrentFn__ = ctx[msg.fnName];
    ctx.__concurrentArgs__ = toRealm(msg.args);
    const result = vm.runInContext(
      '(function (f, a) { delete globalThis.__concurrentFn__; delete globalThis.__concurrentArgs__; return f.apply(undefined, a); })(globalThis.__concurrentFn__, globalThis.__concurrentArgs__)',
      context,
      { timeout: msg.realTimeoutMs },
    );
    outcome = { t: 'done', run: msg.run, ok: true, value: fromRealm(result) };
  } catch (e) {
    const err = e as { name?: string; message?: string };
    outcome = {
      t: 'done',
      run: msg.run,
      ok: false,
      error: { name: String(err?.name ?? 'Error'), message: String(err?.message ?? e) },
    };
  }
  post(outcome);
}

for (;;) {
  const m = receive();
  if (m.t === 'run') runOne(m);
}
