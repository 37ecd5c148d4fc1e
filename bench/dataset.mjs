// The benchmark input: bench/data/orders-<label>.csv, written by scripts/gen-sample.mjs --bench
// when missing (seeded, so every run of every machine reads the same bytes). Never committed.
import { existsSync, statSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { ROOT } from './paths.mjs';

/** Same label as gen-sample.mjs: 1000000 → "1m", 100000 → "100k". */
export function rowsLabel(n) {
  return n % 1e6 === 0 ? `${n / 1e6}m` : n % 1e3 === 0 ? `${n / 1e3}k` : String(n);
}

/** Path of the bench file for `rows` orders, generating it first when missing. */
export function ensureDataset(rows) {
  const dir = path.join(ROOT, 'bench', 'data');
  const file = path.join(dir, `orders-${rowsLabel(rows)}.csv`);
  if (existsSync(file) && statSync(file).size > 0) {
    return { file, generated: false };
  }
  const customers = Math.max(1, Math.round(rows / 10));
  console.log(`Generating ${path.relative(ROOT, file)} (${rows} orders, ${customers} customers)…`);
  const r = spawnSync(
    process.execPath,
    [
      path.join(ROOT, 'scripts', 'gen-sample.mjs'),
      '--bench',
      '--orders',
      String(rows),
      '--customers',
      String(customers),
      '--out',
      dir,
    ],
    { cwd: ROOT, stdio: 'inherit' },
  );
  if (r.status !== 0 || !existsSync(file)) {
    throw new Error(`scripts/gen-sample.mjs failed (exit ${r.status}); expected ${file}`);
  }
  return { file, generated: true };
}
