// Choosing k (DESIGN: "k is chosen in 2..8 by the best silhouette on a deterministic sample of
// at most 5,000 customers, unless the user fixes k").
//
// For each k in kMin..kMax, k-means runs on ALL points (restarts, k-means++, fixed seed); the
// silhouette of its labels is then measured on one deterministic sample (the same sample for
// every k). The best silhouette wins; ties go to the smaller k. With fixedK the sweep is
// skipped (kChosenBy 'user') and that k's silhouette is still reported.
//
// Not enough to cluster → null (the caller says "not enough customers to cluster"):
//   - fewer than kMin + 1 points (a silhouette needs 2 ≤ k ≤ n − 1), or
//   - fewer than 2 distinct points (e.g. all customers identical), or
//   - a fixedK above n − 1 or above the number of distinct points.
// During the sweep kMax is lowered to min(kMax, n − 1, distinct points), so k-means is never
// asked for more clusters than there are distinct points (it would leave duplicates split
// across clusters).

import { DEFAULT_MAX_ITER, DEFAULT_RESTARTS, kmeans } from './kmeans';
import { DEFAULT_SEED, deriveSeed } from './random';
import { DEFAULT_SAMPLE_SIZE, sampleIndices, silhouette } from './silhouette';

export const DEFAULT_K_MIN = 2;
export const DEFAULT_K_MAX = 8;

/**
 * Iteration cap of each restart during the sweep; the winning restart of each k then runs on
 * to its fixed point (see KmeansOptions.restartMaxIter). Most restarts converge well within it;
 * it trims the long tails (runs crawling for 100–300 passes towards a local optimum), which
 * were half of the sweep's time on 100,000 customers.
 */
export const SWEEP_RESTART_MAX_ITER = 50;

/** Stream index of the silhouette sample in deriveSeed (k-means restarts use 0..restarts−1). */
const SAMPLE_STREAM = 0x5a3d;

export interface ChooseKProgress {
  /** The k just finished. */
  k: number;
  /** k values finished so far, out of total. */
  done: number;
  total: number;
}

export interface ChooseKOptions {
  kMin?: number;
  kMax?: number;
  seed?: number;
  restarts?: number;
  sampleSize?: number;
  /** The user's k: no sweep. */
  fixedK?: number;
  maxIter?: number;
  /** Per-restart iteration cap (default SWEEP_RESTART_MAX_ITER); see KmeansOptions. */
  restartMaxIter?: number;
  onProgress?: (p: ChooseKProgress) => void;
}

export interface KScore {
  k: number;
  /** NaN when undefined (fewer than two clusters among the sampled points). */
  silhouette: number;
  inertia: number;
}

export interface ChooseKResult {
  k: number;
  kChosenBy: 'silhouette' | 'user';
  silhouette: number;
  /** One entry per k tried, ascending (a single entry with fixedK). */
  scores: KScore[];
  /** Cluster per point, numbered by descending size. */
  labels: Int32Array;
  /** k × d in the (scaled) feature space. */
  centroids: Float64Array;
  /** Points per cluster, descending. */
  sizes: number[];
  /** How many points the silhouette was measured on. */
  sampled: number;
}

/**
 * Distinct rows of the matrix, counted up to `limit` (it stops there). Exact comparison of the
 * values; cheap when rows differ early, one pass when all are equal.
 */
export function countDistinctRows(
  points: Float64Array,
  n: number,
  d: number,
  limit: number,
): number {
  if (n === 0) {
    return 0;
  }
  let allSame = true;
  for (let i = d; i < n * d && allSame; i++) {
    if (points[i] !== points[i % d]) {
      allSame = false;
    }
  }
  if (allSame) {
    return 1;
  }
  const seen = new Set<string>();
  for (let i = 0; i < n && seen.size < limit; i++) {
    seen.add(Array.prototype.join.call(points.subarray(i * d, i * d + d), ','));
  }
  return seen.size;
}

/** What a sweep will do: the k values and the silhouette sample. null: too few points. */
export interface KPlan {
  ks: number[];
  sample: Int32Array;
  seed: number;
  restarts: number;
  maxIter: number;
  restartMaxIter: number;
  isFixed: boolean;
}

/** One k of a sweep: k-means on all points, silhouette on the sample. */
export interface KRun {
  k: number;
  silhouette: number;
  inertia: number;
  labels: Int32Array;
  centroids: Float64Array;
  sizes: number[];
}

export function planK(
  points: Float64Array,
  n: number,
  d: number,
  options: ChooseKOptions = {},
): KPlan | null {
  const kMin = Math.max(2, Math.floor(options.kMin ?? DEFAULT_K_MIN));
  const seed = options.seed ?? DEFAULT_SEED;
  const fixedK = options.fixedK;
  if (fixedK !== undefined && (!Number.isInteger(fixedK) || fixedK < 2)) {
    throw new RangeError(`k must be a whole number ≥ 2 (got ${fixedK})`);
  }
  const wantedMax = fixedK ?? Math.max(kMin, Math.floor(options.kMax ?? DEFAULT_K_MAX));
  if (n < (fixedK ?? kMin) + 1) {
    return null;
  }
  const distinct = countDistinctRows(points, n, d, wantedMax);
  const kMax = Math.min(wantedMax, n - 1, distinct);
  const ks: number[] = [];
  if (fixedK !== undefined) {
    if (fixedK > kMax) {
      return null;
    }
    ks.push(fixedK);
  } else {
    for (let k = kMin; k <= kMax; k++) {
      ks.push(k);
    }
    if (ks.length === 0) {
      return null;
    }
  }
  return {
    ks,
    sample: sampleIndices(
      n,
      options.sampleSize ?? DEFAULT_SAMPLE_SIZE,
      deriveSeed(seed, SAMPLE_STREAM),
    ),
    seed,
    restarts: options.restarts ?? DEFAULT_RESTARTS,
    maxIter: options.maxIter ?? DEFAULT_MAX_ITER,
    restartMaxIter: options.restartMaxIter ?? SWEEP_RESTART_MAX_ITER,
    isFixed: fixedK !== undefined,
  };
}

/**
 * Runs one k of a plan. It depends on nothing but the plan and k, so the k values of a sweep
 * can run in any order or in different workers and give the same result.
 */
export function runK(points: Float64Array, n: number, d: number, k: number, plan: KPlan): KRun {
  const run = kmeans(points, n, d, k, {
    seed: plan.seed,
    restarts: plan.restarts,
    maxIter: plan.maxIter,
    restartMaxIter: plan.restartMaxIter,
  });
  return {
    k,
    silhouette: silhouette(points, n, d, run.labels, k, plan.sample),
    inertia: run.inertia,
    labels: run.labels,
    centroids: run.centroids,
    sizes: run.sizes,
  };
}

/** The best silhouette (ties keep the smaller k; NaN never wins), or the user's k. */
export function pickK(plan: KPlan, runs: readonly KRun[]): ChooseKResult {
  const ordered = [...runs].sort((a, b) => a.k - b.k);
  let best: KRun | null = null;
  for (const r of ordered) {
    if (
      best === null ||
      r.silhouette > best.silhouette ||
      (Number.isNaN(best.silhouette) && !Number.isNaN(r.silhouette))
    ) {
      best = r;
    }
  }
  const chosen = best!;
  return {
    k: chosen.k,
    kChosenBy: plan.isFixed ? 'user' : 'silhouette',
    silhouette: chosen.silhouette,
    scores: ordered.map((r) => ({ k: r.k, silhouette: r.silhouette, inertia: r.inertia })),
    labels: chosen.labels,
    centroids: chosen.centroids,
    sizes: chosen.sizes,
    sampled: plan.sample.length,
  };
}

/** Runs k-means for each k and keeps the best silhouette, or the user's k. See the file comment. */
export function chooseK(
  points: Float64Array,
  n: number,
  d: number,
  options: ChooseKOptions = {},
): ChooseKResult | null {
  const plan = planK(points, n, d, options);
  if (!plan) {
    return null;
  }
  const runs: KRun[] = [];
  plan.ks.forEach((k, i) => {
    runs.push(runK(points, n, d, k, plan));
    options.onProgress?.({ k, done: i + 1, total: plan.ks.length });
  });
  return pickK(plan, runs);
}
