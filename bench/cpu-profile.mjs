// Names what the main thread did in its long stretches of work, from a CDP CPU profile
// (Profiler domain, sampled). Only with `npm run bench -- --profile`: profiling slows the page a
// little, so the timed figures of a profiled run are not the headline ones.

let symbolicate = () => null;
/** Installs a function (url, line0, col0) → "src/…:line (name)" used to name profile frames. */
export function setSymbolicator(fn) {
  symbolicate = fn;
}

const key = (cf) => {
  const where = cf.url ? symbolicate(cf.url, cf.lineNumber, cf.columnNumber) : null;
  return (
    `${cf.functionName || '(anonymous)'} ` +
    (where ??
      (cf.url
        ? `${cf.url.replace(/^https?:\/\/[^/]+/, '')}:${cf.lineNumber + 1}:${cf.columnNumber + 1}`
        : ''))
  );
};

/** Adds a sample of `dt` ms to its function's self time and to every caller's inclusive time. */
function attribute(node, dt, byId, parent, self, incl) {
  const sk = key(node.callFrame);
  self.set(sk, (self.get(sk) ?? 0) + dt);
  const seen = new Set();
  for (let id = node.id; id !== undefined; id = parent.get(id)) {
    const cf = byId.get(id).callFrame;
    if (cf.functionName === '(root)') {
      continue;
    }
    const ik = key(cf);
    if (!seen.has(ik)) {
      seen.add(ik);
      incl.set(ik, (incl.get(ik) ?? 0) + dt);
    }
  }
}

/** The `top` largest entries of a function → ms map, rounded. */
function topOf(m, top) {
  return [...m]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([fn, ms]) => ({ fn, ms: Math.round(ms) }));
}

/**
 * Stretches of at least `minMs` in which every sample is busy (not '(idle)'), each with the
 * functions that took the most self time and the most inclusive time in it.
 */
export function busyStretches(profile, { minMs = 50, top = 8 } = {}) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map();
  for (const n of profile.nodes) {
    for (const c of n.children ?? []) {
      parent.set(c, n.id);
    }
  }
  const times = [];
  let t = profile.startTime;
  for (const d of profile.timeDeltas) {
    t += d;
    times.push(t);
  }
  const idle = (id) => byId.get(id)?.callFrame.functionName === '(idle)';
  const out = [];
  let i = 0;
  const n = profile.samples.length;
  while (i < n) {
    if (idle(profile.samples[i])) {
      i++;
      continue;
    }
    let j = i;
    while (j + 1 < n && !idle(profile.samples[j + 1])) {
      j++;
    }
    const end = j + 1 < n ? times[j + 1] : profile.endTime;
    const ms = (end - times[i]) / 1000;
    if (ms >= minMs) {
      const self = new Map();
      const incl = new Map();
      for (let k = i; k <= j; k++) {
        const dt = ((k + 1 < n ? times[k + 1] : profile.endTime) - times[k]) / 1000;
        attribute(byId.get(profile.samples[k]), dt, byId, parent, self, incl);
      }
      const sorted = (m) => topOf(m, top);
      out.push({
        atMs: Math.round((times[i] - profile.startTime) / 1000),
        ms: Math.round(ms),
        self: sorted(self),
        inclusive: sorted(incl),
        // The app's own frames (src/, workers/) by inclusive time: where to look first.
        app: sorted(new Map([...incl].filter(([k]) => / (src|workers)\//.test(k)))),
      });
    }
    i = j + 1;
  }
  return out;
}

/** Where a whole profile's time went: top self and inclusive frames, and the idle share. */
export function profileSummary(profile, { top = 12 } = {}) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map();
  for (const n of profile.nodes) {
    for (const c of n.children ?? []) {
      parent.set(c, n.id);
    }
  }
  const self = new Map();
  const incl = new Map();
  let idleMs = 0;
  let totalMs = 0;
  const n = profile.samples.length;
  for (let k = 0; k < n; k++) {
    const dt = (profile.timeDeltas[k + 1] ?? 0) / 1000;
    totalMs += dt;
    const node = byId.get(profile.samples[k]);
    if (node.callFrame.functionName === '(idle)') {
      idleMs += dt;
      continue;
    }
    attribute(node, dt, byId, parent, self, incl);
  }
  const sorted = (m) => topOf(m, top);
  return {
    totalMs: Math.round(totalMs),
    idleMs: Math.round(idleMs),
    self: sorted(self),
    app: sorted(new Map([...incl].filter(([k]) => / (src|workers)\//.test(k)))),
  };
}
