// Pseudonymization speed in Node: `npx tsx bench/pseudonymize.ts [CELLS] [DISTINCT]` runs
// pseudonymizeColumn over CELLS values (default 1,000,000) holding DISTINCT phone-like
// identifiers (default 100,000; a third written '+86 138-0013-8000', the rest '13800138000',
// a few empty), once with the noble pseudonymizer (the default in the worker) and once with
// WebCrypto. Both must give the same pids. Prints one JSON line on stdout.
import {
  createFastPseudonymizer,
  createWebCryptoPseudonymizer,
  deriveSubKey,
  generateWorkspaceKey,
  pseudonymizeColumn,
  type Pseudonymizer,
} from '../src/lib/domain/privacy/pseudonymize';

const cells = Number(process.argv[2] ?? 1_000_000);
const distinct = Number(process.argv[3] ?? 100_000);

/** mulberry32: a small seeded PRNG, so every run hashes the same column. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function makeColumn(): string[] {
  const r = rng(20261031);
  const prefixes = ['138', '139', '150', '186', '135', '177', '188', '131'];
  const phones: string[] = [];
  const seen = new Set<string>();
  while (phones.length < distinct) {
    const p =
      prefixes[Math.floor(r() * prefixes.length)]! + String(Math.floor(r() * 1e8)).padStart(8, '0');
    if (!seen.has(p)) {
      seen.add(p);
      phones.push(p);
    }
  }
  const out = new Array<string>(cells);
  for (let i = 0; i < cells; i++) {
    if (r() < 0.002) {
      out[i] = '';
      continue;
    }
    const p = phones[i < distinct ? i : Math.floor(r() * distinct)]!;
    out[i] = r() < 1 / 3 ? `+86 ${p.slice(0, 3)}-${p.slice(3, 7)}-${p.slice(7)}` : p;
  }
  return out;
}

async function time(p: Pseudonymizer, values: string[]) {
  const t0 = performance.now();
  const pids = await pseudonymizeColumn(values, 'phone', p);
  return { ms: performance.now() - t0, pids };
}

async function main() {
  const values = makeColumn();
  const key = await generateWorkspaceKey();
  const subKey = await deriveSubKey(key);
  const noble = await time(createFastPseudonymizer(subKey), values);
  subKey.fill(0);
  const webcrypto = await time(createWebCryptoPseudonymizer(key), values);
  let mismatches = 0;
  for (let i = 0; i < values.length; i++) {
    if (noble.pids[i] !== webcrypto.pids[i]) {
      mismatches++;
    }
  }
  const distinctPids = new Set(noble.pids.filter((p) => p !== '')).size;
  process.stdout.write(
    JSON.stringify({
      node: process.version,
      cells,
      distinct,
      distinctPids,
      mismatches,
      nobleMs: noble.ms,
      webcryptoMs: webcrypto.ms,
    }) + '\n',
  );
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? (err.stack ?? err.message) : String(err));
  process.exit(1);
});
