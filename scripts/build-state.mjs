// Is dist/ missing or older than the sources? Shared by `npm start` and the e2e runner.
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
const SOURCES = ['src', 'workers', 'public', 'index.html', 'vite.config.ts', 'package.json'];

function newest(p) {
  let s;
  try {
    s = statSync(p);
  } catch {
    return 0;
  }
  if (!s.isDirectory()) {
    return s.mtimeMs;
  }
  let max = 0;
  for (const name of readdirSync(p)) {
    max = Math.max(max, newest(path.join(p, name)));
  }
  return max;
}

export function buildIsStale() {
  const built = newest(path.join(ROOT, 'dist', 'index.html'));
  if (!built) {
    return 'missing';
  }
  const sources = Math.max(...SOURCES.map((p) => newest(path.join(ROOT, p))));
  return sources > built ? 'stale' : null;
}
