/**
 * The locale's argument separator (`,` or `;`) and decimal mark, as Sheets uses them.
 */
import { type Separator } from './functions';

/**
 * Languages whose numbers use a decimal comma; Sheets then separates arguments with `;`.
 * Regions that use a decimal point although their language mostly does not are listed in DOT_REGIONS.
 */
const COMMA_DECIMAL_LANGUAGES = new Set([
  'af',
  'az',
  'be',
  'bg',
  'bs',
  'ca',
  'cs',
  'da',
  'de',
  'el',
  'es',
  'et',
  'eu',
  'fi',
  'fo',
  'fr',
  'gl',
  'hr',
  'hu',
  'hy',
  'id',
  'in',
  'is',
  'it',
  'ka',
  'kk',
  'ky',
  'lt',
  'lv',
  'mk',
  'mn',
  'nb',
  'nl',
  'nn',
  'no',
  'pl',
  'pt',
  'ro',
  'ru',
  'sk',
  'sl',
  'sq',
  'sr',
  'sv',
  'tr',
  'uk',
  'uz',
  'vi',
]);
/** language_REGION pairs with a decimal point although the language usually has a comma. */
const DOT_REGIONS = new Set([
  'de_CH',
  'de_LI',
  'it_CH',
  'fr_CH',
  'es_MX',
  'es_US',
  'es_419',
  'es_PR',
  'es_DO',
  'es_GT',
  'es_HN',
  'es_NI',
  'es_PA',
  'es_SV',
  'es_PE',
]);

/**
 * The argument separator formulas use in a spreadsheet locale (`getSpreadsheetLocale()`, e.g.
 * `de_DE`, `en_US`, `pt-BR`): `;` where the locale writes decimals with a comma, `,` otherwise.
 * The only place this rule lives.
 */
export function argumentSeparator(locale: string | null | undefined): Separator {
  const m = /^([A-Za-z]{2,3})(?:[_-]([A-Za-z0-9]{2,4}))?/.exec(String(locale ?? '').trim());
  if (!m) return ',';
  const lang = m[1].toLowerCase();
  const region = m[2] ? (/^\d+$/.test(m[2]) ? m[2] : m[2].toUpperCase()) : '';
  if (region && DOT_REGIONS.has(`${lang}_${region}`)) return ',';
  return COMMA_DECIMAL_LANGUAGES.has(lang) ? ';' : ',';
}

/** The decimal mark numbers in formulas use with a separator. */
export function decimalMark(separator: Separator): '.' | ',' {
  return separator === ';' ? ',' : '.';
}
