/**
 * The percentile spectrum of a histogram: latency against percentile, as HdrHistogram plots it (plotFiles.html),
 * with x = 1/(1 − p) so that 90%, 99%, 99.9% … are evenly spaced on a log axis.
 *
 * Points are the steps of Java's `PercentileIterator(ticksPerHalfDistance)` (core/percentile-distribution.ts, the
 * same iteration the `.hgrm` output prints): levels 0, then `ticks` steps per halving of the distance to 100%, each
 * level reported at the first bucket whose cumulative percentile reaches it, with that bucket's highest equivalent
 * value (the value `getValueAtPercentile` gives).
 * Levels depend only on `ticks`, never on the data, so spectra of different inputs share their x values (a longer
 * spectrum continues a shorter one). The final 100% line of an `.hgrm` (x = ∞) is left out.
 *
 * The iteration stops at the first level the maximum's bucket reaches: when many values share that bucket (500
 * time-outs among 10,000 requests; three distinct values), that is long before 1 − 1/count, and the chart would
 * hide the plateau every percentile beyond it is on. So the spectrum goes on at the maximum's value as far as
 * `count` distinct values would take it: through the levels the first count − 1 values reach (≤ 100·(count − 1)/count)
 * and one level more, the one the last value reaches.
 */
import { CumulativeBuckets } from "../core/buckets.js";
import { nextPercentileLevel, percentileSteps } from "../core/percentile-distribution.js";
import type { LatencyRecorder } from "../core/recorder.js";
import { SAMPLES_BEYOND } from "./sufficiency.js";

/** Percentile ticks per half distance to 100% for charts (the `.hgrm` default of HdrHistogram). */
export const SPECTRUM_TICKS_PER_HALF_DISTANCE = 5;

/** One point of a spectrum. */
export interface SpectrumPoint {
  /** The percentile level (0–100) iterated to. */
  percentile: number;
  /** 1 / (1 − percentile/100): 1 at 0%, 10 at 90%, 100 at 99% … */
  x: number;
  /** Highest equivalent value of the bucket that reaches the level, in nanoseconds. */
  valueNs: number;
}

/** The spectrum of one distribution. */
export interface Spectrum {
  /** The input's name, e.g. a file name. */
  name: string;
  /** What the distribution is when an input has several, e.g. "raw", "corrected", "response time". */
  variant?: string;
  /** Values in the histogram (with a back-fill correction, synthetic ones included). */
  count: number;
  points: SpectrumPoint[];
  /**
   * The largest x with at least SAMPLES_BEYOND samples beyond it (count / 10): points further right are the luck of
   * the few largest samples, the "insufficient data" of sufficiency.ts.
   */
  sufficientUpToX: number;
  /** Where failed requests begin, counted as slower than any success (failure-spectrum.ts): x beyond has no latency. */
  failedFromX?: number;
}

/** 1 / (1 − percentile/100); Infinity at 100. */
export function percentileToX(percentile: number): number {
  return 1 / (1 - percentile / 100);
}

/**
 * The finite points of the percentile iteration over `buckets` (the `.hgrm` lines without the final 100% one), the
 * maximum's plateau drawn out to about 1 − 1/count (see the file comment).
 */
export function spectrumPoints(buckets: CumulativeBuckets, ticksPerHalfDistance = SPECTRUM_TICKS_PER_HALF_DISTANCE): SpectrumPoint[] {
  const levels = percentileSteps(buckets, ticksPerHalfDistance)
    .filter((step) => step.percentileLevel < 100)
    .map((step) => ({ level: step.percentileLevel, valueNs: step.value }));
  const last = levels.at(-1);
  const { total } = buckets;
  if (last !== undefined && total > 1) {
    // Levels are compared as the iteration compares them, (100 · count) / total ≥ level.
    for (let level = last.level; (100 * (total - 1)) / total >= level; ) {
      const next = nextPercentileLevel(level, ticksPerHalfDistance);
      if (next === level) break; // a double's precision: the iteration refuses such counts already
      level = next;
      levels.push({ level, valueNs: last.valueNs });
    }
  }
  return levels.map(({ level, valueNs }) => ({ percentile: level, x: percentileToX(level), valueNs }));
}

/** The spectrum of everything a recorder holds. */
export function spectrumOf(name: string, recorder: LatencyRecorder, variant?: string, ticksPerHalfDistance = SPECTRUM_TICKS_PER_HALF_DISTANCE): Spectrum {
  const buckets = CumulativeBuckets.of(recorder.histogram());
  const spectrum: Spectrum = {
    name,
    count: buckets.total,
    points: spectrumPoints(buckets, ticksPerHalfDistance),
    sufficientUpToX: buckets.total / SAMPLES_BEYOND,
  };
  if (variant !== undefined) spectrum.variant = variant;
  return spectrum;
}
