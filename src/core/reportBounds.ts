/**
 * How much a saved report may hold. Every stored field has a bound, so what the runs leave behind (last
 * run, block, owner) can never grow the document store: a save is refused while the list, with every
 * report's bookkeeping at its largest, would not fit (src/services/reportStore.ts). Sizes are UTF-8 bytes
 * of the JSON text, which is what Apps Script counts against its 9 KB / 500 KB property limits.
 */
import { ValidationError } from './errors';
import { utf8Length } from './propertyChunks';
import { SIGNATURE_CHARS } from './rowSignature';
import type { BlockRef, LastRun, ReportOwner, SavedReport } from './report';

export const REPORT_BOUNDS = {
  nameChars: 100,
  /** A run's error as stored (the Adapty Log sheet keeps the longer text). */
  errorChars: 500,
  errorBytes: 700,
  /** The report's spec as JSON. */
  specBytes: 4000,
  sheetNameChars: 100,
  anchorChars: 20,
  a1Chars: 30,
  ownerIdChars: 40,
  ownerNameChars: 40,
  /** The whole JSON of a report's run bookkeeping (lastRun, block, owner, failures) at its largest. */
  bookkeepingBytes: 2200,
} as const;

/** UTF-8 bytes of a value's JSON text (what a stored value costs). */
export function jsonBytes(value: unknown): number {
  return utf8Length(JSON.stringify(value) ?? '');
}

/**
 * `text` cut to at most `maxChars` characters and `maxBytes` bytes of JSON (escapes included), never
 * inside a surrogate pair; a cut text ends with "…".
 */
export function clipText(text: string, maxChars: number, maxBytes = maxChars * 6 + 2): string {
  const fits = (s: string) => s.length <= maxChars && jsonBytes(s) <= maxBytes;
  if (fits(text)) return text;
  let n = Math.min(text.length, maxChars - 1);
  for (;;) {
    const c = text.charCodeAt(n - 1);
    const end = c >= 0xd800 && c < 0xdc00 ? n - 1 : n;
    const s = text.slice(0, end) + '…';
    if (fits(s) || end <= 0) return s;
    // Shrink in proportion to the excess; at least one character per step.
    n = Math.max(0, Math.min(end - 1, Math.floor((end * maxBytes) / jsonBytes(s))));
  }
}

export function boundedLastRun(run: LastRun): LastRun {
  const out: LastRun = { ...run };
  if (typeof out.error === 'string')
    out.error = clipText(out.error, REPORT_BOUNDS.errorChars, REPORT_BOUNDS.errorBytes);
  return out;
}

export function boundedBlock(block: BlockRef): BlockRef {
  const out: BlockRef = {
    ...block,
    sheetName: clipText(String(block.sheetName ?? ''), REPORT_BOUNDS.sheetNameChars, 400),
    a1: clipText(String(block.a1 ?? ''), REPORT_BOUNDS.a1Chars, 60),
    // A damaged signature compares as none; clipped, it stays within its bytes.
    ...(block.sig ? { sig: clipText(String(block.sig), SIGNATURE_CHARS, SIGNATURE_CHARS + 2) } : {}),
  };
  // A chart id is an integer (at most 16 digits as JSON); anything else is not one the add-on stored.
  const c = out.chart;
  if (c !== undefined && c !== null && c !== 'scale' && !Number.isSafeInteger(c)) delete out.chart;
  return out;
}

export function boundedOwner(owner: ReportOwner): ReportOwner {
  const out: ReportOwner = { id: clipText(String(owner.id), REPORT_BOUNDS.ownerIdChars, 60) };
  if (owner.keyFingerprint) out.keyFingerprint = clipText(String(owner.keyFingerprint), 16, 20);
  if (owner.name) out.name = clipText(String(owner.name), REPORT_BOUNDS.ownerNameChars, 160);
  return out;
}

/** A stored report with every bookkeeping field within its bound (older versions stored whole error lists). */
export function boundedReport(r: SavedReport): SavedReport {
  const out: SavedReport = { ...r };
  if (out.lastRun) out.lastRun = boundedLastRun(out.lastRun);
  if (out.block) out.block = boundedBlock(out.block);
  if (out.owner) out.owner = boundedOwner(out.owner);
  return out;
}

/** What a report's runs and ownership take now (the part that changes without a save). */
export function bookkeepingBytes(r: SavedReport): number {
  return jsonBytes({ lastRun: r.lastRun, block: r.block, owner: r.owner, failures: r.failures });
}

/** Refuses a definition that would not fit its bounds: one message naming the field. */
export function checkDefinitionBounds(r: Pick<SavedReport, 'name' | 'spec' | 'destination'>): void {
  if (r.name.length > REPORT_BOUNDS.nameChars)
    throw new ValidationError(
      'name',
      `name of ${r.name.length} characters is too long: at most ${REPORT_BOUNDS.nameChars}`,
    );
  const spec = jsonBytes(r.spec);
  if (spec > REPORT_BOUNDS.specBytes)
    throw new ValidationError(
      'spec',
      `this report's options take ${spec.toLocaleString('en-US')} bytes; a saved report may take at most ${REPORT_BOUNDS.specBytes.toLocaleString('en-US')}: use fewer filter values`,
    );
  const d = r.destination;
  if (d.kind !== 'active_cell' && typeof d.sheetName === 'string' && d.sheetName.length > REPORT_BOUNDS.sheetNameChars)
    throw new ValidationError(
      'destination',
      `sheet name of ${d.sheetName.length} characters is too long: at most ${REPORT_BOUNDS.sheetNameChars}`,
    );
  if (d.kind === 'sheet' && d.anchor !== undefined) {
    if (typeof d.anchor !== 'string' || d.anchor.length > REPORT_BOUNDS.anchorChars)
      throw new ValidationError(
        'destination',
        `destination cell ${JSON.stringify(String(d.anchor).slice(0, 24))} is not a cell such as C5`,
      );
  }
}
