// Guesses the field delimiter from the first lines of decoded text.

import type { Delimiter } from '../types';

/** Candidates in tie-break order: a tie goes to the earlier one (',' first). */
export const DELIMITERS: readonly Delimiter[] = [',', '\t', ';', '|'];

const QUOTE = 34;
const LF = 10;
const CR = 13;

/**
 * Field counts of the first `maxRecords` records of `sample`, split on `delimiter` with
 * RFC 4180 quoting (a quote opens a quoted field only at the start of a field). Empty lines
 * are skipped.
 */
export function fieldCounts(
  sample: string,
  delimiter: Delimiter,
  maxRecords = 50,
  isWholeText = false,
): number[] {
  const d = delimiter.charCodeAt(0);
  const counts: number[] = [];
  const n = sample.length;
  let i = 0;
  let fields = 1;
  let atFieldStart = true;
  let lineHasContent = false;
  while (i < n && counts.length < maxRecords) {
    const c = sample.charCodeAt(i);
    if (atFieldStart && c === QUOTE) {
      // Skip the quoted field: "" is an escaped quote.
      i++;
      lineHasContent = true;
      while (i < n) {
        const q = sample.charCodeAt(i);
        if (q === QUOTE) {
          if (i + 1 < n && sample.charCodeAt(i + 1) === QUOTE) {
            i += 2;
            continue;
          }
          break;
        }
        i++;
      }
      i++;
      atFieldStart = false;
      continue;
    }
    if (c === d) {
      fields++;
      atFieldStart = true;
      lineHasContent = true;
    } else if (c === LF || c === CR) {
      if (lineHasContent) {
        counts.push(fields);
      }
      if (c === CR && i + 1 < n && sample.charCodeAt(i + 1) === LF) {
        i++;
      }
      fields = 1;
      atFieldStart = true;
      lineHasContent = false;
    } else {
      atFieldStart = false;
      lineHasContent = true;
    }
    i++;
  }
  // A final record without a newline may be cut by the sample size: it counts only when the
  // sample is the whole text, or when it is the only record.
  if (lineHasContent && counts.length < maxRecords && (isWholeText || counts.length === 0)) {
    counts.push(fields);
  }
  return counts;
}

/**
 * Picks the delimiter whose field counts are the most consistent over the first ~50 records.
 * A candidate must split the lines into at least two fields. Ranking: share of records with
 * the most common field count, then that field count, then the order of DELIMITERS. When
 * nothing splits (one-column file), ',' is returned. Pass `isWholeText` when the sample is the
 * entire file, so that a last line without a newline counts.
 */
export function sniffDelimiter(sample: string, isWholeText = false): Delimiter {
  let best: Delimiter = ',';
  let bestConsistency = -1;
  let bestFields = 0;
  for (const delimiter of DELIMITERS) {
    const counts = fieldCounts(sample, delimiter, 50, isWholeText);
    if (counts.length === 0) {
      continue;
    }
    const freq = new Map<number, number>();
    for (const c of counts) {
      freq.set(c, (freq.get(c) ?? 0) + 1);
    }
    let mode = 0;
    let modeFreq = 0;
    for (const [count, f] of freq) {
      if (f > modeFreq || (f === modeFreq && count > mode)) {
        mode = count;
        modeFreq = f;
      }
    }
    if (mode < 2) {
      continue;
    }
    const consistency = modeFreq / counts.length;
    if (
      consistency > bestConsistency + 1e-9 ||
      (Math.abs(consistency - bestConsistency) <= 1e-9 && mode > bestFields)
    ) {
      best = delimiter;
      bestConsistency = consistency;
      bestFields = mode;
    }
  }
  return best;
}
