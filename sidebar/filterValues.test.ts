/** The country picker's names come from the browser's Intl, so searching "germ" finds Germany. */
import { filterDef } from '../src/catalog/catalog';
import { catalogChoices, countryName, mergeChoices, searchChoices } from './filterValues';

test('ISO codes are offered by their English names, the code kept as the id', () => {
  expect(countryName('cu')).toBe('Cuba');
  expect(countryName('us')).toBe('United States');
  const countries = catalogChoices(filterDef('country')!);
  expect(countries.find((c) => c.id === 'de')).toEqual({ id: 'de', label: 'Germany' });
  expect(searchChoices(countries, 'germ').map((c) => c.id)).toEqual(['de']);
  // No code is left as a bare upper-case label where the browser knows the country.
  expect(countries.filter((c) => c.label === c.id.toUpperCase()).map((c) => c.id)).toEqual([]);
});

test("a code the browser does not know stays the code; the account's own title wins over the catalog's", () => {
  expect([countryName('zz'), countryName('qq')]).toEqual(['ZZ', 'QQ']);
  const merged = mergeChoices(catalogChoices(filterDef('country')!), [{ id: 'us', label: 'USA (Adapty)' }]);
  expect(merged[0]).toEqual({ id: 'us', label: 'USA (Adapty)' });
});
