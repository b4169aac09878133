/**
 * Runs the emulator in a child process and drives it through its admin API. Needed wherever the caller's
 * thread blocks on HTTP (test/fakes/urlfetch.ts waits synchronously, so an in-thread server would never
 * answer). The child exits when this process's end of its stdin pipe closes, so it dies with the caller.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import type { FaultSpec } from './faults';
import type { RecordedRequest } from './server';

export interface EmulatorProcessOptions {
  port?: number;
  host?: string;
  /** Modelled server time (about 150 ms per answer). Default false. */
  realTime?: boolean;
  /** false turns the 2 requests/second/key limit off. Default true. */
  rateLimit?: boolean;
  /** Milliseconds to wait for the child to start. Default 30 000. */
  startTimeoutMs?: number;
}

export interface EmulatorProcess {
  url: string;
  port: number;
  apps: { key: string; name: string; seed: number }[];
  demoKey: string;
  pid: number;
  setFaults(key: string, faults: FaultSpec): Promise<void>;
  clearFaults(key?: string): Promise<void>;
  requests(since?: number): Promise<RecordedRequest[]>;
  reset(): Promise<void>;
  close(): Promise<void>;
}

export async function startEmulatorProcess(opts: EmulatorProcessOptions = {}): Promise<EmulatorProcess> {
  const args = ['--import', 'tsx', path.join(__dirname, 'cli.ts'), '--json', '--port', String(opts.port ?? 0)];
  if (opts.host) args.push('--host', opts.host);
  if (!opts.realTime) args.push('--fast');
  if (opts.rateLimit === false) args.push('--no-rate-limit');
  const child: ChildProcess = spawn(process.execPath, args, {
    stdio: ['pipe', 'pipe', 'pipe'],
    cwd: path.join(__dirname, '..'),
  });
  const info = await new Promise<{ url: string; port: number; apps: EmulatorProcess['apps']; demoKey: string }>(
    (resolve, reject) => {
      let out = '';
      let err = '';
      const timer = setTimeout(() => {
        child.kill();
        reject(new Error(`emulator did not start within ${opts.startTimeoutMs ?? 30000} ms: ${err || out}`));
      }, opts.startTimeoutMs ?? 30000);
      child.stdout!.on('data', (d: Buffer) => {
        out += d.toString();
        const m = /^EMULATOR_READY (.*)$/m.exec(out);
        if (m) {
          clearTimeout(timer);
          resolve(JSON.parse(m[1]));
        }
      });
      child.stderr!.on('data', (d: Buffer) => {
        err += d.toString();
      });
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`emulator exited with ${code}: ${err || out}`));
      });
    },
  );
  // Keep draining output so the child never blocks on a full pipe.
  child.stdout!.resume();
  child.stderr!.resume();
  const admin = async (method: string, route: string, body?: unknown): Promise<unknown> => {
    const r = await fetch(`${info.url}/__emulator/${route}`, {
      method,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const json = (await r.json()) as { error?: string };
    if (!r.ok) throw new Error(json.error ?? `admin ${route}: ${r.status}`);
    return json;
  };
  return {
    ...info,
    pid: child.pid ?? 0,
    setFaults: async (key, faults) => {
      await admin('POST', 'faults', { key, faults });
    },
    clearFaults: async (key) => {
      await admin('POST', 'faults/clear', key === undefined ? {} : { key });
    },
    requests: async (since = 0) =>
      ((await admin('GET', `requests?since=${since}`)) as { requests: RecordedRequest[] }).requests,
    reset: async () => {
      await admin('POST', 'reset');
    },
    close: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.stdin!.end();
        setTimeout(() => child.kill('SIGKILL'), 3000).unref();
      }),
  };
}
