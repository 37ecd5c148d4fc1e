// A helper worker's API for the k-means sweep: runs some k values of a plan (the analysis
// worker runs the others), so the sweep uses both cores.
import { runK, type KPlan, type KRun } from '../src/lib/domain/segments/choose-k';

export const kmeansApi = {
  /** Answers once the worker's script has loaded and Comlink listens. */
  ready(): true {
    return true;
  },
  runKs(points: Float64Array, n: number, d: number, plan: KPlan, ks: number[]): KRun[] {
    return ks.map((k) => runK(points, n, d, k, plan));
  },
};

export type KmeansApi = typeof kmeansApi;
