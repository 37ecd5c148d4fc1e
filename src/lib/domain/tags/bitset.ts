// Bitsets over customers: one bit per customer row, packed into 32-bit words, so a tag over
// 1,000,000 customers is 125 KB and AND/OR/count run one word (32 customers) at a time.
//
// Word layout: customer i lives in word `i >>> 5`, at bit `i & 31` (value `1 << (i & 31)`),
// least significant bit first. A bitset for n customers has exactly ceil(n / 32) words, and
// the bits of the last word at positions ≥ n are always 0 (every function here keeps that
// invariant, so count() and indices() never see customers that do not exist).
//
// The operations return new arrays unless their name ends in `Into` (those mutate and return
// their first argument) or they are `set`/`clear`.

/** One bit per customer; see the word layout above. */
export type Bitset = Uint32Array;

/** Number of 32-bit words that hold n bits. */
export function wordsFor(n: number): number {
  return (n + 31) >>> 5;
}

/** An empty bitset for n customers. */
export function createBitset(n: number): Bitset {
  if (!Number.isInteger(n) || n < 0) {
    throw new RangeError(`A bitset needs a whole, non-negative size, not ${n}`);
  }
  return new Uint32Array(wordsFor(n));
}

/** The customers i in 0..n-1 for which `predicate(i)` holds. */
export function bitsetFrom(n: number, predicate: (i: number) => boolean): Bitset {
  const out = createBitset(n);
  for (let base = 0; base < n; base += 32) {
    const end = Math.min(n, base + 32);
    let word = 0;
    for (let i = base; i < end; i++) {
      if (predicate(i)) {
        word |= 1 << (i - base);
      }
    }
    out[base >>> 5] = word;
  }
  return out;
}

/** A bitset for mask.length customers: customer i is set when mask[i] is not 0. */
export function bitsetFromMask(mask: Uint8Array): Bitset {
  const n = mask.length;
  const out = new Uint32Array(wordsFor(n));
  for (let base = 0; base < n; base += 32) {
    const end = Math.min(n, base + 32);
    let word = 0;
    for (let i = base; i < end; i++) {
      if (mask[i] !== 0) {
        word |= 1 << (i - base);
      }
    }
    out[base >>> 5] = word;
  }
  return out;
}

/** The bitset as one byte per customer (1 = set), for the n customers it was built for. */
export function maskFromBitset(a: Bitset, n: number): Uint8Array {
  checkSize(a, n);
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    out[i] = (a[i >>> 5]! >>> (i & 31)) & 1;
  }
  return out;
}

function checkSame(a: Bitset, b: Bitset): void {
  if (a.length !== b.length) {
    throw new RangeError(
      `Bitsets of different sizes (${a.length} and ${b.length} words) cannot be combined`,
    );
  }
}

function checkSize(a: Bitset, n: number): void {
  if (!Number.isInteger(n) || n < 0 || a.length !== wordsFor(n)) {
    throw new RangeError(`A bitset of ${a.length} words does not hold ${n} customers`);
  }
}

/** Customers in both a and b. */
export function and(a: Bitset, b: Bitset): Bitset {
  return andInto(a.slice(), b);
}

/** Customers in a or b (or both). */
export function or(a: Bitset, b: Bitset): Bitset {
  return orInto(a.slice(), b);
}

/** Customers in a but not in b. */
export function andNot(a: Bitset, b: Bitset): Bitset {
  return andNotInto(a.slice(), b);
}

/** The customers 0..n-1 that are not in a (bits ≥ n stay 0). */
export function not(a: Bitset, n: number): Bitset {
  return notInto(a.slice(), n);
}

/** NOTE mutates `target`: target := target AND b. Returns target. */
export function andInto(target: Bitset, b: Bitset): Bitset {
  checkSame(target, b);
  for (let w = 0; w < target.length; w++) {
    target[w] = target[w]! & b[w]!;
  }
  return target;
}

/** NOTE mutates `target`: target := target OR b. Returns target. */
export function orInto(target: Bitset, b: Bitset): Bitset {
  checkSame(target, b);
  for (let w = 0; w < target.length; w++) {
    target[w] = target[w]! | b[w]!;
  }
  return target;
}

/** NOTE mutates `target`: target := target AND NOT b. Returns target. */
export function andNotInto(target: Bitset, b: Bitset): Bitset {
  checkSame(target, b);
  for (let w = 0; w < target.length; w++) {
    target[w] = target[w]! & ~b[w]!;
  }
  return target;
}

/** NOTE mutates `target`: target := NOT target over customers 0..n-1. Returns target. */
export function notInto(target: Bitset, n: number): Bitset {
  checkSize(target, n);
  for (let w = 0; w < target.length; w++) {
    target[w] = ~target[w]!;
  }
  clearTail(target, n);
  return target;
}

/** NOTE mutates `a`: clears the bits at positions ≥ n of the last word. */
function clearTail(a: Bitset, n: number): void {
  const rest = n & 31;
  if (rest !== 0) {
    const last = a.length - 1;
    a[last] = a[last]! & ((1 << rest) - 1);
  }
}

/** All customers 0..n-1. */
export function fullBitset(n: number): Bitset {
  const out = createBitset(n);
  out.fill(0xffffffff);
  clearTail(out, n);
  return out;
}

/** Set bits in one 32-bit word (SWAR popcount: pairs, nibbles, then one multiply). */
function popcount32(v: number): number {
  v = v - ((v >>> 1) & 0x55555555);
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return Math.imul((v + (v >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24;
}

/** Number of customers in a. */
export function count(a: Bitset): number {
  let total = 0;
  for (let w = 0; w < a.length; w++) {
    total += popcount32(a[w]!);
  }
  return total;
}

/** Number of customers in both a and b, without allocating the intersection. */
export function andCount(a: Bitset, b: Bitset): number {
  checkSame(a, b);
  let total = 0;
  for (let w = 0; w < a.length; w++) {
    total += popcount32(a[w]! & b[w]!);
  }
  return total;
}

/** Whether customer i is in a (false for i outside the bitset). */
export function has(a: Bitset, i: number): boolean {
  const word = a[i >>> 5];
  return i >= 0 && word !== undefined && ((word >>> (i & 31)) & 1) === 1;
}

/** NOTE mutates `a`: adds customer i. */
export function set(a: Bitset, i: number): void {
  const w = i >>> 5;
  if (i < 0 || w >= a.length) {
    throw new RangeError(`Customer ${i} is outside a bitset of ${a.length * 32} bits`);
  }
  a[w] = a[w]! | (1 << (i & 31));
}

/** NOTE mutates `a`: removes customer i. */
export function clear(a: Bitset, i: number): void {
  const w = i >>> 5;
  if (i < 0 || w >= a.length) {
    throw new RangeError(`Customer ${i} is outside a bitset of ${a.length * 32} bits`);
  }
  a[w] = a[w]! & ~(1 << (i & 31));
}

/** The customers in a, ascending. */
export function indices(a: Bitset): Uint32Array {
  const out = new Uint32Array(count(a));
  let k = 0;
  for (let w = 0; w < a.length; w++) {
    let word = a[w]! | 0;
    const base = w << 5;
    while (word !== 0) {
      const lowest = word & -word;
      out[k++] = base + 31 - Math.clz32(lowest);
      word ^= lowest;
    }
  }
  return out;
}

/** Whether a and b hold the same customers. */
export function bitsetEquals(a: Bitset, b: Bitset): boolean {
  if (a.length !== b.length) {
    return false;
  }
  for (let w = 0; w < a.length; w++) {
    if (a[w] !== b[w]) {
      return false;
    }
  }
  return true;
}
