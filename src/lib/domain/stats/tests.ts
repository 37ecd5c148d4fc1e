// Significance tests and effect sizes for group profiles ("what sets this group apart").
// Plain TypeScript, no dependencies: the special functions are the Numerical Recipes ones
// (series and continued fraction for the incomplete gamma function, Lanczos for ln Γ), checked
// against scipy in the tests.
//
// Effect size, used to sort a group's attributes by how much they set it apart: on one common
// scale, the strength of association between "in the group or not" and the attribute:
//   - categorical: Cramér's V of the group-vs-rest table, √(χ² / (N·(min(r, c) − 1))), with the
//     uncorrected χ²; for the 2-row group-vs-rest table this is √(χ²/N), the phi coefficient;
//   - numeric: r = |z| / √N from the Mann–Whitney test (Rosenthal's r).
// For a 2 × 2 table χ² = z², so the two agree where both apply; both lie in 0..1.

const LANCZOS_G = 7;
const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313,
  -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6,
  1.5056327351493116e-7,
];
const EPS = 1e-15;
const FPMIN = 1e-300;
const MAX_ITER = 10_000;

/** ln Γ(x) for x > 0 (Lanczos, g = 7, n = 9; relative error ~1e-15). */
export function lnGamma(x: number): number {
  if (x < 0.5) {
    // Reflection: Γ(x)Γ(1 − x) = π / sin(πx).
    return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - lnGamma(1 - x);
  }
  const z = x - 1;
  let a = LANCZOS[0]!;
  const t = z + LANCZOS_G + 0.5;
  for (let i = 1; i < LANCZOS.length; i++) {
    a += LANCZOS[i]! / (z + i);
  }
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(a);
}

/** P(a, x) by its series; converges fast for x < a + 1. */
function gammaPSeries(a: number, x: number): number {
  let ap = a;
  let sum = 1 / a;
  let del = sum;
  for (let i = 0; i < MAX_ITER; i++) {
    ap += 1;
    del *= x / ap;
    sum += del;
    if (Math.abs(del) < Math.abs(sum) * EPS) {
      break;
    }
  }
  return sum * Math.exp(-x + a * Math.log(x) - lnGamma(a));
}

/** Q(a, x) by its continued fraction (modified Lentz); converges fast for x ≥ a + 1. */
function gammaQContinuedFraction(a: number, x: number): number {
  let b = x + 1 - a;
  let c = 1 / FPMIN;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i <= MAX_ITER; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < FPMIN) {
      d = FPMIN;
    }
    c = b + an / c;
    if (Math.abs(c) < FPMIN) {
      c = FPMIN;
    }
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) < EPS) {
      break;
    }
  }
  return Math.exp(-x + a * Math.log(x) - lnGamma(a)) * h;
}

/** The regularized upper incomplete gamma function Q(a, x) = Γ(a, x) / Γ(a), a > 0, x ≥ 0. */
export function gammaQ(a: number, x: number): number {
  if (!(a > 0) || !(x >= 0)) {
    return Number.NaN;
  }
  if (x === 0) {
    return 1;
  }
  if (x === Infinity) {
    return 0;
  }
  return x < a + 1 ? 1 - gammaPSeries(a, x) : gammaQContinuedFraction(a, x);
}

/** The regularized lower incomplete gamma function P(a, x) = 1 − Q(a, x). */
export function gammaP(a: number, x: number): number {
  if (!(a > 0) || !(x >= 0)) {
    return Number.NaN;
  }
  if (x === 0) {
    return 0;
  }
  if (x === Infinity) {
    return 1;
  }
  return x < a + 1 ? gammaPSeries(a, x) : 1 - gammaQContinuedFraction(a, x);
}

/** Survival function of the chi-square distribution: P(X ≥ x) for df degrees of freedom. */
export function chiSquareSf(x: number, df: number): number {
  if (Number.isNaN(x) || !(df > 0)) {
    return Number.NaN;
  }
  return x <= 0 ? 1 : gammaQ(df / 2, x / 2);
}

/** Survival function of the standard normal distribution: P(Z ≥ z). */
export function normalSf(z: number): number {
  if (Number.isNaN(z)) {
    return Number.NaN;
  }
  // erfc(t) = Q(1/2, t²) for t ≥ 0, and P(Z ≥ z) = erfc(z/√2)/2.
  const q = gammaQ(0.5, (z * z) / 2);
  return z >= 0 ? q / 2 : 1 - q / 2;
}

export interface ChiSquareResult {
  statistic: number;
  df: number;
  p: number;
}

export interface ChiSquareOptions {
  /**
   * Yates' continuity correction for a 2 × 2 table (df = 1). Default true, as
   * scipy.stats.chi2_contingency: each |O − E| shrinks by 0.5 (never past E). Never applied to
   * larger tables.
   */
  yates?: boolean;
}

/** Rows and columns with a zero total removed; throws on a negative or non-finite count. */
function nonEmptyTable(table: readonly (readonly number[])[]): number[][] {
  const cols = table.reduce((m, row) => Math.max(m, row.length), 0);
  for (const row of table) {
    if (row.length !== cols) {
      throw new RangeError('chi-square: every row of the table needs the same number of cells');
    }
    for (const v of row) {
      if (!(v >= 0) || !Number.isFinite(v)) {
        throw new RangeError(`chi-square: counts must be finite and ≥ 0 (got ${v})`);
      }
    }
  }
  const colTotals = new Array<number>(cols).fill(0);
  for (const row of table) {
    row.forEach((v, j) => (colTotals[j]! += v));
  }
  return table
    .filter((row) => row.some((v) => v > 0))
    .map((row) => row.filter((_, j) => colTotals[j]! > 0));
}

function pearson(cells: number[][], yates: boolean): { statistic: number; df: number; n: number } {
  const r = cells.length;
  const c = r > 0 ? cells[0]!.length : 0;
  const rowTotals = cells.map((row) => row.reduce((s, v) => s + v, 0));
  const colTotals = new Array<number>(c).fill(0);
  for (const row of cells) {
    row.forEach((v, j) => (colTotals[j]! += v));
  }
  const n = rowTotals.reduce((s, v) => s + v, 0);
  const df = r < 2 || c < 2 ? 0 : (r - 1) * (c - 1);
  if (df === 0) {
    return { statistic: 0, df: 0, n };
  }
  const correct = yates && df === 1;
  let statistic = 0;
  for (let i = 0; i < r; i++) {
    for (let j = 0; j < c; j++) {
      const expected = (rowTotals[i]! * colTotals[j]!) / n;
      let diff = Math.abs(cells[i]![j]! - expected);
      if (correct) {
        diff = Math.max(0, diff - 0.5);
      }
      statistic += (diff * diff) / expected;
    }
  }
  return { statistic, df, n };
}

/**
 * Pearson's chi-square test of independence for a contingency table of counts. Rows and
 * columns whose total is 0 are left out first (they carry no information and their expected
 * counts would be 0). A table with fewer than 2 non-empty rows or columns has nothing to test:
 * { statistic: 0, df: 0, p: 1 }. 2 × 2 tables get Yates' correction unless { yates: false }.
 */
export function chiSquareTest(
  table: readonly (readonly number[])[],
  options: ChiSquareOptions = {},
): ChiSquareResult {
  const { statistic, df } = pearson(nonEmptyTable(table), options.yates ?? true);
  return { statistic, df, p: df === 0 ? 1 : chiSquareSf(statistic, df) };
}

/**
 * Cramér's V, √(χ² / (N·(min(r, c) − 1))), with the uncorrected χ² over the non-empty rows and
 * columns; 0 when there is nothing to compare. In 0..1.
 */
export function cramersV(table: readonly (readonly number[])[]): number {
  const cells = nonEmptyTable(table);
  const { statistic, df, n } = pearson(cells, false);
  const m = Math.min(cells.length, cells[0]?.length ?? 0) - 1;
  if (df === 0 || m <= 0 || n === 0) {
    return 0;
  }
  return Math.min(1, Math.sqrt(statistic / (n * m)));
}

/**
 * Lift of a value in a group: its share in the group over its share among everyone. 1 when no
 * one has the value (share overall 0): nothing is lifted.
 */
export function lift(shareInGroup: number, shareOverall: number): number {
  return shareOverall > 0 ? shareInGroup / shareOverall : 1;
}

export interface Ranks {
  /** Average rank (1-based, ties share the mean of their positions) of each value, in order. */
  ranks: Float64Array;
  /** Σ (t³ − t) over the groups of t tied values, for the variance's tie correction. */
  tieTerm: number;
}

/**
 * Average ranks of the values (no NaN expected: filter them first). Sorts a copy once
 * (typed-array numeric sort) and finds each value's run by binary search, so it needs no
 * comparator and no index array.
 */
export function averageRanks(values: ArrayLike<number>): Ranks {
  const n = values.length;
  const sorted = Float64Array.from(values).sort();
  let tieTerm = 0;
  for (let i = 0; i < n;) {
    let j = i + 1;
    while (j < n && sorted[j] === sorted[i]) {
      j++;
    }
    const t = j - i;
    if (t > 1) {
      tieTerm += t * t * t - t;
    }
    i = j;
  }
  const ranks = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const v = values[i]!;
    // below = number of values < v, upTo = number of values ≤ v.
    let lo = 0;
    let hi = n;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (sorted[mid]! < v) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    const below = lo;
    hi = n;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (sorted[mid]! <= v) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    ranks[i] = (below + 1 + lo) / 2;
  }
  return { ranks, tieTerm };
}

export interface MannWhitneyResult {
  /** U of the first sample: R₁ − n₁(n₁ + 1)/2 (scipy's `statistic`). */
  U: number;
  /**
   * The continuity-corrected normal deviate, positive when the first sample tends to be larger:
   * sign(U − μ)·max(0, |U − μ| − ½)/σ.
   */
  z: number;
  /** Two-sided p (normal approximation). */
  p: number;
  /** Effect size r = |z| / √(n₁ + n₂), in 0..1. */
  effect: number;
}

/**
 * The Mann–Whitney test from a rank sum: R₁ = the sum of the first sample's ranks among both
 * samples, tieTerm = Σ (t³ − t) over tied groups of both samples together. See mannWhitneyU.
 */
export function mannWhitneyFromRanks(
  rankSum: number,
  n1: number,
  n2: number,
  tieTerm: number,
): MannWhitneyResult {
  if (n1 === 0 || n2 === 0) {
    return { U: Number.NaN, z: Number.NaN, p: Number.NaN, effect: 0 };
  }
  const U = rankSum - (n1 * (n1 + 1)) / 2;
  const mu = (n1 * n2) / 2;
  const n = n1 + n2;
  const variance = ((n1 * n2) / 12) * (n + 1 - tieTerm / (n * (n - 1)));
  if (!(variance > 0)) {
    // Every value tied: no evidence of any difference.
    return { U, z: 0, p: 1, effect: 0 };
  }
  const sigma = Math.sqrt(variance);
  const deviation = Math.max(0, Math.abs(U - mu) - 0.5) / sigma;
  const z = U >= mu ? deviation : -deviation;
  const p = Math.min(1, 2 * normalSf(deviation));
  return { U, z, p, effect: Math.min(1, deviation / Math.sqrt(n)) };
}

/**
 * Two-sided Mann–Whitney U test with the normal approximation, tie correction and continuity
 * correction; matches scipy.stats.mannwhitneyu(a, b, alternative='two-sided',
 * method='asymptotic') (default use_continuity=True). NaN values are left out (scipy's
 * nan_policy='omit'). An empty sample gives NaN U, z and p; all values tied gives z = 0, p = 1
 * (scipy: NaN).
 */
export function mannWhitneyU(a: ArrayLike<number>, b: ArrayLike<number>): MannWhitneyResult {
  const xs: number[] = [];
  for (let i = 0; i < a.length; i++) {
    if (!Number.isNaN(a[i]!)) {
      xs.push(a[i]!);
    }
  }
  const n1 = xs.length;
  for (let i = 0; i < b.length; i++) {
    if (!Number.isNaN(b[i]!)) {
      xs.push(b[i]!);
    }
  }
  const n2 = xs.length - n1;
  const { ranks, tieTerm } = averageRanks(xs);
  let rankSum = 0;
  for (let i = 0; i < n1; i++) {
    rankSum += ranks[i]!;
  }
  return mannWhitneyFromRanks(rankSum, n1, n2, tieTerm);
}
