/**
 * When a percentile is an estimate and when it is a guess: the one rule `report`, `compare` and `check` share.
 *
 * A percentile p needs at least SAMPLES_BEYOND samples above it, i.e. n ≥ 10 / (1 − p/100): p99 needs 1,000
 * samples, p99.9 10,000, p99.99 100,000. With fewer, the value is mostly the few largest samples' luck.
 */

/** How many samples must lie beyond a percentile before it counts as measured. */
export const SAMPLES_BEYOND = 10;

/** Samples needed for `percentile` (0–100) to count as measured: ⌈10 / (1 − p/100)⌉; Infinity for p100. */
export function samplesNeeded(percentile: number): number {
  const tail = (100 - percentile) / 100;
  if (!(tail > 0)) return Infinity;
  // Round away float noise first: 10 / (1 - 0.999) is 10000.000000000568, which must not become 10001.
  return Math.ceil(Number((SAMPLES_BEYOND / tail).toPrecision(12)));
}

/**
 * What a percentile lacks: samples needed and samples there are (undefined when it has enough). A corrected
 * percentile counts the real requests at or beyond it (`realBeyond`), not the synthetic ones a back-fill added.
 */
export interface Insufficiency {
  needed: number;
  have: number;
  realBeyond?: number;
}

/** The shortfall of `count` samples for `percentile`, or undefined when there are enough. */
export function insufficiency(percentile: number, count: number): Insufficiency | undefined {
  const needed = samplesNeeded(percentile);
  return count < needed ? { needed, have: count } : undefined;
}
