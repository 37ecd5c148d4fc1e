// The silhouette coefficient (Rousseeuw 1987) that chooses k (DESIGN: "the best silhouette on
// a deterministic sample of at most 5,000 customers").
//
// For a point i in cluster A: a(i) = mean distance to the other points of A, b(i) = the lowest
// mean distance to the points of another cluster, s(i) = (b − a) / max(a, b). A point alone in
// its cluster has s = 0, and so does a point with a = b = 0 (duplicates): scikit-learn's
// conventions. The score is the mean of s over the sample, computed exactly (no approximation)
// on the sample alone, like `silhouette_score(X[idx], labels[idx])`, with Euclidean distance
// (scikit-learn's default metric).

import { DEFAULT_SEED, mulberry32 } from './random';

export const DEFAULT_SAMPLE_SIZE = 5000;

/**
 * A deterministic sample of `max` of the indices 0..n−1, drawn without replacement (partial
 * Fisher–Yates with a seeded generator) and sorted ascending; all indices when n ≤ max.
 */
export function sampleIndices(
  n: number,
  max: number = DEFAULT_SAMPLE_SIZE,
  seed: number = DEFAULT_SEED,
): Int32Array {
  if (n <= max) {
    return Int32Array.from({ length: Math.max(0, n) }, (_, i) => i);
  }
  const m = Math.max(0, Math.floor(max));
  const pool = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    pool[i] = i;
  }
  const random = mulberry32(seed);
  for (let i = 0; i < m; i++) {
    const j = i + Math.min(n - i - 1, Math.floor(random() * (n - i)));
    const tmp = pool[i]!;
    pool[i] = pool[j]!;
    pool[j] = tmp;
  }
  return pool.slice(0, m).sort();
}

/**
 * Mean silhouette of the points `indices` (row numbers into the row-major n × d `points`),
 * labels in 0..k−1. O(m²·d) for m indices: every pair is visited once. Returns NaN when fewer
 * than two clusters occur among the sampled points (the coefficient is undefined; scikit-learn
 * raises) and for an empty sample.
 */
export function silhouette(
  points: Float64Array,
  n: number,
  d: number,
  labels: Int32Array,
  k: number,
  indices: Int32Array = sampleIndices(n, n),
): number {
  const m = indices.length;
  const counts = new Int32Array(k);
  for (let i = 0; i < m; i++) {
    const row = indices[i]!;
    if (row < 0 || row >= n) {
      throw new RangeError(`silhouette: index ${row} is outside 0..${n - 1}`);
    }
    const label = labels[row]!;
    if (!(label >= 0 && label < k)) {
      throw new RangeError(`silhouette: label ${label} of row ${row} is outside 0..${k - 1}`);
    }
    counts[label]!++;
  }
  let present = 0;
  for (let c = 0; c < k; c++) {
    if (counts[c]! > 0) {
      present++;
    }
  }
  if (present < 2) {
    return Number.NaN;
  }
  // Copy the sample grouped by cluster (a counting sort), so that for each point the other
  // points of cluster c form one contiguous block [start[c], start[c + 1]).
  const start = new Int32Array(k + 1);
  for (let c = 0; c < k; c++) {
    start[c + 1] = start[c]! + counts[c]!;
  }
  const cursor = start.slice(0, k);
  const xs = new Float64Array(m * d);
  const ls = new Int32Array(m);
  for (let i = 0; i < m; i++) {
    const row = indices[i]!;
    const label = labels[row]!;
    const at = cursor[label]!++;
    ls[at] = label;
    xs.set(points.subarray(row * d, row * d + d), at * d);
  }
  // sums[i·k + c] = total distance from sampled point i to the sampled points of cluster c.
  // Each pair (i < j) is visited once: its distance goes to i's total for j's cluster (summed
  // in a register over the block) and to j's total for i's cluster.
  const sums = new Float64Array(m * k);
  for (let i = 0; i < m; i++) {
    const ib = i * d;
    const li = ls[i]!;
    for (let c = 0; c < k; c++) {
      const end = start[c + 1]!;
      let acc = 0;
      let j = Math.max(start[c]!, i + 1);
      if (d === 3) {
        // The default features (R, F, M): unrolled, about twice as fast.
        const x0 = xs[ib]!;
        const x1 = xs[ib + 1]!;
        const x2 = xs[ib + 2]!;
        for (; j < end; j++) {
          const jb = j * 3;
          const q0 = x0 - xs[jb]!;
          const q1 = x1 - xs[jb + 1]!;
          const q2 = x2 - xs[jb + 2]!;
          const dist = Math.sqrt(q0 * q0 + q1 * q1 + q2 * q2);
          acc += dist;
          sums[j * k + li]! += dist;
        }
      } else {
        for (; j < end; j++) {
          const jb = j * d;
          let s = 0;
          for (let t = 0; t < d; t++) {
            const diff = xs[ib + t]! - xs[jb + t]!;
            s += diff * diff;
          }
          const dist = Math.sqrt(s);
          acc += dist;
          sums[j * k + li]! += dist;
        }
      }
      sums[i * k + c]! += acc;
    }
  }
  let total = 0;
  for (let i = 0; i < m; i++) {
    const own = ls[i]!;
    const size = counts[own]!;
    if (size <= 1) {
      continue; // s = 0 for a point alone in its cluster
    }
    const a = sums[i * k + own]! / (size - 1);
    let b = Infinity;
    for (let c = 0; c < k; c++) {
      if (c !== own && counts[c]! > 0) {
        const mean = sums[i * k + c]! / counts[c]!;
        if (mean < b) {
          b = mean;
        }
      }
    }
    const denom = Math.max(a, b);
    if (denom > 0) {
      total += (b - a) / denom;
    }
  }
  return total / m;
}
