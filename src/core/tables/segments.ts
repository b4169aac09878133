/** Segment identity shared by the normalisers: the raw key (`type`) and the display title, kept apart. */
import type { EndpointId } from '../../catalog/ids';
import { scalarText, type Obj } from './shape';

export const TOTAL_KEY = 'total';
export const TOTAL_TITLE = 'Total';

export interface SegmentId {
  key: string;
  title: string;
}

/**
 * `type` is the raw segment key and `title` its label. A lone row without either is the total
 * (unsegmented answers); several rows without either are numbered `#1`, `#2`…
 */
export function segmentId(endpoint: EndpointId, row: Obj, index: number, count: number): SegmentId {
  const type = scalarText(endpoint, row.type, `the type (segment key) of segment ${index + 1}`);
  const title = scalarText(endpoint, row.title, `the title of segment ${index + 1}`);
  const key = type ?? title ?? (count === 1 ? TOTAL_KEY : `#${index + 1}`);
  return { key, title: title ?? (key === TOTAL_KEY ? TOTAL_TITLE : key) };
}
