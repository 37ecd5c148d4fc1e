// The bytes of a file as the main thread reads them (src/lib/bridges/file-feed.ts), received
// through a MessagePort. Reading a Blob in the import worker (File.stream()) needs the worker's
// own thread to move the bytes in, so the worker waited for them between its pieces of parsing
// (0.43-0.47 s of a 1,000,000-row import); the main thread, idle during an import, reads the
// next pieces while the worker parses this one. (That saved ~0.2-0.25 s with IndexedDB in
// memory; with IndexedDB on disk the parsing and the writes slowed by nearly as much.)

/** From the feeder: a piece (its buffer transferred), the end, or why reading failed. */
export type FeedMessage =
  | { kind: 'piece'; bytes: ArrayBuffer }
  | { kind: 'end' }
  | { kind: 'error'; name: string; message: string };

/** To the feeder: a piece was taken, so it may read one more. */
export interface FeedAck {
  kind: 'taken';
}

/** A reading error from the feeder, rethrown in the worker under its own name. */
class FeedError extends Error {
  constructor(name: string, message: string) {
    super(message);
    this.name = name;
  }
}

/** The pieces sent through `port`, in order; closes the port when done or abandoned. */
export async function* portPieces(port: MessagePort): AsyncGenerator<Uint8Array> {
  const arrived: FeedMessage[] = [];
  let wake: (() => void) | null = null;
  port.onmessage = (e: MessageEvent<FeedMessage>) => {
    arrived.push(e.data);
    wake?.();
    wake = null;
  };
  try {
    for (;;) {
      while (arrived.length === 0) {
        await new Promise<void>((resolve) => (wake = resolve));
      }
      const m = arrived.shift()!;
      if (m.kind === 'end') {
        return;
      }
      if (m.kind === 'error') {
        throw new FeedError(m.name, m.message);
      }
      port.postMessage({ kind: 'taken' } satisfies FeedAck);
      yield new Uint8Array(m.bytes);
    }
  } finally {
    port.onmessage = null;
    port.close();
  }
}
