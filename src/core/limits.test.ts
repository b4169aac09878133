import { quote, excerpt, QUOTE_MAX } from './errors';
import { closest, didYouMean } from './suggest';
import { boundRange, boundText, INPUT_LIMITS } from './limits';
import { toList } from './requestValues';
import { ValidationError } from './errors';

describe('quote: a short excerpt at most', () => {
  test('strings over 60 characters are cut with "…"; short ones are whole', () => {
    expect(quote('revenue')).toBe('"revenue"');
    expect(quote('x'.repeat(QUOTE_MAX))).toBe(`"${'x'.repeat(60)}"`);
    expect(quote('x'.repeat(1 << 20))).toBe(`"${'x'.repeat(60)}…"`);
    expect(quote('"'.repeat(100))).toBe(`"${'\\"'.repeat(60)}…"`);
  });

  test('a surrogate pair is not split; lists and objects are cut too', () => {
    expect(excerpt('a'.repeat(59) + '😀😀')).toBe('a'.repeat(59));
    expect(quote(Array.from({ length: 1000 }, (_, i) => i))).toBe('a list of 1000 values');
    expect(quote({ a: 'x'.repeat(500) }).length).toBeLessThanOrEqual(121);
    expect(quote(() => 1)).toBe('function');
  });
});

describe('did-you-mean: bounded work, same answers', () => {
  test('close names are still suggested', () => {
    expect(closest('revenu', ['revenue', 'mrr'])).toBe('revenue');
    expect(didYouMean('perod_unit', ['period_unit', 'segmentation'])).toBe(' — did you mean "period_unit"?');
  });

  test('an input far longer than every candidate is not compared at all', () => {
    const t0 = Date.now();
    for (let i = 0; i < 100; i++) expect(closest('revenu' + 'x'.repeat(1 << 20), ['revenue'])).toBeUndefined();
    // Unbounded, 100 comparisons against a megabyte take minutes; bounded, milliseconds.
    expect(Date.now() - t0).toBeLessThan(10_000);
  });
});

describe('length checks', () => {
  test('boundText names the field, the length and the limit', () => {
    expect(() => boundText('x'.repeat(101), 'chart', INPUT_LIMITS.name, 'a chart id or name')).toThrow(
      new ValidationError('chart', `chart "${'x'.repeat(60)}…" has 101 characters: a chart id or name has at most 100`),
    );
    expect(() => boundText(12345, 'chart', 1, 'x')).not.toThrow();
  });

  test('boundRange stops at the cell and character limits', () => {
    expect(() => boundRange([['a', 'b']], 'options', 10, 100)).not.toThrow();
    expect(() =>
      boundRange(
        Array.from({ length: 11 }, () => ['a']),
        'options',
        10,
        100,
      ),
    ).toThrow('options is a range of more than 10 cells: use a smaller range');
    expect(() => boundRange([['k', 'v'.repeat(101)]], 'options', 10, 100)).toThrow(/more than 100 characters of text/);
  });

  test('lists: at most 1,000 items of at most 500 characters', () => {
    expect(toList('a,b, c')).toEqual(['a', 'b', 'c']);
    expect(() =>
      toList(
        Array.from({ length: 1001 }, () => 'us'),
        'country',
      ),
    ).toThrow('country lists 1,001 values: at most 1,000 are allowed');
    expect(() => toList('us,'.repeat(1001), 'country')).toThrow(/1,001 values/);
    expect(() => toList(['x'.repeat(501)], 'attribution_campaign')).toThrow(/one value of a list has at most 500/);
  });
});
