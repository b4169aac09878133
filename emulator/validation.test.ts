/** Validation: both error shapes, every rule, all driven by the catalog. */
import {
  ATTRIBUTION_STATUSES,
  CHARTS,
  ENDPOINTS,
  PERIOD_UNITS,
  RULES,
  SEGMENTATIONS_LTV,
  segmentationsFor,
} from '../src/catalog/catalog';
import { startEmulator, type Emulator } from './server';
import { call } from './testHelpers';

let emu: Emulator;
beforeAll(async () => {
  emu = await startEmulator({ rateLimitPerSecond: 0 });
});
afterAll(() => emu.close());
beforeEach(() => emu.reset());

const DATE = ['2026-06-01', '2026-06-30'];
const A = (extra: Record<string, unknown> = {}, filters: Record<string, unknown> = {}) => ({
  chart_id: 'revenue',
  filters: { date: DATE, ...filters },
  ...extra,
});
const post = (p: string, body: unknown, headers: Record<string, string> = {}, tz?: string | null) =>
  call(emu, p, body, { headers, tz });
const permitted = (ids: readonly string[]) =>
  `value is not a valid enumeration member; permitted: ${ids.map((v) => `'${v}'`).join(', ')}`;

describe('error shapes', () => {
  test('enum error in the documented shape', async () => {
    const r = await post('metrics/analytics/', A({}, { attribution_status: ['non-organic'] }));
    expect(r.status).toBe(400);
    expect(r.json).toEqual({
      errors: [{ source: 'filters.attribution_status', errors: [permitted(ATTRIBUTION_STATUSES.map((s) => s.id))] }],
      error_code: 'enum',
      status_code: 400,
    });
    expect(r.json.errors[0].errors[0]).toBe(
      "value is not a valid enumeration member; permitted: 'organic', 'non_organic', 'unknown'",
    );
  });
  test("the older shape with X-Emulator-Legacy-Errors: 1, or when the key's faults say so", async () => {
    const r = await post('metrics/analytics/', A({ period_unit: 'fortnight' }), { 'X-Emulator-Legacy-Errors': '1' });
    expect(r.status).toBe(400);
    expect(r.json).toEqual({
      errors: { period_unit: [permitted(PERIOD_UNITS.map((p) => p.id))] },
      error_code: 'base_error',
      status_code: 400,
    });
    emu.setFaults(emu.demoKey, { legacyErrors: true });
    const k = await post('metrics/analytics/', A({}, { date: ['2026-13-01', '2026-06-30'] }));
    expect(k.json).toEqual({
      errors: { 'filters.date': ['invalid datetime format'] },
      error_code: 'base_error',
      status_code: 400,
    });
    // other keys keep the new shape
    const other = await call(emu, 'metrics/analytics/', A({ period_unit: 'x' }), { key: emu.apps[1].key });
    expect(Array.isArray(other.json.errors)).toBe(true);
  });
  test("several errors at once: grouped by source; error_code is the first one's", async () => {
    const r = await post('metrics/analytics/', { filters: { date: ['2026-06-01'] }, period_unit: 'x' });
    expect(r.status).toBe(400);
    expect(r.json.error_code).toBe('required');
    expect(r.json.errors.map((e: { source: string }) => e.source)).toEqual(['chart_id', 'period_unit', 'filters.date']);
  });
});

describe('required parameters', () => {
  test('chart_id, filters, filters.date → code required', async () => {
    const noChart = await post('metrics/analytics/', { filters: { date: DATE } });
    expect(noChart.json).toEqual({
      errors: [{ source: 'chart_id', errors: ['field required'] }],
      error_code: 'required',
      status_code: 400,
    });
    for (const e of ENDPOINTS) {
      const r = await post(
        e.path,
        e.id === 'analytics' ? { chart_id: 'revenue' } : { from_period: null, to_period: '1' },
      );
      expect(r.json.error_code).toBe('required');
      expect(r.json.errors[0].source).toBe('filters');
    }
    const noDate = await post('metrics/cohort/', { filters: { country: ['us'] } });
    expect(noDate.json.errors).toEqual([{ source: 'filters.date', errors: ['field required'] }]);
    const nullDate = await post('metrics/analytics/', { chart_id: 'revenue', filters: { date: null } });
    expect(nullDate.json.errors).toEqual([{ source: 'filters.date', errors: ['field required'] }]);
    const noType = await post('exports/placements/', { filters: {} });
    expect(noType.json.errors).toEqual([{ source: 'filters.placement_type', errors: ['field required'] }]);
  });
  test('conversion needs to_period; from_period may be null but must be sent', async () => {
    const r = await post('metrics/conversion/', { filters: { date: DATE } });
    expect(r.json.errors.map((e: { source: string }) => e.source)).toEqual(['from_period', 'to_period']);
    expect(
      (await post('metrics/conversion/', { filters: { date: DATE }, from_period: null, to_period: 1 })).status,
    ).toBe(200);
    expect(
      (await post('metrics/conversion/', { filters: { date: DATE }, from_period: '0', to_period: '1' })).status,
    ).toBe(200);
    expect(
      (await post('metrics/conversion/', { filters: { date: DATE }, from_period: 1, to_period: '12+' })).status,
    ).toBe(200);
    // only the Dashboard's transitions (Adapty's guide, "Conversion types")
    const notServed = await post('metrics/conversion/', { filters: { date: DATE }, from_period: '0', to_period: '2' });
    expect(notServed.json).toMatchObject({ error_code: 'invalid', errors: [{ source: 'to_period' }] });
    expect(notServed.json.errors[0].errors[0]).toMatch(/only transitions supported by the Adapty Dashboard/);
    const back = await post('metrics/conversion/', { filters: { date: DATE }, from_period: '2', to_period: '1' });
    expect(back.json).toMatchObject({ error_code: 'invalid', errors: [{ source: 'to_period' }] });
    const bad = await post('metrics/conversion/', { filters: { date: DATE }, from_period: null, to_period: 'paid' });
    expect(bad.json.error_code).toBe('enum');
  });
});

describe('enums, from the catalog', () => {
  test('every enum parameter of every endpoint refuses an unknown value', async () => {
    for (const e of ENDPOINTS) {
      for (const p of e.params.filter((x) => x.type === 'enum' || x.type === 'int_enum' || x.type === 'chart')) {
        const base: Record<string, unknown> =
          e.id === 'analytics'
            ? A()
            : e.id === 'conversion'
              ? { filters: { date: DATE }, from_period: null, to_period: '1' }
              : e.id === 'placements'
                ? { filters: { placement_type: 'paywall' } }
                : { filters: { date: DATE } };
        const r = await post(e.path, { ...base, [p.key]: 'no_such_value' });
        expect([e.id, p.key, r.status, r.json.error_code]).toEqual([e.id, p.key, 400, 'enum']);
        expect(r.json.errors[0].source).toBe(p.key);
      }
      const f = await post(e.path, {
        filters: { date: DATE, placement_type: 'paywall' },
        chart_id: 'revenue',
        from_period: null,
        to_period: '1',
        format: 'xml',
      });
      expect(f.json.errors[0]).toEqual({ source: 'format', errors: [permitted(['json', 'csv'])] });
    }
  });
  test('chart_id lists the 19 charts', async () => {
    const r = await post('metrics/analytics/', A({ chart_id: 'paywall_view_paid' }));
    expect(r.json.errors[0].errors[0]).toBe(permitted(CHARTS.map((c) => c.id)));
  });
  test('enum filters are exact: duration case, win_back spelling, offer types', async () => {
    expect((await post('metrics/analytics/', A({}, { duration: ['monthly'] }))).json.error_code).toBe('enum');
    expect((await post('metrics/analytics/', A({}, { duration: ['Monthly'] }))).status).toBe(200);
    expect((await post('metrics/analytics/', A({}, { offer_category: ['winback'] }))).json.error_code).toBe('enum');
    expect((await post('metrics/analytics/', A({}, { offer_type: ['trial'] }))).json.error_code).toBe('enum');
    expect((await post('metrics/analytics/', A({}, { store: ['my_custom_store'] }))).status).toBe(200); // custom store ids are open
    const pc = await post('metrics/funnel/', { filters: { date: DATE, profiles_counting_method: ['device_id'] } });
    expect(pc.json).toMatchObject({ error_code: 'str', errors: [{ source: 'filters.profiles_counting_method' }] });
    expect(
      (await post('metrics/funnel/', { filters: { date: DATE, profiles_counting_method: 'device_id' } })).status,
    ).toBe(200);
  });
  test('prediction_months takes the catalog values as numbers or numeric strings', async () => {
    expect((await post('metrics/cohort/', { filters: { date: DATE }, prediction_months: 6 })).status).toBe(200);
    expect((await post('metrics/cohort/', { filters: { date: DATE }, prediction_months: '24' })).status).toBe(200);
    expect((await post('metrics/cohort/', { filters: { date: DATE }, prediction_months: 7 })).json.error_code).toBe(
      'enum',
    );
  });
  test('types: lists, strings, booleans, integer lists', async () => {
    expect((await post('metrics/analytics/', A({}, { country: 'us' }))).json).toMatchObject({
      error_code: 'list',
      errors: [{ source: 'filters.country' }],
    });
    expect((await post('metrics/retention/', { filters: { date: DATE }, use_trial: 'maybe' })).json.error_code).toBe(
      'bool',
    );
    expect((await post('metrics/retention/', { filters: { date: DATE }, use_trial: 'true' })).status).toBe(200);
    expect(
      (await post('metrics/cohort/', { filters: { date: DATE }, period_type: 'days', renewal_days: [0, 'x'] })).json
        .error_code,
    ).toBe('integer');
    expect(
      (await post('metrics/cohort/', { filters: { date: DATE }, period_type: 'days', renewal_days: [0, 7, 30] }))
        .status,
    ).toBe(200);
    expect((await post('metrics/analytics/', [1, 2])).json).toMatchObject({
      error_code: 'invalid',
      errors: [{ source: 'non_field_errors' }],
    });
    expect((await post('metrics/analytics/', { chart_id: 'revenue', filters: ['2026-01-01'] })).json.error_code).toBe(
      'dict',
    );
  });
});

describe('dates', () => {
  test('YYYY-MM-DD only → code datetime', async () => {
    for (const d of [
      ['2026-6-01', '2026-06-30'],
      ['2026-06-01T00:00:00', '2026-06-30'],
      ['2026-02-30', '2026-03-01'],
      [20260601, '2026-06-30'],
    ]) {
      const r = await post('metrics/analytics/', A({}, { date: d }));
      expect(r.json).toEqual({
        errors: [{ source: 'filters.date', errors: ['invalid datetime format'] }],
        error_code: 'datetime',
        status_code: 400,
      });
    }
    expect((await post('metrics/analytics/', A({}, { compare_date: ['2025-06-01', 'x'] }))).json.errors[0].source).toBe(
      'filters.compare_date',
    );
  });
  test('exactly two dates, from ≤ to', async () => {
    expect((await post('metrics/analytics/', A({}, { date: ['2026-06-01'] }))).json.error_code).toBe('invalid');
    expect((await post('metrics/analytics/', A({}, { date: ['2026-06-30', '2026-06-01'] }))).json.error_code).toBe(
      'invalid',
    );
    expect((await post('metrics/analytics/', A({}, { date: ['2026-06-01', '2026-06-01'] }))).status).toBe(200);
  });
  test(`period_unit=day over more than ${RULES.maxDaysForDailyUnit} days (inclusive) is refused`, async () => {
    const ok = await post(
      'metrics/analytics/',
      A({ chart_id: 'installs', period_unit: 'day' }, { date: ['2024-01-01', '2024-12-31'] }),
    );
    expect(ok.status).toBe(200); // a whole leap year, as a live client sends it
    const r = await post(
      'metrics/analytics/',
      A({ chart_id: 'installs', period_unit: 'day' }, { date: ['2024-01-01', '2025-01-01'] }),
    );
    expect(r.status).toBe(400);
    expect(r.json).toMatchObject({ error_code: 'invalid', errors: [{ source: 'period_unit' }] });
    expect(r.json.errors[0].errors[0]).toMatch(/367 days/);
    expect(
      (
        await post(
          'metrics/analytics/',
          A({ chart_id: 'installs', period_unit: 'week' }, { date: ['2025-01-01', '2026-01-01'] }),
        )
      ).status,
    ).toBe(200);
  });
});

describe('segmentation', () => {
  test('allowed per chart (from the catalog); others refused naming the permitted values', async () => {
    for (const chart of CHARTS) {
      const allowed = segmentationsFor('analytics', chart.id);
      const refused = [
        'period',
        'store_product_id',
        'renewal_status',
        'offer_type',
        'cancellation_reason',
        'app_id',
      ].filter((s) => !allowed.includes(s));
      for (const s of refused) {
        const r = await post('metrics/analytics/', A({ chart_id: chart.id, segmentation: s }));
        expect([chart.id, s, r.json?.error_code]).toEqual([chart.id, s, 'enum']);
        expect(r.json.errors[0].source).toBe('segmentation');
      }
    }
    const ok = await post('metrics/analytics/', A({ chart_id: 'installs', segmentation: 'country' }));
    expect(ok.status).toBe(200);
  });
  test('segmentation_by is accepted as an alias (errors name the field as sent)', async () => {
    const r = await post('metrics/analytics/', A({ segmentation_by: 'country' }));
    expect(r.status).toBe(200);
    expect(r.json.data.revenue.data[0].type).toBe('total');
    const bad = await post('metrics/analytics/', A({ chart_id: 'installs', segmentation_by: 'store_product_id' }));
    expect(bad.json.errors[0].source).toBe('segmentation_by');
    // `segmentation` wins when both are sent
    const both = await post('metrics/analytics/', A({ segmentation: 'default', segmentation_by: 'country' }));
    expect(both.json.data.revenue.data[0].type).toBeUndefined();
  });
  test('LTV has its own list; store_product_id is an alias of product', async () => {
    for (const s of SEGMENTATIONS_LTV)
      expect((await post('metrics/ltv/', { filters: { date: DATE }, segmentation: s })).status).toBe(200);
    expect(
      (await post('metrics/ltv/', { filters: { date: DATE }, segmentation: 'attribution_campaign' })).json.error_code,
    ).toBe('enum');
    const alias = await post('metrics/ltv/', { filters: { date: DATE }, segmentation: 'store_product_id' });
    const product = await post('metrics/ltv/', { filters: { date: DATE }, segmentation: 'product' });
    expect(alias.json).toEqual(product.json);
  });
});

describe('filters', () => {
  test('filters a chart does not take are refused, as the catalog refuses them; unknown keys are ignored', async () => {
    const base = await post('metrics/analytics/', { chart_id: 'installs', filters: { date: DATE } });
    const withProduct = await post('metrics/analytics/', {
      chart_id: 'installs',
      filters: { date: DATE, store_product_id: ['app_store:premium_monthly'], offer_type: ['free_trial'] },
    });
    expect(withProduct.status).toBe(400);
    expect(withProduct.json.errors.map((e: { source: string }) => e.source)).toEqual([
      'filters.store_product_id',
      'filters.offer_type',
    ]);
    const compare = await post('metrics/analytics/', {
      chart_id: 'arpu',
      filters: { date: DATE, compare_date: DATE },
    });
    expect(compare.json).toMatchObject({ errors: [{ source: 'filters.compare_date' }] });
    const counting = await post('metrics/analytics/', {
      chart_id: 'installs',
      filters: { date: DATE, profiles_counting_method: 'device_id' },
    });
    expect(counting.status).toBe(200);
    // unknown keys are ignored, as pydantic ignores extra fields
    expect(
      (await post('metrics/analytics/', { chart_id: 'installs', filters: { date: DATE, colour: ['red'] } })).json,
    ).toEqual(base.json);
    // but a supported filter restricts
    const us = await post('metrics/analytics/', { chart_id: 'installs', filters: { date: DATE, country: ['us'] } });
    expect(us.json.data.common.value).toBeLessThan(base.json.data.common.value);
  });
  test('store_product_id: any id form is taken, and one no product has matches nothing; the nested list is refused', async () => {
    const bare = await post('metrics/analytics/', A({}, { store_product_id: ['premium_monthly'] }));
    expect(bare.status).toBe(200);
    expect(bare.json.data.revenue.value).toBe(0);
    expect(
      (await post('metrics/analytics/', A({}, { store_product_id: [['monthly.premium.599']] }))).json.error_code,
    ).toBe('str');
    expect(
      (await post('metrics/analytics/', A({}, { store_product_id: ['play_store:premium_sub:monthly-base-plan'] })))
        .status,
    ).toBe(200);
  });
  test('countries match case-insensitively', async () => {
    const a = await post('metrics/analytics/', A({}, { country: ['US'] }));
    const b = await post('metrics/analytics/', A({}, { country: ['us'] }));
    expect(a.json).toEqual(b.json);
  });
});

describe('Adapty-Tz', () => {
  test('a valid IANA zone is accepted; anything else → 400', async () => {
    expect((await post('metrics/analytics/', A(), {}, 'Asia/Kathmandu')).status).toBe(200);
    for (const tz of ['Mars/Olympus', 'GMT+25', '']) {
      const r = await post('metrics/analytics/', A(), {}, tz);
      expect(r.status).toBe(400);
      expect(r.json.errors[0].source).toBe('Adapty-Tz');
    }
  });
  test("without the header the app's own zone is used", async () => {
    const none = await post('metrics/analytics/', A({ period_unit: 'day' }), {}, null);
    expect(none.json.data.revenue.data[0].values[0].x).toBe('2026-06-01T00:00:00.000000+0000'); // app 1 is UTC
    const app2 = await call(emu, 'metrics/analytics/', A({ period_unit: 'day' }), { key: emu.apps[1].key, tz: null });
    expect(app2.json.data.revenue.data[0].values[0].x).toBe('2026-06-01T00:00:00.000000+0200'); // app 2 is Europe/Berlin
  });
});
