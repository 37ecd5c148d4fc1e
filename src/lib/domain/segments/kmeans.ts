// k-means over a flat, row-major matrix (n points × d features in one Float64Array).
//
// DESIGN ("Exact definitions"): k-means++ initialisation, at least 10 restarts keeping the lowest
// inertia, a fixed seed so results repeat. This is our own implementation rather than
// ml-kmeans: ml-kmeans works on number[][] and does a full O(n·k) assignment every iteration,
// which took 26–30 s for the k = 2..8 × 10-restart sweep on 100,000 customers; this one is
// Lloyd's algorithm accelerated with Hamerly's bounds (G. Hamerly, "Making k-means even
// faster", SDM 2010) over typed arrays, allocation-free in its loops.
//
// Exactness. Hamerly's bounds only let a point skip the distance computations when its current
// centre is provably *strictly* the closest (with a safety margin for rounding in the bounds);
// every other point gets the plain full scan, ties going to the lowest centre index as in a
// plain argmin. The cluster sums are updated as points move (O(moved) per pass, not O(n)), so
// mid-run centroids may differ from plain Lloyd's in their last bits; but a run is only called
// converged once the centroids are bit-for-bit the means recomputed from scratch (in point
// order, as plain Lloyd does) and a pass with them moved no point. Tests check that the labels
// equal plain Lloyd's from the same start (the pass count may differ by the one confirming pass).
//
// Convergence. A run stops at a Lloyd fixed point (every point is with its nearest centroid and
// every centroid is the exact mean of its points) or after maxIter assignment passes. There is
// no shift tolerance: stopping on "small centroid moves" would not give a fixed point, and with
// Hamerly's bounds the late passes, where few points still move, are cheap.
//
// Empty clusters (rare after k-means++, possible with duplicates): after an assignment pass,
// each empty cluster, in index order, takes the point farthest from the centroid it was
// assigned to (ties: the lowest point index; never the only point of its cluster), as
// scikit-learn does; then all bounds are recomputed with a full pass.

import { DEFAULT_SEED, deriveSeed, mulberry32 } from './random';

export const DEFAULT_RESTARTS = 10;
export const DEFAULT_MAX_ITER = 300;

export interface KmeansOptions {
  /** Seed of the run; restart r uses an independent stream derived from it. */
  seed?: number;
  /** Independent k-means++ starts; the lowest inertia wins (ties: the earlier start). ≥ 1. */
  restarts?: number;
  /** Most assignment passes of the winning run (default 300). */
  maxIter?: number;
  /**
   * Most assignment passes of each restart (default: maxIter, i.e. every restart runs to its
   * fixed point). With a smaller cap the restarts are compared by the inertia they reach
   * within the cap, and only the winner continues (up to maxIter passes in all) to its fixed
   * point. A speed knob for very large inputs; the result is still a Lloyd fixed point.
   */
  restartMaxIter?: number;
}

export interface KmeansResult {
  /** Cluster of each point, 0..k−1, numbered by descending size (ties: centroid order). */
  labels: Int32Array;
  /** k × d, row-major, in the same numbering as labels. */
  centroids: Float64Array;
  /** Points per cluster, descending. */
  sizes: number[];
  /** Sum of squared Euclidean distances of the points to their centroids. */
  inertia: number;
  /** Assignment passes of the winning run (including the first). */
  iterations: number;
  /** True when the winning run reached a fixed point within maxIter. */
  converged: boolean;
}

/** A single Lloyd run from given centres (no restarts, no relabelling). */
export interface LloydResult {
  labels: Int32Array;
  centroids: Float64Array;
  inertia: number;
  iterations: number;
  converged: boolean;
}

export interface LloydOptions {
  maxIter?: number;
  /**
   * Called after every centroid update with the pass number and the inertia of the current
   * labels against the updated centroids (an extra O(n·d) pass each time: for tests and
   * diagnostics only). This sequence never increases.
   */
  onIteration?: (iteration: number, inertia: number) => void;
}

/** Working memory of one k-means call, reused across its restarts. */
interface Workspace {
  n: number;
  d: number;
  k: number;
  labels: Int32Array;
  upper: Float64Array;
  lower: Float64Array;
  centroids: Float64Array;
  next: Float64Array;
  sums: Float64Array;
  counts: Int32Array;
  moves: Float64Array;
  half: Float64Array;
  drop: Float64Array;
  /** k-means++ D² per point, and the far-point distances when re-seeding empty clusters. */
  dist: Float64Array;
  margin: number;
  /** False once a point moved between clusters since the sums were last computed afresh. */
  isExact: boolean;
}

function createWorkspace(points: Float64Array, n: number, d: number, k: number): Workspace {
  let maxAbs = 0;
  for (let i = 0; i < n * d; i++) {
    const v = Math.abs(points[i]!);
    if (v > maxAbs) {
      maxAbs = v;
    }
  }
  return {
    n,
    d,
    k,
    labels: new Int32Array(n),
    upper: new Float64Array(n),
    lower: new Float64Array(n),
    centroids: new Float64Array(k * d),
    next: new Float64Array(k * d),
    sums: new Float64Array(k * d),
    counts: new Int32Array(k),
    moves: new Float64Array(k),
    half: new Float64Array(k),
    drop: new Float64Array(k),
    dist: new Float64Array(n),
    // Hamerly's bounds are sums and differences of rounded distances. A point skips the full
    // scan only when it wins by more than this margin (far above the accumulated rounding,
    // far below any distance that matters), so a skip is always one plain Lloyd would agree with.
    margin: 1e-9 * maxAbs * Math.sqrt(d),
    isExact: true,
  };
}

function checkShape(points: Float64Array, n: number, d: number, k: number): void {
  if (!Number.isInteger(n) || n < 1 || !Number.isInteger(d) || d < 1) {
    throw new RangeError(`k-means needs n ≥ 1 points of d ≥ 1 features (got n=${n}, d=${d})`);
  }
  if (points.length < n * d) {
    throw new RangeError(`k-means: the matrix holds ${points.length} values, not n·d = ${n * d}`);
  }
  if (!Number.isInteger(k) || k < 1 || k > n) {
    throw new RangeError(`k-means: k must be an integer in 1..n (got k=${k}, n=${n})`);
  }
}

/**
 * k-means++ seeding (Arthur & Vassilvitskii 2007), the standard D² sampling: the first centre
 * is a uniformly random point, each next one a point drawn with probability proportional to
 * its squared distance to the nearest centre chosen so far. When every point already sits on a
 * centre (fewer distinct points than k) the next centre is drawn uniformly.
 * Returns the k starting centres (k × d). `dist` is scratch space of length ≥ n.
 */
export function kmeansPlusPlus(
  points: Float64Array,
  n: number,
  d: number,
  k: number,
  random: () => number,
  dist: Float64Array = new Float64Array(n),
  out: Float64Array = new Float64Array(k * d),
): Float64Array {
  checkShape(points, n, d, k);
  let pick = Math.min(n - 1, Math.floor(random() * n));
  copyRow(points, pick, out, 0, d);
  let total = 0;
  for (let i = 0, base = 0; i < n; i++, base += d) {
    let s = 0;
    for (let t = 0; t < d; t++) {
      const diff = points[base + t]! - out[t]!;
      s += diff * diff;
    }
    dist[i] = s;
    total += s;
  }
  for (let c = 1; c < k; c++) {
    if (total > 0) {
      const target = random() * total;
      let acc = 0;
      let lastPositive = -1;
      pick = -1;
      for (let i = 0; i < n; i++) {
        const w = dist[i]!;
        if (w > 0) {
          acc += w;
          lastPositive = i;
          if (acc > target) {
            pick = i;
            break;
          }
        }
      }
      // Rounding can leave the running sum a hair below the target: take the last candidate.
      if (pick < 0) {
        pick = lastPositive;
      }
    } else {
      pick = Math.min(n - 1, Math.floor(random() * n));
    }
    const cb = c * d;
    copyRow(points, pick, out, cb, d);
    total = 0;
    for (let i = 0, base = 0; i < n; i++, base += d) {
      let s = 0;
      for (let t = 0; t < d; t++) {
        const diff = points[base + t]! - out[cb + t]!;
        s += diff * diff;
      }
      if (s < dist[i]!) {
        dist[i] = s;
      }
      total += dist[i]!;
    }
  }
  return out;
}

function copyRow(from: Float64Array, row: number, to: Float64Array, at: number, d: number): void {
  const base = row * d;
  for (let t = 0; t < d; t++) {
    to[at + t] = from[base + t]!;
  }
}

/**
 * Moves point i (row `base`) from cluster `from` (−1: none yet) to `to`, keeping the running
 * sums and counts. NOTE mutates ws. An emptied cluster's sums are reset to exact zeros.
 */
function movePoint(points: Float64Array, ws: Workspace, i: number, from: number, to: number): void {
  const { d, labels, sums, counts } = ws;
  const base = i * d;
  if (from >= 0) {
    const fb = from * d;
    if (--counts[from]! === 0) {
      for (let t = 0; t < d; t++) {
        sums[fb + t] = 0;
      }
    } else {
      for (let t = 0; t < d; t++) {
        sums[fb + t]! -= points[base + t]!;
      }
    }
    ws.isExact = false;
  }
  const tb = to * d;
  counts[to]!++;
  for (let t = 0; t < d; t++) {
    sums[tb + t]! += points[base + t]!;
  }
  labels[i] = to;
}

/** Full assignment pass: nearest centre (ties: lowest index) and exact bounds for every point. */
function assignAll(points: Float64Array, ws: Workspace): number {
  const { n, d, k, labels, upper, lower, centroids } = ws;
  let changed = 0;
  for (let i = 0, base = 0; i < n; i++, base += d) {
    let best = Infinity;
    let second = Infinity;
    let bestJ = 0;
    for (let j = 0, cb = 0; j < k; j++, cb += d) {
      let s = 0;
      for (let t = 0; t < d; t++) {
        const diff = points[base + t]! - centroids[cb + t]!;
        s += diff * diff;
      }
      if (s < best) {
        second = best;
        best = s;
        bestJ = j;
      } else if (s < second) {
        second = s;
      }
    }
    const a = labels[i]!;
    if (a !== bestJ) {
      movePoint(points, ws, i, a, bestJ);
      changed++;
    }
    upper[i] = Math.sqrt(best);
    lower[i] = Math.sqrt(second);
  }
  return changed;
}

/** Hamerly assignment pass, after the centroids moved by ws.moves. Returns labels changed. */
function assignHamerly(points: Float64Array, ws: Workspace): number {
  const { n, d, k, labels, upper, lower, centroids, moves, half, drop, margin } = ws;
  // A lower bound (distance to the second-closest centre) shrinks by the largest move of any
  // *other* centre: the largest move, or the second largest for the centre that moved most.
  let maxMove = 0;
  let secondMove = 0;
  let maxJ = -1;
  for (let j = 0; j < k; j++) {
    const m = moves[j]!;
    if (m > maxMove) {
      secondMove = maxMove;
      maxMove = m;
      maxJ = j;
    } else if (m > secondMove) {
      secondMove = m;
    }
  }
  for (let j = 0; j < k; j++) {
    drop[j] = j === maxJ ? secondMove : maxMove;
  }
  // half[j] = half the distance from centre j to its nearest other centre.
  half.fill(Infinity);
  for (let j = 0; j < k; j++) {
    const jb = j * d;
    for (let h = j + 1; h < k; h++) {
      const hb = h * d;
      let s = 0;
      for (let t = 0; t < d; t++) {
        const diff = centroids[jb + t]! - centroids[hb + t]!;
        s += diff * diff;
      }
      const r = 0.5 * Math.sqrt(s);
      if (r < half[j]!) {
        half[j] = r;
      }
      if (r < half[h]!) {
        half[h] = r;
      }
    }
  }
  let changed = 0;
  for (let i = 0, base = 0; i < n; i++, base += d) {
    const a = labels[i]!;
    let ub = upper[i]! + moves[a]!;
    const lb = lower[i]! - drop[a]!;
    lower[i] = lb;
    const h = half[a]!;
    // Skip when ub < max(h, lb). Written as a bitwise OR of the two comparisons: whether h or
    // lb decides varies from point to point, and a branch on it mispredicts half the time
    // (this pass ran ~2× slower with `h > lb ? h : lb`).
    if ((+(ub + margin < h) | +(ub + margin < lb)) !== 0) {
      upper[i] = ub;
      continue;
    }
    // Tighten the upper bound to the exact distance and test again.
    const ab = a * d;
    let s = 0;
    for (let t = 0; t < d; t++) {
      const diff = points[base + t]! - centroids[ab + t]!;
      s += diff * diff;
    }
    ub = Math.sqrt(s);
    upper[i] = ub;
    if ((+(ub + margin < h) | +(ub + margin < lb)) !== 0) {
      continue;
    }
    // The plain full scan, identical to assignAll.
    let best = Infinity;
    let second = Infinity;
    let bestJ = 0;
    for (let j = 0, cb = 0; j < k; j++, cb += d) {
      let q = 0;
      for (let t = 0; t < d; t++) {
        const diff = points[base + t]! - centroids[cb + t]!;
        q += diff * diff;
      }
      if (q < best) {
        second = best;
        best = q;
        bestJ = j;
      } else if (q < second) {
        second = q;
      }
    }
    if (bestJ !== a) {
      movePoint(points, ws, i, a, bestJ);
      changed++;
    }
    upper[i] = Math.sqrt(best);
    lower[i] = Math.sqrt(second);
  }
  return changed;
}

/** Recomputes the sums and counts from scratch, in point order (exactly as plain Lloyd). */
function recomputeSums(points: Float64Array, ws: Workspace): void {
  const { n, d, labels, sums, counts } = ws;
  sums.fill(0);
  counts.fill(0);
  for (let i = 0, base = 0; i < n; i++, base += d) {
    const j = labels[i]!;
    const jb = j * d;
    counts[j]!++;
    for (let t = 0; t < d; t++) {
      sums[jb + t]! += points[base + t]!;
    }
  }
  ws.isExact = true;
}

/** out = sums / counts per cluster (an empty cluster keeps its current centroid). */
function meansInto(ws: Workspace, out: Float64Array): void {
  const { d, k, sums, counts, centroids } = ws;
  for (let j = 0, jb = 0; j < k; j++, jb += d) {
    const c = counts[j]!;
    if (c > 0) {
      for (let t = 0; t < d; t++) {
        out[jb + t] = sums[jb + t]! / c;
      }
    } else {
      for (let t = 0; t < d; t++) {
        out[jb + t] = centroids[jb + t]!;
      }
    }
  }
}

/**
 * Gives every empty cluster the point farthest from its current centroid (ties: the lowest
 * index; never the only point of its cluster). Returns true when it moved a point.
 */
function reseedEmpty(points: Float64Array, ws: Workspace): boolean {
  const { n, d, k, labels, counts, centroids, dist } = ws;
  let hasEmpty = false;
  for (let j = 0; j < k; j++) {
    if (counts[j] === 0) {
      hasEmpty = true;
    }
  }
  if (!hasEmpty) {
    return false;
  }
  for (let i = 0, base = 0; i < n; i++, base += d) {
    const cb = labels[i]! * d;
    let s = 0;
    for (let t = 0; t < d; t++) {
      const diff = points[base + t]! - centroids[cb + t]!;
      s += diff * diff;
    }
    dist[i] = s;
  }
  let moved = false;
  for (let j = 0; j < k; j++) {
    if (counts[j] !== 0) {
      continue;
    }
    let far = -1;
    let farDist = -1;
    for (let i = 0; i < n; i++) {
      if (dist[i]! > farDist && counts[labels[i]!]! > 1) {
        far = i;
        farDist = dist[i]!;
      }
    }
    if (far < 0) {
      break; // cannot happen for k ≤ n: some other cluster then holds two points
    }
    movePoint(points, ws, far, labels[far]!, j);
    dist[far] = -1;
    moved = true;
  }
  return moved;
}

/** Sum of squared distances of the points to their centroids. */
export function inertiaOf(
  points: Float64Array,
  n: number,
  d: number,
  labels: Int32Array,
  centroids: Float64Array,
): number {
  let total = 0;
  for (let i = 0, base = 0; i < n; i++, base += d) {
    const cb = labels[i]! * d;
    let s = 0;
    for (let t = 0; t < d; t++) {
      const diff = points[base + t]! - centroids[cb + t]!;
      s += diff * diff;
    }
    total += s;
  }
  return total;
}

/**
 * Runs Lloyd iterations from ws.centroids (with keepLabels, from ws.labels too). On return
 * ws.labels and ws.centroids are set, the centroids being the exact means of the labels.
 * Returns [assignment passes, converged].
 *
 * The cluster sums are kept up to date as points move (O(moved) per pass instead of O(n)); a
 * run may only stop as converged when a pass changed no label *and* the centroids it used are
 * bit-for-bit the means recomputed from scratch, so the fixed point is an exact one.
 */
function runLloyd(
  points: Float64Array,
  ws: Workspace,
  maxIter: number,
  onIteration?: (iteration: number, inertia: number) => void,
  keepLabels = false,
): [number, boolean] {
  const { n, d, k, labels, centroids, next, moves } = ws;
  if (keepLabels) {
    recomputeSums(points, ws);
  } else {
    labels.fill(-1);
    ws.sums.fill(0);
    ws.counts.fill(0);
    ws.isExact = true;
  }
  let changed = assignAll(points, ws);
  let iterations = 1;
  for (;;) {
    const reseeded = reseedEmpty(points, ws);
    meansInto(ws, next);
    if (!reseeded) {
      if (changed === 0 && !ws.isExact) {
        recomputeSums(points, ws);
        meansInto(ws, next);
      }
      // A fixed point: every point is with its nearest centroid (the pass just made) and every
      // centroid is the exact mean of its points.
      if (ws.isExact && sameValues(next, centroids)) {
        onIteration?.(iterations, inertiaOf(points, n, d, labels, centroids));
        return [iterations, true];
      }
    }
    onIteration?.(iterations, inertiaOf(points, n, d, labels, next));
    for (let j = 0, jb = 0; j < k; j++, jb += d) {
      let s = 0;
      for (let t = 0; t < d; t++) {
        const diff = next[jb + t]! - centroids[jb + t]!;
        s += diff * diff;
      }
      moves[j] = Math.sqrt(s);
    }
    centroids.set(next);
    if (iterations >= maxIter) {
      if (!ws.isExact) {
        recomputeSums(points, ws);
        meansInto(ws, centroids);
      }
      return [iterations, false];
    }
    changed = reseeded ? assignAll(points, ws) : assignHamerly(points, ws);
    iterations++;
  }
}

function sameValues(a: Float64Array, b: Float64Array): boolean {
  for (let i = 0; i < a.length; i++) {
    if (a[i] !== b[i]) {
      return false;
    }
  }
  return true;
}

/**
 * One Lloyd run (Hamerly-accelerated) from the given starting centres, without restarts or
 * relabelling: the building block of {@link kmeans}, exported for tests and for callers that
 * bring their own centres (e.g. "keep these clusters, refit").
 */
export function lloyd(
  points: Float64Array,
  n: number,
  d: number,
  k: number,
  initialCentroids: Float64Array,
  options: LloydOptions = {},
): LloydResult {
  checkShape(points, n, d, k);
  const ws = createWorkspace(points, n, d, k);
  ws.centroids.set(initialCentroids.subarray(0, k * d));
  const [iterations, converged] = runLloyd(
    points,
    ws,
    options.maxIter ?? DEFAULT_MAX_ITER,
    options.onIteration,
  );
  return {
    labels: ws.labels,
    centroids: ws.centroids,
    inertia: inertiaOf(points, n, d, ws.labels, ws.centroids),
    iterations,
    converged,
  };
}

/**
 * Renumbers clusters by descending size (ties: the lower old number first), so labels are
 * stable and "sizes (descending)" is simply sizes[0..k−1]. Returns new arrays.
 */
export function relabelBySize(
  labels: Int32Array,
  centroids: Float64Array,
  k: number,
  d: number,
): { labels: Int32Array; centroids: Float64Array; sizes: number[] } {
  const counts = new Array<number>(k).fill(0);
  for (let i = 0; i < labels.length; i++) {
    counts[labels[i]!]!++;
  }
  const order = Array.from({ length: k }, (_, j) => j).sort(
    (x, y) => counts[y]! - counts[x]! || x - y,
  );
  const newOf = new Int32Array(k);
  const outCentroids = new Float64Array(k * d);
  order.forEach((old, j) => {
    newOf[old] = j;
    outCentroids.set(centroids.subarray(old * d, old * d + d), j * d);
  });
  const outLabels = new Int32Array(labels.length);
  for (let i = 0; i < labels.length; i++) {
    outLabels[i] = newOf[labels[i]!]!;
  }
  return { labels: outLabels, centroids: outCentroids, sizes: order.map((old) => counts[old]!) };
}

/**
 * k-means with k-means++ starts: `restarts` independent runs (restart r seeded with
 * deriveSeed(seed, r)), keeping the lowest inertia; clusters renumbered by descending size.
 * `points` is row-major n × d of finite numbers (features.ts imputes missing values). Throws
 * RangeError for k outside 1..n.
 */
export function kmeans(
  points: Float64Array,
  n: number,
  d: number,
  k: number,
  options: KmeansOptions = {},
): KmeansResult {
  checkShape(points, n, d, k);
  const seed = options.seed ?? DEFAULT_SEED;
  const restarts = Math.max(1, Math.floor(options.restarts ?? DEFAULT_RESTARTS));
  const maxIter = Math.max(1, Math.floor(options.maxIter ?? DEFAULT_MAX_ITER));
  const restartMaxIter = Math.min(
    maxIter,
    Math.max(1, Math.floor(options.restartMaxIter ?? maxIter)),
  );
  const ws = createWorkspace(points, n, d, k);
  const bestLabels = new Int32Array(n);
  const bestCentroids = new Float64Array(k * d);
  let bestInertia = Infinity;
  let bestIterations = 0;
  let bestConverged = false;
  for (let r = 0; r < restarts; r++) {
    const random = mulberry32(deriveSeed(seed, r));
    kmeansPlusPlus(points, n, d, k, random, ws.dist, ws.centroids);
    const [iterations, converged] = runLloyd(points, ws, restartMaxIter);
    const inertia = inertiaOf(points, n, d, ws.labels, ws.centroids);
    if (inertia < bestInertia || r === 0) {
      bestInertia = inertia;
      bestIterations = iterations;
      bestConverged = converged;
      bestLabels.set(ws.labels);
      bestCentroids.set(ws.centroids);
    }
  }
  if (!bestConverged && bestIterations < maxIter) {
    // Only with a restart cap: let the winner run on to its fixed point. Starting Lloyd from
    // its labels and centroids repeats exactly the pass it would have made next.
    ws.centroids.set(bestCentroids);
    ws.labels.set(bestLabels);
    const [more, converged] = runLloyd(points, ws, maxIter - bestIterations, undefined, true);
    bestIterations += more;
    bestConverged = converged;
    bestLabels.set(ws.labels);
    bestCentroids.set(ws.centroids);
    bestInertia = inertiaOf(points, n, d, bestLabels, bestCentroids);
  }
  const relabelled = relabelBySize(bestLabels, bestCentroids, k, d);
  return {
    labels: relabelled.labels,
    centroids: relabelled.centroids,
    sizes: relabelled.sizes,
    inertia: bestInertia,
    iterations: bestIterations,
    converged: bestConverged,
  };
}
