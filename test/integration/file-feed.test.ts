// The main thread reads the file and the import worker receives its bytes through a port
// (src/lib/bridges/file-feed.ts → workers/port-pieces.ts), here both ends in one process.
import { describe, expect, it } from 'vitest';
import { feedFile } from '../../src/lib/bridges/file-feed';
import { portPieces, type FeedMessage } from '../../workers/port-pieces';
import { freshApi } from './helpers';

function bytesOf(n: number): Uint8Array {
  const b = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    b[i] = (i * 31 + (i >> 8)) & 0xff;
  }
  return b;
}

async function collect(source: AsyncIterable<Uint8Array>): Promise<Uint8Array[]> {
  const out: Uint8Array[] = [];
  for await (const piece of source) {
    out.push(piece);
  }
  return out;
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((s, p) => s + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

const tick = () => new Promise((r) => setTimeout(r, 20));

describe('file feed', () => {
  it('delivers every byte in order, in pieces of the given size', async () => {
    const bytes = bytesOf(10_500);
    const { port1, port2 } = new MessageChannel();
    const fed = feedFile(new Blob([bytes as BlobPart]), port1, undefined, 1000, 2);
    const pieces = await collect(portPieces(port2));
    await fed;
    expect(pieces.map((p) => p.length)).toEqual([...Array(10).fill(1000), 500]);
    expect(concat(pieces)).toEqual(bytes);
  });

  it('ends at once for an empty file', async () => {
    const { port1, port2 } = new MessageChannel();
    const fed = feedFile(new Blob([]), port1);
    expect(await collect(portPieces(port2))).toEqual([]);
    await fed;
  });

  it('reads no more than `ahead` pieces that the worker has not taken', async () => {
    const { port1, port2 } = new MessageChannel();
    const arrived: FeedMessage[] = [];
    port2.onmessage = (e: MessageEvent<FeedMessage>) => arrived.push(e.data);
    void feedFile(new Blob([bytesOf(10_000) as BlobPart]), port1, undefined, 1000, 3);
    await tick();
    expect(arrived).toHaveLength(3);
    port2.postMessage({ kind: 'taken' });
    await tick();
    expect(arrived).toHaveLength(4);
    port2.close();
  });

  it('passes a reading error on to the worker under its own name, and stops', async () => {
    const unreadable = {
      size: 5000,
      slice: () => ({
        arrayBuffer: () =>
          Promise.reject(
            new DOMException('The file changed since it was chosen.', 'NotReadableError'),
          ),
      }),
    } as unknown as Blob;
    const { port1, port2 } = new MessageChannel();
    const fed = feedFile(unreadable, port1);
    await expect(collect(portPieces(port2))).rejects.toMatchObject({
      name: 'NotReadableError',
      message: 'The file changed since it was chosen.',
    });
    await fed;
  });

  it('stops reading when the import is cancelled', async () => {
    const { port1, port2 } = new MessageChannel();
    const arrived: FeedMessage[] = [];
    port2.onmessage = (e: MessageEvent<FeedMessage>) => arrived.push(e.data);
    const controller = new AbortController();
    const fed = feedFile(
      new Blob([bytesOf(10_000) as BlobPart]),
      port1,
      controller.signal,
      1000,
      2,
    );
    await tick();
    expect(arrived).toHaveLength(2);
    controller.abort();
    await fed; // settles although the worker took nothing
    port2.postMessage({ kind: 'taken' });
    await tick();
    expect(arrived.map((m) => m.kind)).toEqual(['piece', 'piece']);
    port2.close();
  });

  it('refuses a file that can no longer be read with a clear message, and stores nothing', async () => {
    const { api, database } = freshApi();
    const text = 'order_id,customer_id,order_date,amount\n' + 'SO1,C1,2024-01-01,5\n'.repeat(50);
    const file = new File([text], 'moved.csv');
    const preview = await api.preview(file, { lang: 'en' });
    if (!preview.ok) {
      throw new Error(preview.error.message);
    }
    // The file was moved after it was chosen: the feeder's read fails.
    const gone = {
      size: file.size,
      slice: () => ({
        arrayBuffer: () =>
          Promise.reject(new DOMException('The file could not be read.', 'NotReadableError')),
      }),
    } as unknown as Blob;
    const { port1, port2 } = new MessageChannel();
    const fed = feedFile(gone, port1);
    const result = await api.importFile(
      file,
      preview.value.plan,
      preview.value.bomLength,
      undefined,
      port2,
    );
    await fed;
    expect(result.ok).toBe(false);
    const r = result as Extract<typeof result, { ok: false }>;
    expect(r.error.code).toBe('unreadable');
    expect(r.error.message).toBe(
      'moved.csv could not be read: it was moved, changed or deleted after it was chosen. Nothing was stored. Choose the file again.',
    );
    expect(await database.datasets.count()).toBe(0);
    expect(await database.chunks.count()).toBe(0);
    expect(await database.journal.count()).toBe(0);
  });

  it('imports a file fed through a port as it imports the file read in the worker', async () => {
    const lines = ['order_id,customer_id,order_date,amount,city'];
    for (let i = 0; i < 3000; i++) {
      lines.push(
        `SO${10_000 + i},C${i % 97},2024-0${1 + (i % 9)}-1${i % 10} 10:00,${(i % 50) + 0.5},上海`,
      );
    }
    const file = new File([lines.join('\n')], 'orders.csv');
    const results = [];
    for (const viaPort of [false, true]) {
      const { api } = freshApi();
      const preview = await api.preview(file, { lang: 'en' });
      if (!preview.ok) {
        throw new Error(preview.error.message);
      }
      const { port1, port2 } = new MessageChannel();
      // Small pieces: multi-byte characters and records cross the piece boundaries.
      const fed = viaPort ? feedFile(file, port1, undefined, 4099, 2) : null;
      const result = await api.importFile(
        file,
        preview.value.plan,
        preview.value.bomLength,
        undefined,
        viaPort ? port2 : undefined,
      );
      await fed;
      if (!result.ok) {
        throw new Error(result.error.message);
      }
      expect(result.value.rows).toBe(3000);
      results.push(result.value.report);
    }
    expect(results[1]).toEqual(results[0]);
  });
});
