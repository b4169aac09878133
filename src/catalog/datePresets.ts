/**
 * Every date preset and compare preset: ids, labels, aliases, help. How a preset becomes dates is
 * src/core/dates/ (presets.ts, compare.ts); the sidebar, the custom functions' help and the README read
 * these lists.
 */

export interface DatePresetDef {
  /** As typed in a cell or chosen in a dropdown, e.g. `last_30_days`; a pattern uses N: `last_N_days`. */
  id: string;
  label: string;
  /** One line for dropdowns, docs and custom-function help. */
  help: string;
  /** Other spellings accepted (after lower-casing and turning spaces/hyphens into underscores). */
  aliases?: readonly string[];
  /** For the last_N_* patterns: the unit, the largest N and an example. */
  pattern?: { unit: 'days' | 'weeks' | 'months'; max: number; example: string };
}

export const PRESET_MAX_N = { days: 3650, weeks: 520, months: 120 } as const;

/**
 * Every date preset, in dropdown order. Ranges are computed from "today" in the spreadsheet's zone.
 * `last_*` = complete periods before the current one (today is never included);
 * `this_*` and `*_to_date` = from the start of the current week (Monday) / month / quarter / year through today.
 */
export const DATE_PRESETS: readonly DatePresetDef[] = [
  { id: 'today', label: 'Today', help: 'Today only (still filling in)' },
  { id: 'yesterday', label: 'Yesterday', help: 'Yesterday only' },
  { id: 'last_7_days', label: 'Last 7 days', help: 'The 7 complete days ending yesterday (today not included)' },
  { id: 'last_30_days', label: 'Last 30 days', help: 'The 30 complete days ending yesterday (today not included)' },
  { id: 'last_90_days', label: 'Last 90 days', help: 'The 90 complete days ending yesterday (today not included)' },
  { id: 'this_week', label: 'This week', help: 'Monday of this week through today', aliases: ['week_to_date', 'wtd'] },
  { id: 'last_week', label: 'Last week', help: 'The previous complete week, Monday to Sunday' },
  { id: 'this_month', label: 'This month', help: 'The 1st of this month through today' },
  { id: 'last_month', label: 'Last month', help: 'The previous complete calendar month' },
  {
    id: 'this_quarter',
    label: 'This quarter',
    help: 'The first day of this quarter (Jan, Apr, Jul or Oct 1) through today',
    aliases: ['quarter_to_date', 'qtd'],
  },
  { id: 'last_quarter', label: 'Last quarter', help: 'The previous complete calendar quarter' },
  { id: 'this_year', label: 'This year', help: 'January 1 of this year through today' },
  { id: 'last_year', label: 'Last year', help: 'The previous complete calendar year' },
  {
    id: 'month_to_date',
    label: 'Month to date',
    help: 'The 1st of this month through today (same as this_month)',
    aliases: ['mtd'],
  },
  {
    id: 'year_to_date',
    label: 'Year to date',
    help: 'January 1 of this year through today (same as this_year)',
    aliases: ['ytd'],
  },
  {
    id: 'last_N_days',
    label: 'Last N days',
    help: `The N complete days ending yesterday, N from 1 to ${PRESET_MAX_N.days} (e.g. last_14_days)`,
    pattern: { unit: 'days', max: PRESET_MAX_N.days, example: 'last_14_days' },
  },
  {
    id: 'last_N_weeks',
    label: 'Last N weeks',
    help: `The N complete Monday–Sunday weeks before this week, N from 1 to ${PRESET_MAX_N.weeks} (e.g. last_4_weeks)`,
    pattern: { unit: 'weeks', max: PRESET_MAX_N.weeks, example: 'last_4_weeks' },
  },
  {
    id: 'last_N_months',
    label: 'Last N months',
    help: `The N complete calendar months before this month, N from 1 to ${PRESET_MAX_N.months} (e.g. last_6_months)`,
    pattern: { unit: 'months', max: PRESET_MAX_N.months, example: 'last_6_months' },
  },
];

/** Presets with a fixed range (today, last_month…), in dropdown order. */
export const FIXED_DATE_PRESETS: readonly DatePresetDef[] = DATE_PRESETS.filter((p) => !p.pattern);
/** The fixed (non-pattern) preset ids, for dropdowns. */
export const DATE_PRESET_IDS: readonly string[] = FIXED_DATE_PRESETS.map((p) => p.id);
/** The "Last N …" presets (patterns): the sidebar offers them with a number input. */
export const PATTERN_DATE_PRESETS: readonly DatePresetDef[] = DATE_PRESETS.filter((p) => p.pattern);

export type ComparePresetId = 'previous_period' | 'previous_year';

export interface ComparePresetDef {
  id: ComparePresetId;
  label: string;
  help: string;
}

export const COMPARE_PRESETS: readonly ComparePresetDef[] = [
  {
    id: 'previous_period',
    label: 'Previous period',
    help: 'The same number of days just before the range; whole calendar months compare with the same number of whole months before (Oct → Sep, Q3 → Q2)',
  },
  {
    id: 'previous_year',
    label: 'Previous year',
    help: 'The same dates a year earlier (Feb 29 → Feb 28); whole months keep their month ends (Feb 1–29 2024 → Feb 1–28 2023)',
  },
];

export const COMPARE_PRESET_IDS: readonly ComparePresetId[] = COMPARE_PRESETS.map((p) => p.id);
