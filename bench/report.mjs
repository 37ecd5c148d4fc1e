// Prints the bench results: one block per measurement, then a summary table. Returns the
// table rows (they go into latest.json too). Sizes are MiB (2^20 bytes); times are wall clock.

const MIB = 1024 * 1024;
const TARGET_TOTAL_RATIO = 1.5;
const TARGET_WORKER_MIB = 400;
const TARGET_NOBLE_S = 3;

const int = (n) => Math.round(n).toLocaleString('en-US');
const sec = (ms) => `${(ms / 1000).toFixed(2)} s`;
const mib = (b) => `${(b / MIB).toFixed(0)} MiB`;
const ratio = (a, b) => (b > 0 ? a / b : NaN);
const x = (r) => (Number.isFinite(r) ? `${r.toFixed(2)}×` : 'n/a');
const median = (xs) => {
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
    `\nPortrait import bench — ${int(m.rows)} rows: ${m.file} (${(m.fileBytes / 1e6).toFixed(1)} MB)`,
  );
  console.log(
    `  ${m.date} · node ${m.node} · ${m.cpu} · ${m.memGb} GB · commit ${m.commit ?? '?'}` +
      (m.dirtySources ? ' + uncommitted changes in src/ or workers/' : ''),
  );
  console.log(
    `  load average before: ${m.loadavg.map((l) => l.toFixed(2)).join(' ')}` +
      (m.loadavgAfter ? ` · after: ${m.loadavgAfter.map((l) => l.toFixed(2)).join(' ')}` : ''),
  );
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
  line('total', sec(p.totalS * 1000), `${int(rows / p.totalS)} rows/s`);
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
  for (const [name, msg] of Object.entries(r.errors ?? {})) {
    heading(`${name}: FAILED`);
    console.log(`  ${msg.replace(/\n/g, '\n  ')}`);
  }
  heading(`Summary — ${int(r.meta.rows)} rows`);
  const rows = summaryRows(r);
  printTable(rows);
  return rows;
}
