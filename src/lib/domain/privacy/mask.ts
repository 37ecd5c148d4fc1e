// Masked forms of identifiers, for display, for a column the user chose to mask, for survey
// free text and for downloads of rejected rows.

import type { PiiKind } from '../types';
import { canonicalize, MAINLAND_MOBILE } from './canonical';
import { hanSurname } from './detect';
import { regionFromAddress } from './regions';

const STAR = '*';

function stars(n: number): string {
  return STAR.repeat(Math.max(0, n));
}

/** Keep `head` leading and `tail` trailing characters; everything between becomes '*'. */
function maskMiddle(v: string, head: number, tail: number): string {
  const chars = [...v];
  if (chars.length <= head + tail) {
    return stars(chars.length);
  }
  return (
    chars.slice(0, head).join('') + stars(chars.length - head - tail) + chars.slice(-tail).join('')
  );
}

/**
 * '13800138000' → '138****8000' (canonicalised first, so '+86 138-0013-8000' too).
 * Other numbers of 8+ characters keep their first 3 and last 4; shorter ones their last 2.
 */
export function maskPhone(value: string): string {
  const v = canonicalize(value, 'phone');
  if (MAINLAND_MOBILE.test(v) || v.length >= 8) {
    return maskMiddle(v, 3, 4);
  }
  return maskMiddle(v, 0, 2);
}

/**
 * Keep the surname, star the given name: '李雷' → '李*', '欧阳娜娜' → '欧阳**'. A Han name
 * without a known surname keeps its first character. Latin names keep each word's initial:
 * 'John Smith' → 'J*** S****'. A single character becomes '*'.
 */
export function maskName(value: string): string {
  const v = canonicalize(value, 'name');
  const chars = [...v];
  if (chars.length <= 1) {
    return stars(chars.length);
  }
  if (/^\p{Script=Han}+$/u.test(v)) {
    const surname = hanSurname(v);
    const keep = surname !== null && surname.length < chars.length ? surname.length : 1;
    return chars.slice(0, keep).join('') + stars(chars.length - keep);
  }
  return v
    .split(' ')
    .map((word) => {
      const w = [...word];
      return (w[0] ?? '') + stars(w.length - 1);
    })
    .join(' ');
}

/**
 * '11010519491231002X' → '1101**********002X' (province and city kept, birth date hidden);
 * a 15-digit number keeps its first 4 and last 3. Other strings keep 4 and 4 when longer
 * than 8, else are starred out.
 */
export function maskCnId(value: string): string {
  const v = canonicalize(value, 'cnId');
  if (v.length === 15) {
    return maskMiddle(v, 4, 3);
  }
  return maskMiddle(v, 4, 4);
}

/** 'foo.bar@qq.com' → 'f******@qq.com': the local part keeps its first character. */
export function maskEmail(value: string): string {
  const v = canonicalize(value, 'email');
  const at = v.lastIndexOf('@');
  if (at < 0) {
    return maskMiddle(v, 1, 0);
  }
  const local = [...v.slice(0, at)];
  const head = local.length > 1 ? (local[0] ?? '') : '';
  return head + stars(local.length - head.length) + v.slice(at);
}

/**
 * Keep the region at the start of a Chinese address, down to the district or county, and
 * star the rest: '广东省深圳市南山区科技园南路1号' → '广东省深圳市南山区****'. A Latin address
 * keeps what follows its last comma ('221B Baker Street, London' → '****, London').
 */
export function maskAddress(value: string): string {
  const v = canonicalize(value, 'address');
  if (v === '') {
    return '';
  }
  if (/\p{Script=Han}/u.test(v)) {
    const compact = v.replace(/\s+/g, '');
    const region = regionFromAddress(compact);
    if (!region) {
      return '****';
    }
    // regionFromAddress strips a leading 中国; keep what it matched from the compact text.
    const start = compact.length - compact.replace(/^(?:中华人民共和国|中国)/, '').length;
    let end = start + region.matchedLength;
    const district = /^[\p{Script=Han}]{1,6}?(?:区|县|旗|市)/u.exec(compact.slice(end));
    if (district) {
      end += district[0].length;
    }
    return end >= compact.length ? compact : `${compact.slice(0, end)}****`;
  }
  const comma = v.lastIndexOf(',');
  return comma < 0 ? '****' : `****${v.slice(comma)}`;
}

/**
 * The masked form of a value of the given kind; for null (no known kind) the free-text
 * masking of {@link maskFreeText}. Empty stays empty.
 */
export function maskValue(value: string, kind: PiiKind | null): string {
  if (value.trim() === '') {
    return '';
  }
  switch (kind) {
    case 'phone':
      return maskPhone(value);
    case 'email':
      return maskEmail(value);
    case 'cnId':
      return maskCnId(value);
    case 'name':
      return maskName(value);
    case 'address':
      return maskAddress(value);
    case null:
      return maskFreeText(value);
  }
}

// Free text: the patterns run over a "shadow" of the text where full-width ASCII forms
// (１３８，＠) are mapped to half-width one for one, so indices match the original and the
// rest of the text (Chinese punctuation included) is left exactly as written.
function halfWidthShadow(text: string): string {
  return text.replace(/[\uFF01-\uFF5E]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0));
}

/**
 * Whether FREE_TEXT_PII could match: an e-mail needs an @, every number pattern at least 10
 * digits (a landline 0 + 2 + 7), in ASCII or full-width. Most cells (amounts, dates, names of
 * things) are ruled out by this one pass without the regex.
 */
function mayHoldIdentifier(text: string): boolean {
  let digits = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if ((c >= 48 && c <= 57) || (c >= 0xff10 && c <= 0xff19)) {
      if (++digits >= 10) {
        return true;
      }
    } else if (c === 64 || c === 0xff20) {
      return true;
    }
  }
  return false;
}

const FREE_TEXT_PII = new RegExp(
  [
    // 1 e-mail
    String.raw`([A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,})`,
    // 2 ID number: 18 or 15 characters, or 18 written in groups 6 8 4
    String.raw`((?<![0-9A-Za-z])(?:\d{17}[\dXx]|\d{15}|\d{6} \d{8} \d{3}[\dXx])(?![0-9A-Za-z]))`,
    // 3 mainland mobile, optionally +86 / 0086 / 86, digits optionally grouped by - or space
    String.raw`((?<![0-9+])(?:(?:\+|00)?86[- ]?)?1[3-9]\d(?:[- ]?\d){8}(?![0-9]))`,
    // 4 landline with area code: 010-12345678, 0755-1234567
    String.raw`((?<![0-9])0\d{2,3}-\d{7,8}(?![0-9]))`,
  ].join('|'),
  'g',
);

/**
 * Replace every e-mail address, 身份证-shaped number (18 or 15 digits, check digit not
 * required: a mistyped number is still personal), mainland mobile and landline number in
 * free text with its masked form. Everything else is left as written.
 */
export function maskFreeText(text: string): string {
  if (!mayHoldIdentifier(text)) {
    return text;
  }
  const shadow = halfWidthShadow(text);
  let out = '';
  let last = 0;
  for (const m of shadow.matchAll(FREE_TEXT_PII)) {
    const index = m.index;
    const [whole, email, id, mobile] = m;
    let masked: string;
    if (email !== undefined) {
      masked = maskEmail(email);
    } else if (id !== undefined) {
      masked = maskCnId(id);
    } else if (mobile !== undefined) {
      masked = maskPhone(mobile);
    } else {
      masked = maskPhone(whole);
    }
    out += text.slice(last, index) + masked;
    last = index + whole.length;
  }
  return out + text.slice(last);
}
