// Reading a file ahead while its preview is on screen. Once the preview is back, the worker is
// idle until the person clicks "Start import": it reads the file (up to a budget) meanwhile, so
// the import starts on bytes already in memory instead of waiting for each piece of the file
// (~0.5 s of a 68 MB import on the bench machine). Memory is bounded: all read-aheads together
// hold at most `budget` bytes (and one piece of the file more), a read-ahead is dropped with its
// file, and a worker left idle is terminated by its bridge, read-aheads and all.

/** The pieces of a source read in order, some of them before anyone asked for them. */
export class ReadAhead {
  private readonly pieces: Uint8Array[] = [];
  private queued = 0;
  private isEnded = false;
  private isTaken = false;
  private isStopped = false;
  private error: unknown = null;
  private readonly pumping: Promise<void>;

  /** Starts reading `source` at once, until `limit` bytes wait or it is stopped or taken. */
  constructor(
    private readonly source: AsyncGenerator<Uint8Array>,
    readonly limit: number,
  ) {
    this.pumping = this.pump();
  }

  /** Bytes read and not yet taken. */
  get bytesQueued(): number {
    return this.queued;
  }

  private async pump(): Promise<void> {
    try {
      while (!this.isStopped && this.queued < this.limit) {
        const next = await this.source.next();
        if (next.done) {
          this.isEnded = true;
          return;
        }
        this.pieces.push(next.value);
        this.queued += next.value.length;
      }
    } catch (err) {
      // Kept for take(): a file nobody imports must not raise an unhandled rejection.
      this.error = err;
    }
  }

  /**
   * Reads nothing more ahead (the read in flight, if any, still lands): the import that claims
   * it has its own steps to run first, and reads the rest as it goes.
   */
  stop(): void {
    this.isStopped = true;
  }

  /**
   * Every piece of the source, in order: those read ahead, then the rest as they are read.
   * Once only: the read-ahead stops reading ahead. A read error is raised here, where it
   * occurred in the sequence.
   */
  async *take(): AsyncGenerator<Uint8Array> {
    if (this.isTaken) {
      throw new Error('ReadAhead.take called twice');
    }
    this.isTaken = true;
    this.isStopped = true;
    await this.pumping; // at most the one read in flight
    while (this.pieces.length > 0) {
      const piece = this.pieces.shift()!;
      this.queued -= piece.length;
      yield piece;
    }
    if (this.error !== null) {
      throw this.error;
    }
    if (!this.isEnded) {
      yield* this.source;
    }
  }

  /** Stops reading ahead and lets go of what was read (the source is closed). */
  async drop(): Promise<void> {
    this.isTaken = true;
    this.isStopped = true;
    await this.pumping;
    this.pieces.length = 0;
    this.queued = 0;
    await this.source.return(undefined).catch(() => undefined);
  }
}

/** Read-aheads by key (the page's id of a chosen file), within one byte budget. */
export class ReadAheads {
  private readonly byKey = new Map<number, ReadAhead>();

  constructor(private readonly budget: number) {}

  /**
   * Starts reading ahead under `key` unless it already is; the read-ahead gets the budget the
   * others leave, up to `size` bytes (nothing when none is left).
   */
  start(key: number, size: number, open: () => AsyncGenerator<Uint8Array>): void {
    if (this.byKey.has(key)) {
      return;
    }
    let used = 0;
    for (const r of this.byKey.values()) {
      used += r.limit;
    }
    const limit = Math.min(size, this.budget - used);
    if (limit <= 0) {
      return;
    }
    this.byKey.set(key, new ReadAhead(open(), limit));
  }

  /**
   * The read-ahead under `key`, stopped and removed from the set (its bytes leave the budget
   * with it).
   */
  claim(key: number | undefined): ReadAhead | null {
    if (key === undefined) {
      return null;
    }
    const r = this.byKey.get(key) ?? null;
    this.byKey.delete(key);
    r?.stop();
    return r;
  }

  /** Drops the read-ahead under `key`, if any. */
  async drop(key: number): Promise<void> {
    await this.claim(key)?.drop();
  }
}
