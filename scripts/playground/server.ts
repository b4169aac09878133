/**
 * The add-on, locally, in a browser. One HTTP server serves:
 *  - `/`         a page with the REAL built dist/Sidebar.html in a 300 px iframe beside a live view of the
 *                fake spreadsheet (tabs, grid with formatted values, ADAPTY_ formulas' results, charts);
 *  - `/sidebar`  dist/Sidebar.html with a small `google.script.run` shim injected;
 *  - `/rpc`      each shim call = one 'full' execution of dist/Code.js in the Apps Script fakes;
 *  - `/state`    the fake spreadsheet as JSON for the page; `/select`, `/settings` for the page's clicks.
 * The emulator runs in a child process: the fakes' UrlFetchApp blocks this thread while it waits for HTTP.
 * Used by `npm start` (scripts/start.ts) and by the browser tests (test/browser/).
 */
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import path from 'node:path';
import { startEmulatorProcess, type EmulatorProcess } from '../../emulator/process';
import { FORMULA_FUNCTION_BY_NAME } from '../../src/core/formula/functions';
import { findAdaptyCalls } from '../../src/core/formula/read';
import { argumentSeparator } from '../../src/core/formula/separator';
import { SIDEBAR_PARAMS } from '../../src/entry/sidebarApi';
import { createWorld, displayValue, type World } from '../../test/fakes';
import { cellA1, columnToLetters, rectA1 } from '../../test/fakes/a1';
import type { ChartData, SheetData, SpreadsheetData } from '../../test/fakes/spreadsheet-model';
import { loadBundle } from '../../test/harness/bundle';
import { argumentValue, spill, type CellReader } from './spill';

const ROOT = path.join(__dirname, '..', '..');
const PAGE = path.join(__dirname, 'page.html');

export interface PlaygroundOptions {
  /** 0 (default) = a free port. */
  port?: number;
  host?: string;
  /** Spreadsheet locale, e.g. 'de_DE' (argument separator `;`). Default en_US. */
  locale?: string;
  timeZone?: string;
  /** Save the emulator's demo key as the user's key (default true). */
  saveDemoKey?: boolean;
  /**
   * Save all the emulator's demo apps as the user's connections, the first the default (issue 15; `npm
   * start` does). Default false: the browser tests start from the single key.
   */
  demoConnections?: boolean;
  /** Epoch ms the virtual clock starts at (default the fakes' fixed 2026-11-28 09:00 UTC; npm start: now). */
  startTime?: number;
  /** The emulator's modelled server latency (default false: fast). */
  realTime?: boolean;
  /** Built bundle and sidebar (default dist/Code.js, dist/Sidebar.html). */
  bundlePath?: string;
  sidebarPath?: string;
  /** One line per RPC (name, outcome, time); never the arguments. */
  log?(line: string): void;
}

export interface RpcRecord {
  name: string;
  args: unknown[];
  ok: boolean;
  error?: string;
  ms: number;
}

export interface Playground {
  url: string;
  sidebarUrl: string;
  world: World;
  emulator: EmulatorProcess;
  /** Every google.script.run call the sidebar made, in order. */
  rpcLog: RpcRecord[];
  /** Bumped after every change the page should see. */
  version(): number;
  close(): Promise<void>;
}

/** The google.script.run stand-in injected into the sidebar page: POSTs each call to /rpc. */
export const SHIM = `<script>
(function () {
  function plain(v, path) {
    if (v === null || v === undefined || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return;
    if (Array.isArray(v)) { v.forEach(function (x, i) { plain(x, path + '[' + i + ']'); }); return; }
    if (Object.prototype.toString.call(v) === '[object Object]') { Object.keys(v).forEach(function (k) { plain(v[k], path + '.' + k); }); return; }
    throw new Error('Failed due to illegal value in property: ' + path);
  }
  function runner(ok, fail) {
    return new Proxy({}, { get: function (_, name) {
      if (name === 'withSuccessHandler') return function (f) { return runner(f, fail); };
      if (name === 'withFailureHandler') return function (f) { return runner(ok, f); };
      if (name === 'withUserObject') return function () { return runner(ok, fail); };
      if (typeof name !== 'string' || name === 'then') return undefined;
      return function () {
        var args = Array.prototype.slice.call(arguments);
        try { plain(args, 'args'); } catch (e) { setTimeout(function () { if (fail) fail(e); }, 0); return; }
        fetch('/rpc', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ name: name, args: args }) })
          .then(function (r) { return r.json(); })
          .then(function (res) {
            try { parent.postMessage({ type: 'adapty-playground-rpc', name: name }, '*'); } catch (e) {}
            if (res.ok) { if (ok) ok(res.value); }
            else { var err = new Error(res.error.message); err.name = res.error.name || 'Error'; if (fail) fail(err); else console.error(err); }
          }, function () { if (fail) fail(new Error('NetworkError: Connection failure due to HTTP 0')); });
      };
    } });
  }
  window.google = { script: {
    run: runner(null, null),
    host: { close: function () { parent.postMessage({ type: 'adapty-playground-close' }, '*'); }, setHeight: function () {}, setWidth: function () {}, editor: { focus: function () {} } },
  } };
})();
</script>`;

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let data = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => {
      data += c;
      if (data.length > 5_000_000) req.destroy(new Error('body too large'));
    });
    req.on('end', () => resolve(data));
    req.on('error', reject);
  });
}

function send(res: http.ServerResponse, status: number, type: string, body: string): void {
  res.writeHead(status, { 'Content-Type': type, 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff' });
  res.end(body);
}

const json = (res: http.ServerResponse, v: unknown, status = 200) =>
  send(res, status, 'application/json; charset=utf-8', JSON.stringify(v));

// ------------------------------------------------------------------------------------------------
// Formulas: ADAPTY_ calls evaluated through the bundle in custom_function mode, as Sheets would.

interface Evaluated {
  value: unknown;
  error?: string;
}

function isPlainCall(formula: string, sep: ',' | ';'): { name: string; args: string[] } | null {
  const calls = findAdaptyCalls(formula, sep);
  if (calls.length !== 1) return null;
  const c = calls[0];
  if (formula.slice(0, c.nameStart).trim() !== '=' || formula.slice(c.end).trim() !== '') return null;
  if (!FORMULA_FUNCTION_BY_NAME[c.name]) return null;
  return { name: c.name, args: c.args.map((a) => a.text) };
}

function readerOf(ss: SpreadsheetData, sheet: SheetData): CellReader {
  const sheetOf = (name: string | undefined) => {
    const s = name === undefined ? sheet : ss.sheetByName(name);
    if (!s) throw new Error(`Unresolved sheet name '${name}'`);
    return s;
  };
  return {
    value: (name, row, col) => sheetOf(name).values.get(row, col) ?? '',
    lastRow: (name) => sheetOf(name).lastRow(),
  };
}

// ------------------------------------------------------------------------------------------------

export async function startPlayground(opts: PlaygroundOptions = {}): Promise<Playground> {
  const bundlePath = opts.bundlePath ?? path.join(ROOT, 'dist', 'Code.js');
  const sidebarPath = opts.sidebarPath ?? path.join(ROOT, 'dist', 'Sidebar.html');
  for (const p of [bundlePath, sidebarPath])
    if (!fs.existsSync(p)) throw new Error(`${path.relative(ROOT, p)} is missing: run \`npm run build\` first`);
  const log = opts.log ?? (() => undefined);

  const emulator = await startEmulatorProcess({ port: 0, realTime: opts.realTime ?? false });
  const world = createWorld({
    locale: opts.locale ?? 'en_US',
    timeZone: opts.timeZone ?? 'Europe/Berlin',
    ...(opts.startTime !== undefined ? { startTime: opts.startTime } : {}),
  });
  world.spreadsheet().name = 'Adapty playground';
  world.scriptProperties.data.set('ADAPTY_API_BASE_URL', emulator.url);
  if (opts.saveDemoKey !== false) world.userStore(world.options.owner).data.set('ADAPTY_API_KEY', emulator.demoKey);
  if (opts.demoConnections) {
    const [first, ...others] = emulator.apps;
    const store = world.userStore(world.options.owner).data;
    store.set('ADAPTY_API_KEY', first.key);
    store.set(
      'adapty.connections',
      JSON.stringify({ defaultName: first.name, others: others.map((a) => ({ name: a.name, key: a.key })) }),
    );
  }

  const rpcLog: RpcRecord[] = [];
  let version = 1;
  let lastReal = Date.now();
  /** The virtual clock follows real time between calls, so "now", caches and rate limits behave. */
  const syncClock = () => {
    const now = Date.now();
    world.clock.advance(now - lastReal);
    lastReal = now;
  };

  const formulaCache = new Map<string, Evaluated>();
  const evaluate = (ss: SpreadsheetData, sheet: SheetData, formula: string): Evaluated => {
    const sep = argumentSeparator(ss.locale);
    const call = isPlainCall(formula, sep);
    if (!call) return { value: '#N/A', error: 'The playground evaluates only formulas that are one ADAPTY_ call.' };
    let args: unknown[];
    try {
      const cells = readerOf(ss, sheet);
      args = call.args.map((t) => argumentValue(t, sep, cells));
    } catch (e) {
      return { value: '#ERROR!', error: e instanceof Error ? e.message : String(e) };
    }
    // Keyed by the arguments' values too: a formula over cells recalculates when they change, as in Sheets.
    const key = `${ss.locale}|${sheet.name}|${call.name}|${JSON.stringify(args)}`;
    const hit = formulaCache.get(key);
    if (hit) return hit;
    let out: Evaluated;
    try {
      syncClock();
      const b = loadBundle(world, { mode: 'custom_function', spreadsheetId: ss.id }, { bundlePath });
      try {
        out = { value: b.call(call.name, ...args) };
      } finally {
        b.end();
      }
    } catch (e) {
      out = { value: '#ERROR!', error: e instanceof Error ? e.message : String(e) };
    }
    formulaCache.set(key, out);
    version++;
    return out;
  };
  world.formulaEvaluator = (formula, cell) => {
    const ss = world.spreadsheet(cell.spreadsheetId);
    const sheet = ss.sheetByName(cell.sheetName);
    if (!sheet) return '';
    const r = evaluate(ss, sheet, formula);
    return Array.isArray(r.value) ? ((r.value as unknown[][])[0]?.[0] ?? '') : r.value;
  };

  const rpc = (
    name: string,
    args: unknown[],
  ): { ok: true; value: unknown } | { ok: false; error: { name: string; message: string } } => {
    const t0 = Date.now();
    if (!Object.prototype.hasOwnProperty.call(SIDEBAR_PARAMS, name)) {
      const message = `Script function not found: ${name}`;
      rpcLog.push({ name, args, ok: false, error: message, ms: 0 });
      return { ok: false, error: { name: 'Error', message } };
    }
    syncClock();
    try {
      const b = loadBundle(world, { mode: 'full' }, { bundlePath });
      let value: unknown;
      try {
        value = b.callFromClient(name, ...args);
      } finally {
        b.end();
      }
      rpcLog.push({ name, args, ok: true, ms: Date.now() - t0 });
      log(`rpc ${name} ok (${Date.now() - t0} ms)`);
      return { ok: true, value: value === undefined ? null : value };
    } catch (e) {
      const err = e instanceof Error ? e : new Error(String(e));
      rpcLog.push({ name, args, ok: false, error: err.message, ms: Date.now() - t0 });
      log(`rpc ${name} failed (${Date.now() - t0} ms): ${err.message}`);
      return { ok: false, error: { name: err.name || 'Error', message: err.message } };
    } finally {
      syncClock();
      version++;
    }
  };

  /** Extensions › Adapty as the add-on builds it: the bundle's own onOpen, read back from the fake UI. */
  const menuItems = (): { caption: string; fn: string }[] => {
    const before = world.ui.menus.length;
    const b = loadBundle(world, { mode: 'full' }, { bundlePath });
    try {
      b.call('onOpen');
    } finally {
      b.end();
    }
    const menu = world.ui.menus.slice(before).find((m) => m.addon);
    world.ui.menus.length = before;
    return (menu?.items ?? [])
      .map((i) => i as { caption?: string; functionName?: string })
      .filter((i) => i.caption && i.functionName)
      .map((i) => ({ caption: i.caption!, fn: i.functionName! }));
  };
  /** A menu item clicked: its function in one execution; what it showed (sidebar, alert, toast) comes back. */
  const runMenuItem = (fn: string) => {
    const ui = world.ui;
    const [sidebars, alerts, toasts] = [ui.sidebars.length, ui.alerts.length, ui.toasts.length];
    syncClock();
    let error: string | undefined;
    try {
      const b = loadBundle(world, { mode: 'full' }, { bundlePath });
      try {
        b.call(fn);
      } finally {
        b.end();
      }
    } catch (e) {
      error = e instanceof Error ? e.message : String(e);
    }
    version++;
    log(`menu ${fn}${error ? ` failed: ${error}` : ''}`);
    return {
      ok: !error,
      ...(error ? { error } : {}),
      sidebar: ui.sidebars.length > sidebars,
      messages: [
        ...ui.alerts.slice(alerts).map((a) => [a.title, a.prompt].filter(Boolean).join(': ')),
        ...ui.toasts.slice(toasts).map((t) => [t.title, t.message].filter(Boolean).join(': ')),
      ],
    };
  };
  /** The clock panel: `hours` later, each hour firing the time-driven triggers (the hourly refresh) as their owners. */
  const advance = (hours: number) => {
    syncClock();
    const fired: string[] = [];
    for (let h = 0; h < hours; h++) {
      world.clock.advance(3_600_000);
      for (const t of world.triggers.filter((x) => x.eventType === 'CLOCK')) {
        try {
          const b = loadBundle(world, { mode: 'trigger', user: t.user }, { bundlePath });
          try {
            b.call(t.handler);
          } finally {
            b.end();
          }
          fired.push(t.handler);
        } catch (e) {
          // A trigger never throws; if one did, say so rather than hide it.
          fired.push(`${t.handler} threw: ${e instanceof Error ? e.message : String(e)}`);
        }
      }
    }
    version++;
    log(`clock +${hours} h, fired ${fired.length}`);
    return { ok: true, now: new Date(world.clock.now()).toISOString(), fired };
  };

  const sidebarHtml = (): string => {
    const html = fs.readFileSync(sidebarPath, 'utf8');
    return /<head[^>]*>/i.test(html) ? html.replace(/<head[^>]*>/i, (m) => `${m}\n${SHIM}`) : SHIM + html;
  };

  const server = http.createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://localhost');
      try {
        if (req.method === 'GET' && (url.pathname === '/' || url.pathname === '/index.html')) {
          return send(res, 200, 'text/html; charset=utf-8', fs.readFileSync(PAGE, 'utf8'));
        }
        if (req.method === 'GET' && url.pathname === '/sidebar')
          return send(res, 200, 'text/html; charset=utf-8', sidebarHtml());
        if (req.method === 'GET' && url.pathname === '/state') {
          if (url.searchParams.get('v') === String(version)) return json(res, { version, unchanged: true });
          return json(res, stateOf(world, evaluate, version));
        }
        if (req.method === 'GET' && url.pathname === '/favicon.ico') return send(res, 204, 'text/plain', '');
        if (req.method === 'POST' && url.pathname === '/rpc') {
          const body = JSON.parse(await readBody(req)) as { name?: unknown; args?: unknown };
          if (typeof body.name !== 'string' || !Array.isArray(body.args))
            return json(res, { ok: false, error: { name: 'Error', message: 'bad rpc' } }, 400);
          return json(res, rpc(body.name, body.args));
        }
        if (req.method === 'POST' && url.pathname === '/select') {
          const body = JSON.parse(await readBody(req)) as { sheet?: string; row?: number; col?: number };
          const ss = world.spreadsheet();
          const s = typeof body.sheet === 'string' ? ss.sheetByName(body.sheet) : undefined;
          if (!s) return json(res, { ok: false }, 404);
          ss.activeSheetId = s.id;
          ss.activeRange =
            typeof body.row === 'number' && typeof body.col === 'number' && body.row >= 1 && body.col >= 1
              ? { sheetId: s.id, row: body.row, col: body.col, numRows: 1, numCols: 1 }
              : null;
          version++;
          return json(res, { ok: true });
        }
        if (req.method === 'GET' && url.pathname === '/menu') return json(res, menuItems());
        if (req.method === 'POST' && url.pathname === '/menu') {
          const body = JSON.parse(await readBody(req)) as { fn?: string };
          const item = menuItems().find((i) => i.fn === body.fn);
          if (!item) return json(res, { ok: false, error: 'not a menu item' }, 404);
          return json(res, runMenuItem(item.fn));
        }
        if (req.method === 'POST' && url.pathname === '/clock') {
          const body = JSON.parse(await readBody(req)) as { hours?: number };
          const hours = Math.min(Math.max(Math.floor(Number(body.hours) || 1), 1), 24 * 7);
          return json(res, advance(hours));
        }
        if (req.method === 'POST' && url.pathname === '/formula') {
          // The formula bar: what the user typed into a cell, as Sheets takes it (= a formula, else a value).
          const body = JSON.parse(await readBody(req)) as { sheet?: string; row?: number; col?: number; text?: string };
          const ss = world.spreadsheet();
          const s = typeof body.sheet === 'string' ? ss.sheetByName(body.sheet) : undefined;
          const { row, col, text } = body;
          if (
            !s ||
            typeof row !== 'number' ||
            typeof col !== 'number' ||
            row < 1 ||
            col < 1 ||
            typeof text !== 'string'
          )
            return json(res, { ok: false }, 400);
          const t = text.trim();
          s.formulas.set(row - 1, col - 1, t.startsWith('=') ? t : undefined);
          s.values.set(row - 1, col - 1, t.startsWith('=') || t === '' ? undefined : typedValue(t, ss.locale));
          version++;
          return json(res, { ok: true });
        }
        if (req.method === 'POST' && url.pathname === '/settings') {
          const body = JSON.parse(await readBody(req)) as { locale?: string };
          if (typeof body.locale === 'string' && /^[a-z]{2,3}(_[A-Z]{2})?$/.test(body.locale))
            world.spreadsheet().locale = body.locale;
          version++;
          return json(res, { ok: true });
        }
        send(res, 404, 'text/plain; charset=utf-8', 'Not found');
      } catch (e) {
        send(res, 500, 'text/plain; charset=utf-8', e instanceof Error ? e.message : String(e));
      }
    })();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, opts.host ?? '127.0.0.1', () => resolve());
  });
  const addr = server.address() as AddressInfo;
  const url = `http://${opts.host ?? '127.0.0.1'}:${addr.port}/`;
  const sockets = new Set<Socket>();
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });

  return {
    url,
    sidebarUrl: `${url}sidebar`,
    world,
    emulator,
    rpcLog,
    version: () => version,
    async close() {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await emulator.close();
      world.dispose();
    },
  };
}

/** A typed value as Sheets reads it: a number in the locale's decimal mark, else text. */
function typedValue(t: string, locale: string): string | number {
  const comma = argumentSeparator(locale) === ';';
  const m = comma ? /^-?\d+(,\d+)?$/.test(t) : /^-?\d+(\.\d+)?$/.test(t);
  return m ? Number(comma ? t.replace(',', '.') : t) : t;
}

// ------------------------------------------------------------------------------------------------
// The page's view of the spreadsheet

const MAX_ROWS = 300;
const MAX_COLS = 30;

interface CellView {
  /** Display text. */
  t: string;
  /** Formula, when the cell has one. */
  f?: string;
  /** The formula's error message (#ERROR!). */
  e?: string;
  /** Shown by a formula's spilled result, not stored. */
  s?: 1;
  b?: 1;
  bg?: string;
  /** Right-aligned (numbers, dates). */
  n?: 1;
  /** The cell's note, shown on hover as in Sheets. */
  no?: string;
}

interface ChartView {
  type: string;
  title: string;
  ranges: string[];
  anchor: string;
  labels: string[];
  /** `dashed`: the chart's `series` option gives it a lineDashStyle (a compared report's compare range). */
  series: { name: string; values: (number | null)[]; dashed?: boolean }[];
}

/** What Sheets shows in a cell: the fakes' renderer, in the spreadsheet's locale (test/fakes/numberFormat.ts). */
function display(v: unknown, fmt: unknown, tz: string, locale: string): { t: string; n: boolean } {
  if (Array.isArray(v)) return display(v[0]?.[0], fmt, tz, locale);
  const n = typeof v === 'number' || v instanceof Date;
  try {
    return { t: displayValue(v, fmt, tz, locale), n };
  } catch {
    return { t: String(v), n };
  }
}

export function chartView(ss: SpreadsheetData, c: ChartData): ChartView {
  const tz = ss.timeZone;
  const r = c.ranges[0];
  const view: ChartView = {
    type: c.type || 'chart',
    title: typeof c.options.title === 'string' ? c.options.title : '',
    anchor: cellA1(c.position.row, c.position.col),
    ranges: c.ranges.map(
      (x) => `${ss.sheetById(x.sheetId)?.name ?? '?'}!${rectA1(x.row, x.col, x.numRows, x.numCols)}`,
    ),
    labels: [],
    series: [],
  };
  const s = r ? ss.sheetById(r.sheetId) : undefined;
  if (!r || !s) return view;
  const get = (i: number, j: number) => s.values.get(r.row - 1 + i, r.col - 1 + j);
  const headers = c.numHeaders < 0 ? (typeof get(0, 1) === 'string' ? 1 : 0) : c.numHeaders;
  const rows = Math.min(r.numRows, 2000);
  for (let i = headers; i < rows; i++) {
    const x = get(i, 0);
    view.labels.push(display(x, undefined, tz, ss.locale).t);
  }
  // The first column is the domain; every other column of every range is a series, numbered as Sheets does.
  const cols = c.ranges.flatMap((q) => Array.from({ length: q.numCols }, (_, j) => q.col - r.col + j)).slice(1, 12);
  const styles = (c.options.series ?? {}) as Record<number, { lineDashStyle?: unknown }>;
  cols.forEach((j, k) => {
    const values: (number | null)[] = [];
    for (let i = headers; i < rows; i++) {
      const v = get(i, j);
      values.push(typeof v === 'number' ? v : null);
    }
    if (values.some((v) => v !== null))
      view.series.push({
        name: headers ? String(get(0, j) ?? columnToLetters(r.col + j)) : columnToLetters(r.col + j),
        values,
        dashed: styles[k]?.lineDashStyle !== undefined,
      });
  });
  return view;
}

function stateOf(world: World, evaluate: (ss: SpreadsheetData, s: SheetData, f: string) => Evaluated, version: number) {
  const ss = world.spreadsheet();
  const tz = ss.timeZone;
  const sheets = ss.sheets.map((s) => {
    // Every formula first (not only those in view): a result spills to its real size, or shows #REF!.
    const occupied = (r: number, c: number) => {
      const v = s.values.get(r, c);
      return s.formulas.get(r, c) !== undefined || (v !== undefined && v !== '');
    };
    const results = new Map<string, Evaluated & { grid?: unknown[][] }>();
    let lastRow = Math.max(s.lastRow(), 1);
    let lastCol = Math.max(s.lastCol(), 1);
    s.formulas.rows.forEach((line, r) =>
      line?.forEach((f, c) => {
        if (f === undefined) return;
        const ev = evaluate(ss, s, f);
        if (!Array.isArray(ev.value)) return void results.set(`${r},${c}`, ev);
        const placed = spill({ row: r, col: c }, ev.value, occupied);
        if ('ref' in placed) return void results.set(`${r},${c}`, { value: placed.ref, error: placed.message });
        results.set(`${r},${c}`, { ...ev, grid: placed.grid });
        lastRow = Math.max(lastRow, r + placed.grid.length);
        lastCol = Math.max(lastCol, c + Math.max(...placed.grid.map((g) => g.length)));
      }),
    );
    const rows = Math.min(Math.max(lastRow + 3, 20), MAX_ROWS);
    const cols = Math.min(Math.max(lastCol + 1, 8), MAX_COLS);
    const cells: CellView[][] = Array.from({ length: rows }, () => Array.from({ length: cols }, () => ({ t: '' })));
    const spills: [number, number, unknown[][]][] = [];
    for (let r = 0; r < rows; r++) {
      for (let c = 0; c < cols; c++) {
        const f = s.formulas.get(r, c);
        const fmt = s.styles.numberFormat.get(r, c);
        const cell = cells[r][c];
        const ev = f === undefined ? undefined : results.get(`${r},${c}`);
        if (f !== undefined && ev) {
          const d = display(ev.grid ?? ev.value, fmt, tz, ss.locale);
          Object.assign(cell, { t: d.t, f }, d.n ? { n: 1 } : {}, ev.error ? { e: ev.error } : {});
          if (ev.grid) spills.push([r, c, ev.grid]);
        } else {
          const v = s.values.get(r, c);
          if (v !== undefined) {
            const d = display(v, fmt, tz, ss.locale);
            cell.t = d.t;
            if (d.n) cell.n = 1;
          }
        }
        const note = s.notes.get(r, c);
        if (typeof note === 'string' && note !== '') cell.no = note;
        if (s.styles.fontWeight.get(r, c) === 'bold') cell.b = 1;
        const bg = s.styles.background.get(r, c);
        if (typeof bg === 'string' && bg !== '#ffffff' && /^#[0-9a-f]{3,8}$/i.test(bg)) cell.bg = bg;
      }
    }
    for (const [r0, c0, grid] of spills) {
      for (let i = 0; i < grid.length && r0 + i < rows; i++) {
        const row = grid[i];
        for (let j = 0; j < row.length && c0 + j < cols; j++) {
          if (i === 0 && j === 0) continue;
          const d = display(row[j], undefined, tz, ss.locale);
          Object.assign(cells[r0 + i][c0 + j], { t: d.t, s: 1 }, d.n ? { n: 1 } : {});
        }
      }
    }
    return {
      name: s.name,
      hidden: s.hidden,
      frozenRows: s.frozenRows,
      lastRow,
      lastCol,
      rows,
      cols,
      truncated: lastRow > rows || lastCol > cols,
      cells,
      charts: s.charts.map((c) => chartView(ss, c)),
    };
  });
  const ar = ss.activeRange;
  const active = ss.activeSheet();
  return {
    version,
    name: ss.name,
    locale: ss.locale,
    separator: argumentSeparator(ss.locale),
    timeZone: tz,
    now: new Date(world.clock.now()).toISOString(),
    activeSheet: active.name,
    activeRange:
      ar && ar.sheetId === active.id
        ? {
            row: ar.row,
            col: ar.col,
            numRows: ar.numRows,
            numCols: ar.numCols,
            a1: rectA1(ar.row, ar.col, ar.numRows, ar.numCols),
          }
        : null,
    sheets,
    httpRequests: world.http.length,
  };
}
