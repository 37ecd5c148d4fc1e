// Reads a file on the main thread and sends its bytes to a worker through a MessagePort, a few
// pieces ahead of the worker (workers/port-pieces.ts has the why and the receiving end). The
// main thread only waits for the browser to fill each buffer and transfers it: no task here
// touches the bytes.
import type { FeedAck, FeedMessage } from '../../../workers/api-types';

/**
 * Bytes per piece. Each piece is one main-thread task that receives a new buffer; with 4 MB
 * pieces some of those tasks passed 50 ms while the import kept both cores busy.
 */
export const FEED_PIECE_BYTES = 1024 * 1024;
/** Pieces read but not yet taken by the worker, at most: memory stays bounded for any file. */
export const FEED_PIECES_AHEAD = 8;

/**
 * Starts sending `file` through `port`. Stops at the end, on a reading error (sent to the
 * worker), or when `signal` aborts; the promise settles then, and never rejects.
 */
export function feedFile(
  file: Blob,
  port: MessagePort,
  signal?: AbortSignal,
  pieceBytes = FEED_PIECE_BYTES,
  ahead = FEED_PIECES_AHEAD,
): Promise<void> {
  let untaken = 0;
  let wake: (() => void) | null = null;
  const nudge = () => {
    wake?.();
    wake = null;
  };
  port.onmessage = (e: MessageEvent<FeedAck>) => {
    if (e.data.kind === 'taken') {
      untaken--;
      nudge();
    }
  };
  signal?.addEventListener('abort', nudge, { once: true });
  const send = (m: FeedMessage, transfer: Transferable[] = []) => port.postMessage(m, transfer);
  return (async () => {
    try {
      for (let at = 0; at < file.size && !signal?.aborted; at += pieceBytes) {
        while (untaken >= ahead && !signal?.aborted) {
          await new Promise<void>((resolve) => (wake = resolve));
        }
        if (signal?.aborted) {
          break;
        }
        const bytes = await file.slice(at, Math.min(file.size, at + pieceBytes)).arrayBuffer();
        untaken++;
        send({ kind: 'piece', bytes }, [bytes]);
      }
      if (!signal?.aborted) {
        send({ kind: 'end' });
      }
    } catch (err) {
      const e = err instanceof Error ? err : new Error(String(err));
      send({ kind: 'error', name: e.name, message: e.message });
    } finally {
      signal?.removeEventListener('abort', nudge);
      port.onmessage = null; // the worker closes its end when it is done
    }
  })();
}
