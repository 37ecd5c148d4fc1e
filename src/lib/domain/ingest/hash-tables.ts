// Hash tables for the import's hot path, built on typed arrays.
//
// A million-row import meets a million distinct order ids. In a `Map<string, number>` every
// entry is a heap object the garbage collector walks again and again (in a Chromium worker the
// order-id dictionary alone took ~10 s of a 1M-row import); here the keys live as UTF-16 code
// units in one growing `Uint16Array`, the slots in an `Int32Array`, and a string is made only
// when a caller asks for a value. Probing is linear over a power-of-two table kept at most 70 %
// full (isCrowded); the hash is FNV-1a over UTF-16 code units with a final avalanche (murmur3's
// fmix32). Values that come in increasing order skip the table (StringDict.codeIn).

import { NO_UNITS, textUnits } from './units';

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
  return hashIn(textUnits(s), 0, s.length);
}

/** hashString of the code units s[start, end). */
function hashIn(s: Uint16Array, start: number, end: number): number {
  let h = FNV_OFFSET;
  for (let i = start; i < end; i++) {
    h = Math.imul(h ^ s[i]!, FNV_PRIME);
  }
  return fmix32(h);
}

/**
 * Whether `entries` crowd a linear-probing table of `slots` slots: more than 70 % full. Tables
 * of a million entries do not fit in the CPU caches, so every probe that starts in a new place
 * is a cache (and TLB) miss; a fuller table is smaller, and at 70 % the few extra probes mostly
 * stay in the same cache line. (Measured in Node on this machine, 1M inserts of order ids: a
 * 32 MB table 357 ms, 16 MB 210 ms; hashing alone 40 ms.)
 */
function isCrowded(entries: number, slots: number): boolean {
  return entries * 10 > slots * 7;
}

function grown<T extends Uint8Array | Uint16Array | Uint32Array | Int32Array>(
  a: T,
  need: number,
): T {
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

/** StringDict's increasing run is judged over windows of this many calls… */
const RUN_WINDOW = 4096;
/** …and left when more than one call in this many was not answered by it. */
const RUN_MISS_SHARE = 8;

/** Values this long or longer (free text) do not go to StringDict's runs. */
const MAX_RUN_LENGTH = 256;

/** An increasing run of a StringDict: codes of values of one length, in increasing order. */
class Run {
  codes = new Uint32Array(64);
  length = 0;
  /**
   * The greatest value the run gave to the hash table (demoteLast), while it is greater than
   * the run's last value; else -1. (Other values of the hash table are below the run's last.)
   */
  demotedTop = -1;
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
  /** Some value holds a NUL itself: only `ends` tells where the values end. */
  hasNul: boolean;
  /**
   * Front coding: the parts of `text` are not the values but what each value adds to the one
   * before it. Value i is the first `shared[i]` code units of value i − 1 followed by part i.
   */
  shared?: Uint8Array;
}

/** Front coding keeps at most this many code units of the value before. */
const MAX_SHARED = 255;

/**
 * How many leading code units each value shares with the one before it (see JoinedValues),
 * from the values' code units: value i is `chars[starts[i], starts[i + 1])`. Never ends inside
 * a surrogate pair. Null when front coding would not save a quarter of the code units.
 */
function sharedPrefixes(chars: Uint16Array, starts: Uint32Array, n: number): Uint8Array | null {
  const shared = new Uint8Array(n);
  let saved = 0;
  for (let i = 1; i < n; i++) {
    const a = starts[i - 1]!;
    const b = starts[i]!;
    const limit = Math.min(b - a, starts[i + 1]! - b, MAX_SHARED);
    let k = 0;
    while (k < limit && chars[a + k] === chars[b + k]) {
      k++;
    }
    if (k > 0 && (chars[b + k - 1]! & 0xfc00) === 0xd800) {
      k--; // keep a high surrogate with its low one
    }
    shared[i] = k;
    saved += k;
  }
  return saved * 4 >= starts[n]! ? shared : null;
}

/** The values back from front-coded parts (see JoinedValues), in place. */
export function unshare(parts: string[], shared: Uint8Array): string[] {
  for (let i = 1; i < parts.length; i++) {
    const k = shared[i]!;
    if (k > 0) {
      parts[i] = parts[i - 1]!.slice(0, k) + parts[i]!;
    }
  }
  return parts;
}

export function joinValues(values: readonly string[]): JoinedValues {
  const ends = new Uint32Array(values.length);
  let at = 0;
  for (let i = 0; i < values.length; i++) {
    at += values[i]!.length;
    ends[i] = at;
    at++;
  }
  return { text: values.join('\u0000'), ends, hasNul: values.some((v) => v.includes('\u0000')) };
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
  /**
   * The increasing runs (see codeIn), one per value length (values of different lengths are
   * never equal); null once left. A run's values are not in `slots`; `inRun` flags their codes.
   */
  private runs: (Run | undefined)[] | null = [];
  private inRun = new Uint8Array(1024);
  private runCodes = 0;
  /** Calls in the current window of RUN_WINDOW calls, and those the run did not answer. */
  private windowCalls = 0;
  private windowMisses = 0;

  constructor() {
    this.slots = new Int32Array(2048);
    this.insert(NO_UNITS, 0, 0, hashIn(NO_UNITS, 0, 0));
  }

  /** How many distinct values, the empty one included. */
  get size(): number {
    return this.n;
  }

  /** The code of `s`, added (with a count of 0) when new. Does not count. */
  codeOf(s: string): number {
    return this.codeIn(textUnits(s), 0, s.length);
  }

  /**
   * codeOf the code units s[start, end) (a cell in the scanner's buffer), without a string.
   *
   * Order ids usually come in increasing order (an export sorted by order or by date, with
   * numbered orders), each one new. Rather than probe a hash table of a million entries at a
   * random place for each (a cache miss every time: 0.3–0.5 s of a 1M-row import in Chromium),
   * values go to increasing runs, one per value length (SO2411119999 then SO24111110000, the
   * ten-thousandth order of a day, then SO2411120001 the next day: each length increases). A
   * value greater than the last one of its run is new and joins the run; a value equal to it
   * is that code (the lines of one order). Any other value is looked for in its run by binary
   * search, then in the hash table, which holds the values out of order. A dictionary whose
   * values are not in order (customers, categories) leaves the runs at the end of its first
   * window of calls: their values go into the hash table, used alone from then on. Codes are
   * the same either way: values get codes in order of first sight.
   */
  codeIn(s: Uint16Array, start: number, end: number): number {
    if (end === start) {
      return 0;
    }
    const runs = this.runs;
    if (runs) {
      const length = end - start;
      let run = length < MAX_RUN_LENGTH ? runs[length] : undefined;
      if (!run && length < MAX_RUN_LENGTH) {
        run = runs[length] = new Run();
      }
      if (run) {
        const code = this.fromRun(run, s, start, end);
        if (code >= 0) {
          return code;
        }
      }
    }
    const h = hashIn(s, start, end) | 0;
    const code = this.findPlaced(s, start, end, h);
    return code >= 0 ? code : this.insert(s, start, end, h);
  }

  /**
   * The code of a value of the run's length, through the run: found or added there, or found
   * in the hash table; -1 when only the hash table can tell (or the runs were just left).
   */
  private fromRun(run: Run, s: Uint16Array, start: number, end: number): number {
    const codes = run.codes;
    const k = run.length;
    const order = k === 0 ? 1 : this.compare(s, start, end, codes[k - 1]!);
    if (order >= 0) {
      this.windowCalls++;
      if (order === 0) {
        return codes[k - 1]!;
      }
      // Greater than the run: new, unless it is a value the run gave to the hash table.
      const top = run.demotedTop;
      if (top >= 0) {
        if (this.compare(s, start, end, top) <= 0) {
          const code = this.findPlaced(s, start, end, hashIn(s, start, end) | 0);
          if (code >= 0) {
            return code;
          }
        } else {
          run.demotedTop = -1; // the run passed them all
        }
      }
      return this.appendToRun(run, s, start, end);
    }
    if (!this.countMiss()) {
      return -1;
    }
    if (k >= 2 && this.compare(s, start, end, codes[k - 2]!) > 0) {
      // Between the last two values of the run: the last one jumped ahead of the others (a
      // cancellation C536379 after 536378). Unless the value is in the hash table, it is new:
      // the jumper goes to the hash table, the value to the run.
      const code = this.findPlaced(s, start, end, hashIn(s, start, end) | 0);
      if (code >= 0) {
        return code;
      }
      this.demoteLast(run);
      return this.appendToRun(run, s, start, end);
    }
    return this.findInRun(run, s, start, end);
  }

  /** The code of a value in the hash table (of hash `h`), or -1. */
  private findPlaced(s: Uint16Array, start: number, end: number, h: number): number {
    const slots = this.slots;
    const mask = (slots.length >> 1) - 1;
    for (let i = h & mask; ; i = (i + 1) & mask) {
      const slot = slots[2 * i + 1]!;
      if (slot === 0) {
        return -1;
      }
      if (slots[2 * i] === h && this.equals(slot - 1, s, start, end)) {
        return slot - 1;
      }
    }
  }

  /** The code of `s` (added when new), counting one more occurrence. */
  add(s: string): number {
    return this.addIn(textUnits(s), 0, s.length);
  }

  /** add of the code units s[start, end). */
  addIn(s: Uint16Array, start: number, end: number): number {
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
   *
   * With `frontCode`, values that share their beginnings with the value before them (order ids
   * in order: SO2411010001, SO2411010002…) are front-coded (JoinedValues.shared) when that
   * saves a quarter of the text or more, and no value holds a NUL.
   */
  joined(frontCode = false): JoinedValues {
    const n = this.n;
    const starts = this.starts;
    const chars = this.chars;
    const used = starts[n]!;
    let max = 0;
    let hasNul = false;
    for (let i = 0; i < used; i++) {
      const c = chars[i]!;
      max |= c;
      hasNul ||= c === 0;
    }
    if (max >= 0x80 && hasLoneSurrogate(chars.subarray(0, used))) {
      return joinValues(this.values());
    }
    const shared = frontCode && !hasNul ? sharedPrefixes(chars, starts, n) : null;
    let size = used + n;
    if (shared) {
      for (let c = 1; c < n; c++) {
        size -= shared[c]!;
      }
    }
    const out = max < 0x80 ? new Uint8Array(size) : new Uint16Array(size);
    const ends = new Uint32Array(n);
    let p = 0;
    for (let c = 0; c < n; c++) {
      for (let i = starts[c]! + (shared ? shared[c]! : 0), e = starts[c + 1]!; i < e; i++) {
        out[p++] = chars[i]!;
      }
      ends[c] = p++; // out[p] stays 0: the NUL after the value
    }
    const body = out.subarray(0, Math.max(0, p - 1));
    const text = (max < 0x80 ? ascii : utf16).decode(body);
    return shared ? { text, ends, hasNul, shared } : { text, ends, hasNul };
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

  private equals(code: number, s: Uint16Array, start: number, end: number): boolean {
    const at = this.starts[code]!;
    if (this.starts[code + 1]! - at !== end - start) {
      return false;
    }
    const chars = this.chars;
    for (let i = start, j = at; i < end; i++, j++) {
      if (chars[j] !== s[i]) {
        return false;
      }
    }
    return true;
  }

  /** A new value, its code and characters stored (not yet placed in any lookup structure). */
  private append(s: Uint16Array, from: number, to: number): number {
    const code = this.n++;
    const start = this.starts[code]!;
    const end = start + (to - from);
    this.makeRoom(this.n, end);
    const chars = this.chars;
    for (let i = from, j = start; i < to; i++, j++) {
      chars[j] = s[i]!;
    }
    this.starts[code + 1] = end;
    return code;
  }

  private appendToRun(run: Run, s: Uint16Array, from: number, to: number): number {
    const code = this.append(s, from, to);
    if (run.length === run.codes.length) {
      run.codes = grown(run.codes, run.length + 1);
    }
    run.codes[run.length++] = code;
    this.inRun[code] = 1;
    this.runCodes++;
    return code;
  }

  /**
   * Sign of the units s[start, end) against the value of `code`, in the order of JavaScript strings
   * (by code unit; a prefix first). Within a run all values have one length.
   */
  private compare(s: Uint16Array, start: number, end: number, code: number): number {
    const at = this.starts[code]!;
    const length = this.starts[code + 1]! - at;
    const common = Math.min(end - start, length);
    const chars = this.chars;
    for (let i = 0; i < common; i++) {
      const d = s[start + i]! - chars[at + i]!;
      if (d !== 0) {
        return d;
      }
    }
    return end - start - length;
  }

  /** compare of two stored values. */
  private compareCodes(a: number, b: number): number {
    const at = this.starts[a]!;
    const bt = this.starts[b]!;
    const aLength = this.starts[a + 1]! - at;
    const bLength = this.starts[b + 1]! - bt;
    const common = Math.min(aLength, bLength);
    const chars = this.chars;
    for (let i = 0; i < common; i++) {
      const d = chars[at + i]! - chars[bt + i]!;
      if (d !== 0) {
        return d;
      }
    }
    return aLength - bLength;
  }

  /** The code of a value in the run (binary search), or -1. */
  private findInRun(run: Run, s: Uint16Array, start: number, end: number): number {
    const codes = run.codes;
    let lo = 0;
    let hi = run.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const order = this.compare(s, start, end, codes[mid]!);
      if (order === 0) {
        return codes[mid]!;
      }
      if (order < 0) {
        hi = mid - 1;
      } else {
        lo = mid + 1;
      }
    }
    return -1;
  }

  /**
   * Counts a call the run could not answer; at the end of a window where more than one call in
   * RUN_MISS_SHARE missed, leaves the run. Returns whether the run is still there.
   */
  private countMiss(): boolean {
    this.windowCalls++;
    this.windowMisses++;
    if (this.windowCalls < RUN_WINDOW) {
      return true;
    }
    if (this.windowMisses * RUN_MISS_SHARE > this.windowCalls) {
      this.leaveRun();
      return false;
    }
    this.windowCalls = 0;
    this.windowMisses = 0;
    return true;
  }

  /** Puts the runs' values into the hash table, which holds every value from then on. */
  private leaveRun(): void {
    for (const run of this.runs ?? []) {
      for (let k = 0; k < (run?.length ?? 0); k++) {
        const code = run!.codes[k]!;
        this.hashes[code] = this.hashOfCode(code);
      }
    }
    this.runs = null;
    this.runCodes = 0;
    this.inRun = new Uint8Array(0);
    this.rehash(this.slotsFor(this.n));
  }

  /** Moves the last value of a run to the hash table. */
  private demoteLast(run: Run): void {
    const code = run.codes[--run.length]!;
    if (run.demotedTop < 0 || this.compareCodes(code, run.demotedTop) > 0) {
      run.demotedTop = code;
    }
    this.inRun[code] = 0;
    this.runCodes--;
    const h = this.hashOfCode(code);
    this.hashes[code] = h;
    this.placeNew(code, h);
  }

  /** hashIn of a stored value. */
  private hashOfCode(code: number): number {
    let h = FNV_OFFSET;
    const chars = this.chars;
    for (let i = this.starts[code]!, e = this.starts[code + 1]!; i < e; i++) {
      h = Math.imul(h ^ chars[i]!, FNV_PRIME);
    }
    return fmix32(h) | 0;
  }

  /** Values in the hash table: all but the runs'. */
  private get placed(): number {
    return this.n - this.runCodes;
  }

  private insert(s: Uint16Array, from: number, to: number, h: number): number {
    const code = this.append(s, from, to);
    this.hashes[code] = h;
    this.placeNew(code, h);
    return code;
  }

  /** Places a value just added to the hash table's count (`placed`), growing it when crowded. */
  private placeNew(code: number, h: number): void {
    // One value more: at most one doubling (the rule of slotsFor, checked inline on this path).
    if (isCrowded(this.placed, this.slots.length >> 1)) {
      this.rehash(this.slots.length * 2);
    } else {
      this.place(code, h);
    }
  }

  /** Grows the arrays (by doubling) to hold `values` values of `chars` code units in all. */
  private makeRoom(values: number, chars: number) {
    if (values > this.hashes.length) {
      this.hashes = grown(this.hashes, values);
      this.counts = grown(this.counts, values);
      if (this.runs) {
        this.inRun = grown(this.inRun, values);
      }
    }
    if (values + 1 > this.starts.length) {
      this.starts = grown(this.starts, values + 1);
    }
    if (chars > this.chars.length) {
      this.chars = grown(this.chars, chars);
    }
  }

  /** Length of the slot array that keeps `values` values without crowding it (isCrowded). */
  private slotsFor(values: number): number {
    let size = this.slots.length;
    while (isCrowded(values, size >> 1)) {
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
    if (this.runs) {
      return; // the hash table is sized when (if) the runs are left
    }
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
    const inRun = this.runs ? this.inRun : null;
    for (let c = 0; c < this.n; c++) {
      if (!inRun?.[c]) {
        this.place(c, this.hashes[c]!);
      }
    }
  }
}

/**
 * A set of 64-bit fingerprints (two independent 32-bit hashes), used to find repeated rows
 * without keeping the rows: two different rows share a fingerprint with probability 2⁻⁶⁴ per
 * pair (≈ 3·10⁻⁸ over a million rows).
 */
export class FingerprintSet {
  /** Pairs (hi, lo) side by side, so a probe reads one cache line; hi = 0: empty. */
  private slots = new Int32Array(2 * 1024);
  private n = 0;

  get size(): number {
    return this.n;
  }

  /** Adds (lo, hi); false when it was already there. */
  add(lo: number, hi: number): boolean {
    // hi is forced odd so that (0, 0) can mark an empty slot.
    hi |= 1;
    const slots = this.slots;
    const mask = (slots.length >> 1) - 1;
    let i = fmix32(lo ^ Math.imul(hi, 0x9e3779b1)) & mask;
    for (;;) {
      const h = slots[2 * i]!;
      if (h === 0) {
        break;
      }
      if (h === hi && slots[2 * i + 1] === lo) {
        return false;
      }
      i = (i + 1) & mask;
    }
    slots[2 * i] = hi;
    slots[2 * i + 1] = lo;
    this.n++;
    if (isCrowded(this.n, slots.length >> 1)) {
      this.rehash(slots.length * 2);
    }
    return true;
  }

  /** Makes room for `count` fingerprints at once (each doubling re-places every entry). */
  reserve(count: number): void {
    let size = this.slots.length;
    while (isCrowded(count, size >> 1)) {
      size *= 2;
    }
    if (size > this.slots.length) {
      this.rehash(size);
    }
  }

  private rehash(size: number) {
    const old = this.slots;
    const slots = new Int32Array(size);
    const mask = (size >> 1) - 1;
    for (let j = 0; j < old.length; j += 2) {
      const hi = old[j]!;
      if (hi === 0) {
        continue;
      }
      const lo = old[j + 1]!;
      let i = fmix32(lo ^ Math.imul(hi, 0x9e3779b1)) & mask;
      while (slots[2 * i] !== 0) {
        i = (i + 1) & mask;
      }
      slots[2 * i] = hi;
      slots[2 * i + 1] = lo;
    }
    this.slots = slots;
  }
}

/**
 * Fingerprints of rows (FingerprintSet), each under a key that equal rows share: the code of the
 * row's order id. The first fingerprint of a key is kept in a plain array indexed by the key,
 * and only the later ones go to a hash set. In an orders file nearly every order id is new, so
 * nearly every row is an array write next to the previous one, instead of a probe at a random
 * place of a table of a million entries (a cache miss each: in Chromium 0.3 s of a 1M-row
 * import). Rows with equal cells have equal keys, so a row whose key is new repeats no row.
 */
export class KeyedFingerprints {
  /** Pairs (hi, lo) by key; hi = 0: no fingerprint under that key yet. */
  private first = new Int32Array(2 * 1024);
  private readonly rest = new FingerprintSet();

  /** Makes room for keys below `keys` at once. */
  reserve(keys: number): void {
    if (2 * keys > this.first.length) {
      this.first = grown(this.first, 2 * keys);
    }
  }

  /** Adds (lo, hi) under `key` (≥ 0); false when it was already there. */
  add(key: number, lo: number, hi: number): boolean {
    hi |= 1; // as FingerprintSet: 0 marks an empty place
    if (2 * key >= this.first.length) {
      this.first = grown(this.first, 2 * key + 2);
    }
    const first = this.first;
    const h = first[2 * key]!;
    if (h === 0) {
      first[2 * key] = hi;
      first[2 * key + 1] = lo;
      return true;
    }
    if (h === hi && first[2 * key + 1] === lo) {
      return false;
    }
    return this.rest.add(lo, hi);
  }
}

/**
 * The 64-bit fingerprint of a list of strings as [lo, hi]: the strings and their boundaries
 * (["ab", "c"] and ["a", "bc"] differ), two FNV-style lanes with different primes and seeds.
 */
export function fingerprint(parts: readonly string[], out: Int32Array): void {
  fingerprintIn(
    parts.map(textUnits),
    new Int32Array(parts.length),
    Int32Array.from(parts, (p) => p.length),
    parts.length,
    out,
  );
}

/** fingerprint of the parts texts[k][starts[k], ends[k]) (code units) for k < count. */
export function fingerprintIn(
  texts: readonly Uint16Array[],
  starts: Int32Array,
  ends: Int32Array,
  count: number,
  out: Int32Array,
): void {
  let a = FNV_OFFSET;
  let b = 0x9747b28c;
  for (let p = 0; p < count; p++) {
    const s = texts[p]!;
    const start = starts[p]!;
    const end = ends[p]!;
    // Each part as its length, then its code units two by two in one 32-bit word (half the
    // multiplications of one per code unit): read from the start, this says where each part
    // ends, so different lists never give the same sequence.
    a = Math.imul(a ^ (end - start), FNV_PRIME);
    b = Math.imul(b ^ (end - start), 0x5bd1e995);
    let i = start;
    for (; i + 1 < end; i += 2) {
      const w = s[i]! | (s[i + 1]! << 16);
      a = Math.imul(a ^ w, FNV_PRIME);
      b = Math.imul(b ^ w, 0x5bd1e995);
    }
    if (i < end) {
      const c = s[i]!;
      a = Math.imul(a ^ c, FNV_PRIME);
      b = Math.imul(b ^ c, 0x5bd1e995);
    }
  }
  out[0] = fmix32(a);
  out[1] = fmix32(b ^ count);
}

const f64 = new Float64Array(1);
const f64Words = new Int32Array(f64.buffer);

/** A set of numbers (SameValueZero, like `Set`: 0 and -0 are one value; NaN is one value). */
export class NumberSet {
  /**
   * The numbers' two 32-bit halves side by side (one cache line per probe). Both halves 0 is
   * the number 0, which is counted apart (`hasZero`) so that it can mark an empty slot.
   */
  private slots = new Int32Array(2 * 1024);
  private n = 0;
  private hasZero = false;

  get size(): number {
    return this.n + (this.hasZero ? 1 : 0);
  }

  add(v: number): void {
    if (v === 0) {
      this.hasZero = true; // 0 and -0
      return;
    }
    f64[0] = v === v ? v : NaN; // one NaN
    const lo = f64Words[0]!;
    const hi = f64Words[1]!;
    const slots = this.slots;
    const mask = (slots.length >> 1) - 1;
    let i = fmix32(lo ^ Math.imul(hi, 0x9e3779b1)) & mask;
    for (;;) {
      const h = slots[2 * i]!;
      const l = slots[2 * i + 1]!;
      if (h === 0 && l === 0) {
        break;
      }
      if (h === hi && l === lo) {
        return;
      }
      i = (i + 1) & mask;
    }
    slots[2 * i] = hi;
    slots[2 * i + 1] = lo;
    this.n++;
    if (isCrowded(this.n, slots.length >> 1)) {
      this.rehash();
    }
  }

  private rehash() {
    const old = this.slots;
    const slots = new Int32Array(old.length * 2);
    const mask = (slots.length >> 1) - 1;
    for (let j = 0; j < old.length; j += 2) {
      const hi = old[j]!;
      const lo = old[j + 1]!;
      if (hi === 0 && lo === 0) {
        continue;
      }
      let i = fmix32(lo ^ Math.imul(hi, 0x9e3779b1)) & mask;
      while (slots[2 * i] !== 0 || slots[2 * i + 1] !== 0) {
        i = (i + 1) & mask;
      }
      slots[2 * i] = hi;
      slots[2 * i + 1] = lo;
    }
    this.slots = slots;
  }
}
