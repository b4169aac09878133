/**
 * Runs the built bundle (dist/Code.js) inside a bare `vm` context that holds only the Apps Script
 * fakes of one execution plus a virtual-clock `Date`. Everything Apps Script lacks (require,
 * process, setTimeout, URL, TextEncoder, fetch, atob, Buffer, ...) is absent, so code that would fail
 * in Apps Script fails here.
 */
import * as fs from 'fs';
import * as path from 'path';
import * as vm from 'vm';
import { createVirtualDate } from '../fakes/clock';
import { Execution, type ExecutionMode, type ExecutionOptions, type Realm } from '../fakes/execution';
import type { World } from '../fakes/world';

export const DEFAULT_BUNDLE_PATH = 'dist/Code.js';

export interface LoadBundleOptions {
  /** Path of the bundle, relative to the current directory (the repo root under jest). */
  bundlePath?: string;
  /** Inline source instead of a file (tests). */
  source?: string;
  /** Real-time guard (ms) against a script that loops without calling any service. Default 120000. */
  realTimeoutMs?: number;
}

export interface LoadedBundle {
  context: vm.Context;
  execution: Execution;
  globals: Execution['globals'];
  /** Top-level `function` declarations of the bundle. */
  functions: string[];
  /** Calls a top-level function (as a menu item, trigger or editor run would). */
  call(name: string, ...args: unknown[]): unknown;
  /**
   * Calls a function as `google.script.run` would: refuses private names (ending in `_`),
   * arguments and results must be primitives, plain objects, arrays or null (a Date fails).
   */
  callFromClient(name: string, ...args: unknown[]): unknown;
  /** Event object for this mode (authMode, source, ...). */
  event(extra?: Record<string, unknown>): Record<string, unknown>;
  /** Ends the execution (releases its locks). */
  end(): void;
}

const CALL_SLOT = '__harnessCallFn__';
const ARGS_SLOT = '__harnessCallArgs__';
const CALL_SOURCE = `(function (f, a) { delete globalThis.${CALL_SLOT}; delete globalThis.${ARGS_SLOT}; return f.apply(undefined, a); })(globalThis.${CALL_SLOT}, globalThis.${ARGS_SLOT})`;

interface Compiled {
  key: string;
  script: vm.Script;
  functions: string[];
}
const compiled = new Map<string, Compiled>();

/** Names of top-level `function NAME(` declarations (at column 0) in a script. */
export function listTopLevelFunctions(source: string): string[] {
  const out: string[] = [];
  const re = /^(?:async[ \t]+)?function[ \t]*\*?[ \t]*([A-Za-z_$][\w$]*)[ \t]*\(/gm;
  let m: RegExpExecArray | null;
  while ((m = re.exec(source))) out.push(m[1]);
  return out;
}

function compile(opts: LoadBundleOptions): Compiled {
  if (opts.source !== undefined) {
    const key = `inline:${opts.source}`;
    let c = compiled.get(key);
    if (!c) {
      c = {
        key,
        script: new vm.Script(opts.source, { filename: 'inline-bundle.js' }),
        functions: listTopLevelFunctions(opts.source),
      };
      compiled.set(key, c);
    }
    return c;
  }
  const p = path.resolve(opts.bundlePath ?? DEFAULT_BUNDLE_PATH);
  if (!fs.existsSync(p)) throw new Error(`Bundle not found: ${p} (run \`npm run build\` first)`);
  const st = fs.statSync(p);
  const key = `${st.mtimeMs}:${st.size}`;
  const hit = compiled.get(p);
  if (hit && hit.key === key) return hit;
  const source = fs.readFileSync(p, 'utf8');
  const c = { key, script: new vm.Script(source, { filename: p }), functions: listTopLevelFunctions(source) };
  compiled.set(p, c);
  return c;
}

function isErrorLike(e: unknown): e is { message: string; name?: string; stack?: string } {
  return Object.prototype.toString.call(e) === '[object Error]';
}

/** Re-creates an error thrown in the context as a host Error (so jest's toThrow works). */
function toHostError(e: unknown): unknown {
  if (e instanceof Error) return e;
  if (isErrorLike(e)) {
    const h = new Error(e.message);
    (h as Error & { cause?: unknown }).cause = e;
    h.name = e.name ?? 'Error';
    if (e.stack) h.stack = e.stack;
    return h;
  }
  return e;
}

/** Deep-copies context-realm arrays and plain objects into host objects (Dates are already host Dates). */
export function toHost(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(toHost);
  if (Object.prototype.toString.call(v) === '[object Date]') return new Date((v as Date).getTime());
  if (v !== null && typeof v === 'object' && Object.prototype.toString.call(v) === '[object Object]') {
    const proto = Object.getPrototypeOf(v);
    if (proto === null || Object.getPrototypeOf(proto) === null) {
      const o: Record<string, unknown> = {};
      for (const k of Object.keys(v)) o[k] = toHost((v as Record<string, unknown>)[k]);
      return o;
    }
  }
  return v;
}

/** Checks a google.script.run argument/result: primitives, null, arrays, plain objects only. */
function assertTransportable(v: unknown, where: string, pathStr = ''): void {
  if (v === null || v === undefined || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return;
  if (Array.isArray(v)) {
    v.forEach((x, i) => assertTransportable(x, where, `${pathStr}[${i}]`));
    return;
  }
  const tag = Object.prototype.toString.call(v);
  if (tag === '[object Object]') {
    const proto = Object.getPrototypeOf(v);
    if (proto === null || Object.getPrototypeOf(proto) === null) {
      for (const k of Object.keys(v))
        assertTransportable((v as Record<string, unknown>)[k], where, pathStr ? `${pathStr}.${k}` : k);
      return;
    }
  }
  throw new Error(
    `Failed due to illegal value in ${where}${pathStr ? ` at ${pathStr}` : ''} (${tag}). google.script.run passes only primitives, plain objects, arrays and null.`,
  );
}

export function loadBundle(
  world: World,
  execOpts: ExecutionOptions | ExecutionMode | Execution = {},
  opts: LoadBundleOptions = {},
): LoadedBundle {
  const exec = execOpts instanceof Execution ? execOpts : world.execution(execOpts);
  const { script, functions } = compile(opts);
  const realTimeoutMs = opts.realTimeoutMs ?? 120_000;
  const sandbox: Record<string, unknown> = {
    ...exec.globals,
    Date: createVirtualDate(world.clock, world.options.timeZone),
  };
  const context = vm.createContext(sandbox, {
    name: `apps-script:${exec.id}`,
    codeGeneration: { strings: true, wasm: false },
  });
  const realm = vm.runInContext('({ Error: Error, Array: Array, Object: Object, Date: Date })', context) as Realm;
  exec.setRealm(realm);
  try {
    script.runInContext(context, { timeout: realTimeoutMs });
  } catch (e) {
    throw toHostError(e);
  }

  const declared = new Set(functions);
  const invoke = (name: string, args: unknown[]): unknown => {
    const fn = (context as Record<string, unknown>)[name];
    if (!declared.has(name) || typeof fn !== 'function') throw new Error(`Script function not found: ${name}`);
    let result: unknown;
    const ctx = context as Record<string, unknown>;
    ctx[CALL_SLOT] = fn;
    ctx[ARGS_SLOT] = exec.exportValue(args);
    try {
      // Called through runInContext so that the real-time guard applies; the slots are removed at once.
      result = vm.runInContext(CALL_SOURCE, context, { timeout: realTimeoutMs });
    } catch (e) {
      throw toHostError(e);
    } finally {
      delete ctx[CALL_SLOT];
      delete ctx[ARGS_SLOT];
      // Each top-level call is one script run: Apps Script releases its locks when it ends.
      for (const [k, v] of world.locks) if (v.owner === exec.id) world.locks.delete(k);
    }
    if (exec.overBudget()) throw new Error('Exceeded maximum execution time');
    return toHost(result);
  };

  return {
    context,
    execution: exec,
    globals: exec.globals,
    functions,
    call: (name, ...args) => invoke(name, args),
    callFromClient: (name, ...args) => {
      if (name.endsWith('_')) throw new Error(`Script function not found: ${name}`);
      assertTransportable(args, 'the arguments');
      const r = invoke(name, args);
      assertTransportable(r, 'the return value');
      return r === undefined ? null : JSON.parse(JSON.stringify(r));
    },
    event: (extra) => exec.event(extra),
    end: () => exec.end(),
  };
}

/** Loads the bundle for one execution, calls `fnName(...args)`, ends the execution, returns the result. */
export function runExecution(
  world: World,
  mode: ExecutionMode | ExecutionOptions,
  fnName: string,
  ...args: unknown[]
): unknown {
  const b = loadBundle(world, mode);
  try {
    return b.call(fnName, ...args);
  } finally {
    b.end();
  }
}

/** Like runExecution, with an explicit bundle (path or inline source). */
export function runExecutionWith(
  world: World,
  mode: ExecutionMode | ExecutionOptions,
  bundle: LoadBundleOptions,
  fnName: string,
  ...args: unknown[]
): unknown {
  const b = loadBundle(world, mode, bundle);
  try {
    return b.call(fnName, ...args);
  } finally {
    b.end();
  }
}
