/**
 * The catalog: every endpoint, parameter, enum, default and rule of Adapty's export analytics API.
 * It is the only place these lists exist. Validation, request building, the custom functions' help,
 * the sidebar's form, the emulator and the README tables all read it.
 *
 * Sources: Adapty's export analytics guide and its OpenAPI spec; the README's reference tables are
 * generated from this file. Confidence notes in comments:
 * [doc] documented, [live] seen against the real API, [guess] an assumption kept in ASSUMPTIONS.
 *
 * Why one long file: it is data, in the order of Adapty's guide (enums, filters, charts, endpoints), and
 * its sections refer to each other (filters name charts, charts name segmentations, endpoints name
 * filters and charts); the registries that stand alone have their own files beside it.
 */
import { ENDPOINT_IDS, type EndpointId } from './ids';

/**
 * Lookup tables without a prototype, so `CHART_BY_ID.constructor` or `FILTER_BY_KEY.__proto__` is
 * undefined like any unknown name. The same rule as src/core/own.ts, kept here because the catalog
 * imports nothing of ours.
 */
function dict<T>(entries: Iterable<readonly [string, T]> | Readonly<Record<string, T>>): Record<string, T> {
  const out = Object.create(null) as Record<string, T>;
  const list =
    Symbol.iterator in Object(entries) ? (entries as Iterable<readonly [string, T]>) : Object.entries(entries);
  for (const [k, v] of list) Object.defineProperty(out, k, { value: v, enumerable: true, writable: true });
  return out;
}
const own = <T>(o: Readonly<Record<string, T>> | undefined, key: string): T | undefined =>
  o !== undefined && Object.prototype.hasOwnProperty.call(o, key) ? o[key] : undefined;

export { ENDPOINT_IDS, type EndpointId };

export interface Choice {
  /** The value sent to the API. */
  id: string;
  label: string;
  help?: string;
}

const choices = (...ids: Array<string | [string, string, string?]>): Choice[] =>
  ids.map((c) => (typeof c === 'string' ? { id: c, label: c } : { id: c[0], label: c[1], help: c[2] }));

// ---------------------------------------------------------------------------------------------
// Enumerations (§2, §3)

export const PERIOD_UNITS = choices(
  ['day', 'Day'],
  ['week', 'Week'],
  ['month', 'Month'],
  ['quarter', 'Quarter'],
  ['year', 'Year'],
);
export const DATE_TYPES = choices(
  ['purchase_date', 'Purchase date', 'Attribute events to the day of the transaction'],
  ['profile_install_date', 'Install date', 'Attribute events to the day the profile installed the app'],
);
export const PERIOD_TYPES = choices(['renewals', 'By renewals'], ['days', 'By days']);
export const VALUE_TYPES = choices(['absolute', 'Absolute'], ['relative', 'Relative (from 100 %)']);
export const COHORT_VALUE_FIELDS = choices(
  ['revenue', 'Revenue'],
  ['arppu', 'ARPPU'],
  ['arpu', 'ARPU'],
  ['arpas', 'ARPAS'],
  ['subscribers', 'Subscribers'],
  ['subscriptions', 'Subscriptions'],
);
export const ACCOUNTING_TYPES = choices(
  ['revenue', 'Gross revenue', 'What users paid, before store fees and taxes'],
  ['proceeds', 'Proceeds', 'After store commission'],
  ['net_revenue', 'Net revenue', 'After store commission and taxes'],
);
/** The day marks the server uses for cohorts with period_type=days when renewal_days is not sent. [doc] */
export const DEFAULT_RENEWAL_DAYS: readonly number[] = [0, 3, 7, 14, 28, 31, 61, 92, 183, 336, 550, 731];
export const PREDICTION_MONTHS = choices('3', '6', '9', '12', '18', '24');
export const SHOW_VALUE_AS = choices(['absolute', 'Absolute'], ['relative', 'Relative'], ['both', 'Both']);
export const FORMATS = choices(['json', 'JSON (typed table)'], ['csv', 'CSV (as Adapty renders it)']);
export const PLACEMENT_TYPES = choices(['paywall', 'Paywalls'], ['onboarding', 'Onboardings']);

export const STORES = choices(['app_store', 'App Store'], ['play_store', 'Google Play'], ['stripe', 'Stripe']);
// `adapty` is not a public store value (Adapty's docs, MetricsFilters); a custom store id is (openValues).
export const DURATIONS = choices(
  'Weekly',
  'Monthly',
  '2 months',
  '3 months',
  '6 months',
  'Annual',
  'Lifetime',
  'Uncategorized',
);
export const ATTRIBUTION_SOURCES = choices(
  ['adjust', 'Adjust'],
  ['airbridge', 'Airbridge'],
  ['apple_search_ads', 'Apple Search Ads'],
  ['appsflyer', 'AppsFlyer'],
  ['branch', 'Branch'],
  ['custom', 'Custom'],
);
export const ATTRIBUTION_STATUSES = choices(
  ['organic', 'Organic'],
  ['non_organic', 'Non-organic'],
  ['unknown', 'Unknown'],
);
export const OFFER_CATEGORIES = choices(
  ['no_offer', 'No offer'],
  ['introductory', 'Introductory'],
  ['promotional', 'Promotional'],
  ['offer_code', 'Offer code'],
  ['win_back', 'Win-back'],
  ['retention', 'Retention'],
);
export const OFFER_TYPES = choices(
  ['free_trial', 'Free trial'],
  ['pay_as_you_go', 'Pay as you go'],
  ['pay_up_front', 'Pay up front'],
);
export const PROFILES_COUNTING_METHODS = choices(
  ['profile_id', 'Profile id'],
  ['customer_user_id', 'Customer user id'],
  ['device_id', 'Device id'],
);

/** Every segmentation value any endpoint accepts, with its label. */
export const SEGMENTATION_LABELS: Record<string, string> = dict({
  default: 'No segmentation',
  app_id: 'App',
  period: 'Subscription period',
  renewal_status: 'Renewal status',
  cancellation_reason: 'Cancellation reason',
  store_product_id: 'Product',
  country: 'Country',
  store: 'Store',
  purchase_container_id: 'Purchase container',
  paywall_id: 'Paywall',
  audience_id: 'Audience',
  placement_id: 'Placement',
  attribution_source: 'Attribution source',
  attribution_status: 'Attribution status',
  attribution_channel: 'Channel',
  attribution_campaign: 'Campaign',
  attribution_adgroup: 'Ad group',
  attribution_adset: 'Ad set',
  attribution_creative: 'Creative',
  duration: 'Duration',
  offer_category: 'Offer category',
  offer_type: 'Offer type',
  offer_id: 'Offer id',
  // LTV's own list
  day: 'Day',
  week: 'Week',
  month: 'Month',
  year: 'Year',
  product: 'Product',
  paywall: 'Paywall',
  paywalls_group: 'Paywall group',
  audience: 'Audience',
  placement: 'Placement',
});

// Analytics segmentation sets (§2.2).
const SEG_A = [
  'country',
  'store',
  'period',
  'attribution_status',
  'attribution_channel',
  'attribution_campaign',
  'attribution_adgroup',
  'attribution_adset',
  'attribution_creative',
  'attribution_source',
] as const;
const SEG_A_NO_PERIOD = SEG_A.filter((s) => s !== 'period');
const SEG_P = ['store_product_id', 'paywall_id', 'audience_id', 'placement_id', 'duration'] as const;
const SEG_O = ['offer_category', 'offer_type', 'offer_id'] as const;

/** Conversion, funnel and retention segmentation (§2.2). */
export const SEGMENTATIONS_GENERAL = [
  'default',
  'app_id',
  'period',
  'renewal_status',
  'cancellation_reason',
  'store_product_id',
  'country',
  'store',
  'purchase_container_id',
  'paywall_id',
  'audience_id',
  'placement_id',
  'attribution_source',
  'attribution_status',
  'attribution_channel',
  'attribution_campaign',
  'attribution_adgroup',
  'attribution_adset',
  'attribution_creative',
  'duration',
  'offer_category',
  'offer_type',
  'offer_id',
] as const;
/**
 * Conversion, funnel and retention: the general list without the offer segmentations, which Adapty's docs
 * list for analytics charts only (API.md §7.5).
 */
export const SEGMENTATIONS_NO_OFFERS = SEGMENTATIONS_GENERAL.filter(
  (s) => s !== 'offer_category' && s !== 'offer_type' && s !== 'offer_id',
);
/**
 * LTV's own segmentation list (§2.2), plus `store_product_id`: the list says `product`, the spec's own LTV
 * example sends `store_product_id` (a conflict in Adapty's docs); both are accepted and sent as given.
 */
export const SEGMENTATIONS_LTV = [
  'day',
  'week',
  'month',
  'year',
  'country',
  'product',
  'store_product_id',
  'paywall',
  'paywalls_group',
  'audience',
  'placement',
  'duration',
  'store',
] as const;

// ---------------------------------------------------------------------------------------------
// Filters (§3)

export type FilterShape =
  | 'date_range' // two YYYY-MM-DD strings
  | 'enum_list' // list restricted to `values` (unless `openValues`)
  | 'country_list' // ISO 3166-1 alpha-2, sent lower case
  | 'product_list' // product ids, sent as given (ASSUMPTIONS.productIdForm)
  | 'text_list' // free text list
  | 'enum_single'; // one string

export interface FilterDef {
  key: string;
  label: string;
  help: string;
  shape: FilterShape;
  values?: readonly Choice[];
  /** Other spellings users paste, mapped to the value sent. */
  valueAliases?: Record<string, string>;
  /** Custom values beyond `values` are allowed (custom store ids). */
  openValues?: boolean;
  /** Group in the UI. */
  group: FilterGroup;
  /**
   * The filter is also a segmentation (same key): the analytics chart whose answer segmented by it lists
   * the values this app really has (each segment's raw key and label). Installs for who came from where,
   * revenue for what was bought.
   */
  valuesFrom?: 'installs' | 'revenue';
}

/** Learning an app's filter values (src/services/filterValues.ts): one segmented request per filter. */
export const FILTER_VALUES = {
  /** The values of this many days, ending today. */
  days: 90,
  /** Kept per app (key fingerprint) and filter for 6 hours, the Apps Script cache limit. */
  cacheSeconds: 21600,
} as const;

export type FilterGroup = 'dates' | 'app' | 'attribution' | 'offers' | 'advanced' | 'placements';

/** The headings of the sidebar's filter section, in the catalog's group order. */
export const FILTER_GROUP_LABELS: Record<FilterGroup, string> = {
  dates: 'Dates',
  app: 'App and product',
  attribution: 'Attribution',
  offers: 'Offers',
  advanced: 'Advanced',
  placements: 'Placements',
};

export const FILTERS: readonly FilterDef[] = [
  {
    key: 'date',
    label: 'Dates',
    help: 'The period to report, inclusive: [from, to]',
    shape: 'date_range',
    group: 'dates',
  },
  {
    key: 'compare_date',
    label: 'Compare with',
    help: 'An earlier period to compare with: [from, to]',
    shape: 'date_range',
    group: 'dates',
  },
  {
    key: 'store',
    label: 'Store',
    help: 'Stores to include; custom store ids are allowed',
    shape: 'enum_list',
    values: STORES,
    openValues: true,
    group: 'app',
    valuesFrom: 'installs',
  },
  {
    key: 'country',
    label: 'Country',
    help: 'ISO 3166-1 alpha-2 country codes, e.g. us, de',
    shape: 'country_list',
    group: 'app',
    valuesFrom: 'installs',
  },
  {
    key: 'store_product_id',
    label: 'Product',
    help: 'Product ids as your app’s data has them (plain, e.g. premium_monthly, or store:product_id): sent as given',
    shape: 'product_list',
    group: 'app',
    valuesFrom: 'revenue',
  },
  {
    key: 'duration',
    label: 'Duration',
    help: 'Subscription durations',
    shape: 'enum_list',
    values: DURATIONS,
    group: 'app',
    valuesFrom: 'revenue',
  },
  {
    key: 'attribution_source',
    label: 'Attribution source',
    help: 'Attribution partners',
    shape: 'enum_list',
    values: ATTRIBUTION_SOURCES,
    group: 'attribution',
    valuesFrom: 'installs',
  },
  {
    key: 'attribution_status',
    label: 'Attribution status',
    help: 'Organic or non-organic installs',
    shape: 'enum_list',
    values: ATTRIBUTION_STATUSES,
    valueAliases: dict({ 'non-organic': 'non_organic', nonorganic: 'non_organic' }),
    group: 'attribution',
    valuesFrom: 'installs',
  },
  {
    key: 'attribution_channel',
    label: 'Channel',
    help: 'Channels as the attribution partner reported them',
    shape: 'text_list',
    group: 'attribution',
    valuesFrom: 'installs',
  },
  {
    key: 'attribution_campaign',
    label: 'Campaign',
    help: 'Campaigns as the attribution partner reported them',
    shape: 'text_list',
    group: 'attribution',
    valuesFrom: 'installs',
  },
  {
    key: 'attribution_adgroup',
    label: 'Ad group',
    help: 'Ad groups as the attribution partner reported them',
    shape: 'text_list',
    group: 'attribution',
    valuesFrom: 'installs',
  },
  {
    key: 'attribution_adset',
    label: 'Ad set',
    help: 'Ad sets as the attribution partner reported them',
    shape: 'text_list',
    group: 'attribution',
    valuesFrom: 'installs',
  },
  {
    key: 'attribution_creative',
    label: 'Creative',
    help: 'Creatives as the attribution partner reported them',
    shape: 'text_list',
    group: 'attribution',
    valuesFrom: 'installs',
  },
  {
    key: 'offer_category',
    label: 'Offer category',
    help: 'Kinds of store offers',
    shape: 'enum_list',
    values: OFFER_CATEGORIES,
    valueAliases: dict({ winback: 'win_back', 'win-back': 'win_back' }),
    group: 'offers',
    valuesFrom: 'revenue',
  },
  {
    key: 'offer_type',
    label: 'Offer type',
    help: 'How the offer is paid',
    shape: 'enum_list',
    values: OFFER_TYPES,
    group: 'offers',
    valuesFrom: 'revenue',
  },
  {
    key: 'offer_id',
    label: 'Offer id',
    help: 'Store offer ids',
    shape: 'text_list',
    group: 'offers',
    valuesFrom: 'revenue',
  },
  {
    key: 'profiles_counting_method',
    label: 'Count profiles by',
    help: 'How profiles are counted (older docs only; support uncertain)',
    shape: 'enum_single',
    values: PROFILES_COUNTING_METHODS,
    group: 'advanced',
  },
];

export const FILTER_BY_KEY: Record<string, FilterDef> = dict(FILTERS.map((f) => [f.key, f] as const));
export const FILTER_KEYS = FILTERS.map((f) => f.key);
const ATTRIBUTION_FILTERS = FILTER_KEYS.filter((k) => k.startsWith('attribution_'));

/** The placements export takes one filter of its own. */
export const PLACEMENT_TYPE_FILTER: FilterDef = {
  key: 'placement_type',
  label: 'Placement type',
  help: 'Paywall or onboarding placements',
  shape: 'enum_single',
  values: PLACEMENT_TYPES,
  group: 'placements',
};

// ---------------------------------------------------------------------------------------------
// Charts (§2.1, §2.2, §2.3)

export interface ChartDef {
  id: string;
  label: string;
  unit: 'money' | 'count';
  /** flow charts sum over a range; stock charts are a level at a point in time; null = not stated. */
  aggregation: 'flow' | 'stock' | null;
  /**
   * Its values add up across apps (a portfolio's Total row, issue 15): money and counts do, per period,
   * flow or stock; an average per user (ARPU, ARPPU) does not.
   */
  additive: boolean;
  help: string;
  segmentations: readonly string[];
  filters: readonly string[];
}

// Adapty's docs list no compare_date for these two groups (API.md §7.6): the add-on never sends it there and
// compares a table through its second request alone (src/core/request.ts).
const FILTERS_BASIC = ['date', 'store', 'country', ...ATTRIBUTION_FILTERS];
const FILTERS_PRODUCT = ['date', 'store', 'country', 'store_product_id', 'duration', ...ATTRIBUTION_FILTERS];

function chart(
  id: string,
  label: string,
  unit: 'money' | 'count',
  aggregation: 'flow' | 'stock' | null,
  help: string,
  segmentations: readonly string[],
  filters: readonly string[] = FILTER_KEYS,
): ChartDef {
  return { id, label, unit, aggregation, additive: true, help, segmentations: ['default', ...segmentations], filters };
}

export const CHARTS: readonly ChartDef[] = [
  chart('revenue', 'Revenue', 'money', 'flow', 'Gross revenue, proceeds and net revenue from all purchases', [
    ...SEG_A,
    ...SEG_P,
    'renewal_status',
    ...SEG_O,
  ]),
  chart('mrr', 'MRR', 'money', 'stock', 'Monthly recurring revenue from active subscriptions', [
    ...SEG_A,
    ...SEG_P,
    'renewal_status',
    ...SEG_O,
  ]),
  chart('arr', 'ARR', 'money', 'stock', 'Annual recurring revenue from active subscriptions', [
    ...SEG_A,
    ...SEG_P,
    'renewal_status',
    ...SEG_O,
  ]),
  {
    ...chart('arppu', 'ARPPU', 'money', null, 'Average revenue per paying user', [
      ...SEG_A,
      ...SEG_P,
      'renewal_status',
    ]),
    additive: false,
  },
  { ...chart('arpu', 'ARPU', 'money', null, 'Average revenue per user', [...SEG_A], FILTERS_BASIC), additive: false },
  chart(
    'subscriptions_active',
    'Active subscriptions',
    'count',
    'stock',
    'Paid subscriptions active at the end of each period',
    [...SEG_A, ...SEG_P, 'renewal_status', ...SEG_O],
  ),
  chart('subscriptions_new', 'New subscriptions', 'count', 'flow', 'Subscriptions started in each period', [
    ...SEG_A_NO_PERIOD,
    ...SEG_P,
    ...SEG_O,
  ]),
  chart(
    'subscriptions_renewal_cancelled',
    'Subscriptions with auto-renew off',
    'count',
    null,
    'Subscriptions whose auto-renew was turned off',
    [...SEG_A_NO_PERIOD, ...SEG_P],
    FILTERS_PRODUCT,
  ),
  chart(
    'subscriptions_expired',
    'Expired (churned) subscriptions',
    'count',
    null,
    'Subscriptions that expired',
    [...SEG_A_NO_PERIOD, ...SEG_P, 'cancellation_reason'],
    FILTERS_PRODUCT,
  ),
  chart('trials_active', 'Active trials', 'count', 'stock', 'Trials active at the end of each period', [
    ...SEG_A,
    ...SEG_P,
    'renewal_status',
    ...SEG_O,
  ]),
  chart('trials_new', 'New trials', 'count', 'flow', 'Trials started in each period', [
    ...SEG_A_NO_PERIOD,
    ...SEG_P,
    ...SEG_O,
  ]),
  chart(
    'trials_renewal_cancelled',
    'Trials with auto-renew off',
    'count',
    null,
    'Trials whose auto-renew was turned off',
    [...SEG_A_NO_PERIOD, ...SEG_P],
    FILTERS_PRODUCT,
  ),
  chart(
    'trials_expired',
    'Expired trials',
    'count',
    null,
    'Trials that expired without converting',
    [...SEG_A_NO_PERIOD, ...SEG_P, 'cancellation_reason'],
    FILTERS_PRODUCT,
  ),
  chart(
    'grace_period',
    'Grace period',
    'count',
    null,
    'Subscriptions in the store grace period',
    [...SEG_A_NO_PERIOD, ...SEG_P],
    FILTERS_PRODUCT,
  ),
  chart(
    'billing_issue',
    'Billing issue',
    'count',
    null,
    'Subscriptions with a billing issue',
    [...SEG_A_NO_PERIOD, ...SEG_P],
    FILTERS_PRODUCT,
  ),
  chart('refund_events', 'Refund events', 'count', null, 'Refunds issued', [...SEG_A_NO_PERIOD, ...SEG_P, ...SEG_O]),
  chart('refund_money', 'Refund money', 'money', null, 'Money refunded', [...SEG_A_NO_PERIOD, ...SEG_P]),
  chart('non_subscriptions', 'Non-subscription purchases', 'count', null, 'One-time purchases', [
    ...SEG_A_NO_PERIOD,
    ...SEG_P,
  ]),
  // profiles_counting_method (older docs) is how installs are counted (API.md §7.6).
  chart(
    'installs',
    'Installs',
    'count',
    'flow',
    'New installs',
    [...SEG_A_NO_PERIOD],
    [...FILTERS_BASIC, 'profiles_counting_method'],
  ),
];

export const CHART_BY_ID: Record<string, ChartDef> = dict(CHARTS.map((c) => [c.id, c] as const));

// ---------------------------------------------------------------------------------------------
// Conversion periods (§2)

/** Values of `from_period`: null = from install. */
export const FROM_PERIODS: readonly Choice[] = [
  { id: '', label: 'Install', help: 'From install (sent as null)' },
  { id: '0', label: 'Trial', help: 'From the trial' },
  { id: '1', label: 'Paid', help: 'From the first paid period' },
  { id: '2', label: '2nd period' },
  { id: '3', label: '3rd period' },
  { id: '4', label: '4th period' },
];
export const TO_PERIODS: readonly Choice[] = [
  { id: '0', label: 'Trial' },
  { id: '1', label: 'Paid' },
  { id: '2', label: '2nd period' },
  { id: '3', label: '3rd period' },
  { id: '4', label: '4th period' },
  { id: '5', label: '5th period' },
  { id: '6+', label: '6+ months' },
  { id: '12+', label: '12+ months' },
  { id: '24+', label: '24+ months' },
];
/**
 * The only conversions the API serves: "only transitions supported by the Adapty Dashboard are available"
 * (Adapty's guide, Retrieve conversion data › Conversion types); labels are the guide's names, `metric` is
 * the `metric_name` the answer carries. Any other from/to pair is refused before sending.
 */
export const CONVERSION_PAIRS: readonly { from: string; to: string; label: string; metric: string }[] = [
  { from: '', to: '0', label: 'Install → Trial', metric: 'install_trial' },
  { from: '', to: '1', label: 'Install → Paid', metric: 'install_paid' },
  { from: '0', to: '1', label: 'Trial → Paid', metric: 'trial_paid' },
  { from: '1', to: '2', label: 'Paid → 2nd period', metric: 'from_paid_to_2_period_conversion' },
  { from: '2', to: '3', label: '2nd → 3rd period', metric: 'from_2_period_to_3_period_conversion' },
  { from: '3', to: '4', label: '3rd → 4th period', metric: 'from_3_period_to_4_period_conversion' },
  { from: '4', to: '5', label: '4th → 5th period', metric: 'from_4_period_to_5_period_conversion' },
  { from: '1', to: '6+', label: 'Paid → 6 months+', metric: 'from_paid_to_6_months_conversion' },
  { from: '1', to: '12+', label: 'Paid → 1 year+', metric: 'from_paid_to_12_months_conversion' },
  { from: '1', to: '24+', label: 'Paid → 2 years+', metric: 'from_paid_to_24_months_conversion' },
];

// ---------------------------------------------------------------------------------------------
// Endpoint parameters (§2)

export type ParamType =
  | 'enum' // one of `values`
  | 'int_enum' // one of `values`, sent as a number
  | 'int_list' // list of non-negative integers
  | 'boolean'
  | 'period' // conversion from/to period
  | 'chart'; // analytics chart_id

export interface ParamDef {
  key: string;
  label: string;
  help: string;
  type: ParamType;
  values?: readonly Choice[];
  /** The API's documented default (not sent unless the user sets it). */
  default?: string | number | boolean | null;
  required?: boolean;
  /** Other names users paste (older docs). */
  aliases?: readonly string[];
  /** Only meaningful with another parameter's value. */
  requires?: { key: string; value: string };
  /** Listed only in Adapty's older guide; accepted and sent as given, never defaulted. */
  legacy?: boolean;
}

const P_PERIOD_UNIT: ParamDef = {
  key: 'period_unit',
  label: 'Period',
  help: 'How rows are bucketed in time',
  type: 'enum',
  values: PERIOD_UNITS,
  default: 'month',
};
/** Funnel, LTV and retention: the spec gives no default period_unit (API.md §7.7). */
const P_PERIOD_UNIT_NO_DEFAULT: ParamDef = { ...P_PERIOD_UNIT, default: undefined };
const P_DATE_TYPE: ParamDef = {
  key: 'date_type',
  label: 'Date type',
  help: 'Count by purchase date or by install date',
  type: 'enum',
  values: DATE_TYPES,
  default: 'purchase_date',
};
const P_DATE_TYPE_LEGACY: ParamDef = { ...P_DATE_TYPE, legacy: true, default: undefined };
const P_PERIOD_TYPE: ParamDef = {
  key: 'period_type',
  label: 'Track by',
  help: 'Renewal periods or days since start',
  type: 'enum',
  values: PERIOD_TYPES,
  default: 'renewals',
};
const P_VALUE_TYPE_LEGACY: ParamDef = {
  key: 'value_type',
  label: 'Values',
  help: 'Absolute values or relative to the start',
  type: 'enum',
  values: VALUE_TYPES,
  legacy: true,
};
/** LTV: the spec gives no default period_type (API.md §7.7). */
const P_PERIOD_TYPE_NO_DEFAULT: ParamDef = { ...P_PERIOD_TYPE, default: undefined };
const segmentationParam = (values: readonly string[], aliases: readonly string[] = ['segmentation_by']): ParamDef => ({
  key: 'segmentation',
  label: 'Segment by',
  help: 'Split the rows by this dimension',
  type: 'enum',
  values: values.map((id) => ({ id, label: own(SEGMENTATION_LABELS, id) ?? id })),
  aliases,
});

export interface EndpointDef {
  id: EndpointId;
  label: string;
  path: string;
  help: string;
  /** Does the request carry `filters.date`? */
  dated: boolean;
  params: readonly ParamDef[];
  /** Filters the endpoint accepts (analytics narrows further per chart). */
  filters: readonly string[];
  /** The custom function that serves it. */
  functionName: string;
}

export const ENDPOINTS: readonly EndpointDef[] = [
  {
    id: 'analytics',
    label: 'Analytics',
    path: 'metrics/analytics/',
    dated: true,
    functionName: 'ADAPTY_ANALYTICS',
    help: 'A dashboard chart (revenue, MRR, subscriptions, trials, refunds, installs…) by period',
    params: [
      {
        key: 'chart_id',
        label: 'Chart',
        help: 'Which dashboard chart',
        type: 'chart',
        required: true,
        aliases: ['chart'],
      },
      P_PERIOD_UNIT,
      P_DATE_TYPE,
      // Analytics segmentation values depend on the chart: see CHARTS[].segmentations.
      segmentationParam(SEGMENTATIONS_GENERAL),
    ],
    filters: FILTER_KEYS,
  },
  {
    id: 'cohort',
    label: 'Cohorts',
    path: 'metrics/cohort/',
    dated: true,
    functionName: 'ADAPTY_COHORT',
    help: 'Cohorts by install period: revenue, ARPU, subscribers… by renewal or day',
    params: [
      P_PERIOD_UNIT,
      P_PERIOD_TYPE,
      {
        key: 'value_type',
        label: 'Values',
        help: 'Absolute values or relative to the first period',
        type: 'enum',
        values: VALUE_TYPES,
        default: 'absolute',
      },
      {
        key: 'value_field',
        label: 'Value',
        help: 'Which value each cell shows',
        type: 'enum',
        values: COHORT_VALUE_FIELDS,
        default: 'revenue',
      },
      {
        key: 'accounting_type',
        label: 'Accounting',
        help: 'Gross revenue, proceeds or net revenue',
        type: 'enum',
        values: ACCOUNTING_TYPES,
        default: 'revenue',
      },
      {
        key: 'renewal_days',
        label: 'Days',
        help: 'Day marks for period_type=days, e.g. 0,3,7,14,28',
        type: 'int_list',
        requires: { key: 'period_type', value: 'days' },
      },
      {
        key: 'prediction_months',
        label: 'Prediction',
        help: 'Months of revenue prediction',
        type: 'int_enum',
        values: PREDICTION_MONTHS,
        default: 12,
      },
    ],
    filters: FILTER_KEYS,
  },
  {
    id: 'conversion',
    label: 'Conversion',
    path: 'metrics/conversion/',
    dated: true,
    functionName: 'ADAPTY_CONVERSION',
    help: 'Conversion rate between two steps (install, trial, paid, renewals) by period',
    params: [
      {
        key: 'from_period',
        label: 'From',
        help: 'Install (empty), trial (0) or paid period N',
        type: 'period',
        values: FROM_PERIODS,
        required: true,
        default: null,
      },
      {
        key: 'to_period',
        label: 'To',
        help: 'Trial (0), paid period N, or 6+, 12+, 24+ months',
        type: 'period',
        values: TO_PERIODS,
        required: true,
      },
      P_PERIOD_UNIT,
      P_DATE_TYPE,
      segmentationParam(SEGMENTATIONS_NO_OFFERS),
    ],
    filters: FILTER_KEYS,
  },
  {
    id: 'funnel',
    label: 'Funnel',
    path: 'metrics/funnel/',
    dated: true,
    functionName: 'ADAPTY_FUNNEL',
    help: 'Install → paywall → trial → paid → renewals, with drop-off',
    params: [
      P_PERIOD_UNIT_NO_DEFAULT,
      {
        key: 'show_value_as',
        label: 'Show as',
        help: 'Absolute numbers, relative, or both',
        type: 'enum',
        values: SHOW_VALUE_AS,
      },
      segmentationParam(SEGMENTATIONS_NO_OFFERS),
      P_DATE_TYPE_LEGACY,
    ],
    filters: FILTER_KEYS,
  },
  {
    id: 'ltv',
    label: 'LTV',
    path: 'metrics/ltv/',
    dated: true,
    functionName: 'ADAPTY_LTV',
    help: 'Lifetime value per install cohort, by renewal or day',
    params: [
      P_PERIOD_UNIT_NO_DEFAULT,
      P_PERIOD_TYPE_NO_DEFAULT,
      segmentationParam(SEGMENTATIONS_LTV, ['segmentation_by']),
      P_VALUE_TYPE_LEGACY,
    ],
    filters: FILTER_KEYS,
  },
  {
    id: 'retention',
    label: 'Retention',
    path: 'metrics/retention/',
    dated: true,
    functionName: 'ADAPTY_RETENTION',
    help: 'How many subscribers stay, period after period',
    params: [
      P_PERIOD_UNIT_NO_DEFAULT,
      segmentationParam(SEGMENTATIONS_NO_OFFERS),
      {
        key: 'use_trial',
        label: 'From trial',
        help: 'Measure retention from the trial step',
        type: 'boolean',
        default: false,
      },
      P_DATE_TYPE_LEGACY,
      P_VALUE_TYPE_LEGACY,
    ],
    filters: FILTER_KEYS,
  },
  {
    id: 'placements',
    label: 'Placements',
    path: 'exports/placements/',
    dated: false,
    functionName: 'ADAPTY_PLACEMENTS',
    help: 'Placements with their audiences, A/B tests and paywall or onboarding names',
    params: [],
    filters: ['placement_type'],
  },
];

export const ENDPOINT_BY_ID: Record<EndpointId, EndpointDef> = dict(ENDPOINTS.map((e) => [e.id, e] as const));

/** `format` is accepted by every endpoint. */
export const FORMAT_PARAM: ParamDef = {
  key: 'format',
  label: 'Format',
  help: 'json (typed table) or csv (Adapty’s own rendering)',
  type: 'enum',
  values: FORMATS,
  default: 'json',
};

/** API path prefix; every path ends with `/`. [doc] */
export const API_PREFIX = '/api/v1/client-api/';
export const DEFAULT_BASE_URL = 'https://api-admin.adapty.io';

/** Rules the API enforces that the add-on checks before sending. */
export const RULES = {
  /** Requests per second per key. [doc] */
  rateLimitPerSecond: 2,
  /** Inclusive day count above which period_unit=day is refused: a live client sends day for a whole leap year. [live] */
  maxDaysForDailyUnit: 366,
} as const;

/**
 * How much input the add-on reads at all. Every value is measured against these before any parsing, so
 * a pasted megabyte costs a length check, not a did-you-mean over it. Each is far above any real value.
 */
export const INPUT_LIMITS = {
  /** A chart, endpoint, enum value, segmentation, layout, measure, format, option key (longest real: 34). */
  name: 100,
  /** A date or a date preset, `compare` text (`2026-01-01..2026-01-31` is 22). */
  date: 60,
  /** One item of a filter list: a campaign, an offer id, `store:product_id`. */
  listItem: 500,
  /** Items in one filter list (there are about 250 country codes). */
  listItems: 1000,
  /** The options argument as text, `key=value; …` or JSON. */
  optionsText: 50_000,
  /** Cells of a range given as options. */
  optionsCells: 2000,
  /** Any other cell a custom function reads (refresh token, placement type). */
  cell: 1000,
  /** Schedule text (`monthly on the 31st at 6pm`). */
  schedule: 100,
  /** A report spec as JSON, from the sidebar or a saved report (a property holds 9 KB; lists add up). */
  specJson: 100_000,
  /** A sheet name, as Sheets allows. */
  sheetName: 100,
  /** A saved report's name. */
  reportName: 100,
  /** A saved report's id (`r` + 12 hex characters; older ids may differ, never this long). */
  reportId: 64,
  /** An A1 reference the sidebar sends (`A1:ZZZ10000000`). */
  a1: 40,
  /** An API key as pasted (checkApiKey refuses over 200 after trimming). */
  apiKey: 1000,
} as const;

/** Sheets' grid limits (Google Sheets help "Files you can store in Google Drive": 10 million cells, 18,278 columns). */
export const SHEET_GRID = { maxRows: 10_000_000, maxColumns: 18_278 } as const;

/** The add-on's run log sheet (one row per run, appended below its last row): never a report's destination. */
export const LOG_SHEET_NAME = 'Adapty Log';

/** The segmentation values allowed for an endpoint (and chart). */
export function segmentationsFor(endpoint: EndpointId, chartId?: string): readonly string[] {
  const chart = chartId === undefined ? undefined : own(CHART_BY_ID, chartId);
  if (endpoint === 'analytics') return chart ? chart.segmentations : SEGMENTATIONS_GENERAL;
  const p = endpointById(endpoint).params.find((x) => x.key === 'segmentation');
  return p?.values?.map((v) => v.id) ?? [];
}

/** The filter keys allowed for an endpoint (and chart). */
export function filtersFor(endpoint: EndpointId, chartId?: string): readonly string[] {
  const chart = chartId === undefined ? undefined : own(CHART_BY_ID, chartId);
  if (endpoint === 'analytics' && chart) return chart.filters;
  return endpointById(endpoint).filters;
}

/** The endpoint with this id; throws on a name that is not one (never answers from Object.prototype). */
export function endpointById(id: EndpointId): EndpointDef {
  const ep = own(ENDPOINT_BY_ID, id);
  if (!ep) throw new Error(`Not an endpoint id: ${String(id).slice(0, 40)}`);
  return ep;
}

export function chartById(id: string): ChartDef | undefined {
  return own(CHART_BY_ID, id);
}

export function filterDef(key: string): FilterDef | undefined {
  return key === 'placement_type' ? PLACEMENT_TYPE_FILTER : own(FILTER_BY_KEY, key);
}

/** Finds a chart by id or dashboard label, case- and punctuation-insensitively. */
export function findChart(input: string): ChartDef | undefined {
  const norm = (s: string) => s.toLowerCase().replace(/[^a-z0-9]+/g, '');
  const n = norm(input);
  return CHARTS.find((c) => norm(c.id) === n || norm(c.label) === n);
}

/** ISO 3166-1 alpha-2 codes (officially assigned), lower case as the add-on sends them. */
export const COUNTRY_CODES: readonly string[] = (
  'ad ae af ag ai al am ao aq ar as at au aw ax az ba bb bd be bf bg bh bi bj bl bm bn bo bq br bs bt bv bw by bz ' +
  'ca cc cd cf cg ch ci ck cl cm cn co cr cu cv cw cx cy cz de dj dk dm do dz ec ee eg eh er es et fi fj fk fm fo fr ' +
  'ga gb gd ge gf gg gh gi gl gm gn gp gq gr gs gt gu gw gy hk hm hn hr ht hu id ie il im in io iq ir is it je jm jo jp ' +
  'ke kg kh ki km kn kp kr kw ky kz la lb lc li lk lr ls lt lu lv ly ma mc md me mf mg mh mk ml mm mn mo mp mq mr ms mt ' +
  'mu mv mw mx my mz na nc ne nf ng ni nl no np nr nu nz om pa pe pf pg ph pk pl pm pn pr ps pt pw py qa re ro rs ru rw ' +
  'sa sb sc sd se sg sh si sj sk sl sm sn so sr ss st sv sx sy sz tc td tf tg th tj tk tl tm tn to tr tt tv tw tz ua ug ' +
  'um us uy uz va vc ve vg vi vn vu wf ws xk ye yt za zm zw'
).split(' ');
