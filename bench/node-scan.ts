// The domain core without the browser: `npx tsx bench/node-scan.ts FILE` streams FILE through
// peekFile → proposePlan → runImport exactly as `npm run summarize` does
// (src/lib/domain/summary/summarize-files.ts), then times PapaParse and our CsvScanner alone on
// the decoded text. Prints one JSON line on stdout (progress goes to stderr). `--core-only`
// skips the parser comparison.
//
// run.mjs runs it twice: bundled by esbuild and run by plain node (how the domain code really
// runs: compiled without extras), and through tsx with --core-only. tsx compiles with esbuild's
// keepNames, which wraps every closure the core creates in a `__name()` call (a CPU profile of
// the core import under tsx put ~15 % of its time in __name); the tsx figure is printed beside
// the bundle's but not used for ratios.
import { open, stat } from 'node:fs/promises';
import { createReadStream, readFileSync } from 'node:fs';
import path from 'node:path';
import Papa from 'papaparse';
import { PEEK_BYTES, peekFile, runImport } from '../src/lib/domain/ingest/read';
import { proposePlan } from '../src/lib/domain/ingest/plan';
import { CsvScanner } from '../src/lib/domain/ingest/csv-scanner';
import { createFastPseudonymizer } from '../src/lib/domain/privacy/pseudonymize';

const file = process.argv[2];
const coreOnly = process.argv.includes('--core-only');
if (!file) {
  console.error('usage: npx tsx bench/node-scan.ts FILE [--core-only]');
  process.exit(2);
}
const name = path.basename(file);
const ms = (t0: number) => performance.now() - t0;
const heapMb = () => process.memoryUsage().heapUsed / 1024 / 1024;

async function readHead(p: string, bytes: number): Promise<Uint8Array> {
  const fh = await open(p, 'r');
  try {
    const buf = new Uint8Array(bytes);
    const { bytesRead } = await fh.read(buf, 0, bytes, 0);
    return buf.subarray(0, bytesRead);
  } finally {
    await fh.close();
  }
}

async function* fileChunks(p: string): AsyncGenerator<Uint8Array> {
  // 4 MiB pieces, as the import worker reads a File.
  for await (const piece of createReadStream(p, { highWaterMark: 4 * 1024 * 1024 })) {
    const b = piece as Buffer;
    yield new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
  }
}

async function coreImport() {
  const { size } = await stat(file!);
  const t0 = performance.now();
  const head = await readHead(file!, PEEK_BYTES);
  const peek = peekFile(head, name, { lang: 'en', isWhole: size <= PEEK_BYTES });
  const proposal = proposePlan(peek, name, 'en');
  const planMs = ms(t0);
  if (proposal.missingRoles.length || proposal.openDateColumns.length) {
    throw new Error(
      `plan incomplete: missing ${proposal.missingRoles.join(',')} open dates ${proposal.openDateColumns.join(',')}`,
    );
  }
  const tokenized = proposal.plan.columns.filter((c) => c.action === 'tokenize').map((c) => c.name);
  const subKey = globalThis.crypto.getRandomValues(new Uint8Array(32));
  const pseudonymizer = createFastPseudonymizer(subKey);
  let chunkBytes = 0;
  const result = await runImport(fileChunks(file!), name, proposal.plan, peek.bomLength, {
    totalBytes: size,
    pseudonymize: tokenized.length ? (values) => pseudonymizer.pidMany(values) : null,
    onChunks: (chunks) => {
      for (const c of chunks) {
        chunkBytes += c.values.byteLength;
      }
    },
  });
  subKey.fill(0);
  const totalMs = ms(t0);
  return {
    bytes: size,
    rows: result.rows,
    planMs,
    totalMs,
    rowsPerSec: result.rows / (totalMs / 1000),
    tokenizedColumns: tokenized,
    columns: proposal.plan.columns.map((c) => `${c.name}:${c.type}${c.role ? '/' + c.role : ''}`),
    chunkCount: result.chunkCount,
    chunkBytes,
    kept: result.report.transactions?.kept ?? null,
    excluded: result.report.transactions?.excluded ?? null,
  };
}

function scanOnce(text: string): { ms: number; records: number } {
  let records = 0;
  const t0 = performance.now();
  const scanner = new CsvScanner({
    delimiter: ',',
    onRecord: () => {
      records++;
    },
  });
  scanner.push(text);
  scanner.end();
  return { ms: ms(t0), records };
}

function papaOnce(text: string): { ms: number; records: number } {
  const t0 = performance.now();
  const out = Papa.parse<string[]>(text, { header: false, dynamicTyping: false });
  const elapsed = ms(t0);
  // Papa returns a trailing [''] for the final line end; count real records like the scanner.
  let records = out.data.length;
  const last = out.data[records - 1];
  if (last && last.length === 1 && last[0] === '') {
    records--;
  }
  return { ms: elapsed, records };
}

function papaStepOnce(text: string): { ms: number; records: number } {
  let records = 0;
  const t0 = performance.now();
  Papa.parse<string[]>(text, {
    header: false,
    dynamicTyping: false,
    skipEmptyLines: true,
    step: () => {
      records++;
    },
  });
  return { ms: ms(t0), records };
}

async function main() {
  console.error(`node-scan: core import of ${name}…`);
  const core = await coreImport();
  if (coreOnly) {
    process.stdout.write(JSON.stringify({ file: name, node: process.version, core }) + '\n');
    return;
  }

  console.error('node-scan: decoding text for the parser comparison…');
  const t0 = performance.now();
  const text = new TextDecoder('utf-8', { fatal: true }).decode(readFileSync(file!));
  const decodeMs = ms(t0);

  // Alternate the two parsers twice and keep the faster run of each (the first run of either
  // pays for JIT warm-up; PapaParse also keeps every record, so its GC cost is part of it).
  const scans: { ms: number; records: number }[] = [];
  const papas: { ms: number; records: number }[] = [];
  const papaSteps: { ms: number; records: number }[] = [];
  let papaHeapMb = 0;
  for (let i = 0; i < 2; i++) {
    console.error(`node-scan: CsvScanner run ${i + 1}…`);
    scans.push(scanOnce(text));
    console.error(`node-scan: PapaParse run ${i + 1}…`);
    const before = heapMb();
    papas.push(papaOnce(text));
    papaHeapMb = Math.max(papaHeapMb, heapMb() - before);
    console.error(`node-scan: PapaParse step run ${i + 1}…`);
    papaSteps.push(papaStepOnce(text));
  }
  const best = (xs: { ms: number; records: number }[]) =>
    xs.reduce((a, b) => (b.ms < a.ms ? b : a));
  const scanner = best(scans);
  const papa = best(papas);
  const papaStep = best(papaSteps);
  process.stdout.write(
    JSON.stringify({
      file: name,
      node: process.version,
      core,
      parse: {
        chars: text.length,
        decodeMs,
        scanner: { ...scanner, runsMs: scans.map((s) => s.ms) },
        papa: { ...papa, runsMs: papas.map((s) => s.ms), heapGrowthMb: papaHeapMb },
        papaStep: { ...papaStep, runsMs: papaSteps.map((s) => s.ms) },
      },
    }) + '\n',
  );
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? (err.stack ?? err.message) : String(err));
  process.exit(1);
});
