// Seeded choices for personas. Everything on a story card must repeat exactly for the same
// inputs (in Node, a worker and any browser), so choices come from a string hash, never from
// Math.random.
import { hashString } from '../ingest/hash-tables';

/**
 * FNV-1a over the UTF-16 code units of `text`, finished with the murmur3 avalanche (FNV-1a
 * alone mixes the low bits poorly for short, similar strings, and `% n` needs them), as an
 * unsigned 32-bit integer: the import's dictionary hash.
 */
export function fnv1a(text: string): number {
  return hashString(text);
}

/** A deterministic integer in [0, n) for `seed` and a per-decision `salt` (n ≥ 1). */
export function seededIndex(seed: string, salt: string, n: number): number {
  return n <= 1 ? 0 : fnv1a(`${salt}\u0000${seed}`) % n;
}

/** A deterministic element of `list` (undefined only for an empty list). */
export function seededPick<T>(seed: string, salt: string, list: readonly T[]): T | undefined {
  return list[seededIndex(seed, salt, list.length)];
}
