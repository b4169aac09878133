import { normalise, parseCsvTable } from './index';
import { LAYOUTS } from '../../catalog/layouts';
import { ENDPOINT_IDS, type EndpointId } from '../../catalog/ids';
import { AdaptyError } from '../errors';
import type { Table } from '../table';
import {
  ANALYTICS_DOC,
  COHORT_DOC,
  CONVERSION_DOC,
  FUNNEL_DOC,
  LTV_DOC,
  MALFORMED,
  PLACEMENTS_DOC,
  RETENTION_DOC,
  analyticsSegmented,
} from '../../../test/fixtures/answers';
import { missingNumbers, numericStrings } from '../../../test/fixtures/tableKit';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const EXAMPLES: Record<EndpointId, unknown> = {
  analytics: ANALYTICS_DOC,
  cohort: COHORT_DOC,
  conversion: CONVERSION_DOC,
  funnel: FUNNEL_DOC,
  ltv: LTV_DOC,
  retention: RETENTION_DOC,
  placements: PLACEMENTS_DOC,
};
/** The layouts that keep every number of the answer (the others pick one measure, and say so). */
const COMPLETE: Record<EndpointId, string[]> = {
  analytics: ['long'],
  cohort: ['long'],
  conversion: ['table'],
  funnel: ['steps', 'long'],
  ltv: ['table'],
  retention: ['table'],
  placements: ['table'],
};
const ctx = (endpoint: EndpointId, layout?: string) => ({
  endpoint,
  params: {},
  hasCompare: false,
  layout,
  chartKind: 'money' as const,
});

function caught(f: () => unknown): unknown {
  try {
    f();
  } catch (e) {
    return e;
  }
  return undefined;
}

describe('LAYOUTS registry', () => {
  test('every endpoint has layouts with unique ids, labels and help; the first is the default', () => {
    for (const ep of ENDPOINT_IDS) {
      const ls = LAYOUTS[ep];
      expect(ls.length).toBeGreaterThan(0);
      expect(new Set(ls.map((l) => l.id)).size).toBe(ls.length);
      for (const l of ls) {
        expect(l.id).toMatch(/^[a-z_]+$/);
        expect(l.label).not.toBe('');
        expect(l.help.length).toBeGreaterThan(20);
      }
    }
    expect(normalise(ANALYTICS_DOC, ctx('analytics'))).toEqual(normalise(ANALYTICS_DOC, ctx('analytics', 'long')));
  });

  test('LAYOUTS.md documents every layout', () => {
    const md = readFileSync(join(__dirname, 'LAYOUTS.md'), 'utf8');
    for (const ep of ENDPOINT_IDS) for (const l of LAYOUTS[ep]) expect(md).toContain(`\`${l.id}\``);
  });

  test('an unknown layout is refused naming the allowed ones', () => {
    expect(() => normalise(ANALYTICS_DOC, ctx('analytics', 'pivot'))).toThrow(
      'layout "pivot" is not one of: long, wide',
    );
  });
});

describe.each(ENDPOINT_IDS)('%s', (ep) => {
  test.each(LAYOUTS[ep].map((l) => l.id))('example answer, layout %s: a rectangular table of typed cells', (layout) => {
    const t: Table = normalise(EXAMPLES[ep], ctx(ep, layout));
    expect(t.columns.length).toBeGreaterThan(0);
    for (const r of t.rows) expect(r.length).toBe(t.columns.length);
    for (const r of t.rows) for (const c of r) expect(['string', 'number', 'boolean', 'object']).toContain(typeof c);
    for (const r of t.rows) for (const c of r) if (typeof c === 'object') expect(c).toBeNull();
    expect(new Set(t.columns.map((c) => c.key)).size).toBe(t.columns.length);
    expect(new Set(t.columns.map((c) => c.label)).size).toBe(t.columns.length);
    expect(numericStrings(t)).toEqual([]);
    if (COMPLETE[ep].includes(layout)) expect(missingNumbers(EXAMPLES[ep], t)).toEqual([]);
  });

  test.each(MALFORMED)('%s → bad_answer naming the endpoint and what was found', (what, answer) => {
    for (const l of LAYOUTS[ep]) {
      const e = caught(() => normalise(answer, ctx(ep, l.id)));
      expect(e).toBeInstanceOf(AdaptyError);
      expect((e as AdaptyError).code).toBe('bad_answer');
      expect((e as AdaptyError).message).toMatch(new RegExp(`Adapty's ${ep === 'ltv' ? 'LTV' : ep} answer`));
      if (what === 'an HTML page') expect((e as AdaptyError).message).toMatch(/HTML page/);
    }
  });
});

describe('robustness', () => {
  // Replace random parts of valid answers with junk: the result is a table or a bad_answer, never a TypeError.
  const JUNK: unknown[] = [null, 'oops', 3, -1.5, true, [], {}, [null], [1, 'a'], { x: 1 }, '<html>'];
  let seed = 7;
  const rnd = (n: number) => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed % n;
  };
  function mutate(v: unknown, depth = 0): unknown {
    if (v === null || typeof v !== 'object') return rnd(8) === 0 ? JUNK[rnd(JUNK.length)] : v;
    if (depth > 0 && rnd(10) === 0) return JUNK[rnd(JUNK.length)];
    if (Array.isArray(v)) return v.map((x) => mutate(x, depth + 1));
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, mutate(x, depth + 1)]));
  }
  const sources: Array<[EndpointId, unknown]> = [
    ...(Object.entries(EXAMPLES) as Array<[EndpointId, unknown]>),
    ['analytics', analyticsSegmented()],
  ];

  test('300 mutated answers per endpoint and layout', () => {
    let tables = 0,
      refused = 0;
    for (const [ep, answer] of sources) {
      for (const l of LAYOUTS[ep]) {
        for (let i = 0; i < 300; i++) {
          const m = mutate(answer);
          try {
            const t = normalise(m, { ...ctx(ep, l.id), hasCompare: i % 2 === 0 });
            for (const r of t.rows) expect(r.length).toBe(t.columns.length);
            // Numeric segment keys and titles are identifiers: they are kept as text.
            if (COMPLETE[ep].includes(l.id))
              expect(missingNumbers(m, t, { asText: (p) => /\.(type|title)$/.test(p) })).toEqual([]);
            tables++;
          } catch (e) {
            if (!(e instanceof AdaptyError) || e.code !== 'bad_answer') throw e;
            expect(e.message).not.toMatch(/could not be read as a table/);
            refused++;
          }
        }
      }
    }
    expect(tables).toBeGreaterThan(100);
    expect(refused).toBeGreaterThan(100);
  });

  test('CSV is parsed whatever the endpoint, without interpretation', () => {
    expect(parseCsvTable('a,b\n1,2\n').rows).toEqual([[1, 2]]);
  });
});
