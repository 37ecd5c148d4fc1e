// The analysis core without the browser: `npx tsx bench/node-analyze.ts FILE` imports FILE
// through the domain core (peekFile → proposePlan → runImport, chunks collected per column as
// src/lib/domain/summary/summarize-files.ts does), then runs `analyze()` over
// `datasetFromChunks` — the call the analysis worker makes after reading the same chunks from
// IndexedDB — and `segmentsViewData` (the profiles the worker stores with the run). Phases are
// timed from analyze's onProgress callbacks, which it calls synchronously:
//   unify (+ the concatenation of the chunks) → rfm (R, F, M, scores, segments) → lifecycle →
//   kmeans (feature matrix, then k = 2..8 with 10 restarts each and the silhouettes; a callback
//   per finished k) → done; then the views.
// Memory: process.memoryUsage() at every callback (V8 heap + ArrayBuffers; a sample, not a
// peak; the import's garbage is collected first when node runs with --expose-gc) and the
// process's peak RSS. Prints one JSON line on stdout (progress on stderr).
// run.mjs bundles it with esbuild and runs it with plain node, as it does node-scan.ts.
import { stat } from 'node:fs/promises';
import { createReadStream, openSync, readSync, closeSync } from 'node:fs';
import path from 'node:path';
import { PEEK_BYTES, peekFile, runImport } from '../src/lib/domain/ingest/read';
import { proposePlan } from '../src/lib/domain/ingest/plan';
import { createFastPseudonymizer } from '../src/lib/domain/privacy/pseudonymize';
import { analyze, type AnalysisProgress } from '../src/lib/domain/analysis/analyze';
import { datasetFromChunks } from '../src/lib/domain/analysis/dataset-data';
import { segmentsViewData } from '../src/lib/domain/analysis/views';
import type { ColumnValues } from '../src/lib/domain/analysis/unify';

const file = process.argv[2];
if (!file) {
  console.error('usage: npx tsx bench/node-analyze.ts FILE');
  process.exit(2);
}
const name = path.basename(file);
const MIB = 1024 * 1024;
const mem = () => {
  const m = process.memoryUsage();
  return { heapUsed: m.heapUsed, arrayBuffers: m.arrayBuffers, rss: m.rss };
};
const maxRss = () => process.resourceUsage().maxRSS * 1024; // KiB on Linux

function readHead(p: string, bytes: number): Uint8Array {
  const fd = openSync(p, 'r');
  try {
    const buf = new Uint8Array(bytes);
    const n = readSync(fd, buf, 0, bytes, 0);
    return buf.subarray(0, n);
  } finally {
    closeSync(fd);
  }
}

async function* fileChunks(p: string): AsyncGenerator<Uint8Array> {
  for await (const piece of createReadStream(p, { highWaterMark: 4 * 1024 * 1024 })) {
    const b = piece as Buffer;
    yield new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
  }
}

async function main() {
  const { size } = await stat(file!);
  console.error(`node-analyze: import of ${name}…`);
  const t0 = performance.now();
  const peek = peekFile(readHead(file!, PEEK_BYTES), name, {
    lang: 'en',
    isWhole: size <= PEEK_BYTES,
  });
  const proposal = proposePlan(peek, name, 'en');
  if (proposal.missingRoles.length || proposal.openDateColumns.length) {
    throw new Error(
      `plan incomplete: missing ${proposal.missingRoles.join(',')} open dates ${proposal.openDateColumns.join(',')}`,
    );
  }
  const tokenized = proposal.plan.columns.filter((c) => c.action === 'tokenize').map((c) => c.name);
  const subKey = globalThis.crypto.getRandomValues(new Uint8Array(32));
  const pseudonymizer = createFastPseudonymizer(subKey);
  const chunks = new Map<number, ColumnValues[]>();
  const imported = await runImport(fileChunks(file!), name, proposal.plan, peek.bomLength, {
    pseudonymize: tokenized.length ? (values) => pseudonymizer.pidMany(values) : null,
    onChunks: (done) => {
      for (const c of done) {
        let list = chunks.get(c.column);
        if (!list) {
          list = [];
          chunks.set(c.column, list);
        }
        list[c.index] = c.values;
      }
    },
  });
  subKey.fill(0);
  const importMs = performance.now() - t0;
  // With --expose-gc (run.mjs passes it), the import's garbage goes before the analysis, so
  // the samples below show what the analysis holds, not what the import left behind.
  (globalThis as { gc?: () => void }).gc?.();
  const afterImport = { ...mem(), maxRss: maxRss() };

  const dataset = datasetFromChunks({
    id: '0',
    name,
    kind: proposal.plan.kind,
    rows: imported.rows,
    outputs: imported.outputs,
    include: proposal.plan.include,
    chunks,
    dictionaries: new Map(imported.dictionaries.map((d) => [d.column, d.values()])),
  });

  console.error('node-analyze: analyze()…');
  // First moment each phase is announced, and the moment each k finished.
  const at: Partial<Record<AnalysisProgress['phase'], number>> = {};
  const kDone: { k: number; atMs: number }[] = [];
  const memAt: Record<string, ReturnType<typeof mem>> = {};
  const a0 = performance.now();
  const { result, customers } = await analyze([dataset], {}, (p) => {
    const now = performance.now() - a0;
    if (at[p.phase] === undefined) {
      at[p.phase] = now;
      memAt[p.phase] = mem();
    }
    if (p.phase === 'kmeans' && p.k !== undefined) {
      kDone.push({ k: p.k, atMs: now });
      memAt[`k${p.k}`] = mem();
    }
  });
  const analyzeMs = performance.now() - a0;
  const v0 = performance.now();
  const view = segmentsViewData(customers, result.clusters?.k ?? 0);
  const viewsMs = performance.now() - v0;
  const afterAll = { ...mem(), maxRss: maxRss() };

  const span = (from: AnalysisProgress['phase'], to: AnalysisProgress['phase'] | null) =>
    (to === null ? analyzeMs : at[to]!) - at[from]!;
  // The first k's time includes building the feature matrix (log1p, z-scores), which runs
  // between the 'kmeans' announcement and the first k.
  const perK = kDone.map((d, i) => ({
    k: d.k,
    ms: d.atMs - (i === 0 ? at.kmeans! : kDone[i - 1]!.atMs),
  }));
  const count = (codes: Uint8Array) => {
    const c = [0, 0, 0, 0, 0];
    for (let i = 0; i < codes.length; i++) {
      if (codes[i]! >= 1) {
        c[codes[i]! - 1]!++;
      }
    }
    return c;
  };
  const sc = customers.rfm?.scores;
  const peakSample = Object.values(memAt).reduce(
    (m, s) => Math.max(m, s.heapUsed + s.arrayBuffers),
    0,
  );
  process.stdout.write(
    JSON.stringify({
      file: name,
      node: process.version,
      rows: imported.rows,
      kept: imported.report.transactions?.kept ?? null,
      excluded: imported.report.transactions?.excluded ?? null,
      importMs,
      analyzeMs,
      viewsMs,
      // unify includes concatenating the chunks into whole columns (datasetFromChunks is lazy).
      phasesMs: {
        unify: span('unify', 'rfm'),
        rfm: span('rfm', 'lifecycle'),
        lifecycle: span('lifecycle', 'kmeans'),
        kmeans: span('kmeans', 'done'),
        done: span('done', null),
      },
      perK,
      customers: result.customers,
      profiled: result.profiled,
      analysisDate:
        result.analysisDate === null ? null : new Date(result.analysisDate).toISOString(),
      rfm: result.rfm,
      scoreCounts: sc ? { R: count(sc.rScore), F: count(sc.fScore), M: count(sc.mScore) } : null,
      lifecycle: result.lifecycle,
      clusters: result.clusters && {
        k: result.clusters.k,
        silhouette: result.clusters.silhouette,
        sizes: result.clusters.sizes,
        scores: result.clusters.scores,
      },
      viewSegments: view.segments.map((g) => [g.id, g.customers]),
      memory: {
        afterImport,
        atPhases: memAt,
        peakSampledHeapPlusBuffers: peakSample,
        afterAll,
        note: `heap+ArrayBuffers sampled at each progress callback; peak sample ${(peakSample / MIB).toFixed(0)} MiB`,
      },
    }) + '\n',
  );
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? (err.stack ?? err.message) : String(err));
  process.exit(1);
});
