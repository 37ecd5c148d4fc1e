import type { ChooseKProgress } from '../../../src/lib/domain/segments/choose-k';
import { chooseK, countDistinctRows } from '../../../src/lib/domain/segments/choose-k';
import { blobs, samePartition } from './blobs';

const THREE = blobs(
  [
    [0, 0, 0],
    [12, 0, 3],
    [5, 10, -4],
  ],
  150,
  1.2,
  17,
);

describe('chooseK', () => {
  it('finds k = 3 on three well-separated blobs', () => {
    const { points, n, d, truth } = THREE;
    const progress: ChooseKProgress[] = [];
    const r = chooseK(points, n, d, { seed: 1, onProgress: (p) => progress.push(p) })!;
    expect(r).not.toBeNull();
    expect(r.k).toBe(3);
    expect(r.kChosenBy).toBe('silhouette');
    expect(samePartition(r.labels, truth)).toBe(true);
    expect(r.scores.map((s) => s.k)).toEqual([2, 3, 4, 5, 6, 7, 8]);
    const best = Math.max(...r.scores.map((s) => s.silhouette));
    expect(r.silhouette).toBe(best);
    expect(r.scores.find((s) => s.k === 3)!.silhouette).toBe(best);
    expect(r.sizes).toEqual([150, 150, 150]);
    expect(r.centroids.length).toBe(3 * d);
    expect(progress.map((p) => p.done)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(progress.every((p) => p.total === 7)).toBe(true);
    expect(progress.map((p) => p.k)).toEqual([2, 3, 4, 5, 6, 7, 8]);
  });

  it('repeats exactly under the same seed', () => {
    const { points, n, d } = blobs(
      [
        [0, 0],
        [3, 1],
        [1, 4],
        [5, 5],
      ],
      120,
      1.5,
      9,
    );
    const a = chooseK(points, n, d, { seed: 3 })!;
    const b = chooseK(points, n, d, { seed: 3 })!;
    expect(b.k).toBe(a.k);
    expect(b.scores).toEqual(a.scores);
    expect(b.labels).toEqual(a.labels);
  });

  it("keeps the user's k and still reports its silhouette", () => {
    const { points, n, d } = THREE;
    const r = chooseK(points, n, d, { seed: 1, fixedK: 4 })!;
    expect(r.k).toBe(4);
    expect(r.kChosenBy).toBe('user');
    expect(r.scores).toHaveLength(1);
    expect(r.scores[0]!.k).toBe(4);
    expect(r.silhouette).toBe(r.scores[0]!.silhouette);
    expect(r.silhouette).toBeGreaterThan(0);
    expect(r.sizes.reduce((s, v) => s + v, 0)).toBe(n);
    expect([...r.sizes].sort((x, y) => y - x)).toEqual(r.sizes);
  });

  it('measures the silhouette on the sample only', () => {
    const { points, n, d } = THREE;
    const r = chooseK(points, n, d, { seed: 1, sampleSize: 100, kMax: 4 })!;
    expect(r.sampled).toBe(100);
    expect(r.k).toBe(3);
    expect(r.labels).toHaveLength(n);
  });

  it('returns null when there are not enough customers to cluster', () => {
    expect(chooseK(Float64Array.from([1, 2]), 2, 1)).toBeNull();
    expect(chooseK(new Float64Array(0), 0, 1)).toBeNull();
    // All customers identical.
    expect(chooseK(new Float64Array(300).fill(4), 100, 3)).toBeNull();
    // The user's k needs more customers, or more distinct ones, than there are.
    expect(chooseK(Float64Array.from([1, 2, 3]), 3, 1, { fixedK: 3 })).toBeNull();
    expect(chooseK(Float64Array.from([1, 1, 1, 2, 2, 2]), 6, 1, { fixedK: 3 })).toBeNull();
  });

  it('lowers kMax to the number of distinct points', () => {
    const x = Float64Array.from([1, 1, 1, 5, 5, 9, 9, 9]);
    const r = chooseK(x, 8, 1, { seed: 1 })!;
    expect(r.scores.map((s) => s.k)).toEqual([2, 3]);
    expect(r.k).toBe(3);
    expect(r.sizes).toEqual([3, 3, 2]);
  });

  it('rejects a fixed k that is not a whole number ≥ 2', () => {
    const { points, n, d } = THREE;
    expect(() => chooseK(points, n, d, { fixedK: 1 })).toThrow(RangeError);
    expect(() => chooseK(points, n, d, { fixedK: 2.5 })).toThrow(RangeError);
  });
});

describe('countDistinctRows', () => {
  it('counts up to the limit', () => {
    const x = Float64Array.from([1, 2, 1, 2, 3, 4, 5, 6]);
    expect(countDistinctRows(x, 4, 2, 10)).toBe(3);
    expect(countDistinctRows(x, 4, 2, 2)).toBe(2);
    expect(countDistinctRows(Float64Array.from([7, 7, 7]), 3, 1, 5)).toBe(1);
    expect(countDistinctRows(new Float64Array(0), 0, 1, 5)).toBe(0);
  });
});
