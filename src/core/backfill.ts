/**
 * HdrHistogram's coordinated-omission back-fill, on bucket counts.
 *
 * `recordValueWithExpectedInterval(v, I)` records v and also v−I, v−2I, … while the value is ≥ I: the requests a
 * sender that stalled for v would have sent every I and that would each have waited that much less. Java loops
 * once per synthetic value; here the values of one bucket are counted at once, so a 100 s stall at a 1 µs
 * interval costs a few thousand steps, not 10^8, with exactly the same counts.
 */
import type { BucketCounter, Buckets } from "./histogram.js";

/**
 * Records `count` × (`value` and its back-filled values for interval `intervalNs`) into `counter`.
 * Returns how many synthetic values were added.
 */
export function recordWithExpectedInterval(counter: BucketCounter, value: number, count: number, intervalNs: number): number {
  counter.recordAtIndex(counter.layout.indexOf(value), count);
  return recordOmitted(counter, value, count, intervalNs);
}

/**
 * Records `count` × only the back-filled values of `value` (v−I, v−2I, … while ≥ I), not `value` itself: the
 * requests a sender held up for `value` would have sent, when its own request is not a latency to record (it
 * failed, and failures are left out of the histogram). Returns how many synthetic values were added.
 */
export function recordOmitted(counter: BucketCounter, value: number, count: number, intervalNs: number): number {
  if (intervalNs <= 0 || value < 2 * intervalNs) return 0;
  const layout = counter.layout;
  // Synthetic values are value − k·I for k = 1 … K, the last one still ≥ I.
  let remaining = Math.floor(value / intervalNs) - 1;
  let missing = value - intervalNs;
  const synthetic = remaining * count;
  while (remaining > 0) {
    const index = layout.indexOf(missing);
    // Every member of the sequence from `missing` down to the bucket's lowest value falls in this bucket.
    const inBucket = Math.min(remaining, Math.floor((missing - layout.lowestValueAt(index)) / intervalNs) + 1);
    counter.recordAtIndex(index, inBucket * count);
    remaining -= inBucket;
    missing -= inBucket * intervalNs;
  }
  return synthetic;
}

/**
 * The least of `value`'s back-filled values at `intervalNs` (see `recordOmitted`), Infinity when it has none; the
 * greatest is value − intervalNs. HdrHistogram records them as values, so they count in its min and max.
 */
export function lowestOmitted(value: number, intervalNs: number): number {
  if (intervalNs <= 0 || value < 2 * intervalNs) return Infinity;
  return value - (Math.floor(value / intervalNs) - 1) * intervalNs;
}

/**
 * The after-the-fact correction (`copyCorrectedForCoordinatedOmission`): every bucket of `raw`, taken at its
 * highest equivalent value as Java's iterator reports it, is recorded with back-fill into `corrected` (only its
 * back-fill when `omittedOnly`: see `recordOmitted`). Returns how many synthetic values were added.
 */
export function addCorrected(corrected: BucketCounter, raw: Buckets, intervalNs: number, omittedOnly = false): number {
  const layout = raw.layout;
  const record = omittedOnly ? recordOmitted : recordWithExpectedInterval;
  let synthetic = 0;
  raw.forEachBucket((index, count) => {
    synthetic += record(corrected, layout.lowestValueAt(index + 1) - 1, count, intervalNs);
  });
  return synthetic;
}
