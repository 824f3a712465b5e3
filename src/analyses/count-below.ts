/**
 * How many recorded values were below a threshold, read from an HDR histogram's buckets.
 *
 * A histogram only knows which bucket a value fell in, not the value itself. The count is conservative: a bucket
 * counts as below the threshold only when its highest equivalent value is below it, so values in the threshold's
 * own bucket count as not below even if some of them were. The error is at most that one bucket (0.1% of the
 * threshold at 3 significant digits), always in the direction that makes an SLO harder to meet.
 */
import { type BucketLayout, type Histogram, JsHistogram, layoutOf } from "../core/histogram.js";

/** Whether the values of bucket `index` are over the threshold: not certainly below it (see the file comment). */
export function bucketIsOver(layout: BucketLayout, index: number, thresholdNs: number): boolean {
  return layout.lowestValueAt(index + 1) - 1 >= thresholdNs;
}

/** The same rule for single latencies, so that per-request tallies agree with counts read off histograms. */
export function overThreshold(layout: BucketLayout, thresholdNs: number): (latencyNs: number) => boolean {
  // Buckets are over from one index on (their highest values grow with the index): find it once, near the
  // threshold's own bucket, so that each latency costs one index and no bucket bound.
  let firstOver = layout.indexOf(Math.max(0, Math.floor(thresholdNs)));
  while (firstOver > 0 && bucketIsOver(layout, firstOver - 1, thresholdNs)) firstOver--;
  while (!bucketIsOver(layout, firstOver, thresholdNs)) firstOver++;
  return (latencyNs) => layout.indexOf(latencyNs) >= firstOver;
}

/**
 * Number of values in `histogram` that may be below `thresholdNs`: those of the buckets whose lowest value is
 * below it. The others are certainly at or above it.
 */
export function countBelowOrIn(histogram: Histogram, thresholdNs: number): number {
  if (!(histogram instanceof JsHistogram)) throw new Error("countBelowOrIn needs a JS (not WebAssembly) histogram");
  const layout = layoutOf(histogram);
  let below = 0;
  for (let index = 0; index < histogram.countsArrayLength; index++) {
    if (layout.lowestValueAt(index) >= thresholdNs) break;
    below += histogram.getCountAtIndex(index);
  }
  return below;
}

/** Number of values in `histogram` certainly below `thresholdNs` (see the file comment). */
export function countBelow(histogram: Histogram, thresholdNs: number): number {
  if (!(histogram instanceof JsHistogram)) throw new Error("countBelow needs a JS (not WebAssembly) histogram");
  const layout = layoutOf(histogram);
  let below = 0;
  for (let index = 0; index < histogram.countsArrayLength; index++) {
    if (bucketIsOver(layout, index, thresholdNs)) break;
    below += histogram.getCountAtIndex(index);
  }
  return below;
}
