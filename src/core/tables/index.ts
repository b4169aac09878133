/**
 * Adapty answers → sheet tables. One normaliser per endpoint, a generic flattener for whatever the
 * docs leave open, and CSV passed through as rows. Pure: no Apps Script, no Node.
 *
 * Conventions shared by every table (LAYOUTS.md shows each layout):
 * - numbers stay numbers; period timestamps become the local date (first 10 characters, no zone conversion);
 * - segment key (`type`) and title are separate columns; the total is segment "Total", key "total";
 * - a period missing in one segment is an empty cell, never 0; periods are sorted ascending;
 * - rows with an empty Period are summaries over the whole range (Adapty's own totals, compare values);
 * - unknown fields become extra columns (nested keys joined with `.`), so no number is dropped.
 */
import type { Table } from '../table';
import { AdaptyError, isAdaptyError, notOneOf } from '../errors';
import { ENDPOINT_IDS } from '../../catalog/ids';
import type { NormaliseContext } from './context';
import { LAYOUTS } from '../../catalog/layouts';
import { normaliseAnalytics } from './analytics';
import { normaliseCohort } from './cohort';
import { normaliseConversion } from './conversion';
import { normaliseFunnel } from './funnel';
import { normaliseLtv } from './ltv';
import { normaliseRetention } from './retention';
import { normalisePlacements } from './placements';
import { ENDPOINT_NAMES } from './shape';
import { statusColumn } from './periodStatus';
import { applyTotals, dropCohortTitle, dropRepeatedKey, dropStepCode, spreadCohortSize } from './totals';

export type { EndpointId } from '../../catalog/ids';
export type { NormaliseContext, Measure } from './context';
export { parseCsvTable } from './csv';
export { flatten, flattenFields, type Leaf } from './flatten';

const NORMALISERS = {
  analytics: normaliseAnalytics,
  cohort: normaliseCohort,
  conversion: normaliseConversion,
  funnel: normaliseFunnel,
  ltv: normaliseLtv,
  retention: normaliseRetention,
  placements: normalisePlacements,
} as const;

/**
 * The normalised table as the sheet gets it: with the Row column and the `totals` choice where the layout
 * has rows of segments and their totals, the segment key only where it differs from the title
 * (src/core/tables/totals.ts).
 */
export function finishTable(table: Table, ctx: NormaliseContext): Table {
  const layout = ctx.layout === undefined || ctx.layout === '' ? LAYOUTS[ctx.endpoint][0].id : ctx.layout;
  const rows = LAYOUTS[ctx.endpoint].find((l) => l.id === layout)?.totals;
  const sized = ctx.endpoint === 'ltv' || ctx.endpoint === 'retention' ? spreadCohortSize(table) : table;
  const marked = rows ? applyTotals(sized, ctx.endpoint, ctx.totals) : sized;
  const named =
    ctx.endpoint === 'cohort' ? dropCohortTitle(marked) : ctx.endpoint === 'funnel' ? dropStepCode(marked) : marked;
  const done = dropRepeatedKey(named);
  statusColumn(done, ctx.endpoint);
  return done;
}

/** A parsed JSON answer → Table, in ctx.layout (default: the endpoint's first layout). Throws AdaptyError. */
export function normalise(answer: unknown, ctx: NormaliseContext): Table {
  if (!(ENDPOINT_IDS as readonly string[]).includes(ctx.endpoint))
    throw notOneOf('endpoint', ctx.endpoint, ENDPOINT_IDS);
  const layouts = LAYOUTS[ctx.endpoint].map((l) => l.id);
  const layout = ctx.layout === undefined || ctx.layout === '' ? layouts[0] : ctx.layout;
  if (!layouts.includes(layout)) throw notOneOf('layout', ctx.layout, layouts);
  try {
    return NORMALISERS[ctx.endpoint](answer, { ...ctx, layout });
  } catch (e) {
    if (isAdaptyError(e)) throw e;
    // A shape no guard foresaw must still reach the user as a bad answer, not as a TypeError.
    throw new AdaptyError(
      'bad_answer',
      `Adapty's ${ENDPOINT_NAMES[ctx.endpoint]} answer could not be read as a table (${e instanceof Error ? e.message : String(e)}).`,
    );
  }
}
