// Spreads the k values of a sweep over this worker and one helper worker (the machine has
// two cores; the UI thread is idle meanwhile). The split balances the cost, which grows
// with k. Results are the same as running every k here: each k depends only on the plan.
import { wrap } from 'comlink';
import { runK, type KPlan, type KRun } from '../src/lib/domain/segments/choose-k';
import { runKsHere, type KRunner } from '../src/lib/domain/analysis/analyze';
import type { KmeansApi } from './kmeans-api';

function split(ks: readonly number[]): [number[], number[]] {
  const here: number[] = [];
  const there: number[] = [];
  let costHere = 0;
  let costThere = 0;
  for (const k of [...ks].sort((a, b) => b - a)) {
    if (costThere <= costHere) {
      there.push(k);
      costThere += k;
    } else {
      here.push(k);
      costHere += k;
    }
  }
  return [here, there];
}

export const runKsInTwoWorkers: KRunner = async (points, n, d, plan: KPlan, onK) => {
  if (plan.ks.length < 2 || typeof Worker === 'undefined') {
    return runKsHere(points, n, d, plan, onK);
  }
  const [here, there] = split(plan.ks);
  const worker = new Worker(new URL('./kmeans.worker.ts', import.meta.url), {
    type: 'module',
    name: 'portrait-kmeans',
  });
  try {
    const api = wrap<KmeansApi>(worker);
    // Wait until the helper runs: a nested worker's script is loaded through this worker's
    // event loop, so a helper asked to start while this thread is busy with its own k values
    // only starts once they are done — and the sweep runs on one core after all.
    await api.ready();
    const remote = api.runKs(points, n, d, plan, there).then((runs) => {
      runs.forEach((r) => onK(r.k));
      return runs;
    });
    const local: KRun[] = [];
    for (const k of here) {
      local.push(runK(points, n, d, k, plan));
      onK(k);
      // Between two k values: let progress and the helper's messages through.
      await new Promise((resolve) => setTimeout(resolve, 0));
    }
    return [...local, ...(await remote)];
  } finally {
    worker.terminate();
  }
};
