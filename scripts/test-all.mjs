#!/usr/bin/env node
// `npm test`: every check and test — typecheck, lint, format, unit + integration + component
// (Vitest), and the end-to-end tests in real Chromium. Each step runs even if an earlier one
// failed, so one run shows everything; the exit code is non-zero if anything failed.
import { spawnSync } from 'node:child_process';

const steps = [
  ['static checks', ['node', ['scripts/static-checks.mjs']]],
  ['unit, integration and component tests', ['npm', ['run', 'test:unit']]],
  ['end-to-end tests (Chromium)', ['npm', ['run', 'test:e2e']]],
];
const failedSteps = [];
for (const [name, [cmd, args]] of steps) {
  console.log(`\n▶ ${name}`);
  const r = spawnSync(cmd, args, { stdio: 'inherit' });
  if (r.status !== 0) {
    failedSteps.push(name);
  }
}
if (failedSteps.length) {
  console.log(`\nFailed: ${failedSteps.join(', ')}`);
  process.exit(1);
}
console.log('\nAll checks and tests passed.');
