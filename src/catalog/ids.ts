export const ENDPOINT_IDS = ['analytics', 'cohort', 'conversion', 'funnel', 'ltv', 'retention', 'placements'] as const;
export type EndpointId = (typeof ENDPOINT_IDS)[number];
