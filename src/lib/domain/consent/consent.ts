// Consent per purpose, as DESIGN.md "Consent" defines it.
//
// A purpose (marketing 营销, profiling 画像, sharing 共享) is *tracked* when some dataset maps a
// consent column for it. For a tracked purpose a customer has consent only when a cell reads
// as granted; for an untracked purpose nobody is excluded ("consent not tracked").

import { cleanText } from '../privacy/canonical';
import type { ConsentPurpose, ConsentStatus, CustomerConsent } from '../types';

export type { ConsentStatus, CustomerConsent } from '../types';

export const CONSENT_PURPOSES = [
  'marketing',
  'profiling',
  'sharing',
] as const satisfies readonly ConsentPurpose[];

/** Cell spellings that read as granted (compared trimmed and lower-cased). */
export const GRANTED_SPELLINGS: readonly string[] = ['是', '同意', 'y', 'yes', 'true', '1'];
/** Cell spellings that read as denied (compared trimmed and lower-cased). */
export const DENIED_SPELLINGS: readonly string[] = ['否', '不同意', 'n', 'no', 'false', '0'];

const GRANTED = new Set(GRANTED_SPELLINGS);
const DENIED = new Set(DENIED_SPELLINGS);

/**
 * How a consent cell reads. Trimmed and case-insensitive (after NFKC, so full-width 'ＹＥＳ'
 * and '１' count, and zero-width characters are ignored):
 * 是 同意 y yes true 1 → 'granted'; 否 不同意 n no false 0 → 'denied'; empty → 'missing'.
 * Anything else ('未知', 'N/A', '1.0', '√', '已同意', '2') is 'missing' too: a value we cannot
 * read is never taken as consent, and is not a refusal either.
 */
export function parseConsent(cell: string | null | undefined): ConsentStatus {
  if (cell === null || cell === undefined) {
    return 'missing';
  }
  const v = cleanText(cell).toLowerCase();
  if (GRANTED.has(v)) {
    return 'granted';
  }
  if (DENIED.has(v)) {
    return 'denied';
  }
  return 'missing';
}

/** One customer's consent record; a purpose with no cell for this customer is missing. */
export type ConsentRecord = Partial<CustomerConsent>;

export interface ConsentCount {
  granted: number;
  denied: number;
  missing: number;
}

/** Counts per purpose, null for a purpose that is not tracked (the summary JSON shape). */
export type ConsentCounts = Record<ConsentPurpose, ConsentCount | null>;

export type TrackedPurposes = ReadonlySet<ConsentPurpose> | readonly ConsentPurpose[];

function isTracked(tracked: TrackedPurposes, purpose: ConsentPurpose): boolean {
  return Array.isArray(tracked)
    ? (tracked as readonly ConsentPurpose[]).includes(purpose)
    : (tracked as ReadonlySet<ConsentPurpose>).has(purpose);
}

/**
 * True when a customer may be included for a purpose: always when the purpose is not
 * tracked; when it is, only for 'granted' (denied, missing and no record at all exclude).
 */
export function hasConsent(status: ConsentStatus | null | undefined, tracked: boolean): boolean {
  return !tracked || status === 'granted';
}

/** {@link hasConsent} for a customer's record (null or undefined: no consent record). */
export function hasConsentFor(
  record: ConsentRecord | null | undefined,
  purpose: ConsentPurpose,
  tracked: TrackedPurposes,
): boolean {
  return hasConsent(record?.[purpose], isTracked(tracked, purpose));
}

/**
 * Consent counts per purpose over every customer of the unified table. `records` holds one
 * entry per customer; null/undefined (no consent record) and a purpose absent from a record
 * count as missing. When `totalCustomers` is given, customers beyond the records passed
 * (those without any record) are counted as missing too. Untracked purposes give null.
 */
export function countConsent(
  tracked: TrackedPurposes,
  records: Iterable<ConsentRecord | null | undefined>,
  options: { totalCustomers?: number } = {},
): ConsentCounts {
  const counts: Record<ConsentPurpose, ConsentCount> = {
    marketing: { granted: 0, denied: 0, missing: 0 },
    profiling: { granted: 0, denied: 0, missing: 0 },
    sharing: { granted: 0, denied: 0, missing: 0 },
  };
  let n = 0;
  for (const record of records) {
    n++;
    for (const purpose of CONSENT_PURPOSES) {
      counts[purpose][record?.[purpose] ?? 'missing']++;
    }
  }
  const { totalCustomers } = options;
  if (totalCustomers !== undefined) {
    if (!Number.isInteger(totalCustomers) || totalCustomers < n) {
      throw new RangeError(`totalCustomers (${totalCustomers}) is less than the ${n} records`);
    }
    for (const purpose of CONSENT_PURPOSES) {
      counts[purpose].missing += totalCustomers - n;
    }
  }
  return {
    marketing: isTracked(tracked, 'marketing') ? counts.marketing : null,
    profiling: isTracked(tracked, 'profiling') ? counts.profiling : null,
    sharing: isTracked(tracked, 'sharing') ? counts.sharing : null,
  };
}

/**
 * One status from two cells about the same customer and purpose (several rows or datasets):
 * denied wins over granted (a refusal anywhere is honoured), granted over missing.
 */
export function mergeConsentStatus(a: ConsentStatus, b: ConsentStatus): ConsentStatus {
  if (a === 'denied' || b === 'denied') {
    return 'denied';
  }
  if (a === 'granted' || b === 'granted') {
    return 'granted';
  }
  return 'missing';
}

export interface ConsentFilterResult<T> {
  kept: T[];
  /** How many were left out for want of consent (0 when the purpose is not tracked). */
  leftOut: number;
  /** False means every output should say "consent not tracked". */
  tracked: boolean;
}

/** Keep the items whose customer has consent for the purpose, and count those left out. */
export function filterByConsent<T>(
  items: Iterable<T>,
  consentOf: (item: T) => ConsentRecord | null | undefined,
  purpose: ConsentPurpose,
  tracked: TrackedPurposes,
): ConsentFilterResult<T> {
  const isOn = isTracked(tracked, purpose);
  const kept: T[] = [];
  let leftOut = 0;
  for (const item of items) {
    if (hasConsent(consentOf(item)?.[purpose], isOn)) {
      kept.push(item);
    } else {
      leftOut++;
    }
  }
  return { kept, leftOut, tracked: isOn };
}
