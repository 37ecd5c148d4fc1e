// Seeded choices for personas. Everything on a story card must repeat exactly for the same
// inputs (in Node, a worker and any browser), so choices come from a string hash, never from
// Math.random.

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

/** FNV-1a over the UTF-16 code units of `text`, as an unsigned 32-bit integer. */
export function fnv1a(text: string): number {
  let h = FNV_OFFSET;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, FNV_PRIME);
  }
  // FNV-1a mixes the low bits poorly for short, similar strings ("a1", "a2"): finish with
  // the murmur3 avalanche so `% n` spreads well.
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** A deterministic integer in [0, n) for `seed` and a per-decision `salt` (n ≥ 1). */
export function seededIndex(seed: string, salt: string, n: number): number {
  return n <= 1 ? 0 : fnv1a(`${salt}\u0000${seed}`) % n;
}

/** A deterministic element of `list` (undefined only for an empty list). */
export function seededPick<T>(seed: string, salt: string, list: readonly T[]): T | undefined {
  return list[seededIndex(seed, salt, list.length)];
}
