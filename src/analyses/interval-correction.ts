/**
 * HistogramLogProcessor's `-correctLogWithKnownCoordinatedOmission I`: every interval histogram is replaced by
 * its `copyCorrectedForCoordinatedOmission(I)` — same shape, each bucket back-filled at its highest equivalent
 * value — before anything is computed from it.
 */
import { addCorrected } from "../core/backfill.js";
import { BucketCounter } from "../core/histogram.js";
import type { IntervalCounts } from "../core/intervals.js";
import { SparseCounts } from "../core/sparse-counts.js";

/** Each interval corrected for coordinated omission at `intervalNs`, on its own. */
export function correctEachInterval(intervals: readonly IntervalCounts[], intervalNs: number): IntervalCounts[] {
  return intervals.map((interval) => {
    const corrected = new BucketCounter(interval.counts.layout);
    addCorrected(corrected, interval.counts, intervalNs);
    return { ...interval, counts: SparseCounts.of(corrected) };
  });
}
