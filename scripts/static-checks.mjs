#!/usr/bin/env node
// Lint, format and typecheck as part of `npm test`, counted as checks in test-results/static.json
// so CI's closing line includes them.
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';

const checks = [
  ['typecheck', 'npm', ['run', 'check']],
  ['lint', 'npm', ['run', 'lint']],
  ['format', 'npm', ['run', 'format']],
];
let passed = 0;
let failed = 0;
for (const [name, cmd, args] of checks) {
  const r = spawnSync(cmd, args, { stdio: 'inherit' });
  if (r.status === 0) {
    passed++;
    console.log(`✓ ${name}`);
  } else {
    failed++;
    console.log(`✗ ${name} failed`);
  }
}
mkdirSync('test-results', { recursive: true });
writeFileSync('test-results/static.json', JSON.stringify({ passed, failed }));
process.exit(failed ? 1 : 0);
