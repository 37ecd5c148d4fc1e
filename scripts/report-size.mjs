#!/usr/bin/env node
// Prints the JavaScript (and CSS) the first screen loads, gzipped, and fails the build when the
// JavaScript exceeds the budget (issue: ≤ 150 KB gzipped). It follows index.html's module
// script, its modulepreload links and every static import of those chunks.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';

const BUDGET_JS_GZIP = 150 * 1024;
const dist = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'dist');
const html = readFileSync(path.join(dist, 'index.html'), 'utf8');

const entries = [
  ...html.matchAll(/<script[^>]+src="([^"]+)"/g),
  ...html.matchAll(/<link[^>]+rel="modulepreload"[^>]+href="([^"]+)"/g),
].map((m) => m[1]);
const css = [...html.matchAll(/<link[^>]+rel="stylesheet"[^>]+href="([^"]+)"/g)].map((m) => m[1]);

const seen = new Set();
const queue = entries.map((e) => e.replace(/^\//, ''));
while (queue.length) {
  const rel = queue.pop();
  if (seen.has(rel)) {
    continue;
  }
  seen.add(rel);
  const code = readFileSync(path.join(dist, rel), 'utf8');
  // Static imports only (dynamic import() chunks load later, not on the first screen).
  for (const m of code.matchAll(/(?:^|[;}\s])import\s*(?:[\w$*{}\s,]+from\s*)?["']([^"']+)["']/g)) {
    const spec = m[1];
    if (spec.startsWith('.') || spec.startsWith('/')) {
      queue.push(
        path.posix.normalize(path.posix.join(path.posix.dirname(rel), spec)).replace(/^\//, ''),
      );
    }
  }
}

const size = (files) =>
  files.reduce(
    (acc, f) => {
      const buf = readFileSync(path.join(dist, f.replace(/^\//, '')));
      return { raw: acc.raw + buf.length, gzip: acc.gzip + gzipSync(buf, { level: 9 }).length };
    },
    { raw: 0, gzip: 0 },
  );
const js = size([...seen]);
const styles = size(css);
const kb = (n) => (n / 1024).toFixed(1) + ' KB';
process.stdout.write(
  `First screen: JS ${kb(js.gzip)} gzipped (${kb(js.raw)} raw, ${seen.size} files; budget ${kb(BUDGET_JS_GZIP)}), CSS ${kb(styles.gzip)} gzipped\n`,
);
if (js.gzip > BUDGET_JS_GZIP) {
  process.stderr.write('First-screen JavaScript is over budget.\n');
  process.exit(1);
}
