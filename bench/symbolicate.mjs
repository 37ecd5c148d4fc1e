// Maps positions in the minified build back to the sources, for `--profile`. The app's build
// has no source maps, so a second build with hidden source maps goes to bench/results/dist-maps;
// its code is byte-identical to dist/ (same hashed names), only the .map files are added. A
// file whose code differs is left unmapped.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { ROOT, RESULTS_DIR } from './paths.mjs';

const MAPS_DIR = path.join(RESULTS_DIR, 'dist-maps');

export async function createSymbolicator() {
  let SourceMapConsumer;
  try {
    ({ SourceMapConsumer } = await import('source-map-js'));
  } catch {
    return { ok: false, why: 'source-map-js is not installed', at: () => null };
  }
  const r = spawnSync(
    'npx',
    [
      'vite',
      'build',
      '--sourcemap',
      'hidden',
      '--outDir',
      MAPS_DIR,
      '--emptyOutDir',
      '--logLevel',
      'error',
    ],
    { cwd: ROOT, encoding: 'utf8' },
  );
  if (r.status !== 0) {
    return {
      ok: false,
      why: `vite build --sourcemap failed: ${r.stderr.slice(-300)}`,
      at: () => null,
    };
  }
  const cache = new Map();
  const load = (rel) => {
    if (cache.has(rel)) {
      return cache.get(rel);
    }
    let entry = null;
    const built = path.join(ROOT, 'dist', rel);
    const mapped = path.join(MAPS_DIR, rel);
    if (existsSync(built) && existsSync(`${mapped}.map`)) {
      const code = readFileSync(built, 'utf8');
      if (code === readFileSync(mapped, 'utf8')) {
        const lineStarts = [0];
        for (let i = code.indexOf('\n'); i >= 0; i = code.indexOf('\n', i + 1)) {
          lineStarts.push(i + 1);
        }
        entry = {
          consumer: new SourceMapConsumer(JSON.parse(readFileSync(`${mapped}.map`, 'utf8'))),
          lineStarts,
        };
      }
    }
    cache.set(rel, entry);
    return entry;
  };
  /** `url` of the page, 0-based line and column (or a char offset with line = null). */
  const at = (url, line, column) => {
    let rel;
    try {
      rel = new URL(url).pathname;
    } catch {
      return null;
    }
    const e = load(rel);
    if (!e) {
      return null;
    }
    if (line === null) {
      // A character offset: find its line.
      let lo = 0;
      let hi = e.lineStarts.length - 1;
      while (lo < hi) {
        const mid = (lo + hi + 1) >> 1;
        if (e.lineStarts[mid] <= column) {
          lo = mid;
        } else {
          hi = mid - 1;
        }
      }
      line = lo;
      column -= e.lineStarts[lo];
    }
    const p = e.consumer.originalPositionFor({ line: line + 1, column, bias: 1 });
    if (!p.source) {
      return null;
    }
    const src = p.source.replace(/^(\.\.\/)+/, '').replace(/^.*node_modules\//, 'node_modules/');
    return `${src}:${p.line}${p.name ? ` (${p.name})` : ''}`;
  };
  return { ok: true, at };
}
