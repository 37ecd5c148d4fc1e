// Hash tables for the import's hot path, built on typed arrays.
//
// A million-row import meets a million distinct order ids. In a `Map<string, number>` every
// entry is a heap object the garbage collector walks again and again (in a Chromium worker the
// order-id dictionary alone took ~10 s of a 1M-row import); here the keys live as UTF-16 code
// units in one growing `Uint16Array`, the slots in an `Int32Array`, and a string is made only
// when a caller asks for a value. Probing is linear over a power-of-two table kept at most half
// full; the hash is FNV-1a over UTF-16 code units with a final avalanche (murmur3's fmix32).

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** 32-bit hash of a string's UTF-16 code units. */
export function hashString(s: string): number {
  return hashIn(s, 0, s.length);
}

/** hashString of `s.slice(start, end)`. */
function hashIn(s: string, start: number, end: number): number {
  let h = FNV_OFFSET;
  for (let i = start; i < end; i++) {
    h = Math.imul(h ^ s.charCodeAt(i), FNV_PRIME);
  }
  return fmix32(h);
}

function grown<T extends Uint16Array | Uint32Array | Int32Array>(a: T, need: number): T {
  let size = a.length;
  while (size < need) {
    size *= 2;
  }
  const b = new (a.constructor as new (n: number) => T)(size);
  b.set(a);
  return b;
}

const utf16 = new TextDecoder('utf-16le');
const ascii = new TextDecoder('utf-8');

/** Whether a surrogate code unit stands without its partner (TextDecoder would replace it). */
function hasLoneSurrogate(chars: Uint16Array): boolean {
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i]!;
    if ((c & 0xf800) !== 0xd800) {
      continue;
    }
    if (c >= 0xdc00 || i + 1 >= chars.length || (chars[i + 1]! & 0xfc00) !== 0xdc00) {
      return true;
    }
    i++; // a high surrogate and its low one
  }
  return false;
}

/** Longest run of code units given to one String.fromCharCode call. */
const FROM_CHAR_CODE_RUN = 8192;

/**
 * Values joined by NUL, with the end of each: value i is `text.slice(ends[i - 1] + 1, ends[i])`
 * (from 0 for the first). The NUL keeps two values from running together in the text.
 */
export interface JoinedValues {
  text: string;
  ends: Uint32Array;
}

export function joinValues(values: readonly string[]): JoinedValues {
  const ends = new Uint32Array(values.length);
  let at = 0;
  for (let i = 0; i < values.length; i++) {
    at += values[i]!.length;
    ends[i] = at;
    at++;
  }
  return { text: values.join('\u0000'), ends };
}

/**
 * A dictionary: each distinct string gets a dense code (0, 1, 2… in order of first sight) and a
 * count of how often it was added. Code 0 is the empty string, present from the start.
 */
export class StringDict {
  /** Pairs (hash, code + 1) side by side, so a probe reads one cache line; code + 1 = 0: empty. */
  private slots: Int32Array;
  private hashes = new Int32Array(1024);
  private starts = new Uint32Array(1025); // value `code` is chars[starts[code], starts[code + 1])
  private chars = new Uint16Array(16384);
  private counts = new Uint32Array(1024);
  private cached: (string | undefined)[] = [''];
  private n = 0;

  constructor() {
    this.slots = new Int32Array(2048);
    this.insert('', 0, 0, hashIn('', 0, 0));
  }

  /** How many distinct values, the empty one included. */
  get size(): number {
    return this.n;
  }

  /** The code of `s`, added (with a count of 0) when new. Does not count. */
  codeOf(s: string): number {
    return this.codeIn(s, 0, s.length);
  }

  /** codeOf `s.slice(start, end)`, without making the slice unless the value is new. */
  codeIn(s: string, start: number, end: number): number {
    const h = hashIn(s, start, end) | 0;
    const slots = this.slots;
    const mask = (slots.length >> 1) - 1;
    for (let i = h & mask; ; i = (i + 1) & mask) {
      const slot = slots[2 * i + 1]!;
      if (slot === 0) {
        return this.insert(s, start, end, h);
      }
      if (slots[2 * i] === h && this.equals(slot - 1, s, start, end)) {
        return slot - 1;
      }
    }
  }

  /** The code of `s` (added when new), counting one more occurrence. */
  add(s: string): number {
    return this.addIn(s, 0, s.length);
  }

  /** add of `s.slice(start, end)`. */
  addIn(s: string, start: number, end: number): number {
    const code = this.codeIn(s, start, end);
    this.counts[code]!++;
    return code;
  }

  /** Counts one more occurrence of an existing code. */
  count(code: number): void {
    this.counts[code]!++;
  }

  /** How often the value of `code` was added. */
  countOf(code: number): number {
    return this.counts[code]!;
  }

  /** The value of a code. */
  value(code: number): string {
    let v = this.cached[code];
    if (v === undefined) {
      v = this.decode(code);
      this.cached[code] = v;
    }
    return v;
  }

  /** Every value, by code. */
  values(): string[] {
    const out = new Array<string>(this.n);
    const used = this.starts[this.n]!;
    const chars = this.chars.subarray(0, used);
    if (!hasLoneSurrogate(chars)) {
      // One decode of all the text, then a slice per value (UTF-16LE keeps every code unit
      // but a lone surrogate, which would become U+FFFD: hence the test).
      const all = utf16.decode(chars);
      for (let c = 0; c < this.n; c++) {
        out[c] = this.cached[c] ?? all.slice(this.starts[c]!, this.starts[c + 1]!);
      }
      return out;
    }
    for (let c = 0; c < this.n; c++) {
      out[c] = this.cached[c] ?? this.decode(c);
    }
    return out;
  }

  /**
   * Every value joined by NUL (see joinValues), straight from the arena: one copy and one
   * decode, without a string per value. Text that is all ASCII is decoded from bytes, so that
   * it becomes a one-byte string as `join` would make it (half the size to store).
   */
  joined(): JoinedValues {
    const n = this.n;
    const starts = this.starts;
    const chars = this.chars;
    const used = starts[n]!;
    let max = 0;
    for (let i = 0; i < used; i++) {
      max |= chars[i]!;
    }
    if (max >= 0x80 && hasLoneSurrogate(chars.subarray(0, used))) {
      return joinValues(this.values());
    }
    const out = max < 0x80 ? new Uint8Array(used + n) : new Uint16Array(used + n);
    const ends = new Uint32Array(n);
    let p = 0;
    for (let c = 0; c < n; c++) {
      for (let i = starts[c]!, e = starts[c + 1]!; i < e; i++) {
        out[p++] = chars[i]!;
      }
      ends[c] = p++; // out[p] stays 0: the NUL after the value
    }
    const body = out.subarray(0, Math.max(0, p - 1));
    return { text: (max < 0x80 ? ascii : utf16).decode(body), ends };
  }

  private decode(code: number): string {
    const start = this.starts[code]!;
    const end = this.starts[code + 1]!;
    let s = '';
    for (let i = start; i < end; i += FROM_CHAR_CODE_RUN) {
      s += String.fromCharCode.apply(
        null,
        this.chars.subarray(i, Math.min(end, i + FROM_CHAR_CODE_RUN)) as unknown as number[],
      );
    }
    return s;
  }

  private equals(code: number, s: string, start: number, end: number): boolean {
    const at = this.starts[code]!;
    if (this.starts[code + 1]! - at !== end - start) {
      return false;
    }
    const chars = this.chars;
    for (let i = start, j = at; i < end; i++, j++) {
      if (chars[j] !== s.charCodeAt(i)) {
        return false;
      }
    }
    return true;
  }

  private insert(s: string, from: number, to: number, h: number): number {
    const code = this.n++;
    const start = this.starts[code]!;
    const end = start + (to - from);
    this.makeRoom(this.n, end);
    const chars = this.chars;
    for (let i = from, j = start; i < to; i++, j++) {
      chars[j] = s.charCodeAt(i);
    }
    this.starts[code + 1] = end;
    this.hashes[code] = h;
    // One value more: at most one doubling (the rule of slotsFor, checked inline on this path).
    if (this.n * 2 > this.slots.length >> 1) {
      this.rehash(this.slots.length * 2);
    } else {
      this.place(code, h);
    }
    return code;
  }

  /** Grows the arrays (by doubling) to hold `values` values of `chars` code units in all. */
  private makeRoom(values: number, chars: number) {
    if (values > this.hashes.length) {
      this.hashes = grown(this.hashes, values);
      this.counts = grown(this.counts, values);
    }
    if (values + 1 > this.starts.length) {
      this.starts = grown(this.starts, values + 1);
    }
    if (chars > this.chars.length) {
      this.chars = grown(this.chars, chars);
    }
  }

  /** Length of the slot array that keeps `values` values at most half the slots. */
  private slotsFor(values: number): number {
    let size = this.slots.length;
    while (values * 2 > size >> 1) {
      size *= 2;
    }
    return size;
  }

  private place(code: number, h: number) {
    const slots = this.slots;
    const mask = (slots.length >> 1) - 1;
    let i = h & mask;
    while (slots[2 * i + 1] !== 0) {
      i = (i + 1) & mask;
    }
    slots[2 * i] = h;
    slots[2 * i + 1] = code + 1;
  }

  /**
   * Makes room for `values` distinct values holding `chars` code units in all, at once rather
   * than by repeated doubling (each doubling copies the arrays and re-places every value).
   */
  reserve(values: number, chars: number): void {
    this.makeRoom(values, chars);
    const size = this.slotsFor(values);
    if (size > this.slots.length) {
      this.rehash(size);
    }
  }

  /** Code units held by all values so far. */
  get charCount(): number {
    return this.starts[this.n]!;
  }

  private rehash(size: number) {
    this.slots = new Int32Array(size);
    for (let c = 0; c < this.n; c++) {
      this.place(c, this.hashes[c]!);
    }
  }
}

/**
 * A set of 64-bit fingerprints (two independent 32-bit hashes), used to find repeated rows
 * without keeping the rows: two different rows share a fingerprint with probability 2⁻⁶⁴ per
 * pair (≈ 3·10⁻⁸ over a million rows).
 */
export class FingerprintSet {
  private lo = new Int32Array(2048);
  private hi = new Int32Array(2048);
  private n = 0;

  get size(): number {
    return this.n;
  }

  /** Adds (lo, hi); false when it was already there. */
  add(lo: number, hi: number): boolean {
    // hi is forced odd so that (0, 0) can mark an empty slot.
    hi |= 1;
    const mask = this.lo.length - 1;
    let i = fmix32(lo ^ Math.imul(hi, 0x9e3779b1)) & mask;
    for (;;) {
      const h = this.hi[i]!;
      if (h === 0) {
        break;
      }
      if (h === hi && this.lo[i] === lo) {
        return false;
      }
      i = (i + 1) & mask;
    }
    this.lo[i] = lo;
    this.hi[i] = hi;
    this.n++;
    if (this.n * 2 > this.lo.length) {
      this.rehash();
    }
    return true;
  }

  private rehash() {
    const oldLo = this.lo;
    const oldHi = this.hi;
    this.lo = new Int32Array(oldLo.length * 2);
    this.hi = new Int32Array(oldHi.length * 2);
    const mask = this.lo.length - 1;
    for (let j = 0; j < oldLo.length; j++) {
      const hi = oldHi[j]!;
      if (hi === 0) {
        continue;
      }
      const lo = oldLo[j]!;
      let i = fmix32(lo ^ Math.imul(hi, 0x9e3779b1)) & mask;
      while (this.hi[i] !== 0) {
        i = (i + 1) & mask;
      }
      this.lo[i] = lo;
      this.hi[i] = hi;
    }
  }
}

/**
 * The 64-bit fingerprint of a list of strings as [lo, hi]: the strings and their boundaries
 * (["ab", "c"] and ["a", "bc"] differ), two FNV-style lanes with different primes and seeds.
 */
export function fingerprint(parts: readonly string[], out: Int32Array): void {
  fingerprintIn(
    parts,
    new Int32Array(parts.length),
    Int32Array.from(parts, (p) => p.length),
    parts.length,
    out,
  );
}

/** fingerprint of the parts `texts[k].slice(starts[k], ends[k])` for k < count. */
export function fingerprintIn(
  texts: readonly string[],
  starts: Int32Array,
  ends: Int32Array,
  count: number,
  out: Int32Array,
): void {
  let a = FNV_OFFSET;
  let b = 0x9747b28c;
  for (let p = 0; p < count; p++) {
    const s = texts[p]!;
    const end = ends[p]!;
    for (let i = starts[p]!; i < end; i++) {
      const c = s.charCodeAt(i);
      a = Math.imul(a ^ c, FNV_PRIME);
      b = Math.imul(b ^ c, 0x5bd1e995);
    }
    // A boundary mark no code unit can produce on its own (values above 0xffff).
    a = Math.imul(a ^ 0x10001, FNV_PRIME);
    b = Math.imul(b ^ 0x10001, 0x5bd1e995);
  }
  out[0] = fmix32(a);
  out[1] = fmix32(b ^ count);
}

const f64 = new Float64Array(1);
const f64Words = new Uint32Array(f64.buffer);

/** A set of numbers (SameValueZero, like `Set`: 0 and -0 are one value; NaN is one value). */
export class NumberSet {
  private keys = new Float64Array(1024);
  private used = new Uint8Array(1024);
  private n = 0;

  get size(): number {
    return this.n;
  }

  add(v: number): void {
    if (v === 0) {
      v = 0; // -0 → 0
    }
    const mask = this.keys.length - 1;
    let i = NumberSet.hash(v) & mask;
    while (this.used[i]) {
      const k = this.keys[i]!;
      if (k === v || (k !== k && v !== v)) {
        return;
      }
      i = (i + 1) & mask;
    }
    this.keys[i] = v;
    this.used[i] = 1;
    this.n++;
    if (this.n * 2 > this.keys.length) {
      this.rehash();
    }
  }

  private static hash(v: number): number {
    f64[0] = v;
    return fmix32(f64Words[0]! ^ Math.imul(f64Words[1]!, 0x9e3779b1));
  }

  private rehash() {
    const oldKeys = this.keys;
    const oldUsed = this.used;
    this.keys = new Float64Array(oldKeys.length * 2);
    this.used = new Uint8Array(oldKeys.length * 2);
    const mask = this.keys.length - 1;
    for (let j = 0; j < oldKeys.length; j++) {
      if (!oldUsed[j]) {
        continue;
      }
      const v = oldKeys[j]!;
      let i = NumberSet.hash(v) & mask;
      while (this.used[i]) {
        i = (i + 1) & mask;
      }
      this.keys[i] = v;
      this.used[i] = 1;
    }
  }
}
