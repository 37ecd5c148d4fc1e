import { sampleIndices, silhouette } from '../../../src/lib/domain/segments/silhouette';
import { blobs } from './blobs';

describe('silhouette', () => {
  it('matches a hand-computed case', () => {
    // 1-D points 0, 1 (cluster 0) and 4, 6 (cluster 1).
    //   x = 0: a = |0−1| = 1,  b = (4 + 6)/2 = 5,   s = (5 − 1)/5     = 0.8
    //   x = 1: a = 1,          b = (3 + 5)/2 = 4,   s = (4 − 1)/4     = 0.75
    //   x = 4: a = |4−6| = 2,  b = (4 + 3)/2 = 3.5, s = (3.5 − 2)/3.5 = 3/7
    //   x = 6: a = 2,          b = (6 + 5)/2 = 5.5, s = (5.5 − 2)/5.5 = 7/11
    //   mean = (0.8 + 0.75 + 3/7 + 7/11)/4 = 0.65373376…
    // sklearn.metrics.silhouette_score([[0],[1],[4],[6]], [0,0,1,1]) = 0.6537337662337662
    const x = Float64Array.from([0, 1, 4, 6]);
    const s = silhouette(x, 4, 1, Int32Array.from([0, 0, 1, 1]), 2);
    expect(s).toBeCloseTo((0.8 + 0.75 + 3 / 7 + 7 / 11) / 4, 14);
    expect(s).toBeCloseTo(0.6537337662337662, 14);
  });

  it('gives a point alone in its cluster s = 0 (sklearn convention)', () => {
    // Adding 20 as a third cluster changes no b above (20 is farther than the other cluster for
    // every point), and s(20) = 0: mean = (0.8 + 0.75 + 3/7 + 7/11)/5.
    // sklearn: silhouette_score([[0],[1],[4],[6],[20]], [0,0,1,1,2]) = 0.522987012987013
    const x = Float64Array.from([0, 1, 4, 6, 20]);
    const s = silhouette(x, 5, 1, Int32Array.from([0, 0, 1, 1, 2]), 3);
    expect(s).toBeCloseTo(0.522987012987013, 14);
  });

  it('matches sklearn on a small 2-D data set', () => {
    // /usr/bin/python3: sklearn.metrics.silhouette_score(X, L) with X and L below.
    const rows = [
      [1.0, 2.0],
      [1.5, 1.8],
      [5.0, 8.0],
      [8.0, 8.0],
      [1.0, 0.6],
      [9.0, 11.0],
      [8.0, 2.0],
      [10.0, 2.0],
      [9.0, 3.0],
      [2.0, 1.0],
      [7.5, 9.5],
      [8.5, 1.5],
    ];
    const x = Float64Array.from(rows.flat());
    const good = Int32Array.from([0, 0, 1, 1, 0, 1, 2, 2, 2, 0, 1, 2]);
    const poor = Int32Array.from([0, 1, 1, 1, 0, 1, 2, 2, 0, 0, 1, 2]);
    expect(silhouette(x, 12, 2, good, 3)).toBeCloseTo(0.7470714563249673, 12);
    expect(silhouette(x, 12, 2, poor, 3)).toBeCloseTo(0.3293639783747605, 12);
  });

  it('matches sklearn in 3-D (the unrolled path) and agrees with the general path', () => {
    // sklearn.metrics.silhouette_score(X, L) = 0.8402305823922951 for X, L below.
    const rows = [
      [0, 0, 0],
      [0.5, 0.2, 0.1],
      [0.1, 0.9, 0.3],
      [5, 5, 5],
      [5.5, 4.8, 5.2],
      [4.7, 5.1, 6],
      [9, 0, 1],
      [8.5, 0.5, 1.5],
      [1, 1, 1],
      [6, 6, 4],
    ];
    const labels = Int32Array.from([0, 0, 0, 1, 1, 1, 2, 2, 0, 1]);
    const s3 = silhouette(Float64Array.from(rows.flat()), 10, 3, labels, 3);
    expect(s3).toBeCloseTo(0.8402305823922951, 12);
    // The same points with a fourth, constant coordinate take the general loop.
    const s4 = silhouette(Float64Array.from(rows.flatMap((r) => [...r, 7])), 10, 4, labels, 3);
    expect(s4).toBeCloseTo(s3, 14);
  });

  it('is NaN when the sample holds a single cluster', () => {
    const x = Float64Array.from([0, 1, 2]);
    expect(silhouette(x, 3, 1, Int32Array.from([1, 1, 1]), 2)).toBeNaN();
  });

  it('scores duplicate points (a = b = 0) as 0', () => {
    const x = Float64Array.from([0, 0, 0, 0]);
    expect(silhouette(x, 4, 1, Int32Array.from([0, 0, 1, 1]), 2)).toBe(0);
  });

  it('evaluates only the sampled points', () => {
    const { points, n, d, truth } = blobs(
      [
        [0, 0],
        [8, 8],
      ],
      100,
      1,
      4,
    );
    const idx = sampleIndices(n, 50, 3);
    const sub = Float64Array.from(
      Array.from(idx).flatMap((i) => [points[i * d]!, points[i * d + 1]!]),
    );
    const subLabels = Int32Array.from(Array.from(idx).map((i) => truth[i]!));
    expect(silhouette(points, n, d, truth, 2, idx)).toBeCloseTo(
      silhouette(sub, idx.length, d, subLabels, 2),
      14,
    );
  });

  it('rejects labels outside 0..k−1', () => {
    expect(() => silhouette(Float64Array.from([0, 1]), 2, 1, Int32Array.from([0, 2]), 2)).toThrow(
      RangeError,
    );
  });
});

describe('sampleIndices', () => {
  it('takes every index when n ≤ max', () => {
    expect(Array.from(sampleIndices(4, 5, 1))).toEqual([0, 1, 2, 3]);
  });

  it('draws max distinct sorted indices, the same for the same seed', () => {
    const a = sampleIndices(100_000, 5000, 42);
    expect(a.length).toBe(5000);
    expect(a.every((v, i) => i === 0 || v > a[i - 1]!)).toBe(true);
    expect(a[0]!).toBeGreaterThanOrEqual(0);
    expect(a[a.length - 1]!).toBeLessThan(100_000);
    expect(sampleIndices(100_000, 5000, 42)).toEqual(a);
    expect(sampleIndices(100_000, 5000, 43)).not.toEqual(a);
  });
});
