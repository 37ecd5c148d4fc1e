#!/usr/bin/env node
// `npm run bench [-- options]`: measures the import path and the analysis (RFM, segments,
// k selection) and prints figures and ratios against baselines measured in the same run
// (pandas, pandas + scikit-learn). Nothing here asserts a time; it prints (and writes
// bench/results/latest.json). See bench/README.md.
//
//   --rows N         rows in the bench file (default 1000000; N/10 customers); the file
//                    bench/data/orders-<N>.csv is generated when missing
//   --runs N         browser imports, each in a fresh browser profile (default 1)
//   --storage S      disk (a fresh on-disk profile per run, default) or memory (an
//                    off-the-record context: IndexedDB held in RAM)
//   --only LIST      run only some of: browser,pandas,sklearn,node,node-analysis,pseudo,tags
//                    (comma-separated)
//   --skip LIST      skip some of them
//   --no-rerun       browser: skip the analysis re-run after the import (Segments → "Run again")
//   --sklearn-threads N   run scikit-learn once with its thread pools limited to N (default: twice,
//                    as installed and on one thread; the faster run is the baseline)
//   --no-build       use dist/ as it is (default: `npm run build` when dist/ is stale)
//   --profile        also take CPU profiles (the page's main thread during load, preview and
//                    import; the import worker during the import) and name the functions of
//                    each main-thread busy stretch ≥ 50 ms and the worker's hot spots, mapped
//                    to src/ (slows the page a little: to explain, not for the timings)
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildIsStale } from '../scripts/build-state.mjs';
import { createServer, listen } from '../scripts/serve.mjs';
import { ensureDataset } from './dataset.mjs';
import { browserImportOnce, setSymbolicator } from './import-browser.mjs';
import { createSymbolicator } from './symbolicate.mjs';
import { ROOT, RESULTS_DIR } from './paths.mjs';
import { median, printReport } from './report.mjs';

const SECTIONS = ['browser', 'pandas', 'sklearn', 'node', 'node-analysis', 'pseudo', 'tags'];
const PYTHON = process.env.BENCH_PYTHON ?? '/usr/bin/python3';

function parseArgs(argv) {
  const opts = {
    rows: 1_000_000,
    runs: 1,
    storage: 'disk',
    sections: new Set(SECTIONS),
    build: true,
    profile: false,
    rerun: true,
    sklearnThreads: null,
  };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].includes('=') ? argv[i].split(/=(.*)/) : [argv[i], undefined];
    const value = () => inline ?? argv[++i];
    switch (flag) {
      case '--rows':
        opts.rows = Number(value());
        break;
      case '--runs':
        opts.runs = Number(value());
        break;
      case '--storage':
        opts.storage = value();
        break;
      case '--only':
        opts.sections = new Set(value().split(','));
        break;
      case '--skip':
        for (const s of value().split(',')) {
          opts.sections.delete(s);
        }
        break;
      case '--no-build':
        opts.build = false;
        break;
      case '--profile':
        opts.profile = true;
        break;
      case '--no-rerun':
        opts.rerun = false;
        break;
      case '--sklearn-threads':
        opts.sklearnThreads = Number(value());
        break;
      case '-h':
      case '--help':
        console.log(readFileSync(new URL(import.meta.url), 'utf8').split('\nimport ')[0]);
        process.exit(0);
        break;
      default:
        throw new Error(`unknown option ${flag} (see --help)`);
    }
  }
  if (!Number.isInteger(opts.rows) || opts.rows < 10) {
    throw new Error('--rows must be a whole number ≥ 10');
  }
  if (!Number.isInteger(opts.runs) || opts.runs < 1) {
    throw new Error('--runs must be a whole number ≥ 1');
  }
  if (!['disk', 'memory'].includes(opts.storage)) {
    throw new Error('--storage must be disk or memory');
  }
  for (const s of opts.sections) {
    if (!SECTIONS.includes(s)) {
      throw new Error(`unknown section ${s}; pick from ${SECTIONS.join(', ')}`);
    }
  }
  return opts;
}

function sh(cmd, args) {
  const r = spawnSync(cmd, args, { cwd: ROOT, encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : null;
}

/** CPU ticks (utime + stime) of every process, from /proc. */
function cpuTicks() {
  const ticks = new Map();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) {
      continue;
    }
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      ticks.set(Number(name), Number(f[11]) + Number(f[12]));
    } catch {
      // gone
    }
  }
  return ticks;
}

/**
 * Other processes using CPU right now (measured over one second from /proc): the bench shares
 * the machine, so say so.
 */
function busyProcesses() {
  if (!existsSync('/proc/self/stat')) {
    return [];
  }
  const hz = 100; // USER_HZ on Linux
  const before = cpuTicks();
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 1000);
  const after = cpuTicks();
  const busy = [];
  for (const [pid, t] of after) {
    const cpu = ((t - (before.get(pid) ?? t)) / hz) * 100;
    if (pid !== process.pid && cpu >= 20) {
      let args;
      try {
        args = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ').trim();
      } catch {
        continue;
      }
      busy.push({ pid, cpu: Math.round(cpu), args: args.slice(0, 100) });
    }
  }
  return busy.sort((a, b) => b.cpu - a.cpu);
}

function meta(file, rows) {
  const dirty = sh('git', ['status', '--porcelain', '--', 'src', 'workers']);
  const cpus = os.cpus();
  return {
    date: new Date().toISOString(),
    rows,
    file: path.relative(ROOT, file),
    fileBytes: statSync(file).size,
    node: process.version,
    cpu: `${cpus.length} × ${cpus[0]?.model ?? '?'}`,
    memGb: Math.round(os.totalmem() / 2 ** 30),
    loadavg: os.loadavg(),
    busy: busyProcesses(),
    loadAtStep: {},
    commit: sh('git', ['rev-parse', '--short', 'HEAD']),
    dirtySources: dirty === null ? null : dirty.length > 0,
  };
}

/** Runs a bench script through tsx; returns its last stdout line as JSON. */
function runTsx(script, args) {
  const local = path.join(ROOT, 'node_modules', '.bin', 'tsx');
  const [cmd, pre] = existsSync(local) ? [local, []] : ['npx', ['tsx']];
  const r = spawnSync(cmd, [...pre, path.join(ROOT, 'bench', script), ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  if (r.status !== 0) {
    throw new Error(`bench/${script} exited with ${r.status ?? r.signal}`);
  }
  return JSON.parse(r.stdout.trim().split('\n').at(-1));
}

/** Bundles a bench script with esbuild (no keepNames) and runs it with plain node. */
async function runBundled(script, args, nodeArgs = []) {
  const esbuild = await import('esbuild');
  const outfile = path.join(RESULTS_DIR, script.replace(/\.ts$/, '.bundle.mjs'));
  await esbuild.build({
    entryPoints: [path.join(ROOT, 'bench', script)],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    outfile,
    logLevel: 'error',
  });
  const r = spawnSync(process.execPath, [...nodeArgs, outfile, ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  if (r.status !== 0) {
    throw new Error(`${script} bundle exited with ${r.status ?? r.signal}`);
  }
  return JSON.parse(r.stdout.trim().split('\n').at(-1));
}

/**
 * The Node core scan: bundled by esbuild (no keepNames) and run by plain node for the figures,
 * then the core import once more through tsx, as `npm run summarize` runs it.
 */
async function runNodeScan(file) {
  let bundled = null;
  let bundleError = null;
  try {
    bundled = await runBundled('node-scan.ts', [file]);
  } catch (err) {
    bundleError = err instanceof Error ? err.message : String(err);
    console.log(`  (no esbuild bundle: ${bundleError}; timing through tsx only)`);
  }
  console.log('node core scan through tsx …');
  const viaTsx = runTsx('node-scan.ts', bundled ? [file, '--core-only'] : [file]);
  return bundled
    ? { ...bundled, runner: 'esbuild bundle + node', coreTsx: viaTsx.core }
    : { ...viaTsx, runner: 'tsx', coreTsx: viaTsx.core, bundleError };
}

/** The analysis core in Node (import, then analyze() and the views), bundled like node-scan. */
async function runNodeAnalysis(file) {
  try {
    return {
      ...(await runBundled('node-analyze.ts', [file], ['--expose-gc'])),
      runner: 'esbuild bundle + node',
    };
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err);
    console.log(`  (no esbuild bundle: ${why}; through tsx)`);
    return { ...runTsx('node-analyze.ts', [file]), runner: 'tsx', bundleError: why };
  }
}

function runPandas(file) {
  const r = spawnSync(PYTHON, [path.join(ROOT, 'bench', 'pandas-baseline.py'), file], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  if (r.error?.code === 'ENOENT') {
    return { skipped: `${PYTHON} not found` };
  }
  if (r.status === 3) {
    return { skipped: r.stderr.trim() };
  }
  if (r.status !== 0) {
    throw new Error(`pandas-baseline.py exited with ${r.status}: ${r.stderr.trim().slice(-400)}`);
  }
  return JSON.parse(r.stdout.trim().split('\n').at(-1));
}

/**
 * The pandas + scikit-learn baseline. With `threads` (--sklearn-threads), once with that limit.
 * Without, twice: as installed (KMeans and BLAS on every core) and on one thread; the faster
 * run is the baseline of the ratios. On this shared 2-core machine the OpenMP threads of KMeans
 * contend with the neighbours and were up to 3× slower than one thread, so neither setting alone
 * would be a fair "theirs".
 */
function runSklearn(file, threads) {
  if (threads) {
    return runSklearnOnce(file, threads);
  }
  const all = runSklearnOnce(file, null);
  if (all.skipped) {
    return all;
  }
  console.log('pandas + scikit-learn again on one thread …');
  const one = runSklearnOnce(file, 1);
  const pick = one.totalS < all.totalS ? one : all;
  const brief = (x) => ({
    threadLimit: x.threadLimit,
    totalS: x.totalS,
    phasesS: x.phasesS,
    k: x.k,
    peakRssBytes: x.peakRssBytes,
  });
  return { ...pick, runs: [brief(all), brief(one)] };
}

function runSklearnOnce(file, threads) {
  const args = [path.join(ROOT, 'bench', 'sklearn-baseline.py'), file];
  if (threads) {
    args.push('--threads', String(threads));
  }
  const r = spawnSync(PYTHON, args, { cwd: ROOT, encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 });
  if (r.error?.code === 'ENOENT') {
    return { skipped: `${PYTHON} not found` };
  }
  if (r.status === 3) {
    return { skipped: r.stderr.trim() };
  }
  if (r.status !== 0) {
    throw new Error(`sklearn-baseline.py exited with ${r.status}: ${r.stderr.trim().slice(-400)}`);
  }
  return JSON.parse(r.stdout.trim().split('\n').at(-1));
}

function ensureBuild(build) {
  const stale = buildIsStale();
  if (stale && build) {
    console.log(`dist/ is ${stale}: npm run build …`);
    const r = spawnSync('npm', ['run', 'build'], { cwd: ROOT, encoding: 'utf8' });
    if (r.status !== 0) {
      // eslint-disable-next-line no-control-regex
      const lines = (r.stdout + r.stderr).replace(/\x1b\[[0-9;]*m/g, '').split('\n');
      const from = Math.max(
        0,
        lines.findIndex((l) => /error during build|error TS|Error:/.test(l)),
      );
      const detail = lines
        .slice(from)
        .filter((l) => l.trim() && !/^\s+at /.test(l))
        .slice(0, 14)
        .join('\n');
      throw new Error(`npm run build failed (exit ${r.status}):\n${detail}`);
    }
    return { built: true, stale };
  }
  if (stale === 'missing') {
    throw new Error('dist/ is missing (run without --no-build)');
  }
  return { built: false, stale };
}

let sym = null;

/** Reads the minified code around a script position, to name what a long frame ran. */
function snippet(sourceURL, at) {
  try {
    const rel = new URL(sourceURL).pathname;
    const text = readFileSync(path.join(ROOT, 'dist', rel), 'utf8');
    return text.slice(Math.max(0, at), at + 160).replace(/\s+/g, ' ');
  } catch {
    return null;
  }
}

function annotate(loafs) {
  for (const f of loafs) {
    for (const s of f.scripts) {
      if (s.sourceURL && s.sourceCharPosition >= 0) {
        s.snippet = snippet(s.sourceURL, s.sourceCharPosition);
        s.source = sym?.at(s.sourceURL, null, s.sourceCharPosition) ?? null;
      }
    }
  }
}

/**
 * pandas measured once per browser run, just before it (see main): the machine's load drifts
 * from minute to minute, and a ratio of two figures taken minutes apart carried that drift.
 * The headline figure is the median run (its `totalS` the median of all), with every run's
 * total in `runsS`. A skipped or failed run ends the pairing.
 */
function pandasBeside(file) {
  const runs = [];
  let error = null;
  return {
    run(i, n) {
      if (error || runs.some((r) => r.skipped)) {
        return;
      }
      console.log(`pandas baseline ${i + 1}/${n} …`);
      try {
        runs.push(runPandas(file));
      } catch (err) {
        error = err instanceof Error ? err.message : String(err);
        console.error(`  pandas: FAILED: ${error}`);
      }
    },
    result() {
      const skipped = runs.find((r) => r.skipped);
      if (skipped || runs.length === 0) {
        return skipped ?? { skipped: error ?? 'not run' };
      }
      const byTotal = [...runs].sort((a, b) => a.totalS - b.totalS);
      const totals = runs.map((r) => r.totalS);
      const headline = byTotal[byTotal.length >> 1];
      return { ...headline, totalS: median(totals), runsS: totals, besideBrowserRuns: true };
    },
  };
}

async function browserSection(opts, file, pandas = null) {
  const build = ensureBuild(opts.build);
  if (opts.profile) {
    console.log(
      'source maps for --profile: vite build --sourcemap hidden → bench/results/dist-maps …',
    );
    sym = await createSymbolicator();
    if (sym.ok) {
      setSymbolicator(sym.at);
    } else {
      console.log(`  no source maps: ${sym.why}`);
      sym = null;
    }
  }
  const server = createServer(path.join(ROOT, 'dist'));
  const url = await listen(server, 4317, '127.0.0.1');
  const runs = [];
  try {
    for (let i = 0; i < opts.runs; i++) {
      const last = i === opts.runs - 1;
      pandas?.run(i, opts.runs);
      console.log(`browser import run ${i + 1}/${opts.runs} (${opts.storage}) …`);
      const r = await browserImportOnce({
        url,
        file,
        storage: opts.storage,
        screenshot: last ? path.join(RESULTS_DIR, 'quality.png') : null,
        segmentsShot: last ? path.join(RESULTS_DIR, 'segments.png') : null,
        profile: opts.profile,
        rerun: opts.rerun,
      });
      if (r.analysis?.error) {
        console.log(`  analysis re-run: ${r.analysis.error}`);
      } else if (r.analysis) {
        console.log(`  analysis re-run: ${(r.analysis.totalMs / 1000).toFixed(2)} s`);
      }
      annotate(r.longTasks.loafs);
      annotate(r.longTasks.previewLoafs);
      annotate(r.longTasks.loadLoafs);
      if (r.analysis?.longTasks) {
        annotate(r.analysis.longTasks.loafs);
      }
      runs.push(r);
    }
  } finally {
    server.close();
  }
  return {
    build,
    distBuiltAt: statSync(path.join(ROOT, 'dist', 'index.html')).mtime.toISOString(),
    chromium: runs[0]?.browserVersion ?? null,
    storage: opts.storage,
    runs,
  };
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  mkdirSync(RESULTS_DIR, { recursive: true });
  const { file } = ensureDataset(opts.rows);
  // Warm the page cache so no measurement pays for the first read from disk.
  readFileSync(file);
  const results = {
    meta: meta(file, opts.rows),
    options: { ...opts, sections: [...opts.sections] },
  };
  const errors = {};
  const section = async (name, fn) => {
    if (!opts.sections.has(name)) {
      return;
    }
    // The 1-minute load average as each step starts: the machine is shared.
    results.meta.loadAtStep[name] = os.loadavg()[0];
    try {
      results[name] = await fn();
    } catch (err) {
      errors[name] = err instanceof Error ? err.message : String(err);
      console.error(`\n${name}: FAILED: ${errors[name]}\n`);
    }
  };
  // Baselines first, the browser last: each step runs alone on the machine. With the browser,
  // pandas runs just before each browser import instead (pandasBeside), so that the ratio of
  // the two compares figures taken under the same load.
  const pandas =
    opts.sections.has('pandas') && opts.sections.has('browser') ? pandasBeside(file) : null;
  if (!pandas) {
    await section('pandas', () => {
      console.log('pandas baseline …');
      return runPandas(file);
    });
  }
  await section('sklearn', () => {
    console.log('pandas + scikit-learn analysis baseline …');
    return runSklearn(file, opts.sklearnThreads);
  });
  await section('node', () => {
    console.log('node core scan (esbuild bundle) …');
    return runNodeScan(file);
  });
  await section('node-analysis', () => {
    console.log('node analysis core (esbuild bundle) …');
    return runNodeAnalysis(file);
  });
  await section('pseudo', () => {
    console.log('pseudonymization …');
    return runTsx('pseudonymize.ts', ['1000000', '100000']);
  });
  await section('tags', () => {
    console.log('tag rules over 100,000 customers …');
    const t = runTsx('tags.ts', ['100000']);
    console.log(
      `  10 rules → bitsets ${t.evaluateMs.toFixed(1)} ms (row-object filter ${t.baselineFilterMs.toFixed(1)} ms, ×${t.ratioEvaluate.toFixed(3)}); AND/OR of ten + counts ${t.combineAndCountMs.toFixed(2)} ms (Set intersection ${t.baselineCombineMs.toFixed(1)} ms, ×${t.ratioCombine.toFixed(3)}); target ≤ 50 ms`,
    );
    return t;
  });
  await section('browser', () => browserSection(opts, file, pandas));
  if (pandas) {
    results.pandas = pandas.result();
  }
  for (const [i, r] of (results.browser?.runs ?? []).entries()) {
    if (r.analysis?.error) {
      errors[`browser analysis re-run${results.browser.runs.length > 1 ? ` ${i + 1}` : ''}`] =
        r.analysis.error;
    }
  }
  results.meta.loadavgAfter = os.loadavg();
  results.meta.busyAfter = busyProcesses();
  results.errors = errors;

  const summary = printReport(results);
  results.summary = summary;
  const out = path.join(RESULTS_DIR, 'latest.json');
  writeFileSync(out, JSON.stringify(results, null, 2) + '\n');
  console.log(`\nwritten: ${path.relative(process.cwd(), out)}`);
  if (results.browser) {
    console.log(
      `screenshots: ${['quality.png', 'segments.png'].map((f) => path.relative(process.cwd(), path.join(RESULTS_DIR, f))).join(', ')}`,
    );
  }
  process.exitCode = Object.keys(errors).length ? 1 : 0;
}

main().catch((err) => {
  console.error(`bench: ${err instanceof Error ? err.message : err}`);
  process.exit(1);
});
