import {
  LIFECYCLE_INFO,
  LIFECYCLE_STAGES,
  assignLifecycle,
  deriveThresholds,
  lifecycleBasis,
  stageOf,
  tenureDays,
  thresholdProblems,
  thresholdsFromBasis,
} from '../../../src/lib/domain/lifecycle/lifecycle';
import type { LifecycleThresholds } from '../../../src/lib/domain/lifecycle/lifecycle';
import { NOT_PARTICIPATING, computeRfm } from '../../../src/lib/domain/rfm/rfm';
import { D0, DAY, buildInput } from '../rfm/helpers';
import type { Tx } from '../rfm/helpers';

/** One row (and one order, no order ids mapped) per purchase, given as days before D. */
function purchases(byCustomer: readonly (readonly number[])[]): Tx[] {
  return byCustomer.flatMap((days, c) => days.map((daysAgo) => ({ c, daysAgo })));
}

// A small hand-made shop. Repeat customers' average gaps: c1 50, c2 50, c3 100, c4 30 days
// → median gap g = 50 (numpy.percentile([30,50,50,100], 50) = 50.0).
// Repeat F: 3, 6, 2, 2 → numpy.percentile([2,2,3,6], 75) = 3.75 → mature at ⌈3.75⌉ = 4 orders.
// Thresholds: new T ≤ 50, dormant R ≥ 100, churned R ≥ 200, mature F ≥ 4.
const SHOP = purchases([
  [20], // c0 new: one purchase 20 days ago (T = 20)
  [120, 70, 20], // c1 growing: F 3, R 20, T 120
  [260, 210, 160, 110, 60, 10], // c2 mature: F 6, R 10, T 260
  [250, 150], // c3 dormant: R 150
  [330, 300], // c4 churned: R 300
  [], // c5 no transactions
  Array.from({ length: 20 }, (_, k) => 1 + k), // c6 F 20, one-day gaps: no profiling consent
]);
const N = 7;
const CONSENT = Uint8Array.from([1, 1, 1, 1, 1, 1, 0]);

describe('lifecycle thresholds', () => {
  it('derives the thresholds from the purchase rhythm of the consenting customers', () => {
    const rfm = computeRfm(buildInput(SHOP, N));
    expect(lifecycleBasis(rfm, CONSENT)).toEqual({
      repeatCustomers: 4,
      medianGapDays: 50,
      repeatF75: 3.75,
    });
    expect(deriveThresholds(rfm, CONSENT)).toEqual({
      newMaxTenureDays: 50,
      matureMinOrders: 4,
      dormantMinDays: 100,
      churnedMinDays: 200,
    } satisfies LifecycleThresholds);
  });

  it('would measure differently with the customer who gave no consent', () => {
    const rfm = computeRfm(buildInput(SHOP, N));
    // Gaps [1, 30, 50, 50, 100] → median 50; F [2, 2, 3, 6, 20] → 75th percentile 6.
    expect(lifecycleBasis(rfm)).toEqual({ repeatCustomers: 5, medianGapDays: 50, repeatF75: 6 });
    expect(deriveThresholds(rfm).matureMinOrders).toBe(6);
  });

  it('measures a customer gap as (last − first) / (F − 1), the mean of the true gaps', () => {
    // Purchases 100, 90 and 10 days ago: gaps 10 and 80, mean 45.
    const rfm = computeRfm(buildInput(purchases([[100, 90, 10]]), 1));
    expect(lifecycleBasis(rfm).medianGapDays).toBe(45);
  });

  it('skips repeat customers whose purchases share one instant when measuring the gap', () => {
    const rfm = computeRfm(
      buildInput(
        [
          { c: 0, daysAgo: 5, order: 1 },
          { c: 0, daysAgo: 5, order: 2 },
          { c: 1, daysAgo: 70, order: 3 },
          { c: 1, daysAgo: 10, order: 4 },
        ],
        2,
      ),
    );
    expect(lifecycleBasis(rfm)).toEqual({ repeatCustomers: 2, medianGapDays: 60, repeatF75: 2 });
  });

  it('applies the floors for a fast rhythm', () => {
    expect(thresholdsFromBasis({ repeatCustomers: 10, medianGapDays: 2, repeatF75: 2 })).toEqual({
      newMaxTenureDays: 30,
      matureMinOrders: 3,
      dormantMinDays: 30,
      churnedMinDays: 90,
    });
  });

  it('caps the new window at a year for a slow rhythm', () => {
    expect(
      thresholdsFromBasis({ repeatCustomers: 10, medianGapDays: 500, repeatF75: 5.2 }),
    ).toEqual({
      newMaxTenureDays: 365,
      matureMinOrders: 6,
      dormantMinDays: 1000,
      churnedMinDays: 2000,
    });
  });

  it('falls back to a 30-day rhythm without repeat customers', () => {
    const rfm = computeRfm(buildInput(purchases([[3], [40]]), 2));
    expect(lifecycleBasis(rfm)).toEqual({
      repeatCustomers: 0,
      medianGapDays: null,
      repeatF75: null,
    });
    expect(deriveThresholds(rfm)).toEqual({
      newMaxTenureDays: 30,
      matureMinOrders: 3,
      dormantMinDays: 60,
      churnedMinDays: 120,
    });
  });

  it('reports problems with edited thresholds', () => {
    const ok: LifecycleThresholds = {
      newMaxTenureDays: 30,
      matureMinOrders: 3,
      dormantMinDays: 60,
      churnedMinDays: 120,
    };
    expect(thresholdProblems(ok)).toEqual([]);
    expect(thresholdProblems({ ...ok, churnedMinDays: 60 })).toEqual(['churnedNotAfterDormant']);
    expect(thresholdProblems({ ...ok, newMaxTenureDays: 1.5 })).toEqual(['notWholeNonNegative']);
    expect(thresholdProblems({ ...ok, matureMinOrders: 1 })).toEqual(['matureBelowTwo']);
  });
});

describe('lifecycle stages', () => {
  const t: LifecycleThresholds = {
    newMaxTenureDays: 50,
    matureMinOrders: 4,
    dormantMinDays: 100,
    churnedMinDays: 200,
  };

  it('reaches every stage on the hand-made shop', () => {
    const rfm = computeRfm(buildInput(SHOP, N));
    const { codes, counts } = assignLifecycle(rfm, deriveThresholds(rfm, CONSENT), CONSENT);
    expect(Array.from(codes.subarray(0, 5), (c) => LIFECYCLE_STAGES[c])).toEqual([
      'new',
      'growing',
      'mature',
      'dormant',
      'churned',
    ]);
    expect(codes[5]).toBe(NOT_PARTICIPATING); // no transactions
    expect(codes[6]).toBe(NOT_PARTICIPATING); // no profiling consent
    expect(counts).toEqual({ new: 1, growing: 1, mature: 1, dormant: 1, churned: 1 });
    expect(Object.keys(counts)).toEqual([...LIFECYCLE_STAGES]);
  });

  it('puts each threshold value itself on the stricter side', () => {
    expect(stageOf(200, 1, 400, t)).toBe('churned');
    expect(stageOf(199, 1, 400, t)).toBe('dormant');
    expect(stageOf(100, 9, 400, t)).toBe('dormant');
    expect(stageOf(99, 9, 400, t)).toBe('mature');
    expect(stageOf(10, 1, 50, t)).toBe('new');
    expect(stageOf(10, 1, 51, t)).toBe('growing');
    expect(stageOf(10, 4, 51, t)).toBe('mature');
    expect(stageOf(10, 3, 51, t)).toBe('growing');
  });

  it('evaluates the rules in order: recency first, then tenure, then frequency', () => {
    // Bought often within the first window: still new.
    expect(stageOf(1, 10, 20, t)).toBe('new');
    // A new customer who has not come back for 100 days is dormant, whatever the tenure rule says.
    expect(stageOf(100, 1, 100, { ...t, newMaxTenureDays: 365 })).toBe('dormant');
  });

  it('counts tenure in whole days to the analysis date', () => {
    expect(tenureDays(D0 - 50.9 * DAY, D0)).toBe(50);
    expect(tenureDays(D0 - 51 * DAY, D0)).toBe(51);
  });

  it('counts only participating customers', () => {
    const rfm = computeRfm(buildInput(SHOP, N));
    const everyone = assignLifecycle(rfm, t);
    const total = Object.values(everyone.counts).reduce((a, b) => a + b, 0);
    expect(total).toBe(6); // c5 has no transactions
    const nobody = assignLifecycle(rfm, t, new Uint8Array(N));
    expect(nobody.counts).toEqual({ new: 0, growing: 0, mature: 0, dormant: 0, churned: 0 });
  });
});

describe('LIFECYCLE_INFO', () => {
  it('names and explains every stage in both languages', () => {
    expect(Object.keys(LIFECYCLE_INFO)).toEqual([...LIFECYCLE_STAGES]);
    expect(LIFECYCLE_STAGES.map((s) => LIFECYCLE_INFO[s].zh)).toEqual([
      '引入期',
      '成长期',
      '成熟期',
      '休眠期',
      '流失期',
    ]);
    for (const s of LIFECYCLE_STAGES) {
      expect(LIFECYCLE_INFO[s].meaningEn.length).toBeGreaterThan(0);
      expect(LIFECYCLE_INFO[s].meaningZh.length).toBeGreaterThan(0);
    }
  });
});
