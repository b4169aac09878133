/** The simulated data: answer shapes and every consistency rule the add-on may rely on. */
import Papa from 'papaparse';
import { CHARTS, CONVERSION_PAIRS, ENDPOINTS } from '../src/catalog/catalog';
import { unmodelledCharts } from './analytics';
import { HOSTILE_CAMPAIGNS } from './model';
import { startEmulator, type Emulator } from './server';
import { call, cents } from './testHelpers';

type Json = any;

let emu: Emulator;
beforeAll(async () => {
  emu = await startEmulator({ rateLimitPerSecond: 0 });
});
afterAll(() => emu.close());

const X_RE = /^\d{4}-\d{2}-\d{2}T00:00:00\.000000[+-]\d{4}$/;
const MAY = ['2026-05-01', '2026-05-31'];

async function analytics(body: Record<string, unknown>, tz = 'UTC', key?: string): Promise<Json> {
  const r = await call(emu, 'metrics/analytics/', body, { tz, key });
  if (r.status !== 200) throw new Error(`${r.status} ${r.text}`);
  return r.json.data;
}
async function post(path: string, body: Record<string, unknown>, tz = 'UTC'): Promise<Json> {
  const r = await call(emu, path, body, { tz });
  if (r.status !== 200) throw new Error(`${r.status} ${r.text}`);
  return r.json;
}
const seriesKeys = (chartId: string) =>
  CHARTS.find((c) => c.id === chartId)!.unit === 'money' ? ['revenue', 'proceeds', 'net_revenue'] : ['common'];
const isMoney = (chartId: string) => CHARTS.find((c) => c.id === chartId)!.unit === 'money';
/** Exact comparable integer of a value: cents for money, the count itself for counts. */
const exact = (chartId: string) => (v: number) => (isMoney(chartId) ? cents(v) : v);

describe('catalog coverage', () => {
  test('every catalog chart is modelled', () => {
    expect(unmodelledCharts()).toEqual([]);
  });
});

describe('analytics: shapes (API.md §4.1)', () => {
  test.each(CHARTS.map((c) => c.id))('%s', async (chartId) => {
    const data = await analytics({ chart_id: chartId, filters: { date: MAY }, period_unit: 'week' });
    expect(Object.keys(data)).toEqual(seriesKeys(chartId));
    for (const key of seriesKeys(chartId)) {
      const s = data[key];
      expect(Object.keys(s).sort()).toEqual(
        [
          'compare_value_from',
          'compare_value_to',
          'data',
          'default_aggregation',
          'description',
          'is_json',
          'metric_name',
          'recommended_period',
          'title',
          'type',
          'unit',
          'value',
          'value_from',
          'value_to',
        ].sort(),
      );
      expect(s.is_json).toBe(true);
      expect(s.unit).toBe(isMoney(chartId) ? 'USD' : null);
      expect(typeof s.value).toBe('number');
      expect(s.data).toHaveLength(1);
      expect(Object.keys(s.data[0])).toEqual(['values']);
      for (const v of s.data[0].values) {
        expect(v.x).toMatch(X_RE);
        expect(typeof v.y).toBe('number');
      }
      const chart = CHARTS.find((c) => c.id === chartId)!;
      expect(s.default_aggregation).toBe(
        chart.aggregation === 'stock' ? 'last' : ['arpu', 'arppu'].includes(chartId) ? 'avg' : 'sum',
      );
    }
  });
});

describe('analytics: segments add up to the total row exactly', () => {
  const cases: [string, string, string][] = [
    ['revenue', 'country', 'month'],
    ['revenue', 'period', 'week'],
    ['mrr', 'store_product_id', 'month'],
    ['arr', 'renewal_status', 'week'],
    ['subscriptions_active', 'period', 'week'],
    ['trials_new', 'offer_id', 'day'],
    ['refund_money', 'duration', 'week'],
    ['installs', 'attribution_campaign', 'day'],
    ['subscriptions_expired', 'cancellation_reason', 'week'],
    ['trials_active', 'paywall_id', 'month'],
    ['non_subscriptions', 'store', 'week'],
    ['refund_events', 'offer_category', 'week'],
  ];
  test.each(cases)('%s by %s per %s', async (chartId, segmentation, unit) => {
    const data = await analytics({
      chart_id: chartId,
      filters: { date: ['2026-04-20', '2026-06-10'] },
      period_unit: unit,
      segmentation,
    });
    const ex = exact(chartId);
    for (const key of seriesKeys(chartId)) {
      const [total, ...segs] = data[key].data;
      expect(total.type).toBe('total');
      expect(segs.length).toBeGreaterThan(1);
      for (const s of segs) {
        expect(typeof s.type).toBe('string');
        expect(typeof s.title).toBe('string');
        expect(s.type).not.toBe('total');
      }
      for (const t of total.values) {
        const sum = segs.reduce((acc: number, s: Json) => acc + ex(s.values.find((v: Json) => v.x === t.x)?.y ?? 0), 0);
        expect([t.x, sum]).toEqual([t.x, ex(t.y)]);
      }
      expect(segs.reduce((a: number, s: Json) => a + ex(s.value), 0)).toBe(ex(total.value));
      expect(ex(total.value)).toBe(ex(data[key].value));
    }
  });
  test('a segment equals the same chart filtered on its value', async () => {
    const seg = await analytics({ chart_id: 'revenue', filters: { date: MAY }, segmentation: 'country' });
    const de = seg.revenue.data.find((r: Json) => r.type === 'de');
    expect(de.title).toBe('Germany');
    const filtered = await analytics({ chart_id: 'revenue', filters: { date: MAY, country: ['de'] } });
    expect(cents(filtered.revenue.value)).toBe(cents(de.value));
  });
});

describe('analytics: filters restrict', () => {
  test('a filtered total ≤ the unfiltered one; all values of a dimension = unfiltered', async () => {
    for (const chartId of ['installs', 'subscriptions_new', 'trials_active', 'refund_events']) {
      const all = await analytics({ chart_id: chartId, filters: { date: MAY }, segmentation: 'country' });
      const countries = all.common.data.slice(1).map((r: Json) => r.type);
      const us = await analytics({ chart_id: chartId, filters: { date: MAY, country: ['us'] } });
      const usStore = await analytics({
        chart_id: chartId,
        filters: { date: MAY, country: ['us'], store: ['app_store'] },
      });
      const every = await analytics({ chart_id: chartId, filters: { date: MAY, country: countries } });
      expect(us.common.value).toBeLessThan(all.common.value);
      expect(usStore.common.value).toBeLessThanOrEqual(us.common.value);
      expect(every.common.value).toBe(all.common.value);
      expect(every.common.data[0].values).toEqual(all.common.data[0].values);
    }
  });
  test('a filter matching nothing gives zeros', async () => {
    const none = await analytics({ chart_id: 'installs', filters: { date: MAY, store: ['no_such_store'] } });
    expect(none.common.value).toBe(0);
  });
});

describe('analytics: periods', () => {
  const RANGE = ['2025-12-10', '2026-03-20'];
  test('flow charts: buckets of every period_unit sum to the same range total', async () => {
    for (const chartId of ['revenue', 'installs', 'refund_money', 'trials_new']) {
      const totals = new Set<number>();
      const ex = exact(chartId);
      for (const unit of ['day', 'week', 'month', 'quarter', 'year']) {
        const data = await analytics({ chart_id: chartId, filters: { date: RANGE }, period_unit: unit });
        const s = data[seriesKeys(chartId)[0]];
        const sum = s.data[0].values.reduce((a: number, v: Json) => a + ex(v.y), 0);
        expect(sum).toBe(ex(s.value));
        totals.add(sum);
      }
      expect(totals.size).toBe(1);
    }
  });
  test('stock charts are levels: the value is the level at the range end, whatever the unit', async () => {
    for (const chartId of ['mrr', 'arr', 'subscriptions_active', 'trials_active']) {
      const ex = exact(chartId);
      const values = new Set<number>();
      for (const unit of ['day', 'week', 'month', 'quarter']) {
        const s = (await analytics({ chart_id: chartId, filters: { date: RANGE }, period_unit: unit }))[
          seriesKeys(chartId)[0]
        ];
        const vals = s.data[0].values;
        expect(ex(s.value)).toBe(ex(vals[vals.length - 1].y));
        expect(s.default_aggregation).toBe('last');
        values.add(ex(s.value));
        // a level, not a sum: far below the sum of its buckets
        if (vals.length > 3) expect(s.value).toBeLessThan(vals.reduce((a: number, v: Json) => a + v.y, 0) / 2);
      }
      expect(values.size).toBe(1);
    }
  });
  test('ARR is 12 × MRR, to the cent', async () => {
    const mrr = await analytics({ chart_id: 'mrr', filters: { date: RANGE }, period_unit: 'month' });
    const arr = await analytics({ chart_id: 'arr', filters: { date: RANGE }, period_unit: 'month' });
    mrr.revenue.data[0].values.forEach((v: Json, i: number) =>
      expect(cents(arr.revenue.data[0].values[i].y)).toBe(12 * cents(v.y)),
    );
  });
  test('weeks start on Monday, months on the 1st, quarters in Jan/Apr/Jul/Oct; x is the period start', async () => {
    const week = await analytics({ chart_id: 'installs', filters: { date: RANGE }, period_unit: 'week' });
    for (const v of week.common.data[0].values) expect(new Date(v.x.slice(0, 10) + 'T00:00:00Z').getUTCDay()).toBe(1);
    expect(week.common.data[0].values[0].x.slice(0, 10)).toBe('2025-12-08');
    const q = await analytics({ chart_id: 'installs', filters: { date: RANGE }, period_unit: 'quarter' });
    expect(q.common.data[0].values.map((v: Json) => v.x.slice(0, 10))).toEqual(['2025-10-01', '2026-01-01']);
  });
  test('revenue can be negative on refund days', async () => {
    const data = await analytics({
      chart_id: 'revenue',
      filters: { date: ['2026-07-01', '2026-08-31'] },
      period_unit: 'day',
    });
    const days = data.revenue.data[0].values;
    const negative = days.filter((v: Json) => v.y < 0);
    expect(negative.length).toBeGreaterThan(0);
    expect(negative.length).toBeLessThan(days.length / 4);
    const refunds = await analytics({
      chart_id: 'refund_events',
      filters: { date: ['2026-07-01', '2026-08-31'] },
      period_unit: 'day',
    });
    const byX = new Map(refunds.common.data[0].values.map((v: Json) => [v.x, v.y]));
    const median = [...byX.values()].map(Number).sort((a, b) => a - b)[Math.floor(byX.size / 2)];
    for (const n of negative) expect(Number(byX.get(n.x))).toBeGreaterThan(5 * median);
  });
  test('periods before the app had data are missing, not zero', async () => {
    const tiny = emu.apps[2];
    const data = await analytics(
      { chart_id: 'installs', filters: { date: ['2025-11-01', '2026-02-28'] }, period_unit: 'month' },
      'UTC',
      tiny.key,
    );
    expect(data.common.data[0].values.map((v: Json) => v.x.slice(0, 10))).toEqual(['2026-01-01', '2026-02-01']);
  });
  test('date_type=profile_install_date is its own (consistent) view', async () => {
    const a = await analytics({ chart_id: 'revenue', filters: { date: MAY }, date_type: 'purchase_date' });
    const b = await analytics({ chart_id: 'revenue', filters: { date: MAY }, date_type: 'profile_install_date' });
    expect(b.revenue.value).not.toBe(a.revenue.value);
    expect(Math.abs(b.revenue.value / a.revenue.value - 1)).toBeLessThan(0.2);
  });
});

describe('analytics: Adapty-Tz', () => {
  test('x carries the offset of that local midnight, DST included', async () => {
    const ny = await analytics(
      { chart_id: 'installs', filters: { date: ['2026-03-07', '2026-03-09'] }, period_unit: 'day' },
      'America/New_York',
    );
    expect(ny.common.data[0].values.map((v: Json) => v.x)).toEqual([
      '2026-03-07T00:00:00.000000-0500',
      '2026-03-08T00:00:00.000000-0500',
      '2026-03-09T00:00:00.000000-0400',
    ]);
    const india = await analytics(
      { chart_id: 'installs', filters: { date: ['2026-08-05', '2026-08-05'] }, period_unit: 'day' },
      'Asia/Kolkata',
    );
    expect(india.common.data[0].values[0].x).toBe('2026-08-05T00:00:00.000000+0530');
  });
  test('the zone moves day boundaries: day D+1 at UTC+12 is exactly day D at UTC−12', async () => {
    for (const chartId of ['installs', 'revenue', 'subscriptions_active']) {
      const plus = await analytics(
        { chart_id: chartId, filters: { date: ['2026-05-02', '2026-05-11'] }, period_unit: 'day' },
        'Etc/GMT-12',
      );
      const minus = await analytics(
        { chart_id: chartId, filters: { date: ['2026-05-01', '2026-05-10'] }, period_unit: 'day' },
        'Etc/GMT+12',
      );
      const key = seriesKeys(chartId)[0];
      expect(plus[key].data[0].values.map((v: Json) => v.y)).toEqual(minus[key].data[0].values.map((v: Json) => v.y));
      const utc = await analytics(
        { chart_id: chartId, filters: { date: ['2026-05-01', '2026-05-10'] }, period_unit: 'day' },
        'UTC',
      );
      expect(utc[key].data[0].values.map((v: Json) => v.y)).not.toEqual(
        minus[key].data[0].values.map((v: Json) => v.y),
      );
    }
  });
});

describe('analytics: compare_date', () => {
  test('fills compare_value_from (the compare range) and compare_value_to (the current range)', async () => {
    const cur = await analytics({ chart_id: 'revenue', filters: { date: MAY } });
    const prev = await analytics({ chart_id: 'revenue', filters: { date: ['2025-05-01', '2025-05-31'] } });
    const both = await analytics({
      chart_id: 'revenue',
      filters: { date: MAY, compare_date: ['2025-05-01', '2025-05-31'] },
    });
    for (const key of ['revenue', 'proceeds', 'net_revenue']) {
      expect(cur[key].compare_value_from).toBeNull();
      expect(both[key].compare_value_from).toBe(prev[key].value);
      expect(both[key].compare_value_to).toBe(cur[key].value);
      expect(both[key].data).toEqual(cur[key].data);
    }
    const stock = await analytics({
      chart_id: 'mrr',
      filters: { date: MAY, compare_date: ['2025-05-01', '2025-05-31'] },
    });
    const stockPrev = await analytics({ chart_id: 'mrr', filters: { date: ['2025-05-01', '2025-05-31'] } });
    expect(stock.revenue.compare_value_from).toBe(stockPrev.revenue.value);
  });
});

describe('escaping material in real answers', () => {
  test('campaign titles with HTML and formula prefixes', async () => {
    const data = await analytics({
      chart_id: 'installs',
      filters: { date: ['2026-01-01', '2026-06-30'] },
      segmentation: 'attribution_campaign',
    });
    const titles = data.common.data.map((r: Json) => r.title);
    for (const t of HOSTILE_CAMPAIGNS) expect(titles).toContain(t);
    expect(titles.some((t: string) => t.startsWith('='))).toBe(true);
    expect(titles.some((t: string) => t.startsWith('+'))).toBe(true);
    expect(titles.some((t: string) => t.startsWith('-'))).toBe(true);
    expect(titles).toContain('<img src=x onerror=alert(1)>');
  });
});

describe('determinism', () => {
  const body = { chart_id: 'revenue', filters: { date: MAY }, period_unit: 'day', segmentation: 'store' };
  test('the same request twice → the same body, also from a fresh emulator', async () => {
    const a = await call(emu, 'metrics/analytics/', body);
    const b = await call(emu, 'metrics/analytics/', body);
    expect(a.text).toBe(b.text);
    const other = await startEmulator({ rateLimitPerSecond: 0 });
    try {
      expect((await call(other, 'metrics/analytics/', body)).text).toBe(a.text);
    } finally {
      await other.close();
    }
  });
  test('different keys → different data', async () => {
    const texts = await Promise.all(
      emu.apps.map((a) => call(emu, 'metrics/analytics/', body, { key: a.key }).then((r) => r.text)),
    );
    expect(new Set(texts).size).toBe(texts.length);
  });
});

describe('CSV', () => {
  test('analytics: text/csv of the same table', async () => {
    const body = {
      chart_id: 'installs',
      filters: { date: ['2026-01-01', '2026-03-31'] },
      period_unit: 'month',
      segmentation: 'attribution_campaign',
    };
    const json = await analytics(body);
    const r = await call(emu, 'metrics/analytics/', { ...body, format: 'csv' });
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toMatch(/^text\/csv/);
    const rows = Papa.parse<string[]>(r.text.trim()).data;
    expect(rows[0]).toEqual(['Metric', 'Segment', 'Segment key', '2026-01-01', '2026-02-01', '2026-03-01', 'Value']);
    expect(rows).toHaveLength(json.common.data.length + 1);
    expect(Number(rows[1][6])).toBe(json.common.value);
    expect(rows.map((row) => row[1])).toContain('=HYPERLINK("http://example.com/x","click me")');
    expect(rows.map((row) => row[1])).toContain('Podcast, "Morning Run"');
  });
  test.each(ENDPOINTS.map((e) => e.id))('%s answers CSV', async (id) => {
    const e = ENDPOINTS.find((x) => x.id === id)!;
    const body: Record<string, unknown> =
      id === 'placements'
        ? { filters: { placement_type: 'paywall' } }
        : {
            filters: { date: ['2026-01-01', '2026-03-31'] },
            ...(id === 'analytics' ? { chart_id: 'revenue' } : {}),
            ...(id === 'conversion' ? { from_period: null, to_period: '1' } : {}),
          };
    // Placements choose CSV by the Accept header (Adapty's spec); the metrics endpoints by the body's format.
    const r =
      id === 'placements'
        ? await call(emu, e.path, body, { headers: { Accept: 'text/csv' } })
        : await call(emu, e.path, { ...body, format: 'csv' });
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toMatch(/^text\/csv/);
    const rows = Papa.parse<string[]>(r.text.trim()).data;
    expect(rows.length).toBeGreaterThan(1);
    expect(new Set(rows.map((x) => x.length)).size).toBe(1);
  });
});

describe('cohort (API.md §4.2)', () => {
  const VALUE_KEYS = [
    'period',
    'installs',
    'revenue_usd',
    'proceeds_usd',
    'net_revenue_usd',
    'revenue_relative',
    'proceeds_relative',
    'net_revenue_relative',
    'subscriptions',
    'subscriptions_relative',
    'subscribers',
    'subscribers_relative',
    'arpu_usd',
    'appu_usd',
    'anrpu_usd',
    'arppu_usd',
    'apppu_usd',
    'anrppu_usd',
    'arpas_usd',
    'appas_usd',
    'anrpas_usd',
    'currently_active_period',
  ];
  const SEG_KEYS = [
    'segment_start_date',
    'type',
    'title',
    'total_installs',
    'total_subscriptions',
    'total_paid_subscribers',
    'total_revenue_usd',
    'total_proceeds_usd',
    'total_net_revenue_usd',
    'total_arpu_usd',
    'total_appu_usd',
    'total_anrpu_usd',
    'total_arppu_usd',
    'total_apppu_usd',
    'total_anrppu_usd',
    'total_arpas_usd',
    'total_appas_usd',
    'total_anrpas_usd',
    'predict',
    'values',
  ];
  test('shape and triangle', async () => {
    const j = await post('metrics/cohort/', { filters: { date: ['2026-01-01', '2026-06-30'] }, period_unit: 'month' });
    const [total, ...cohorts] = j.data;
    expect(total.type).toBe('total');
    expect(cohorts.map((c: Json) => c.segment_start_date)).toEqual([
      '2026-01-01',
      '2026-02-01',
      '2026-03-01',
      '2026-04-01',
      '2026-05-01',
      '2026-06-01',
    ]);
    for (const seg of j.data) {
      expect(Object.keys(seg).sort()).toEqual([...SEG_KEYS].sort());
      for (const v of seg.values) expect(Object.keys(v).sort()).toEqual([...VALUE_KEYS].sort());
    }
    expect(cohorts.map((c: Json) => c.values.length)).toEqual([6, 5, 4, 3, 2, 1]); // young cohorts have fewer periods
    for (const c of cohorts) {
      expect(c.type).toBe('single');
      const subs = c.values.map((v: Json) => v.subscribers);
      for (let k = 1; k < subs.length; k++) expect(subs[k]).toBeLessThanOrEqual(subs[k - 1]);
      expect(c.values.map((v: Json) => v.currently_active_period)).toEqual(
        c.values.map((_: Json, k: number) => k === c.values.length - 1),
      );
      expect(c.values.map((v: Json) => v.period)).toEqual(c.values.map((_: Json, k: number) => k + 1));
      expect(c.values[0].subscribers_relative).toBe(100);
      expect(c.total_paid_subscribers).toBe(c.values[0].subscribers);
    }
    expect(total.values).toHaveLength(6);
    total.values.forEach((v: Json, k: number) => {
      const having = cohorts.filter((c: Json) => c.values.length > k);
      expect(v.subscribers).toBe(having.reduce((a: number, c: Json) => a + c.values[k].subscribers, 0));
      expect(cents(v.revenue_usd)).toBe(having.reduce((a: number, c: Json) => a + cents(c.values[k].revenue_usd), 0));
      if (k > 0) expect(v.subscribers).toBeLessThanOrEqual(total.values[k - 1].subscribers);
      const base = having.reduce((a: number, c: Json) => a + c.values[0].subscribers, 0);
      expect(v.subscribers_relative).toBeCloseTo((v.subscribers / base) * 100, 9);
    });
    expect(total.total_installs).toBe(cohorts.reduce((a: number, c: Json) => a + c.total_installs, 0));
    expect(cohorts[0].predict).toMatchObject({ months: 12 });
    expect(cohorts[5].predict).toBeNull();
  });
  test('period_type=days follows renewal_days; filters restrict', async () => {
    const j = await post('metrics/cohort/', {
      filters: { date: ['2026-01-01', '2026-03-31'] },
      period_type: 'days',
      renewal_days: [0, 7, 30, 60, 400],
    });
    expect(j.data[1].values).toHaveLength(4);
    // each value is keyed by the day mark itself, as the live API does (API.md §7.3)
    expect(j.data[1].values.map((v: Json) => v.period)).toEqual([0, 7, 30, 60]);
    const us = await post('metrics/cohort/', {
      filters: { date: ['2026-01-01', '2026-03-31'], country: ['us'] },
      period_type: 'days',
      renewal_days: [0, 7, 30, 60, 400],
    });
    expect(us.data[0].total_installs).toBeLessThan(j.data[0].total_installs);
  });
});

describe('conversion (API.md §4.3)', () => {
  test.each(CONVERSION_PAIRS.map((p) => [p.label, p] as const))('%s', async (_label, pair) => {
    const j = await post('metrics/conversion/', {
      filters: { date: ['2025-07-01', '2025-12-31'] },
      from_period: pair.from === '' ? null : pair.from,
      to_period: pair.to,
    });
    expect(j.metric_name).toBe(pair.metric);
    expect(j.unit).toBe('percent');
    expect(j.value_to).toBeLessThanOrEqual(j.value_from);
    expect(j.value_from).toBeGreaterThan(0);
    expect(j.value).toBeCloseTo((j.value_to / j.value_from) * 100, 10);
    expect(j.recommended_period).toEqual({ date_from: '2025-07-01', date_to: '2025-12-31', period_unit: 'month' });
    // as Adapty's official example: type multi, sum, "Conversion rate from … to …"
    expect(j).toMatchObject({ type: 'multi', default_aggregation: 'sum' });
    expect(j.title).toMatch(/^Conversion rate from (Install|Trial|Paid|\d\w\w period) to /);
    if (/\+$/.test(pair.to)) {
      // the long-horizon conversions answer with the summary only, like the official 1 → 6+ example
      expect(j.data).toEqual([]);
      expect(j.title).toBe(`Conversion rate from Paid to more than ${pair.to.slice(0, -1)} months`);
    } else expect(j.data.reduce((a: number, p: Json) => a + p.value_from, 0)).toBe(j.value_from);
    for (const p of j.data) {
      expect(p.x).toMatch(X_RE);
      expect(p.value).toBeCloseTo(p.value_from ? (p.value_to / p.value_from) * 100 : 0, 10);
    }
  });
  test('percent units: 0.84 means 0.84 %', async () => {
    const j = await post('metrics/conversion/', { filters: { date: MAY }, from_period: null, to_period: '1' });
    expect(j.value).toBeGreaterThan(0.3);
    expect(j.value).toBeLessThan(10);
  });
  test('segmented rows add up; compare fills the compare counts', async () => {
    const j = await post('metrics/conversion/', {
      filters: { date: MAY, compare_date: ['2025-05-01', '2025-05-31'] },
      from_period: '0',
      to_period: '1',
      segmentation: 'country',
    });
    const [total, ...segs] = j.data;
    expect(total.type).toBe('total');
    expect(segs.reduce((a: number, s: Json) => a + s.value_from, 0)).toBe(total.value_from);
    expect(segs.reduce((a: number, s: Json) => a + s.value_to, 0)).toBe(total.value_to);
    const prev = await post('metrics/conversion/', {
      filters: { date: ['2025-05-01', '2025-05-31'] },
      from_period: '0',
      to_period: '1',
    });
    expect([j.compare_value_from, j.compare_value_to]).toEqual([prev.value_from, prev.value_to]);
  });
});

describe('funnel (API.md §4.4)', () => {
  test('steps never grow; drop-offs and churn reasons add up; segments add up', async () => {
    const j = await post('metrics/funnel/', { filters: { date: ['2026-01-01', '2026-03-31'] }, segmentation: 'store' });
    const [total, ...segs] = j.data;
    expect(total.type).toBe('total');
    expect(total.values.map((s: Json) => s.period)).toEqual([-2, -1, 0, 1, 2, 3, 4, 5]);
    for (const seg of j.data) {
      seg.values.forEach((step: Json, i: number) => {
        expect(Object.keys(step).sort()).toEqual(
          [
            'churn_reason_title',
            'churn_reasons',
            'following_changes',
            'period',
            'relative_changes',
            'title',
            'value',
            'value_relative',
            'values',
          ].sort(),
        );
        const next = seg.values[i + 1];
        if (next) {
          expect(next.value).toBeLessThanOrEqual(step.value);
          expect(step.following_changes).toMatchObject({ title: 'Drop off', value: step.value - next.value });
          if (step.period >= 1)
            expect(step.churn_reasons.reduce((a: number, r: Json) => a + r.value, 0)).toBe(step.value - next.value);
        } else {
          expect(step.following_changes).toBeNull();
        }
      });
    }
    total.values.forEach((step: Json, i: number) =>
      expect(segs.reduce((a: number, s: Json) => a + s.values[i].value, 0)).toBe(step.value),
    );
  });
});

describe('LTV (API.md §4.5)', () => {
  test('grows with period; proceeds ≤ revenue; segment cohorts add up', async () => {
    const j = await post('metrics/ltv/', { filters: { date: ['2025-06-01', '2025-12-31'] }, segmentation: 'country' });
    expect(Object.keys(j)).toEqual(['revenue', 'proceeds', 'net_revenue']);
    for (const key of ['revenue', 'proceeds', 'net_revenue']) {
      const m = j[key];
      expect(m).toMatchObject({ unit: 'USD', title: 'LTV' });
      const [total, ...segs] = m.data;
      expect(total.type).toBe('total');
      expect(segs.reduce((a: number, s: Json) => a + s.cohort_size, 0)).toBe(total.cohort_size);
      for (const row of m.data) {
        for (let k = 1; k < row.values.length; k++)
          expect(row.values[k].value).toBeGreaterThanOrEqual(row.values[k - 1].value);
      }
      expect(total.values[total.values.length - 1].value).toBeGreaterThan(total.values[0].value);
      expect(m.value).toBe(total.value);
    }
    j.proceeds.data[0].values.forEach((v: Json, k: number) =>
      expect(v.value).toBeLessThanOrEqual(j.revenue.data[0].values[k].value),
    );
  });
  test('date segmentations give one row per install period', async () => {
    const j = await post('metrics/ltv/', { filters: { date: ['2026-01-01', '2026-03-31'] }, segmentation: 'month' });
    expect(j.revenue.data.map((r: Json) => r.type)).toEqual(['total', '2026-01-01', '2026-02-01', '2026-03-01']);
  });
});

describe('retention (API.md §4.6)', () => {
  test('decreases; relative starts at 100; use_trial starts at the trial step', async () => {
    const j = await post('metrics/retention/', {
      filters: { date: ['2025-06-01', '2025-12-31'] },
      value_type: 'relative',
    });
    expect(j).toMatchObject({ title: 'Subscription retention', value_type: 'relative' });
    const vals = j.data[0].values;
    expect(vals[0]).toMatchObject({ period: 1, value_relative: 100 });
    for (let k = 1; k < vals.length; k++) expect(vals[k].value).toBeLessThanOrEqual(vals[k - 1].value);
    expect(vals[vals.length - 1].value).toBeLessThan(vals[0].value);
    const t = await post('metrics/retention/', { filters: { date: ['2025-06-01', '2025-12-31'] }, use_trial: true });
    expect(t.data[0].values[0]).toMatchObject({ period: 0, value_relative: 100 });
    expect(t.data[0].values[1].value).toBeLessThan(t.data[0].values[0].value);
    expect(t.value_type).toBeNull();
  });
});

describe('placements (API.md §4.7)', () => {
  test('paywall and onboarding placements; ids match the analytics placement segments', async () => {
    const p = await post('exports/placements/', { filters: { placement_type: 'paywall' } });
    expect(p.data.length).toBeGreaterThan(2);
    for (const row of p.data) {
      expect(Object.keys(row).sort()).toEqual([
        'ab_test_name',
        'audience_name',
        'cross_placement_ab_test_name',
        'developer_id',
        'paywall_name',
        'placement_name',
        'segment_name',
      ]);
    }
    const o = await post('exports/placements/', { filters: { placement_type: 'onboarding' } });
    expect(o.data.every((r: Json) => typeof r.onboarding_name === 'string' && !('paywall_name' in r))).toBe(true);
    const seg = await analytics({ chart_id: 'revenue', filters: { date: MAY }, segmentation: 'placement_id' });
    const ids = new Set(p.data.map((r: Json) => r.developer_id));
    for (const row of seg.revenue.data.slice(1)) expect(ids.has(row.type)).toBe(true);
  });
});
