// Prints the bench results: one block per measurement, then a summary table. Returns the
// table rows (they go into latest.json too). Sizes are MiB (2^20 bytes); times are wall clock.

const MIB = 1024 * 1024;
const TARGET_TOTAL_RATIO = 1.5;
const TARGET_WORKER_MIB = 400;
const TARGET_NOBLE_S = 3;
const TARGET_RFM_S = 1;
const TARGET_KSEL_S = 8;
const TARGET_ANALYSIS_WORKER_MIB = 600;
const TARGET_E2E_RATIO = 1.5;

const int = (n) => Math.round(n).toLocaleString('en-US');
const sec = (ms) => `${(ms / 1000).toFixed(2)} s`;
const mib = (b) => `${(b / MIB).toFixed(0)} MiB`;
const ratio = (a, b) => (b > 0 ? a / b : NaN);
const x = (r) => (Number.isFinite(r) ? `${r.toFixed(2)}×` : 'n/a');
export const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

function heading(title) {
  console.log(`\n${title}\n${'─'.repeat(Math.min(100, title.length))}`);
}

function line(label, value, note = '') {
  console.log(`  ${label.padEnd(54)} ${String(value).padStart(14)}${note ? `   ${note}` : ''}`);
}

function printMeta(m) {
  console.log(
    `\nPortrait import + analysis bench — ${int(m.rows)} rows: ${m.file} (${(m.fileBytes / 1e6).toFixed(1)} MB)`,
  );
  console.log(
    `  ${m.date} · node ${m.node} · ${m.cpu} · ${m.memGb} GB · commit ${m.commit ?? '?'}` +
      (m.dirtySources ? ' + uncommitted changes in src/ or workers/' : ''),
  );
  console.log(
    `  load average before: ${m.loadavg.map((l) => l.toFixed(2)).join(' ')}` +
      (m.loadavgAfter ? ` · after: ${m.loadavgAfter.map((l) => l.toFixed(2)).join(' ')}` : ''),
  );
  const steps = Object.entries(m.loadAtStep ?? {});
  if (steps.length) {
    console.log(
      `  1-minute load average as each step started (2 cores: above ~1 a step shares the CPU): ${steps.map(([k, v]) => `${k} ${v.toFixed(2)}`).join(' · ')}`,
    );
  }
  const report = (list, when) => {
    if (list?.length) {
      console.log(
        `  WARNING: other processes were using CPU ${when} (measured over 1 s); figures are slower than on an idle machine:`,
      );
      for (const p of list.slice(0, 5)) {
        console.log(`    pid ${p.pid} ${p.cpu}% CPU: ${p.args}`);
      }
    }
  };
  report(m.busy, 'when the bench started');
  report(m.busyAfter, 'when it ended');
}

function describeLoaf(f) {
  const parts = f.scripts
    .filter((s) => s.duration >= 5)
    .map(
      (s) =>
        `${s.invokerType} ${s.invoker} → ${s.sourceURL ? s.sourceURL.replace(/^https?:\/\/[^/]+/, '') : '?'}` +
        `:${s.sourceCharPosition}${s.sourceFunctionName ? ` (${s.sourceFunctionName})` : ''} ${s.duration.toFixed(0)} ms` +
        (s.forcedStyleAndLayoutDuration
          ? `, forced layout ${s.forcedStyleAndLayoutDuration.toFixed(0)} ms`
          : '') +
        (s.source ? `\n          source: ${s.source}` : '') +
        (s.snippet ? `\n          code: ${s.snippet.slice(0, 120)}` : ''),
    );
  const render = f.renderStart ? f.start + f.duration - f.renderStart : 0;
  return (
    `frame at +${f.atMs !== undefined ? f.atMs.toFixed(0) : f.start.toFixed(0)} ms: ${f.duration.toFixed(0)} ms` +
    ` (blocking ${f.blockingDuration.toFixed(0)} ms, rendering ${render.toFixed(0)} ms)` +
    (parts.length ? `\n        ${parts.join('\n        ')}` : '')
  );
}

function printBrowser(b, rows) {
  const runs = b.runs;
  const med = (f) => median(runs.map(f));
  heading(
    `1. Browser import, end to end — ${runs.length} run(s), each in a fresh browser (${b.storage === 'disk' ? 'new on-disk profile' : 'off-the-record context, IndexedDB in RAM'})`,
  );
  console.log(
    `  ${b.chromium ?? 'Chromium'} · dist/ built ${b.distBuiltAt}${b.build.built ? ' (rebuilt now)' : ''}`,
  );
  if (runs.length > 1) {
    console.log(
      `  per run (preview / report): ${runs.map((r) => `${sec(r.previewMs)} / ${sec(r.reportMs)}`).join(' · ')}; medians below`,
    );
  }
  line('preview: choose file → "Start import" enabled', sec(med((r) => r.previewMs)));
  line('stored: click "Start import" → "rows imported"', sec(med((r) => r.storedMs)));
  line('report: click → Data quality shows "Problems"', sec(med((r) => r.reportMs)));
  line('  of which the harness, stored → its click on the link', sec(med((r) => r.harnessMs ?? 0)));
  line('total: preview + report', sec(med((r) => r.totalMs)));
  line('throughput: rows ÷ total', `${int(rows / (med((r) => r.totalMs) / 1000))} rows/s`);
  line(
    'throughput: rows ÷ stored (import alone)',
    `${int(rows / (med((r) => r.storedMs) / 1000))} rows/s`,
  );
  const others = [
    ...new Set(runs.flatMap((r) => (r.otherWorkers ?? []).map((o) => o.title || o.url))),
  ];
  const idled = runs.filter((r) => r.idleMs !== null);
  line(
    'idle: click → <main aria-busy="false"> for 1 s',
    idled.length ? sec(median(idled.map((r) => r.idleMs))) : 'not reached',
    (idled.length
      ? `busy ${sec(median(idled.map((r) => r.idleMs - r.storedMs)))} after "rows imported"`
      : '') + (others.length ? ` (workers started meanwhile: ${others.join(', ')})` : ''),
  );
  const last = runs.at(-1);
  const q = last.quality;
  console.log(`  file card: "${last.importedText.replace(/\s+/g, ' ')}"`);
  console.log(
    `  quality page: dataset ${q.dataset ?? '?'} · ${q.stats.map(([k, v]) => `${k} ${v}`).join(' · ')} · ` +
      `${q.problems.length} problem(s) listed · Columns table ${q.hasColumnsTable ? 'shown' : 'MISSING'}`,
  );
  const alerts = [...new Set(runs.flatMap((r) => [...r.previewAlerts, ...r.finalAlerts]))];
  const errs = [...new Set(runs.flatMap((r) => r.pageErrors))];
  console.log(`  alerts shown by the app: ${alerts.length ? alerts.join(' | ') : 'none'}`);
  console.log(`  page errors / console errors: ${errs.length ? errs.join(' | ') : 'none'}`);

  heading(
    '2. Main-thread long tasks (PerformanceObserver "longtask", buffered; attribution from "long-animation-frame")',
  );
  for (const [i, r] of runs.entries()) {
    const lt = r.longTasks;
    const tag = runs.length > 1 ? `run ${i + 1}: ` : '';
    if (lt.observerErrors.length) {
      console.log(`  ${tag}observer errors: ${lt.observerErrors.join('; ')}`);
    }
    line(
      `${tag}long tasks > 50 ms, click → report`,
      lt.count,
      lt.count ? `longest ${lt.maxMs.toFixed(0)} ms, ${lt.totalMs.toFixed(0)} ms in all` : '',
    );
    for (const e of lt.entries) {
      console.log(
        `      task at +${e.atMs.toFixed(0)} ms after the click: ${e.duration.toFixed(0)} ms (${e.attribution.map((a) => a.containerType).join(',') || e.name})`,
      );
    }
    for (const f of lt.loafs) {
      console.log(`      ${describeLoaf(f)}`);
    }
    const printStretches = (stretches, when) => {
      for (const st of stretches ?? []) {
        console.log(
          `      CPU profile: main thread busy ${st.ms} ms from +${st.atMs} ms ${when}; most self time:`,
        );
        for (const f of st.self.slice(0, 6)) {
          console.log(`        ${String(f.ms).padStart(5)} ms  ${f.fn}`);
        }
        console.log('      app code (src/, workers/) by inclusive time:');
        for (const f of st.app.slice(0, 6)) {
          console.log(`        ${String(f.ms).padStart(5)} ms  ${f.fn}`);
        }
      }
    };
    printStretches(r.mainThreadProfile?.import, 'after the click');
    line(
      `${tag}long tasks > 50 ms, report → idle (later jobs)`,
      lt.afterReport.length,
      lt.afterReport.length
        ? `longest ${Math.max(...lt.afterReport.map((e) => e.duration)).toFixed(0)} ms`
        : '',
    );
    for (const e of lt.afterReport) {
      console.log(
        `      task at +${e.atMs.toFixed(0)} ms after the click: ${e.duration.toFixed(0)} ms`,
      );
    }
    for (const f of lt.afterReportLoafs) {
      console.log(`      ${describeLoaf(f)}`);
    }
    line(
      `${tag}long tasks > 50 ms, choose file → preview ready`,
      lt.duringPreview.length,
      lt.duringPreview.length
        ? `longest ${Math.max(...lt.duringPreview.map((e) => e.duration)).toFixed(0)} ms`
        : '',
    );
    for (const f of lt.previewLoafs) {
      console.log(`      ${describeLoaf({ ...f, atMs: undefined })}`);
    }
    printStretches(r.mainThreadProfile?.preview, 'after choosing the file');
    line(
      `${tag}long tasks > 50 ms, page load (before choosing)`,
      lt.duringPageLoad.length,
      lt.duringPageLoad.length
        ? `longest ${Math.max(...lt.duringPageLoad.map((e) => e.duration)).toFixed(0)} ms`
        : '',
    );
    for (const f of lt.loadLoafs) {
      console.log(`      ${describeLoaf({ ...f, atMs: undefined })}`);
    }
    printStretches(r.mainThreadProfile?.load, 'after navigation');
  }

  heading('3. Memory from the click until idle (import, report, later jobs), sampled every 100 ms');
  for (const [i, r] of runs.entries()) {
    const w = r.workerHeap;
    const tag = runs.length > 1 ? `run ${i + 1}: ` : '';
    if (!w.samples) {
      console.log(
        `  ${tag}import worker heap: NOT MEASURED (no CDP samples${w.errors.length ? `: ${w.errors.join('; ')}` : ''})`,
      );
    } else {
      console.log(
        `  ${tag}import worker (CDP Runtime.getHeapUsage on the 'portrait-import' worker target, ${w.samples} samples, largest gap ${w.maxGapMs.toFixed(0)} ms):`,
      );
      line('  V8 heap used, before → peak', `${mib(w.baseline?.used ?? 0)} → ${mib(w.peakUsed)}`);
      line('  V8 heap reserved (totalSize), peak', mib(w.peakTotal));
      line('  ArrayBuffer + external string storage, peak', mib(w.peakBacking));
      line(
        '  V8 heap + Blink heap + ArrayBuffers (peak of the sum)',
        mib(w.peakAll),
        `target ≤ ${TARGET_WORKER_MIB} MiB`,
      );
    }
    for (const o of r.otherWorkers ?? []) {
      console.log(
        `  ${tag}other worker '${o.title || o.url}' (started +${o.startedAt} ms after the click` +
          `${o.endedAt !== null ? `, ended +${o.endedAt} ms` : ''}; ${o.samples} samples, largest gap ${o.maxGapMs.toFixed(0)} ms):`,
      );
      line('  V8 heap used, first → peak', `${mib(o.baseline?.used ?? 0)} → ${mib(o.peakUsed)}`);
      line('  V8 heap + Blink heap + ArrayBuffers (peak of the sum)', mib(o.peakAll));
    }
    if (r.workerProfile) {
      const wp = r.workerProfile;
      console.log(
        `  ${tag}import worker CPU profile (--profile): ${wp.totalMs} ms profiled, ${wp.idleMs} ms idle (waiting for reads or IndexedDB, or done); most self time:`,
      );
      for (const f of wp.self.slice(0, 10)) {
        console.log(`        ${String(f.ms).padStart(6)} ms  ${f.fn}`);
      }
      console.log('      app code by inclusive time:');
      for (const f of wp.app.slice(0, 10)) {
        console.log(`        ${String(f.ms).padStart(6)} ms  ${f.fn}`);
      }
    }
    const p = r.pageHeap;
    line(
      `${tag}page main thread: V8 heap used, before → peak`,
      `${mib(p.baseline?.used ?? 0)} → ${mib(p.peakUsed)}`,
    );
    const s = r.rss;
    if (s) {
      console.log(
        `  ${tag}resident memory (RSS) of Chromium processes from /proc, baseline = before choosing the file:`,
      );
      if (s.pageRenderer) {
        line(
          '  renderer process of the page (page + its workers)',
          `${mib(s.pageRenderer.base)} → ${mib(s.pageRenderer.peak)}`,
          `growth ${mib(s.pageRenderer.peak - s.pageRenderer.base)}`,
        );
      }
      for (const [type, v] of Object.entries(s.peakByType)) {
        if (type !== 'renderer' && v.peak - v.base >= 5 * MIB) {
          line(
            `  ${type} process(es)`,
            `${mib(v.base)} → ${mib(v.peak)}`,
            `growth ${mib(v.peak - v.base)}`,
          );
        }
      }
      line(
        '  all Chromium processes (peak of the sum)',
        `${mib(s.baseline?.total ?? 0)} → ${mib(s.peakTotal)}`,
        `growth ${mib(s.peakTotal - (s.baseline?.total ?? 0))}`,
      );
    }
  }
}

function printPandas(p, rows) {
  heading('4. Baseline: pandas (pd.read_csv + pd.to_datetime, timed inside Python)');
  if (p.skipped) {
    console.log(`  SKIPPED: ${p.skipped}`);
    return;
  }
  console.log(
    `  python ${p.python}, pandas ${p.pandas}; ${int(p.rows)} rows; import pandas took ${sec(p.importPandasS * 1000)} (not counted)`,
  );
  line('read_csv', sec(p.readCsvS * 1000));
  line('to_datetime(order_date)', sec(p.toDatetimeS * 1000), `${int(p.unparsedDates)} unparsed`);
  if (p.runsS) {
    // One run before each browser import (bench/run.mjs, pandasBeside).
    line(
      'total, median of the runs beside the browser imports',
      sec(p.totalS * 1000),
      `runs ${p.runsS.map((t) => sec(t * 1000)).join(' · ')}`,
    );
  } else {
    line('total', sec(p.totalS * 1000), `${int(rows / p.totalS)} rows/s`);
  }
  line('python process peak RSS (getrusage ru_maxrss)', mib(p.peakRssBytes));
}

function printNode(n) {
  heading('5. Node core scan (peekFile → proposePlan → runImport, no browser, no storage)');
  const c = n.core;
  console.log(
    `  node ${n.node}, run as ${n.runner}; columns ${c.columns.join(', ')}; tokenized: ${c.tokenizedColumns.join(', ') || 'none (pseudonymize: null)'}`,
  );
  line('peek + plan', sec(c.planMs));
  line(
    `whole import (peek + plan + stream 4 MiB pieces)`,
    sec(c.totalMs),
    `${int(c.rowsPerSec)} rows/s`,
  );
  if (n.coreTsx && n.runner !== 'tsx') {
    line(
      'the same through tsx (keepNames: __name() wrappers)',
      sec(n.coreTsx.totalMs),
      `${int(n.coreTsx.rowsPerSec)} rows/s; tsx ÷ bundle = ${x(ratio(n.coreTsx.totalMs, c.totalMs))}`,
    );
  }
  line(
    'rows / chunks / typed-array bytes',
    `${int(c.rows)} / ${c.chunkCount} / ${mib(c.chunkBytes)}`,
  );
  if (c.kept !== null) {
    console.log(
      `  kept ${int(c.kept)}; excluded ${Object.entries(c.excluded)
        .map(([k, v]) => `${k} ${int(v)}`)
        .join(', ')}`,
    );
  }
  const p = n.parse;
  if (!p) {
    return;
  }
  console.log(
    `  parsers alone on the decoded text (${int(p.chars)} chars, decoded in ${sec(p.decodeMs)}); best of 2 runs each:`,
  );
  line(
    'CsvScanner (push(text), end(); records counted)',
    sec(p.scanner.ms),
    `${int(p.scanner.records)} records`,
  );
  line(
    'PapaParse Papa.parse(text) (records kept in .data)',
    sec(p.papa.ms),
    `${int(p.papa.records)} records`,
  );
  line(
    'PapaParse with step callback (records not kept)',
    sec(p.papaStep.ms),
    `${int(p.papaStep.records)} records`,
  );
  line(
    'ratio PapaParse ÷ CsvScanner',
    x(ratio(p.papa.ms, p.scanner.ms)),
    `step mode: ${x(ratio(p.papaStep.ms, p.scanner.ms))}`,
  );
}

function printPseudo(s) {
  heading(
    `6. Pseudonymization: pseudonymizeColumn over ${int(s.cells)} values, ${int(s.distinct)} distinct phone numbers`,
  );
  line('noble (createFastPseudonymizer)', sec(s.nobleMs), `target ≤ ${TARGET_NOBLE_S} s`);
  line('WebCrypto (createWebCryptoPseudonymizer)', sec(s.webcryptoMs));
  line('ratio WebCrypto ÷ noble', x(ratio(s.webcryptoMs, s.nobleMs)));
  line(
    'same pids from both / distinct pids',
    `${s.mismatches === 0 ? 'yes' : `NO (${s.mismatches} differ)`} / ${int(s.distinctPids)}`,
  );
}

const secOrNa = (ms) => (ms === null || ms === undefined ? 'n/a' : sec(ms));
const SEGMENT_ORDER = [
  '重要价值',
  '重要发展',
  '重要保持',
  '重要挽留',
  '一般价值',
  '一般发展',
  '一般保持',
  '一般挽留',
];
const sklearnOk = (r) => (r.sklearn && !r.sklearn.skipped ? r.sklearn : null);
const reruns = (r) => (r.browser?.runs ?? []).map((x) => x.analysis).filter((a) => a && !a.error);
/** The browser's end to end: choose the file → the automatic analysis done (main idle). */
const endToEnd = (run) => (run.idleMs === null ? null : run.previewMs + run.idleMs);

function printAnalysisBrowser(b) {
  heading(
    '7. Analysis in the browser: the automatic run after the import, then a clean re-run (Segments → "Run again")',
  );
  for (const [i, run] of b.runs.entries()) {
    const tag = b.runs.length > 1 ? `run ${i + 1}: ` : '';
    line(
      `${tag}automatic run: "rows imported" → idle (not busy 1 s)`,
      run.idleMs === null ? 'not reached' : sec(run.idleMs - run.storedMs),
      'overlaps opening the quality report',
    );
    const auto = (run.otherWorkers ?? []).find((o) => (o.title || o.url).includes('analyze'));
    if (auto) {
      line(
        `${tag}  analysis worker: V8 + Blink + ArrayBuffers, peak`,
        mib(auto.peakAll),
        `${auto.samples} samples, largest gap ${auto.maxGapMs.toFixed(0)} ms; target ≤ ${TARGET_ANALYSIS_WORKER_MIB} MiB`,
      );
    }
    line(`${tag}end to end: choose file → analysis done`, secOrNa(endToEnd(run)));
    const a = run.analysis;
    if (!a) {
      console.log(`  ${tag}re-run: not run (--no-rerun)`);
      continue;
    }
    if (a.error) {
      console.log(`  ${tag}re-run: FAILED: ${a.error}`);
      continue;
    }
    console.log(
      `  ${tag}re-run, stamped in the page when the role=status text first shows each phase:`,
    );
    line('  click "Run again" → not "Analysing", main not busy', sec(a.totalMs));
    line('    click → "RFM" (read stored columns + unify)', secOrNa(a.loadUnifyMs));
    line(
      '    "RFM" → "lifecycle" (R, F, M, scores, segments)',
      secOrNa(a.rfmMs),
      `target ≤ ${TARGET_RFM_S} s`,
    );
    line('    click → "lifecycle" (from the stored columns)', secOrNa(a.storedToSegmentsMs));
    line('    "lifecycle" → "clustering"', secOrNa(a.lifecycleMs));
    line(
      '    "clustering" → "done" (k = 2..8 × 10 restarts)',
      secOrNa(a.kSelectionMs),
      `target ≤ ${TARGET_KSEL_S} s`,
    );
    if (a.perK.length) {
      console.log(
        `      per k (progress after each k; the first includes the feature matrix): ${a.perK.map((p) => `k=${p.k} ${sec(p.ms)}`).join(' · ')}`,
      );
    }
    line('    "done" → end (profiles, store the run, render)', secOrNa(a.afterDoneMs));
    const missing = ['unify', 'rfm', 'lifecycle', 'kmeans', 'done'].filter(
      (p) => !a.phasesSeen.includes(p),
    );
    if (missing.length) {
      console.log(`      phases never shown in the status text: ${missing.join(', ')}`);
    }
    const w = a.workerHeap;
    if (!w.samples) {
      console.log(
        `    'portrait-analyze' worker heap: NOT MEASURED${w.errors?.length ? ` (${w.errors.join('; ')})` : ''}`,
      );
    } else {
      console.log(
        `    'portrait-analyze' worker heap (CDP, ${w.samples} samples, largest gap ${w.maxGapMs.toFixed(0)} ms):`,
      );
      line('    V8 heap used, before → peak', `${mib(w.baseline?.used ?? 0)} → ${mib(w.peakUsed)}`);
      line('    ArrayBuffer + external string storage, peak', mib(w.peakBacking));
      line(
        '    V8 + Blink + ArrayBuffers (peak of the sum)',
        mib(w.peakAll),
        `target ≤ ${TARGET_ANALYSIS_WORKER_MIB} MiB`,
      );
    }
    if (a.rss?.pageRenderer) {
      const p = a.rss.pageRenderer;
      line(
        '    renderer RSS (page + workers), before → peak',
        `${mib(p.base)} → ${mib(p.peak)}`,
        `growth ${mib(p.peak - p.base)}`,
      );
    }
    const lt = a.longTasks;
    line(
      '    main-thread long tasks > 50 ms during the re-run',
      lt.count,
      lt.count
        ? `longest ${lt.maxMs.toFixed(0)} ms, ${lt.totalMs.toFixed(0)} ms in all; target 0`
        : 'target 0',
    );
    for (const e of lt.entries) {
      console.log(`        task at +${e.atMs.toFixed(0)} ms: ${e.duration.toFixed(0)} ms`);
    }
    for (const f of lt.loafs) {
      console.log(`        ${describeLoaf(f)}`);
    }
    console.log(
      `    Segments view after the automatic run: k = ${a.before.k ?? '?'} (silhouette ${a.before.silhouette ?? '?'}), ${a.before.profiled === null ? '?' : int(a.before.profiled)} customers; after the re-run: k = ${a.after.k ?? '?'} (silhouette ${a.after.silhouette ?? '?'})`,
    );
  }
}

function printSklearn(s, rows) {
  heading(
    '8. Baseline: pandas + scikit-learn — read, exclusions, RFM, scores, segments, KMeans k = 2..8 (n_init 10) + silhouette on 5,000',
  );
  if (s.skipped) {
    console.log(`  SKIPPED: ${s.skipped}`);
    return;
  }
  const pools = (s.threadPools ?? []).map((p) => `${p.lib} ${p.threads}`).join(', ');
  console.log(
    `  python ${s.python}, pandas ${s.pandas}, numpy ${s.numpy}, scikit-learn ${s.sklearn}; ${s.cpus} CPUs; thread pools: ${pools || '?'}${s.threadLimit ? ` (limited to ${s.threadLimit})` : ''}; imports took ${sec(s.importLibsS * 1000)} (not counted)`,
  );
  const ph = s.phasesS;
  line('read_csv + to_datetime', sec(ph.read * 1000));
  line(
    'exclusions (first reason) + duplicates',
    sec(ph.clean * 1000),
    `kept ${int(s.kept)} of ${int(s.rows)}`,
  );
  line(
    'RFM (groupby: max date, nunique orders, sum)',
    sec(ph.rfm * 1000),
    `${int(s.customers)} customers`,
  );
  line('scores (np.percentile 20/40/60/80)', sec(ph.scores * 1000));
  line('segments (mean comparisons)', sec(ph.segments * 1000));
  line('features (log1p + StandardScaler) + sample', sec(ph.features * 1000));
  line(
    'KMeans k = 2..8 (n_init 10) + silhouette on 5,000',
    sec(ph.kmeans * 1000),
    `k = ${s.k} chosen (silhouette ${s.silhouette.toFixed(3)})`,
  );
  console.log(
    `      per k (fit + silhouette): ${s.perK.map((p) => `k=${p.k} ${(p.fitS + p.silhouetteS).toFixed(2)} s`).join(' · ')}`,
  );
  line('total (read → k chosen)', sec(s.totalS * 1000), `${int(rows / s.totalS)} rows/s`);
  line('  of which the analysis (exclusions → k chosen)', sec(s.analysisS * 1000));
  line('python process peak RSS (getrusage ru_maxrss)', mib(s.peakRssBytes));
  if (s.runs) {
    const desc = (x) => (x.threadLimit ? `${x.threadLimit} thread` : 'threads as installed');
    console.log(
      `  run twice: ${s.runs.map((x) => `${desc(x)}: total ${sec(x.totalS * 1000)}, KMeans sweep ${sec((x.phasesS.features + x.phasesS.kmeans) * 1000)}`).join(' · ')}; the figures above and the ratios use the faster (${desc(s)})`,
    );
  }
}

function printNodeAnalysis(n) {
  heading('9. Node analysis core (import → analyze() → views; no browser, no storage)');
  console.log(`  node ${n.node}, run as ${n.runner}`);
  line('import (peek + plan + runImport, chunks kept)', sec(n.importMs), `${int(n.rows)} rows`);
  line('analyze(): unify (+ concatenating the chunks)', sec(n.phasesMs.unify));
  line(
    'analyze(): RFM, scores, segments',
    sec(n.phasesMs.rfm),
    `target ≤ ${TARGET_RFM_S} s; ${int(n.profiled)} customers`,
  );
  line('analyze(): lifecycle', sec(n.phasesMs.lifecycle));
  line(
    'analyze(): features + k = 2..8 × 10 restarts',
    sec(n.phasesMs.kmeans),
    `target ≤ ${TARGET_KSEL_S} s; k = ${n.clusters?.k ?? '—'}`,
  );
  console.log(
    `      per k (the first includes the feature matrix): ${n.perK.map((p) => `k=${p.k} ${sec(p.ms)}`).join(' · ')}`,
  );
  line('analyze() in all', sec(n.analyzeMs));
  line('segmentsViewData (profiles)', sec(n.viewsMs));
  const m = n.memory;
  line(
    'heap + ArrayBuffers: after import → largest sample',
    `${mib(m.afterImport.heapUsed + m.afterImport.arrayBuffers)} → ${mib(m.peakSampledHeapPlusBuffers)}`,
    'sampled at the progress callbacks',
  );
  line('process peak RSS (import and analysis)', mib(m.afterAll.maxRss));
}

/** Segment counts, cut points, exclusions and k: pandas + scikit-learn vs ours. */
function agreement(r) {
  const s = sklearnOk(r);
  const n = r['node-analysis'];
  const runs = reruns(r);
  const cols = [];
  if (s) {
    cols.push(['pandas', s.rfm.segments]);
  }
  if (n?.rfm) {
    cols.push(['node', n.rfm.segments]);
  }
  for (const [i, a] of runs.entries()) {
    const t = runs.length > 1 ? ` ${i + 1}` : '';
    cols.push([`browser auto${t}`, a.before.segments]);
    cols.push([`browser re-run${t}`, a.after.segments]);
  }
  const diffs = [];
  if (s) {
    for (const [name, seg] of cols.slice(1)) {
      const bad = SEGMENT_ORDER.filter((g) => seg[g] !== s.rfm.segments[g]);
      if (bad.length) {
        diffs.push(
          `${name}: ${bad.map((g) => `${g} ${seg[g]} vs ${s.rfm.segments[g]}`).join(', ')}`,
        );
      }
    }
  }
  return { cols, diffs, compared: s ? cols.length - 1 : 0 };
}

function printAgreement(r) {
  const { cols, diffs, compared } = agreement(r);
  if (cols.length < 2) {
    return;
  }
  heading('10. Do our figures agree with pandas + scikit-learn? (same file, same definitions)');
  const w = 16;
  console.log(`  ${'segment'.padEnd(10)}${cols.map(([c]) => c.padStart(w)).join('')}`);
  for (const g of SEGMENT_ORDER) {
    const base = cols[0][1][g];
    console.log(
      `  ${g.padEnd(10 - 4)}${cols
        .map(([, seg], i) => {
          const v = seg[g];
          const t = v === undefined || v === null ? '—' : int(v);
          return (i > 0 && v !== base ? `≠ ${t}` : t).padStart(w);
        })
        .join('')}`,
    );
  }
  console.log(
    compared
      ? diffs.length
        ? `  segment counts DIFFER from pandas: ${diffs.join(' | ')}`
        : `  segment counts: identical in all ${compared} compared column(s)`
      : '  (pandas + scikit-learn not run: nothing to compare with)',
  );
  const s = sklearnOk(r);
  const n = r['node-analysis'];
  if (s && n?.rfm) {
    const rel = (a, b) => Math.abs(a - b) / Math.max(1e-12, Math.abs(b));
    let cut = 0;
    for (const k of ['R', 'F', 'M']) {
      for (let j = 0; j < 4; j++) {
        cut = Math.max(cut, rel(n.rfm.cutPoints[k][j], s.rfm.cutPoints[k][j]));
      }
    }
    const means = Math.max(...['R', 'F', 'M'].map((k) => rel(n.rfm.mean[k], s.rfm.mean[k])));
    const scoresSame =
      n.scoreCounts &&
      ['R', 'F', 'M'].every((k) => n.scoreCounts[k].every((v, i) => v === s.rfm.scoreCounts[k][i]));
    console.log(
      `  cut points: largest relative difference ${cut.toExponential(1)} · means: ${means.toExponential(1)} · score counts per 1..5: ${scoresSame ? 'identical' : 'DIFFER'}` +
        ` · customers ${int(n.profiled)} vs ${int(s.customers)} · D ${n.analysisDate} vs ${s.analysisDate}`,
    );
    const ex = Object.keys(s.excluded);
    const exSame = n.excluded && ex.every((k) => n.excluded[k] === s.excluded[k]);
    console.log(
      `  exclusions: ${exSame ? 'identical' : 'DIFFER'} (pandas ${ex.map((k) => `${k} ${int(s.excluded[k])}`).join(', ')}` +
        (exSame
          ? ')'
          : `; ours ${ex.map((k) => `${k} ${int(n.excluded?.[k] ?? NaN)}`).join(', ')})`),
    );
    if (n.clusters) {
      console.log(
        `  k chosen: ours ${n.clusters.k}, scikit-learn ${s.k} (k-means seeds and the silhouette sample differ, so the silhouettes are close, not equal):`,
      );
      console.log(
        `    silhouette per k, ours / sklearn: ${n.clusters.scores
          .map((o) => {
            const t = s.perK.find((p) => p.k === o.k);
            return `k=${o.k} ${o.silhouette.toFixed(3)}/${t ? t.silhouette.toFixed(3) : '?'}`;
          })
          .join(' · ')}`,
      );
      console.log(
        `    inertia per k, ours ÷ sklearn: ${n.clusters.scores
          .map((o) => {
            const t = s.perK.find((p) => p.k === o.k);
            return `k=${o.k} ${t ? (o.inertia / t.inertia).toFixed(4) : '?'}`;
          })
          .join(' · ')}`,
      );
    }
  }
}

function analysisSummaryRows(r, add) {
  const s = sklearnOk(r);
  const runs = r.browser?.runs ?? [];
  const a = reruns(r);
  const sk = s ? s.phasesS.features * 1000 + s.phasesS.kmeans * 1000 : null;
  const threads = s
    ? (s.threadLimit ?? s.threadPools?.find((p) => p.api === 'openmp')?.threads)
    : undefined;
  if (runs.length) {
    const e2e = runs.map(endToEnd).filter((v) => v !== null);
    if (e2e.length) {
      const v = median(e2e);
      add(
        'End to end: choose file → analysis done',
        sec(v),
        s ? `pandas+sklearn read → k ${sec(s.totalS * 1000)}` : 'sklearn not run',
        s
          ? `ours ÷ theirs = ${x(ratio(v, s.totalS * 1000))} (target ≤ ${TARGET_E2E_RATIO}, aim ≤ 1)`
          : '',
      );
    }
    const auto = runs.filter((x) => x.idleMs !== null).map((x) => x.idleMs - x.storedMs);
    if (auto.length) {
      add('Analysis, automatic ("rows imported" → idle)', sec(median(auto)), 'after the import');
    }
  }
  if (a.length) {
    const med = (f) => {
      const v = a.map(f).filter((y) => y !== null && y !== undefined);
      return v.length ? median(v) : null;
    };
    const total = med((y) => y.totalMs);
    add(
      'Analysis re-run in the browser (click → done)',
      sec(total),
      s ? `sklearn exclusions → k ${sec(s.analysisS * 1000)}` : '',
      s ? `ours ÷ theirs = ${x(ratio(total, s.analysisS * 1000))}` : '',
    );
    add('  re-run: read stored columns + unify', secOrNa(med((y) => y.loadUnifyMs)));
    const rfm = med((y) => y.rfmMs);
    const stored = med((y) => y.storedToSegmentsMs);
    add(
      '  re-run: RFM + scores + segments',
      secOrNa(rfm),
      `target ${TARGET_RFM_S} s`,
      stored !== null ? `incl. read + unify: ${sec(stored)}` : '',
    );
    const ksel = med((y) => y.kSelectionMs);
    add(
      '  re-run: k selection (2..8 × 10 restarts)',
      secOrNa(ksel),
      s
        ? `sklearn sweep ${sec(sk)}${threads ? ` (${threads} thread${threads === 1 ? '' : 's'})` : ''}`
        : `target ${TARGET_KSEL_S} s`,
      (s && ksel !== null ? `ours ÷ sklearn = ${x(ratio(ksel, sk))}; ` : '') +
        `target ≤ ${TARGET_KSEL_S} s`,
    );
    const peaks = a.map((y) => y.workerHeap).filter((w) => w.samples);
    if (peaks.length) {
      const p = Math.max(...peaks.map((w) => w.peakAll));
      add(
        'Analysis worker peak (re-run)',
        mib(p),
        `target ${TARGET_ANALYSIS_WORKER_MIB} MiB`,
        `peak ÷ target = ${x(ratio(p / MIB, TARGET_ANALYSIS_WORKER_MIB))}; gap ≤ ${Math.max(...peaks.map((w) => w.maxGapMs)).toFixed(0)} ms`,
      );
    } else {
      add('Analysis worker peak (re-run)', 'not measured');
    }
    add(
      'Long tasks > 50 ms during the re-run',
      `${Math.max(...a.map((y) => y.longTasks.count))}`,
      'target 0',
      `longest ${Math.max(...a.map((y) => y.longTasks.maxMs)).toFixed(0)} ms`,
    );
  }
  if (r.sklearn) {
    add(
      'pandas + sklearn pipeline (read → k chosen)',
      s ? sec(s.totalS * 1000) : 'skipped',
      s
        ? `peak RSS ${mib(s.peakRssBytes)}` +
            (s.runs
              ? `; ${s.runs.map((y) => `${y.threadLimit ? `${y.threadLimit} thr.` : 'all thr.'} ${sec(y.totalS * 1000)}`).join(', ')}`
              : '')
        : '',
      s
        ? `read ${s.phasesS.read.toFixed(2)} · clean+RFM+seg ${(s.phasesS.clean + s.phasesS.rfm + s.phasesS.scores + s.phasesS.segments).toFixed(2)} · KMeans ${(sk / 1000).toFixed(2)} s; k = ${s.k}`
        : '',
    );
  }
  const n = r['node-analysis'];
  if (n) {
    add(
      `Node analyze() (${n.runner})`,
      sec(n.analyzeMs),
      `RFM+seg ${sec(n.phasesMs.rfm)} · k sel. ${sec(n.phasesMs.kmeans)}`,
      s
        ? `k selection ÷ sklearn = ${x(ratio(n.phasesMs.kmeans, sk))}; k = ${n.clusters?.k ?? '—'}`
        : '',
    );
  }
  const ag = agreement(r);
  if (ag.compared) {
    add(
      'RFM segment counts vs pandas',
      ag.diffs.length ? 'DIFFER' : 'identical',
      ag.cols.map(([c]) => c).join(', '),
      ag.diffs.length ? ag.diffs.join(' | ').slice(0, 80) : '',
    );
  }
}

function summaryRows(r) {
  const rows = [];
  const add = (measure, value, baseline = '', ratioText = '') =>
    rows.push({ measure, value, baseline, ratio: ratioText });
  const pandasMs = r.pandas && !r.pandas.skipped ? r.pandas.totalS * 1000 : null;
  if (r.browser) {
    const runs = r.browser.runs;
    const total = median(runs.map((x) => x.totalMs));
    const report = median(runs.map((x) => x.reportMs));
    add('Browser: preview (choose → Start enabled)', sec(median(runs.map((x) => x.previewMs))));
    add(
      'Browser: report (click → Problems shown)',
      sec(report),
      pandasMs ? `pandas ${sec(pandasMs)}` : '',
      pandasMs ? `report ÷ pandas = ${x(ratio(report, pandasMs))}` : '',
    );
    add(
      'Browser: total (preview + report)',
      sec(total),
      pandasMs ? `pandas ${sec(pandasMs)}` : r.pandas ? 'pandas skipped' : 'pandas not run',
      pandasMs
        ? `total ÷ pandas = ${x(ratio(total, pandasMs))} (target ≤ ${TARGET_TOTAL_RATIO})`
        : '',
    );
    const paired = r.pandas?.runsS?.length === runs.length ? r.pandas.runsS : null;
    if (paired) {
      // Each browser run against the pandas run just before it (same load on the machine).
      const each = runs.map((run, i) => run.totalMs / (paired[i] * 1000));
      add(
        'Browser total ÷ pandas, run by run',
        each.map((v) => x(v)).join(' · '),
        'pandas just before each run',
        `median ${x(median(each))}`,
      );
    }
    add('Browser: throughput (rows ÷ total)', `${int(r.meta.rows / (total / 1000))} rows/s`);
    add(
      'Browser: idle (click → all jobs done)',
      runs.some((x) => x.idleMs === null) ? 'not reached' : sec(median(runs.map((x) => x.idleMs))),
      'incl. the automatic analysis',
    );
    const lt = runs.map((x) => x.longTasks);
    add(
      'Long tasks > 50 ms, click → report',
      `${Math.max(...lt.map((l) => l.count))}`,
      'target 0',
      `longest ${Math.max(...lt.map((l) => l.maxMs)).toFixed(0)} ms`,
    );
    add(
      'Long tasks > 50 ms, choose → preview',
      `${Math.max(...lt.map((l) => l.duringPreview.length))}`,
      'target 0',
      `longest ${Math.max(0, ...lt.flatMap((l) => l.duringPreview.map((e) => e.duration))).toFixed(0)} ms`,
    );
    add(
      'Long tasks > 50 ms, report → idle',
      `${Math.max(...lt.map((l) => l.afterReport.length))}`,
      'target 0',
      `longest ${Math.max(0, ...lt.flatMap((l) => l.afterReport.map((e) => e.duration))).toFixed(0)} ms`,
    );
    add(
      'Long tasks > 50 ms, page load',
      `${Math.max(...lt.map((l) => l.duringPageLoad.length))}`,
      'target 0',
      `longest ${Math.max(0, ...lt.flatMap((l) => l.duringPageLoad.map((e) => e.duration))).toFixed(0)} ms`,
    );
    const w = runs.map((x) => x.workerHeap).filter((h) => h.samples);
    if (w.length) {
      const peakAll = Math.max(...w.map((h) => h.peakAll));
      add(
        'Worker peak: V8 heap + Blink + ArrayBuffers',
        mib(peakAll),
        `target ${TARGET_WORKER_MIB} MiB`,
        `peak ÷ target = ${x(ratio(peakAll / MIB, TARGET_WORKER_MIB))}`,
      );
      add('Worker peak: V8 heap used', mib(Math.max(...w.map((h) => h.peakUsed))));
    } else {
      add('Worker peak memory', 'not measured');
    }
    const titles = [
      ...new Set(runs.flatMap((x) => (x.otherWorkers ?? []).map((o) => o.title || o.url))),
    ];
    for (const t of titles) {
      const peaks = runs.flatMap((x) =>
        (x.otherWorkers ?? []).filter((o) => (o.title || o.url) === t).map((o) => o.peakAll),
      );
      add(`Worker '${t}' peak (same measure)`, mib(Math.max(...peaks)), 'runs after the import');
    }
    const rr = runs.map((x) => x.rss?.pageRenderer).filter(Boolean);
    if (rr.length) {
      add(
        'Page renderer RSS growth (page + workers)',
        mib(Math.max(...rr.map((p) => p.peak - p.base))),
        `peak ${mib(Math.max(...rr.map((p) => p.peak)))}`,
      );
    }
  }
  if (r.pandas) {
    add(
      'pandas read_csv + to_datetime',
      r.pandas.skipped ? 'skipped' : sec(pandasMs),
      r.pandas.skipped ? '' : `peak RSS ${mib(r.pandas.peakRssBytes)}`,
    );
  }
  if (r.node) {
    const c = r.node.core;
    add(
      `Node core import (${r.node.runner})`,
      sec(c.totalMs),
      pandasMs ? `pandas ${sec(pandasMs)}` : '',
      pandasMs ? `node ÷ pandas = ${x(ratio(c.totalMs, pandasMs))}` : '',
    );
    add('Node core throughput', `${int(c.rowsPerSec)} rows/s`);
    if (r.node.coreTsx && r.node.runner !== 'tsx') {
      add(
        'Node core import (through tsx)',
        sec(r.node.coreTsx.totalMs),
        `bundle ${sec(c.totalMs)}`,
        `tsx ÷ bundle = ${x(ratio(r.node.coreTsx.totalMs, c.totalMs))}`,
      );
    }
    const p = r.node.parse;
    add(
      'CsvScanner alone (no pipeline)',
      sec(p.scanner.ms),
      `PapaParse ${sec(p.papa.ms)}`,
      `PapaParse ÷ CsvScanner = ${x(ratio(p.papa.ms, p.scanner.ms))}`,
    );
  }
  if (r.pseudo) {
    add(
      'Pseudonymize 1M (noble)',
      sec(r.pseudo.nobleMs),
      `target ${TARGET_NOBLE_S} s`,
      `noble ÷ target = ${x(ratio(r.pseudo.nobleMs / 1000, TARGET_NOBLE_S))}`,
    );
    add(
      'Pseudonymize 1M (WebCrypto)',
      sec(r.pseudo.webcryptoMs),
      `noble ${sec(r.pseudo.nobleMs)}`,
      `WebCrypto ÷ noble = ${x(ratio(r.pseudo.webcryptoMs, r.pseudo.nobleMs))}`,
    );
  }
  analysisSummaryRows(r, add);
  for (const [name, msg] of Object.entries(r.errors ?? {})) {
    add(`${name}`, 'FAILED', msg.split('\n')[0].slice(0, 60));
  }
  return rows;
}

function printTable(rows) {
  const cols = ['measure', 'value', 'baseline', 'ratio'];
  const head = {
    measure: 'Measure',
    value: 'Value',
    baseline: 'Compared with',
    ratio: 'Ratio (what ÷ what)',
  };
  const w = Object.fromEntries(
    cols.map((c) => [c, Math.max(head[c].length, ...rows.map((r) => String(r[c]).length))]),
  );
  const fmt = (r) => `| ${cols.map((c) => String(r[c]).padEnd(w[c])).join(' | ')} |`;
  console.log(fmt(head));
  console.log(`|${cols.map((c) => '-'.repeat(w[c] + 2)).join('|')}|`);
  for (const r of rows) {
    console.log(fmt(r));
  }
}

export function printReport(r) {
  printMeta(r.meta);
  if (r.browser) {
    printBrowser(r.browser, r.meta.rows);
  }
  if (r.pandas) {
    printPandas(r.pandas, r.meta.rows);
  }
  if (r.node) {
    printNode(r.node);
  }
  if (r.pseudo) {
    printPseudo(r.pseudo);
  }
  if (r.browser) {
    printAnalysisBrowser(r.browser);
  }
  if (r.sklearn) {
    printSklearn(r.sklearn, r.meta.rows);
  }
  if (r['node-analysis']) {
    printNodeAnalysis(r['node-analysis']);
  }
  printAgreement(r);
  for (const [name, msg] of Object.entries(r.errors ?? {})) {
    heading(`${name}: FAILED`);
    console.log(`  ${msg.replace(/\n/g, '\n  ')}`);
  }
  heading(`Summary — ${int(r.meta.rows)} rows`);
  const rows = summaryRows(r);
  printTable(rows);
  return rows;
}
