// The k-means feature matrix: named columns → one row-major Float64Array (n rows × d features),
// transformed, imputed and z-scored as DESIGN.md ("Exact definitions: k-means") says.
//
// Pipeline, per column:
//   1. transform: RFM features (R, F, M) enter as log1p, other numbers as they are;
//   2. missing values (NaN, ±Infinity, a log1p of a value ≤ −1) take the column mean of the
//      present values, so a missing value lands exactly on 0 after scaling and pulls no
//      centroid anywhere;
//   3. z-score with the POPULATION standard deviation (divide by n) of the imputed column;
//      a constant column (sd = 0, also an all-missing one) becomes all zeros.
// The per-feature mean and sd are returned so centroids can be shown in original units.

/** How a column enters the matrix. */
export type FeatureTransform = 'identity' | 'log1p';

/** The features that enter as log1p unless told otherwise (DESIGN: RFM features). */
export const LOG1P_FEATURES: ReadonlySet<string> = new Set(['R', 'F', 'M']);

export interface FeatureColumn {
  name: string;
  /** One value per row; NaN = missing. */
  values: ArrayLike<number>;
  /** Default: 'log1p' for R, F and M, 'identity' otherwise. */
  transform?: FeatureTransform;
}

export interface FeatureMatrix {
  /** Row-major n × d, z-scored. */
  data: Float64Array;
  n: number;
  d: number;
  names: string[];
  transforms: FeatureTransform[];
  /** Per feature, in the transformed space (log1p units for R, F, M), after imputation. */
  mean: number[];
  /** Population sd per feature in the transformed space; 0 for a constant column. */
  sd: number[];
  /** Missing (imputed) values per feature. */
  missing: number[];
}

/**
 * log1p that also accepts values below −1: sign(x)·log1p(|x|). For x ≥ 0 it is exactly
 * Math.log1p; it is odd and monotonic, so a negative monetary value (refunds kept by the user)
 * still has a place instead of becoming NaN.
 */
export function signedLog1p(x: number): number {
  return x < 0 ? -Math.log1p(-x) : Math.log1p(x);
}

/** Inverse of {@link signedLog1p}. */
export function signedExpm1(y: number): number {
  return y < 0 ? -Math.expm1(-y) : Math.expm1(y);
}

/**
 * One-hot columns for a dictionary-encoded category: one 0/1 column per dictionary value that
 * occurs, named "name=value", in dictionary order. A code outside the dictionary (a missing
 * value) is 0 in every column. Values that never occur get no column (it would be constant).
 */
export function oneHot(codes: Uint32Array, dict: readonly string[], name: string): FeatureColumn[] {
  const seen = new Uint8Array(dict.length);
  for (let i = 0; i < codes.length; i++) {
    const c = codes[i]!;
    if (c < dict.length) {
      seen[c] = 1;
    }
  }
  const columns: FeatureColumn[] = [];
  for (let v = 0; v < dict.length; v++) {
    if (!seen[v]) {
      continue;
    }
    const values = new Float64Array(codes.length);
    for (let i = 0; i < codes.length; i++) {
      values[i] = codes[i] === v ? 1 : 0;
    }
    columns.push({ name: `${name}=${dict[v]!}`, values, transform: 'identity' });
  }
  return columns;
}

/**
 * Z-scores a row-major n × d matrix, column by column, with the population standard deviation.
 * Missing values (NaN or ±Infinity) are first replaced by the mean of the column's present
 * values, so they become 0; the sd is that of the imputed column (divided by n). A constant
 * column (sd = 0, or no present value) becomes all zeros with sd 0 (mean 0 when all missing).
 * Returns a new matrix; the input is not changed.
 */
export function zscore(
  matrix: Float64Array,
  n: number,
  d: number,
): { data: Float64Array; mean: number[]; sd: number[]; missing: number[] } {
  const data = new Float64Array(n * d);
  const mean: number[] = [];
  const sd: number[] = [];
  const missing: number[] = [];
  for (let j = 0; j < d; j++) {
    let sum = 0;
    let present = 0;
    for (let i = j; i < n * d; i += d) {
      const v = matrix[i]!;
      if (Number.isFinite(v)) {
        sum += v;
        present++;
      }
    }
    const m = present > 0 ? sum / present : 0;
    let ss = 0;
    for (let i = j; i < n * d; i += d) {
      const v = matrix[i]!;
      if (Number.isFinite(v)) {
        ss += (v - m) * (v - m);
      }
    }
    const s = n > 0 ? Math.sqrt(ss / n) : 0;
    for (let i = j; i < n * d; i += d) {
      const v = matrix[i]!;
      data[i] = s > 0 && Number.isFinite(v) ? (v - m) / s : 0;
    }
    mean.push(m);
    sd.push(s);
    missing.push(n - present);
  }
  return { data, mean, sd, missing };
}

/**
 * Builds the z-scored feature matrix from named columns (all of length ≥ n; n defaults to the
 * first column's length). See the file comment for the pipeline.
 */
export function buildFeatureMatrix(columns: readonly FeatureColumn[], n?: number): FeatureMatrix {
  const d = columns.length;
  const rows = n ?? (d > 0 ? columns[0]!.values.length : 0);
  const raw = new Float64Array(rows * d);
  const transforms: FeatureTransform[] = [];
  columns.forEach((col, j) => {
    if (col.values.length < rows) {
      throw new RangeError(`Feature "${col.name}" has ${col.values.length} values, not ${rows}`);
    }
    const transform = col.transform ?? (LOG1P_FEATURES.has(col.name) ? 'log1p' : 'identity');
    transforms.push(transform);
    const isLog = transform === 'log1p';
    for (let i = 0; i < rows; i++) {
      const v = col.values[i]!;
      raw[i * d + j] = isLog ? signedLog1p(v) : v;
    }
  });
  const scaled = zscore(raw, rows, d);
  return {
    data: scaled.data,
    n: rows,
    d,
    names: columns.map((c) => c.name),
    transforms,
    mean: scaled.mean,
    sd: scaled.sd,
    missing: scaled.missing,
  };
}

/**
 * Centroids (k × d, z-scored space) back in original units: z·sd + mean, then the inverse of
 * the transform (expm1 for log1p features). For a log1p feature this is the back-transformed
 * mean of the logs, a geometric-type centre, not the arithmetic mean of the raw values: the
 * profile's group means are the ones to show as "average".
 */
export function centroidsInOriginalUnits(
  centroids: Float64Array,
  k: number,
  scaling: Pick<FeatureMatrix, 'd' | 'mean' | 'sd' | 'transforms'>,
): number[][] {
  const { d, mean, sd, transforms } = scaling;
  const out: number[][] = [];
  for (let j = 0; j < k; j++) {
    const row: number[] = [];
    for (let t = 0; t < d; t++) {
      const y = centroids[j * d + t]! * sd[t]! + mean[t]!;
      row.push(transforms[t] === 'log1p' ? signedExpm1(y) : y);
    }
    out.push(row);
  }
  return out;
}
