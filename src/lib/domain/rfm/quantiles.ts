// Percentile cut points and 1–5 scores for RFM (DESIGN.md "RFM scores 1–5").
//
// The cut points are the 20/40/60/80th percentiles with numpy's default method (linear
// interpolation between order statistics). The position (n−1)·j/5 is split into its whole
// part i and remainder r by INTEGER arithmetic, not by multiplying with 0.2, so a position
// that is a whole number lands exactly on xᵢ and equal neighbours give exactly their value
// (never a value one rounding error away, which would move tied customers to another score).

/** The 20th, 40th, 60th and 80th percentiles, ascending. */
export type CutPoints = [number, number, number, number];

/**
 * The quantile num/den of ascending `sorted` values, numpy's default ("linear") method:
 * position p = (n−1)·num/den = i + r/den with i = (n−1)·num div den and r = (n−1)·num mod den;
 * result = xᵢ + (r/den)·(xᵢ₊₁ − xᵢ), and exactly xᵢ when r = 0.
 *
 * `num` and `den` are small non-negative integers with num ≤ den (e.g. 1/5 for the 20th
 * percentile, 1/2 for the median, 3/4 for the 75th). Throws a RangeError for no values.
 */
export function quantileSorted(sorted: ArrayLike<number>, num: number, den: number): number {
  const n = sorted.length;
  if (n === 0) {
    throw new RangeError('quantileSorted: no values (a quantile of nothing is undefined)');
  }
  if (!Number.isInteger(num) || !Number.isInteger(den) || den <= 0 || num < 0 || num > den) {
    throw new RangeError(`quantileSorted: ${num}/${den} is not a fraction in [0, 1]`);
  }
  // (n−1)·num stays far below 2^53 for any array that fits in memory: exact integers.
  const scaled = (n - 1) * num;
  const r = scaled % den;
  const i = (scaled - r) / den;
  const xi = sorted[i] as number;
  if (r === 0) {
    return xi;
  }
  // r > 0 implies i < n − 1, so xᵢ₊₁ exists.
  const next = sorted[i + 1] as number;
  return xi + (r / den) * (next - xi);
}

/**
 * The four RFM cut points (20/40/60/80th percentiles) of ascending `sorted` values.
 *
 * n = 1 gives the single value four times (every customer then scores the same).
 * n = 0 throws a RangeError: there is no distribution to cut; callers skip scoring when no
 * customer takes part (see scoreRfm).
 */
export function cutPoints(sorted: ArrayLike<number>): CutPoints {
  if (sorted.length === 0) {
    throw new RangeError('cutPoints: no values (nobody to score)');
  }
  return [
    quantileSorted(sorted, 1, 5),
    quantileSorted(sorted, 2, 5),
    quantileSorted(sorted, 3, 5),
    quantileSorted(sorted, 4, 5),
  ];
}

/**
 * Sorts `values` ascending IN PLACE and returns it (NOTE mutates its argument). Whole numbers
 * over a small range (R in days, F in orders) are counting-sorted in O(n + range); anything
 * else uses the native typed-array sort, which is numeric. NaN sorts last in both.
 */
export function sortAscending(values: Float64Array): Float64Array {
  const n = values.length;
  let min = Infinity;
  let max = -Infinity;
  for (let k = 0; k < n; k++) {
    const v = values[k] as number;
    if (!Number.isInteger(v)) {
      return values.sort();
    }
    if (v < min) {
      min = v;
    }
    if (v > max) {
      max = v;
    }
  }
  const range = max - min + 1;
  if (n < 64 || range > 4 * n) {
    return values.sort();
  }
  const counts = new Uint32Array(range);
  for (let k = 0; k < n; k++) {
    counts[(values[k] as number) - min]!++;
  }
  let k = 0;
  for (let b = 0; b < range; b++) {
    const v = b + min;
    for (let times = counts[b] as number; times > 0; times--) {
      values[k++] = v;
    }
  }
  return values;
}

/** How many of the four cut points lie strictly below `value`. */
function cutsBelow(value: number, cuts: Readonly<CutPoints>): number {
  return (
    (cuts[0] < value ? 1 : 0) +
    (cuts[1] < value ? 1 : 0) +
    (cuts[2] < value ? 1 : 0) +
    (cuts[3] < value ? 1 : 0)
  );
}

/**
 * F and M: score = 1 + the number of cut points strictly below the value (1..5).
 * A function of the value alone, so equal values always share a score.
 */
export function scoreHigherIsBetter(value: number, cuts: Readonly<CutPoints>): number {
  return 1 + cutsBelow(value, cuts);
}

/**
 * R (days since the last purchase, smaller is better): score = 5 − the number of cut points
 * strictly below the value (1..5), so the most recent buyers get 5.
 */
export function scoreLowerIsBetter(value: number, cuts: Readonly<CutPoints>): number {
  return 5 - cutsBelow(value, cuts);
}
