// One canonical spelling per identifier, so that the same phone number, e-mail or ID number
// written in different ways gets the same pseudonym.

import type { PiiKind } from '../types';

/** What a value is canonicalised as: a PII kind, a customer id ('id') or plain text (null). */
export type CanonicalKind = PiiKind | 'id' | null;

// Zero-width space, non-joiner, joiner, word joiner and the byte-order mark.
const ZERO_WIDTH = /[\u200B-\u200D\u2060\uFEFF]/g;
// NBSP (and its narrow form) become plain spaces; trimming and collapsing then handle them.
const NBSP = /[\u00A0\u202F]/g;
const PRINTABLE_ASCII = /^[\x21-\x7E](?:[\x20-\x7E]*[\x21-\x7E])?$/;

/** A mainland mobile number after canonicalisation. */
export const MAINLAND_MOBILE = /^1[3-9]\d{9}$/;

/**
 * The cleaning every kind gets: NFKC (full-width letters, digits and punctuation become
 * half-width, the ideographic space a space), zero-width characters removed, NBSP treated
 * as a space, ends trimmed.
 */
export function cleanText(value: string): string {
  // Fast path: most cells are short printable ASCII with nothing to fix.
  if (PRINTABLE_ASCII.test(value)) {
    return value;
  }
  return value.replace(ZERO_WIDTH, '').replace(NBSP, ' ').normalize('NFKC').trim();
}

/**
 * A phone number without separators: spaces, dashes, parentheses and dots go, and a leading
 * +86, 0086 or 86 goes when what remains is an 11-digit mainland mobile number
 * ('+86 138-0013-8000' → '13800138000'). Other numbers keep their prefix (and a leading +).
 */
export function canonicalPhone(value: string): string {
  const compact = cleanText(value).replace(/[\s\-().\u2010-\u2015\u2212]/g, '');
  const m = /^(?:\+86|0086|86)(\d{11})$/.exec(compact);
  if (m?.[1] !== undefined && MAINLAND_MOBILE.test(m[1])) {
    return m[1];
  }
  return compact;
}

/**
 * The canonical form of a value of the given kind:
 * - every kind: see {@link cleanText};
 * - phone: {@link canonicalPhone};
 * - email: lower-cased;
 * - cnId: whitespace removed, lower-case x upper-cased;
 * - name: internal whitespace collapsed to one space, and removed between two Han characters
 *   ('李 雷' ≡ '李雷', 'John  Smith' ≡ 'John Smith');
 * - address: internal whitespace collapsed;
 * - id and null: the cleaning only.
 */
export function canonicalize(value: string, kind: CanonicalKind): string {
  switch (kind) {
    case 'phone':
      return canonicalPhone(value);
    case 'email':
      return cleanText(value).toLowerCase();
    case 'cnId':
      return cleanText(value).replace(/\s+/g, '').toUpperCase();
    case 'name':
      return cleanText(value)
        .replace(/\s+/g, ' ')
        .replace(/(?<=\p{Script=Han}) (?=\p{Script=Han})/gu, '');
    case 'address':
      return cleanText(value).replace(/\s+/g, ' ');
    case 'id':
    case null:
      return cleanText(value);
  }
}
