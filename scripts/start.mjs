#!/usr/bin/env node
// `npm start`: build if the build is missing or older than the sources, then serve it.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { ROOT, buildIsStale } from './build-state.mjs';

const state = buildIsStale();
if (state) {
  process.stdout.write(
    state === 'stale' ? 'Sources changed; rebuilding…\n' : 'Building Portrait…\n',
  );
  const r = spawnSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'inherit' });
  if (r.status !== 0) {
    process.exit(r.status ?? 1);
  }
}

const serve = spawnSync(
  process.execPath,
  [path.join(ROOT, 'scripts', 'serve.mjs'), ...process.argv.slice(2)],
  { stdio: 'inherit' },
);
process.exit(serve.status ?? 0);
