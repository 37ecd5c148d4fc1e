// A streaming RFC 4180 scanner: text arrives in chunks of any size, records come out in order.
// The text is kept as UTF-16 code units in a Uint16Array (units.ts): a chunk of text is copied
// in unit by unit, an ASCII chunk of bytes in one go (pushAscii), and only the record still
// open at the end of a chunk is moved to the front of the buffer when the next chunk comes.
//
// Quote handling follows PapaParse (so both agree on every well-formed and most malformed
// files): a quote opens a quoted field only as the first character of a field; inside it ""
// is a quote; a quote followed by optional spaces/tabs and then a delimiter, a line end or
// the end of input closes it; any other quote inside a quoted field is kept literally; a
// quote in the middle of an unquoted field (ab"c) is kept literally.
//
// Where we differ from PapaParse, on purpose, is the unbalanced quote: PapaParse lets an
// unclosed quote swallow the rest of the file into one cell. We report `unbalancedQuote`,
// keep the quote as a literal character and go on at the next line, when
//   - the end of input comes inside a quoted field, or
//   - no closing quote comes within `lookaheadChars` (16 Mi characters) of the opening one, or
//   - a quoted field that already spans a line end meets a malformed quote (one followed by
//     text, like the opening quote of a later, properly quoted field): a sign that the field
//     was opened by a stray quote.
//
// Chunking never changes the result: every decision that needs to see further characters
// (CR then LF?, what follows a quote?) waits for the next chunk or for end().

import type { Delimiter } from '../types';
import { NO_UNITS, unitsText } from './units';

export type ScanIssue =
  /** A cell longer than maxRecordChars was cut to that length. column is 0-based. */
  | { kind: 'cellTruncated'; row: number; column: number; length: number }
  /** An opening quote never closed: it was kept literally and scanning went on at the next line. */
  | { kind: 'unbalancedQuote'; row: number };

/**
 * One record without a string per field: field k is the code units `texts[k]` from `starts[k]`
 * to `ends[k]`, where `texts[k]` is the scanner's buffer for most fields (or an array of its own
 * for a quoted field with "" escapes or a cut cell). Buffer and view are reused for the next
 * record: read them during the call.
 */
export interface RecordView {
  count: number;
  texts: Uint16Array[];
  starts: Int32Array;
  ends: Int32Array;
}

/** The fields of a view as strings. */
export function fieldsOf(view: RecordView): string[] {
  const fields = new Array<string>(view.count);
  for (let k = 0; k < view.count; k++) {
    fields[k] = unitsText(view.texts[k]!, view.starts[k]!, view.ends[k]!);
  }
  return fields;
}

export interface CsvScannerOptions {
  delimiter: Delimiter;
  /** Longest cell kept, in UTF-16 code units; longer cells are cut (default 65,536). */
  maxRecordChars?: number;
  /** How far to look for the closing quote of a quoted field (default 16 Mi characters). */
  lookaheadChars?: number;
  /**
   * Receives each non-empty record. `rowNumber` is the 1-based physical line on which the
   * record starts (the header is line 1); empty lines are skipped but counted. The array
   * belongs to the receiver.
   */
  onRecord?: (fields: string[], rowNumber: number) => void;
  /** Receives each non-empty record as a view (no string per field); replaces onRecord. */
  onRecordView?: (view: RecordView, rowNumber: number) => void;
  onIssue?: (issue: ScanIssue) => void;
}

export const DEFAULT_MAX_RECORD_CHARS = 65536;
export const DEFAULT_LOOKAHEAD_CHARS = 16 * 1024 * 1024;

const QUOTE = 34;
const LF = 10;
const CR = 13;
const SPACE = 32;
const TAB = 9;
const BOM = 0xfeff;

/** buf[start, end) with each "" made one ". */
function unescapeQuotes(buf: Uint16Array, start: number, end: number): Uint16Array {
  const out = new Uint16Array(end - start);
  let n = 0;
  for (let i = start; i < end; i++) {
    out[n++] = buf[i]!;
    if (buf[i] === QUOTE && i + 1 < end && buf[i + 1] === QUOTE) {
      i++;
    }
  }
  return out.subarray(0, n);
}

const FIELD_START = 0;
const UNQUOTED = 1;
const QUOTED = 2;

export class CsvScanner {
  private readonly delim: number;
  private readonly cap: number;
  private readonly lookahead: number;
  private readonly onRecordView: (view: RecordView, rowNumber: number) => void;
  private readonly onIssue: (issue: ScanIssue) => void;

  /** Unconsumed text, buf[0, bufLen); buf[recStart] is the first unit of the current record. */
  private buf = new Uint16Array(1 << 16);
  private bufLen = 0;
  private pos = 0;
  private recStart = 0;
  /** Physical line (1-based) of the character at `pos` and of the record start. */
  private line = 1;
  private recLine = 1;
  private state = FIELD_START;
  /** The fields of the current record: ranges of buf, or unit arrays of their own (`own`). */
  private count = 0;
  private starts = new Int32Array(16);
  private ends = new Int32Array(16);
  private own: (Uint16Array | null)[] = [];
  private readonly view: RecordView = {
    count: 0,
    texts: [],
    starts: this.starts,
    ends: this.ends,
  };
  private fieldStart = 0;
  private hasEscape = false;
  private crossedLine = false;
  /** After an unbalanced quote: field-start quotes at or after this index are literal. */
  private literalFrom = -1;
  private isStart = true;
  private isEnded = false;

  constructor(options: CsvScannerOptions) {
    this.delim = options.delimiter.charCodeAt(0);
    this.cap = options.maxRecordChars ?? DEFAULT_MAX_RECORD_CHARS;
    this.lookahead = Math.max(options.lookaheadChars ?? DEFAULT_LOOKAHEAD_CHARS, this.cap);
    const { onRecord, onRecordView } = options;
    if (onRecordView) {
      this.onRecordView = onRecordView;
    } else if (onRecord) {
      this.onRecordView = (view, row) => onRecord(fieldsOf(view), row);
    } else {
      throw new Error('CsvScanner needs onRecord or onRecordView');
    }
    this.onIssue = options.onIssue ?? (() => {});
  }

  push(text: string): void {
    if (this.isEnded) {
      throw new Error('CsvScanner.push after end');
    }
    if (text.length === 0) {
      return;
    }
    let from = 0;
    if (this.isStart) {
      this.isStart = false;
      // PapaParse strips a leading BOM too; StreamDecoder already removes the byte-level one.
      if (text.charCodeAt(0) === BOM) {
        from = 1;
      }
    }
    const at = this.makeRoom(text.length - from);
    const buf = this.buf;
    for (let i = from; i < text.length; i++) {
      buf[at + i - from] = text.charCodeAt(i);
    }
    this.bufLen = at + text.length - from;
    this.scan();
  }

  /**
   * push of the text whose code units are these bytes: the caller knows them to be ASCII (see
   * StreamDecoder.takeAscii), so no string is made.
   */
  pushAscii(bytes: Uint8Array): void {
    if (this.isEnded) {
      throw new Error('CsvScanner.push after end');
    }
    if (bytes.length === 0) {
      return;
    }
    this.isStart = false; // an ASCII chunk holds no BOM
    const at = this.makeRoom(bytes.length);
    this.buf.set(bytes, at);
    this.bufLen = at + bytes.length;
    this.scan();
  }

  /**
   * Moves the current (incomplete) record to the front of the buffer, indexes with it, and makes
   * room for `more` units after it; returns where they go.
   */
  private makeRoom(more: number): number {
    const drop = this.recStart;
    const keep = this.bufLen - drop;
    if (drop > 0) {
      this.buf.copyWithin(0, drop, this.bufLen);
      for (let k = 0; k < this.count; k++) {
        if (this.own[k] === null) {
          this.starts[k]! -= drop;
          this.ends[k]! -= drop;
        }
      }
      this.pos -= drop;
      this.fieldStart -= drop;
      if (this.literalFrom >= 0) {
        this.literalFrom -= drop;
      }
      this.recStart = 0;
      this.bufLen = keep;
    }
    if (keep + more > this.buf.length) {
      const grown = new Uint16Array(Math.max(keep + more, this.buf.length * 2));
      grown.set(this.buf.subarray(0, keep));
      this.buf = grown;
    }
    return keep;
  }

  end(): void {
    if (this.isEnded) {
      return;
    }
    this.isEnded = true;
    this.scan();
    this.bufLen = 0;
    this.pos = 0;
    this.recStart = 0;
  }

  /** Line number the next record would start on (after end(): the number of lines + 1). */
  get nextLine(): number {
    return this.line;
  }

  private scan(): void {
    const buf = this.buf;
    const n = this.bufLen;
    const d = this.delim;
    const isEnded = this.isEnded;
    let i = this.pos;
    let state = this.state;

    for (;;) {
      if (state === FIELD_START) {
        if (i >= n) {
          if (isEnded && this.count > 0) {
            // "a,b," at the end of input: the last field is empty.
            this.pushOwn(NO_UNITS);
            this.emit();
          }
          break;
        }
        if (buf[i]! === QUOTE && (this.literalFrom < 0 || i < this.literalFrom)) {
          state = QUOTED;
          i++;
          this.fieldStart = i;
          this.hasEscape = false;
          this.crossedLine = false;
        } else {
          state = UNQUOTED;
          this.fieldStart = i;
        }
        continue;
      }

      if (state === UNQUOTED) {
        while (i < n) {
          const c = buf[i]!;
          if (c === d || c === LF || c === CR) {
            break;
          }
          i++;
        }
        if (i >= n) {
          if (!isEnded) {
            break; // the field goes on in the next chunk; buf[fieldStart..n) has no separator
          }
          this.addField(this.fieldStart, n);
          this.emit();
          state = FIELD_START;
          break;
        }
        const c = buf[i]!;
        if (c === d) {
          this.addField(this.fieldStart, i);
          i++;
          state = FIELD_START;
          continue;
        }
        if (c === CR && i + 1 >= n && !isEnded) {
          break; // is it CRLF? wait for the next chunk
        }
        this.addField(this.fieldStart, i);
        i = this.endLine(buf, i, c);
        state = FIELD_START;
        continue;
      }

      // QUOTED: find the next quote, counting the line ends on the way.
      while (i < n) {
        const c = buf[i]!;
        if (c === QUOTE) {
          break;
        }
        if (c === LF) {
          if (buf[i - 1]! !== CR) {
            this.line++;
          }
          this.crossedLine = true;
        } else if (c === CR) {
          this.line++;
          this.crossedLine = true;
        }
        i++;
      }
      if (i - this.fieldStart > this.lookahead || (i >= n && isEnded)) {
        i = this.rollback();
        state = FIELD_START;
        continue;
      }
      if (i >= n) {
        break;
      }
      // buf[i] is a quote: escaped, closing, or malformed (literal)?
      let j = i + 1;
      if (j >= n && !isEnded) {
        break;
      }
      let c2 = j < n ? buf[j]! : -1;
      if (c2 === QUOTE) {
        this.hasEscape = true;
        i = j + 1;
        continue;
      }
      while (c2 === SPACE || (c2 === TAB && d !== TAB)) {
        j++;
        c2 = j < n ? buf[j]! : -1;
      }
      if (c2 === -1 && !isEnded) {
        break; // only spaces so far after the quote
      }
      if (c2 === -1 || c2 === d || c2 === LF || c2 === CR) {
        if (c2 === CR && j + 1 >= n && !isEnded) {
          break;
        }
        if (!this.hasEscape) {
          this.addField(this.fieldStart, i);
        } else {
          let value = unescapeQuotes(buf, this.fieldStart, i);
          if (value.length > this.cap) {
            this.onIssue({
              kind: 'cellTruncated',
              row: this.recLine,
              column: this.count,
              length: value.length,
            });
            value = value.slice(0, this.cap);
          }
          this.pushOwn(value);
        }
        state = FIELD_START;
        if (c2 === -1) {
          this.emit();
          i = n;
          break;
        }
        if (c2 === d) {
          i = j + 1;
          continue;
        }
        i = this.endLine(buf, j, c2);
        continue;
      }
      // A quote followed by text.
      if (this.crossedLine) {
        i = this.rollback();
        state = FIELD_START;
        continue;
      }
      i++; // kept literally, as PapaParse does
    }

    this.pos = i;
    this.state = state;
  }

  private addField(start: number, end: number): void {
    if (end - start > this.cap) {
      this.onIssue({
        kind: 'cellTruncated',
        row: this.recLine,
        column: this.count,
        length: end - start,
      });
      end = start + this.cap;
    }
    const k = this.slot();
    this.starts[k] = start;
    this.ends[k] = end;
    this.own[k] = null;
  }

  private pushOwn(value: Uint16Array): void {
    const k = this.slot();
    this.starts[k] = 0;
    this.ends[k] = value.length;
    this.own[k] = value;
  }

  /** The index of a new field of the current record (growing the arrays when full). */
  private slot(): number {
    const k = this.count++;
    if (k === this.starts.length) {
      const starts = new Int32Array(k * 2);
      const ends = new Int32Array(k * 2);
      starts.set(this.starts);
      ends.set(this.ends);
      this.starts = this.view.starts = starts;
      this.ends = this.view.ends = ends;
    }
    return k;
  }

  /** Emits the record whose line end is at `at` (char `c`); returns the next record's start. */
  private endLine(buf: Uint16Array, at: number, c: number): number {
    let next = at + 1;
    if (c === CR && next < this.bufLen && buf[next] === LF) {
      next++;
    }
    this.emit();
    this.line++;
    this.recStart = next;
    this.recLine = this.line;
    return next;
  }

  private emit(): void {
    const count = this.count;
    this.count = 0;
    this.literalFrom = -1;
    // An empty line (or one holding only "") is skipped, like PapaParse's skipEmptyLines: true.
    if (count === 1 && this.ends[0] === this.starts[0]) {
      return;
    }
    const view = this.view;
    view.count = count;
    const texts = view.texts;
    for (let k = 0; k < count; k++) {
      texts[k] = this.own[k] ?? this.buf;
    }
    this.onRecordView(view, this.recLine);
  }

  /**
   * The quoted field that opened at fieldStart - 1 never closed: report it, then scan the
   * record again from its start with that quote (and any later field-start quote on its
   * line) taken literally. Returns the index to resume at.
   */
  private rollback(): number {
    this.onIssue({ kind: 'unbalancedQuote', row: this.recLine });
    this.literalFrom = this.fieldStart - 1;
    this.count = 0;
    this.line = this.recLine;
    return this.recStart;
  }
}

/**
 * Scans a whole string, pushed at once or in pieces of `chunkSize` characters; convenient for
 * tests and small inputs. With `asciiAsBytes`, a piece after the first that is all ASCII goes
 * in as its bytes (pushAscii), as runImport gives such pieces of a UTF-8 file.
 */
export function scanCsv(
  text: string,
  delimiter: Delimiter,
  options: Omit<CsvScannerOptions, 'delimiter' | 'onRecord' | 'onIssue'> & {
    chunkSize?: number;
    asciiAsBytes?: boolean;
  } = {},
): { records: string[][]; rows: number[]; issues: ScanIssue[] } {
  const { chunkSize, asciiAsBytes, ...scannerOptions } = options;
  const records: string[][] = [];
  const rows: number[] = [];
  const issues: ScanIssue[] = [];
  const scanner = new CsvScanner({
    ...scannerOptions,
    delimiter,
    onRecord: (fields, row) => {
      records.push(fields);
      rows.push(row);
    },
    onIssue: (issue) => issues.push(issue),
  });
  const size = Math.max(1, chunkSize ?? text.length);
  for (let i = 0; i < text.length; i += size) {
    const piece = text.slice(i, i + size);
    const bytes = asciiAsBytes && i > 0 ? asciiBytes(piece) : null;
    if (bytes) {
      scanner.pushAscii(bytes);
    } else {
      scanner.push(piece);
    }
  }
  scanner.end();
  return { records, rows, issues };
}

/** The bytes of `s` when every code unit is ASCII, else null. */
function asciiBytes(s: string): Uint8Array | null {
  const bytes = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0x80) {
      return null;
    }
    bytes[i] = c;
  }
  return bytes;
}
