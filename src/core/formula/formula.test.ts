import { specFromArgs } from './args';
import { FORMULA_FUNCTIONS, FORMULA_FUNCTION_BY_NAME, signature, type Separator } from './functions';
import { findAdaptyCalls, parseCellReference, parseLiteral } from './read';
import { detectSeparator, rewriteRefresh } from './refresh';
import { argumentSeparator } from './separator';
import { optionsText, specToFormula } from './write';
import { buildRequest, type ReportSpec } from '../request';
import { intlTimeZonePort } from '../timezoneIntl';
import { ValidationError } from '../errors';
import { ENDPOINTS } from '../../catalog/catalog';

const ctx = { today: '2026-11-28', timeZone: 'Europe/Berlin', tz: intlTimeZonePort };
const fn = (name: string) => FORMULA_FUNCTION_BY_NAME[name];

const msg = (f: () => unknown): string => {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(ValidationError);
    return (e as Error).message;
  }
  throw new Error('expected a ValidationError');
};

/** Formula text → the values Sheets would pass (literal arguments only). */
function argsOf(formula: string, sep: Separator): { name: string; args: unknown[] } {
  const calls = findAdaptyCalls(formula, sep);
  expect(calls).toHaveLength(1);
  return { name: calls[0].name, args: calls[0].args.map((a) => parseLiteral(a.text, sep)) };
}

describe('the functions: the public contract', () => {
  test('names and argument order exactly as published', () => {
    expect(FORMULA_FUNCTIONS.map(signature)).toEqual([
      'ADAPTY_ANALYTICS(chart, start, end, [options], [refresh])',
      'ADAPTY_COHORT(start, end, [options], [refresh])',
      'ADAPTY_CONVERSION(from_period, to_period, start, end, [options], [refresh])',
      'ADAPTY_FUNNEL(start, end, [options], [refresh])',
      'ADAPTY_LTV(start, end, [options], [refresh])',
      'ADAPTY_RETENTION(start, end, [options], [refresh])',
      'ADAPTY_PLACEMENTS([placement_type], [refresh])',
    ]);
    expect(FORMULA_FUNCTIONS.map((f) => f.endpoint)).toEqual(ENDPOINTS.map((e) => e.id));
  });
});

describe('argumentSeparator: locale → separator', () => {
  test.each([
    ['de_DE', ';'],
    ['fr_FR', ';'],
    ['ru_RU', ';'],
    ['pt_BR', ';'],
    ['es_ES', ';'],
    ['it_IT', ';'],
    ['nl_NL', ';'],
    ['pl_PL', ';'],
    ['tr_TR', ';'],
    ['sv_SE', ';'],
    ['uk_UA', ';'],
    ['de', ';'],
    ['pt-PT', ';'],
    ['id_ID', ';'],
    ['en_US', ','],
    ['en_GB', ','],
    ['ja_JP', ','],
    ['zh_CN', ','],
    ['ko_KR', ','],
    ['es_MX', ','],
    ['de_CH', ','],
    ['th_TH', ','],
    ['en', ','],
    ['', ','],
    [null, ','],
    [undefined, ','],
    ['weird', ','],
  ])('%s → %s', (locale, sep) => {
    expect(argumentSeparator(locale as string)).toBe(sep);
  });
});

describe('specFromArgs: what the custom functions make of their arguments', () => {
  test('analytics: chart label, dates, options text with lists', () => {
    const c = specFromArgs(fn('ADAPTY_ANALYTICS'), [
      'Active subscriptions',
      '2026-01-01',
      '2026-01-31',
      'period_unit=week; country=us,ca; headers=false; cache=0',
    ]);
    expect(c.extras).toEqual({ headers: false, cacheSeconds: 0 });
    expect(buildRequest(c.spec, ctx).body).toEqual({
      chart_id: 'subscriptions_active',
      filters: { date: ['2026-01-01', '2026-01-31'], country: ['us', 'ca'] },
      period_unit: 'week',
    });
  });

  test('two-column range and Adapty JSON (with its filters object) give the same body as text', () => {
    const text = specFromArgs(fn('ADAPTY_COHORT'), [
      '2026-01-01',
      '2026-03-31',
      'period_unit=month; value_field=arpu; store=app_store; country=us',
    ]);
    const range = specFromArgs(fn('ADAPTY_COHORT'), [
      '2026-01-01',
      '2026-03-31',
      [
        ['period_unit', 'month'],
        ['value_field', 'arpu'],
        ['store', 'app_store'],
        ['country', 'us'],
        ['', ''],
      ],
    ]);
    const json = specFromArgs(fn('ADAPTY_COHORT'), [
      '',
      '',
      '{"filters": {"date": ["2026-01-01", "2026-03-31"], "store": ["app_store"], "country": ["us"]}, "period_unit": "month", "value_field": "arpu"}',
    ]);
    const body = buildRequest(text.spec, ctx).body;
    expect(buildRequest(range.spec, ctx).body).toEqual(body);
    expect(buildRequest(json.spec, ctx).body).toEqual(body);
  });

  test('a range wider than two columns: one value is a scalar, several a list', () => {
    const c = specFromArgs(fn('ADAPTY_ANALYTICS'), [
      'revenue',
      'last_month',
      '',
      [
        ['period_unit', 'week', ''],
        ['country', 'us', 'de'],
        ['store', '', ''],
      ],
    ]);
    expect(buildRequest(c.spec, ctx).body).toEqual({
      chart_id: 'revenue',
      filters: { date: ['2026-10-01', '2026-10-31'], country: ['us', 'de'] },
      period_unit: 'week',
    });
  });

  test('a preset in start with end empty (undefined or "")', () => {
    for (const end of [undefined, '']) {
      const c = specFromArgs(fn('ADAPTY_LTV'), ['last_month', end]);
      expect(buildRequest(c.spec, ctx).range).toEqual(['2026-10-01', '2026-10-31']);
    }
  });

  test('conversion: empty from = install, numbers and 6+ periods', () => {
    const a = specFromArgs(fn('ADAPTY_CONVERSION'), ['', 1, 'last_30_days', '']);
    expect(buildRequest(a.spec, ctx).body).toMatchObject({ from_period: null, to_period: '1' });
    const b = specFromArgs(fn('ADAPTY_CONVERSION'), [1, '12+', '2025-01-01', '2025-12-31']);
    expect(buildRequest(b.spec, ctx).body).toMatchObject({ from_period: '1', to_period: '12+' });
    const c = specFromArgs(fn('ADAPTY_CONVERSION'), [
      undefined,
      undefined,
      '',
      '',
      '{"from_period": null, "to_period": "0", "filters": {"date": ["2025-01-01", "2025-01-31"]}}',
    ]);
    expect(buildRequest(c.spec, ctx).body).toMatchObject({ from_period: null, to_period: '0' });
    expect(msg(() => buildRequest(specFromArgs(fn('ADAPTY_CONVERSION'), ['', '', 'last_month']).spec, ctx))).toMatch(
      /^to_period is required/,
    );
  });

  test('placements: type, options text in its one argument, nothing', () => {
    expect(buildRequest(specFromArgs(fn('ADAPTY_PLACEMENTS'), []).spec, ctx).body).toEqual({
      filters: { placement_type: 'paywall' },
    });
    expect(buildRequest(specFromArgs(fn('ADAPTY_PLACEMENTS'), ['onboarding']).spec, ctx).body).toEqual({
      filters: { placement_type: 'onboarding' },
    });
    const c = specFromArgs(fn('ADAPTY_PLACEMENTS'), ['placement_type=onboarding; headers=false']);
    expect(c.extras.headers).toBe(false);
    expect(buildRequest(c.spec, ctx).body).toEqual({ filters: { placement_type: 'onboarding' } });
    expect(msg(() => buildRequest(specFromArgs(fn('ADAPTY_PLACEMENTS'), ['onbording']).spec, ctx))).toMatch(
      /placement_type "onbording" is not one of: paywall, onboarding/,
    );
  });

  test('refresh becomes a token; empty means none', () => {
    expect(specFromArgs(fn('ADAPTY_FUNNEL'), ['last_month', '', '', 7]).refreshToken).toBe('7');
    expect(specFromArgs(fn('ADAPTY_FUNNEL'), ['last_month', '', '', 'x']).refreshToken).toBe('sx');
    expect(specFromArgs(fn('ADAPTY_FUNNEL'), ['last_month', '', '', new Date(5)]).refreshToken).toBe('d5');
    expect(specFromArgs(fn('ADAPTY_FUNNEL'), ['last_month', '', '', '']).refreshToken).toBeUndefined();
    expect(specFromArgs(fn('ADAPTY_FUNNEL'), ['last_month']).refreshToken).toBeUndefined();
  });

  test('bad arguments say what to fix', () => {
    expect(msg(() => specFromArgs(fn('ADAPTY_FUNNEL'), ['a', 'b', 'c', 'd', 'e']))).toMatch(
      /takes at most 4 arguments, ADAPTY_FUNNEL\(start, end, \[options\], \[refresh\]\), but got 5/,
    );
    expect(msg(() => specFromArgs(fn('ADAPTY_ANALYTICS'), [[['mrr'], ['arr']], 'last_month']))).toMatch(
      /^chart must be one cell or value, not a range of 2 cells/,
    );
    expect(msg(() => specFromArgs(fn('ADAPTY_ANALYTICS'), ['mrr', '2026-01-01', '', '{"chart_id": "arr"}']))).toMatch(
      /^chart is given twice/,
    );
    expect(
      msg(() => specFromArgs(fn('ADAPTY_ANALYTICS'), ['mrr', '2026-01-01', '', 'date=2026-01-01..2026-02-01'])),
    ).toMatch(/^start is given twice/);
    expect(msg(() => specFromArgs(fn('ADAPTY_ANALYTICS'), ['mrr', 'last_month', '', 'period_unt=week']))).toMatch(
      /option "period_unt" is unknown — did you mean "period_unit"\?/,
    );
    expect(msg(() => buildRequest(specFromArgs(fn('ADAPTY_ANALYTICS'), ['mrrr', 'last_month']).spec, ctx))).toMatch(
      /^chart "mrrr" is unknown — did you mean "mrr"\? Charts: revenue, mrr, /,
    );
  });
});

describe('specToFormula and back: the same request', () => {
  const specs: ReportSpec[] = [
    {
      endpoint: 'analytics',
      chart: 'MRR',
      start: '2026-01-01',
      end: '2026-03-31',
      params: { period_unit: 'week', segmentation: 'country' },
      filters: { country: ['us', 'ca'], store: ['app_store'] },
    },
    { endpoint: 'analytics', chart: 'revenue', start: 'last_30_days', compare: 'previous_period', measure: 'proceeds' },
    {
      endpoint: 'analytics',
      chart: 'installs',
      start: 'last_month',
      filters: { attribution_campaign: ['spring; sale', 'a,b'] },
    },
    {
      endpoint: 'analytics',
      chart: 'revenue',
      start: '2026-01-01',
      end: '2026-01-31',
      compare: ['2025-01-01', '2025-01-31'],
      filters: { attribution_channel: ['x=y'] },
    },
    {
      endpoint: 'cohort',
      start: '2025-01-01',
      end: '2025-06-30',
      params: { period_type: 'days', renewal_days: [0, 3, 7], prediction_months: 6, value_type: 'relative' },
    },
    {
      endpoint: 'conversion',
      start: 'last_90_days',
      params: { from_period: '', to_period: '1', period_unit: 'month' },
    },
    { endpoint: 'conversion', start: 'this_year', params: { from_period: '1', to_period: '6+' } },
    { endpoint: 'conversion', start: 'last_month', params: { from_period: null, to_period: 0 } },
    {
      endpoint: 'funnel',
      start: 'last_month',
      params: { show_value_as: 'both' },
      filters: { store_product_id: ['app_store:premium "gold"'] },
    },
    { endpoint: 'ltv', start: 'last_year', params: { segmentation: 'country' }, format: 'csv' },
    { endpoint: 'retention', start: '2025-02-01', end: '2025-02-28', params: { use_trial: true } },
    { endpoint: 'placements', filters: { placement_type: 'onboarding' } },
    { endpoint: 'placements' },
    { endpoint: 'placements', filters: { placement_type: 'paywall' }, format: 'csv' },
  ];
  for (const sep of [',', ';'] as const) {
    test.each(specs.map((s) => [s.endpoint + ' ' + JSON.stringify(s).slice(0, 80), s]))(`${sep} %s`, (_, spec) => {
      const extras = { headers: false, cacheSeconds: 120 };
      for (const ex of [{}, extras]) {
        const formula = specToFormula(spec, sep, ex);
        expect(formula.startsWith('=ADAPTY_')).toBe(true);
        const { name, args } = argsOf(formula, sep);
        const back = specFromArgs(fn(name), args);
        const a = buildRequest(spec, ctx);
        const b = buildRequest(back.spec, ctx);
        expect(b.path).toBe(a.path);
        expect(b.body).toEqual(a.body);
        expect(b.format).toBe(a.format);
        expect(b.normalise).toEqual(a.normalise);
        expect(back.extras).toEqual(ex);
      }
    });
  }

  test('the text form, presets as names, the chart id, trailing empties dropped', () => {
    expect(specToFormula(specs[0], ',')).toBe(
      '=ADAPTY_ANALYTICS("mrr", "2026-01-01", "2026-03-31", "period_unit=week; segmentation=country; store=app_store; country=us,ca")',
    );
    expect(specToFormula(specs[0], ';')).toBe(
      '=ADAPTY_ANALYTICS("mrr"; "2026-01-01"; "2026-03-31"; "period_unit=week; segmentation=country; store=app_store; country=us,ca")',
    );
    expect(specToFormula(specs[1], ',')).toBe(
      '=ADAPTY_ANALYTICS("revenue", "last_30_days", "", "compare=previous_period; measure=proceeds")',
    );
    expect(specToFormula(specs[5], ';')).toBe('=ADAPTY_CONVERSION(""; 1; "last_90_days"; ""; "period_unit=month")');
    expect(specToFormula(specs[11], ',')).toBe('=ADAPTY_PLACEMENTS("onboarding")');
    expect(specToFormula(specs[12], ',')).toBe('=ADAPTY_PLACEMENTS()');
    expect(specToFormula({ endpoint: 'ltv', start: 'last_year' }, ',', { refresh: 3 })).toBe(
      '=ADAPTY_LTV("last_year", "", "", 3)',
    );
  });

  test('JSON when a value holds ; or = or a comma inside a list item; quotes doubled', () => {
    expect(specToFormula(specs[2], ',')).toBe(
      '=ADAPTY_ANALYTICS("installs", "last_month", "", "{""filters"":{""attribution_campaign"":[""spring; sale"",""a,b""]}}")',
    );
    expect(optionsText(specs[3])).toBe(
      '{"filters":{"attribution_channel":["x=y"]},"compare":"2025-01-01..2025-01-31"}',
    );
    expect(specToFormula(specs[8], ',')).toContain('store_product_id=app_store:premium ""gold""');
  });

  test('an unknown endpoint is refused', () => {
    expect(msg(() => specToFormula({ endpoint: 'nope' }, ','))).toMatch(
      /endpoint "nope" is not one of: analytics, cohort/,
    );
  });
});

describe('findAdaptyCalls', () => {
  test('nested in other functions, strings and sheet names skipped, case-insensitive', () => {
    const f = `=IFERROR(adapty_analytics("mrr", 'ADAPTY_X(1'!A1, "ADAPTY_LTV(", {1,2;3,4}, SUM(B1, B2)), "—") & ADAPTY_PLACEMENTS()`;
    const calls = findAdaptyCalls(f, ',');
    expect(calls.map((c) => c.name)).toEqual(['ADAPTY_ANALYTICS', 'ADAPTY_PLACEMENTS']);
    expect(calls[0].args.map((a) => a.text)).toEqual([
      '"mrr"',
      ` 'ADAPTY_X(1'!A1`,
      ' "ADAPTY_LTV("',
      ' {1,2;3,4}',
      ' SUM(B1, B2)',
    ]);
    expect(calls[1].args).toEqual([]);
  });

  test('semicolon locale: decimal commas do not split', () => {
    const calls = findAdaptyCalls('=ADAPTY_FUNNEL("last_month"; ""; "period_unit=week; country=us,ca"; 1,5)', ';');
    expect(calls[0].args.map((a) => a.text.trim())).toEqual([
      '"last_month"',
      '""',
      '"period_unit=week; country=us,ca"',
      '1,5',
    ]);
    expect(parseLiteral('1,5', ';')).toBe(1.5);
  });

  test('not a call: a name without parenthesis, a longer identifier, unbalanced text', () => {
    expect(findAdaptyCalls('=MY_ADAPTY_LTV(1) + ADAPTY_LTV', ',')).toEqual([]);
    expect(findAdaptyCalls('=ADAPTY_LTV("a"', ',')).toEqual([]);
  });
});

describe('rewriteRefresh', () => {
  const T = 1764300000;
  test('sets the refresh argument, others byte-identical', () => {
    const f = '=ADAPTY_ANALYTICS( "mrr" ,A1,  B1 , "period_unit=week",  3 )';
    const r = rewriteRefresh(f, ',', T);
    expect(r.formula).toBe(`=ADAPTY_ANALYTICS( "mrr" ,A1,  B1 , "period_unit=week",  ${T} )`);
    expect(r).toMatchObject({ calls: 1, changed: true, bumpedRefs: [] });
  });

  test('adds missing arguments as ""', () => {
    expect(rewriteRefresh('=ADAPTY_ANALYTICS("mrr",A1,B1)', ',', T).formula).toBe(
      `=ADAPTY_ANALYTICS("mrr",A1,B1, "", ${T})`,
    );
    expect(rewriteRefresh('=ADAPTY_LTV("last_month")', ';', T).formula).toBe(`=ADAPTY_LTV("last_month"; ""; ""; ${T})`);
    expect(rewriteRefresh('=ADAPTY_PLACEMENTS()', ',', T).formula).toBe(`=ADAPTY_PLACEMENTS("", ${T})`);
    expect(rewriteRefresh('=ADAPTY_PLACEMENTS("onboarding")', ',', T).formula).toBe(
      `=ADAPTY_PLACEMENTS("onboarding", ${T})`,
    );
  });

  test('an empty or text refresh is replaced; the same token again gives token + 1', () => {
    expect(rewriteRefresh('=ADAPTY_LTV("last_month",,,)', ',', T).formula).toBe(`=ADAPTY_LTV("last_month",,,${T})`);
    expect(rewriteRefresh('=ADAPTY_LTV("last_month",,,"x")', ',', T).formula).toBe(`=ADAPTY_LTV("last_month",,,${T})`);
    expect(rewriteRefresh(`=ADAPTY_LTV("last_month",,,${T})`, ',', T).formula).toBe(
      `=ADAPTY_LTV("last_month",,,${T + 1})`,
    );
    expect(rewriteRefresh(`=ADAPTY_LTV("last_month",,,NOW())`, ',', T).formula).toBe(
      `=ADAPTY_LTV("last_month",,,${T})`,
    );
  });

  test('cell reference: kept when the caller bumps the cell, replaced otherwise', () => {
    const f = '=ADAPTY_RETENTION("last_month", , , \'Control panel\'!$B$1)';
    const kept = rewriteRefresh(f, ',', T, () => true);
    expect(kept).toMatchObject({ formula: f, changed: false, bumpedRefs: ["'Control panel'!$B$1"] });
    expect(rewriteRefresh(f, ',', T, () => false).formula).toBe(`=ADAPTY_RETENTION("last_month", , , ${T})`);
  });

  test('every call in a formula; unknown ADAPTY_ names and over-long calls left alone', () => {
    const f = '=ADAPTY_LTV("last_month") & ADAPTY_FOO(1) & ADAPTY_FUNNEL("a","b","c","d","e")';
    const r = rewriteRefresh(f, ',', T);
    expect(r.formula).toBe(
      `=ADAPTY_LTV("last_month", "", "", ${T}) & ADAPTY_FOO(1) & ADAPTY_FUNNEL("a","b","c","d","e")`,
    );
    expect(r.calls).toBe(2);
  });

  test('rewritten formulas compute the same report', () => {
    const f = specToFormula(
      { endpoint: 'analytics', chart: 'mrr', start: 'last_month', filters: { country: ['de'] } },
      ';',
    );
    const before = argsOf(f, ';');
    const after = argsOf(rewriteRefresh(f, ';', T).formula, ';');
    expect(after.args.slice(0, before.args.length)).toEqual(before.args);
    expect(buildRequest(specFromArgs(fn(after.name), after.args).spec, ctx).body).toEqual(
      buildRequest(specFromArgs(fn(before.name), before.args).spec, ctx).body,
    );
    expect(specFromArgs(fn(after.name), after.args).refreshToken).toBe(String(T));
  });
});

describe('detectSeparator: the separator a stored formula uses', () => {
  test.each([
    ['=ADAPTY_LTV("last_month"; ""; ""; 1,5)', ';', ';'],
    ['=ADAPTY_LTV("last_month", "", "", 3)', ';', ','],
    ['=ADAPTY_LTV("last_month")', ';', ';'],
    ['=ADAPTY_LTV("a;b", {1,2;3,4})', ',', ','],
    ['=ADAPTY_LTV("last_month"; ""; "")', ',', ';'],
    ['=ADAPTY_LTV("x, y")', ';', ';'],
  ] as const)('%s in a %s locale → %s', (f, locale, sep) => expect(detectSeparator(f, locale)).toBe(sep));

  test('a formula stored with commas in a semicolon locale keeps its commas', () => {
    expect(rewriteRefresh('=ADAPTY_LTV("last_month", "", "")', ';', 9).formula).toBe(
      '=ADAPTY_LTV("last_month", "", "", 9)',
    );
    expect(rewriteRefresh('=ADAPTY_LTV("last_month"; ""; "")', ';', 9).formula).toBe(
      '=ADAPTY_LTV("last_month"; ""; ""; 9)',
    );
  });
});

describe('parseCellReference', () => {
  test.each([
    ['A1', { sheetName: undefined, a1: 'A1' }],
    ['$b$12', { sheetName: undefined, a1: 'B12' }],
    ['Sheet1!C3', { sheetName: 'Sheet1', a1: 'C3' }],
    ["'It''s'!$D$4", { sheetName: "It's", a1: 'D4' }],
  ])('%s', (text, ref) => expect(parseCellReference(text)).toEqual(ref));
  test.each(['A1:B2', 'NOW()', '"A1"', '12', 'named_range', 'A0'])('%s is not one cell', (text) =>
    expect(parseCellReference(text)).toBeNull(),
  );
});
