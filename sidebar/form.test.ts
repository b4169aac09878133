import { CHARTS, ENDPOINTS, FILTERS, filtersFor, segmentationsFor } from '../src/catalog/catalog';
import { buildRequest } from '../src/core/request';
import { sheetNameFor } from '../src/core/report';
import { intlTimeZonePort } from '../src/core/timezoneIntl';
import {
  defaultForm,
  formToSpec,
  paramChoices,
  presetValue,
  reportTitle,
  specToForm,
  visibleFilters,
  visibleParams,
  withChart,
  withEndpoint,
} from './form';
import { checkSpec, controlFor } from './validate';

const ctx = { today: '2026-11-28', timeZone: 'Europe/Berlin', tz: intlTimeZonePort };

describe('the form is generated from the catalog', () => {
  test('every endpoint shows its own parameters and nothing else', () => {
    for (const ep of ENDPOINTS) {
      const state = defaultForm(ep.id);
      const keys = visibleParams(state).map((p) => p.key);
      const own = ep.params.filter((p) => p.type !== 'chart' && p.type !== 'period' && !p.requires).map((p) => p.key);
      expect(keys).toEqual(own);
    }
  });

  test('renewal days appear only with period_type = days', () => {
    const s = defaultForm('cohort');
    expect(visibleParams(s).map((p) => p.key)).not.toContain('renewal_days');
    expect(visibleParams({ ...s, params: { period_type: 'days' } }).map((p) => p.key)).toContain('renewal_days');
  });

  test('segmentation offers exactly the values allowed for the endpoint and chart', () => {
    for (const c of CHARTS) {
      const s = withChart(defaultForm('analytics'), c.id).state;
      const seg = visibleParams(s).find((p) => p.key === 'segmentation')!;
      expect(paramChoices(s, seg).map((x) => x.id)).toEqual([...segmentationsFor('analytics', c.id)]);
    }
    const ltv = defaultForm('ltv');
    expect(
      paramChoices(
        ltv,
        visibleParams(ltv).find((p) => p.key === 'segmentation')!,
      ).map((x) => x.id),
    ).toEqual([...segmentationsFor('ltv')]);
  });

  test('filters are those of the endpoint and chart, dates excluded', () => {
    const s = withChart(defaultForm('analytics'), 'installs').state;
    expect(visibleFilters(s).map((f) => f.key)).toEqual(
      filtersFor('analytics', 'installs').filter((k) => k !== 'date' && k !== 'compare_date'),
    );
    expect(visibleFilters(defaultForm('placements')).map((f) => f.key)).toEqual(['placement_type']);
    expect(visibleFilters(defaultForm('cohort')).length).toBe(FILTERS.length - 2);
  });
});

describe('switching endpoint or chart', () => {
  test('drops a segmentation and filters the new choice does not accept, and says so', () => {
    let s = withChart(defaultForm('analytics'), 'revenue').state;
    s = {
      ...s,
      params: { segmentation: 'store_product_id', period_unit: 'week' },
      filters: { store_product_id: ['app_store:a'], country: ['us'] },
    };
    const r = withChart(s, 'installs');
    expect(r.state.params).toEqual({ period_unit: 'week' });
    expect(r.state.filters).toEqual({ country: ['us'] });
    expect(r.dropped).toEqual(['Segment by: Product', 'Product']);
  });

  test('conversion starts with a named pair; placements keep no dates', () => {
    const c = withEndpoint(defaultForm('analytics'), 'conversion').state;
    expect(formToSpec(c).params).toEqual({ from_period: '', to_period: '0' });
    const p = formToSpec(withEndpoint(defaultForm('analytics'), 'placements').state);
    expect(p).toEqual({ endpoint: 'placements' });
  });
});

describe('form ⇄ spec', () => {
  test('a segmented analytics report builds', () => {
    const s = {
      ...defaultForm('analytics'),
      params: { segmentation: 'country', period_unit: 'week' },
      filters: { store: ['app_store'], attribution_campaign: ['Podcast, "Morning Run"'] },
    };
    const spec = formToSpec(s);
    expect(spec).toEqual({
      endpoint: 'analytics',
      chart: 'revenue',
      start: 'last_30_days',
      params: { segmentation: 'country', period_unit: 'week' },
      filters: { store: ['app_store'], attribution_campaign: ['Podcast, "Morning Run"'] },
    });
    const built = buildRequest(spec, ctx);
    expect(built.body.filters).toEqual({
      date: ['2026-10-29', '2026-11-27'],
      store: ['app_store'],
      attribution_campaign: ['Podcast, "Morning Run"'],
    });
  });

  test('round-trips specs the server stores', () => {
    const specs = [
      {
        endpoint: 'analytics',
        chart: 'mrr',
        start: 'last_6_months',
        compare: 'previous_year',
        params: { period_unit: 'month' },
        layout: 'wide',
        measure: 'proceeds',
      },
      {
        endpoint: 'cohort',
        start: '2026-01-01',
        end: '2026-03-31',
        compare: ['2025-01-01', '2025-03-31'],
        params: { period_type: 'days', renewal_days: '0,3,7', prediction_months: 12 },
      },
      {
        endpoint: 'conversion',
        start: 'last_month',
        params: { from_period: '1', to_period: '6+' },
        filters: { country: ['us', 'de'] },
      },
      { endpoint: 'retention', start: 'this_year', params: { use_trial: true } },
      { endpoint: 'placements', filters: { placement_type: 'onboarding' } },
    ];
    for (const spec of specs) expect(formToSpec(specToForm(spec))).toEqual(spec);
  });

  test('a stored spec with a chart label or an alias reads back', () => {
    const s = specToForm({
      endpoint: 'Analytics',
      chart: 'Active subscriptions',
      start: 'Last 7 days',
      params: { segmentation_by: 'store' },
    });
    expect(s.chart).toBe('subscriptions_active');
    expect(s.datePreset).toBe('last_7_days');
    expect(s.params.segmentation).toBe('store');
    expect(specToForm(null)).toEqual(defaultForm());
  });

  test('pattern presets', () => {
    expect(presetValue({ datePreset: 'last_N_weeks', presetN: '4' })).toBe('last_4_weeks');
    expect(specToForm({ endpoint: 'ltv', start: 'last_14_days' })).toMatchObject({
      datePreset: 'last_N_days',
      presetN: '14',
    });
  });

  test('titles and sheet names', () => {
    const s = { ...defaultForm('analytics'), params: { segmentation: 'attribution_campaign' } };
    expect(reportTitle(s)).toBe('Revenue by Campaign, last 30 days');
    expect(sheetNameFor('a/b:c [d]')).toBe('a b c d');
  });
});

describe('client-side validation', () => {
  const c = { today: '2026-11-28', timeZone: 'Europe/Berlin', separator: ';' as const };

  test('an invalid country is reported on the country control', () => {
    const r = checkSpec(formToSpec({ ...defaultForm('analytics'), filters: { country: ['xx'] } }), c);
    expect(r.built).toBeNull();
    expect(r.error).toMatchObject({ control: 'country' });
    expect(r.error!.message).toMatch(/"xx" is not an ISO 3166-1 alpha-2 country code/);
    expect(r.range).toEqual(['2026-10-29', '2026-11-27']);
  });

  test('a valid spec gives the body, the ranges and the formula with the locale separator', () => {
    const r = checkSpec(formToSpec({ ...defaultForm('analytics'), compare: 'previous_period' }), c);
    expect(r.error).toBeNull();
    expect(r.compareRange).toEqual(['2026-09-29', '2026-10-28']);
    expect(r.formula).toBe('=ADAPTY_ANALYTICS("revenue"; "last_30_days"; ""; "compare=previous_period")');
  });

  test('daily buckets over more than a year are refused on period_unit', () => {
    const r = checkSpec(
      formToSpec({
        ...defaultForm('analytics'),
        datePreset: 'last_N_days',
        presetN: '400',
        params: { period_unit: 'day' },
      }),
      c,
    );
    expect(r.error).toMatchObject({ control: 'period_unit' });
  });

  test('error fields map to controls', () => {
    expect(controlFor('filters.country')).toBe('country');
    expect(controlFor('compare[1]')).toBe('compare_end');
    expect(controlFor('compare.start')).toBe('compare_start');
    expect(controlFor('chart_id')).toBe('chart');
  });
});
