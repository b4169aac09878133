import { buildRequest, type ReportSpec } from './request';
import { specFromOptions, readOptions } from './options';
import { intlTimeZonePort } from './timezoneIntl';
import { ValidationError } from './errors';
import { CHARTS } from '../catalog/catalog';

const ctx = { today: '2026-11-28', timeZone: 'Europe/Berlin', tz: intlTimeZonePort };
const build = (spec: Partial<ReportSpec>) =>
  buildRequest({ endpoint: 'analytics', chart: 'revenue', start: '2026-01-01', end: '2026-01-31', ...spec }, ctx);
const msg = (fn: () => unknown): string => {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(ValidationError);
    return (e as Error).message;
  }
  throw new Error('expected a ValidationError');
};

describe('buildRequest: the exact body', () => {
  test('analytics with filters and segmentation', () => {
    const r = build({
      params: { period_unit: 'week', segmentation: 'attribution_campaign', date_type: 'purchase_date' },
      filters: { country: ['US', 'ca'], attribution_channel: ['social_media_influencers'] },
    });
    expect(r.path).toBe('/api/v1/client-api/metrics/analytics/');
    expect(r.body).toEqual({
      chart_id: 'revenue',
      filters: {
        date: ['2026-01-01', '2026-01-31'],
        country: ['us', 'ca'],
        attribution_channel: ['social_media_influencers'],
      },
      period_unit: 'week',
      date_type: 'purchase_date',
      segmentation: 'attribution_campaign',
    });
  });

  test('chart by dashboard label', () => {
    expect(build({ chart: 'Active subscriptions' }).body.chart_id).toBe('subscriptions_active');
    expect(build({ chart: 'MRR' }).body.chart_id).toBe('mrr');
  });

  test('pasted aliases: segmentation_by, non-organic, winback, nested product lists, numbers as strings', () => {
    const { spec } = specFromOptions('cohort', {
      filters: {
        date: ['2024-04-01', '2024-09-30'],
        compare_date: ['2023-04-01', '2023-09-30'],
        store: ['app_store'],
        country: ['us'],
        store_product_id: [['monthly.premium.599']],
        attribution_status: ['non-organic'],
        offer_category: 'winback',
      },
      period_unit: 'month',
      period_type: 'renewals',
      value_type: 'absolute',
      value_field: 'subscriptions',
      prediction_months: '6',
    });
    const r = buildRequest(spec, ctx);
    expect(r.body).toEqual({
      filters: {
        date: ['2024-04-01', '2024-09-30'],
        compare_date: ['2023-04-01', '2023-09-30'],
        store: ['app_store'],
        country: ['us'],
        store_product_id: ['monthly.premium.599'],
        attribution_status: ['non_organic'],
        offer_category: ['win_back'],
      },
      period_unit: 'month',
      period_type: 'renewals',
      value_type: 'absolute',
      value_field: 'subscriptions',
      prediction_months: 6,
    });
  });

  test('segmentation_by alias is sent as segmentation', () => {
    const { spec } = specFromOptions('retention', {
      filters: { date: ['2023-04-01', '2023-06-30'] },
      period_unit: 'month',
      date_type: 'purchase_date',
      segmentation_by: 'country',
      use_trial: false,
      value_type: 'absolute',
    });
    expect(buildRequest(spec, ctx).body).toEqual({
      filters: { date: ['2023-04-01', '2023-06-30'] },
      period_unit: 'month',
      segmentation: 'country',
      use_trial: false,
      date_type: 'purchase_date',
      value_type: 'absolute',
    });
  });

  test('LTV product segmentation: store_product_id (the spec’s example) and product (its list) are both sent as given', () => {
    for (const segmentation of ['store_product_id', 'product']) {
      const r = buildRequest(
        { endpoint: 'ltv', start: '2023-01-01', end: '2023-12-31', params: { segmentation } },
        ctx,
      );
      expect(r.body.segmentation).toBe(segmentation);
    }
  });

  test('product ids are sent as given: plain, store:product_id, nested lists flattened; never prefixed', () => {
    const f = (v: unknown, store?: string[]) =>
      (
        buildRequest(
          { endpoint: 'analytics', chart: 'revenue', start: 'last_month', filters: { store_product_id: v, store } },
          ctx,
        ).body.filters as Record<string, unknown>
      ).store_product_id;
    expect(f(['premium_subscription'])).toEqual(['premium_subscription']);
    expect(f([['monthly.premium.599']], ['app_store'])).toEqual(['monthly.premium.599']);
    expect(f(['app_store:premium_monthly', 'play_store:premium_sub:monthly-base-plan'])).toEqual([
      'app_store:premium_monthly',
      'play_store:premium_sub:monthly-base-plan',
    ]);
  });

  test('only the Dashboard’s conversions are sent; any other pair is refused by name before sending', () => {
    const conv = (from_period: unknown, to_period: unknown) =>
      buildRequest({ endpoint: 'conversion', start: 'last_month', params: { from_period, to_period } }, ctx);
    for (const [from, to] of [
      ['', 0],
      ['', 1],
      [0, 1],
      [1, 2],
      [2, 3],
      [3, 4],
      [4, 5],
      [1, '6+'],
      [1, '12+'],
      [1, '24+'],
    ])
      expect(() => conv(from, to)).not.toThrow();
    const m = msg(() => conv(0, 2));
    expect(m).toMatch(/^conversion from_period 0 → to_period 2 is not one Adapty serves/);
    expect(m).toContain('Install → Trial (empty (install) → 0)');
    expect(m).toContain('Paid → 1 year+ (1 → 12+)');
    expect(msg(() => conv('', '6+'))).toMatch(/from_period empty \(install\) → to_period 6\+ is not one/);
    expect(msg(() => conv(2, 5))).toMatch(/not one Adapty serves/);
  });

  test('offer segmentations only on analytics; compare only where the chart takes compare_date', () => {
    for (const endpoint of ['conversion', 'funnel', 'retention'])
      expect(
        msg(() =>
          buildRequest(
            {
              endpoint,
              start: 'last_month',
              params: { segmentation: 'offer_type', ...(endpoint === 'conversion' ? { to_period: 1 } : {}) },
            },
            ctx,
          ),
        ),
      ).toMatch(/^segmentation "offer_type" is not available for/);
    expect(
      buildRequest(
        { endpoint: 'analytics', chart: 'revenue', start: 'last_month', params: { segmentation: 'offer_type' } },
        ctx,
      ).body.segmentation,
    ).toBe('offer_type');
    for (const chart of ['arpu', 'installs', 'trials_expired', 'billing_issue']) {
      const r = buildRequest({ endpoint: 'analytics', chart, start: 'last_month', compare: 'previous_period' }, ctx);
      expect(r.body.filters).not.toHaveProperty('compare_date');
      expect(r.compare?.request.body.filters).not.toHaveProperty('compare_date');
      expect(r.compare?.request.range).toEqual(r.compareRange);
      expect(
        msg(() =>
          buildRequest(
            { endpoint: 'analytics', chart, start: 'last_month', compare: 'previous_period', format: 'csv' },
            ctx,
          ),
        ),
      ).toMatch(new RegExp(`^compare with format=csv is not available for chart "${chart}"`));
    }
    const withCompare = buildRequest(
      { endpoint: 'analytics', chart: 'revenue', start: 'last_month', compare: 'previous_period' },
      ctx,
    );
    expect((withCompare.body.filters as Record<string, unknown>).compare_date).toBeDefined();
    expect(
      (
        buildRequest(
          {
            endpoint: 'analytics',
            chart: 'installs',
            start: 'last_month',
            filters: { profiles_counting_method: 'device_id' },
          },
          ctx,
        ).body.filters as Record<string, unknown>
      ).profiles_counting_method,
    ).toBe('device_id');
  });

  test('placements CSV is asked for by the Accept header, not a body format', () => {
    const r = buildRequest({ endpoint: 'placements', format: 'csv' }, ctx);
    expect(r.format).toBe('csv');
    expect(r.body.format).toBeUndefined();
    expect(buildRequest({ endpoint: 'funnel', start: 'last_month', format: 'csv' }, ctx).body.format).toBe('csv');
  });

  test('conversion periods: install → paid, 6+', () => {
    const a = buildRequest(
      { endpoint: 'conversion', start: 'last_month', params: { from_period: '', to_period: 1 } },
      ctx,
    );
    expect(a.body).toMatchObject({
      from_period: null,
      to_period: '1',
      filters: { date: ['2026-10-01', '2026-10-31'] },
    });
    const b = buildRequest(
      { endpoint: 'conversion', start: 'last_month', params: { from_period: 'paid', to_period: '6+' } },
      ctx,
    );
    expect(b.body).toMatchObject({ from_period: '1', to_period: '6+' });
  });

  test('dates from presets and Date objects; compare presets', () => {
    const r = build({ start: 'last_month', end: '', compare: 'previous_period' });
    expect(r.body.filters).toEqual({ date: ['2026-10-01', '2026-10-31'], compare_date: ['2026-09-01', '2026-09-30'] });
    const d = build({ start: new Date(Date.UTC(2026, 0, 31, 23)), end: '2026-02-10' }); // 00:00 Feb 1 in Berlin
    expect((d.body.filters as { date: string[] }).date).toEqual(['2026-02-01', '2026-02-10']);
  });

  test('placements: no dates, placement_type defaults to paywall', () => {
    const r = buildRequest({ endpoint: 'placements' }, ctx);
    expect(r.path).toBe('/api/v1/client-api/exports/placements/');
    expect(r.body).toEqual({ filters: { placement_type: 'paywall' } });
    expect(buildRequest({ endpoint: 'placements', filters: { placement_type: 'Onboarding' } }, ctx).body).toEqual({
      filters: { placement_type: 'onboarding' },
    });
  });

  test('csv format is sent only when asked', () => {
    expect(build({ format: 'csv' }).body.format).toBe('csv');
    expect(build({}).body.format).toBeUndefined();
  });
});

describe('buildRequest: bad input names field, value and what is allowed', () => {
  test('enum', () => {
    expect(msg(() => build({ params: { period_unit: 'weekly' } }))).toBe(
      'period_unit "weekly" is not one of: day, week, month, quarter, year',
    );
  });
  test('unknown chart with suggestion', () => {
    expect(msg(() => build({ chart: 'mrrr' }))).toMatch(
      /^chart "mrrr" is unknown — did you mean "mrr"\? Charts: revenue, mrr, arr,/,
    );
  });
  test('unknown option with suggestion', () => {
    expect(msg(() => specFromOptions('analytics', { perod_unit: 'week' }))).toMatch(
      /option "perod_unit" is unknown — did you mean "period_unit"\?/,
    );
  });
  test('filter not allowed for the chart', () => {
    const m = msg(() => build({ chart: 'installs', filters: { offer_id: ['x'] } }));
    expect(m).toMatch(
      /filter "offer_id" is not available for chart "installs" \(Installs\)\. Allowed filters: store, country, attribution_source/,
    );
  });
  test('segmentation not allowed for the chart', () => {
    expect(msg(() => build({ chart: 'installs', params: { segmentation: 'period' } }))).toMatch(
      /segmentation "period" is not available for chart "installs"\. Allowed: default, country/,
    );
  });
  test('end before start', () => {
    expect(msg(() => build({ start: '2026-02-01', end: '2026-01-01' }))).toBe(
      'end "2026-01-01" is before start "2026-02-01"',
    );
  });
  test('day granularity over 366 days (a whole leap year is allowed, as a live client sends it)', () => {
    expect(msg(() => build({ start: '2025-01-01', end: '2026-06-30', params: { period_unit: 'day' } }))).toMatch(
      /period_unit "day" covers at most 366 days, but date 2025-01-01\.\.2026-06-30 has 546/,
    );
    expect(() => build({ start: '2024-01-01', end: '2024-12-31', params: { period_unit: 'day' } })).not.toThrow();
    expect(msg(() => build({ start: '2024-01-01', end: '2025-01-01', params: { period_unit: 'day' } }))).toMatch(
      /has 367/,
    );
  });
  test('country codes and enum filter values', () => {
    expect(msg(() => build({ filters: { country: ['usa'] } }))).toMatch(
      /^country "usa" is not an ISO 3166-1 alpha-2 country code/,
    );
    expect(
      (build({ filters: { duration: ['weekly ', 'annual'] } }).body.filters as Record<string, unknown>).duration,
    ).toEqual(['Weekly', 'Annual']);
    expect(msg(() => build({ filters: { duration: ['fortnightly'] } }))).toBe(
      'duration "fortnightly" is not one of: Weekly, Monthly, 2 months, 3 months, 6 months, Annual, Lifetime, Uncategorized',
    );
    expect(msg(() => build({ filters: { attribution_source: ['facebook'] } }))).toBe(
      'attribution_source "facebook" is not one of: adjust, airbridge, apple_search_ads, appsflyer, branch, custom',
    );
  });
  test('renewal_days only with period_type=days', () => {
    expect(
      msg(() => buildRequest({ endpoint: 'cohort', start: 'last_month', params: { renewal_days: '0,3,7' } }, ctx)),
    ).toMatch(/renewal_days is only used with period_type "days"/);
    expect(
      buildRequest(
        { endpoint: 'cohort', start: 'last_month', params: { period_type: 'days', renewal_days: '0, 3,7' } },
        ctx,
      ).body.renewal_days,
    ).toEqual([0, 3, 7]);
  });
  test('missing dates and required conversion to_period', () => {
    expect(msg(() => buildRequest({ endpoint: 'funnel' }, ctx))).toMatch(/^start is required/);
    expect(
      msg(() => buildRequest({ endpoint: 'conversion', start: 'last_month', params: { from_period: 0 } }, ctx)),
    ).toMatch(/^to_period is required/);
  });
  test('every chart accepts its own segmentations and refuses foreign ones', () => {
    for (const c of CHARTS) {
      for (const s of c.segmentations) expect(() => build({ chart: c.id, params: { segmentation: s } })).not.toThrow();
    }
  });
});

describe('readOptions: three forms', () => {
  test('text', () => {
    expect(readOptions('period_unit=week; segmentation=country; country=us,ca; store=app_store')).toEqual({
      period_unit: 'week',
      segmentation: 'country',
      country: 'us,ca',
      store: 'app_store',
    });
  });
  test('two-column range', () => {
    expect(
      readOptions([
        ['period_unit', 'week'],
        ['country', 'us,ca'],
        ['', ''],
      ]),
    ).toEqual({ period_unit: 'week', country: 'us,ca' });
  });
  test('JSON', () => {
    expect(readOptions('{"period_unit":"week","filters":{"country":["us"]}}')).toEqual({
      period_unit: 'week',
      filters: { country: ['us'] },
    });
  });
  test('broken JSON says so', () => {
    expect(msg(() => readOptions('{"period_unit": week}'))).toMatch(/^options looks like JSON but is not valid JSON/);
  });
  test("broken JSON copied from Adapty's request examples says what to mend", () => {
    // Adapty's analytics example: "filters" is never closed, so "period_unit" sits inside it.
    const unclosed = `{
  "filters": {
    "date": ["2022-01-01", "2022-12-31"],
    "country": ["us"],
  "period_unit": "week",
  "segmentation_by": "attribution_campaign"
}`;
    expect(msg(() => readOptions(unclosed))).toMatch(
      /not valid JSON \(.*\): "period_unit" is inside "filters": close "filters" with \} before it$/s,
    );
    // Its cohort example ends "filters" with a comma.
    expect(
      msg(() => readOptions('{"filters": {"date": ["2024-04-01", "2024-09-30"],}, "period_unit": "month"}')),
    ).toMatch(/: remove the comma before a closing \} or \]$/);
    expect(msg(() => readOptions('{"filters": {"date": ["2024-04-01", "2024-09-30"]'))).toMatch(
      /: 2 closing \} \} missing at the end$/,
    );
    // A key named like a parameter inside a string value is not mistaken for one.
    expect(msg(() => readOptions('{"filters": {"note": "period_unit: x"}, "x": }'))).toMatch(
      /: check quotes and commas$/,
    );
  });
  test('a key given twice is refused, naming both values, in text and in a range (it kept the last one silently)', () => {
    expect(msg(() => readOptions('period_unit=week; country=us; Period_Unit=month'))).toBe(
      'period_unit is given twice in options, as "week" and as "month": keep one (a list is comma-separated)',
    );
    expect(
      msg(() =>
        readOptions([
          ['country', 'us'],
          ['country', 'de'],
        ]),
      ),
    ).toMatch(/^country is given twice in options, as "us" and as "de"/);
  });
});
