// Column type inference from a sample of values and the header text.

import type { ColumnType, DateOrder } from '../types';
import { EXCEL_SERIAL_MAX, EXCEL_SERIAL_MIN, detectDateOrder, parseDate } from './date';
import { isDateHeader, isIdHeader, isNumberHeader } from './header-words';
import { parseNumber } from './number';

/** Warning codes; the UI translates them. */
export const INFER_WARNINGS = [
  /** Ids written like 1.10105E+17: Excel already lost digits; export the column as text. */
  'sciNotationId',
  /** Some values of a number column are not numbers (they will be rejected or left empty). */
  'someNotNumbers',
  /** Some values of a date column are not dates in the chosen order. */
  'someNotDates',
  /** Every value reads as day-first and as month-first: the user must pick the order. */
  'ambiguousDateOrder',
  /** The dates are Excel serial day numbers (1900 system). */
  'excelSerialDates',
  /** No value in the sample. */
  'allEmpty',
] as const;
export type InferWarning = (typeof INFER_WARNINGS)[number];

export interface ColumnInference {
  type: ColumnType;
  /** For date columns. */
  dateOrder?: DateOrder | 'ambiguous';
  /** For number columns: ',' is the decimal separator. */
  decimalComma?: boolean;
  /** For date columns holding Excel serial numbers. */
  excelSerial?: boolean;
  warnings: InferWarning[];
}

/** How many non-empty values inference looks at. */
export const INFER_SAMPLE_SIZE = 2000;

/** Share of values that must read as a type (lowered when the header names the type). */
const STRICT_SHARE = 0.95;
const HINTED_SHARE = 0.8;

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

function isAllDigits(s: string): boolean {
  if (s.length === 0) {
    return false;
  }
  for (let i = 0; i < s.length; i++) {
    if (!isDigit(s.charCodeAt(i))) {
      return false;
    }
  }
  return true;
}

/** `1.10105E+17`: a long integer id that Excel wrote in scientific notation. */
function isSciNotationId(s: string): boolean {
  const e = s.search(/[eE]\+?/);
  if (e <= 0) {
    return false;
  }
  if (!/^\d(\.\d+)?$/.test(s.slice(0, e))) {
    return false;
  }
  const exp = s.slice(e + 1).replace(/^\+/, '');
  return isAllDigits(exp) && Number(exp) >= 10;
}

/** A code: letters, digits and - _ / . only (no spaces), 1..40 characters. */
function isCodeLike(s: string): boolean {
  if (s.length > 40) {
    return false;
  }
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (!(
      isDigit(c) ||
      (c >= 65 && c <= 90) ||
      (c >= 97 && c <= 122) ||
      c === 45 ||
      c === 95 ||
      c === 47 ||
      c === 46
    )) {
      return false;
    }
  }
  return true;
}

function hasDigit(s: string): boolean {
  return /[0-9]/.test(s);
}

function hasLetter(s: string): boolean {
  return /[A-Za-z]/.test(s);
}

/**
 * Infers a column's type from its header and a sample of its values (the first
 * INFER_SAMPLE_SIZE non-empty values are used; values are trimmed).
 *
 * In this order:
 * 1. id: Excel-mangled ids (1.10105E+17, warning sciNotationId); digit strings of ≥ 11 digits
 *    (phones, 18-digit order numbers — kept as exact strings); digit strings with leading
 *    zeros; an id-like header (客户ID, InvoiceNo, StockCode…) over ≥ 80% code-like values
 *    (no spaces), at least half with digits, even numeric ones such as 17850 or 17850.0.
 * 2. date: ≥ 95% read as dates in one order (≥ 80% with a date-like header); a date-like
 *    header over integers in 20000..80000 gives Excel serial dates.
 * 3. number: ≥ 95% parse as numbers (≥ 80% with an amount/quantity/price header); decimal
 *    comma when that reading parses more values.
 * 4. id: ≥ 95% codes mixing letters and digits (C000123, SO2410010001, K-1001), unless they
 *    are few (the category rule below) and not ≥ 90% distinct.
 * 5. category: few values — ≤ 50 distinct making up at most half the sample — or short
 *    values (≤ 24 characters) whose distinct count is at most a fifth of the sample.
 * 6. text.
 */
export function inferColumn(name: string, samples: readonly string[]): ColumnInference {
  const values: string[] = [];
  for (const raw of samples) {
    const v = raw.trim();
    if (v.length > 0) {
      values.push(v);
      if (values.length >= INFER_SAMPLE_SIZE) {
        break;
      }
    }
  }
  const n = values.length;
  if (n === 0) {
    return { type: 'text', warnings: ['allEmpty'] };
  }
  const idHeader = isIdHeader(name);
  const dateHeader = isDateHeader(name);
  const numberHeader = isNumberHeader(name) && !idHeader;

  // 1. Identifiers written as digits.
  let digitCount = 0;
  let longCount = 0;
  let leadingZero = 0;
  let sciCount = 0;
  let codeLike = 0;
  let codeWithDigit = 0;
  let withLetter = 0;
  for (const v of values) {
    if (isAllDigits(v)) {
      digitCount++;
      if (v.length >= 11) {
        longCount++;
      }
      if (v.length >= 2 && v.charCodeAt(0) === 48) {
        leadingZero++;
      }
    } else if (isSciNotationId(v)) {
      sciCount++;
    }
    if (isCodeLike(v)) {
      codeLike++;
      if (hasDigit(v)) {
        codeWithDigit++;
        if (hasLetter(v)) {
          withLetter++;
        }
      }
    }
  }
  if (sciCount > 0 && digitCount + sciCount >= n * STRICT_SHARE) {
    return { type: 'id', warnings: ['sciNotationId'] };
  }
  if (digitCount >= n * STRICT_SHARE && !numberHeader && !dateHeader) {
    if (longCount >= digitCount * 0.5 || leadingZero > 0 || idHeader) {
      return { type: 'id', warnings: [] };
    }
  }
  if (idHeader && codeLike >= n * HINTED_SHARE && codeWithDigit >= n * 0.5) {
    return { type: 'id', warnings: [] };
  }

  // 2. Dates.
  const dateShare = dateHeader ? HINTED_SHARE : STRICT_SHARE;
  const order = detectDateOrder(values, dateShare);
  if (order !== null) {
    const warnings: InferWarning[] = [];
    if (order === 'ambiguous') {
      warnings.push('ambiguousDateOrder');
    }
    const parseOrder: DateOrder = order === 'ambiguous' ? 'DMY' : order;
    let ok = 0;
    for (const v of values) {
      if (!Number.isNaN(parseDate(v, parseOrder))) {
        ok++;
      }
    }
    if (ok < n) {
      warnings.push('someNotDates');
    }
    return { type: 'date', dateOrder: order, warnings };
  }
  if (dateHeader) {
    let serials = 0;
    for (const v of values) {
      const x = parseNumber(v);
      if (x >= EXCEL_SERIAL_MIN && x <= EXCEL_SERIAL_MAX) {
        serials++;
      }
    }
    if (serials === n) {
      return { type: 'date', excelSerial: true, warnings: ['excelSerialDates'] };
    }
  }

  // 3. Numbers.
  let okDot = 0;
  let okComma = 0;
  for (const v of values) {
    if (!Number.isNaN(parseNumber(v))) {
      okDot++;
    }
    if (!Number.isNaN(parseNumber(v, { decimalComma: true }))) {
      okComma++;
    }
  }
  const numberShare = numberHeader ? HINTED_SHARE : STRICT_SHARE;
  const okNumbers = Math.max(okDot, okComma);
  if (okNumbers >= n * numberShare) {
    const warnings: InferWarning[] = okNumbers < n ? ['someNotNumbers'] : [];
    const inference: ColumnInference = { type: 'number', warnings };
    if (okComma > okDot) {
      inference.decimalComma = true;
    }
    return inference;
  }

  const distinct = new Set(values).size;
  const ratio = distinct / n;
  let maxLen = 0;
  for (const v of values) {
    if (v.length > maxLen) {
      maxLen = v.length;
    }
  }
  const isFewValues = distinct <= 50 && ratio <= 0.5;

  // 4. Alphanumeric codes (C000123, SO2410010001, K-1001): ids unless there are few of them.
  if (codeWithDigit >= n * STRICT_SHARE && withLetter > 0 && (ratio >= 0.9 || !isFewValues)) {
    return { type: 'id', warnings: [] };
  }

  // 5. Categories.
  if (isFewValues || (maxLen <= 24 && ratio <= 0.2)) {
    return { type: 'category', warnings: [] };
  }
  return { type: 'text', warnings: [] };
}
