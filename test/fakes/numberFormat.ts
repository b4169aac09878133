/**
 * Sheets' rendering of a number through a number-format pattern, in the spreadsheet's locale: what a
 * user sees in the cell (and what Range.getDisplayValue returns). Rules from Google's "Date and number
 * formats" guide (developers.google.com/sheets/api/guides/formats, "Number format tokens"): `0` forces a
 * digit, `#` shows one only when significant, `.` is the decimal mark, `,` between digits groups
 * thousands and after the last digit divides by 1,000, `%` multiplies by 100, `e+`/`E+` is scientific,
 * `"text"` and `\x` are literals (so a quoted "%" does NOT multiply), `[Red]`-style colours are dropped,
 * `[$…]` is a currency literal (`[$$]` → `$`, `[$€-407]` → `€`), `_x` leaves a space, `*x` a fill
 * (nothing here), and up to four `;`-separated sections pick positive; negative; zero; text. A negative
 * number in a negative section is shown without its sign (the section writes its own); in the first
 * section it keeps the minus. The locale decides the marks: de_DE shows 19923.02 as `19.923,02`.
 * Date patterns are formatted elsewhere (format.ts); fractions (`?/?`) are not modelled (the add-on
 * never writes them).
 */
import { argumentSeparator } from '../../src/core/formula/separator';

interface Marks {
  decimal: string;
  group: string;
}

/** Decimal mark and thousands separator of a locale (the decimal mark follows the formula separator rule). */
export function localeMarks(locale: string | undefined): Marks {
  const comma = argumentSeparator(locale ?? 'en_US') === ';';
  const lang = String(locale ?? '')
    .slice(0, 2)
    .toLowerCase();
  if (!comma) return { decimal: '.', group: /^de_(CH|LI)|^it_CH|^fr_CH/.test(locale ?? '') ? '’' : ',' };
  // Languages that group with a (no-break) space rather than a dot.
  const spaced = ['fr', 'ru', 'pl', 'cs', 'sk', 'sv', 'fi', 'nb', 'no', 'nn', 'uk', 'bg', 'hu', 'et', 'lv', 'lt'];
  return { decimal: ',', group: spaced.includes(lang) ? '\u00a0' : '.' };
}

type Token =
  | { k: 'lit'; t: string }
  | { k: 'digit'; t: '0' | '#' | '?' }
  | { k: 'point' }
  | { k: 'comma' }
  | { k: 'percent' }
  | { k: 'exp'; sign: '+' | '-'; digits: number };

/** Splits on `;` outside quotes and escapes. */
export function splitSections(pattern: string): string[] {
  const out: string[] = [];
  let cur = '';
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i];
    if (ch === '"') {
      const e = pattern.indexOf('"', i + 1);
      const end = e < 0 ? pattern.length : e + 1;
      cur += pattern.slice(i, end);
      i = end - 1;
    } else if (ch === '\\' && i + 1 < pattern.length) {
      cur += pattern.slice(i, i + 2);
      i++;
    } else if (ch === ';') {
      out.push(cur);
      cur = '';
    } else cur += ch;
  }
  out.push(cur);
  return out;
}

function tokenize(section: string): Token[] {
  const out: Token[] = [];
  for (let i = 0; i < section.length; i++) {
    const ch = section[i];
    if (ch === '"') {
      const e = section.indexOf('"', i + 1);
      const end = e < 0 ? section.length : e;
      out.push({ k: 'lit', t: section.slice(i + 1, end) });
      i = end;
    } else if (ch === '\\') {
      out.push({ k: 'lit', t: section[i + 1] ?? '' });
      i++;
    } else if (ch === '[') {
      const e = section.indexOf(']', i + 1);
      const inner = section.slice(i + 1, e < 0 ? section.length : e);
      // [$sym-locale] is a currency literal; anything else ([Red], [Color10], [>100]) shows nothing.
      if (inner.startsWith('$')) out.push({ k: 'lit', t: inner.slice(1).replace(/-[0-9A-Fa-f]+$/, '') });
      i = e < 0 ? section.length : e;
    } else if (ch === '_') {
      out.push({ k: 'lit', t: ' ' });
      i++;
    } else if (ch === '*') {
      i++;
    } else if (ch === '0' || ch === '#' || ch === '?') out.push({ k: 'digit', t: ch });
    else if (ch === '.') out.push({ k: 'point' });
    else if (ch === ',') out.push({ k: 'comma' });
    else if (ch === '%') out.push({ k: 'percent' });
    else if ((ch === 'e' || ch === 'E') && (section[i + 1] === '+' || section[i + 1] === '-')) {
      let n = 0;
      while (section[i + 2 + n] === '0') n++;
      out.push({ k: 'exp', sign: section[i + 1] as '+' | '-', digits: n });
      i += 1 + n;
    } else out.push({ k: 'lit', t: ch });
  }
  return out;
}

/** Rounds half away from zero at `dec` decimals, on the decimal text (12.305 → 12.31 as Sheets shows). */
function roundTo(v: number, dec: number): string {
  const clean = Number(v.toPrecision(15));
  const [m, e = '0'] = clean.toExponential().split('e');
  const shifted = Number(`${m}e${Number(e) + dec}`);
  const r = Math.round(shifted);
  return (r / 10 ** dec).toFixed(dec);
}

function group(int: string, sep: string): string {
  return int.replace(/\B(?=(\d{3})+(?!\d))/g, sep);
}

/** General: up to 10 significant digits, the locale's decimal mark. */
function general(n: number, marks: Marks): string {
  const s = Number.isInteger(n) && Math.abs(n) < 1e15 ? String(n) : String(Number(n.toPrecision(10)));
  return s.replace('.', marks.decimal);
}

/** The text Sheets shows for the number `n` in a cell formatted with `pattern`, in `locale`. */
export function renderNumber(n: number, pattern: string | undefined, locale = 'en_US'): string {
  const marks = localeMarks(locale);
  if (!pattern || pattern === 'General' || pattern === '@') return general(n, marks);
  const sections = splitSections(pattern);
  let section = sections[0];
  let signed = true;
  if (n < 0 && sections.length > 1 && sections[1] !== '') {
    section = sections[1];
    signed = false;
  } else if (n === 0 && sections.length > 2 && sections[2] !== '') {
    section = sections[2];
  }
  const tokens = tokenize(section);
  if (/^general$/i.test(section.trim())) return (signed && n < 0 ? '-' : '') + general(Math.abs(n), marks);
  let value = Math.abs(n);
  const expAt = tokens.findIndex((t) => t.k === 'exp');
  const numTokens = expAt < 0 ? tokens : tokens.slice(0, expAt);
  const firstDigit = tokens.findIndex((t) => t.k === 'digit');
  if (firstDigit < 0) {
    // No digit placeholder: the section is all literal (e.g. "n/a").
    return tokens.map((t) => (t.k === 'lit' ? t.t : t.k === 'percent' ? '%' : '')).join('');
  }
  let lastDigit = -1;
  numTokens.forEach((t, i) => {
    if (t.k === 'digit') lastDigit = i;
  });
  const pointAt = numTokens.findIndex((t, i) => t.k === 'point' && i > firstDigit - 1 && i <= lastDigit + 1);
  // Commas right after the last integer placeholder (before the point or the end) scale by 1,000 each.
  const intEnd = pointAt >= 0 ? pointAt : lastDigit + 1;
  let scale = 0;
  for (let i = intEnd - 1; i > firstDigit && numTokens[i].k === 'comma'; i--) scale++;
  const intScale = scale;
  for (let i = lastDigit + 1; i < numTokens.length && numTokens[i].k === 'comma'; i++) scale++;
  const intDigits = numTokens.slice(firstDigit, intEnd - intScale).filter((t) => t.k === 'digit') as {
    t: string;
  }[];
  const grouping = numTokens.slice(firstDigit, intEnd - intScale).some((t) => t.k === 'comma');
  const decDigits =
    pointAt >= 0 ? (numTokens.slice(pointAt + 1, lastDigit + 1).filter((t) => t.k === 'digit') as { t: string }[]) : [];
  if (tokens.some((t) => t.k === 'percent')) value *= 100;
  value /= 1000 ** scale;

  let exponent = 0;
  const exp = expAt >= 0 ? (tokens[expAt] as Extract<Token, { k: 'exp' }>) : null;
  if (exp && value !== 0) {
    exponent = Math.floor(Math.log10(value)) - (intDigits.length - 1);
    let mant = value / 10 ** exponent;
    if (Number(roundTo(mant, decDigits.length)) >= 10 ** intDigits.length) {
      exponent++;
      mant = value / 10 ** exponent;
    }
    value = mant;
  }

  const fixed = roundTo(value, decDigits.length);
  let [ip, dp = ''] = fixed.split('.');
  // Trailing optional (#) decimals drop their zeros.
  let keep = dp.length;
  while (keep > 0 && decDigits[keep - 1].t !== '0' && dp[keep - 1] === '0') keep--;
  dp = dp.slice(0, keep);
  const minInt = intDigits.filter((d) => d.t === '0').length;
  if (ip === '0' && minInt === 0) ip = '';
  while (ip.length < minInt) ip = '0' + ip;
  if (grouping) ip = group(ip, marks.group);
  const showsPoint = pointAt >= 0 && (dp.length > 0 || decDigits.length === 0 || decDigits.some((d) => d.t === '0'));
  const number = ip + (showsPoint ? marks.decimal + dp : pointAt >= 0 && decDigits.length === 0 ? marks.decimal : '');
  const isZero = Number(fixed) === 0;

  let out = '';
  let placed = false;
  tokens.forEach((t, i) => {
    if (i === expAt && exp) {
      const sign = exponent < 0 ? '-' : exp.sign === '+' ? '+' : '';
      out += (section[section.search(/[eE][+-]/)] ?? 'e') + sign + String(Math.abs(exponent)).padStart(exp.digits, '0');
      return;
    }
    if (t.k === 'lit') out += t.t;
    else if (t.k === 'percent') out += '%';
    else if (t.k === 'comma' && i > lastDigit)
      return; // a scaling comma shows nothing
    else if (i >= firstDigit && i <= lastDigit) {
      if (!placed) {
        out += number;
        placed = true;
      }
    } else if (t.k === 'point') out += marks.decimal;
  });
  return (signed && n < 0 && !isZero ? '-' : '') + out;
}
