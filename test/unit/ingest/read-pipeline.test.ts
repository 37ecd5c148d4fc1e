// runImport overlaps the write of finished chunks with the parsing of the next piece; a failed
// write must still stop the import, and nothing may be written after it returns or throws.
import { PEEK_BYTES, peekFile, runImport } from '../../../src/lib/domain/ingest/read';
import { proposePlan } from '../../../src/lib/domain/ingest/plan';
import {
  MAX_STORED_REJECTS,
  type ChunkOut,
  type RejectedRow,
} from '../../../src/lib/domain/ingest/importer';

const HEAD = 'order_id,customer_id,order_date,amount\n';
const ROWS = 2_500;
const CSV =
  HEAD +
  Array.from(
    { length: ROWS },
    (_, i) => `SO${i},C${i % 97},2024-0${1 + (i % 9)}-1${i % 10},${(i % 50) + 1}.5`,
  ).join('\n') +
  '\n';

function setup(chunkRows: number) {
  const bytes = new TextEncoder().encode(CSV);
  const peek = peekFile(bytes.subarray(0, PEEK_BYTES), 'orders.csv', {
    lang: 'en',
    isWhole: true,
  });
  const plan = { ...proposePlan(peek, 'orders.csv', 'en').plan, chunkRows };
  // Pieces of 4 KB: several chunks of `chunkRows` finish between two pieces.
  async function* pieces() {
    for (let i = 0; i < bytes.length; i += 4096) {
      await Promise.resolve();
      yield bytes.subarray(i, i + 4096);
    }
  }
  return { plan, pieces, bomLength: peek.bomLength };
}

const tick = () => new Promise((r) => setTimeout(r, 2));

describe('runImport write pipeline', () => {
  it('writes every chunk once, in order, with at most one write in flight', async () => {
    const { plan, pieces, bomLength } = setup(100);
    let inFlight = 0;
    let maxInFlight = 0;
    const written: ChunkOut[] = [];
    const result = await runImport(pieces(), 'orders.csv', plan, bomLength, {
      pseudonymize: null,
      onChunks: async (chunks) => {
        inFlight++;
        maxInFlight = Math.max(maxInFlight, inFlight);
        await tick();
        written.push(...chunks);
        inFlight--;
      },
    });
    expect(inFlight).toBe(0);
    expect(maxInFlight).toBe(1);
    expect(result.rows).toBe(ROWS);
    // Every output column with values of its own (the computed amount is the amount column).
    const perColumn = result.outputs.filter((o) => o.sameAs === undefined).length;
    expect(perColumn).toBe(result.outputs.length - 1);
    expect(written.length).toBe(result.chunkCount * perColumn);
    const firstColumn = written.filter((c) => c.column === 0).map((c) => c.index);
    expect(firstColumn).toEqual(Array.from({ length: result.chunkCount }, (_, i) => i));
  });

  it('stops with the write error, and starts no write after it', async () => {
    const { plan, pieces, bomLength } = setup(100);
    let calls = 0;
    let callsAfterFailure = 0;
    let failed = false;
    const quota = new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    const run = runImport(pieces(), 'orders.csv', plan, bomLength, {
      pseudonymize: null,
      onChunks: async () => {
        calls++;
        if (failed) {
          callsAfterFailure++;
        }
        await tick();
        if (calls === 3) {
          failed = true;
          throw quota;
        }
      },
    });
    await expect(run).rejects.toBe(quota);
    // The next write starts only once the previous one succeeded.
    expect(calls).toBe(3);
    expect(callsAfterFailure).toBe(0);
  });

  it('waits for the write in flight before it reports a cancel', async () => {
    const { plan, pieces, bomLength } = setup(100);
    let pieceCount = 0;
    let writing = false;
    let writingWhenThrown: boolean | null = null;
    const run = runImport(pieces(), 'orders.csv', plan, bomLength, {
      pseudonymize: null,
      onChunks: async () => {
        writing = true;
        await tick();
        await tick();
        writing = false;
      },
      checkCancelled: () => {
        if (++pieceCount === 5) {
          throw new Error('cancelled');
        }
      },
    });
    await run.catch(() => {
      writingWhenThrown = writing;
    });
    expect(writingWhenThrown).toBe(false);
    await expect(run).rejects.toThrow('cancelled');
  });
});

/**
 * A file of `rows` rows that all lack their customer (every row is rejected), its proposed plan,
 * and its bytes in pieces of `pieceBytes`.
 */
function rejectedRows(rows: number, pieceBytes: number) {
  const csv =
    HEAD + Array.from({ length: rows }, (_, i) => `SO${i},,2024-01-01,${i + 1}`).join('\n') + '\n';
  const bytes = new TextEncoder().encode(csv);
  const peek = peekFile(bytes.subarray(0, PEEK_BYTES), 'rejects.csv', {
    lang: 'en',
    isWhole: false,
  });
  async function* pieces() {
    for (let i = 0; i < bytes.length; i += pieceBytes) {
      yield bytes.subarray(i, i + pieceBytes);
    }
  }
  return { peek, plan: proposePlan(peek, 'rejects.csv', 'en').plan, pieces };
}

describe('rejected rows kept for download', () => {
  it('are capped at MAX_STORED_REJECTS over the whole import, not per written batch', async () => {
    const extra = 10;
    const rows = MAX_STORED_REJECTS + extra;
    const file = rejectedRows(rows, 64 * 1024);
    const { peek, pieces } = file;
    // Rejected rows are written with each chunk: 5,000-row chunks make about 20 batches.
    const plan = { ...file.plan, chunkRows: 5_000 };
    let batches = 0;
    const stored: number[] = [];
    const result = await runImport(pieces(), 'rejects.csv', plan, peek.bomLength, {
      pseudonymize: null,
      onChunks: (_chunks, rejects) => {
        if (rejects.length) {
          batches++;
        }
        stored.push(...rejects.map((r) => r.row));
      },
    });
    expect(batches).toBeGreaterThan(10);
    expect(result.report.rejectedTotal).toBe(rows);
    expect(result.report.rejectedStored).toBe(MAX_STORED_REJECTS);
    expect(stored).toHaveLength(MAX_STORED_REJECTS);
    // The first rows are the ones kept (line 1 is the header).
    expect(stored[0]).toBe(2);
    expect(stored.at(-1)).toBe(MAX_STORED_REJECTS + 1);
  });
});

describe('writes', () => {
  it('carry rejected rows with the chunks, or once 10,000 gathered, not after every piece', async () => {
    const rows = 25_000;
    const { peek, plan, pieces } = rejectedRows(rows, 16 * 1024); // 50,000-row chunks: one, at the end
    const calls: { chunks: number; rejects: number }[] = [];
    await runImport(pieces(), 'rejects.csv', plan, peek.bomLength, {
      pseudonymize: null,
      onChunks: (chunks, rejects) => {
        calls.push({ chunks: chunks.length, rejects: rejects.length });
      },
    });
    expect(calls).toHaveLength(3);
    expect(calls[0]!.rejects).toBeGreaterThanOrEqual(10_000);
    expect(calls[0]!.chunks).toBe(0);
    expect(calls[2]!.chunks).toBeGreaterThan(0); // the last chunk, with the rest of the rejects
    expect(calls.reduce((s, c) => s + c.rejects, 0)).toBe(rows);
  });
});

describe('the size hint', () => {
  it('changes nothing in the result: chunks, dictionaries and report are the same', async () => {
    const { plan, pieces, bomLength } = setup(300);
    const total = new TextEncoder().encode(CSV).length;
    const runWith = async (totalBytes?: number) => {
      const written: ChunkOut[] = [];
      const result = await runImport(pieces(), 'orders.csv', plan, bomLength, {
        pseudonymize: null,
        totalBytes,
        onChunks: (chunks) => {
          written.push(...chunks);
        },
      });
      return {
        rows: result.rows,
        report: result.report,
        dictionaries: result.dictionaries.map((d) => d.values()),
        chunks: written.map((c) => [c.column, c.index, Array.from(c.values)]),
      };
    };
    expect(await runWith(total)).toEqual(await runWith(undefined));
  });
});

describe('pieces larger than the scanner copies', () => {
  it('give the same chunks, dictionaries and report as small pieces', async () => {
    // ~600 KB with CRLF line ends, a quoted field holding a line end, a doubled quote and
    // non-ASCII text: pieces over 64 Ki characters are scanned in place (CsvScanner.push).
    const rows = Array.from({ length: 12_000 }, (_, i) => {
      const note = i % 7 === 0 ? `"备注 ${i}\r\n第二行 ""引号"""` : `普通${i % 13}`;
      // Every 1,500th date is unreadable: rejected rows carry row numbers into the result.
      const date =
        i % 1500 === 1499 ? 'not a date' : `2024-0${1 + (i % 9)}-1${i % 10} 08:0${i % 10}:00`;
      return `SO${i},C${i % 997},${date},${(i % 50) + 1}.5,${note}`;
    });
    const csv = 'order_id,customer_id,order_date,amount,note\r\n' + rows.join('\r\n') + '\r\n';
    const bytes = new TextEncoder().encode(csv);
    expect(bytes.length).toBeGreaterThan(500_000);
    const peek = peekFile(bytes.subarray(0, PEEK_BYTES), 'notes.csv', {
      lang: 'en',
      isWhole: true,
    });
    const plan = { ...proposePlan(peek, 'notes.csv', 'en').plan, chunkRows: 5_000 };
    const runWith = async (pieceBytes: number) => {
      async function* pieces() {
        for (let i = 0; i < bytes.length; i += pieceBytes) {
          yield bytes.subarray(i, i + pieceBytes);
        }
      }
      const written: ChunkOut[] = [];
      const rejected: RejectedRow[] = [];
      const result = await runImport(pieces(), 'notes.csv', plan, peek.bomLength, {
        pseudonymize: null,
        onChunks: (chunks, rejects) => {
          written.push(...chunks);
          rejected.push(...rejects);
        },
      });
      return {
        rows: result.rows,
        rejected,
        report: result.report,
        dictionaries: result.dictionaries.map((d) => d.values()),
        chunks: written.map((c) => [c.column, c.index, Array.from(c.values)]),
      };
    };
    const small = await runWith(1000);
    expect(small.rows).toBe(12_000);
    // Row i is on line i + 2, after one more line for each two-line note before it.
    const lineOf = (i: number) => i + 2 + Math.ceil(i / 7);
    expect(small.rejected.map((r) => r.row).slice(0, 2)).toEqual([lineOf(1499), lineOf(2999)]);
    expect(small.dictionaries.some((values) => values.includes('备注 7\r\n第二行 "引号"'))).toBe(
      true,
    );
    for (const pieceBytes of [70_000, 150_001, 333_333, bytes.length]) {
      expect(await runWith(pieceBytes), `pieces of ${pieceBytes} bytes`).toEqual(small);
    }
  });
});
