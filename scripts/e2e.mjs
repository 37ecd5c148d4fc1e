#!/usr/bin/env node
// `npm run test:e2e`: (re)build the production build if needed, then run the end-to-end tests
// in Debian's Chromium against it (the server is started by test/e2e/global-setup.ts).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { ROOT, buildIsStale } from './build-state.mjs';

const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
if (!existsSync(chromium)) {
  process.stderr.write(
    `Chromium not found at ${chromium}. Install it (Debian: apt-get install -y chromium) or set CHROMIUM_PATH.\n`,
  );
  process.exit(1);
}
if (buildIsStale()) {
  const r = spawnSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'inherit' });
  if (r.status !== 0) {
    process.exit(r.status ?? 1);
  }
}
const r = spawnSync(
  'npx',
  ['vitest', 'run', '--config', 'test/e2e/vitest.config.ts', ...process.argv.slice(2)],
  { cwd: ROOT, stdio: 'inherit' },
);
process.exit(r.status ?? 1);
