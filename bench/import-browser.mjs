// The browser import, end to end, driven as a person would: choose the file, wait for the
// preview, start the import, wait until it is stored, open Data quality and wait for its
// "Problems" heading. Each run gets a fresh browser (and so a fresh IndexedDB). Meanwhile:
// main-thread long tasks (and long animation frames, which name the scripts), the import
// worker's heap over CDP, the page's heap, and the RSS of the Chromium processes. Then, once the
// automatic analysis is done, a clean re-run of the analysis from the Segments view ("Run
// again"), its phases as the status text shows them, the analysis worker's heap, the RSS and the
// long tasks meanwhile (analysisRerun).
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { startPageHeapSampler, startWorkerHeapSampler } from './worker-heap.mjs';
import { canSampleRss, startRssSampler } from './proc-rss.mjs';
import { busyStretches, profileSummary } from './cpu-profile.mjs';
export { setSymbolicator } from './cpu-profile.mjs';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
  '--enable-precise-memory-info',
];
const TIMEOUT = 10 * 60_000;

// Runs in the page before any app script.
//  - Long tasks say little about their cause; long animation frames (Chromium ≥ 123) list the
//    scripts that ran in them.
//  - Milestones are stamped in the page's own clock, by a MutationObserver with cheap DOM checks,
//    so the harness neither adds latency to the figures nor loads the main thread with
//    accessibility queries while it waits (Node only reads __bench.stamps every 25 ms). The
//    moments a person acts (the file input's change event, the click on "Start import") are
//    stamped by capture listeners.
//  - The click on "Data quality" is made by the page script itself, in the observer callback
//    that first sees "rows imported": a round trip of the harness (its 25 ms polling, then
//    Playwright's click) took 0.07-0.12 s there, time that is neither the app's nor a person's
//    (both stay in the figures: stored → the click is printed as "of which the harness").
const PAGE_SCRIPT = `(() => {
  const b = (globalThis.__bench = { longtasks: [], loafs: [], errors: [], stamps: {}, alerts: [], armed: [] });
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) {
        b.longtasks.push({
          start: e.startTime,
          duration: e.duration,
          name: e.name,
          attribution: (e.attribution || []).map((a) => ({
            name: a.name, containerType: a.containerType, containerSrc: a.containerSrc,
            containerName: a.containerName,
          })),
        });
      }
    }).observe({ type: 'longtask', buffered: true });
  } catch (err) { b.errors.push('longtask: ' + err); }
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) {
        b.loafs.push({
          start: e.startTime,
          duration: e.duration,
          blockingDuration: e.blockingDuration,
          renderStart: e.renderStart,
          styleAndLayoutStart: e.styleAndLayoutStart,
          scripts: (e.scripts || []).map((s) => ({
            invoker: s.invoker, invokerType: s.invokerType, sourceURL: s.sourceURL,
            sourceFunctionName: s.sourceFunctionName, sourceCharPosition: s.sourceCharPosition,
            duration: s.duration, forcedStyleAndLayoutDuration: s.forcedStyleAndLayoutDuration,
            startTime: s.startTime,
          })),
        });
      }
    }).observe({ type: 'long-animation-frame', buffered: true });
  } catch (err) { b.errors.push('long-animation-frame: ' + err); }

  const text = (el) => (el.textContent || '').replace(/\\s+/g, ' ').trim();
  const isButton = (el, name) => el && el.tagName === 'BUTTON' && text(el) === name;
  const checks = {
    previewReady: () => [...document.querySelectorAll('button')].some(
      (el) => isButton(el, 'Start import') && !el.disabled && el.getAttribute('aria-disabled') !== 'true'),
    stored: () => {
      const m = /[\\d,.\\s]+rows imported/.exec(document.querySelector('main')?.textContent || '');
      if (m) b.storedText = m[0].replace(/\\s+/g, ' ').trim();
      return !!m;
    },
    problems: () => [...document.querySelectorAll('h1, h2, h3, [role="heading"]')].some(
      (el) => text(el) === 'Problems'),
    // The Segments view with a result on screen, its "Run again" button, and nothing running.
    segmentsReady: () =>
      document.querySelector('main')?.getAttribute('aria-busy') === 'false' &&
      [...document.querySelectorAll('button')].some((el) => isButton(el, 'Run again') && !el.disabled) &&
      [...document.querySelectorAll('h2')].some((el) => text(el) === 'Eight RFM segments'),
  };
  // The analysis re-run (armed by the harness, started by the click on "Run again"): the first
  // moment the role=status element shows each phase ("Analysing: RFM", "… · k = 3 (2/7)"), and
  // the end: the status no longer says "Analysing" and <main aria-busy="false">.
  const PHASES = { 'joining customers': 'unify', RFM: 'rfm', lifecycle: 'lifecycle', clustering: 'kmeans', done: 'done' };
  const trackRerun = (now) => {
    const r = b.rerun;
    if (!r || r.click === undefined || r.end !== undefined) return;
    const st = [...document.querySelectorAll('[role="status"]')].find((el) =>
      /Analysing:|Run again/.test(el.textContent || ''));
    const s = st ? text(st) : '';
    const m = /Analysing: (joining customers|RFM|lifecycle|clustering|done)/.exec(s);
    if (m) {
      r.running = true;
      const ph = PHASES[m[1]];
      if (r.phases[ph] === undefined) r.phases[ph] = now;
      const k = /k = (\\d+) \\((\\d+)\\/(\\d+)\\)/.exec(s);
      if (k && r.ks[k[1]] === undefined) r.ks[k[1]] = now;
    } else if (r.running && document.querySelector('main')?.getAttribute('aria-busy') === 'false') {
      r.end = now;
      r.endText = s;
    }
  };
  const check = () => {
    const now = performance.now();
    if (b.openQualityOnStored && b.stamps.stored === undefined && checks.stored()) {
      b.stamps.stored = now;
      b.openQualityOnStored = false;
      const link = [...document.querySelectorAll('a')].find((el) => text(el) === 'Data quality');
      if (link) link.click();
    }
    // Idle: <main aria-busy="false"> after the import stored, and staying so (the harness
    // confirms it after a second: a job may start right after another).
    if (b.stamps.stored !== undefined && b.stamps.idle === undefined) {
      const busy = document.querySelector('main')?.getAttribute('aria-busy');
      if (busy === 'false') { if (b.idleSince === undefined) b.idleSince = now; }
      else b.idleSince = undefined;
    }
    trackRerun(now);
    if (!b.armed.length) return;
    for (const name of b.armed) {
      if (b.stamps[name] === undefined && checks[name]()) b.stamps[name] = now;
    }
    b.armed = b.armed.filter((n) => b.stamps[n] === undefined);
    b.alerts = [...document.querySelectorAll('[role="alert"]')].map(text).filter(Boolean);
  };
  b.arm = (names) => { b.armed.push(...names); check(); };
  b.check = check;
  const start = () => new MutationObserver(check).observe(document.documentElement, {
    subtree: true, childList: true, attributes: true, characterData: true,
  });
  if (document.documentElement) start(); else addEventListener('DOMContentLoaded', start);
  addEventListener('change', (e) => {
    if (e.target && e.target.type === 'file' && b.stamps.drop === undefined) b.stamps.drop = performance.now();
  }, true);
  addEventListener('click', (e) => {
    const el = e.target && e.target.closest && e.target.closest('button, a');
    if (isButton(el, 'Start import') && b.stamps.click === undefined) b.stamps.click = performance.now();
    if (isButton(el, 'Run again') && b.rerun && b.rerun.click === undefined) b.rerun.click = performance.now();
    if (el && el.tagName === 'A' && text(el) === 'Data quality' && b.stamps.qualityLink === undefined && b.stamps.click !== undefined) {
      b.stamps.qualityLink = performance.now();
    }
  }, true);
})();`;

const isImportWorker = (w) => w.title === 'portrait-import' || /import\.worker/.test(w.url);
const isAnalyzeWorker = (w) => w.title === 'portrait-analyze' || /analyze\.worker/.test(w.url);

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** How long <main> must stay aria-busy="false" to count as idle. */
const IDLE_MS = 1000;
/** How long to wait for idle after the report before giving up (the figures stay). */
const IDLE_TIMEOUT = 5 * 60_000;

/** Waits until the page has stamped `name`; fails on a new alert or after `timeout`. */
async function waitStamp(page, name, { ignoreAlerts = [], timeout = TIMEOUT } = {}) {
  const end = performance.now() + timeout;
  for (;;) {
    const { stamps, alerts } = await page.evaluate((idleMs) => {
      const b = globalThis.__bench;
      if (
        b.idleSince !== undefined &&
        b.stamps.idle === undefined &&
        performance.now() - b.idleSince >= idleMs
      ) {
        b.stamps.idle = b.idleSince;
      }
      return { stamps: b.stamps, alerts: b.alerts };
    }, IDLE_MS);
    if (stamps[name] !== undefined) {
      return stamps;
    }
    const fresh = alerts.filter((a) => !ignoreAlerts.includes(a));
    if (fresh.length && stamps.stored === undefined) {
      throw new Error(`waiting for ${name}: the app shows an alert: ${fresh.join(' | ')}`);
    }
    if (performance.now() > end) {
      throw new Error(`waiting for ${name}: timed out after ${timeout / 1000} s`);
    }
    await sleep(25);
  }
}

/** What the Segments view shows: the eight segments' customer counts, k and its silhouette. */
function readSegmentsView() {
  const squash = (t) => (t || '').replace(/\s+/g, ' ').trim();
  const h = [...document.querySelectorAll('h2')].find(
    (el) => squash(el.textContent) === 'Eight RFM segments',
  );
  const card = h?.closest('.card') ?? h?.parentElement ?? null;
  const segments = {};
  for (const tr of card?.querySelectorAll('tbody tr') ?? []) {
    const th = tr.querySelector('th')?.cloneNode(true);
    if (!th) {
      continue;
    }
    for (const span of th.querySelectorAll('span')) {
      span.remove();
    }
    const count = (tr.querySelector('td')?.textContent ?? '').replace(/[^\d]/g, '');
    segments[squash(th.textContent)] = count === '' ? null : Number(count);
  }
  const main = squash(document.querySelector('main')?.textContent);
  const lead = /k = (\d+), ([^,]+), silhouette (-?\d+(?:\.\d+)?)/.exec(main);
  const take = /([\d,]+) customers take part/.exec(main);
  return {
    segments,
    k: lead ? Number(lead[1]) : null,
    kChosenBy: lead ? lead[2] : null,
    silhouette: lead ? Number(lead[3]) : null,
    profiled: take ? Number(take[1].replace(/,/g, '')) : null,
  };
}

/**
 * A clean re-run of the analysis over the stored data, after the import and its automatic
 * analysis are done: open Segments (by its link), wait until it shows a result and nothing
 * runs, then click "Run again" and wait until the status no longer says "Analysing" and <main>
 * is not busy. The page stamps the click, the first appearance of each phase in the status text
 * and the end (trackRerun in PAGE_SCRIPT). Meanwhile the 'portrait-analyze' worker's heap (a new
 * CDP sampler), the renderer RSS, and main-thread long tasks.
 */
async function analysisRerun(page, browserCdp, screenshot) {
  await page.evaluate(() => globalThis.__bench.arm(['segmentsReady']));
  await page.getByRole('link', { name: 'Segments', exact: true }).click();
  await waitStamp(page, 'segmentsReady', { timeout: IDLE_TIMEOUT });
  // Idle for a whole second before the click (a job may start right after another).
  const quietEnd = performance.now() + IDLE_TIMEOUT;
  for (let since = null; ; await sleep(100)) {
    const busy = await page.evaluate(
      () => document.querySelector('main')?.getAttribute('aria-busy') !== 'false',
    );
    if (busy) {
      since = null;
    } else if (since === null) {
      since = performance.now();
    } else if (performance.now() - since >= IDLE_MS) {
      break;
    }
    if (performance.now() > quietEnd) {
      throw new Error('Segments: <main> did not stay idle before "Run again"');
    }
  }
  const before = await page.evaluate(readSegmentsView);

  const heap = await startWorkerHeapSampler(browserCdp, { intervalMs: 100 });
  let heapStopped = false;
  const rss = canSampleRss() ? startRssSampler(100) : null;
  try {
    await sleep(300); // a heap baseline from the idle worker
    const rssBase = rss?.now() ?? null;
    const heapMark = heap.mark();
    const rssMark = rss?.mark() ?? 0;
    await page.evaluate(() => {
      globalThis.__bench.rerun = { phases: {}, ks: {} };
    });
    const t0Node = performance.now();
    await page.getByRole('button', { name: 'Run again', exact: true }).click();
    let r;
    for (;;) {
      r = await page.evaluate(() => {
        const b = globalThis.__bench;
        b.check();
        return b.rerun;
      });
      if (r.end !== undefined) {
        break;
      }
      if (performance.now() - t0Node > TIMEOUT) {
        throw new Error(
          `analysis re-run: still running after ${TIMEOUT / 1000} s (${r.endText ?? ''})`,
        );
      }
      await sleep(50);
    }
    heapStopped = true;
    const { workers, errors } = await heap.stop(heapMark);
    const rssStats = rss?.stop(rssMark, rssBase) ?? null;
    const after = await page.evaluate(readSegmentsView);
    await page.evaluate(
      () => new Promise((res) => requestAnimationFrame(() => setTimeout(res, 100))),
    );
    if (screenshot) {
      await page.screenshot({ path: screenshot, fullPage: true });
    }
    const observed = await page.evaluate(() => ({
      longtasks: globalThis.__bench.longtasks,
      loafs: globalThis.__bench.loafs,
    }));
    const inRun = (e) => e.start >= r.click && e.start <= r.end;
    const longTasks = observed.longtasks.filter(inRun);
    const ph = r.phases;
    const span = (a, b) => (ph[a] !== undefined && ph[b] !== undefined ? ph[b] - ph[a] : null);
    const kOrder = Object.entries(r.ks)
      .map(([k, t]) => ({ k: Number(k), at: t }))
      .sort((a, b) => a.at - b.at);
    const analyze = workers.filter(isAnalyzeWorker);
    const w = analyze.reduce((best, x) => (!best || x.peakAll > best.peakAll ? x : best), null);
    return {
      totalMs: r.end - r.click,
      phasesSeen: Object.keys(ph),
      phaseAtMs: Object.fromEntries(Object.entries(ph).map(([k, t]) => [k, t - r.click])),
      // click → 'rfm' shown: reading the columns from IndexedDB + unify (the status says
      // "joining customers" from the click on).
      loadUnifyMs: ph.rfm !== undefined ? ph.rfm - r.click : null,
      rfmMs: span('rfm', 'lifecycle'),
      lifecycleMs: span('lifecycle', 'kmeans'),
      kSelectionMs: span('kmeans', 'done'),
      // 'done' is announced by analyze(); then the worker builds the profiles, stores the run,
      // and the page renders it.
      afterDoneMs: ph.done !== undefined ? r.end - ph.done : null,
      // From the stored columns to the eight segments (click → 'lifecycle' shown).
      storedToSegmentsMs: ph.lifecycle !== undefined ? ph.lifecycle - r.click : null,
      perK: kOrder.map((x, i) => ({
        k: x.k,
        ms: x.at - (i === 0 ? (ph.kmeans ?? r.click) : kOrder[i - 1].at),
      })),
      before,
      after,
      workerHeap: w
        ? { ...w, series: undefined, workers: analyze.length, errors }
        : { samples: 0, errors },
      otherWorkers: workers
        .filter((x) => !isAnalyzeWorker(x))
        .map(({ series: _s, ...rest }) => rest),
      rss: rssStats && { ...rssStats, beforeClick: rssBase },
      longTasks: {
        count: longTasks.length,
        maxMs: longTasks.reduce((m, e) => Math.max(m, e.duration), 0),
        totalMs: longTasks.reduce((s, e) => s + e.duration, 0),
        entries: longTasks.map((e) => ({ atMs: e.start - r.click, duration: e.duration })),
        loafs: observed.loafs
          .filter((e) => inRun(e) && e.blockingDuration > 0)
          .map((e) => ({ ...e, atMs: e.start - r.click })),
      },
    };
  } finally {
    if (!heapStopped) {
      await heap.stop().catch(() => undefined);
    }
    rss?.stop();
  }
}

async function launch(storage) {
  if (storage === 'memory') {
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    return { browser, context, close: () => browser.close() };
  }
  const dir = mkdtempSync(path.join(os.tmpdir(), 'portrait-bench-'));
  const context = await chromium.launchPersistentContext(dir, {
    executablePath: CHROMIUM,
    args: ARGS,
    viewport: { width: 1280, height: 900 },
  });
  return {
    browser: context.browser(),
    context,
    close: async () => {
      await context.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * One import of `file` in a fresh browser. `storage` is 'disk' (a new on-disk profile, as a
 * person's browser) or 'memory' (an off-the-record context: IndexedDB lives in RAM).
 */
export async function browserImportOnce({
  url,
  file,
  storage = 'disk',
  screenshot = null,
  profile = false,
  rerun = true,
  segmentsShot = null,
}) {
  const { browser, context, close } = await launch(storage);
  const pageErrors = [];
  const rss = canSampleRss() ? startRssSampler(100) : null;
  let workerHeap = null;
  let pageHeap = null;
  try {
    await context.addInitScript(PAGE_SCRIPT);
    const page = context.pages()[0] ?? (await context.newPage());
    page.on('pageerror', (err) => pageErrors.push(`pageerror: ${err.message}`));
    page.on('console', (msg) => {
      if (msg.type() === 'error') {
        pageErrors.push(`console.error: ${msg.text()}`);
      }
    });
    page.on('crash', () => pageErrors.push('the page crashed'));
    const workerUrls = [];
    page.on('worker', (w) => workerUrls.push(w.url()));

    const browserCdp = await browser.newBrowserCDPSession();
    workerHeap = await startWorkerHeapSampler(browserCdp, { intervalMs: 100 });
    const pageCdp = await context.newCDPSession(page);
    pageHeap = startPageHeapSampler(pageCdp, 100);

    // With --profile the main thread is profiled in three phases: page load, preview, import.
    const phaseProfiles = {};
    const profilePhase = async (name) => {
      if (!profile) {
        return;
      }
      if (name !== 'load') {
        phaseProfiles[Object.keys(phaseProfiles).at(-1) ?? 'load'] = busyStretches(
          (await pageCdp.send('Profiler.stop')).profile,
        );
      } else {
        await pageCdp.send('Profiler.enable');
        await pageCdp.send('Profiler.setSamplingInterval', { interval: 250 });
      }
      if (name !== 'end') {
        phaseProfiles[name] = null;
        await pageCdp.send('Profiler.start');
      }
    };
    await profilePhase('load');
    await page.goto(`${url}?lang=en`);
    const chooser = page.getByLabel('Choose files');
    await chooser.waitFor({ state: 'attached' });
    await sleep(500); // let the shell settle (service worker install, idle callbacks)
    const rssBeforeDrop = rss?.now() ?? null;

    // 1. Preview: choose the file → "Start import" enabled.
    await page.evaluate(() => globalThis.__bench.arm(['previewReady']));
    await profilePhase('preview');
    await chooser.setInputFiles(file);
    let stamps = await waitStamp(page, 'previewReady');
    const start = page.getByRole('button', { name: 'Start import' });
    if (!(await start.isEnabled())) {
      throw new Error('the page stamped the preview as ready but "Start import" is not enabled');
    }
    const previewAlerts = await page.evaluate(() => globalThis.__bench.alerts);

    // 2. Import: click → "rows imported" → main idle → Data quality shows "Problems".
    await sleep(300); // a heap baseline from the idle worker
    const rssBeforeImport = rss?.now() ?? null;
    const workerMark = workerHeap.mark();
    const pageMark = pageHeap.mark();
    const rssMark = rss?.mark() ?? 0;
    await profilePhase('import');
    if (profile) {
      await workerHeap.send(isImportWorker, 'Profiler.enable');
      await workerHeap.send(isImportWorker, 'Profiler.setSamplingInterval', { interval: 1000 });
      await workerHeap.send(isImportWorker, 'Profiler.start');
    }
    // The quality report is opened as soon as the file card says "rows imported", as a person
    // would; later jobs (the automatic analysis) may still run: idle is awaited afterwards.
    await page.evaluate(() => {
      const b = globalThis.__bench;
      b.openQualityOnStored = true;
      b.arm(['stored', 'problems']);
    });
    await start.click();
    await waitStamp(page, 'stored', { ignoreAlerts: previewAlerts });
    stamps = await waitStamp(page, 'problems');
    if (stamps.qualityLink === undefined) {
      throw new Error('the page script did not click "Data quality" when "rows imported" showed');
    }
    stamps = await waitStamp(page, 'idle', { timeout: IDLE_TIMEOUT }).catch(async (err) => {
      if (!/timed out/.test(err.message)) {
        throw err;
      }
      pageErrors.push(`<main> still aria-busy ${IDLE_TIMEOUT / 1000} s after the click`);
      return page.evaluate(() => globalThis.__bench.stamps);
    });
    const idleReached = stamps.idle !== undefined;
    if ((await page.getByRole('heading', { name: 'Problems' }).count()) !== 1) {
      throw new Error('the page stamped "Problems" but getByRole(heading, Problems) finds none');
    }
    const importedText = await page.evaluate(() => globalThis.__bench.storedText);
    const pageT0 = stamps.click;
    const pageT1 = stamps.problems;
    const pageT2 = idleReached
      ? Math.max(stamps.problems, stamps.idle)
      : await page.evaluate(() => performance.now());
    const previewMs = stamps.previewReady - stamps.drop;
    const storedMs = stamps.stored - stamps.click;
    const idleMs = idleReached ? stamps.idle - stamps.click : null;
    const reportMs = stamps.problems - stamps.click;
    const harnessMs = (stamps.qualityLink ?? stamps.stored) - stamps.stored;
    const pageTDrop = stamps.drop;

    await profilePhase('end');
    const mainThreadProfile = profile ? phaseProfiles : null;
    const workerStopped = profile
      ? await workerHeap.send(isImportWorker, 'Profiler.stop').catch(() => null)
      : null;
    const workerProfile = workerStopped ? profileSummary(workerStopped.profile) : null;

    const { workers, errors: heapErrors } = await workerHeap.stop(workerMark);
    const importWorker = workers.find(isImportWorker) ?? null;
    const workerStats = importWorker
      ? { ...importWorker, errors: heapErrors }
      : { samples: 0, errors: heapErrors };
    const otherWorkers = workers
      .filter((w) => !isImportWorker(w))
      .map(({ series: _series, ...rest }) => rest);
    workerHeap = null;
    const pageStats = pageHeap.stop(pageMark);
    pageHeap = null;
    const rssStats = rss?.stop(rssMark, rssBeforeDrop) ?? null;

    // What the quality page shows, to check it is this dataset.
    const quality = await page.evaluate(() => {
      const panel = document.querySelector('[role="tabpanel"]');
      const dl = [...document.querySelectorAll('dl.stats div')].map((d) => [
        d.querySelector('dt')?.textContent?.trim(),
        d.querySelector('dd')?.textContent?.trim(),
      ]);
      const heads = [...document.querySelectorAll('h2')].map((h) => h.textContent.trim());
      const problemsH = [...document.querySelectorAll('h2')].find(
        (h) => h.textContent.trim() === 'Problems',
      );
      const problemItems = [];
      for (
        let el = problemsH?.nextElementSibling;
        el && el.tagName !== 'H2';
        el = el.nextElementSibling
      ) {
        for (const li of el.querySelectorAll('li')) {
          problemItems.push(li.textContent.replace(/\s+/g, ' ').trim());
        }
        if (!el.querySelector('li') && el.textContent.trim()) {
          problemItems.push(el.textContent.replace(/\s+/g, ' ').trim());
        }
      }
      return {
        dataset: panel?.getAttribute('aria-label') ?? null,
        stats: dl,
        headings: heads,
        problems: problemItems.slice(0, 20),
        hasColumnsTable: heads.includes('Columns') && !!document.querySelector('table'),
      };
    });

    // Observer callbacks are queued: give the last entries a moment to arrive.
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 100))));
    const observed = await page.evaluate(() => globalThis.__bench);
    const inWindow = (e) => e.start >= pageT0 && e.start <= pageT1;
    const laterLongTasks = observed.longtasks.filter((e) => e.start > pageT1 && e.start <= pageT2);
    const longTasks = observed.longtasks.filter(inWindow);
    const previewLongTasks = observed.longtasks.filter(
      (e) => e.start >= pageTDrop && e.start < pageT0,
    );
    const loadLongTasks = observed.longtasks.filter((e) => e.start < pageTDrop);
    const loafs = observed.loafs.filter((e) => inWindow(e) && e.blockingDuration > 0);

    if (screenshot) {
      await page.screenshot({ path: screenshot, fullPage: true });
    }
    const finalAlerts = await page.evaluate(() => {
      globalThis.__bench.check();
      return globalThis.__bench.alerts;
    });
    // The analysis, re-run over the stored data once the import and its automatic run are done.
    let analysis = null;
    if (rerun && idleReached) {
      try {
        analysis = await analysisRerun(page, browserCdp, segmentsShot);
      } catch (err) {
        analysis = { error: err instanceof Error ? err.message : String(err) };
      }
    } else if (rerun) {
      analysis = { error: 'not run: the import never became idle' };
    }
    return {
      storage,
      browserVersion: browser.version(),
      workerUrls,
      previewMs,
      storedMs,
      idleMs,
      reportMs,
      harnessMs,
      totalMs: previewMs + reportMs,
      importedText,
      previewAlerts,
      finalAlerts,
      pageErrors,
      quality,
      longTasks: {
        observerErrors: observed.errors,
        count: longTasks.length,
        maxMs: longTasks.reduce((m, e) => Math.max(m, e.duration), 0),
        totalMs: longTasks.reduce((s, e) => s + e.duration, 0),
        entries: longTasks.map((e) => ({ ...e, atMs: e.start - pageT0 })),
        afterReport: laterLongTasks.map((e) => ({ atMs: e.start - pageT0, duration: e.duration })),
        afterReportLoafs: observed.loafs
          .filter((e) => e.start > pageT1 && e.start <= pageT2 && e.blockingDuration > 0)
          .map((e) => ({ ...e, atMs: e.start - pageT0 })),
        duringPreview: previewLongTasks.map((e) => ({
          atMs: e.start - pageTDrop,
          duration: e.duration,
        })),
        duringPageLoad: loadLongTasks.map((e) => ({ start: e.start, duration: e.duration })),
        previewLoafs: observed.loafs.filter(
          (e) => e.start >= pageTDrop && e.start < pageT0 && e.blockingDuration > 0,
        ),
        loadLoafs: observed.loafs.filter((e) => e.start < pageTDrop && e.blockingDuration > 0),
        loafs: loafs.map((e) => ({ ...e, atMs: e.start - pageT0 })),
      },
      analysis,
      mainThreadProfile,
      workerProfile,
      workerHeap: workerStats,
      otherWorkers,
      pageHeap: pageStats,
      rss: rssStats && { ...rssStats, beforeDrop: rssBeforeDrop, beforeImport: rssBeforeImport },
    };
  } finally {
    await workerHeap?.stop().catch(() => undefined);
    pageHeap?.stop();
    rss?.stop();
    await close().catch(() => undefined);
  }
}
