// Prints how long the k sweep takes on 100,000 customers × 3 features (k = 2..8, 10 restarts
// each, as chooseK runs it) and the silhouette on a 5,000 sample. It asserts no time: machines
// differ; the figures are for the log (target from the issue: ≤ 8 s in a Chromium worker).
// Skip it with PORTRAIT_SKIP_TIMING=1.
import { chooseK } from '../../../src/lib/domain/segments/choose-k';
import { kmeans } from '../../../src/lib/domain/segments/kmeans';
import { sampleIndices, silhouette } from '../../../src/lib/domain/segments/silhouette';
import { rfmLike } from './blobs';

const N = 100_000;
const D = 3;

describe.skipIf(process.env.PORTRAIT_SKIP_TIMING === '1')('k-means timing (prints only)', () => {
  it('k = 2..8 × 10 restarts on 100,000 × 3, and silhouette per k on 5,000', () => {
    const x = rfmLike(N, 7);
    const lines: string[] = [];
    const sample = sampleIndices(N, 5000, 1);
    let kmeansMs = 0;
    let silhouetteMs = 0;
    for (let k = 2; k <= 8; k++) {
      const t0 = performance.now();
      const r = kmeans(x, N, D, k, { seed: 1, restarts: 10, restartMaxIter: 50 });
      const t1 = performance.now();
      const s = silhouette(x, N, D, r.labels, k, sample);
      const t2 = performance.now();
      kmeansMs += t1 - t0;
      silhouetteMs += t2 - t1;
      expect(r.converged).toBe(true);
      lines.push(
        `  k=${k}: k-means ${(t1 - t0).toFixed(0)} ms (${r.iterations} passes), ` +
          `silhouette ${(t2 - t1).toFixed(0)} ms (${s.toFixed(4)})`,
      );
    }
    const t3 = performance.now();
    const chosen = chooseK(x, N, D, { seed: 1 });
    const chooseMs = performance.now() - t3;
    expect(chosen).not.toBeNull();
    process.stdout.write(
      [
        `\nk-means sweep on ${N} × ${D} (Node ${process.version}):`,
        ...lines,
        `  k-means total ${(kmeansMs / 1000).toFixed(2)} s, silhouette total ` +
          `${(silhouetteMs / 1000).toFixed(2)} s (${(silhouetteMs / 7).toFixed(0)} ms per k)`,
        `  chooseK (defaults) ${(chooseMs / 1000).toFixed(2)} s → k = ${chosen?.k}\n`,
      ].join('\n') + '\n',
    );
  }, 600_000);
});
