import { describe, expect, it } from 'vitest';
import {
  and,
  andCount,
  andInto,
  andNot,
  andNotInto,
  bitsetEquals,
  bitsetFrom,
  bitsetFromMask,
  clear,
  count,
  createBitset,
  fullBitset,
  has,
  indices,
  maskFromBitset,
  not,
  notInto,
  or,
  orInto,
  set,
  wordsFor,
} from '../../../src/lib/domain/tags/bitset';
import type { Bitset } from '../../../src/lib/domain/tags/bitset';
import { Rng } from './helpers';

const SIZES = [0, 1, 2, 31, 32, 33, 63, 64, 65, 100, 1000, 1023, 4097];

function randomBools(rng: Rng, n: number, density = rng.next()): boolean[] {
  return Array.from({ length: n }, () => rng.next() < density);
}

function fromBools(b: readonly boolean[]): Bitset {
  return bitsetFrom(b.length, (i) => b[i] === true);
}

function toBools(a: Bitset, n: number): boolean[] {
  return Array.from({ length: n }, (_, i) => has(a, i));
}

/** Bits at positions ≥ n of the last word. */
function tailBits(a: Bitset, n: number): number {
  const rest = n & 31;
  return rest === 0 ? 0 : (a[a.length - 1] as number) >>> rest;
}

const truths = (b: readonly boolean[]): number => b.filter(Boolean).length;

describe('bitset layout', () => {
  it('keeps customer i at bit i & 31 of word i >>> 5', () => {
    const a = createBitset(70);
    expect(a.length).toBe(3);
    set(a, 0);
    set(a, 31);
    set(a, 32);
    set(a, 69);
    expect(a[0]).toBe(0x80000001);
    expect(a[1]).toBe(1);
    expect(a[2]).toBe(1 << 5);
  });

  it('uses ceil(n / 32) words', () => {
    expect([0, 1, 31, 32, 33, 64, 65].map(wordsFor)).toEqual([0, 1, 1, 1, 2, 2, 3]);
    expect(createBitset(0)).toHaveLength(0);
  });

  it('refuses a negative or fractional size', () => {
    expect(() => createBitset(-1)).toThrow(RangeError);
    expect(() => createBitset(1.5)).toThrow(RangeError);
  });
});

describe('bitset building', () => {
  it('bitsetFrom and bitsetFromMask agree with the predicate for every size', () => {
    const rng = new Rng(1);
    for (const n of SIZES) {
      const b = randomBools(rng, n);
      const a = fromBools(b);
      expect(a).toHaveLength(wordsFor(n));
      expect(toBools(a, n)).toEqual(b);
      const mask = Uint8Array.from(b, (x) => (x ? 1 : 0));
      expect(bitsetEquals(bitsetFromMask(mask), a)).toBe(true);
      expect(Array.from(maskFromBitset(a, n))).toEqual(Array.from(mask));
      expect(tailBits(a, n)).toBe(0);
    }
  });

  it('reads any non-zero mask byte as set', () => {
    const a = bitsetFromMask(Uint8Array.from([0, 2, 255, 0, 1]));
    expect(Array.from(indices(a))).toEqual([1, 2, 4]);
  });

  it('fullBitset sets exactly customers 0..n-1', () => {
    for (const n of SIZES) {
      const a = fullBitset(n);
      expect(count(a)).toBe(n);
      expect(tailBits(a, n)).toBe(0);
    }
  });
});

describe('bitset single bits', () => {
  it('set, clear and has', () => {
    const a = createBitset(40);
    set(a, 33);
    expect(has(a, 33)).toBe(true);
    expect(has(a, 32)).toBe(false);
    clear(a, 33);
    expect(has(a, 33)).toBe(false);
  });

  it('has is false outside the bitset and set refuses it', () => {
    const a = fullBitset(40);
    expect(has(a, -1)).toBe(false);
    expect(has(a, 64)).toBe(false);
    expect(has(a, 1_000_000)).toBe(false);
    expect(() => set(a, 64)).toThrow(RangeError);
    expect(() => set(a, -1)).toThrow(RangeError);
  });
});

describe('bitset operations', () => {
  it('and, or, andNot, not and the counts equal a naive boolean array', () => {
    const rng = new Rng(2);
    for (const n of SIZES) {
      for (let trial = 0; trial < 5; trial++) {
        const x = randomBools(rng, n);
        const y = randomBools(rng, n);
        const a = fromBools(x);
        const b = fromBools(y);
        const cases: [Bitset, boolean[]][] = [
          [and(a, b), x.map((v, i) => v && y[i] === true)],
          [or(a, b), x.map((v, i) => v || y[i] === true)],
          [andNot(a, b), x.map((v, i) => v && y[i] !== true)],
          [not(a, n), x.map((v) => !v)],
        ];
        for (const [bits, naive] of cases) {
          expect(toBools(bits, n)).toEqual(naive);
          expect(count(bits)).toBe(truths(naive));
          expect(tailBits(bits, n)).toBe(0);
        }
        expect(count(a)).toBe(truths(x));
        expect(andCount(a, b)).toBe(truths(x.map((v, i) => v && y[i] === true)));
        expect(Array.from(indices(a))).toEqual(x.flatMap((v, i) => (v ? [i] : [])));
      }
    }
  });

  it('does not change its inputs', () => {
    const a = bitsetFrom(70, (i) => i % 3 === 0);
    const b = bitsetFrom(70, (i) => i % 5 === 0);
    const a0 = a.slice();
    const b0 = b.slice();
    and(a, b);
    or(a, b);
    andNot(a, b);
    not(a, 70);
    andCount(a, b);
    expect(bitsetEquals(a, a0) && bitsetEquals(b, b0)).toBe(true);
  });

  it('the Into variants mutate and return their target', () => {
    const a = bitsetFrom(40, (i) => i < 20);
    const b = bitsetFrom(40, (i) => i >= 10);
    expect(andInto(a, b)).toBe(a);
    expect(Array.from(indices(a))).toEqual(Array.from({ length: 10 }, (_, i) => i + 10));
    expect(orInto(a, b)).toBe(a);
    expect(count(a)).toBe(30);
    expect(
      andNotInto(
        a,
        bitsetFrom(40, (i) => i % 2 === 0),
      ),
    ).toBe(a);
    expect(count(a)).toBe(15);
    expect(notInto(a, 40)).toBe(a);
    expect(count(a)).toBe(25);
  });

  it('not keeps the bits past n clear, and twice gives the original', () => {
    for (const n of [1, 5, 31, 33, 95]) {
      const a = createBitset(n);
      const inverted = not(a, n);
      expect(count(inverted)).toBe(n);
      expect(tailBits(inverted, n)).toBe(0);
      expect(bitsetEquals(not(inverted, n), a)).toBe(true);
    }
  });

  it('refuses to combine bitsets of different sizes', () => {
    expect(() => and(createBitset(64), createBitset(65))).toThrow(RangeError);
    expect(() => andCount(createBitset(1), createBitset(40))).toThrow(RangeError);
    expect(() => not(createBitset(64), 65)).toThrow(RangeError);
  });

  it('counts full words and high bits correctly (the popcount bit trick)', () => {
    const a = Uint32Array.from([0xffffffff, 0x80000000, 0x7fffffff, 0x55555555, 0]);
    expect(count(a)).toBe(32 + 1 + 31 + 16);
    expect(Array.from(indices(Uint32Array.from([0x80000001])))).toEqual([0, 31]);
  });

  it('AND/OR of ten random tags equals the naive boolean expression', () => {
    const rng = new Rng(3);
    for (const n of [0, 1, 31, 32, 33, 777, 5000]) {
      const tags = Array.from({ length: 10 }, () => randomBools(rng, n));
      const bits = tags.map(fromBools);
      const at = (k: number): Bitset => bits[k] as Bitset;
      const t = (k: number, i: number): boolean => (tags[k] as boolean[])[i] === true;
      // (t0 AND t1 AND NOT t2) OR (t3 AND (t4 OR t5)) OR (t6 AND t7 AND t8 AND NOT t9)
      const combined = or(
        or(andNot(and(at(0), at(1)), at(2)), and(at(3), or(at(4), at(5)))),
        andNot(and(and(at(6), at(7)), at(8)), at(9)),
      );
      const naive = Array.from(
        { length: n },
        (_, i) =>
          (t(0, i) && t(1, i) && !t(2, i)) ||
          (t(3, i) && (t(4, i) || t(5, i))) ||
          (t(6, i) && t(7, i) && t(8, i) && !t(9, i)),
      );
      expect(toBools(combined, n)).toEqual(naive);
      expect(count(combined)).toBe(truths(naive));
      // Every tag ANDed, every tag ORed.
      const all = bits.reduce((acc, b) => and(acc, b), fullBitset(n));
      const any = bits.reduce((acc, b) => or(acc, b), createBitset(n));
      expect(count(all)).toBe(naive.filter((_, i) => tags.every((tag) => tag[i])).length);
      expect(count(any)).toBe(naive.filter((_, i) => tags.some((tag) => tag[i])).length);
    }
  });
});
