// Aggregates the Segments view draws: group sizes and value shares, the R×F score heatmap
// coloured by mean M, a scatter sample of the clusters, cluster centres in original units.
// Everything here is small and plain (structuredClone-safe): this is what crosses to the UI.
import { SEGMENT_NAMES, type SegmentName } from '../summary/summary';
import { LIFECYCLE_STAGES, type LifecycleStage } from '../lifecycle/lifecycle';
import type { CustomerResults } from './analyze';
import {
  describeGroup,
  profileGroups,
  type CategoricalAttribute as ProfileCategorical,
  type PhraseTemplate,
} from '../segments/profile';
import { mayUseAttribute } from '../privacy/sensitive-use';

export interface GroupStat {
  /** Segment name, lifecycle stage or cluster number (as text). */
  id: string;
  customers: number;
  shareCustomers: number;
  revenue: number;
  shareRevenue: number;
  mean: { R: number; F: number; M: number };
  median: { R: number; F: number; M: number };
}

export interface Heatmap {
  /** counts[r − 1][f − 1] for R score r and F score f. */
  counts: number[][];
  /** Mean M of each cell (NaN when empty). */
  meanM: number[][];
}

export interface ScatterPoint {
  /** The clustering features of the customer, standardised (z-scores), in `names` order. */
  v: number[];
  /** The first two principal components of the standardised features. */
  pc: [number, number];
  cluster: number;
}

/** What sets a group apart: the top attributes with their figures and test results. */
export interface ProfileTrait {
  name: string;
  kind: 'numeric' | 'categorical';
  effect: number;
  p: number | null;
  /** numeric: the group's mean against everyone's. */
  mean?: number | null;
  overallMean?: number | null;
  ratio?: number | null;
  /** categorical: the values that are over-represented (lift > 1), largest lift first. */
  values?: {
    value: string;
    share: number;
    shareRest: number | null;
    lift: number;
    count: number;
  }[];
}

export interface GroupProfileView {
  id: string;
  size: number;
  description: { zh: string; en: string };
  traits: ProfileTrait[];
}

export interface SegmentsViewData {
  profiles: {
    segments: GroupProfileView[];
    clusters: GroupProfileView[];
    lifecycle: GroupProfileView[];
  };
  segments: GroupStat[];
  lifecycle: GroupStat[];
  clusters: GroupStat[];
  heatmap: Heatmap | null;
  /** A deterministic sample of the clustered customers, for a scatter of any two features or
   *  the 2-D PCA. */
  scatter: { names: string[]; explained: [number, number]; points: ScatterPoint[] } | null;
}

const SCATTER_MAX = 1500;

function median(values: number[]): number {
  if (!values.length) {
    return NaN;
  }
  const s = Float64Array.from(values).sort();
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

export function groupStats(
  ids: readonly string[],
  codeOf: (c: number) => number,
  results: CustomerResults,
): GroupStat[] {
  const { rfm, participants, table } = results;
  const k = ids.length;
  const members: number[][] = ids.map(() => []);
  let total = 0;
  let totalRevenue = 0;
  for (let c = 0; c < table.n; c++) {
    if (!participants[c]) {
      continue;
    }
    total++;
    totalRevenue += rfm ? rfm.values.M[c]! : 0;
    const g = codeOf(c);
    if (g >= 0 && g < k) {
      members[g]!.push(c);
    }
  }
  return ids.map((id, g) => {
    const list = members[g]!;
    const pick = (arr: Float64Array | undefined) => list.map((c) => (arr ? arr[c]! : NaN));
    const R = pick(rfm?.values.R);
    const F = pick(rfm?.values.F);
    const M = pick(rfm?.values.M);
    const sum = (xs: number[]) => xs.reduce((s, v) => s + v, 0);
    const revenue = rfm ? sum(M) : 0;
    const mean = (xs: number[]) => (xs.length ? sum(xs) / xs.length : NaN);
    return {
      id,
      customers: list.length,
      shareCustomers: total ? list.length / total : 0,
      revenue,
      shareRevenue: totalRevenue ? revenue / totalRevenue : 0,
      mean: { R: mean(R), F: mean(F), M: mean(M) },
      median: { R: median(R), F: median(F), M: median(M) },
    };
  });
}

/** `sensitiveAllowed`: sensitive attributes allowed with a written purpose (see profilesOf). */
export function segmentsViewData(
  results: CustomerResults,
  clusterCount: number,
  sensitiveAllowed: ReadonlySet<string> = new Set(),
): SegmentsViewData {
  const { rfm, lifecycleCodes, clusterLabels, participants, table } = results;
  const segments = rfm
    ? groupStats(SEGMENT_NAMES as readonly SegmentName[], (c) => rfm.segments.codes[c]!, results)
    : [];
  const lifecycle = lifecycleCodes
    ? groupStats(LIFECYCLE_STAGES as readonly LifecycleStage[], (c) => lifecycleCodes[c]!, results)
    : [];
  const clusters = clusterLabels
    ? groupStats(
        Array.from({ length: clusterCount }, (_, i) => String(i + 1)),
        (c) => clusterLabels[c]!,
        results,
      )
    : [];

  let heatmap: Heatmap | null = null;
  if (rfm) {
    const counts = Array.from({ length: 5 }, () => new Array<number>(5).fill(0));
    const sums = Array.from({ length: 5 }, () => new Array<number>(5).fill(0));
    for (let c = 0; c < table.n; c++) {
      if (!participants[c]) {
        continue;
      }
      const r = rfm.scores.rScore[c]! - 1;
      const f = rfm.scores.fScore[c]! - 1;
      counts[r]![f]!++;
      sums[r]![f]! += rfm.values.M[c]!;
    }
    heatmap = {
      counts,
      meanM: counts.map((row, r) => row.map((n, f) => (n ? sums[r]![f]! / n : NaN))),
    };
  }

  let scatter: SegmentsViewData['scatter'] = null;
  const feats = results.features;
  if (feats && clusterLabels && feats.rows.length) {
    const { matrix, rows, names } = feats;
    const d = names.length;
    const pca = principalComponents(matrix, rows.length, d);
    // Every (n / max)-th clustered customer: deterministic and spread over the table.
    const step = Math.max(1, rows.length / SCATTER_MAX);
    const points: ScatterPoint[] = [];
    for (let i = 0; i < rows.length && points.length < SCATTER_MAX; i += step) {
      const row = Math.floor(i);
      const v = Array.from(matrix.subarray(row * d, row * d + d));
      const project = (axis: number[]) => v.reduce((acc, x, j) => acc + x * axis[j]!, 0);
      points.push({
        v,
        pc: [project(pca.axes[0]!), project(pca.axes[1]!)],
        cluster: clusterLabels[rows[row]!]!,
      });
    }
    scatter = { names, explained: pca.explained, points };
  }

  const profiles = {
    segments: rfm
      ? profilesOf(
          SEGMENT_NAMES as readonly string[],
          (c) => rfm.segments.codes[c]!,
          results,
          sensitiveAllowed,
        )
      : [],
    clusters: clusterLabels
      ? profilesOf(
          Array.from({ length: clusterCount }, (_, i) => String(i + 1)),
          (c) => clusterLabels[c]!,
          results,
          sensitiveAllowed,
        )
      : [],
    lifecycle: lifecycleCodes
      ? profilesOf(
          LIFECYCLE_STAGES as readonly string[],
          (c) => lifecycleCodes[c]!,
          results,
          sensitiveAllowed,
        )
      : [],
  };

  return { profiles, segments, lifecycle, clusters, heatmap, scatter };
}

const RFM_LABELS: Record<string, PhraseTemplate> = {
  R: {
    'zh-CN': '距上次购买为平均的 {ratio} 倍',
    en: 'last bought {ratio}× longer ago than average',
  },
  F: { 'zh-CN': '购买频次为平均的 {ratio} 倍', en: 'buys {ratio}× as often as average' },
  M: { 'zh-CN': '消费额为平均的 {ratio} 倍', en: 'spends {ratio}× the average' },
};

const MAX_TRAITS = 6;

/**
 * Profiles of each group against everyone else (participants only). Sensitive attributes
 * (民族, 宗教, 健康…) are left out: describing groups by them needs a written purpose, and
 * only those `allowed` names (granted with one) take part.
 */
export function profilesOf(
  ids: readonly string[],
  codeOf: (c: number) => number,
  results: CustomerResults,
  allowed: ReadonlySet<string> = new Set(),
): GroupProfileView[] {
  const { rfm, participants, table } = results;
  const groups = new Int32Array(table.n);
  for (let c = 0; c < table.n; c++) {
    const g = participants[c] ? codeOf(c) : -1;
    groups[c] = g >= 0 && g < ids.length ? g : -1;
  }
  const numeric: [string, Float64Array][] = [];
  if (rfm) {
    numeric.push(['R', rfm.values.R], ['F', rfm.values.F], ['M', rfm.values.M]);
  }
  for (const a of table.numeric) {
    if (mayUseAttribute(a.name, allowed)) {
      numeric.push([a.name, a.values]);
    }
  }
  const categorical: [string, ProfileCategorical][] = [];
  for (const a of table.categorical) {
    if (!mayUseAttribute(a.name, allowed) || a.values.length > 60) {
      continue;
    }
    // Our codes use 0 for "missing"; the profile wants a code ≥ dict.length for that.
    const codes = new Uint32Array(table.n);
    for (let c = 0; c < table.n; c++) {
      const code = a.codes[c]!;
      codes[c] = code === 0 ? 0xffffffff : code - 1;
    }
    categorical.push([a.name, { codes, dict: a.values.slice(1) }]);
  }
  // Object.fromEntries defines own properties, so a column named "__proto__" stays a column.
  const profile = profileGroups({
    groups,
    groupCount: ids.length,
    revenue: rfm ? rfm.values.M : null,
    numeric: Object.fromEntries(numeric),
    categorical: Object.fromEntries(categorical),
  });
  const labels = Object.fromEntries(Object.entries(RFM_LABELS));
  return profile.groups.map((g, i) => ({
    id: ids[i]!,
    size: g.size,
    description: {
      zh: describeGroup(g, 'zh-CN', { labels }),
      en: describeGroup(g, 'en', { labels }),
    },
    traits: g.ranked.slice(0, MAX_TRAITS).map((r): ProfileTrait => {
      if (r.kind === 'numeric') {
        const n = g.numeric.find((x) => x.name === r.name)!;
        return {
          name: r.name,
          kind: 'numeric',
          effect: r.effect,
          p: r.p,
          mean: n.mean,
          overallMean: n.overallMean,
          ratio: n.ratio,
        };
      }
      const cat = g.categorical.find((x) => x.name === r.name)!;
      return {
        name: r.name,
        kind: 'categorical',
        effect: r.effect,
        p: r.p,
        values: cat.values
          .filter((v) => v.lift > 1 && v.count >= 5)
          .sort((a, b) => b.lift - a.lift)
          .slice(0, 3)
          .map((v) => ({
            value: v.value,
            share: v.share,
            shareRest: v.shareRest,
            lift: v.lift,
            count: v.count,
          })),
      };
    }),
  }));
}

/**
 * The first two principal components of a standardised n × d matrix: eigenvectors of its
 * covariance by power iteration with deflation (d is small), and the share of variance each
 * explains. With one feature the second axis is zero.
 */
export function principalComponents(
  matrix: Float64Array,
  n: number,
  d: number,
): { axes: [number[], number[]]; explained: [number, number] } {
  const cov = Array.from({ length: d }, () => new Array<number>(d).fill(0));
  for (let i = 0; i < n; i++) {
    for (let a = 0; a < d; a++) {
      const xa = matrix[i * d + a]!;
      for (let b = a; b < d; b++) {
        cov[a]![b]! += xa * matrix[i * d + b]!;
      }
    }
  }
  let trace = 0;
  for (let a = 0; a < d; a++) {
    for (let b = a; b < d; b++) {
      cov[a]![b]! /= n || 1;
      cov[b]![a] = cov[a]![b]!;
    }
    trace += cov[a]![a]!;
  }
  const axes: number[][] = [];
  const values: number[] = [];
  for (let k = 0; k < 2; k++) {
    let v: number[] = Array.from({ length: d }, (_, j) => (j === k % d ? 1 : 0.5));
    let lambda = 0;
    for (let it = 0; it < 200; it++) {
      const w = cov.map((row) => row.reduce((acc, x, j) => acc + x * v[j]!, 0));
      const norm = Math.hypot(...w);
      if (norm === 0) {
        break;
      }
      v = w.map((x) => x / norm);
      lambda = norm;
    }
    axes.push(d > k ? v : new Array<number>(d).fill(0));
    values.push(d > k ? lambda : 0);
    // Deflate: remove the found component.
    for (let a = 0; a < d; a++) {
      for (let b = 0; b < d; b++) {
        cov[a]![b]! -= lambda * v[a]! * v[b]!;
      }
    }
  }
  return {
    axes: [axes[0]!, axes[1]!],
    explained: [trace ? values[0]! / trace : 0, trace ? values[1]! / trace : 0],
  };
}
