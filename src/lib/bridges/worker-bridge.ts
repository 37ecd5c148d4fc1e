// One bridge per worker (squoosh's worker-bridge): the worker starts on first use, calls run
// one at a time, an AbortSignal cancels by terminating the worker (the only way to stop a
// synchronous loop), and an idle worker is terminated after a while to give memory back.
import { wrap, type Remote } from 'comlink';

export class AbortError extends Error {
  constructor() {
    super('The job was cancelled.');
    this.name = 'AbortError';
  }
}

export class WorkerBridge<Api> {
  private worker: Worker | null = null;
  private remote: Remote<Api> | null = null;
  private queue: Promise<unknown> = Promise.resolve();
  private idleTimer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly create: () => Worker,
    private readonly idleMs = 60_000,
    /** Runs on every fresh worker before its first call (e.g. clean up after a cancel). */
    private readonly onStart?: (api: Remote<Api>) => Promise<unknown>,
  ) {}

  private async api(): Promise<Remote<Api>> {
    if (!this.remote) {
      this.worker = this.create();
      this.remote = wrap<Api>(this.worker);
      await this.onStart?.(this.remote);
    }
    return this.remote;
  }

  /** Runs `call` on the worker after earlier calls; rejects with AbortError when aborted. */
  run<T>(call: (api: Remote<Api>) => Promise<T>, signal?: AbortSignal): Promise<T> {
    const job = this.queue.then(async () => {
      if (signal?.aborted) {
        throw new AbortError();
      }
      this.clearIdle();
      const api = await this.api();
      try {
        return await new Promise<T>((resolve, reject) => {
          const onAbort = () => {
            this.terminate();
            reject(new AbortError());
          };
          signal?.addEventListener('abort', onAbort, { once: true });
          call(api)
            .then(resolve, reject)
            .finally(() => signal?.removeEventListener('abort', onAbort));
        });
      } finally {
        this.armIdle();
      }
    });
    this.queue = job.catch(() => undefined);
    return job;
  }

  /** Starts the worker if it is not running (a fresh worker runs onStart first). */
  start(): Promise<void> {
    return this.run(async () => undefined);
  }

  /** Like run, when the worker is running; nothing (undefined) when it is not. */
  runIfStarted<T>(call: (api: Remote<Api>) => Promise<T>): Promise<T | undefined> {
    return this.remote ? this.run(call) : Promise.resolve(undefined);
  }

  terminate(): void {
    this.worker?.terminate();
    this.worker = null;
    this.remote = null;
    this.clearIdle();
  }

  private armIdle() {
    this.clearIdle();
    this.idleTimer = setTimeout(() => this.terminate(), this.idleMs);
  }

  private clearIdle() {
    if (this.idleTimer) {
      clearTimeout(this.idleTimer);
      this.idleTimer = null;
    }
  }
}
