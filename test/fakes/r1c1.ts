/**
 * A1 ⇄ R1C1 for formulas, as Range.getFormulasR1C1 / setFormulasR1C1 convert them
 * (https://developers.google.com/apps-script/reference/spreadsheet/range#getformular1c1: "Returns the
 * formula (R1C1 notation) for a given cell"; #setformular1c1formula: "Sets the formula for this range. The
 * formula must be in R1C1 notation"). Relative references become offsets from the formula's own cell
 * (`R[1]C[-2]`), `$`-anchored ones absolute (`R3C1`), so one R1C1 formula set on a whole range means the
 * same thing on every row — which is how a formula column is filled down. Text in double quotes and
 * function names are left alone. Sheet-qualified references convert the same way.
 */
import { columnToLetters, lettersToColumn } from './a1';

/** A cell reference not inside a name or a function call: `A1`, `$A$1`, `A$1`, `$A1`. */
const A1_REF = /(?<![A-Za-z0-9_.$])(\$?)([A-Za-z]{1,3})(\$?)(\d{1,7})(?![A-Za-z0-9_(])/g;
const R1C1_REF = /(?<![A-Za-z0-9_.])R(\[-?\d+\]|\d+)?C(\[-?\d+\]|\d+)?(?![A-Za-z0-9_(])/g;

/** Applies `fn` to the parts of a formula outside double-quoted strings. */
function outsideStrings(formula: string, fn: (part: string) => string): string {
  return formula
    .split(/("(?:[^"]|"")*")/)
    .map((p, i) => (i % 2 === 1 ? p : fn(p)))
    .join('');
}

export function a1ToR1C1(formula: string, row: number, col: number): string {
  if (!formula.startsWith('=')) return formula;
  return outsideStrings(formula, (part) =>
    part.replace(A1_REF, (_m, cAbs: string, letters: string, rAbs: string, digits: string) => {
      const c = lettersToColumn(letters);
      const r = Number(digits);
      const rs = rAbs ? `R${r}` : r === row ? 'R' : `R[${r - row}]`;
      const cs = cAbs ? `C${c}` : c === col ? 'C' : `C[${c - col}]`;
      return rs + cs;
    }),
  );
}

export function r1c1ToA1(formula: string, row: number, col: number): string {
  if (!formula.startsWith('=')) return formula;
  return outsideStrings(formula, (part) =>
    part.replace(R1C1_REF, (_m, rp: string | undefined, cp: string | undefined) => {
      const rel = (p: string | undefined, base: number) =>
        p === undefined
          ? { n: base, abs: false }
          : p.startsWith('[')
            ? { n: base + Number(p.slice(1, -1)), abs: false }
            : { n: Number(p), abs: true };
      const r = rel(rp, row);
      const c = rel(cp, col);
      if (r.n < 1 || c.n < 1) return '#REF!';
      return `${c.abs ? '$' : ''}${columnToLetters(c.n)}${r.abs ? '$' : ''}${r.n}`;
    }),
  );
}
