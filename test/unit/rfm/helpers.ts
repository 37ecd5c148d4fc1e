// Small builders shared by the RFM and lifecycle tests.
import type { RfmInput } from '../../../src/lib/domain/rfm/rfm';

export const DAY = 86_400_000;
/** The analysis date D of the hand-made examples. */
export const D0 = Date.UTC(2024, 5, 30);

export interface Tx {
  /** Customer index. */
  c: number;
  /** Days before D (fractions allowed). */
  daysAgo: number;
  amount?: number;
  /** Order-id code; when no transaction has one, F counts rows. */
  order?: number;
}

/** Columns for computeRfm from a readable list of transactions. */
export function buildInput(txs: readonly Tx[], nCustomers: number, analysisDate = D0): RfmInput {
  const hasOrders = txs.some((t) => t.order !== undefined);
  return {
    customerOf: Uint32Array.from(txs, (t) => t.c),
    time: Float64Array.from(txs, (t) => analysisDate - t.daysAgo * DAY),
    amount: Float64Array.from(txs, (t) => t.amount ?? 1),
    orderOf: hasOrders ? Uint32Array.from(txs, (t) => t.order ?? 0) : null,
    nCustomers,
    analysisDate,
  };
}

/** mulberry32: a tiny seeded PRNG, uniform in [0, 1). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
