/**
 * Client-side validation: the same buildRequest the server runs, with the sheet's zone and "today" from
 * the bootstrap and the browser's Intl for zone arithmetic. A refusal names a field; `controlFor` maps it
 * to the form control that shows the message inline, so nothing is sent for an invalid report.
 */
import { ENDPOINT_BY_ID, FORMAT_PARAM, filterDef, type EndpointId } from '../src/catalog/catalog';
import { own } from '../src/core/own';
import { isAdaptyError } from '../src/core/errors';
import { isLocalDate, type DateRange } from '../src/core/dates/calendar';
import { resolveCompareInput, resolveRange } from '../src/core/dates/input';
import { type Separator } from '../src/core/formula/functions';
import { specToFormula } from '../src/core/formula/write';
import { buildRequest, type BuiltRequest, type ReportSpec } from '../src/core/request';
import { intlTimeZonePort } from '../src/core/timezoneIntl';
import { localCounts } from './numbers';

export interface ClientContext {
  today: string;
  timeZone: string;
  separator: Separator;
  /** The sheet's date format (e.g. `dd.MM.yyyy`): dates in messages are shown that way. */
  dateFormat?: string;
}

/** The form's names for the fields buildRequest names in its messages. */
const FORM_WORDS: [RegExp, string][] = [
  [/(^|\s)compare\[0\](?=\s)/g, '$1Compare from'],
  [/(^|\s)compare\[1\](?=\s)/g, '$1Compare to'],
  [/(^|\s)start(?=\s)/g, '$1From'],
  [/(^|\s)end(?=\s)/g, '$1To'],
  [/use YYYY-MM-DD, a date cell, or a preset such as last_30_days/g, 'choose a date'],
  [/a date \(YYYY-MM-DD\), a date cell, or a preset such as last_30_days/g, 'choose a date or a date range'],
];

/** A date as a sheet with `format` shows it (the formats the add-on writes: d, M, yyyy tokens). */
export function sheetDate(iso: string, format: string): string {
  const [y, m, d] = iso.split('-');
  return format
    .replace(/yyyy/g, y)
    .replace(/MM/g, m)
    .replace(/dd/g, d)
    .replace(/\bM\b/g, String(Number(m)))
    .replace(/\bd\b/g, String(Number(d)));
}

/** A buildRequest message in the form's words: its labels (From, To), and dates as the sheet shows them. */
export function inFormWords(message: string, dateFormat?: string): string {
  let out = localCounts(message);
  for (const [re, to] of FORM_WORDS) out = out.replace(re, to);
  if (dateFormat)
    out = out.replace(/"(\d{4}-\d{2}-\d{2})"/g, (whole, d: string) =>
      isLocalDate(d) ? sheetDate(d, dateFormat) : whole,
    );
  return out;
}

/** Controls whose label is not the catalog's (the form names them itself). */
const CONTROL_LABELS: Record<string, string> = {
  endpoint: 'Report',
  chart: 'Chart',
  layout: 'Table layout',
  measure: 'Money series',
  format: FORMAT_PARAM.label,
  from_period: 'From step',
  to_period: 'To step',
};

/** The label the form shows for the control a buildRequest field belongs to (`filters.country` → Country). */
export function labelOfField(field: string, endpoint: string | undefined): string | undefined {
  const key = field.replace(/^(filters|params)\./, '').replace(/\[\d+\]$/, '');
  const fixed = own(CONTROL_LABELS, key);
  if (fixed) return fixed;
  const param = endpoint ? own(ENDPOINT_BY_ID, endpoint as EndpointId)?.params.find((p) => p.key === key) : undefined;
  return param?.label ?? filterDef(key)?.label;
}

/** A message that names its field by key (`country "xx" is not…`) named by the form's label instead. */
export function withFieldLabel(message: string, field: string, endpoint: string | undefined): string {
  const label = labelOfField(field, endpoint);
  if (!label || !field) return message;
  const bare = field.replace(/^(filters|params)\./, '');
  // Only the message's subject, its first word: a key later on may be a value (`country code such as us`).
  for (const raw of [field, bare, bare.replace(/\[\d+\]$/, '')])
    if (message.startsWith(`${raw} `) || message.startsWith(`${raw}:`)) return label + message.slice(raw.length);
  return message;
}

export interface Checked {
  built: BuiltRequest | null;
  /** The control key the error belongs to ('' when none fits) and its message. */
  error: { control: string; field: string; message: string } | null;
  range: DateRange | null;
  compareRange: DateRange | null;
  formula: string | null;
}

/** ValidationError.field → the form control's key (param or filter key, or a date control). */
export function controlFor(field: string): string {
  const f = field.replace(/^filters\./, '').replace(/^params\./, '');
  if (
    f === 'start' ||
    f === 'end' ||
    f === 'chart' ||
    f === 'endpoint' ||
    f === 'layout' ||
    f === 'measure' ||
    f === 'totals' ||
    f === 'format'
  )
    return f;
  if (f === 'chart_id') return 'chart';
  if (/^compare(\.start|\[0\])$/.test(f)) return 'compare_start';
  if (/^compare(\.end|\[1\])$/.test(f)) return 'compare_end';
  if (f.startsWith('compare')) return 'compare';
  if (f.startsWith('date')) return 'start';
  return f.replace(/\[\d+\]$/, '');
}

export function checkSpec(spec: ReportSpec, ctx: ClientContext): Checked {
  const dctx = { today: ctx.today, tz: ctx.timeZone, port: intlTimeZonePort };
  let range: DateRange | null = null;
  let compareRange: DateRange | null = null;
  try {
    if (spec.start !== undefined)
      range = resolveRange({ start: spec.start, end: spec.end }, { start: 'start', end: 'end' }, dctx);
    if (range && spec.compare !== undefined && spec.compare !== '')
      compareRange = resolveCompareInput(spec.compare, range, dctx);
  } catch {
    // buildRequest reports it below, with its field.
  }
  try {
    const built = buildRequest(spec, { today: ctx.today, timeZone: ctx.timeZone, tz: intlTimeZonePort });
    let formula: string | null = null;
    try {
      formula = specToFormula(spec, ctx.separator);
    } catch {
      formula = null;
    }
    return {
      built,
      error: null,
      range: built.range ?? range,
      compareRange: built.compareRange ?? compareRange,
      formula,
    };
  } catch (e) {
    const field = isAdaptyError(e) && 'field' in e ? String((e as { field: unknown }).field) : '';
    const raw = e instanceof Error ? e.message : String(e);
    const message = inFormWords(withFieldLabel(raw, field, spec.endpoint), ctx.dateFormat);
    return {
      built: null,
      error: { control: field ? controlFor(field) : '', field, message },
      range,
      compareRange,
      formula: null,
    };
  }
}
