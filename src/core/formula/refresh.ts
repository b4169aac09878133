/**
 * Refresh rewriting: sets the `refresh` argument of every ADAPTY_ call in a formula, keeping the rest
 * byte-identical.
 */
import { type Separator, formulaFunction } from './functions';
import { findAdaptyCalls, parseCellReference, parseLiteral, skipQuoted } from './read';

export interface RefreshRewrite {
  /** The formula with every ADAPTY_ call's refresh argument set (unchanged when `changed` is false). */
  formula: string;
  /** ADAPTY_ calls found (known functions only). */
  calls: number;
  changed: boolean;
  /** Refresh arguments that are cell references the caller chose to bump instead of rewriting. */
  bumpedRefs: string[];
}

/** The next token: `token`, or one more than an existing whole number that is not smaller. */
export function nextToken(existing: unknown, token: number): number {
  const n =
    typeof existing === 'number'
      ? existing
      : typeof existing === 'string' && /^\s*-?\d+\s*$/.test(existing)
        ? Number(existing)
        : NaN;
  return Number.isInteger(n) && n >= token ? n + 1 : token;
}

/**
 * Sets the `refresh` argument of every ADAPTY_ call in `formula` to a new value, keeping every other
 * argument byte-identical (and the separator the formula uses, see detectSeparator). Missing arguments before it are added as `""`. A refresh argument that is a
 * single-cell reference is kept when `bumpRef(ref)` returns true (the caller then changes that cell),
 * and replaced by the token otherwise.
 */
export function rewriteRefresh(
  formula: string,
  localeSeparator: Separator,
  token: number,
  bumpRef: (ref: string) => boolean = () => false,
): RefreshRewrite {
  const separator = detectSeparator(formula, localeSeparator);
  const calls = findAdaptyCalls(formula, separator).filter((c) => formulaFunction(c.name));
  let out = formula;
  const bumpedRefs: string[] = [];
  let changed = false;
  // Right to left, so earlier offsets stay valid.
  for (const call of [...calls].reverse()) {
    const fn = formulaFunction(call.name)!;
    const at = fn.args.length - 1;
    if (call.args.length > fn.args.length) continue; // a wrong call: leave it to show its own error
    if (call.args.length > at) {
      const arg = call.args[at];
      const ref = parseCellReference(arg.text);
      if (ref && bumpRef(arg.text.trim())) {
        bumpedRefs.push(arg.text.trim());
        continue;
      }
      const lead = /^\s*/.exec(arg.text)![0];
      const trail = /\s*$/.exec(arg.text)![0];
      let existing: unknown;
      try {
        existing = parseLiteral(arg.text, separator);
      } catch {
        existing = undefined;
      }
      const value = String(nextToken(existing, token));
      out = out.slice(0, arg.start) + lead + value + (arg.text.trim() === '' ? '' : trail) + out.slice(arg.end);
      changed = true;
    } else {
      const missing = at - call.args.length;
      const pad = Array.from({ length: missing }, () => '""');
      const closeAt = call.end - 1;
      const hasArgs = call.args.length > 0;
      const insert = (hasArgs ? separator + ' ' : '') + [...pad, String(token)].join(separator + ' ');
      // Keep whatever sits between the last argument and ')' (spaces, new lines) after the insert.
      const lastEnd = hasArgs ? call.args[call.args.length - 1].end : call.open + 1;
      const between = out.slice(lastEnd, closeAt);
      out = out.slice(0, lastEnd) + insert + between + out.slice(closeAt);
      changed = true;
    }
  }
  return { formula: out, calls: calls.length, changed, bumpedRefs };
}

/**
 * The separator a stored formula actually uses: the locale's, unless the formula has none of it at
 * the top level of its parentheses but has the other one (a formula written with commas in a
 * semicolon locale, or the other way round). Array literals `{…}` are not looked into.
 * UNVERIFIED which form Apps Script's getFormulas returns in comma-decimal locales: this keeps the
 * rewrite right either way.
 */
export function detectSeparator(formula: string, localeSeparator: Separator): Separator {
  let semicolons = 0;
  let commas = 0;
  let braces = 0;
  for (let i = 0; i < formula.length; i++) {
    const ch = formula[i];
    if (ch === '"' || ch === "'") {
      i = skipQuoted(formula, i, ch) - 1;
      continue;
    }
    if (ch === '{') braces++;
    else if (ch === '}') braces = Math.max(0, braces - 1);
    else if (braces === 0 && ch === ';') semicolons++;
    else if (braces === 0 && ch === ',') commas++;
  }
  if (localeSeparator === ';') return semicolons === 0 && commas > 0 ? ',' : ';';
  return commas === 0 && semicolons > 0 ? ';' : ',';
}

/** True when a formula has at least one ADAPTY_ call of a known function. */
export function hasAdaptyCall(formula: string, separator: Separator): boolean {
  return (
    /ADAPTY_/i.test(formula) &&
    findAdaptyCalls(formula, detectSeparator(formula, separator)).some((c) => formulaFunction(c.name))
  );
}
