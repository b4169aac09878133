/**
 * Extensions › Adapty › New dashboard… end to end: dist/Code.js in the fakes against the emulator. Every
 * report sheet, chart, schedule and Overview formula is there and reads the right ranges (computed by a
 * small evaluator of exactly the formulas Sheets would run), requests keep the rate limit, and a second
 * build adds nothing.
 */
import { DASHBOARD_REPORTS } from '../../src/catalog/dashboard';
import { OWNER, START, emulatedWorld, runOnce, useEmulator } from '../harness/bed';
import type { World } from '../fakes';
import type { EmulatorProcess } from '../../emulator/process';

type Any = any;
let emu: EmulatorProcess;
useEmulator((e) => (emu = e));

function bed() {
  const world = emulatedWorld(emu, {
    startTime: START,
    timeZone: 'Europe/Berlin',
    sidebar: true,
    keys: { [OWNER]: emu.demoKey },
  });
  const call = (name: string, ...args: unknown[]): Any =>
    runOnce(world, { mode: 'full', user: OWNER }, name, args, { advanceMs: 2000, fromClient: true });
  /** What the dashboard view does: call until nothing is pending, passing back the server's `since`. */
  const build = (action: string, period = 'months_12') => {
    const steps: Any[] = [];
    for (let i = 0; i < 10; i++) {
      const since = steps[steps.length - 1]?.since;
      steps.push(call('buildDashboard', { period, action: i === 0 ? action : 'refresh', ...(since ? { since } : {}) }));
      if (steps[steps.length - 1].status !== 'in_progress') break;
    }
    return steps;
  };
  return { world, call, build, snap: (name: string) => world.sheetSnapshot(undefined, name) };
}

const day = (d: unknown) =>
  new Intl.DateTimeFormat('en-CA', {
    timeZone: 'Europe/Berlin',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(d as Date);

/** Evaluates the Overview's formulas as Sheets would, reading the report sheets of the world. */
function overviewEvaluator(world: World) {
  const lookup =
    /^=IFERROR\(INDEX\('((?:[^']|'')+)'!\$([A-Z]+):\$[A-Z]+, MATCH\((.+), '(?:[^']|'')+'!\$([A-Z]+):\$[A-Z]+, 0\)\), ""\)$/;
  const col = (l: string) => [...l].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0) - 1;
  world.formulaEvaluator = (f, cell) => {
    const m = lookup.exec(f);
    if (m) {
      const month = m[3].startsWith('EDATE') ? '2026-10-01' : '2026-11-01'; // TODAY() is 2026-11-28
      const values = world.sheetSnapshot(undefined, m[1].replace(/''/g, "'")).values;
      const row = values.find((r) => r[col(m[4])] instanceof Date && day(r[col(m[4])]) === month);
      return row ? row[col(m[2])] : '';
    }
    const d = /^=IF\(OR\(B(\d+)="", C\1="", C\1=0\), "", B\1\/C\1-1\)$/.exec(f);
    if (d) {
      const o = world.sheetSnapshot(undefined, cell.sheetName).formulas[Number(d[1]) - 1];
      const ev = world.formulaEvaluator!;
      const b = ev(o[1], cell) as number | '';
      const c = ev(o[2], cell) as number | '';
      return b === '' || c === '' || c === 0 ? '' : b / c - 1;
    }
    throw new Error(`unexpected formula ${f}`);
  };
}

describe('New dashboard…', () => {
  test('one build: every report on its own sheet with its chart and a daily schedule, an Overview of formulas over them, paced requests; a second build adds nothing', async () => {
    const t = bed();
    const b = runOnce(t.world, 'none', 'onOpen', [{ authMode: 'NONE' }]);
    void b;
    expect(JSON.stringify(t.world.ui.menus)).toContain('"New dashboard…"');
    t.call('openDashboard');
    expect(t.world.ui.sidebars).toHaveLength(1);
    expect(t.call('getBootstrap').view).toBe('dashboard');
    const status = t.call('dashboardStatus');
    expect(status.existing).toEqual([]);
    expect(status.missing.map((m: Any) => m.name)).toEqual(DASHBOARD_REPORTS.map((d) => d.name));
    expect(status.periods.map((p: Any) => p.id)).toContain('months_12');

    const seen = (await emu.requests()).length;
    const steps = t.build('build');
    const last = steps[steps.length - 1];
    expect(last).toMatchObject({
      status: 'done',
      total: DASHBOARD_REPORTS.length,
      done: DASHBOARD_REPORTS.length,
      failed: [],
    });
    expect(last.message).toMatch(/^Dashboard ready: 12 reports, each refreshed daily at 6:00, and Overview\./);

    // Paced at the rate limit: one request per report, none throttled, never more than 2 in a second.
    const reqs = (await emu.requests(seen)).filter((r) => r.path.includes('/client-api/'));
    expect(reqs).toHaveLength(DASHBOARD_REPORTS.length);
    expect(reqs.filter((r) => r.status !== 200)).toEqual([]);
    const at = reqs.map((r) => r.at).sort((x, y) => x - y);
    for (let i = 2; i < at.length; i++) expect(at[i] - at[i - 2]).toBeGreaterThanOrEqual(1000);

    // Saved reports: the user's, daily at 6, each with its block on its own sheet.
    const reports: Any[] = t.call('listReports');
    expect(reports.map((r) => r.dashboard)).toEqual(DASHBOARD_REPORTS.map((d) => d.id));
    for (const r of reports) {
      expect(r.schedule).toEqual({ every: 'day', hour: 6 });
      expect(r.owner.id).toBeTruthy();
      expect(r.lastRun.status).toBe('ok');
      expect(r.block.sheetName).toBe(r.name);
      expect(r.spec.start).toBe('2025-12-01');
    }
    expect(t.world.triggers.filter((x) => x.handler === 'runScheduledReports')).toHaveLength(1);
    const sheets = t.world.spreadsheet().sheets.map((s) => s.name);
    expect(sheets[0]).toBe('Overview');
    for (const d of DASHBOARD_REPORTS) expect(sheets).toContain(d.name);

    // Charts: a line per analytics and conversion report, the funnel's steps, the cohort colour scale.
    for (const d of DASHBOARD_REPORTS) {
      const s = t.snap(d.name);
      expect(s.values[0][0]).not.toBe('');
      if (d.endpoint === 'cohort') {
        expect(s.conditionalFormatRules).toHaveLength(1);
        expect(s.charts).toHaveLength(0);
      } else if (d.withChart) expect(s.charts).toHaveLength(1);
      else expect(s.charts).toHaveLength(0);
    }
    expect(t.snap('Funnel').charts[0].type).toMatch(/COLUMN/i);

    // The Overview: a KPI row per report with a KPI, ordinary formulas over the report's own sheet.
    const o = t.snap('Overview');
    const kpis = DASHBOARD_REPORTS.filter((d) => d.kpi);
    expect(o.values[0].slice(0, 4)).toEqual(['KPI', 'This month', 'Last month', 'Δ %']);
    expect(o.values.slice(1, 1 + kpis.length).map((r) => r[0])).toEqual(kpis.map((d) => d.kpi));
    kpis.forEach((d, i) => {
      const [, thisMonth, lastMonth, delta] = o.formulas[i + 1];
      const q = `'${d.name}'`;
      expect(thisMonth).toBe(
        `=IFERROR(INDEX(${q}!$E:$E, MATCH(DATE(YEAR(TODAY()), MONTH(TODAY()), 1), ${q}!$A:$A, 0)), "")`,
      );
      expect(lastMonth).toBe(
        `=IFERROR(INDEX(${q}!$E:$E, MATCH(EDATE(DATE(YEAR(TODAY()), MONTH(TODAY()), 1), -1), ${q}!$A:$A, 0)), "")`,
      );
      expect(delta).toBe(`=IF(OR(B${i + 2}="", C${i + 2}="", C${i + 2}=0), "", B${i + 2}/C${i + 2}-1)`);
      // The referenced ranges hold what the KPI names: the Period column, then the report's first series.
      const s = t.snap(d.name).values;
      expect(s[0].slice(0, 4)).toEqual(['Period', 'Period status', 'Row', 'Segment']);
      expect(s[0][4]).not.toBe('');
    });
    expect(o.numberFormats[1][3]).toBe('0.0%');
    // Computed from the report sheets: this month's and last month's MRR are numbers, Δ % follows them.
    overviewEvaluator(t.world);
    const shown: Any = t.world
      .execution('full')
      .globals.SpreadsheetApp.getActiveSpreadsheet()
      .getSheetByName('Overview');
    const mrr = shown.getRange('B2:D2').getValues()[0];
    expect(typeof mrr[0]).toBe('number');
    expect(typeof mrr[1]).toBe('number');
    expect(mrr[2]).toBeCloseTo(mrr[0] / mrr[1] - 1, 10);
    t.world.formulaEvaluator = null;

    // A second click adds nothing and says what it offers.
    const before = { sheets: t.world.spreadsheet().sheets.length, requests: (await emu.requests()).length };
    const again = t.build('build');
    expect(again).toHaveLength(1);
    expect(again[0].status).toBe('exists');
    expect(again[0].message).toMatch(
      /already has a dashboard \(12 of 12 reports and Overview\): nothing was added\. Refresh it\.$/,
    );
    expect(t.call('listReports')).toHaveLength(DASHBOARD_REPORTS.length);
    expect(t.world.spreadsheet().sheets.length).toBe(before.sheets);
    expect((await emu.requests()).length).toBe(before.requests);
    expect(t.snap('Overview').formulas).toEqual(o.formulas);
  });

  test("add missing: a deleted dashboard report comes back onto its own sheet, over its old block, beside the user's cells; refresh runs every report once", async () => {
    const t = bed();
    t.build('build', 'months_3');
    const reports: Any[] = t.call('listReports');
    const refunds = reports.find((r) => r.dashboard === 'refunds');
    const ss = (): Any => t.world.execution('full').globals.SpreadsheetApp.getActiveSpreadsheet();
    // The user's own note beside the block, which nothing may overwrite.
    const width = t.snap('Refunds').values[0].filter((v: unknown) => v !== '').length;
    ss()
      .getSheetByName('Refunds')
      .getRange(2, width + 3)
      .setValue('checked by Ann');
    const old = t.snap('Refunds');
    t.call('deleteReport', refunds.id);
    const status = t.call('dashboardStatus');
    expect(status.missing).toEqual([{ id: 'refunds', name: 'Refunds' }]);
    const sheets = t.world.spreadsheet().sheets.map((s) => s.name);
    const add = t.build('add_missing', 'months_3');
    expect(add[add.length - 1]).toMatchObject({ status: 'done', missing: [], total: 12, failed: [] });
    const list: Any[] = t.call('listReports');
    expect(list).toHaveLength(12);
    // No "Refunds (2)": the report is back on its sheet, its block replaced in place, one chart, the note kept.
    expect(t.world.spreadsheet().sheets.map((s) => s.name)).toEqual(sheets);
    const back = list.find((r) => r.dashboard === 'refunds');
    expect(back.block).toMatchObject({ sheetName: 'Refunds', a1: refunds.block.a1 });
    const now = t.snap('Refunds');
    expect(now.values[0]).toEqual(old.values[0]);
    expect(now.values[1][width + 2]).toBe('checked by Ann');
    expect(now.charts).toHaveLength(1);
    const seen = (await emu.requests()).length;
    t.world.clock.advance(3600e3);
    const r = t.build('refresh', 'months_3');
    expect(r[r.length - 1]).toMatchObject({ status: 'done', done: 12 });
    expect((await emu.requests(seen)).filter((x) => x.path.includes('/client-api/'))).toHaveLength(12);
    expect(t.snap('Refunds').charts).toHaveLength(1);
    expect(t.snap('Refunds').values[1][width + 2]).toBe('checked by Ann');
  });

  test('a build longer than one execution continues in the next: each call within the limit, every report fetched once, the Overview at the end', async () => {
    const t = bed();
    // Answers that take a minute (virtual time): two at a time, so a 4-minute share fits fewer than 12.
    await emu.setFaults(emu.demoKey, { latencyMs: 60_000 });
    const seen = (await emu.requests()).length;
    const steps: Any[] = [];
    const spans: number[] = [];
    for (let i = 0; i < 10; i++) {
      const since = steps[steps.length - 1]?.since;
      const t0 = t.world.clock.now() + 2000;
      steps.push(
        t.call('buildDashboard', {
          period: 'months_3',
          action: i === 0 ? 'build' : 'refresh',
          ...(since ? { since } : {}),
        }),
      );
      spans.push(t.world.clock.now() - t0);
      if (steps[steps.length - 1].status !== 'in_progress') break;
    }
    expect(steps.length).toBeGreaterThan(1);
    expect(steps[0]).toMatchObject({ status: 'in_progress', total: 12 });
    expect(steps[0].done).toBeGreaterThan(0);
    expect(steps[0].done + steps[0].pending.length).toBe(12);
    expect(steps[0].message).toBe(`Built ${steps[0].done} of 12 reports; continuing with ${steps[0].pending.length}…`);
    // Not yet an Overview while reports are pending; then one, with every KPI row.
    expect(steps[0].overview).toBeNull();
    const last = steps[steps.length - 1];
    expect(last).toMatchObject({ status: 'done', done: 12, pending: [], failed: [], overview: 'Overview' });
    for (const ms of spans) expect(ms).toBeLessThan(6 * 60e3);
    // Each report fetched once over all the calls (none run again by a later step), each on its sheet.
    const reqs = (await emu.requests(seen)).filter((r) => r.path.includes('/client-api/'));
    expect(reqs).toHaveLength(12);
    const list: Any[] = t.call('listReports');
    expect(list.every((r) => r.lastRun?.status === 'ok' && r.block?.sheetName === r.name)).toBe(true);
    expect(
      t.world
        .spreadsheet()
        .sheets.map((s) => s.name)
        .filter((n) => / \(\d+\)$/.test(n)),
    ).toEqual([]);
    const kpis = DASHBOARD_REPORTS.filter((d) => d.kpi).map((d) => d.kpi);
    expect(
      t
        .snap('Overview')
        .values.slice(1)
        .map((r) => r[0])
        .filter((v) => v !== ''),
    ).toEqual(kpis);
    await emu.clearFaults();
  }, 60000);

  test('a scheduled merge refresh longer than one execution: what is left goes first at the next hourly run; no period twice, none lost', async () => {
    const t = bed();
    t.build('build', 'months_3');
    const periods = (name: string) =>
      t
        .snap(name)
        .values.slice(1)
        .map((r) => r[0])
        .filter((v) => v !== '')
        .map((v) => String(v));
    const merged = DASHBOARD_REPORTS.filter((d) => d.mode === 'merge').map((d) => d.name);
    const before = new Map(merged.map((n) => [n, periods(n)]));
    await emu.setFaults(emu.demoKey, { latencyMs: 60_000 });
    const seen = (await emu.requests()).length;
    const fire = (at: number) => {
      t.world.clock.set(at);
      runOnce(t.world, { mode: 'trigger', user: OWNER }, 'runScheduledReports', []);
    };
    const log = () =>
      t
        .snap('Adapty Log')
        .values.slice(1)
        .filter((r) => r[0] !== '' && r[2] === 'schedule');
    // 06:17 in Berlin the next day: all 12 are due for the 06:00 slot.
    const six = Date.UTC(2026, 10, 29, 5, 17);
    fire(six);
    const first = log();
    const ran = first.filter((r) => r[5] === 'ok').map((r) => r[1]);
    const left = first.filter((r) => r[5] === 'skipped').map((r) => r[1]);
    expect(ran.length).toBeGreaterThan(0);
    expect(left.length).toBeGreaterThan(0);
    expect([...ran, ...left].sort()).toEqual(DASHBOARD_REPORTS.map((d) => d.name).sort());
    fire(six + 3600e3);
    const second = log().slice(first.length);
    expect(second.slice(0, left.length).map((r) => [r[1], r[5]])).toEqual(left.map((n) => [n, 'ok']));
    // Every report refreshed once over the two runs; merged sheets keep their periods, none twice.
    const reqs = (await emu.requests(seen)).filter((r) => r.path.includes('/client-api/'));
    expect(reqs).toHaveLength(12);
    for (const n of merged) {
      const p = periods(n);
      expect(new Set(p).size).toBe(p.length);
      expect(p.slice(0, before.get(n)!.length)).toEqual(before.get(n));
    }
    const list: Any[] = t.call('listReports');
    expect(list.every((r) => r.lastRun?.status === 'ok' && r.lastRun.trigger === 'schedule')).toBe(true);
    await emu.clearFaults();
  }, 60000);
});
