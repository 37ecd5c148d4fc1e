// Seeded pseudo-random numbers, so every clustering (initialisation, restarts, the silhouette
// sample) repeats exactly for the same seed, in Node, in a worker and in any browser.

/** The seed used when the caller gives none (DESIGN: "fixed seed so results repeat"). */
export const DEFAULT_SEED = 20_240_601;

/**
 * mulberry32: a tiny 32-bit generator (period 2³², good enough for sampling and
 * initialisation, not for cryptography). Returns floats in [0, 1) with 32 random bits.
 */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/**
 * Derives an independent 32-bit seed for stream `index` of `seed` (splitmix32 finaliser), so
 * restart r of a run does not depend on how many numbers restart r − 1 drew.
 */
export function deriveSeed(seed: number, index: number): number {
  let z = (seed + Math.imul(index + 1, 0x9e3779b9)) >>> 0;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
  return (z ^ (z >>> 16)) >>> 0;
}
