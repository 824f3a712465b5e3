/**
 * The `.hgrm` percentile distribution, byte-identical to Java HdrHistogram 2.1.11
 * `AbstractHistogram.outputPercentileDistribution(out, ticks, ratio, useCsvFormat)` for a histogram built like
 * `new Histogram(digits)` or shaped like an interval log's histograms. It is what HdrHistogram's plotter and many
 * load tools (wrk2, jHiccup) read and write.
 *
 * Text form (D = the histogram's significant digits; every line ends in "\n"):
 *
 *          Value     Percentile TotalCount 1/(1-Percentile)      "%12s %14s %10s %14s", then an empty line
 *
 *          0.850 0.000000000000          1           1.00        "%12.Df %2.12f %10d %14.2f"
 *          1.203 0.100000000000       1003           1.11
 *          …
 *        412.090 1.000000000000      10000                       last line: "%12.Df %2.12f %10d"
 *   #[Mean    =        2.137, StdDeviation   =        7.002]     "%12.Df" both
 *   #[Max     =      412.090, Total count    =        10000]     "%12.Df", "%12d"
 *   #[Buckets =           22, SubBuckets     =         2048]     "%12d" both
 *
 * - Value: the highest value equivalent to the bucket where the tick was reached, divided by the ratio.
 * - Percentile: the tick level as a fraction (0.9 for p90), not the exact cumulative fraction. Ticks start at 0
 *   and come `ticks` per half of the remaining distance to 100% (ticks=5: 0, .1, … .5, .55, … .75, .775, …).
 *   Several ticks may land on one bucket; the bucket holding the maximum gets one tick line plus the 1.0 line.
 * - Mean and standard deviation count every value at its bucket's median equivalent value (unless given: what an
 *   input stated of itself, see HgrmOptions.moments). Max is the highest
 *   equivalent value of the largest value. Buckets is the bucket count after auto-resize, i.e. what it takes to
 *   cover Max or the highest trackable value the histogram was made with (an interval log's, e.g. 3.6e12 for
 *   jHiccup), whichever is larger; SubBuckets is 2^ceil(log2(2 × 10^D)).
 * - CSV (useCsvFormat): header `"Value","Percentile","TotalCount","1/(1-Percentile)"`, rows "%.Df,%.12f,%d,%.2f",
 *   the last row ends in ",Infinity", and there is no footer.
 * - An empty histogram prints the header only (plus, in text form, the footer with zeros and Buckets = 1).
 *
 * Numbers are formatted as Java's Formatter does (see java-format.ts), not with `toFixed`.
 */
import { CumulativeBuckets } from "../core/buckets.js";
import type { Histogram } from "../core/histogram.js";
import { maxValue, meanAndStdDeviation, percentileSteps } from "../core/percentile-distribution.js";
import { formatJavaFixed as fixed, formatJavaInteger as integer } from "./java-format.js";

/** Options of Java's `outputPercentileDistribution`. */
export interface HgrmOptions {
  /** Percentile ticks per half distance to 100% (HdrHistogram's usual value: 5). */
  ticksPerHalfDistance: number;
  /** Recorded values are divided by this for output (1e6 turns nanoseconds into milliseconds). */
  outputValueUnitScalingRatio: number;
  /** CSV instead of the fixed-width text form. */
  csv: boolean;
  /**
   * The mean and standard deviation to print instead of the histogram's own: the exact ones an `.hgrm` input's
   * footer stated, of which its rows read back are an approximation.
   */
  moments?: { meanNs: number; stddevNs: number };
}

/** The histogram's percentile distribution in HdrHistogram's `.hgrm` text (or CSV) form. */
export function renderHgrm(histogram: Histogram, options: HgrmOptions): string {
  const { ticksPerHalfDistance, outputValueUnitScalingRatio: ratio, csv } = options;
  if (!Number.isInteger(ticksPerHalfDistance) || ticksPerHalfDistance < 1) {
    throw new RangeError(`ticksPerHalfDistance must be a positive integer, got ${ticksPerHalfDistance}`);
  }
  const buckets = CumulativeBuckets.of(histogram);
  const { layout, digits } = buckets;
  const lines: string[] = csv
    ? [`"Value","Percentile","TotalCount","1/(1-Percentile)"`]
    : [`${"Value".padStart(12)} ${"Percentile".padStart(14)} ${"TotalCount".padStart(10)} ${"1/(1-Percentile)".padStart(14)}`, ""];
  const separator = csv ? "," : " ";
  for (const step of percentileSteps(buckets, ticksPerHalfDistance)) {
    const fraction = step.percentileLevel / 100;
    const cells = [
      fixed(step.value / ratio, digits, csv ? 0 : 12),
      fixed(fraction, 12, csv ? 0 : 2),
      integer(step.totalCountToThisValue, csv ? 0 : 10),
    ];
    // Java compares the level with 100.0 exactly; only that line lacks the 1/(1-Percentile) column.
    if (step.percentileLevel !== 100) cells.push(fixed(1 / (1 - fraction), 2, csv ? 0 : 14));
    else if (csv) cells.push("Infinity");
    lines.push(cells.join(separator));
  }
  if (!csv) {
    const own = meanAndStdDeviation(buckets);
    const [mean, stdDeviation] = options.moments ? [options.moments.meanNs, options.moments.stddevNs] : [own.mean, own.stdDeviation];
    const max = maxValue(buckets);
    lines.push(
      `#[Mean    = ${fixed(mean / ratio, digits, 12)}, StdDeviation   = ${fixed(stdDeviation / ratio, digits, 12)}]`,
      `#[Max     = ${fixed(max / ratio, digits, 12)}, Total count    = ${integer(buckets.total, 12)}]`,
      `#[Buckets = ${integer(layout.bucketsNeededToCover(Math.max(max, histogram.highestTrackableValue)), 12)}, SubBuckets     = ${integer(layout.subBucketCount, 12)}]`,
    );
  }
  return lines.join("\n") + "\n";
}
