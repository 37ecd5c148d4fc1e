// Samples the JS heap of the page's dedicated workers while they run, through the Chrome
// DevTools Protocol.
//
// What works in this Chromium (checked): a browser-level CDP session discovers worker targets
// with Target.setDiscoverTargets (type 'worker'; a worker is created with an empty url and
// title, which arrive in Target.targetInfoChanged), attaches to each in NON-flat mode
// (Target.attachToTarget {flatten: false}) and talks to it through Target.sendMessageToTarget;
// answers come back as Target.receivedMessageFromTarget events. (Flat mode gives a sessionId,
// but Playwright's CDPSession cannot route commands by sessionId, and the browser target itself
// has no Runtime domain.) Runtime.getHeapUsage on a worker answers
//   usedSize / totalSize          V8 heap of the worker isolate (used / reserved)
//   embedderHeapUsedSize          Blink's (Oilpan) heap in that worker
//   backingStorageSize            ArrayBuffer backing stores and external strings, which live
//                                 outside the V8 heap: typed-array column chunks count here.
// A worker in a long synchronous stretch answers late; the largest gap between answers is
// reported so a missed peak is visible.

export async function startWorkerHeapSampler(cdp, { intervalMs = 100 } = {}) {
  const t0 = performance.now();
  /** targetId → worker state */
  const workers = new Map();
  const bySession = new Map();
  let nextId = 1;
  const errors = [];

  const onMessage = (ev) => {
    const w = bySession.get(ev.sessionId);
    if (!w) {
      return;
    }
    let msg;
    try {
      msg = JSON.parse(ev.message);
    } catch {
      return;
    }
    const p = msg.id !== undefined ? w.pending.get(msg.id) : undefined;
    if (p) {
      w.pending.delete(msg.id);
      if (msg.error) {
        p.reject(new Error(msg.error.message));
      } else {
        p.resolve(msg.result);
      }
    }
  };
  const drop = (w) => {
    if (!w || w.ended !== null) {
      return;
    }
    w.ended = performance.now() - t0;
    bySession.delete(w.sessionId);
    for (const p of w.pending.values()) {
      p.reject(new Error('worker detached'));
    }
    w.pending.clear();
  };
  const onDetached = (ev) => drop(bySession.get(ev.sessionId) ?? workers.get(ev.targetId));
  const onDestroyed = (ev) => drop(workers.get(ev.targetId));
  const attach = async (info) => {
    if (info.type !== 'worker' || !info.url || workers.has(info.targetId)) {
      return;
    }
    const w = {
      targetId: info.targetId,
      title: info.title,
      url: info.url,
      sessionId: null,
      pending: new Map(),
      samples: [],
      inflight: false,
      lastAnswer: null,
      gaps: [],
      started: performance.now() - t0,
      ended: null,
    };
    workers.set(info.targetId, w);
    try {
      const r = await cdp.send('Target.attachToTarget', {
        targetId: info.targetId,
        flatten: false,
      });
      w.sessionId = r.sessionId;
      bySession.set(r.sessionId, w);
    } catch (err) {
      errors.push(`attach ${info.title || info.url}: ${err.message}`);
      w.ended = w.started;
    }
  };
  const onInfo = (ev) => {
    const known = workers.get(ev.targetInfo.targetId);
    if (known) {
      known.title = ev.targetInfo.title || known.title;
      known.url = ev.targetInfo.url || known.url;
      return;
    }
    attach(ev.targetInfo).catch(() => undefined);
  };

  cdp.on('Target.receivedMessageFromTarget', onMessage);
  cdp.on('Target.detachedFromTarget', onDetached);
  cdp.on('Target.targetDestroyed', onDestroyed);
  cdp.on('Target.targetCreated', onInfo);
  cdp.on('Target.targetInfoChanged', onInfo);
  await cdp.send('Target.setDiscoverTargets', { discover: true });
  for (const info of (await cdp.send('Target.getTargets')).targetInfos) {
    await attach(info);
  }

  const call = (w, method, params = {}) =>
    new Promise((resolve, reject) => {
      const id = nextId++;
      w.pending.set(id, { resolve, reject });
      cdp
        .send('Target.sendMessageToTarget', {
          sessionId: w.sessionId,
          message: JSON.stringify({ id, method, params }),
        })
        .catch((err) => {
          w.pending.delete(id);
          reject(err);
        });
    });

  const tick = () => {
    for (const w of workers.values()) {
      if (!w.sessionId || w.ended !== null || w.inflight) {
        continue;
      }
      w.inflight = true;
      call(w, 'Runtime.getHeapUsage')
        .then((r) => {
          const now = performance.now() - t0;
          if (w.lastAnswer !== null) {
            w.gaps.push([now, now - w.lastAnswer]);
          }
          w.lastAnswer = now;
          w.samples.push({
            t: now,
            used: r.usedSize,
            total: r.totalSize,
            embedder: r.embedderHeapUsedSize ?? 0,
            backing: r.backingStorageSize ?? 0,
          });
        })
        .catch((err) => {
          if (w.ended === null) {
            errors.push(err.message);
          }
        })
        .finally(() => {
          w.inflight = false;
        });
    }
  };
  const timer = setInterval(tick, intervalMs);
  tick();

  const find = (match) => [...workers.values()].find((w) => w.ended === null && match(w));

  return {
    /** Sends a CDP command to the first live worker matching `match`; null when none. */
    send: (match, method, params) => {
      const w = find(match);
      return w?.sessionId ? call(w, method, params) : Promise.resolve(null);
    },
    /** A point in time (for stop): samples from here on make the window. */
    mark: () => performance.now() - t0,
    /** Stops sampling; per worker seen in the window, its baseline and peaks. */
    async stop(from = 0) {
      clearInterval(timer);
      cdp.off('Target.receivedMessageFromTarget', onMessage);
      cdp.off('Target.detachedFromTarget', onDetached);
      cdp.off('Target.targetDestroyed', onDestroyed);
      cdp.off('Target.targetCreated', onInfo);
      cdp.off('Target.targetInfoChanged', onInfo);
      for (const w of workers.values()) {
        if (w.sessionId && w.ended === null) {
          await cdp.send('Target.detachFromTarget', { sessionId: w.sessionId }).catch(() => {});
        }
      }
      const out = [];
      for (const w of workers.values()) {
        const window = w.samples.filter((s) => s.t >= from);
        if (!window.length && (w.ended ?? Infinity) < from) {
          continue;
        }
        const before = w.samples.filter((s) => s.t < from).at(-1) ?? null;
        const peak = (f) => window.reduce((m, s) => Math.max(m, f(s)), 0);
        out.push({
          title: w.title,
          url: w.url,
          startedAt: Math.round(w.started - from),
          endedAt: w.ended === null ? null : Math.round(w.ended - from),
          samples: window.length,
          maxGapMs: w.gaps.filter(([t]) => t >= from).reduce((m, [, g]) => Math.max(m, g), 0),
          baseline: before ?? window[0] ?? null,
          peakUsed: peak((s) => s.used),
          peakTotal: peak((s) => s.total),
          peakBacking: peak((s) => s.backing),
          peakAll: peak((s) => s.used + s.embedder + s.backing),
          series: window.map((s) => [Math.round(s.t - from), s.used, s.backing]),
        });
      }
      return { workers: out, errors: [...new Set(errors)].slice(0, 5) };
    },
  };
}

/** Polls Runtime.getHeapUsage on a page's own CDP session (the main thread's heap). */
export function startPageHeapSampler(session, intervalMs = 100) {
  const samples = [];
  let inflight = false;
  const timer = setInterval(() => {
    if (inflight) {
      return;
    }
    inflight = true;
    session
      .send('Runtime.getHeapUsage')
      .then((r) =>
        samples.push({ used: r.usedSize, backing: r.backingStorageSize ?? 0, total: r.totalSize }),
      )
      .catch(() => undefined)
      .finally(() => {
        inflight = false;
      });
  }, intervalMs);
  return {
    mark: () => samples.length,
    stop(fromIndex = 0) {
      clearInterval(timer);
      const window = samples.slice(fromIndex);
      return {
        samples: window.length,
        baseline: samples[Math.max(0, fromIndex - 1)] ?? null,
        peakUsed: window.reduce((m, s) => Math.max(m, s.used), 0),
        peakAll: window.reduce((m, s) => Math.max(m, s.used + s.backing), 0),
      };
    },
  };
}
