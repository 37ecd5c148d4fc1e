import { describe, expect, it } from 'vitest';
import { ReadAhead, ReadAheads } from '../../../workers/read-ahead';

/** A source of `count` pieces of `size` bytes (piece i filled with i), with what it was asked. */
function source(count: number, size: number, failAt = -1) {
  const log = { reads: 0, closed: false };
  async function* gen(): AsyncGenerator<Uint8Array> {
    try {
      for (let i = 0; i < count; i++) {
        await new Promise((r) => setTimeout(r, 0));
        if (i === failAt) {
          throw new Error(`read ${i} failed`);
        }
        log.reads++;
        yield new Uint8Array(size).fill(i);
      }
    } finally {
      log.closed = true;
    }
  }
  return { gen: gen(), log };
}

async function collect(pieces: AsyncGenerator<Uint8Array>): Promise<number[]> {
  const firsts: number[] = [];
  for await (const p of pieces) {
    firsts.push(p[0]!);
  }
  return firsts;
}

const settle = () => new Promise((r) => setTimeout(r, 20));

describe('ReadAhead', () => {
  it('gives every piece in order whether taken at once, midway or after reading ahead', async () => {
    for (const wait of [0, 1, 5, 50]) {
      const { gen } = source(8, 4);
      const ahead = new ReadAhead(gen, 1000);
      for (let i = 0; i < wait; i++) {
        await new Promise((r) => setTimeout(r, 0));
      }
      expect(await collect(ahead.take())).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    }
  });

  it('reads ahead up to its limit and no further, then the rest as it is taken', async () => {
    const { gen, log } = source(10, 4);
    const ahead = new ReadAhead(gen, 10);
    await settle();
    // 3 pieces (12 bytes) reach the limit of 10.
    expect(log.reads).toBe(3);
    expect(ahead.bytesQueued).toBe(12);
    expect(await collect(ahead.take())).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(ahead.bytesQueued).toBe(0);
  });

  it('stops reading ahead when stopped, and still gives everything when taken', async () => {
    const { gen, log } = source(10, 4);
    const ahead = new ReadAhead(gen, 1000);
    await new Promise((r) => setTimeout(r, 0));
    ahead.stop();
    await settle();
    const readWhenStopped = log.reads;
    expect(readWhenStopped).toBeLessThan(3);
    await settle();
    expect(log.reads).toBe(readWhenStopped);
    expect(await collect(ahead.take())).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it('raises a read error at take(), after the pieces read before it, and not before', async () => {
    const { gen } = source(5, 4, 2);
    const ahead = new ReadAhead(gen, 1000);
    // Nothing is raised while nobody takes the pieces (no unhandled rejection).
    await settle();
    const firsts: number[] = [];
    await expect(
      (async () => {
        for await (const p of ahead.take()) {
          firsts.push(p[0]!);
        }
      })(),
    ).rejects.toThrow('read 2 failed');
    expect(firsts).toEqual([0, 1]);
  });

  it('lets go of its pieces and closes the source when dropped', async () => {
    const { gen, log } = source(10, 4);
    const ahead = new ReadAhead(gen, 8);
    await settle();
    expect(ahead.bytesQueued).toBe(8);
    await ahead.drop();
    expect(ahead.bytesQueued).toBe(0);
    expect(log.closed).toBe(true);
  });

  it('cannot be taken twice', async () => {
    const ahead = new ReadAhead(source(2, 4).gen, 100);
    await collect(ahead.take());
    await expect(collect(ahead.take())).rejects.toThrow('twice');
  });
});

describe('ReadAheads', () => {
  it('shares one budget: a later file gets what is left, or nothing', async () => {
    const set = new ReadAheads(100);
    const opened: number[] = [];
    const open = (key: number) => () => {
      opened.push(key);
      return source(100, 10).gen;
    };
    set.start(1, 60, open(1));
    set.start(2, 60, open(2)); // 40 left
    set.start(3, 60, open(3)); // nothing left: not started
    set.start(1, 60, open(1)); // already reading ahead: not restarted
    expect(opened).toEqual([1, 2]);
    await settle();
    const one = set.claim(1)!;
    const two = set.claim(2)!;
    expect(one.limit).toBe(60);
    expect(two.limit).toBe(40);
    expect(one.bytesQueued).toBe(60);
    expect(two.bytesQueued).toBe(40);
    // Claimed: gone from the set, and their budget with them.
    expect(set.claim(1)).toBeNull();
    expect(set.claim(undefined)).toBeNull();
    set.start(3, 60, open(3));
    expect(opened).toEqual([1, 2, 3]);
    await one.drop();
    await two.drop();
    await set.drop(3);
    expect(set.claim(3)).toBeNull();
  });

  it('stops a read-ahead when it is claimed', async () => {
    const set = new ReadAheads(1000);
    const { gen, log } = source(50, 10);
    set.start(7, 500, () => gen);
    await new Promise((r) => setTimeout(r, 0));
    const claimed = set.claim(7)!;
    await settle();
    const reads = log.reads;
    await settle();
    expect(log.reads).toBe(reads);
    expect(reads).toBeLessThan(50);
    expect((await collect(claimed.take())).length).toBe(50);
  });
});
