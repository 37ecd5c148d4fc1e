// Strict date parsing. Never Date.parse / new Date(string): lenient parsers turn '2.1' into a
// date. Dates without a zone are wall-clock times read as if UTC (DESIGN.md).

import type { DateOrder } from '../types';
import { NO_UNITS, textUnits, unitsText } from './units';

const MS_PER_DAY = 86_400_000;

/*
 * Accepted forms (any amount of surrounding whitespace):
 *   year first, any order:  2011-12-09  2011/12/9  2011.12.09  2011年12月9日 (日 or 号 optional)
 *   month name, any order:  9 Dec 2011  9-Dec-2011  Dec 9, 2011  December 9 2011  Fri, 9 Dec 2011
 *   day/month, DMY or MDY:  09.12.2011  9/12/2011  9-12-2011 (separators equal; 4-digit year last)
 * then optionally a time, after spaces (or 'T' after a year-first date, or nothing after 日):
 *   8:50  08:50:00  08:50:00.123  8时50分  8点50分30秒, with AM/PM or 上午/下午 before or after,
 *   then optionally Z, +08:00, +0800 or +08 (the result is converted to UTC).
 * Two-digit years are refused (the century and the field order would be guesses), as are
 * years before 1000 and compact forms like 20111209 (indistinguishable from ids).
 * Year-first, CJK and month-name forms read the same in every order; d/m/y forms are NaN
 * when `order` is 'YMD'.
 */

let str: Uint16Array = NO_UNITS;
let pos = 0;
let len = 0;
let lastDigits = 0;

/** Digits read by the last readInt (a function: TS would keep a narrowed variable). */
function digitsRead(): number {
  return lastDigits;
}

function readInt(maxDigits: number): number {
  let v = 0;
  let k = 0;
  while (pos < len && k < maxDigits) {
    const c = str[pos]!;
    if (c < 48 || c > 57) {
      break;
    }
    v = v * 10 + (c - 48);
    pos++;
    k++;
  }
  lastDigits = k;
  return v;
}

function peek(): number {
  return pos < len ? str[pos]! : -1;
}

function skipSpaces(): number {
  const start = pos;
  while (pos < len) {
    const c = str[pos]!;
    if (c !== 32 && c !== 9 && c !== 0x3000 && c !== 0xa0) {
      break;
    }
    pos++;
  }
  return pos - start;
}

function isLetter(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

function readWord(): string {
  const start = pos;
  while (pos < len && isLetter(str[pos]!)) {
    pos++;
  }
  return unitsText(str, start, pos).toLowerCase();
}

const MONTHS = [
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
];
const WEEKDAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'];

/** 1..12 for a full or 3-letter month name (and 'sept'), else 0. */
function monthNumber(word: string): number {
  if (word.length < 3) {
    return 0;
  }
  for (let m = 0; m < 12; m++) {
    const full = MONTHS[m]!;
    if (word === full || word === full.slice(0, 3) || (m === 8 && word === 'sept')) {
      return m + 1;
    }
  }
  return 0;
}

function isWeekday(word: string): boolean {
  return WEEKDAYS.some((w) => word === w || word === w.slice(0, 3));
}

export function isLeapYear(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

export function daysInMonth(y: number, m: number): number {
  if (m === 2) {
    return isLeapYear(y) ? 29 : 28;
  }
  return m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31;
}

/**
 * Days from 1970-01-01 to y-m-d in the proleptic Gregorian calendar (Howard Hinnant's
 * days_from_civil), the calendar Date.UTC counts in; exact for every year here.
 */
function daysFromCivil(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** Date.UTC for validated parts, or NaN (by arithmetic: Date.UTC was a tenth of an import). */
export function utc(
  y: number,
  m: number,
  d: number,
  h: number,
  mi: number,
  s: number,
  ms: number,
): number {
  if (y < 1000 || y > 9999 || m < 1 || m > 12 || d < 1 || d > daysInMonth(y, m)) {
    return NaN;
  }
  if (h > 23 || mi > 59 || s > 59) {
    return NaN;
  }
  return ((daysFromCivil(y, m, d) * 24 + h) * 60 + mi) * 60000 + s * 1000 + ms;
}

const SLASH = 47;
const DASH = 45;
const DOT = 46;
const COLON = 58;
const COMMA = 44;
const CH_YEAR = 0x5e74; // 年
const CH_MONTH = 0x6708; // 月
const CH_DAY = 0x65e5; // 日
const CH_HAO = 0x53f7; // 号
const CH_HOUR = 0x65f6; // 时
const CH_HOUR2 = 0x70b9; // 点
const CH_MIN = 0x5206; // 分
const CH_SEC = 0x79d2; // 秒
const CH_SHANG = 0x4e0a; // 上(午)
const CH_XIA = 0x4e0b; // 下(午)
const CH_WU = 0x5348; // 午

/** Reads 上午/下午 or AM/PM (a.m./p.m.); returns 1 for AM, 2 for PM, 0 if none. */
function readMeridiem(): number {
  const c = peek();
  if ((c === CH_SHANG || c === CH_XIA) && pos + 1 < len && str[pos + 1]! === CH_WU) {
    pos += 2;
    return c === CH_SHANG ? 1 : 2;
  }
  if (c === 65 || c === 97 || c === 80 || c === 112) {
    const save = pos;
    const isPm = c === 80 || c === 112;
    pos++;
    if (peek() === DOT) {
      pos++;
    }
    const m = peek();
    if (m === 77 || m === 109) {
      pos++;
      if (peek() === DOT) {
        pos++;
      }
      if (!isLetter(peek())) {
        return isPm ? 2 : 1;
      }
    }
    pos = save;
  }
  return 0;
}

/**
 * Parses a date (optionally with a time and zone) in the given field order.
 * Returns UTC epoch milliseconds, or NaN when `s` is not a valid date in that order.
 */
export function parseDate(s: string, order: DateOrder): number {
  return parseDateIn(textUnits(s), 0, s.length, order);
}

/** Two ASCII digits at s[i], s[i+1] as a number, or -1. */
function twoDigits(s: Uint16Array, i: number): number {
  const a = s[i]! - 48;
  const b = s[i + 1]! - 48;
  return a >= 0 && a <= 9 && b >= 0 && b <= 9 ? a * 10 + b : -1;
}

/**
 * The machine-written shapes most exports use, read without the general parser:
 * `YYYY-MM-DD`, `YYYY-MM-DD HH:MM` and `YYYY-MM-DD HH:MM:SS` (separator - or /, T or space
 * before the time), exactly filling [start, end). undefined when the cell has another shape;
 * the general parser gives the same value for these shapes in every field order.
 */
function parseIsoShape(s: Uint16Array, start: number, end: number): number | undefined {
  const n = end - start;
  if (n !== 10 && n !== 16 && n !== 19) {
    return undefined;
  }
  const sep = s[start + 4]!;
  if ((sep !== DASH && sep !== SLASH) || s[start + 7]! !== sep) {
    return undefined;
  }
  const y1 = twoDigits(s, start);
  const y2 = twoDigits(s, start + 2);
  const m = twoDigits(s, start + 5);
  const d = twoDigits(s, start + 8);
  if (y1 < 0 || y2 < 0 || m < 0 || d < 0) {
    return undefined;
  }
  const y = y1 * 100 + y2;
  if (n === 10) {
    return utc(y, m, d, 0, 0, 0, 0);
  }
  const t = s[start + 10]!;
  if ((t !== 84 && t !== 32) || s[start + 13]! !== COLON) {
    return undefined;
  }
  const h = twoDigits(s, start + 11);
  const mi = twoDigits(s, start + 14);
  if (h < 0 || mi < 0) {
    return undefined;
  }
  if (n === 16) {
    return utc(y, m, d, h, mi, 0, 0);
  }
  const sec = s[start + 16]! === COLON ? twoDigits(s, start + 17) : -1;
  return sec < 0 ? undefined : utc(y, m, d, h, mi, sec, 0);
}

/** parseDate of the code units s[start, end) (a cell of the import's scanner buffer). */
export function parseDateIn(s: Uint16Array, start: number, end: number, order: DateOrder): number {
  const fast = parseIsoShape(s, start, end);
  if (fast !== undefined) {
    return fast;
  }
  return parseDateGeneral(s, start, end, order);
}

/** The general parser; exported for the test that holds parseIsoShape to it. */
export function parseDateGeneral(
  s: Uint16Array,
  start: number,
  end: number,
  order: DateOrder,
): number {
  str = s;
  pos = start;
  len = end;
  // Trim without allocating in the common case.
  skipSpaces();
  while (len > pos) {
    const c = str[len - 1]!;
    if (c !== 32 && c !== 9 && c !== 0x3000 && c !== 0xa0 && c !== 10 && c !== 13) {
      break;
    }
    len--;
  }
  if (pos >= len) {
    return NaN;
  }

  let y: number;
  let m: number;
  let d: number;
  let allowT = false;
  let cjk = false;
  const c0 = peek();
  if (c0 >= 48 && c0 <= 57) {
    const a = readInt(5);
    const na = digitsRead();
    const sep = peek();
    if (na === 4) {
      y = a;
      pos++;
      if (sep === DASH || sep === SLASH || sep === DOT) {
        m = readInt(2);
        if (digitsRead() === 0 || peek() !== sep) {
          return NaN;
        }
        pos++;
        d = readInt(2);
        if (digitsRead() === 0) {
          return NaN;
        }
        allowT = true;
      } else if (sep === CH_YEAR) {
        skipSpaces();
        m = readInt(2);
        if (digitsRead() === 0) {
          return NaN;
        }
        skipSpaces();
        if (peek() !== CH_MONTH) {
          return NaN;
        }
        pos++;
        skipSpaces();
        d = readInt(2);
        if (digitsRead() === 0) {
          return NaN;
        }
        skipSpaces();
        const e = peek();
        if (e === CH_DAY || e === CH_HAO) {
          pos++;
        }
        cjk = true;
      } else {
        return NaN;
      }
    } else if (na === 1 || na === 2) {
      if (sep === DASH || sep === SLASH || sep === DOT) {
        pos++;
        if (isLetter(peek())) {
          // 9-Dec-2011
          m = monthNumber(readWord());
          if (m === 0 || peek() !== sep) {
            return NaN;
          }
          pos++;
          d = a;
        } else {
          const b = readInt(2);
          if (digitsRead() === 0 || peek() !== sep) {
            return NaN;
          }
          pos++;
          if (order === 'DMY') {
            d = a;
            m = b;
          } else if (order === 'MDY') {
            m = a;
            d = b;
          } else {
            return NaN;
          }
        }
        y = readInt(4);
        if (digitsRead() !== 4) {
          return NaN;
        }
      } else if (sep === 32) {
        // 9 Dec 2011, 9 December, 2011
        skipSpaces();
        m = monthNumber(readWord());
        if (m === 0) {
          return NaN;
        }
        if (peek() === DOT) {
          pos++;
        }
        if (peek() === COMMA) {
          pos++;
        }
        if (skipSpaces() === 0 && peek() !== -1) {
          return NaN;
        }
        d = a;
        y = readInt(4);
        if (digitsRead() !== 4) {
          return NaN;
        }
      } else {
        return NaN;
      }
    } else {
      return NaN;
    }
  } else if (isLetter(c0)) {
    // [Weekday,] Month day[,] year
    let word = readWord();
    if (isWeekday(word)) {
      if (peek() === COMMA) {
        pos++;
      }
      skipSpaces();
      if (peek() >= 48 && peek() <= 57) {
        // Fri, 9 Dec 2011
        d = readInt(2);
        if (skipSpaces() === 0) {
          return NaN;
        }
        m = monthNumber(readWord());
        if (m === 0 || skipSpaces() === 0) {
          return NaN;
        }
        y = readInt(4);
        if (digitsRead() !== 4) {
          return NaN;
        }
        return finishTime(y, m, d, false, false);
      }
      word = readWord();
    }
    m = monthNumber(word);
    if (m === 0) {
      return NaN;
    }
    if (peek() === DOT) {
      pos++;
    }
    if (skipSpaces() === 0) {
      return NaN;
    }
    d = readInt(2);
    if (digitsRead() === 0) {
      return NaN;
    }
    if (peek() === COMMA) {
      pos++;
    }
    if (skipSpaces() === 0) {
      return NaN;
    }
    y = readInt(4);
    if (digitsRead() !== 4) {
      return NaN;
    }
  } else {
    return NaN;
  }
  return finishTime(y, m, d, allowT, cjk);
}

/** Parses the optional time and zone after a date; returns the epoch ms or NaN. */
function finishTime(y: number, m: number, d: number, allowT: boolean, cjk: boolean): number {
  if (pos >= len) {
    return utc(y, m, d, 0, 0, 0, 0);
  }
  const c = peek();
  if (allowT && (c === 84 || c === 116)) {
    pos++;
  } else if (skipSpaces() === 0 && !cjk) {
    return NaN;
  }
  if (pos >= len) {
    return NaN;
  }
  let meridiem = readMeridiem();
  skipSpaces();
  let h = readInt(2);
  if (digitsRead() === 0) {
    return NaN;
  }
  let mi: number;
  let sec = 0;
  let ms = 0;
  const sep = peek();
  if (sep === COLON) {
    pos++;
    mi = readInt(2);
    if (digitsRead() !== 2) {
      return NaN;
    }
    if (peek() === COLON) {
      pos++;
      sec = readInt(2);
      if (digitsRead() !== 2) {
        return NaN;
      }
      const f = peek();
      if (f === DOT || f === COMMA) {
        pos++;
        const start = pos;
        const frac = readInt(9);
        if (digitsRead() === 0) {
          return NaN;
        }
        ms = Math.floor(frac / 10 ** (pos - start - 3));
      }
    }
  } else if (sep === CH_HOUR || sep === CH_HOUR2) {
    pos++;
    skipSpaces();
    mi = readInt(2);
    if (digitsRead() > 0) {
      skipSpaces();
      if (peek() !== CH_MIN) {
        return NaN;
      }
      pos++;
      skipSpaces();
      sec = readInt(2);
      if (digitsRead() > 0) {
        skipSpaces();
        if (peek() !== CH_SEC) {
          return NaN;
        }
        pos++;
      }
    }
  } else {
    return NaN;
  }
  skipSpaces();
  if (meridiem === 0) {
    meridiem = readMeridiem();
    skipSpaces();
  }
  if (meridiem !== 0) {
    if (h < 1 || h > 12) {
      return NaN;
    }
    h = (h % 12) + (meridiem === 2 ? 12 : 0);
  }
  let offsetMin = 0;
  const z = peek();
  if (z === 90 || z === 122) {
    pos++;
  } else if (z === 43 || z === DASH) {
    pos++;
    const oh = readInt(2);
    if (digitsRead() !== 2 || oh > 14) {
      return NaN;
    }
    let om = 0;
    if (peek() === COLON) {
      pos++;
    }
    if (pos < len) {
      om = readInt(2);
      if (digitsRead() !== 2 || om > 59) {
        return NaN;
      }
    }
    offsetMin = (oh * 60 + om) * (z === DASH ? -1 : 1);
  }
  if (pos !== len) {
    return NaN;
  }
  return utc(y, m, d, h, mi, sec, ms) - offsetMin * 60_000;
}

/**
 * An Excel serial day number (1900 date system) as UTC epoch ms. Excel counts 1900-02-29,
 * which did not exist (serial 60), so serials from 61 on are one day "ahead": serial 25569 is
 * 1970-01-01 and 40886 is 2011-12-09. The fraction is the time of day. NaN for serial 60
 * (the phantom day) and for serials below 1.
 */
export function excelSerialToMs(serial: number): number {
  if (!Number.isFinite(serial) || serial < 1 || (serial >= 60 && serial < 61)) {
    return NaN;
  }
  const days = serial >= 61 ? serial - 25569 : serial - 25568;
  return Math.round(days * MS_PER_DAY);
}

/** The range of serials accepted as dates by type inference (1954-10-04 .. 2119-01-10). */
export const EXCEL_SERIAL_MIN = 20000;
export const EXCEL_SERIAL_MAX = 80000;

/**
 * Which field order reads a column of date strings (empty strings are ignored).
 * - null: the values are not dates (fewer than `minShare`, 95%, read in any order);
 * - 'YMD': year-first, CJK or month-name forms only;
 * - 'DMY' / 'MDY': some value has a first part > 12 (DMY) or a second part > 12 (MDY) and
 *   that order reads ≥ minShare of the values; if both kinds appear, the order that reads more
 *   (still ≥ minShare), else null;
 * - 'ambiguous': every d/m/y value reads both ways and at least one would give a different
 *   date (the UI asks; `summarize` needs --date-order). A column whose d/m/y values all have
 *   day = month gets 'DMY', since both orders give the same dates.
 */
export function detectDateOrder(
  samples: readonly string[],
  minShare = 0.95,
): DateOrder | 'ambiguous' | null {
  let n = 0;
  let anyOrder = 0; // year-first, CJK, month names
  let same = 0; // d/m/y that reads both ways as the same date (day = month)
  let both = 0; // reads both ways as different dates
  let onlyD = 0;
  let onlyM = 0;
  for (const raw of samples) {
    if (raw.trim().length === 0) {
      continue;
    }
    n++;
    if (!Number.isNaN(parseDate(raw, 'YMD'))) {
      anyOrder++;
      continue;
    }
    const dmy = parseDate(raw, 'DMY');
    const mdy = parseDate(raw, 'MDY');
    const okD = !Number.isNaN(dmy);
    const okM = !Number.isNaN(mdy);
    if (okD && okM) {
      if (dmy === mdy) {
        same++;
      } else {
        both++;
      }
    } else if (okD) {
      onlyD++;
    } else if (okM) {
      onlyM++;
    }
  }
  if (n === 0) {
    return null;
  }
  const need = n * minShare;
  const readD = anyOrder + same + both + onlyD;
  const readM = anyOrder + same + both + onlyM;
  if (same + both + onlyD + onlyM === 0) {
    return anyOrder >= need ? 'YMD' : null;
  }
  if (onlyD > 0 && onlyM === 0) {
    return readD >= need ? 'DMY' : null;
  }
  if (onlyM > 0 && onlyD === 0) {
    return readM >= need ? 'MDY' : null;
  }
  if (onlyD > 0 && onlyM > 0) {
    if (readD >= need && readD > readM) {
      return 'DMY';
    }
    if (readM >= need && readM > readD) {
      return 'MDY';
    }
    return null;
  }
  if (readD < need) {
    return null;
  }
  return both > 0 ? 'ambiguous' : 'DMY';
}
