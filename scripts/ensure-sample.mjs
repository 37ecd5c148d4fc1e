#!/usr/bin/env node
// Generates the bundled sample data (public/sample/*.csv.gz) when it is missing. The generator
// is seeded and deterministic, so the files are not committed.
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
const names = ['customers.csv.gz', 'orders.csv.gz', 'survey.csv.gz'];
if (!names.every((n) => existsSync(path.join(root, 'public', 'sample', n)))) {
  const r = spawnSync(process.execPath, [path.join(root, 'scripts', 'gen-sample.mjs')], {
    cwd: root,
    stdio: 'inherit',
  });
  process.exit(r.status ?? 1);
}
