// Numbers as CRMs, ERPs and shop back offices write them.

import { unitsText } from './units';

export interface NumberOptions {
  /** ',' is the decimal separator and '.' groups thousands (1.234,50). */
  decimalComma?: boolean;
}

const D0 = 48;
const D9 = 57;
const DOT = 46;
const COMMA = 44;
const MINUS = 45;
const PLUS = 43;

/**
 * Parses one cell as a number; NaN when it is not one (empty included: callers test for
 * empty cells themselves). Accepted, around the digits:
 * - surrounding whitespace (ideographic space too) and full-width characters (１２３．５);
 * - thousands separators in groups of three: `1,234.50`; with decimalComma `1.234,50`;
 *   spaces and apostrophes group in both modes (`1 234,50`, `1'234.50`);
 * - currency: ¥ ￥ $ € £ and RMB/CNY/USD/EUR/GBP/HKD before or after, `元` after;
 * - sign: leading + or -, `(1,234.50)` for negatives, or a trailing minus (`1.234,50-`, SAP);
 * - Chinese magnitudes after the digits: `1.2万` = 12000, `3亿` = 300000000 (`万元` too);
 * - a percent sign: `12.5%` = 0.125 (the value divided by 100);
 * - an exponent without grouping: `1.5E+3`.
 * Numbers are built by Number() on a cleaned ASCII string (scaling by the exponent), so
 * `1.2万` is exactly 12000, never 12000.000000000002.
 */
export function parseNumber(s: string, opts?: NumberOptions): number {
  const decimalComma = opts?.decimalComma === true;
  const n = s.length;
  if (n === 0) {
    return NaN;
  }
  // Fast path: -?digits(.digits)? — the common case in a million-row column.
  let i = s.charCodeAt(0) === MINUS ? 1 : 0;
  let digits = 0;
  let sawDot = false;
  for (; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c >= D0 && c <= D9) {
      digits++;
    } else if (c === DOT && !sawDot && !decimalComma) {
      sawDot = true;
    } else {
      break;
    }
  }
  if (i === n && digits > 0) {
    return Number(s);
  }
  return parseNumberSlow(s, decimalComma);
}

/** Powers of ten that a double holds exactly (10^0 … 10^22). */
const EXACT_POW10 = Array.from({ length: 23 }, (_, k) => 10 ** k);

/**
 * parseNumber of the code units s[start, end) (a trimmed cell), without making a string when the
 * cell is plain `-?digits(.digits)?` with at most 15 digits: then the digits as an integer
 * (exact below 2^53) divided by an exact power of ten is one correctly rounded division, which
 * is the value Number() gives for the same text (Clinger's fast path).
 */
export function parseNumberIn(
  s: Uint16Array,
  start: number,
  end: number,
  opts?: NumberOptions,
): number {
  if (opts?.decimalComma !== true && end > start) {
    let i = start;
    const isNegative = s[i]! === MINUS;
    if (isNegative) {
      i++;
    }
    let mantissa = 0;
    let digits = 0;
    let fraction = -1; // digits after the dot; -1 while no dot was seen
    for (; i < end; i++) {
      const c = s[i]!;
      if (c >= D0 && c <= D9) {
        mantissa = mantissa * 10 + (c - D0);
        digits++;
        if (fraction >= 0) {
          fraction++;
        }
      } else if (c === DOT && fraction < 0) {
        fraction = 0;
      } else {
        break;
      }
    }
    if (i === end && digits > 0 && digits <= 15) {
      const v = fraction > 0 ? mantissa / EXACT_POW10[fraction]! : mantissa;
      return isNegative ? -v : v;
    }
  }
  return parseNumber(unitsText(s, start, end), opts);
}

/** Maps full-width ASCII (！..～), the ideographic space and odd minus/space characters. */
function toHalfWidth(s: string): string {
  let needs = false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c > 127) {
      needs = true;
      break;
    }
  }
  if (!needs) {
    return s;
  }
  let out = '';
  for (const ch of s) {
    const c = ch.charCodeAt(0);
    if (c >= 0xff01 && c <= 0xff5e) {
      out += String.fromCharCode(c - 0xfee0);
    } else if (c === 0x3000 || c === 0x00a0 || c === 0x202f || c === 0x2009) {
      out += ' ';
    } else if (c === 0x2212) {
      out += '-';
    } else if (c === 0xffe5) {
      out += '¥';
    } else {
      out += ch;
    }
  }
  return out;
}

const CURRENCY_WORDS = ['RMB', 'CNY', 'USD', 'EUR', 'GBP', 'HKD'];
const CURRENCY_SIGNS = '¥$€£';

function stripCurrencyPrefix(t: string): string {
  if (t.length > 0 && CURRENCY_SIGNS.includes(t[0]!)) {
    return t.slice(1).trimStart();
  }
  const upper = t.slice(0, 3).toUpperCase();
  if (CURRENCY_WORDS.includes(upper)) {
    return t.slice(3).trimStart();
  }
  return t;
}

function stripCurrencySuffix(t: string): string {
  if (t.length > 0 && (CURRENCY_SIGNS.includes(t[t.length - 1]!) || t.endsWith('元'))) {
    return t.slice(0, -1).trimEnd();
  }
  const upper = t.slice(-3).toUpperCase();
  if (t.length > 3 && CURRENCY_WORDS.includes(upper)) {
    return t.slice(0, -3).trimEnd();
  }
  return t;
}

function parseNumberSlow(raw: string, decimalComma: boolean): number {
  let t = toHalfWidth(raw).trim();
  if (t.length === 0) {
    return NaN;
  }
  let negative = false;
  let signs = 0;
  if (t.startsWith('(') && t.endsWith(')')) {
    negative = true;
    signs++;
    t = t.slice(1, -1).trim();
  }
  // Prefixes: a sign and a currency, in either order ("-¥5", "¥-5").
  for (let k = 0; k < 2; k++) {
    const c = t.charCodeAt(0);
    if (c === MINUS || c === PLUS) {
      negative = negative || c === MINUS;
      signs++;
      t = t.slice(1).trimStart();
    } else {
      t = stripCurrencyPrefix(t);
    }
  }
  // Suffixes: trailing minus, currency, percent, magnitude (in any reasonable order).
  let shift = 0;
  for (let k = 0; k < 3; k++) {
    if (t.endsWith('-')) {
      negative = true;
      signs++;
      t = t.slice(0, -1).trimEnd();
    }
    t = stripCurrencySuffix(t);
    if (t.endsWith('%')) {
      shift -= 2;
      t = t.slice(0, -1).trimEnd();
    } else if (t.endsWith('万')) {
      shift += 4;
      t = t.slice(0, -1).trimEnd();
    } else if (t.endsWith('亿')) {
      shift += 8;
      t = t.slice(0, -1).trimEnd();
    }
  }
  if (signs > 1) {
    return NaN;
  }
  const body = parseBody(t, decimalComma);
  if (body === null) {
    return NaN;
  }
  const value = Number(`${body.int || '0'}.${body.frac || '0'}e${body.exp + shift}`);
  return negative ? -value : value;
}

/** Digits of `t` (a plain or grouped decimal, or one with an exponent), or null. */
function parseBody(
  t: string,
  decimalComma: boolean,
): { int: string; frac: string; exp: number } | null {
  const n = t.length;
  if (n === 0) {
    return null;
  }
  const decimalSep = decimalComma ? COMMA : DOT;
  const groupSepMain = decimalComma ? DOT : COMMA;
  let int = '';
  let frac = '';
  let groupSep = -1;
  let groupLen = 0;
  let groups = 0;
  let i = 0;
  // Integer part.
  let start = 0;
  for (; i < n; i++) {
    const c = t.charCodeAt(i);
    if (c >= D0 && c <= D9) {
      groupLen++;
      continue;
    }
    if (c === groupSepMain || c === 32 || c === 39 /* ' */) {
      if (groupSep !== -1 && c !== groupSep) {
        return null;
      }
      // First group 1..3 digits, later groups exactly 3.
      if (groupLen === 0 || groupLen > 3 || (groups > 0 && groupLen !== 3)) {
        return null;
      }
      groupSep = c;
      groups++;
      int += t.slice(start, i);
      start = i + 1;
      groupLen = 0;
      continue;
    }
    break;
  }
  if (groups > 0 && groupLen !== 3) {
    return null;
  }
  int += t.slice(start, i);
  // Fraction.
  if (i < n && t.charCodeAt(i) === decimalSep) {
    i++;
    const fs = i;
    while (i < n && t.charCodeAt(i) >= D0 && t.charCodeAt(i) <= D9) {
      i++;
    }
    frac = t.slice(fs, i);
  }
  if (int.length === 0 && frac.length === 0) {
    return null;
  }
  let exp = 0;
  if (i < n && (t.charCodeAt(i) === 101 || t.charCodeAt(i) === 69) && groups === 0) {
    i++;
    let expNegative = false;
    if (i < n && (t.charCodeAt(i) === PLUS || t.charCodeAt(i) === MINUS)) {
      expNegative = t.charCodeAt(i) === MINUS;
      i++;
    }
    const es = i;
    while (i < n && t.charCodeAt(i) >= D0 && t.charCodeAt(i) <= D9) {
      i++;
    }
    if (i === es || i - es > 4) {
      return null;
    }
    exp = Number(t.slice(es, i)) * (expNegative ? -1 : 1);
  }
  if (i !== n) {
    return null;
  }
  return { int, frac, exp };
}
