// Seeded synthetic data for the clustering tests.
import { mulberry32 } from '../../../src/lib/domain/segments/random';

/** Standard normal draws (Box–Muller) from a seeded generator. */
export function gaussian(seed: number): () => number {
  const random = mulberry32(seed);
  return () => {
    let u = 0;
    while (u === 0) {
      u = random();
    }
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
  };
}

/**
 * Points around the given centres (row-major n × d), `perBlob` points each, spread `sd`,
 * blob by blob in order. Returns the matrix and the true blob of each point.
 */
export function blobs(
  centres: readonly (readonly number[])[],
  perBlob: number,
  sd: number,
  seed = 1,
): { points: Float64Array; n: number; d: number; truth: Int32Array } {
  const d = centres[0]!.length;
  const n = centres.length * perBlob;
  const points = new Float64Array(n * d);
  const truth = new Int32Array(n);
  const normal = gaussian(seed);
  centres.forEach((c, b) => {
    for (let p = 0; p < perBlob; p++) {
      const i = b * perBlob + p;
      truth[i] = b;
      for (let t = 0; t < d; t++) {
        points[i * d + t] = c[t]! + sd * normal();
      }
    }
  });
  return { points, n, d, truth };
}

/**
 * RFM-like customers: R exponential (mean 90 days), F 1 + geometric, M lognormal growing with
 * F; log1p'd and z-scored (population sd), as the feature matrix would hold them.
 */
export function rfmLike(n: number, seed = 7): Float64Array {
  const random = mulberry32(seed);
  const normal = gaussian(seed + 1);
  const d = 3;
  const x = new Float64Array(n * d);
  for (let i = 0; i < n; i++) {
    const r = -Math.log(1 - random()) * 90;
    const f = 1 + Math.floor(-Math.log(1 - random()) * 3);
    const m = f * Math.exp(4 + 0.8 * normal());
    x[i * d] = Math.log1p(r);
    x[i * d + 1] = Math.log1p(f);
    x[i * d + 2] = Math.log1p(m);
  }
  for (let t = 0; t < d; t++) {
    let mean = 0;
    for (let i = 0; i < n; i++) {
      mean += x[i * d + t]!;
    }
    mean /= n;
    let ss = 0;
    for (let i = 0; i < n; i++) {
      ss += (x[i * d + t]! - mean) ** 2;
    }
    const sd = Math.sqrt(ss / n);
    for (let i = 0; i < n; i++) {
      x[i * d + t] = (x[i * d + t]! - mean) / sd;
    }
  }
  return x;
}

/** True when two labelings are the same partition (equal up to renaming the clusters). */
export function samePartition(a: ArrayLike<number>, b: ArrayLike<number>): boolean {
  if (a.length !== b.length) {
    return false;
  }
  const ab = new Map<number, number>();
  const ba = new Map<number, number>();
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    const y = b[i]!;
    if ((ab.has(x) && ab.get(x) !== y) || (ba.has(y) && ba.get(y) !== x)) {
      return false;
    }
    ab.set(x, y);
    ba.set(y, x);
  }
  return true;
}
