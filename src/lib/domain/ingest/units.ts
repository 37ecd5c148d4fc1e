// Text as UTF-16 code units in a typed array: what the import's hot path reads instead of
// strings. The scanner keeps its buffer as a Uint16Array (an ASCII piece of a UTF-8 or GB18030
// file goes in as its bytes, undecoded: each byte is its unit), and cells are ranges of it.
// Reading a typed array is cheaper than charCodeAt on the large strings TextDecoder returns, and
// the strings themselves (a copy of the whole file) are never made. The units are exactly those
// of the decoded string, so every figure stays as it was.

/** The code units of the empty text (a missing field, an empty cell). */
export const NO_UNITS = new Uint16Array(0);

/** Code units a typed array turns into a string per call (String.fromCharCode's arguments). */
const PIECE = 8192;

/** The string of units[start, end). */
export function unitsText(units: Uint16Array, start: number, end: number): string {
  if (end - start <= PIECE) {
    return String.fromCharCode.apply(null, units.subarray(start, end) as unknown as number[]);
  }
  const parts: string[] = [];
  for (let i = start; i < end; i += PIECE) {
    const piece = units.subarray(i, Math.min(end, i + PIECE));
    parts.push(String.fromCharCode.apply(null, piece as unknown as number[]));
  }
  return parts.join('');
}

/** The code units of `s`, in an array of their own. */
export function textUnits(s: string): Uint16Array {
  const units = new Uint16Array(s.length);
  for (let i = 0; i < s.length; i++) {
    units[i] = s.charCodeAt(i);
  }
  return units;
}
