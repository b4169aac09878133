/**
 * Reading formulas: the scanner that finds ADAPTY_ calls and their arguments in a formula's text.
 */
import { type Separator } from './functions';
import { decimalMark } from './separator';

export interface ArgSpan {
  /** The argument's text exactly as written (surrounding spaces included). */
  text: string;
  /** Offsets in the formula: [start, end). */
  start: number;
  end: number;
}

export interface FormulaCall {
  /** Upper-case function name, e.g. ADAPTY_ANALYTICS. */
  name: string;
  /** Offset of the name, of `(` and just after `)`. */
  nameStart: number;
  open: number;
  end: number;
  args: ArgSpan[];
}

const NAME_CHAR = /[A-Za-z0-9_.$]/;

/**
 * Finds every ADAPTY_…( call in a formula, outside string literals and quoted sheet names, and splits
 * its arguments at the top-level separator. Calls nested inside another ADAPTY_ call's arguments are
 * not reported separately. Unbalanced text gives no call.
 */
export function findAdaptyCalls(formula: string, separator: Separator): FormulaCall[] {
  const calls: FormulaCall[] = [];
  let i = 0;
  const n = formula.length;
  while (i < n) {
    const ch = formula[i];
    if (ch === '"') {
      i = skipQuoted(formula, i, '"');
      continue;
    }
    if (ch === "'") {
      i = skipQuoted(formula, i, "'");
      continue;
    }
    if ((ch === 'A' || ch === 'a') && (i === 0 || !NAME_CHAR.test(formula[i - 1]))) {
      const m = /^ADAPTY_[A-Z0-9_]+/i.exec(formula.slice(i, i + 64));
      if (m) {
        let j = i + m[0].length;
        while (j < n && (formula[j] === ' ' || formula[j] === '\n' || formula[j] === '\t' || formula[j] === '\r')) j++;
        if (formula[j] === '(') {
          const call = readCall(formula, m[0].toUpperCase(), i, j, separator);
          if (call) {
            calls.push(call);
            i = call.end;
            continue;
          }
          return calls; // unbalanced: stop reading
        }
        i += m[0].length;
        continue;
      }
    }
    i++;
  }
  return calls;
}

export function skipQuoted(s: string, i: number, q: string): number {
  let j = i + 1;
  while (j < s.length) {
    if (s[j] === q) {
      if (s[j + 1] === q) {
        j += 2;
        continue;
      }
      return j + 1;
    }
    j++;
  }
  return s.length;
}

function readCall(s: string, name: string, nameStart: number, open: number, separator: Separator): FormulaCall | null {
  const args: ArgSpan[] = [];
  let depth = 0;
  let argStart = open + 1;
  let i = open + 1;
  while (i < s.length) {
    const ch = s[i];
    if (ch === '"' || ch === "'") {
      i = skipQuoted(s, i, ch);
      continue;
    }
    if (ch === '(' || ch === '{') depth++;
    else if (ch === ')' || ch === '}') {
      if (depth === 0) {
        if (ch === '}') return null;
        const last = s.slice(argStart, i);
        if (args.length > 0 || last.trim() !== '') args.push({ text: last, start: argStart, end: i });
        return { name, nameStart, open, end: i + 1, args };
      }
      depth--;
    } else if (ch === separator && depth === 0) {
      args.push({ text: s.slice(argStart, i), start: argStart, end: i });
      argStart = i + 1;
    }
    i++;
  }
  return null;
}

/** Literal argument text → its value: "text", numbers, TRUE/FALSE, empty → undefined. Throws on anything else. */
export function parseLiteral(text: string, separator: Separator): unknown {
  const t = text.trim();
  if (t === '') return undefined;
  if (t.startsWith('"') && t.endsWith('"') && t.length >= 2) {
    const inner = t.slice(1, -1);
    if (/(^|[^"])"(?!")/.test(inner.replace(/""/g, ''))) throw new Error(`not a single string literal: ${t}`);
    return inner.replace(/""/g, '"');
  }
  if (/^(true|false)$/i.test(t)) return t.toUpperCase() === 'TRUE';
  const dm = decimalMark(separator);
  const num = dm === ',' ? /^-?\d+(,\d+)?$/ : /^-?\d+(\.\d+)?$/;
  if (num.test(t)) return Number(t.replace(',', '.'));
  throw new Error(`not a literal: ${t}`);
}

/** `A1`, `$B$2`, `Sheet1!C3`, `'My sheet'!$D$4` (one cell): the sheet name (unquoted) and the A1 part. */
export function parseCellReference(text: string): { sheetName?: string; a1: string } | null {
  const m = /^(?:('(?:[^']|'')+'|[A-Za-z_][A-Za-z0-9_.]*)!)?(\$?[A-Za-z]{1,3}\$?[1-9]\d{0,6})$/.exec(text.trim());
  if (!m) return null;
  const sheet = m[1] === undefined ? undefined : m[1].startsWith("'") ? m[1].slice(1, -1).replace(/''/g, "'") : m[1];
  return { sheetName: sheet, a1: m[2].replace(/\$/g, '').toUpperCase() };
}
