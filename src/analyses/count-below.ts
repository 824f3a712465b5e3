/**
 * How many recorded values were below a threshold, read from an HDR histogram's buckets.
 *
 * A histogram only knows which bucket a value fell in, not the value itself. The count is conservative: a bucket
 * counts as below the threshold only when its highest equivalent value is below it, so values in the threshold's
 * own bucket count as not below even if some of them were. The error is at most that one bucket (0.1% of the
 * threshold at 3 significant digits), always in the direction that makes an SLO harder to meet.
 */
import hdr from "hdr-histogram-js";
import { type Histogram, layoutOf } from "../core/histogram.js";

/** Number of values in `histogram` certainly below `thresholdNs` (see the file comment). */
export function countBelow(histogram: Histogram, thresholdNs: number): number {
  if (!(histogram instanceof hdr.JsHistogram)) throw new Error("countBelow needs a JS (not WebAssembly) histogram");
  const layout = layoutOf(histogram);
  let below = 0;
  for (let index = 0; index < histogram.countsArrayLength; index++) {
    const highestEquivalent = layout.lowestValueAt(index + 1) - 1;
    if (highestEquivalent >= thresholdNs) break;
    below += histogram.getCountAtIndex(index);
  }
  return below;
}
