// Customer lifecycle stages (DESIGN.md "Lifecycle"): new 引入期, growing 成长期, mature 成熟期,
// dormant 休眠期, churned 流失期, from recency R, frequency F and tenure T with documented,
// editable thresholds.
//
// HOW THE DEFAULT THRESHOLDS ARE CHOSEN (the UI shows this and lets the user edit the numbers)
//
// Shops differ: a supermarket's customers come back weekly, a furniture shop's once a year, so
// fixed day counts would call every furniture buyer "churned". The defaults are therefore
// measured on the data, from the customers' own purchase rhythm:
//
//   typical gap  g = the median, over repeat customers (F ≥ 2 and last > first), of each
//                    customer's average gap between consecutive purchases,
//                    (last − first) / (F − 1), in days. The consecutive gaps of one customer
//                    add up to last − first, so this is exactly the mean of that customer's
//                    true gaps. Each customer counts once, so a few very frequent buyers do
//                    not shorten the rhythm for everybody. Without any repeat customer, g is
//                    taken as 30 days.
//   dormant      R ≥ max(30, round(2·g))  days: two typical gaps without a purchase.
//   churned      R ≥ max(90, round(4·g))  days: four typical gaps; likely lost.
//   new          T ≤ min(365, max(30, round(g))) days: the first purchase lies within one
//                    typical gap, so the customer has not yet had time to come back; at most a
//                    year, whatever the rhythm.
//   mature       F ≥ max(3, ⌈q75⌉) orders, q75 = the 75th percentile of F among repeat
//                    customers (numpy's linear method): active customers who buy as often as
//                    the top quarter of repeat buyers.
//
// The rules are evaluated in this order and the first that applies wins:
//   1. churned  if R ≥ churnedMinDays
//   2. dormant  if R ≥ dormantMinDays
//   3. new      if T ≤ newMaxTenureDays
//   4. mature   if F ≥ matureMinOrders
//   5. growing  otherwise (active, past the first window, not yet buying often)
// R = whole days since the last purchase and T = whole days since the first purchase, both
// counted to the analysis date D (floor), so T ≥ R.

import { DAY_MS } from '../summary/summary';
import type { SummaryLifecycle } from '../summary/summary';
import { quantileSorted, sortAscending } from '../rfm/quantiles';
import { NOT_PARTICIPATING, participantMask } from '../rfm/rfm';
import type { RfmValues } from '../rfm/rfm';

export const LIFECYCLE_STAGES = ['new', 'growing', 'mature', 'dormant', 'churned'] as const;
export type LifecycleStage = (typeof LIFECYCLE_STAGES)[number];

/** The editable thresholds, in whole days and orders. */
export interface LifecycleThresholds {
  /** new: tenure T (days since the first purchase) at most this. */
  newMaxTenureDays: number;
  /** mature: F (orders) at least this. */
  matureMinOrders: number;
  /** dormant: R (days since the last purchase) at least this. */
  dormantMinDays: number;
  /** churned: R at least this (checked before dormant). */
  churnedMinDays: number;
}

/** The constants of the default rule (see the comment at the top of this file). */
export const LIFECYCLE_DEFAULTS = {
  /** g when no customer has bought twice. */
  fallbackGapDays: 30,
  newGapMultiplier: 1,
  newMinDays: 30,
  newMaxDays: 365,
  dormantGapMultiplier: 2,
  dormantMinDays: 30,
  churnedGapMultiplier: 4,
  churnedMinDays: 90,
  /** The percentile of F among repeat customers, as a fraction num/den. */
  matureQuantile: { num: 3, den: 4 },
  matureMinOrders: 3,
} as const;

/** The measurements the default thresholds come from (shown next to them in the UI). */
export interface LifecycleBasis {
  /** Participating customers with F ≥ 2. */
  repeatCustomers: number;
  /** The median average gap g in days over repeat customers with last > first; null if none. */
  medianGapDays: number | null;
  /** The 75th percentile of F among repeat customers; null if none. */
  repeatF75: number | null;
}

/** Measures the purchase rhythm of the participating customers. */
export function lifecycleBasis(rfm: RfmValues, participates?: Uint8Array | null): LifecycleBasis {
  const mask = participantMask(rfm, participates);
  const gaps: number[] = [];
  const repeatF: number[] = [];
  for (let c = 0; c < rfm.nCustomers; c++) {
    const f = rfm.F[c] as number;
    if (mask[c] !== 1 || f < 2) {
      continue;
    }
    repeatF.push(f);
    const span = (rfm.last[c] as number) - (rfm.first[c] as number);
    if (span > 0) {
      gaps.push(span / (f - 1) / DAY_MS);
    }
  }
  const gapsSorted = sortAscending(Float64Array.from(gaps));
  const fSorted = sortAscending(Float64Array.from(repeatF));
  const q = LIFECYCLE_DEFAULTS.matureQuantile;
  return {
    repeatCustomers: repeatF.length,
    medianGapDays: gapsSorted.length === 0 ? null : quantileSorted(gapsSorted, 1, 2),
    repeatF75: fSorted.length === 0 ? null : quantileSorted(fSorted, q.num, q.den),
  };
}

/** The default thresholds from a measured basis (rules at the top of this file). */
export function thresholdsFromBasis(basis: LifecycleBasis): LifecycleThresholds {
  const d = LIFECYCLE_DEFAULTS;
  const g = basis.medianGapDays ?? d.fallbackGapDays;
  return {
    newMaxTenureDays: Math.min(
      d.newMaxDays,
      Math.max(d.newMinDays, Math.round(g * d.newGapMultiplier)),
    ),
    matureMinOrders: Math.max(d.matureMinOrders, Math.ceil(basis.repeatF75 ?? 0)),
    dormantMinDays: Math.max(d.dormantMinDays, Math.round(g * d.dormantGapMultiplier)),
    churnedMinDays: Math.max(d.churnedMinDays, Math.round(g * d.churnedGapMultiplier)),
  };
}

/** The default thresholds measured on the participating customers. */
export function deriveThresholds(
  rfm: RfmValues,
  participates?: Uint8Array | null,
): LifecycleThresholds {
  return thresholdsFromBasis(lifecycleBasis(rfm, participates));
}

export type ThresholdProblem =
  | 'notWholeNonNegative' // a threshold is negative, fractional or not a number
  | 'churnedNotAfterDormant' // churnedMinDays ≤ dormantMinDays: nobody would be dormant
  | 'matureBelowTwo'; // matureMinOrders < 2: one purchase would already be "mature"

/** What is wrong with user-edited thresholds (empty when they are usable as they are). */
export function thresholdProblems(t: LifecycleThresholds): ThresholdProblem[] {
  const problems: ThresholdProblem[] = [];
  const values = [t.newMaxTenureDays, t.matureMinOrders, t.dormantMinDays, t.churnedMinDays];
  if (values.some((v) => !Number.isInteger(v) || v < 0)) {
    problems.push('notWholeNonNegative');
  }
  if (t.churnedMinDays <= t.dormantMinDays) {
    problems.push('churnedNotAfterDormant');
  }
  if (t.matureMinOrders < 2) {
    problems.push('matureBelowTwo');
  }
  return problems;
}

/** The stage of one customer from R, F and tenure T (days), rules in the documented order. */
export function stageOf(R: number, F: number, T: number, t: LifecycleThresholds): LifecycleStage {
  if (R >= t.churnedMinDays) {
    return 'churned';
  }
  if (R >= t.dormantMinDays) {
    return 'dormant';
  }
  if (T <= t.newMaxTenureDays) {
    return 'new';
  }
  if (F >= t.matureMinOrders) {
    return 'mature';
  }
  return 'growing';
}

/** Tenure T = whole days from the first purchase to D (floor). */
export function tenureDays(firstMs: number, analysisDate: number): number {
  return Math.floor((analysisDate - firstMs) / DAY_MS);
}

export interface LifecycleAssignment {
  /** Index into LIFECYCLE_STAGES per customer; NOT_PARTICIPATING (255) for the others. */
  codes: Uint8Array;
  /** Customers per stage, keys in LIFECYCLE_STAGES order, zeros included. */
  counts: SummaryLifecycle;
}

/**
 * Stages every participating customer (transactions and, when `participates` is given,
 * profiling consent); the counts are the summary's `lifecycle` object.
 */
export function assignLifecycle(
  rfm: RfmValues,
  thresholds: LifecycleThresholds,
  participates?: Uint8Array | null,
): LifecycleAssignment {
  const mask = participantMask(rfm, participates);
  const codes = new Uint8Array(rfm.nCustomers).fill(NOT_PARTICIPATING);
  const tally = [0, 0, 0, 0, 0];
  for (let c = 0; c < rfm.nCustomers; c++) {
    if (mask[c] !== 1) {
      continue;
    }
    const stage = stageOf(
      rfm.R[c] as number,
      rfm.F[c] as number,
      tenureDays(rfm.first[c] as number, rfm.analysisDate),
      thresholds,
    );
    const code = LIFECYCLE_STAGES.indexOf(stage);
    codes[c] = code;
    tally[code]!++;
  }
  const [nNew, growing, mature, dormant, churned] = tally as [
    number,
    number,
    number,
    number,
    number,
  ];
  return { codes, counts: { new: nNew, growing, mature, dormant, churned } };
}

export interface LifecycleInfo {
  zh: string;
  en: string;
  meaningZh: string;
  meaningEn: string;
}

export const LIFECYCLE_INFO: Readonly<Record<LifecycleStage, LifecycleInfo>> = {
  new: {
    zh: '引入期',
    en: 'New',
    meaningZh: '首次购买不久，还没到通常的回购时间。',
    meaningEn: 'First purchase was recent; not yet time for a typical repeat purchase.',
  },
  growing: {
    zh: '成长期',
    en: 'Growing',
    meaningZh: '仍然活跃，但购买次数尚未达到成熟客户的水平。',
    meaningEn: 'Still active, but not yet buying as often as mature customers.',
  },
  mature: {
    zh: '成熟期',
    en: 'Mature',
    meaningZh: '仍然活跃且购买频繁（默认：与前四分之一的回头客相当）。',
    meaningEn: 'Active and buying often (by default: like the top quarter of repeat customers).',
  },
  dormant: {
    zh: '休眠期',
    en: 'Dormant',
    meaningZh: '较长时间没有购买（超过休眠阈值，默认约两个常见回购周期）。',
    meaningEn: 'No purchase for a while: past the dormant threshold (by default two typical gaps).',
  },
  churned: {
    zh: '流失期',
    en: 'Churned',
    meaningZh: '很久没有购买（超过流失阈值，默认约四个常见回购周期），很可能已经流失。',
    meaningEn:
      'No purchase for long: past the churn threshold (by default four typical gaps); probably lost.',
  },
};
