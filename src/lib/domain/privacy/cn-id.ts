// 公民身份号码 (GB 11643-1999, 18 digits; legacy 15 digits) and 统一社会信用代码
// (GB 32100-2015) validation, and what an ID number tells: birth date, gender, region.

import { canonicalize } from './canonical';
import { isIdProvinceCode, regionOf } from './regions';

const CN_ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const CN_ID_CHECK = '10X98765432';

/**
 * The earliest birth date accepted. GB 11643 itself only asks for a real date; the
 * standard's well-known worked example 440524188001010014 was born in 1880, so the bound is
 * 1800-01-01 rather than 1900 (see the report of the privacy module).
 */
export const MIN_BIRTH_DATE = { year: 1800, month: 1, day: 1 } as const;

export interface CnIdOptions {
  /** The latest acceptable birth date ("today"); defaults to the current UTC date. */
  asOf?: Date;
}

export interface CnIdInfo {
  birthYear: number;
  birthMonth: number;
  birthDay: number;
  gender: '男' | '女';
  /** The six-digit address code. */
  regionCode: string;
  /** Short province name ('北京'). */
  province: string;
  /** Short city name, the municipality for 北京/天津/上海/重庆, null when not in the table. */
  city: string | null;
}

/** The check character (0-9 or X) for the first 17 digits of an 18-digit ID number. */
export function cnIdCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    sum += (first17.charCodeAt(i) - 48) * (CN_ID_WEIGHTS[i] ?? 0);
  }
  return CN_ID_CHECK[sum % 11] ?? '';
}

function isRealDate(year: number, month: number, day: number, asOf: Date): boolean {
  if (month < 1 || month > 12 || day < 1) {
    return false;
  }
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (day > daysInMonth) {
    return false;
  }
  const key = year * 10_000 + month * 100 + day;
  const min = MIN_BIRTH_DATE.year * 10_000 + MIN_BIRTH_DATE.month * 100 + MIN_BIRTH_DATE.day;
  const max = asOf.getUTCFullYear() * 10_000 + (asOf.getUTCMonth() + 1) * 100 + asOf.getUTCDate();
  return key >= min && key <= max;
}

/**
 * True for a valid 18-digit ID number: 17 digits and a check character (GB 11643 mod 11-2;
 * a lower-case x is accepted), a real birth date between {@link MIN_BIRTH_DATE} and today,
 * and a known province code. The value is canonicalised first (full-width digits, spaces).
 */
export function isValidCnId18(s: string, options: CnIdOptions = {}): boolean {
  const id = canonicalize(s, 'cnId');
  if (!/^\d{17}[\dX]$/.test(id)) {
    return false;
  }
  if (cnIdCheckChar(id) !== id[17]) {
    return false;
  }
  if (!isIdProvinceCode(id.slice(0, 2))) {
    return false;
  }
  return isRealDate(
    Number(id.slice(6, 10)),
    Number(id.slice(10, 12)),
    Number(id.slice(12, 14)),
    options.asOf ?? new Date(),
  );
}

/**
 * True for a valid legacy 15-digit ID number (issued until 1999): a six-digit region code
 * with a known province, a real birth date 19YYMMDD (not after today), three sequence digits.
 * It has no check digit.
 */
export function isValidCnId15(s: string, options: CnIdOptions = {}): boolean {
  const id = canonicalize(s, 'cnId');
  if (!/^\d{15}$/.test(id)) {
    return false;
  }
  if (!isIdProvinceCode(id.slice(0, 2))) {
    return false;
  }
  return isRealDate(
    1900 + Number(id.slice(6, 8)),
    Number(id.slice(8, 10)),
    Number(id.slice(10, 12)),
    options.asOf ?? new Date(),
  );
}

/** True for a valid 18-digit or legacy 15-digit ID number. */
export function isValidCnId(s: string, options: CnIdOptions = {}): boolean {
  return isValidCnId18(s, options) || isValidCnId15(s, options);
}

/**
 * Birth date, gender and region of a valid ID number, or null when it is not valid.
 * Gender: the 17th digit (the last digit of a 15-digit number) is odd for men.
 */
export function parseCnId(s: string, options: CnIdOptions = {}): CnIdInfo | null {
  const id = canonicalize(s, 'cnId');
  let birthYear: number;
  let birthMonth: number;
  let birthDay: number;
  let genderDigit: number;
  if (id.length === 18 && isValidCnId18(id, options)) {
    birthYear = Number(id.slice(6, 10));
    birthMonth = Number(id.slice(10, 12));
    birthDay = Number(id.slice(12, 14));
    genderDigit = Number(id[16]);
  } else if (id.length === 15 && isValidCnId15(id, options)) {
    birthYear = 1900 + Number(id.slice(6, 8));
    birthMonth = Number(id.slice(8, 10));
    birthDay = Number(id.slice(10, 12));
    genderDigit = Number(id[14]);
  } else {
    return null;
  }
  const regionCode = id.slice(0, 6);
  const region = regionOf(regionCode);
  if (!region) {
    return null;
  }
  return {
    birthYear,
    birthMonth,
    birthDay,
    gender: genderDigit % 2 === 1 ? '男' : '女',
    regionCode,
    province: region.province,
    city: region.city,
  };
}

// --- 统一社会信用代码 (unified social credit code of an organisation) ---------------------

const USCC_CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28] as const;

/** The check character for the first 17 characters of a USCC, or null if one is not allowed. */
export function usccCheckChar(first17: string): string | null {
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const v = USCC_CHARSET.indexOf(first17[i] ?? '');
    if (v < 0) {
      return null;
    }
    sum += v * (USCC_WEIGHTS[i] ?? 0);
  }
  return USCC_CHARSET[(31 - (sum % 31)) % 31] ?? null;
}

/**
 * True for a valid 统一社会信用代码: 18 characters from 0-9 and the capitals without I, O, S,
 * V, Z, whose last one is the GB 32100-2015 mod-31 check character. Upper-cased first.
 * An organisation's id, not a person's: it is not PII.
 */
export function isValidUscc(s: string): boolean {
  const code = canonicalize(s, 'cnId');
  if (!/^[0-9A-HJ-NPQRTUWXY]{18}$/.test(code)) {
    return false;
  }
  return usccCheckChar(code) === code[17];
}
