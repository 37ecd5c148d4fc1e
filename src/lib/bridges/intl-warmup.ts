// The first Intl.NumberFormat a renderer process makes loads ICU's number data: 45–90 ms on
// this machine (Chromium 156), a long task when the page makes it (the storage badge's size, as
// the page starts). A worker that makes one first takes that off the main thread: ICU's data is
// shared by the process, and the page's first formatter then takes ~0.3 ms. The worker only
// starts once the main thread is free (~100 ms later), so the first formatting at start-up
// waits for `intlWarm()`. Imported first by main.ts; the worker ends once warm.

const GIVE_UP_MS = 2000;

const warm: Promise<void> = new Promise((resolve) => {
  if (typeof Worker === 'undefined') {
    resolve();
    return;
  }
  try {
    const worker = new Worker(new URL('../../../workers/intl-warmup.worker.ts', import.meta.url), {
      type: 'module',
      name: 'portrait-intl-warmup',
    });
    const end = () => {
      worker.terminate();
      resolve();
    };
    worker.onmessage = end;
    worker.onerror = end;
    // A worker that never answers does not hold the page back.
    setTimeout(end, GIVE_UP_MS);
  } catch {
    resolve(); // no worker here: the page pays for the first formatter itself
  }
});

/** Resolves once ICU's formatting data is loaded off the main thread (or that was given up). */
export function intlWarm(): Promise<void> {
  return warm;
}
