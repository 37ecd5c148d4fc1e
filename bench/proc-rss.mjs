// Resident set size of the Chromium processes this Node process started, read from /proc
// (Linux only). Processes are grouped by their --type switch: the renderer holds the page AND
// its dedicated workers (one process), 'utility' splits into the network and storage services,
// the browser process (no --type) holds IndexedDB's in-memory state for an off-the-record
// context and the blob registry.
import { readFileSync, readdirSync, existsSync } from 'node:fs';

const PAGE = 4096;

function readPpids() {
  const children = new Map();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) {
      continue;
    }
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (!children.has(ppid)) {
        children.set(ppid, []);
      }
      children.get(ppid).push(Number(name));
    } catch {
      // gone
    }
  }
  return children;
}

function classify(pid) {
  let cmd;
  try {
    // Chromium rewrites its process title, so the switches may be separated by spaces, not NULs.
    cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
  } catch {
    return null;
  }
  const exe = cmd.split(' ')[0];
  if (!/chrom/i.test(exe) || /crashpad/.test(exe)) {
    return null;
  }
  const type = /--type=(\S+)/.exec(cmd)?.[1];
  if (!type) {
    // The browser process itself (not the /usr/bin/chromium wrapper script, if it stayed).
    return /\/bin\/chromium$/.test(exe) ? null : 'browser';
  }
  if (type === 'utility') {
    const sub = /--utility-sub-type=(\S+)/.exec(cmd)?.[1] ?? '';
    return `utility:${sub.replace(/\.mojom\..*$/, '').replace(/^.*\./, '')}`;
  }
  if (type === 'renderer' && /--top-chrome-webui|--extension-process/.test(cmd)) {
    return 'renderer:browser-ui';
  }
  return type;
}

function rssBytes(pid) {
  try {
    return Number(readFileSync(`/proc/${pid}/statm`, 'utf8').split(' ')[1]) * PAGE;
  } catch {
    return 0;
  }
}

export function canSampleRss() {
  return existsSync('/proc/self/statm');
}

/** Starts sampling every `intervalMs`; `stop()` returns peaks per type and per renderer. */
export function startRssSampler(intervalMs = 100) {
  let procs = new Map();
  let lastScan = 0;
  const scan = () => {
    const children = readPpids();
    const found = new Map();
    const queue = [process.pid];
    while (queue.length) {
      const pid = queue.shift();
      for (const c of children.get(pid) ?? []) {
        queue.push(c);
        const type = procs.get(c) ?? classify(c);
        if (type) {
          found.set(c, type);
        }
      }
    }
    procs = found;
    lastScan = performance.now();
  };
  const samples = [];
  const sample = () => {
    if (performance.now() - lastScan > 500) {
      scan();
    }
    const byType = {};
    let renderers = 0;
    let maxRenderer = 0;
    let total = 0;
    const perRenderer = {};
    for (const [pid, type] of procs) {
      const rss = rssBytes(pid);
      byType[type] = (byType[type] ?? 0) + rss;
      total += rss;
      if (type === 'renderer') {
        renderers += rss;
        maxRenderer = Math.max(maxRenderer, rss);
        perRenderer[pid] = rss;
      }
    }
    const s = { renderers, maxRenderer, total, byType, perRenderer };
    samples.push(s);
    return s;
  };
  scan();
  sample();
  const timer = setInterval(sample, intervalMs);
  return {
    /** Takes a sample now and returns it (use as the baseline). */
    now: () => sample(),
    mark: () => samples.length,
    stop(fromIndex = 0, baseline = null) {
      clearInterval(timer);
      sample();
      const window = samples.slice(fromIndex);
      const base = baseline ?? samples[Math.max(0, fromIndex - 1)];
      const peak = (f) => window.reduce((m, s) => Math.max(m, f(s)), 0);
      const types = new Set(window.flatMap((s) => Object.keys(s.byType)));
      const peakByType = {};
      for (const t of types) {
        peakByType[t] = { peak: peak((s) => s.byType[t] ?? 0), base: base?.byType[t] ?? 0 };
      }
      // The page's renderer is the one that grows most (it holds the page and its workers);
      // the others are spare or idle renderers.
      const pids = new Set(window.flatMap((s) => Object.keys(s.perRenderer)));
      let page = null;
      for (const pid of pids) {
        const basePid =
          base?.perRenderer?.[pid] ?? window.find((s) => s.perRenderer[pid])?.perRenderer[pid] ?? 0;
        const peakPid = peak((s) => s.perRenderer[pid] ?? 0);
        if (!page || peakPid - basePid > page.peak - page.base) {
          page = { pid: Number(pid), base: basePid, peak: peakPid };
        }
      }
      return {
        samples: window.length,
        processes: procs.size,
        baseline: base && { renderers: base.renderers, total: base.total, byType: base.byType },
        pageRenderer: page,
        peakRenderers: peak((s) => s.renderers),
        peakTotal: peak((s) => s.total),
        peakByType,
      };
    },
  };
}
