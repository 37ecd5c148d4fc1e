// Byte-level sniffing and streaming decoding of imported files.
// Pure TypeScript: only TextDecoder, which exists in browsers, workers and Node.

import type { EncodingName } from '../types';

export type FileKind = 'xlsx' | 'xls' | 'pdf' | 'image' | 'binary';

/** How many bytes of the head the sniffers look at. Callers may pass more; the rest is ignored. */
export const SNIFF_BYTES = 1024 * 1024;

/** Bytes looked at for NUL / control-byte patterns. */
const PATTERN_BYTES = 64 * 1024;

function startsWith(head: Uint8Array, magic: readonly number[], at = 0): boolean {
  if (head.length < at + magic.length) {
    return false;
  }
  for (let i = 0; i < magic.length; i++) {
    if (head[at + i] !== magic[i]) {
      return false;
    }
  }
  return true;
}

const ZIP = [0x50, 0x4b, 0x03, 0x04];
const OLE = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
const PDF = [0x25, 0x50, 0x44, 0x46]; // %PDF
const PNG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const JPEG = [0xff, 0xd8, 0xff];
const GIF = [0x47, 0x49, 0x46, 0x38]; // GIF8 (GIF87a / GIF89a)
const RIFF = [0x52, 0x49, 0x46, 0x46];
const WEBP = [0x57, 0x45, 0x42, 0x50];
const BM = [0x42, 0x4d];

/**
 * Which UTF-16 byte order the NUL pattern of `head` suggests, if any.
 * Text in UTF-16 has many zero bytes at odd positions (LE) or even positions (BE) because
 * delimiters, digits and line ends are ASCII; CJK-only text has few, so the bar is low (10%)
 * while the other parity must stay almost free of zeros.
 */
function utf16ByNulPattern(head: Uint8Array): 'utf-16le' | 'utf-16be' | null {
  const n = Math.min(head.length, PATTERN_BYTES) & ~1;
  if (n < 4) {
    return null;
  }
  let evenZeros = 0;
  let oddZeros = 0;
  for (let i = 0; i < n; i += 2) {
    if (head[i] === 0) {
      evenZeros++;
    }
    if (head[i + 1] === 0) {
      oddZeros++;
    }
  }
  const pairs = n / 2;
  if (oddZeros >= pairs * 0.1 && evenZeros <= oddZeros * 0.05) {
    return 'utf-16le';
  }
  if (evenZeros >= pairs * 0.1 && oddZeros <= evenZeros * 0.05) {
    return 'utf-16be';
  }
  return null;
}

function bomOf(head: Uint8Array): { encoding: EncodingName; bomLength: number } | null {
  if (startsWith(head, [0xef, 0xbb, 0xbf])) {
    return { encoding: 'utf-8-bom', bomLength: 3 };
  }
  if (startsWith(head, [0xff, 0xfe])) {
    return { encoding: 'utf-16le', bomLength: 2 };
  }
  if (startsWith(head, [0xfe, 0xff])) {
    return { encoding: 'utf-16be', bomLength: 2 };
  }
  return null;
}

/**
 * Recognises files that are not delimited text, from their first bytes (a few KB suffice).
 * Returns null for anything that may be text. A ZIP container is reported as 'xlsx' (the
 * only zip a user plausibly drops here); 'binary' means NUL bytes outside a UTF-16 pattern,
 * or mostly control bytes.
 */
export function detectFileKind(head: Uint8Array): FileKind | null {
  if (startsWith(head, ZIP)) {
    return 'xlsx';
  }
  if (startsWith(head, OLE)) {
    return 'xls';
  }
  if (startsWith(head, PDF)) {
    return 'pdf';
  }
  if (
    startsWith(head, PNG) ||
    startsWith(head, JPEG) ||
    startsWith(head, GIF) ||
    (startsWith(head, RIFF) && startsWith(head, WEBP, 8)) ||
    // "BM" alone could start a CSV header ("BMI,…"): a BMP also has 4 reserved zero bytes at 6..9.
    (startsWith(head, BM) && startsWith(head, [0, 0, 0, 0], 6))
  ) {
    return 'image';
  }
  const bom = bomOf(head);
  if (bom !== null || utf16ByNulPattern(head) !== null) {
    return null;
  }
  const n = Math.min(head.length, PATTERN_BYTES);
  let controls = 0;
  for (let i = 0; i < n; i++) {
    const b = head[i]!;
    if (b === 0) {
      return 'binary';
    }
    // TAB, LF, CR and FF are normal in text; ESC (0x1b) is kept lenient too.
    if (
      (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d && b !== 0x0c && b !== 0x1b) ||
      b === 0x7f
    ) {
      controls++;
    }
  }
  if (n > 0 && controls / n > 0.3) {
    return 'binary';
  }
  return null;
}

/**
 * Strict UTF-8 validation (RFC 3629: no overlongs, no surrogates, nothing above U+10FFFF).
 * Returns the index of the first byte of the first ill-formed sequence, or -1 if valid.
 * With `allowTruncatedEnd`, a sequence cut by the end of `bytes` is not an error (a sample).
 */
export function findInvalidUtf8(bytes: Uint8Array, start = 0, allowTruncatedEnd = false): number {
  const n = bytes.length;
  let i = start;
  while (i < n) {
    const b = bytes[i]!;
    if (b < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let lo = 0x80;
    let hi = 0xbf;
    if (b >= 0xc2 && b <= 0xdf) {
      need = 1;
    } else if (b >= 0xe0 && b <= 0xef) {
      need = 2;
      if (b === 0xe0) {
        lo = 0xa0;
      } else if (b === 0xed) {
        hi = 0x9f;
      }
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3;
      if (b === 0xf0) {
        lo = 0x90;
      } else if (b === 0xf4) {
        hi = 0x8f;
      }
    } else {
      return i;
    }
    for (let k = 1; k <= need; k++) {
      if (i + k >= n) {
        return allowTruncatedEnd ? -1 : i;
      }
      const c = bytes[i + k]!;
      const min = k === 1 ? lo : 0x80;
      const max = k === 1 ? hi : 0xbf;
      if (c < min || c > max) {
        return i;
      }
    }
    i += need + 1;
  }
  return -1;
}

/**
 * Guesses the text encoding from the head of a file (the first 1 MB is used).
 * BOMs win; then UTF-16 by its NUL pattern; then strict UTF-8 (a multi-byte sequence cut by
 * the end of the sample is allowed); anything else is taken as GB18030 (a superset of GBK and
 * GB2312, which is what Chinese Excel and most Chinese back offices write).
 */
export function sniffEncoding(head: Uint8Array): { encoding: EncodingName; bomLength: number } {
  const bom = bomOf(head);
  if (bom !== null) {
    return bom;
  }
  const utf16 = utf16ByNulPattern(head);
  if (utf16 !== null) {
    return { encoding: utf16, bomLength: 0 };
  }
  const sample = head.length > SNIFF_BYTES ? head.subarray(0, SNIFF_BYTES) : head;
  if (findInvalidUtf8(sample, 0, true) === -1) {
    return { encoding: 'utf-8', bomLength: 0 };
  }
  return { encoding: 'gb18030', bomLength: 0 };
}

/** The WHATWG label TextDecoder needs for one of our encoding names. */
export function decoderLabel(encoding: EncodingName): string {
  return encoding === 'utf-8-bom' ? 'utf-8' : encoding;
}

/** Bytes that cannot be decoded in the chosen encoding; the UI offers another encoding. */
export class DecodeError extends Error {
  readonly code = 'undecodable';
  constructor(
    readonly encoding: EncodingName,
    /** Absolute offset in the file (BOM included) of the first bad byte. Exact for UTF-8 and
     * UTF-16; for GB18030 it may be a few bytes off (the decoder's own detection point). */
    readonly byteOffset: number,
  ) {
    super(`Undecodable bytes for ${encoding} at byte offset ${byteOffset}`);
    this.name = 'DecodeError';
  }
}

const TAIL_BYTES = 4;

/** Encodings in which a byte below 0x80 is always that ASCII character, alone. */
const ASCII_SAFE = new Set<EncodingName>(['utf-8', 'utf-8-bom', 'gb18030']);

/** Whether every byte is below 0x80 (four at a time where the bytes are aligned). */
function isAscii(b: Uint8Array): boolean {
  let i = 0;
  const n = b.length;
  if (b.byteOffset % 4 === 0) {
    const words = new Uint32Array(b.buffer, b.byteOffset, n >> 2);
    let acc = 0;
    for (let w = 0; w < words.length; w++) {
      acc |= words[w]!;
    }
    if (acc & 0x80808080) {
      return false;
    }
    i = words.length << 2;
  }
  let acc = 0;
  for (; i < n; i++) {
    acc |= b[i]!;
  }
  return acc < 0x80;
}

/**
 * Decodes a byte stream chunk by chunk with a fatal TextDecoder, so that a wrong encoding
 * fails loudly instead of filling the data with U+FFFD. The BOM (bomLength bytes) is skipped
 * even when it is split across chunks.
 */
export class StreamDecoder {
  readonly encoding: EncodingName;
  /** ASCII bytes stand for themselves in this encoding (see takeAscii). */
  private readonly isAsciiSafe: boolean;
  private readonly decoder: TextDecoder;
  private bomLeft: number;
  /** Bytes consumed so far (absolute file offset of the next byte). */
  private offset = 0;
  /** The last few bytes pushed (BOM excluded), used to find error offsets. */
  private tail = new Uint8Array(0);
  private failed = false;

  constructor(encoding: EncodingName, bomLength = 0) {
    this.encoding = encoding;
    this.isAsciiSafe = ASCII_SAFE.has(encoding);
    this.bomLeft = bomLength;
    // ignoreBOM: we skip exactly bomLength bytes ourselves and keep any later U+FEFF as data.
    this.decoder = new TextDecoder(decoderLabel(encoding), { fatal: true, ignoreBOM: true });
  }

  /** Bytes consumed so far, BOM included. */
  get bytesRead(): number {
    return this.offset;
  }

  push(bytes: Uint8Array): string {
    if (this.failed) {
      throw new Error('StreamDecoder used after a DecodeError');
    }
    let chunk = bytes;
    const chunkStart = this.offset;
    if (this.bomLeft > 0) {
      const skip = Math.min(this.bomLeft, chunk.length);
      this.bomLeft -= skip;
      chunk = chunk.subarray(skip);
    }
    const dataStart = chunkStart + (bytes.length - chunk.length);
    let text: string;
    try {
      text = this.decoder.decode(chunk, { stream: true });
    } catch {
      this.failed = true;
      throw new DecodeError(this.encoding, this.locateError(chunk, dataStart, false));
    }
    this.offset = chunkStart + bytes.length;
    this.remember(chunk);
    return text;
  }

  /**
   * Takes `bytes` as read without decoding them, when that is what decoding would give: all
   * ASCII, in an encoding where ASCII bytes stand for themselves, after the BOM, with no
   * multi-byte character left open by the last chunk. Their text is then the bytes as code
   * units (CsvScanner.pushAscii). False: push() them as usual.
   */
  takeAscii(bytes: Uint8Array): boolean {
    if (this.failed || this.bomLeft > 0 || !this.isAsciiSafe) {
      return false;
    }
    // A character the decoder may still hold open started at a byte of 0x80 or more within the
    // last three bytes (UTF-8: lead and continuation bytes; GB18030: the lead byte).
    for (let i = Math.max(0, this.tail.length - 3); i < this.tail.length; i++) {
      if (this.tail[i]! >= 0x80) {
        return false;
      }
    }
    if (!isAscii(bytes)) {
      return false;
    }
    this.offset += bytes.length;
    this.remember(bytes);
    return true;
  }

  end(): string {
    if (this.failed) {
      throw new Error('StreamDecoder used after a DecodeError');
    }
    try {
      return this.decoder.decode();
    } catch {
      this.failed = true;
      throw new DecodeError(this.encoding, this.locateError(new Uint8Array(0), this.offset, true));
    }
  }

  private remember(chunk: Uint8Array): void {
    if (chunk.length >= TAIL_BYTES) {
      this.tail = chunk.slice(chunk.length - TAIL_BYTES);
      return;
    }
    const joined = new Uint8Array(this.tail.length + chunk.length);
    joined.set(this.tail);
    joined.set(chunk, this.tail.length);
    this.tail = joined.slice(Math.max(0, joined.length - TAIL_BYTES));
  }

  /** Finds the absolute offset of the first bad byte by re-validating the failing chunk. */
  private locateError(chunk: Uint8Array, chunkOffset: number, atEnd: boolean): number {
    const joined = new Uint8Array(this.tail.length + chunk.length);
    joined.set(this.tail);
    joined.set(chunk, this.tail.length);
    // The tail holds the bytes just before the chunk (after the BOM).
    const base = chunkOffset - this.tail.length;
    const label = decoderLabel(this.encoding);
    if (label === 'utf-8') {
      // The decoder's pending bytes are an incomplete sequence at the end of the tail:
      // start validating at the last lead byte of the tail whose sequence is not complete.
      const start = utf8PendingStart(this.tail);
      const bad = findInvalidUtf8(joined, start, false);
      return bad === -1 ? chunkOffset : base + bad;
    }
    if (label === 'utf-16le' || label === 'utf-16be') {
      const bad = findInvalidUtf16(joined, base, label === 'utf-16le', atEnd);
      return bad === -1 ? chunkOffset : bad;
    }
    // GB18030: we cannot know where characters start inside the tail, so we look for the
    // shortest prefix of the chunk that a fresh fatal decoder rejects (approximate offset).
    if (atEnd) {
      return Math.max(chunkOffset - 1, 0);
    }
    let lo = 1;
    let hi = chunk.length;
    if (!rejects(label, chunk.subarray(0, hi))) {
      return chunkOffset;
    }
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (rejects(label, chunk.subarray(0, mid))) {
        hi = mid;
      } else {
        lo = mid + 1;
      }
    }
    return chunkOffset + hi - 1;
  }
}

function rejects(label: string, bytes: Uint8Array): boolean {
  try {
    new TextDecoder(label, { fatal: true, ignoreBOM: true }).decode(bytes, { stream: true });
    return false;
  } catch {
    return true;
  }
}

/** Index in `tail` where an incomplete trailing UTF-8 sequence starts (tail.length if none). */
function utf8PendingStart(tail: Uint8Array): number {
  for (let k = 1; k <= Math.min(3, tail.length); k++) {
    const b = tail[tail.length - k]!;
    if (b < 0x80) {
      return tail.length;
    }
    if (b >= 0xc0) {
      const len = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : 2;
      return len > k ? tail.length - k : tail.length;
    }
  }
  return tail.length;
}

/**
 * First bad byte (absolute offset) in UTF-16 `bytes` whose first byte is at absolute `base`:
 * an unpaired surrogate, or (at the end) an odd byte or a lone high surrogate. -1 if none.
 */
function findInvalidUtf16(bytes: Uint8Array, base: number, le: boolean, atEnd: boolean): number {
  // Code units start at even absolute offsets (the BOM has 2 bytes, so parity is preserved).
  let i = base % 2 === 0 ? 0 : 1;
  // A low surrogate at the very start may pair with a high one before the tail: skip it.
  let first = true;
  const n = bytes.length;
  while (i + 1 < n) {
    const u = le ? bytes[i]! | (bytes[i + 1]! << 8) : (bytes[i]! << 8) | bytes[i + 1]!;
    if (u >= 0xd800 && u <= 0xdbff) {
      if (i + 3 >= n) {
        return atEnd ? base + i : -1;
      }
      const v = le ? bytes[i + 2]! | (bytes[i + 3]! << 8) : (bytes[i + 2]! << 8) | bytes[i + 3]!;
      if (v < 0xdc00 || v > 0xdfff) {
        return base + i;
      }
      i += 4;
    } else if (u >= 0xdc00 && u <= 0xdfff) {
      if (!first) {
        return base + i;
      }
      i += 2;
    } else {
      i += 2;
    }
    first = false;
  }
  if (atEnd && i < n) {
    return base + i;
  }
  return -1;
}
