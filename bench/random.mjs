// Seeded random numbers for the bench's generated inputs: the same seed writes the same bytes on every machine.

/** mulberry32: a small, fast 32-bit generator; returns a function giving uniform numbers in [0, 1). */
export function seededRandom(seed) {
  let state = seed | 0;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Lognormal latencies in ms around `medianMs` (sigma 0.7 in log space: a long tail, as real services have). */
export function lognormalMs(random) {
  return (medianMs, sigma = 0.7) => {
    const normal = Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
    return medianMs * Math.exp(sigma * normal);
  };
}

/** Exponentially distributed gaps of mean `meanMs` (Poisson arrivals). */
export const exponentialMs = (random) => (meanMs) => -Math.log(1 - random()) * meanMs;
