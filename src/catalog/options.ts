/**
 * The custom functions' own options (beyond the API's parameters and filters): their keys and help.
 * src/core/options.ts parses them; the formula help lists them.
 */

/** The longest a cached answer may be kept: 6 hours, the Apps Script cache limit. */
export const MAX_CACHE_SECONDS = 21600;

export interface AddonOptionDef {
  key: string;
  help: string;
}

export const ADDON_OPTIONS = [
  {
    key: 'app',
    help: 'Which connection (app) to ask: its name, several names separated by commas, or all (default: the default connection)',
  },
  { key: 'compare', help: 'Compare period: previous_period, previous_year, or from..to' },
  { key: 'headers', help: 'true (default) or false: include the header row' },
  { key: 'layout', help: 'The table layout where an endpoint has more than one' },
  { key: 'measure', help: 'revenue, proceeds or net_revenue where a table shows one money series' },
  {
    key: 'cache',
    help: `Seconds to keep the answer cached (0 = always fetch; default 3600, at most ${MAX_CACHE_SECONDS})`,
  },
  { key: 'format', help: 'json (typed table, default) or csv (Adapty’s own rendering)' },
  {
    key: 'strict',
    help: 'true (default): a filtered report that matched nothing shows a message instead of zeros; false: show the zeros',
  },
] as const satisfies readonly AddonOptionDef[];
