import { chartStyleOf, withDefaults, type SavedReport } from './report';

describe('chartStyleOf', () => {
  test('a report saved before styles draws its layout’s first style, as it always did', () => {
    const old = withDefaults({ spec: { endpoint: 'funnel' }, chart: true } as unknown as SavedReport);
    expect(chartStyleOf(old)?.id).toBe('column');
    expect(chartStyleOf({ spec: { endpoint: 'cohort' } })?.scale).toEqual(['#ffffff', '#57bb8a']);
  });

  test('a saved style is drawn while the layout offers it; after a layout change, that layout’s default', () => {
    expect(chartStyleOf({ spec: { endpoint: 'funnel', layout: 'steps' }, chartStyle: 'line' })?.id).toBe('line');
    expect(chartStyleOf({ spec: { endpoint: 'cohort' }, chartStyle: 'line' })?.id).toBe('green');
    expect(chartStyleOf({ spec: { endpoint: 'funnel', layout: 'long' }, chartStyle: 'line' })).toBeUndefined();
    expect(chartStyleOf({ spec: { endpoint: 'analytics', chart: 'mrr' } })).toBeUndefined();
  });
});
