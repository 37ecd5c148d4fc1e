// The analysis pipeline over the unified customer table: RFM, the eight segments, lifecycle,
// k-means, consent counts — the figures of the summary JSON and of the Segments view. The
// analysis worker (from IndexedDB) and `npm run summarize` (from files) both call `analyze`,
// so they give identical figures.
import type { ConsentPurpose } from '../types';
import type {
  SummaryClusters,
  SummaryLifecycle,
  SummaryRfm,
  ConsentCountsV1,
} from '../summary/summary';
import { DAY_MS } from '../summary/summary';
import { analyzeRfm, type RfmAnalysis } from '../rfm/rfm';
import {
  assignLifecycle,
  lifecycleBasis,
  thresholdsFromBasis,
  type LifecycleBasis,
  type LifecycleThresholds,
} from '../lifecycle/lifecycle';
import {
  pickK,
  planK,
  runK,
  type ChooseKResult,
  type KPlan,
  type KRun,
} from '../segments/choose-k';
import { buildFeatureMatrix, oneHot, type FeatureColumn } from '../segments/features';

/** A category with more values than this is not offered for one-hot clustering. */
const MAX_ONE_HOT = 20;
import { mayUseAttribute } from '../privacy/sensitive-use';
import {
  consentCounts,
  permitted,
  unify,
  type DatasetData,
  type CategoricalAttribute,
  type KeptTransactions,
  type MatchReport,
  type UnifiedTable,
} from './unify';

export interface AnalysisSettings {
  /** D set by the user (UTC ms); default: the latest kept transaction + 24 h. */
  analysisDate?: number | null;
  /** A fixed k; default: chosen in 2..8 by silhouette. */
  k?: number | null;
  /** Feature names; default R, F, M (log1p) with transactions, else the numeric attributes. */
  features?: string[] | null;
  thresholds?: LifecycleThresholds | null;
  seed?: number;
  /**
   * Sensitive attributes (民族, 收入…) allowed with a written purpose: only these of them may
   * be chosen as features. The analysis worker fills it from the stored grants (whatever the
   * caller sent); `summarize` never sets it, so there they all stay out.
   */
  sensitiveAllowed?: string[] | null;
}

/**
 * The settings with the allowed sensitive attributes set to `allowed`, and any chosen feature
 * that is a sensitive attribute not allowed (any more) taken out; when none is left the
 * default features apply.
 */
export function withSensitiveAllowed(
  settings: AnalysisSettings,
  allowed: readonly string[],
): AnalysisSettings {
  const set = new Set(allowed);
  const features = settings.features?.filter((f) => mayUseAttribute(f, set)) ?? null;
  return {
    ...settings,
    features: features && features.length ? features : null,
    sensitiveAllowed: [...allowed],
  };
}

export type AnalysisPhase = 'unify' | 'rfm' | 'lifecycle' | 'kmeans' | 'done';
export interface AnalysisProgress {
  phase: AnalysisPhase;
  k?: number;
  done?: number;
  total?: number;
}

export interface ClusterResult extends SummaryClusters {
  scores: { k: number; silhouette: number; inertia: number }[];
  /** Centroids in the scaled feature space (k × d, row-major). */
  centroids: number[];
}

export interface AnalysisResult {
  analysisDate: number | null;
  /** Distinct customers among kept transactions (summary `customers`). */
  customers: number;
  match: MatchReport;
  consent: Record<ConsentPurpose, ConsentCountsV1 | null>;
  /** Customers with transactions who take part in profiling, and those left out (no consent). */
  profiled: number;
  leftOut: number;
  profilingTracked: boolean;
  rfm: SummaryRfm | null;
  lifecycle: SummaryLifecycle | null;
  thresholds: LifecycleThresholds | null;
  basis: LifecycleBasis | null;
  clusters: ClusterResult | null;
  /** Features the user may cluster on (R, F, M and the numeric attributes). */
  featureChoices: string[];
  /** Why clustering did not run, when it did not. */
  clustersSkipped: 'tooFew' | 'noFeatures' | null;
}

/** Per-customer results, kept in the worker (and stored), never sent whole to the UI. */
export interface CustomerResults {
  table: UnifiedTable;
  rfm: RfmAnalysis | null;
  lifecycleCodes: Uint8Array | null;
  clusterLabels: Int32Array | null;
  /** The clustering's feature matrix (rows = `featureRows`, z-scored) and its names. */
  features: { matrix: Float64Array; rows: number[]; names: string[] } | null;
  /** 1 = takes part in profiling outputs. */
  participants: Uint8Array;
}

export const NOT_IN_GROUP = 255;

function latestTime(time: Float64Array): number | null {
  let max = -Infinity;
  for (let i = 0; i < time.length; i++) {
    if (time[i]! > max) {
      max = time[i]!;
    }
  }
  return max === -Infinity ? null : max;
}

/**
 * Runs the k values of a sweep and reports each finished k. The default runs them here one
 * after the other; the analysis worker passes one that spreads them over two workers. Any
 * runner gives the same result: each k depends only on the plan (see runK).
 */
export type KRunner = (
  points: Float64Array,
  n: number,
  d: number,
  plan: KPlan,
  onK: (k: number) => void,
) => Promise<KRun[]>;

export const runKsHere: KRunner = async (points, n, d, plan, onK) =>
  plan.ks.map((k) => {
    const run = runK(points, n, d, k, plan);
    onK(k);
    return run;
  });

/** Unify → RFM → lifecycle: everything before clustering (deterministic for the same data). */
export interface Prepared {
  table: UnifiedTable;
  profilingOk: Uint8Array;
  analysisDate: number | null;
  rfm: RfmAnalysis | null;
  lifecycle: SummaryLifecycle | null;
  thresholds: LifecycleThresholds | null;
  basis: LifecycleBasis | null;
  lifecycleCodes: Uint8Array | null;
  participants: Uint8Array;
  withTx: number;
}

export function prepare(
  datasets: readonly DatasetData[],
  settings: AnalysisSettings = {},
  onProgress?: (p: AnalysisProgress) => void,
): Prepared {
  onProgress?.({ phase: 'unify' });
  const table = unify(datasets);
  const tx =
    settings.analysisDate != null
      ? transactionsUpTo(table.transactions, settings.analysisDate)
      : table.transactions;
  const profilingOk = permitted(table, 'profiling');
  const hasTx = table.match.hasTransactions;

  const latest = latestTime(tx.time);
  const analysisDate = settings.analysisDate ?? (latest === null ? null : latest + DAY_MS);

  let rfm: RfmAnalysis | null = null;
  let lifecycle: SummaryLifecycle | null = null;
  let thresholds: LifecycleThresholds | null = null;
  let basis: LifecycleBasis | null = null;
  let lifecycleCodes: Uint8Array | null = null;
  const participants = new Uint8Array(table.n);
  let withTx = 0;

  if (hasTx && analysisDate !== null) {
    onProgress?.({ phase: 'rfm' });
    rfm = analyzeRfm(
      {
        customerOf: tx.customerOf,
        time: tx.time,
        amount: tx.amount,
        orderOf: tx.orderOf,
        nCustomers: table.n,
        analysisDate,
      },
      profilingOk,
    );
    participants.set(rfm.scores.participants);
    for (let c = 0; c < table.n; c++) {
      withTx += rfm.values.hasTx[c]!;
    }
    onProgress?.({ phase: 'lifecycle' });
    basis = lifecycleBasis(rfm.values, profilingOk);
    thresholds = settings.thresholds ?? thresholdsFromBasis(basis);
    const assigned = assignLifecycle(rfm.values, thresholds, profilingOk);
    lifecycle = assigned.counts;
    lifecycleCodes = assigned.codes;
  } else {
    for (let c = 0; c < table.n; c++) {
      participants[c] = profilingOk[c]!;
    }
  }
  return {
    table,
    profilingOk,
    analysisDate,
    rfm,
    lifecycle,
    thresholds,
    basis,
    lifecycleCodes,
    participants,
    withTx,
  };
}

export async function analyze(
  datasets: readonly DatasetData[],
  settings: AnalysisSettings = {},
  onProgress?: (p: AnalysisProgress) => void,
  runKs: KRunner = runKsHere,
): Promise<{ result: AnalysisResult; customers: CustomerResults }> {
  const {
    table,
    analysisDate,
    rfm,
    lifecycle,
    thresholds,
    basis,
    lifecycleCodes,
    participants,
    withTx,
  } = prepare(datasets, settings, onProgress);
  const hasTx = table.match.hasTransactions;

  // k-means on the participants.
  onProgress?.({ phase: 'kmeans' });
  const { matrix, rows, names, choices } = featureMatrix(
    table,
    rfm,
    participants,
    settings.features ?? null,
    new Set(settings.sensitiveAllowed ?? []),
  );
  let clusters: ClusterResult | null = null;
  let clustersSkipped: AnalysisResult['clustersSkipped'] = null;
  let clusterLabels: Int32Array | null = null;
  if (names.length === 0) {
    clustersSkipped = 'noFeatures';
  } else {
    const plan = planK(matrix, rows.length, names.length, {
      seed: settings.seed,
      fixedK: settings.k ?? undefined,
    });
    let chosen: ChooseKResult | null = null;
    if (plan) {
      let done = 0;
      const runs = await runKs(matrix, rows.length, names.length, plan, (k) =>
        onProgress?.({ phase: 'kmeans', k, done: ++done, total: plan.ks.length }),
      );
      chosen = pickK(plan, runs);
    }
    if (!chosen) {
      clustersSkipped = 'tooFew';
    } else {
      clusters = {
        k: chosen.k,
        kChosenBy: chosen.kChosenBy,
        silhouette: chosen.silhouette,
        features: names,
        sizes: chosen.sizes,
        scores: chosen.scores,
        centroids: Array.from(chosen.centroids),
      };
      clusterLabels = new Int32Array(table.n).fill(-1);
      for (let i = 0; i < rows.length; i++) {
        clusterLabels[rows[i]!] = chosen.labels[i]!;
      }
    }
  }
  onProgress?.({ phase: 'done' });

  const profiled = rfm ? rfm.scores.count : participants.reduce((s, v) => s + v, 0);
  const result: AnalysisResult = {
    analysisDate,
    customers: withTx,
    match: table.match,
    consent: consentCounts(table),
    profiled,
    leftOut: (hasTx ? withTx : table.n) - profiled,
    profilingTracked: table.tracked.profiling,
    rfm: rfm ? rfm.summary : null,
    lifecycle,
    thresholds,
    basis,
    clusters,
    featureChoices: choices,
    clustersSkipped,
  };
  return {
    result,
    customers: {
      table,
      rfm,
      lifecycleCodes,
      clusterLabels,
      features: names.length ? { matrix, rows, names } : null,
      participants,
    },
  };
}

/** A D set by the user: transactions after it have not happened yet as of D. */
function transactionsUpTo(tx: KeptTransactions, d: number): KeptTransactions {
  let n = 0;
  for (let i = 0; i < tx.time.length; i++) {
    if (tx.time[i]! <= d) {
      n++;
    }
  }
  if (n === tx.time.length) {
    return tx;
  }
  const out: KeptTransactions = {
    customerOf: new Uint32Array(n),
    time: new Float64Array(n),
    amount: new Float64Array(n),
    orderOf: tx.orderOf ? new Uint32Array(n) : null,
  };
  let w = 0;
  for (let i = 0; i < tx.time.length; i++) {
    if (tx.time[i]! <= d) {
      out.customerOf[w] = tx.customerOf[i]!;
      out.time[w] = tx.time[i]!;
      out.amount[w] = tx.amount[i]!;
      if (out.orderOf && tx.orderOf) {
        out.orderOf[w] = tx.orderOf[i]!;
      }
      w++;
    }
  }
  return out;
}

const NONE_ALLOWED: ReadonlySet<string> = new Set();

/**
 * The default features, or the named ones, as a row-major z-scored matrix over participants.
 * Sensitive attributes are offered only when `allowed` names them (a grant with a purpose).
 */
export function featureMatrix(
  table: UnifiedTable,
  rfm: RfmAnalysis | null,
  participants: Uint8Array,
  wanted: string[] | null,
  allowed: ReadonlySet<string> = NONE_ALLOWED,
): { matrix: Float64Array; rows: number[]; names: string[]; choices: string[] } {
  const available = new Map<string, { values: Float64Array; log: boolean }>();
  if (rfm) {
    available.set('R', { values: rfm.values.R, log: true });
    available.set('F', { values: rfm.values.F, log: true });
    available.set('M', { values: rfm.values.M, log: true });
  }
  for (const a of table.numeric) {
    // Sensitive attributes (民族, 健康, 收入…) stay out of clustering unless allowed with a
    // written purpose (privacy issue, item 10).
    if (!available.has(a.name) && mayUseAttribute(a.name, allowed)) {
      available.set(a.name, { values: a.values, log: false });
    }
  }
  // Categories enter one-hot when chosen (never by default): "name=value" columns.
  const categories = new Map<string, CategoricalAttribute>();
  for (const a of table.categorical) {
    if (
      !available.has(a.name) &&
      mayUseAttribute(a.name, allowed) &&
      a.values.length <= MAX_ONE_HOT + 1
    ) {
      categories.set(a.name, a);
    }
  }
  const choices = [...available.keys(), ...categories.keys()];
  let chosen: string[];
  if (wanted && wanted.length) {
    const unknown = wanted.filter((w) => !available.has(w) && !categories.has(w));
    if (unknown.length) {
      throw new Error(
        `Unknown feature(s): ${unknown.join(', ')}. Available: ${choices.join(', ')}.`,
      );
    }
    chosen = wanted;
  } else if (rfm) {
    chosen = ['R', 'F', 'M'];
  } else {
    // An allowed sensitive attribute is a choice, never a default: the user picks it.
    chosen = [...available.keys()].filter((name) => mayUseAttribute(name, NONE_ALLOWED));
  }
  const rows: number[] = [];
  for (let c = 0; c < table.n; c++) {
    if (participants[c]) {
      rows.push(c);
    }
  }
  const pick = (values: ArrayLike<number>) => {
    const out = new Float64Array(rows.length);
    for (let i = 0; i < rows.length; i++) {
      out[i] = values[rows[i]!]!;
    }
    return out;
  };
  const columns: FeatureColumn[] = [];
  for (const name of chosen) {
    const f = available.get(name);
    if (f) {
      columns.push({ name, values: pick(f.values), transform: f.log ? 'log1p' : 'identity' });
      continue;
    }
    const a = categories.get(name)!;
    const codes = new Uint32Array(rows.length);
    for (let i = 0; i < rows.length; i++) {
      codes[i] = a.codes[rows[i]!]!;
    }
    // Code 0 is "missing": it gets no column of its own.
    columns.push(...oneHot(codes, a.values, name).filter((c) => c.name !== `${name}=`));
  }
  // Missing values take the column mean, then z-scores with the population standard
  // deviation (DESIGN.md); R, F and M enter as log1p; a constant column becomes zeros.
  const built = buildFeatureMatrix(columns, rows.length);
  return { matrix: built.data, rows, names: built.names, choices };
}
