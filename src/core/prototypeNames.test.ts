/**
 * Every name Object.prototype answers to (`constructor`, `__proto__`, `toString`, `hasOwnProperty`,
 * `valueOf`…) planted in every input field and every answer field: each gives a clear refusal naming the
 * field and the value, or is taken as the plain text it is (a table with that column, a filter with that
 * value). Never `[null]`, never "is not a function", never a silently dropped key.
 * Objects that carry `__proto__` as a key are made with JSON.parse, as google.script.run, the options
 * argument and Adapty's answers deliver them.
 */
import { buildRequest, type ReportSpec } from './request';
import { readOptions, specFromOptions } from './options';
import { specFromArgs } from './formula/args';
import { formulaFunction, FORMULA_FUNCTIONS } from './formula/functions';
import { parseSchedule } from './schedule';
import { resolveCompareInput, resolveRange } from './dates/input';
import { isDatePresetName } from './dates/presets';
import { AdaptyError, ValidationError } from './errors';
import { intlTimeZonePort } from './timezoneIntl';
import {
  chartById,
  ENDPOINTS,
  FILTERS,
  filterDef,
  filtersFor,
  findChart,
  segmentationsFor,
  type EndpointId,
} from '../catalog/catalog';
import * as sidebar from './sidebarInput';
import { normalise } from './tables';
import { LAYOUTS } from '../catalog/layouts';
import type { Table } from './table';
import {
  ANALYTICS_DOC,
  COHORT_DOC,
  CONVERSION_DOC,
  FUNNEL_DOC,
  LTV_DOC,
  PLACEMENTS_DOC,
  RETENTION_DOC,
  analyticsSegmented,
} from '../../test/fixtures/answers';
import { missingNumbers } from '../../test/fixtures/tableKit';

const NAMES = Object.getOwnPropertyNames(Object.prototype);
const ctx = { today: '2026-11-28', timeZone: 'Europe/Berlin', tz: intlTimeZonePort };
const dctx = { today: '2026-11-28', tz: 'Europe/Berlin', port: intlTimeZonePort };

/** An object with `key: value` as an own data property, whatever the key (as JSON.parse makes it). */
const withKey = (base: object, key: string, value: unknown): Record<string, unknown> =>
  JSON.parse(
    JSON.stringify(base)
      .replace(/^\{/, `{${JSON.stringify(key)}:${JSON.stringify(value)},`)
      .replace(/,}$/, '}'),
  );

/** The outcome of a call: 'ok' with its value, or the refusal; anything but a ValidationError fails the test. */
function outcome<T>(f: () => T): { ok: true; value: T } | { ok: false; message: string; field: string } {
  try {
    return { ok: true, value: f() };
  } catch (e) {
    if (!(e instanceof ValidationError)) throw e;
    return { ok: false, message: e.message, field: e.field };
  }
}

function refused(f: () => unknown, name: string): string {
  const o = outcome(f);
  if (o.ok) throw new Error(`accepted ${name}: ${JSON.stringify(o.value)}`);
  expect(o.message).toContain(JSON.stringify(name).slice(0, 20));
  return o.message;
}

test('the names under test include the ones users hit', () => {
  expect(NAMES).toEqual(
    expect.arrayContaining(['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf', 'isPrototypeOf']),
  );
});

describe.each(NAMES)('%s as input', (name) => {
  const base: ReportSpec = { endpoint: 'analytics', chart: 'revenue', start: '2026-01-01', end: '2026-01-31' };

  test('catalog lookups answer "none"', () => {
    expect(findChart(name)).toBeUndefined();
    expect(chartById(name)).toBeUndefined();
    expect(filterDef(name)).toBeUndefined();
    expect(formulaFunction(name)).toBeUndefined();
    expect(segmentationsFor('analytics', name)).toContain('country');
    expect(filtersFor('analytics', name)).toContain('country');
    expect(isDatePresetName(name)).toBe(false);
  });

  test('endpoint, chart, dates, compare, format, layout, measure are refused naming the value', () => {
    refused(() => buildRequest({ ...base, endpoint: name }, ctx), name);
    refused(() => buildRequest({ ...base, chart: name }, ctx), name);
    refused(() => buildRequest({ ...base, start: name, end: undefined }, ctx), name);
    refused(() => buildRequest({ ...base, end: name }, ctx), name);
    refused(() => buildRequest({ ...base, compare: name }, ctx), name);
    refused(() => buildRequest({ ...base, format: name }, ctx), name);
    refused(() => buildRequest({ ...base, layout: name }, ctx), name);
    refused(() => buildRequest({ ...base, measure: name }, ctx), name);
    refused(() => resolveRange({ start: name }, { start: 'start', end: 'end' }, dctx), name);
    refused(() => resolveCompareInput(name, ['2026-01-01', '2026-01-31'], dctx), name);
  });

  test('as the value of every parameter of every endpoint: refused naming the parameter', () => {
    for (const ep of ENDPOINTS) {
      for (const p of ep.params) {
        const spec: ReportSpec = {
          endpoint: ep.id,
          ...(ep.id === 'analytics' ? { chart: 'revenue' } : {}),
          ...(ep.dated ? { start: '2026-01-01', end: '2026-01-31' } : {}),
          params: { ...(ep.id === 'conversion' ? { to_period: '1' } : {}), period_type: 'days', [p.key]: name },
        };
        if (p.type === 'chart') delete spec.chart;
        if (!ep.params.some((x) => x.key === 'period_type')) delete spec.params!.period_type;
        const o = outcome(() => buildRequest(spec, ctx));
        expect(o.ok).toBe(false);
        if (!o.ok) expect([p.key, 'chart']).toContain(o.field);
      }
    }
  });

  test('as the value of every filter: refused, or sent as itself where free text is allowed', () => {
    for (const f of FILTERS) {
      if (f.shape === 'date_range') continue;
      const spec = { ...base, filters: { [f.key]: [name] } };
      const o = outcome(() => buildRequest(spec, ctx));
      if (o.ok) {
        // Free text (campaigns, offer ids) and custom store ids are text like any other.
        expect(f.shape === 'text_list' || f.shape === 'product_list' || f.openValues).toBe(true);
        expect(JSON.parse(JSON.stringify(o.value.body)).filters[f.key]).toEqual([name]);
      } else {
        expect(o.field).toBe(f.key);
        expect(o.message).toContain(JSON.stringify(name));
      }
    }
    // The reported case: attribution_status=constructor used to be sent as [null].
    refused(() => buildRequest({ ...base, filters: { attribution_status: name } }, ctx), name);
  });

  test('as a parameter or filter name (own key, also __proto__): refused as unknown', () => {
    const params = withKey({ period_unit: 'month' }, name, 'x');
    refused(() => buildRequest({ ...base, params }, ctx), name);
    const filters = withKey({ country: ['us'] }, name, ['x']);
    refused(() => buildRequest({ ...base, filters }, ctx), name);
  });

  test('options text, JSON and range: a key is refused as unknown (never dropped), a value is checked', () => {
    for (const input of [
      `period_unit=month; ${name}=1`,
      JSON.stringify(withKey({ period_unit: 'month' }, name, 1)),
      [
        ['period_unit', 'month'],
        [name, '1'],
      ],
    ]) {
      const map = readOptions(input);
      const key = typeof input === 'string' && input.startsWith('{') ? name : name.toLowerCase();
      expect(Object.keys(map)).toContain(key);
      refused(() => specFromOptions('analytics', map), key);
    }
    refused(
      () => specFromArgs(FORMULA_FUNCTIONS[0], ['revenue', '2026-01-01', '2026-01-31', `${name}=1`]),
      name.toLowerCase(),
    );
    const { spec } = specFromOptions('analytics', readOptions(`attribution_status=${name}`));
    refused(() => buildRequest({ ...base, ...spec, endpoint: 'analytics' }, ctx), name);
  });

  test('every custom-function argument: a refusal naming it, or taken as plain text', () => {
    for (const fn of FORMULA_FUNCTIONS) {
      fn.args.forEach((a, i) => {
        const args: unknown[] = fn.args.map((x) =>
          x.kind === 'chart' ? 'revenue' : x.kind === 'start' ? '2026-01-01' : x.kind === 'to_period' ? 1 : '',
        );
        args[i] = name;
        const o = outcome(() => {
          const call = specFromArgs(fn, args);
          return buildRequest(call.spec, ctx);
        });
        if (o.ok)
          expect(a.kind).toBe('refresh'); // any refresh value only has to change
        else expect(o.message).toContain(JSON.stringify(name).slice(0, 12));
      });
    }
  });

  test('schedules: text, kind, hour, weekday and day are refused naming the field', () => {
    expect(refused(() => parseSchedule(name), name)).toMatch(/^schedule /);
    expect(outcome(() => parseSchedule({ every: name })).ok).toBe(false);
    expect(refused(() => parseSchedule({ every: 'day', hour: name }), name)).toMatch(/^schedule\.hour/);
    expect(refused(() => parseSchedule({ every: 'week', weekday: name, hour: 6 }), name)).toMatch(/^schedule\.weekday/);
    expect(refused(() => parseSchedule({ every: 'month', day: name, hour: 6 }), name)).toMatch(/^schedule\.day/);
    expect(outcome(() => parseSchedule(`weekly ${name} 6`)).ok).toBe(false);
    // A schedule object carrying the name as a key is read by its own parts only.
    expect(parseSchedule(withKey({ every: 'day', hour: 6 }, name, 'x'))).toEqual({ every: 'day', hour: 6 });
  });

  test('sidebar arguments: refused naming the field in the sidebar’s words, or kept as the text it is', () => {
    const spec = { endpoint: 'analytics', chart: 'revenue', start: 'last_30_days' };
    const run = (over: object) => () => sidebar.runReportInput({ spec, destination: { kind: 'new_sheet' }, ...over });
    expect(refused(run({ mode: name }), name)).toMatch(/^Write mode /);
    expect(refused(run({ destination: { kind: name } }), name)).toMatch(/^Write to /);
    expect(refused(run({ destination: { kind: 'sheet', sheetName: 'S', anchor: name } }), name)).toMatch(
      /^Anchor cell /,
    );
    expect(refused(() => sidebar.runReportInput(withKey({ spec }, name, 1)), name)).toMatch(/unknown part/);
    // A sheet may well be called "constructor"; an id may look like one (then it is not found).
    expect(sidebar.runReportInput({ spec, destination: { kind: 'sheet', sheetName: name } }).destination).toEqual({
      kind: 'sheet',
      sheetName: name,
    });
    expect(sidebar.reportIdInput(name)).toBe(name);
    expect(refused(() => sidebar.saveReportInput({ name: 'R', spec, schedule: name }), name)).toMatch(/^schedule /);
  });
});

// ---------------------------------------------------------------------------------------------------
// Answers

const EXAMPLES: Array<[EndpointId, unknown]> = [
  ['analytics', ANALYTICS_DOC],
  ['analytics', analyticsSegmented()],
  ['cohort', COHORT_DOC],
  ['conversion', CONVERSION_DOC],
  ['funnel', FUNNEL_DOC],
  ['ltv', LTV_DOC],
  ['retention', RETENTION_DOC],
  ['placements', PLACEMENTS_DOC],
];
/** Layouts that keep every number of the answer (the others pick one measure, and say so). */
const COMPLETE = new Set([
  'analytics:long',
  'cohort:long',
  'conversion:table',
  'funnel:steps',
  'funnel:long',
  'ltv:table',
  'retention:table',
  'placements:table',
]);

/** The answer as JSON text with `name: <unique number>` added to every object, parsed back. */
function plantEverywhere(answer: unknown, name: string): { answer: unknown; planted: number[] } {
  const planted: number[] = [];
  const json = (v: unknown): string => {
    if (Array.isArray(v)) return `[${v.map(json).join(',')}]`;
    if (v !== null && typeof v === 'object') {
      const n = 700000 + planted.length + 0.25;
      planted.push(n);
      const parts = Object.entries(v).map(([k, x]) => `${JSON.stringify(k)}:${json(x)}`);
      return `{${[...parts, `${JSON.stringify(name)}:${n}`].join(',')}}`;
    }
    return JSON.stringify(v);
  };
  return { answer: JSON.parse(json(answer)), planted };
}

function wellFormed(t: Table): void {
  for (const r of t.rows) expect(r.length).toBe(t.columns.length);
  for (const c of t.columns) {
    expect(typeof c.key).toBe('string');
    expect(typeof c.label).toBe('string');
    expect(c.label).not.toMatch(/function|\[object|native code/);
  }
  expect(new Set(t.columns.map((c) => c.label)).size).toBe(t.columns.length);
}

const nctx = (endpoint: EndpointId, layout: string) => ({
  endpoint,
  params: {},
  hasCompare: false,
  layout,
  chartKind: 'money' as const,
});

describe.each(NAMES)('%s in answers', (name) => {
  test.each(EXAMPLES.map(([ep, a], i) => [`${ep} #${i}`, ep, a] as const))(
    '%s: as a field of every object, a table that keeps every number, or a refusal naming it',
    (_label, ep, answer) => {
      const { answer: planted } = plantEverywhere(answer, name);
      for (const l of LAYOUTS[ep]) {
        let t: Table;
        try {
          t = normalise(planted, nctx(ep, l.id));
        } catch (e) {
          // A number where Adapty puts a series object is a malformed answer, and said so.
          expect(e).toBeInstanceOf(AdaptyError);
          expect((e as AdaptyError).code).toBe('bad_answer');
          expect((e as AdaptyError).message).toContain(`"${name}"`);
          continue;
        }
        wellFormed(t);
        if (COMPLETE.has(`${ep}:${l.id}`)) expect(missingNumbers(planted, t)).toEqual([]);
      }
    },
  );

  test('as an analytics series key and an LTV metric key: its own column with its numbers', () => {
    const a = JSON.parse(JSON.stringify(ANALYTICS_DOC));
    const series = JSON.parse(JSON.stringify(a.data.revenue).replace(/1380\.73/g, '4242.5'));
    const analytics = { data: withKey(a.data, name, series) };
    const t = normalise(analytics, nctx('analytics', 'long'));
    wellFormed(t);
    const col = t.columns.findIndex((c) => c.key === name);
    expect(col).toBeGreaterThan(0);
    expect(t.rows.map((r) => r[col])).toContain(4242.5);
    expect(missingNumbers(analytics, t)).toEqual([]);
    const wide = normalise(analytics, { ...nctx('analytics', 'wide'), measure: name });
    wellFormed(wide);
    expect(wide.rows.flat()).toContain(4242.5);

    const ltv = withKey(LTV_DOC, name, JSON.parse(JSON.stringify(LTV_DOC.revenue)));
    const lt = normalise(ltv, nctx('ltv', 'table'));
    wellFormed(lt);
    expect(lt.columns.some((c) => c.key === name)).toBe(true);
    expect(missingNumbers(ltv, lt)).toEqual([]);
  });

  test('as a segment key and title: rows keyed by it, as text', () => {
    const a = analyticsSegmented() as { data: Record<string, { data: Array<{ type: string; title: string }> }> };
    for (const s of Object.values(a.data)) {
      s.data[1].type = name;
      s.data[1].title = name;
    }
    const t = normalise(JSON.parse(JSON.stringify(a)), nctx('analytics', 'long'));
    wellFormed(t);
    const key = t.columns.findIndex((c) => c.key === 'segment_key');
    expect(t.rows.filter((r) => r[key] === name).length).toBeGreaterThan(1);
    const w = normalise(JSON.parse(JSON.stringify(a)), nctx('analytics', 'wide'));
    wellFormed(w);
    expect(w.columns.map((c) => c.label)).toContain(name);

    const r = JSON.parse(JSON.stringify(RETENTION_DOC));
    r.data[1].type = name;
    const rt = normalise(r, nctx('retention', 'table'));
    wellFormed(rt);
    expect(rt.rows.some((row) => row.includes(name))).toBe(true);
    expect(missingNumbers(r, rt)).toEqual([]);
  });
});
