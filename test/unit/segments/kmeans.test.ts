import { kmeans as mlKmeans } from 'ml-kmeans';
import {
  inertiaOf,
  kmeans,
  kmeansPlusPlus,
  lloyd,
  relabelBySize,
} from '../../../src/lib/domain/segments/kmeans';
import { deriveSeed, mulberry32 } from '../../../src/lib/domain/segments/random';
import { blobs, rfmLike, samePartition } from './blobs';

/**
 * Plain Lloyd, the reference: full assignment (nearest centre, ties to the lowest index), then
 * every centroid recomputed from scratch, until a pass changes no label.
 */
function plainLloyd(
  points: Float64Array,
  n: number,
  d: number,
  k: number,
  init: Float64Array,
  maxIter = 300,
): { labels: Int32Array; centroids: Float64Array; iterations: number; inertia: number } {
  const centroids = init.slice();
  const labels = new Int32Array(n).fill(-1);
  let iterations = 0;
  for (;;) {
    iterations++;
    let changed = 0;
    for (let i = 0; i < n; i++) {
      let best = Infinity;
      let bestJ = 0;
      for (let j = 0; j < k; j++) {
        let s = 0;
        for (let t = 0; t < d; t++) {
          s += (points[i * d + t]! - centroids[j * d + t]!) ** 2;
        }
        if (s < best) {
          best = s;
          bestJ = j;
        }
      }
      if (labels[i] !== bestJ) {
        labels[i] = bestJ;
        changed++;
      }
    }
    const sums = new Float64Array(k * d);
    const counts = new Int32Array(k);
    for (let i = 0; i < n; i++) {
      counts[labels[i]!]!++;
      for (let t = 0; t < d; t++) {
        sums[labels[i]! * d + t]! += points[i * d + t]!;
      }
    }
    for (let j = 0; j < k; j++) {
      for (let t = 0; t < d; t++) {
        if (counts[j]! > 0) {
          centroids[j * d + t] = sums[j * d + t]! / counts[j]!;
        }
      }
    }
    if (changed === 0 || iterations >= maxIter) {
      break;
    }
  }
  return { labels, centroids, iterations, inertia: inertiaOf(points, n, d, labels, centroids) };
}

const THREE = blobs(
  [
    [0, 0],
    [10, 0],
    [5, 9],
  ],
  60,
  1,
  3,
);

describe('kmeans', () => {
  it('repeats exactly under the same seed', () => {
    const x = rfmLike(3000);
    const a = kmeans(x, 3000, 3, 5, { seed: 42 });
    const b = kmeans(x, 3000, 3, 5, { seed: 42 });
    expect(b.labels).toEqual(a.labels);
    expect(b.centroids).toEqual(a.centroids);
    expect(b.inertia).toBe(a.inertia);
    expect(b.iterations).toBe(a.iterations);
  });

  it('starts from different centres under different seeds', () => {
    const x = rfmLike(3000);
    const a = kmeansPlusPlus(x, 3000, 3, 5, mulberry32(deriveSeed(1, 0)));
    const b = kmeansPlusPlus(x, 3000, 3, 5, mulberry32(deriveSeed(2, 0)));
    expect(b).not.toEqual(a);
  });

  it('finds the three blobs, numbered by descending size', () => {
    const { points, n, d, truth } = THREE;
    const r = kmeans(points, n, d, 3, { seed: 1 });
    expect(samePartition(r.labels, truth)).toBe(true);
    expect(r.sizes).toEqual([60, 60, 60]);
    expect(r.converged).toBe(true);
    expect(r.inertia).toBeCloseTo(inertiaOf(points, n, d, r.labels, r.centroids), 9);
  });

  it('agrees with ml-kmeans on well-separated blobs (same partition up to relabelling)', () => {
    const { points, n, d } = THREE;
    const rows = Array.from({ length: n }, (_, i) => Array.from(points.subarray(i * d, i * d + d)));
    const ml = mlKmeans(rows, 3, { seed: 7, initialization: 'kmeans++' });
    const ours = kmeans(points, n, d, 3, { seed: 7 });
    expect(samePartition(ours.labels, ml.clusters)).toBe(true);
    const mlInertia = rows.reduce((s, row, i) => {
      const c = ml.centroids[ml.clusters[i]!]!;
      return s + row.reduce((q, v, t) => q + (v - c[t]!) ** 2, 0);
    }, 0);
    expect(ours.inertia).toBeCloseTo(mlInertia, 6);
  });

  it.each([
    ['RFM-like customers, k = 5', rfmLike(4000, 11), 4000, 3, 5],
    ['RFM-like customers, k = 8', rfmLike(4000, 12), 4000, 3, 8],
    [
      'overlapping blobs, k = 6',
      blobs(
        [
          [0, 0],
          [2, 1],
          [1, 3],
          [4, 4],
        ],
        500,
        1.2,
        5,
      ).points,
      2000,
      2,
      6,
    ],
  ])('gives the labels of plain Lloyd from the same start (%s)', (_name, x, n, d, k) => {
    for (let r = 0; r < 3; r++) {
      const init = kmeansPlusPlus(x, n, d, k, mulberry32(deriveSeed(9, r)));
      const plain = plainLloyd(x, n, d, k, init);
      const fast = lloyd(x, n, d, k, init);
      expect(fast.labels).toEqual(plain.labels);
      expect(fast.converged).toBe(true);
      // The running sums can leave the last bits of a centroid different until the final
      // check; then one more (unchanged) pass confirms the fixed point.
      expect(fast.iterations - plain.iterations).toBeGreaterThanOrEqual(0);
      expect(fast.iterations - plain.iterations).toBeLessThanOrEqual(1);
      for (let i = 0; i < k * d; i++) {
        expect(fast.centroids[i]).toBeCloseTo(plain.centroids[i]!, 12);
      }
      expect(fast.inertia).toBeCloseTo(plain.inertia, 8);
    }
  });

  it('agrees with plain Lloyd on integer data full of ties and duplicates', () => {
    const random = mulberry32(5);
    const n = 1500;
    const x = Float64Array.from({ length: n * 3 }, () => Math.floor(random() * 6));
    for (let r = 0; r < 4; r++) {
      const init = kmeansPlusPlus(x, n, 3, 4, mulberry32(deriveSeed(3, r)));
      expect(lloyd(x, n, 3, 4, init).labels).toEqual(plainLloyd(x, n, 3, 4, init).labels);
    }
  });

  it('never lets the inertia rise from one iteration to the next', () => {
    const x = rfmLike(5000, 21);
    const init = kmeansPlusPlus(x, 5000, 3, 7, mulberry32(4));
    const seen: number[] = [];
    const r = lloyd(x, 5000, 3, 7, init, { onIteration: (_i, inertia) => seen.push(inertia) });
    expect(seen.length).toBeGreaterThan(5);
    for (let i = 1; i < seen.length; i++) {
      expect(seen[i]!).toBeLessThanOrEqual(seen[i - 1]! * (1 + 1e-12));
    }
    expect(seen.at(-1)).toBeCloseTo(r.inertia, 8);
  });

  it('keeps the lowest inertia of its restarts', () => {
    const x = rfmLike(3000, 8);
    const k = 6;
    const best = kmeans(x, 3000, 3, k, { seed: 5, restarts: 10 });
    for (let r = 0; r < 10; r++) {
      const init = kmeansPlusPlus(x, 3000, 3, k, mulberry32(deriveSeed(5, r)));
      expect(best.inertia).toBeLessThanOrEqual(lloyd(x, 3000, 3, k, init).inertia);
    }
  });

  it('with a restart cap, still ends at a fixed point', () => {
    const x = rfmLike(4000, 13);
    const r = kmeans(x, 4000, 3, 8, { seed: 2, restartMaxIter: 5 });
    expect(r.converged).toBe(true);
    expect(r.iterations).toBeGreaterThan(5);
    // A fixed point: one more Lloyd run from its centroids changes nothing.
    const again = lloyd(x, 4000, 3, 8, r.centroids);
    expect(again.iterations).toBe(1);
    expect(again.labels).toEqual(r.labels);
  });

  it('re-seeds an empty cluster with the farthest point', () => {
    const x = Float64Array.from([0, 0.1, 0.2, 10, 10.1, 10.3]);
    // The third centre attracts no one: cluster 2 is empty after the first pass.
    const r = lloyd(x, 6, 1, 3, Float64Array.from([0.1, 10.1, 1000]));
    const sizes = [0, 1, 2].map((j) => r.labels.filter((l) => l === j).length);
    expect(sizes.every((s) => s > 0)).toBe(true);
    expect(r.converged).toBe(true);
    // The farthest point from its centre was 10.3 (0.2 from 10.1): it starts the empty cluster.
    expect(r.labels[5]).toBe(2);
  });

  it('copes with fewer distinct points than k', () => {
    const x = Float64Array.from([1, 1, 1, 5, 5]);
    const r = kmeans(x, 5, 1, 3, { seed: 1 });
    expect(r.sizes.reduce((s, v) => s + v, 0)).toBe(5);
    expect(r.inertia).toBe(0);
  });

  it('rejects k outside 1..n', () => {
    const x = Float64Array.from([1, 2, 3]);
    expect(() => kmeans(x, 3, 1, 0)).toThrow(RangeError);
    expect(() => kmeans(x, 3, 1, 4)).toThrow(RangeError);
    expect(() => kmeans(x, 3, 1, 1.5)).toThrow(RangeError);
  });

  it('gives k = 1 the mean', () => {
    const x = Float64Array.from([1, 2, 3, 6]);
    const r = kmeans(x, 4, 1, 1);
    expect(Array.from(r.centroids)).toEqual([3]);
    expect(r.inertia).toBe(4 + 1 + 0 + 9);
  });
});

describe('relabelBySize', () => {
  it('numbers clusters by descending size, ties in centroid order', () => {
    const labels = Int32Array.from([0, 1, 1, 2, 2, 3, 3, 3]);
    const centroids = Float64Array.from([0, 1, 2, 3]);
    const r = relabelBySize(labels, centroids, 4, 1);
    expect(r.sizes).toEqual([3, 2, 2, 1]);
    expect(Array.from(r.labels)).toEqual([3, 1, 1, 2, 2, 0, 0, 0]);
    expect(Array.from(r.centroids)).toEqual([3, 1, 2, 0]);
  });
});
