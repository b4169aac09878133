/**
 * Where the filter picker's known values come from. The catalog knows the closed sets (stores, period
 * units, country codes); the account's own values (its products, campaigns, countries seen) can only come
 * from the server. `fromServerValues(fetch)` is the seam for that: hand it a function that asks the server
 * (e.g. `(f, r) => call('getFilterValues', f, r)`), and the picker offers those values, falling back to
 * the catalog's when the server cannot answer. `accountValues` is that seam wired to the sidebar API's
 * getFilterValues for the filters the catalog says can be learned (`valuesFrom`); typed values outside the
 * known ones are accepted with a note. Pure apart from the fetch; no DOM.
 */
import { COUNTRY_CODES, type Choice, type FilterDef } from '../src/catalog/catalog';
import { call } from './server';

/** The period the values are asked for (the report's date range), or null for undated reports. */
export type ValuesRange = readonly [string, string] | null;

export interface FilterValueSource {
  /** The values to offer for a filter: the catalog's at once, the report's app's when they arrive ('' = the default app). */
  known(def: FilterDef, range: ValuesRange, app?: string): Promise<readonly Choice[]>;
  /** Whether the list is the account's own (so a typed value outside it deserves a note). */
  readonly fromAccount: boolean;
}

let regionNames: Intl.DisplayNames | null | undefined;

/**
 * A country's English name from its ISO code (`cu` → Cuba), as the browser knows it (Intl.DisplayNames),
 * so the picker needs no country list of its own; English, as Adapty titles segments. The code itself
 * when the browser cannot say.
 */
export function countryName(code: string): string {
  const upper = code.toUpperCase();
  if (regionNames === undefined) {
    try {
      regionNames = new Intl.DisplayNames(['en'], { type: 'region', fallback: 'none' });
    } catch {
      regionNames = null;
    }
  }
  try {
    const name = regionNames?.of(upper);
    return name && name !== 'Unknown Region' ? name : upper; // ZZ is CLDR's "Unknown Region"
  } catch {
    return upper;
  }
}

/** The catalog's values for a filter: its closed set, or ISO countries by name; none for free text. */
export function catalogChoices(def: FilterDef): readonly Choice[] {
  if (def.values?.length) return def.values;
  if (def.shape === 'country_list') return COUNTRY_CODES.map((c) => ({ id: c, label: countryName(c) }));
  return [];
}

export const catalogValues: FilterValueSource = {
  known: (def) => Promise.resolve(catalogChoices(def)),
  fromAccount: false,
};

/** Values the server may answer with: plain ids, or id + label. */
export type ServerValues = readonly (string | { id: string; label?: string })[];

/**
 * The account's values through a server function; one request per filter and range while the sidebar is
 * open; a failure falls back to the catalog's values (the picker still works with typed values).
 */
export function fromServerValues(
  fetch: (filter: string, range: ValuesRange, app: string) => Promise<ServerValues>,
): FilterValueSource {
  const cache = new Map<string, Promise<readonly Choice[]>>();
  return {
    fromAccount: true,
    known(def, range, app = '') {
      const key = JSON.stringify([def.key, range, app]);
      let hit = cache.get(key);
      if (!hit) {
        hit = fetch(def.key, range, app).then(
          (vals) => mergeChoices(catalogChoices(def), vals),
          () => {
            cache.delete(key); // try again next time
            return catalogChoices(def);
          },
        );
        cache.set(key, hit);
      }
      return hit;
    },
  };
}

/** The account's values first (labelled from the catalog where it knows them), then the catalog's others. */
export function mergeChoices(catalog: readonly Choice[], server: ServerValues): Choice[] {
  const out: Choice[] = [];
  const seen = new Set<string>();
  for (const v of server) {
    const id = typeof v === 'string' ? v : v.id;
    if (!id || seen.has(id)) continue;
    seen.add(id);
    const label = (typeof v === 'string' ? undefined : v.label) ?? catalog.find((c) => c.id === id)?.label ?? id;
    out.push({ id, label });
  }
  // A closed set stays complete (a value the account has not seen yet is still valid).
  for (const c of catalog) if (!seen.has(c.id)) out.push(c);
  return out;
}

/** Choices matching a search (id or label, case-insensitive), at most `limit` of them. */
export function searchChoices(choices: readonly Choice[], query: string, limit = 50): Choice[] {
  const q = query.trim().toLowerCase();
  const hits = q
    ? choices.filter((c) => c.id.toLowerCase().includes(q) || c.label.toLowerCase().includes(q))
    : [...choices];
  return hits.slice(0, limit);
}

/**
 * The picker's source in the sidebar: the account's values (learned over the server's default window, the
 * last 90 days, so one cached answer serves every report) for learnable filters, the catalog's otherwise.
 */
export const accountValues: FilterValueSource = (() => {
  const server = fromServerValues((filter, _range, app) =>
    call('getFilterValues', filter, null, app || null).then((r) =>
      r.values.map((v) => ({ id: v.key, label: v.label })),
    ),
  );
  return {
    fromAccount: true,
    known: (def, range, app) => (def.valuesFrom ? server.known(def, range, app) : catalogValues.known(def, range)),
  };
})();
