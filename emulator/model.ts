/**
 * The simulated subscription app behind one key.
 *
 * Users fall into a fixed list of "cells": one combination of every dimension the API filters or
 * segments by (country, store, product, attribution…, offer, paywall, audience, placement, renewal
 * status, cancellation reason). Each cell has its own rates. Events are generated per cell and per UTC
 * hour as deterministic integer draws (money in integer cents), so any grouping of cells and hours sums
 * exactly. Local days are sets of UTC hours chosen by the request's zone.
 */
import {
  ATTRIBUTION_SOURCES,
  ATTRIBUTION_STATUSES,
  OFFER_CATEGORIES,
  OFFER_TYPES,
  STORES,
} from '../src/catalog/catalog';
import type { DemoApp } from './apps';
import { Seq, draw as drawImport, hash32 as hash32Import, strHash, sub as subImport, unit as unitImport } from './rng';
import { MS_DAY, hoursOfDay, parseDay } from './tz';

// Module-local bindings of the hot helpers: transpilers turn imported calls into property getters,
// which dominated the per-hour loop.
// Globals are slow inside a vm context (jest), so Math's helpers are bound here too.
const draw = drawImport,
  hash32 = hash32Import,
  sub = subImport,
  unit = unitImport;
const floor = Math.floor,
  round = Math.round;

// ---------------------------------------------------------------------------------------------
// Dimensions

/** Every per-cell dimension; the names are the API's filter / segmentation keys. */
export const DIMS = [
  'country',
  'store',
  'store_product_id',
  'duration',
  'attribution_source',
  'attribution_status',
  'attribution_channel',
  'attribution_campaign',
  'attribution_adgroup',
  'attribution_adset',
  'attribution_creative',
  'offer_category',
  'offer_type',
  'offer_id',
  'paywall_id',
  'audience_id',
  'placement_id',
  'purchase_container_id',
  'paywalls_group',
  'renewal_status',
  'cancellation_reason',
  'app_id',
] as const;
export type Dim = (typeof DIMS)[number];

/** Title of a value that is not set (organic installs have no campaign, no-offer purchases no offer id). */
export const NOT_SET = 'Not set';

export interface Product {
  id: string; // store:product
  store: string;
  vendorId: string;
  duration: string; // catalog DURATIONS id
  priceCents: number;
  kind: 'sub' | 'nonsub';
  durDays: number;
}

interface Campaign {
  status: string;
  source: string;
  channel: string;
  campaign: string;
  adgroups: string[];
  adsets: string[];
  creatives: string[];
  weight: number;
}

interface Offer {
  category: string;
  type: string;
  id: string;
  trial: boolean;
  weight: number;
}

export interface Paywall {
  id: string;
  title: string;
  group: string;
}
export interface Audience {
  id: string;
  title: string;
  segment: string;
}
export interface PlacementEntry {
  audience: string;
  target: string;
  abTest: string | null;
  crossAbTest: string | null;
}
export interface Placement {
  id: string;
  title: string;
  type: 'paywall' | 'onboarding';
  entries: PlacementEntry[];
}

export interface Cell {
  index: number;
  dims: Record<Dim, string>;
  product: Product;
  weight: number;
  trial: boolean;
  countryShift: number;
}

const DURATION_DAYS: Record<string, number> = {
  Weekly: 7,
  Monthly: 30.4375,
  '2 months': 60.875,
  '3 months': 91.3125,
  '6 months': 182.625,
  Annual: 365.25,
  Lifetime: Infinity,
  Uncategorized: Infinity,
};
const RENEW_PROB: Record<string, number> = {
  Weekly: 0.8,
  Monthly: 0.86,
  '2 months': 0.8,
  '3 months': 0.76,
  '6 months': 0.7,
  Annual: 0.56,
};

/** [code, weight, hours from UTC for the daily rhythm, VAT share]. */
const COUNTRIES: readonly [string, number, number, number][] = [
  ['us', 30, -5, 0.05],
  ['gb', 8, 0, 0.2],
  ['de', 7, 1, 0.19],
  ['jp', 6, 9, 0.1],
  ['fr', 5, 1, 0.2],
  ['br', 5, -3, 0.09],
  ['in', 5, 5, 0.18],
  ['ca', 4, -5, 0.13],
  ['au', 3, 10, 0.1],
  ['es', 3, 1, 0.21],
  ['it', 3, 1, 0.22],
  ['kr', 3, 9, 0.1],
  ['mx', 3, -6, 0.16],
  ['nl', 2, 1, 0.21],
  ['se', 2, 1, 0.25],
  ['pl', 2, 1, 0.23],
  ['tr', 2, 3, 0.2],
  ['id', 2, 7, 0.11],
  ['ph', 2, 8, 0.12],
  ['ua', 1, 2, 0.2],
];

const COMMISSION: Record<string, number> = { app_store: 0.15, play_store: 0.15, stripe: 0.03, adapty: 0 };

const CANCELLATION_REASONS: readonly [string, string, number][] = [
  ['voluntarily_cancelled', 'Voluntarily cancelled', 50],
  ['billing_error', 'Billing error', 20],
  ['price_increase', 'Price increase', 6],
  ['product_was_not_available', 'Product was not available', 3],
  ['refund', 'Refund', 5],
  ['upgraded', 'Upgraded', 6],
  ['unknown', 'Unknown', 10],
];
const RENEWAL_STATUSES: readonly [string, string, number][] = [
  ['auto_renew_on', 'Auto-renew on', 78],
  ['auto_renew_off', 'Auto-renew off', 22],
];
const GROUP_TITLES: Record<string, string> = {
  main: 'Main paywalls',
  promo: 'Promo paywalls',
  onboarding: 'Onboarding paywalls',
};

/** Campaign names chosen to test the add-on's escaping with real answers. */
export const HOSTILE_CAMPAIGNS = [
  '<img src=x onerror=alert(1)>',
  '=HYPERLINK("http://example.com/x","click me")',
  '+15% retargeting',
  '-50% winback',
  'Podcast, "Morning Run"',
] as const;

function campaignsFor(app: DemoApp): Campaign[] {
  const tag = app.name.replace(/^Demo /, '').replace(/\s+/g, '');
  return [
    {
      status: 'organic',
      source: '',
      channel: '',
      campaign: '',
      adgroups: [''],
      adsets: [''],
      creatives: [''],
      weight: 40,
    },
    {
      status: 'unknown',
      source: '',
      channel: '',
      campaign: '',
      adgroups: [''],
      adsets: [''],
      creatives: [''],
      weight: 8,
    },
    {
      status: 'non_organic',
      source: 'apple_search_ads',
      channel: 'Apple Search Ads',
      campaign: `ASA_Brand_US_${tag}`,
      adgroups: ['brand_exact', 'brand_broad'],
      adsets: [''],
      creatives: [''],
      weight: 8,
    },
    {
      status: 'non_organic',
      source: 'apple_search_ads',
      channel: 'Apple Search Ads',
      campaign: 'ASA_Generic_EU',
      adgroups: ['generic_broad', 'competitors'],
      adsets: [''],
      creatives: [''],
      weight: 5,
    },
    {
      status: 'non_organic',
      source: 'appsflyer',
      channel: 'Facebook Ads',
      campaign: 'FB_Spring_Sale_2026',
      adgroups: ['fb_ag_1'],
      adsets: ['lookalike_1pct', 'broad_25_44'],
      creatives: ['video_15s_a', 'carousel_b'],
      weight: 9,
    },
    {
      status: 'non_organic',
      source: 'appsflyer',
      channel: 'Facebook Ads',
      campaign: HOSTILE_CAMPAIGNS[0],
      adgroups: ['fb_ag_2'],
      adsets: ['interest_fitness'],
      creatives: ['static_banner_c'],
      weight: 3,
    },
    {
      status: 'non_organic',
      source: 'adjust',
      channel: 'TikTok',
      campaign: HOSTILE_CAMPAIGNS[1],
      adgroups: ['tt_ag_1'],
      adsets: ['tt_broad'],
      creatives: ['ugc_video_3'],
      weight: 4,
    },
    {
      status: 'non_organic',
      source: 'adjust',
      channel: 'TikTok',
      campaign: HOSTILE_CAMPAIGNS[2],
      adgroups: ['tt_retarget'],
      adsets: ['tt_payers_30d'],
      creatives: ['ugc_video_4'],
      weight: 3,
    },
    {
      status: 'non_organic',
      source: 'branch',
      channel: 'Google Ads',
      campaign: HOSTILE_CAMPAIGNS[3],
      adgroups: ['uac_lapsed'],
      adsets: [''],
      creatives: ['html5_d'],
      weight: 3,
    },
    {
      status: 'non_organic',
      source: 'branch',
      channel: 'Google Ads',
      campaign: 'UAC_Installs_Global',
      adgroups: ['uac_ag_1', 'uac_ag_2'],
      adsets: [''],
      creatives: ['html5_a', 'video_30s_b'],
      weight: 7,
    },
    {
      status: 'non_organic',
      source: 'airbridge',
      channel: 'Snapchat',
      campaign: 'Snap_Q3_GenZ',
      adgroups: ['snap_ag'],
      adsets: ['snap_18_24'],
      creatives: ['story_a'],
      weight: 3,
    },
    {
      status: 'non_organic',
      source: 'custom',
      channel: 'influencers',
      campaign: 'Influencer — Jane Doe 💪',
      adgroups: [''],
      adsets: [''],
      creatives: ['yt_integration'],
      weight: 3,
    },
    {
      status: 'non_organic',
      source: 'custom',
      channel: 'podcasts',
      campaign: HOSTILE_CAMPAIGNS[4],
      adgroups: [''],
      adsets: [''],
      creatives: ['host_read_60s'],
      weight: 2,
    },
  ];
}

function productsFor(app: DemoApp): Product[] {
  const p = app.seed === 101 ? 'premium' : app.seed === 202 ? 'calm_plus' : `pro${app.seed % 100}`;
  const raw: [string, string, string, number, ('sub' | 'nonsub')?][] = [
    ['app_store', `${p}_weekly`, 'Weekly', 499],
    ['app_store', `${p}_monthly`, 'Monthly', 1299],
    ['app_store', `${p}_2months`, '2 months', 1999],
    ['app_store', `${p}_quarterly`, '3 months', 2999],
    ['app_store', `${p}_annual`, 'Annual', 5999],
    ['app_store', `${p}_lifetime`, 'Lifetime', 14999, 'nonsub'],
    ['app_store', 'coins_pack_100', 'Uncategorized', 199, 'nonsub'],
    ['play_store', `${p}_sub:weekly-base`, 'Weekly', 449],
    ['play_store', `${p}_sub:monthly-base-plan`, 'Monthly', 1199],
    ['play_store', `${p}_sub:semiannual-base-plan`, '6 months', 3499],
    ['play_store', `${p}_sub:annual-base-plan`, 'Annual', 5499],
    ['play_store', `${p}_lifetime`, 'Lifetime', 12999, 'nonsub'],
    ['stripe', `price_${p}_monthly_web`, 'Monthly', 999],
    ['stripe', `price_${p}_annual_web`, 'Annual', 4999],
  ];
  return raw.map(([store, vendorId, duration, priceCents, kind = 'sub']) => ({
    id: `${store}:${vendorId}`,
    store,
    vendorId,
    duration,
    priceCents,
    kind,
    durDays: DURATION_DAYS[duration],
  }));
}

const OFFERS: readonly Offer[] = [
  { category: 'no_offer', type: '', id: '', trial: false, weight: 45 },
  { category: 'introductory', type: 'free_trial', id: 'trial_7d', trial: true, weight: 25 },
  { category: 'introductory', type: 'free_trial', id: 'trial_3d', trial: true, weight: 8 },
  { category: 'introductory', type: 'pay_as_you_go', id: 'intro_3m_half_price', trial: false, weight: 6 },
  { category: 'promotional', type: 'pay_up_front', id: 'promo_spring_2026', trial: false, weight: 5 },
  { category: 'offer_code', type: 'pay_up_front', id: 'CODE-FRIENDS-50', trial: false, weight: 3 },
  { category: 'win_back', type: 'pay_as_you_go', id: 'winback_30off', trial: false, weight: 4 },
  { category: 'retention', type: 'free_trial', id: 'retention_1m_free', trial: false, weight: 4 },
];
const NO_OFFER = OFFERS[0];

const PAYWALLS: readonly Paywall[] = [
  { id: 'main_paywall_v3', title: 'Main paywall v3', group: 'main' },
  { id: 'main_paywall_v4_annual', title: 'Main paywall v4 (annual first)', group: 'main' },
  { id: 'spring_promo', title: 'Spring promo <b>−50%</b>', group: 'promo' },
  { id: 'winback_paywall', title: 'Win-back offer', group: 'promo' },
  { id: 'onboarding_paywall', title: 'Onboarding paywall', group: 'onboarding' },
];
const AUDIENCES: readonly Audience[] = [
  { id: 'all_users', title: 'All Users', segment: 'All Users' },
  { id: 'new_us_users', title: 'New users in the US', segment: 'Country is US, installed less than 7 days ago' },
  { id: 'lapsed_subscribers', title: 'Lapsed subscribers', segment: 'Subscription expired' },
];
const PLACEMENTS: readonly Placement[] = [
  {
    id: 'onboarding_end',
    title: 'Onboarding end',
    type: 'paywall',
    entries: [
      { audience: 'new_us_users', target: 'onboarding_paywall', abTest: 'Onboarding price test', crossAbTest: null },
      {
        audience: 'new_us_users',
        target: 'main_paywall_v4_annual',
        abTest: 'Onboarding price test',
        crossAbTest: null,
      },
      { audience: 'all_users', target: 'onboarding_paywall', abTest: null, crossAbTest: null },
    ],
  },
  {
    id: 'settings_upgrade',
    title: 'Settings: upgrade',
    type: 'paywall',
    entries: [
      { audience: 'all_users', target: 'main_paywall_v3', abTest: null, crossAbTest: 'Annual-first everywhere' },
    ],
  },
  {
    id: 'feature_gate',
    title: 'Feature gate',
    type: 'paywall',
    entries: [
      { audience: 'new_us_users', target: 'spring_promo', abTest: 'Promo vs main', crossAbTest: null },
      { audience: 'new_us_users', target: 'main_paywall_v3', abTest: 'Promo vs main', crossAbTest: null },
      { audience: 'all_users', target: 'main_paywall_v4_annual', abTest: null, crossAbTest: 'Annual-first everywhere' },
    ],
  },
  {
    id: 'promo_banner',
    title: 'Promo banner',
    type: 'paywall',
    entries: [
      { audience: 'lapsed_subscribers', target: 'winback_paywall', abTest: null, crossAbTest: null },
      { audience: 'all_users', target: 'spring_promo', abTest: null, crossAbTest: null },
    ],
  },
  {
    id: 'first_launch',
    title: 'First launch',
    type: 'onboarding',
    entries: [
      { audience: 'new_us_users', target: 'US quiz onboarding', abTest: 'Quiz vs classic', crossAbTest: null },
      { audience: 'new_us_users', target: 'Welcome flow v2', abTest: 'Quiz vs classic', crossAbTest: null },
      { audience: 'all_users', target: 'Welcome flow v2', abTest: null, crossAbTest: null },
    ],
  },
  {
    id: 'reactivation',
    title: 'Reactivation',
    type: 'onboarding',
    entries: [{ audience: 'lapsed_subscribers', target: 'Come back, =1+1 edition', abTest: null, crossAbTest: null }],
  },
];

// ---------------------------------------------------------------------------------------------
// Metrics per cell and hour

/** Base metrics, in the order of a day bundle. Money is integer cents. */
export const M = {
  installs: 0,
  trials_new: 1,
  subs_new: 2,
  renewals: 3,
  trials_renewal_cancelled: 4,
  subs_renewal_cancelled: 5,
  trials_expired: 6,
  subs_expired: 7,
  grace_period: 8,
  billing_issue: 9,
  refund_events: 10,
  non_subs: 11,
  paying: 12,
  rev: 13,
  proc: 14,
  net: 15,
  refund_rev: 16,
  refund_proc: 17,
  refund_net: 18,
  // stocks: level at the end of the day
  subs_active: 19,
  trials_active: 20,
  mrr: 21,
  mrr_proc: 22,
  mrr_net: 23,
} as const;
export type MetricName = keyof typeof M;
export const N_METRICS = 24;
export const FIRST_STOCK = M.subs_active;

const WEEKDAY = [1.12, 0.95, 0.93, 0.94, 0.96, 1.0, 1.1]; // Sun … Sat
const DIURNAL = Array.from({ length: 24 }, (_, h) => 1 + 0.55 * Math.sin((2 * Math.PI * (h - 8)) / 24));
const REFUND_BLOCK = 23;

/** Day-level derived counts for the cohort endpoints: per cell, one local install day. */
export interface CohortBase {
  installs: Float64Array;
  paywall: Float64Array;
  trials: Float64Array;
  paid: Float64Array;
  nonsub: Float64Array;
}

export class AppModel {
  readonly app: Required<DemoApp>;
  readonly appId: string;
  readonly products: Product[];
  readonly cells: Cell[];
  readonly placements = PLACEMENTS;
  readonly paywalls = PAYWALLS;
  readonly audiences = AUDIENCES;
  readonly launchDay: number;
  private readonly campaigns: Campaign[];
  private readonly titles = new Map<string, string>();
  private readonly C: number;
  // per-cell constants
  private readonly hourInstalls: Float64Array;
  private readonly shift: Int32Array;
  private readonly isSub: Uint8Array;
  private readonly trialRate: Float64Array;
  private readonly trialConv: Float64Array;
  private readonly newRate: Float64Array;
  private readonly nonsubRate: Float64Array;
  readonly renewProb: Float64Array;
  readonly durDays: Float64Array;
  readonly price: Int32Array;
  private readonly monthly: Int32Array;
  readonly keep: Float64Array;
  readonly vatDiv: Float64Array;
  private readonly refundRate: Float64Array;
  private readonly trialDays: Float64Array;
  private readonly levelBase: Float64Array;
  private readonly trialLevelBase: Float64Array;
  readonly paywallRate: Float64Array;
  private readonly bundles = new Map<string, Float64Array>();
  private readonly cohortBases = new Map<string, CohortBase>();
  private readonly zero: Float64Array;
  // per-cell memo of the day-noise draw (the hour loop asks for the same local day 24 times)
  private readonly noiseDay: Float64Array;
  private readonly noiseSeed: Float64Array;
  private readonly noiseVal: Float64Array;

  constructor(app: DemoApp) {
    this.app = {
      installsPerDay: 4000,
      launchDate: '2021-03-01',
      timeZone: 'UTC',
      cells: 160,
      flavor: 'ios_first',
      ...app,
    };
    const launch = parseDay(this.app.launchDate);
    if (launch === null) throw new Error(`${app.name}: launchDate must be YYYY-MM-DD`);
    this.launchDay = launch;
    const seed = this.app.seed;
    const h = (n: number) => hash32(seed, n, 4242).toString(16).padStart(8, '0');
    this.appId = `${h(1)}-${h(2).slice(0, 4)}-4${h(3).slice(0, 3)}-a${h(4).slice(0, 3)}-${h(5)}${h(6).slice(0, 4)}`;
    this.products = productsFor(this.app);
    this.campaigns = campaignsFor(this.app);
    this.cells = this.buildCells();
    const C = (this.C = this.cells.length);
    this.zero = new Float64Array(C * N_METRICS);
    this.noiseDay = new Float64Array(C).fill(NaN);
    this.noiseSeed = new Float64Array(C).fill(NaN);
    this.noiseVal = new Float64Array(C);
    const f64 = () => new Float64Array(C);
    this.hourInstalls = f64();
    this.shift = new Int32Array(C);
    this.isSub = new Uint8Array(C);
    this.trialRate = f64();
    this.trialConv = f64();
    this.newRate = f64();
    this.nonsubRate = f64();
    this.renewProb = f64();
    this.durDays = f64();
    this.price = new Int32Array(C);
    this.monthly = new Int32Array(C);
    this.keep = f64();
    this.vatDiv = f64();
    this.refundRate = f64();
    this.trialDays = f64();
    this.levelBase = f64();
    this.trialLevelBase = f64();
    this.paywallRate = f64();
    const s = new Seq(seed, 2);
    for (const cell of this.cells) {
      const c = cell.index;
      const p = cell.product;
      this.hourInstalls[c] = (this.app.installsPerDay * cell.weight) / 24;
      this.shift[c] = cell.countryShift;
      this.isSub[c] = p.kind === 'sub' ? 1 : 0;
      this.paywallRate[c] = s.range(0.55, 0.8);
      this.trialRate[c] = cell.trial ? s.range(0.09, 0.16) : 0;
      this.trialConv[c] = cell.trial ? s.range(0.35, 0.55) : 0;
      this.newRate[c] =
        p.kind !== 'sub' ? 0 : cell.trial ? this.trialRate[c] * this.trialConv[c] : s.range(0.015, 0.035);
      this.nonsubRate[c] =
        p.kind === 'sub' ? 0 : p.duration === 'Lifetime' ? s.range(0.004, 0.01) : s.range(0.03, 0.07);
      this.renewProb[c] = p.kind === 'sub' ? Math.min(0.95, RENEW_PROB[p.duration] + s.range(-0.04, 0.04)) : 0;
      this.durDays[c] = p.durDays;
      this.price[c] = p.priceCents;
      this.monthly[c] = p.kind === 'sub' ? round((p.priceCents * 30.4375) / p.durDays) : 0;
      this.keep[c] = 1 - (COMMISSION[p.store] ?? 0.3);
      this.vatDiv[c] = 1 + (COUNTRIES.find((x) => x[0] === cell.dims.country)?.[3] ?? 0.1);
      this.refundRate[c] = s.range(0.012, 0.03);
      this.trialDays[c] = cell.dims.offer_id === 'trial_3d' ? 3 : 7;
      const lifeDays = p.kind === 'sub' ? p.durDays / (1 - this.renewProb[c]) : 0;
      this.levelBase[c] = this.hourInstalls[c] * 24 * this.newRate[c] * lifeDays;
      this.trialLevelBase[c] = this.hourInstalls[c] * 24 * this.trialRate[c] * this.trialDays[c];
    }
  }

  get cellCount(): number {
    return this.C;
  }

  private buildCells(): Cell[] {
    const s = new Seq(this.app.seed, 1);
    const n = this.app.cells;
    const products = this.products;
    const storeW: Record<string, number> =
      this.app.flavor === 'android_first'
        ? { app_store: 0.35, play_store: 0.6, stripe: 0.05 }
        : { app_store: 0.62, play_store: 0.33, stripe: 0.05 };
    const perStore = (st: string) => products.filter((p) => p.store === st).length;
    const productW = products.map((p) => (storeW[p.store] / perStore(p.store)) * (p.kind === 'nonsub' ? 0.6 : 1));
    const paywallPlacements = PLACEMENTS.filter((p) => p.type === 'paywall');
    const cells: Cell[] = [];
    let wsum = 0;
    for (let i = 0; i < n; i++) {
      const product = i < products.length ? products[i] : s.pick(products, productW);
      const camp =
        i < this.campaigns.length
          ? this.campaigns[i]
          : s.pick(
              this.campaigns,
              this.campaigns.map((c) => c.weight),
            );
      const country =
        i < COUNTRIES.length
          ? COUNTRIES[(i * 7) % COUNTRIES.length]
          : s.pick(
              COUNTRIES,
              COUNTRIES.map((c) => c[1]),
            );
      const offer =
        product.kind !== 'sub'
          ? NO_OFFER
          : i < OFFERS.length
            ? OFFERS[i]
            : s.pick(
                OFFERS,
                OFFERS.map((o) => o.weight),
              );
      const placement = paywallPlacements[i < paywallPlacements.length ? i : s.int(paywallPlacements.length)];
      const entry = placement.entries[s.int(placement.entries.length)];
      const paywall = PAYWALLS.find((p) => p.id === entry.target)!;
      const renewal =
        i < 2
          ? RENEWAL_STATUSES[i]
          : s.pick(
              RENEWAL_STATUSES,
              RENEWAL_STATUSES.map((r) => r[2]),
            );
      const reason =
        i < CANCELLATION_REASONS.length
          ? CANCELLATION_REASONS[i]
          : s.pick(
              CANCELLATION_REASONS,
              CANCELLATION_REASONS.map((r) => r[2]),
            );
      const dims: Record<Dim, string> = {
        country: country[0],
        store: product.store,
        store_product_id: product.id,
        duration: product.duration,
        attribution_source: camp.source,
        attribution_status: camp.status,
        attribution_channel: camp.channel,
        attribution_campaign: camp.campaign,
        attribution_adgroup: s.pick(camp.adgroups),
        attribution_adset: s.pick(camp.adsets),
        attribution_creative: s.pick(camp.creatives),
        offer_category: offer.category,
        offer_type: offer.type,
        offer_id: offer.id,
        paywall_id: paywall.id,
        audience_id: entry.audience,
        placement_id: placement.id,
        purchase_container_id: `pc_${paywall.group}`,
        paywalls_group: paywall.group,
        renewal_status: renewal[0],
        cancellation_reason: reason[0],
        app_id: '',
      };
      const weight = (0.3 + s.next()) * (camp.weight / 10) * (country[1] / 10 + 0.2);
      wsum += weight;
      cells.push({ index: i, dims, product, weight, trial: offer.trial, countryShift: country[2] });
    }
    for (const c of cells) {
      c.weight /= wsum;
      c.dims.app_id = this.appId;
    }
    return cells;
  }

  /** Display title of a dimension value. */
  title(dim: Dim, value: string): string {
    const key = `${dim}|${value}`;
    let t = this.titles.get(key);
    if (t === undefined) {
      t = this.computeTitle(dim, value);
      this.titles.set(key, t);
    }
    return t;
  }

  private computeTitle(dim: Dim, value: string): string {
    if (value === '') return NOT_SET;
    const label = (list: readonly { id: string; label: string }[]) => list.find((c) => c.id === value)?.label ?? value;
    switch (dim) {
      case 'country':
        try {
          return new Intl.DisplayNames(['en'], { type: 'region' }).of(value.toUpperCase()) ?? value;
        } catch {
          return value;
        }
      case 'store':
        return label(STORES);
      case 'store_product_id':
        return this.products.find((p) => p.id === value)?.vendorId ?? value;
      case 'attribution_source':
        return label(ATTRIBUTION_SOURCES);
      case 'attribution_status':
        return label(ATTRIBUTION_STATUSES);
      case 'offer_category':
        return label(OFFER_CATEGORIES);
      case 'offer_type':
        return label(OFFER_TYPES);
      case 'paywall_id':
        return PAYWALLS.find((p) => p.id === value)?.title ?? value;
      case 'audience_id':
        return AUDIENCES.find((a) => a.id === value)?.title ?? value;
      case 'placement_id':
        return PLACEMENTS.find((p) => p.id === value)?.title ?? value;
      case 'purchase_container_id':
        return GROUP_TITLES[value.replace(/^pc_/, '')] ?? value;
      case 'paywalls_group':
        return GROUP_TITLES[value] ?? value;
      case 'renewal_status':
        return RENEWAL_STATUSES.find((r) => r[0] === value)?.[1] ?? value;
      case 'cancellation_reason':
        return CANCELLATION_REASONS.find((r) => r[0] === value)?.[1] ?? value;
      case 'app_id':
        return this.app.name;
      default:
        return value;
    }
  }

  /** Is UTC day `day` one of the app's refund-storm days (refunds exceed sales)? */
  isRefundDay(day: number): boolean {
    const block = floor(day / REFUND_BLOCK);
    return day - block * REFUND_BLOCK === hash32(this.app.seed, block, 77) % REFUND_BLOCK;
  }

  /** Smooth growth: 0 before launch, a 90-day ramp, +15 % a year, a New-Year peak. */
  private trend(t: number): number {
    const age = t - this.launchDay;
    if (age < 0) return 0;
    const ramp = Math.min(1, age / 90);
    const doy = t - floor(t / 365.25) * 365.25;
    return ramp * (1 + (0.15 * age) / 365) * (1 + 0.12 * Math.cos((2 * Math.PI * (doy - 10)) / 365.25));
  }

  /**
   * Metrics of every cell for local day `day` in zone `tz`: flows summed over the day's hours, stocks at
   * its last hour. Layout: [metric * C + cell]. `salt` gives the install-date view its own noise.
   */
  dayBundle(tz: string, salt: number, day: number): Float64Array {
    if (day < this.launchDay - 2) return this.zero;
    const key = `${tz}|${salt}|${day}`;
    const hit = this.bundles.get(key);
    if (hit) {
      this.bundles.delete(key);
      this.bundles.set(key, hit);
      return hit;
    }
    const [h0, h1] = hoursOfDay(tz, day);
    const out = new Float64Array(this.C * N_METRICS);
    for (let hr = h0; hr < h1; hr++) this.addHour(hr, salt, out, hr === h1 - 1);
    if (this.bundles.size >= 1500) this.bundles.delete(this.bundles.keys().next().value as string);
    this.bundles.set(key, out);
    return out;
  }

  private addHour(hr: number, salt: number, out: Float64Array, last: boolean): void {
    const C = this.C;
    const seed = this.app.seed + salt * 7919;
    const t = hr / 24;
    const tr = this.trend(t);
    if (tr <= 0) return;
    const utcDay = floor(t);
    const frac = t - utcDay;
    const refundDay = this.isRefundDay(utcDay);
    for (let c = 0; c < C; c++) {
      const lh = hr + this.shift[c];
      const ld = floor(lh / 24);
      const hod = lh - ld * 24;
      if (this.noiseDay[c] !== ld || this.noiseSeed[c] !== seed) {
        this.noiseDay[c] = ld;
        this.noiseSeed[c] = seed;
        this.noiseVal[c] = 0.8 + 0.4 * unit(seed, c, ld, 99);
      }
      const dayNoise = this.noiseVal[c];
      const base = this.hourInstalls[c] * tr * WEEKDAY[(((ld + 4) % 7) + 7) % 7] * DIURNAL[hod] * dayNoise;
      // One hash per cell-hour; each metric's uniform is a cheap remix of it.
      const h0 = hash32(seed, c, hr);
      const installs = draw(base, sub(h0, 0));
      let trialsNew = 0,
        subsNew = 0,
        renewals = 0,
        trCanc = 0,
        subCanc = 0,
        trExp = 0,
        subExp = 0;
      let grace = 0,
        billing = 0,
        nonsubs = 0,
        subsActive = 0,
        trialsActive = 0;
      let purchasesE: number;
      if (this.isSub[c]) {
        const smooth = 0.95 + 0.1 * ((1 - frac) * unit(seed, c, utcDay, 98) + frac * unit(seed, c, utcDay + 1, 98));
        const dur = this.durDays[c] * 24;
        const r = this.renewProb[c];
        subsActive = round(this.levelBase[c] * tr * smooth);
        trialsActive = round(this.trialLevelBase[c] * tr * smooth);
        const trialsE = base * this.trialRate[c];
        const newE = base * this.newRate[c];
        const renE = (subsActive * r) / dur;
        const expE = (subsActive * (1 - r)) / dur;
        const trExpE = trialsE * (1 - this.trialConv[c]);
        trialsNew = draw(trialsE, sub(h0, 1));
        subsNew = draw(newE, sub(h0, 2));
        renewals = draw(renE, sub(h0, 3));
        trCanc = draw(trExpE * 0.85, sub(h0, 4));
        subCanc = draw(expE * 1.15, sub(h0, 5));
        trExp = draw(trExpE, sub(h0, 6));
        subExp = draw(expE, sub(h0, 7));
        grace = draw(expE * 0.12, sub(h0, 8));
        billing = draw(expE * 0.2, sub(h0, 9));
        purchasesE = newE + renE;
      } else {
        const nsE = base * this.nonsubRate[c];
        nonsubs = draw(nsE, sub(h0, 11));
        purchasesE = nsE;
      }
      const refunds = draw(purchasesE * (refundDay ? 1.7 : this.refundRate[c]), sub(h0, 10));
      const paying = subsNew + renewals + nonsubs;
      const price = this.price[c];
      const rev = (paying - refunds) * price;
      const proc = round(rev * this.keep[c]);
      const refundRev = refunds * price;
      const refundProc = round(refundRev * this.keep[c]);
      out[M.installs * C + c] += installs;
      out[M.trials_new * C + c] += trialsNew;
      out[M.subs_new * C + c] += subsNew;
      out[M.renewals * C + c] += renewals;
      out[M.trials_renewal_cancelled * C + c] += trCanc;
      out[M.subs_renewal_cancelled * C + c] += subCanc;
      out[M.trials_expired * C + c] += trExp;
      out[M.subs_expired * C + c] += subExp;
      out[M.grace_period * C + c] += grace;
      out[M.billing_issue * C + c] += billing;
      out[M.refund_events * C + c] += refunds;
      out[M.non_subs * C + c] += nonsubs;
      out[M.paying * C + c] += paying;
      out[M.rev * C + c] += rev;
      out[M.proc * C + c] += proc;
      out[M.net * C + c] += round(proc / this.vatDiv[c]);
      out[M.refund_rev * C + c] += refundRev;
      out[M.refund_proc * C + c] += refundProc;
      out[M.refund_net * C + c] += round(refundProc / this.vatDiv[c]);
      if (last) {
        const mrr = subsActive * this.monthly[c];
        const mrrProc = round(mrr * this.keep[c]);
        out[M.subs_active * C + c] = subsActive;
        out[M.trials_active * C + c] = trialsActive;
        out[M.mrr * C + c] = mrr;
        out[M.mrr_proc * C + c] = mrrProc;
        out[M.mrr_net * C + c] = round(mrrProc / this.vatDiv[c]);
      }
    }
  }

  /** Installs and first steps of one local install day, per cell (cohort, conversion, funnel, LTV, retention). */
  cohortBase(tz: string, salt: number, day: number): CohortBase {
    const key = `${tz}|${salt}|${day}`;
    let b = this.cohortBases.get(key);
    if (b) return b;
    const C = this.C;
    const bundle = this.dayBundle(tz, salt, day);
    const seed = this.app.seed + salt * 7919;
    b = {
      installs: new Float64Array(C),
      paywall: new Float64Array(C),
      trials: new Float64Array(C),
      paid: new Float64Array(C),
      nonsub: new Float64Array(C),
    };
    for (let c = 0; c < C; c++) {
      const I = bundle[M.installs * C + c];
      if (I === 0) continue;
      const pwr = this.paywallRate[c];
      const PW = Math.min(I, draw(I * pwr, unit(seed, c, day, 201)));
      b.installs[c] = I;
      b.paywall[c] = PW;
      if (this.isSub[c]) {
        if (this.trialRate[c] > 0) {
          const T = Math.min(PW, draw((PW * this.trialRate[c]) / pwr, unit(seed, c, day, 202)));
          b.trials[c] = T;
          b.paid[c] = Math.min(T, draw(T * this.trialConv[c], unit(seed, c, day, 203)));
        } else {
          b.paid[c] = Math.min(PW, draw((PW * this.newRate[c]) / pwr, unit(seed, c, day, 204)));
        }
      } else {
        b.nonsub[c] = Math.min(PW, draw((PW * this.nonsubRate[c]) / pwr, unit(seed, c, day, 205)));
      }
    }
    if (this.cohortBases.size >= 4000) this.cohortBases.delete(this.cohortBases.keys().next().value as string);
    this.cohortBases.set(key, b);
    return b;
  }

  /** Subscription-cell test for the cohort endpoints. */
  isSubscription(c: number): boolean {
    return this.isSub[c] === 1;
  }

  /** A stable noise value for chains (survival, resubscription) of the cohort endpoints. */
  noise(salt: number, c: number, day: number, step: number, stream: number): number {
    return unit(this.app.seed + salt * 7919, c, day, 1000 + step, stream);
  }

  /** First local day with data. */
  firstDay(): number {
    return this.launchDay;
  }
}

const models = new Map<string, AppModel>();

/** The (cached) model of an app. */
export function modelFor(app: DemoApp): AppModel {
  const key = `${app.key}|${app.seed}|${strHash(JSON.stringify(app))}`;
  let m = models.get(key);
  if (!m) {
    m = new AppModel(app);
    models.set(key, m);
  }
  return m;
}

export { MS_DAY };
