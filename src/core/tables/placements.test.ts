import { normalise } from './index';
import type { NormaliseContext } from './context';
import { PLACEMENTS_DOC } from '../../../test/fixtures/answers';
import { missingNumbers } from '../../../test/fixtures/tableKit';

const ctx: NormaliseContext = { endpoint: 'placements', params: {}, hasCompare: false };

describe('placements', () => {
  test('a row per item, known columns in order, nulls kept empty', () => {
    const t = normalise(PLACEMENTS_DOC, ctx);
    expect(t.columns.map((c) => c.label)).toEqual([
      'Placement ID',
      'Placement',
      'Audience',
      'Segment',
      'Cross-placement A/B test',
      'A/B test',
      'Paywall',
    ]);
    expect(t.columns.every((c) => c.kind === 'text')).toBe(true);
    expect(t.rows[0]).toEqual([
      'onboarding_end',
      'Onboarding end',
      'All Users',
      'All Users',
      null,
      'Price test',
      'Main paywall',
    ]);
  });

  test('onboardings, then unknown fields after the known ones (first-seen order)', () => {
    const a = {
      data: [
        {
          developer_id: 'a',
          placement_name: 'A',
          audience_name: 'All',
          segment_name: 'All',
          cross_placement_ab_test_name: null,
          ab_test_name: null,
          onboarding_name: 'Welcome',
          weight: 50,
          variation: { id: 'v1', share: 0.5 },
        },
        {
          developer_id: 'b',
          placement_name: 'B',
          audience_name: 'All',
          segment_name: 'All',
          onboarding_name: 'Tour',
          priority: 2,
        },
      ],
      total: 2,
    };
    const t = normalise(a, ctx);
    expect(t.columns.map((c) => c.key)).toEqual([
      'developer_id',
      'placement_name',
      'audience_name',
      'segment_name',
      'cross_placement_ab_test_name',
      'ab_test_name',
      'onboarding_name',
      'weight',
      'variation.id',
      'variation.share',
      'priority',
      'answer.total',
    ]);
    expect(t.columns.find((c) => c.key === 'weight')!.kind).toBe('integer');
    expect(missingNumbers(a, t)).toEqual([]);
  });

  test('empty and malformed', () => {
    expect(normalise({ data: [] }, ctx).notes).toEqual(['Adapty returned no placements of this type.']);
    expect(() => normalise({ data: ['x'] }, ctx)).toThrow(
      /placements answer .*item 1 of "data" to be an object, but found the text "x"/,
    );
  });
});
