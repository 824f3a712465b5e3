/** The headline statistics of a latency distribution: count, min, mean, stddev, chosen percentiles, max. */
import { type Histogram, layoutOf } from "../core/histogram.js";
import { CumulativeBuckets } from "../core/buckets.js";
import { meanAndStdDeviation } from "../core/percentile-distribution.js";
import type { LatencyRecorder } from "../core/recorder.js";
import { percentileInterval, type PercentileInterval } from "./confidence.js";
import { insufficiency, SAMPLES_BEYOND, type Insufficiency } from "./sufficiency.js";

/** The percentiles reported when `-p` is not given. */
export const DEFAULT_PERCENTILES: readonly string[] = ["50", "90", "99", "99.9", "99.99"];

export interface PercentileValue {
  /** As the user wrote it in `-p` (e.g. "99.9"); the key in JSON output. */
  label: string;
  /** 0–100. */
  percentile: number;
  /**
   * HdrHistogram's value at the percentile — the highest value equivalent to the nearest-rank sample — within the
   * exact min and max when they are known (a bucket's top can lie beyond the largest value recorded).
   */
  valueNs: number;
  /** 95% confidence interval from order statistics (see confidence.ts); it always contains `valueNs`. */
  ci?: PercentileInterval;
  /** Present when fewer than 10 samples lie beyond the percentile (see sufficiency.ts). */
  insufficient?: Insufficiency;
}

export interface Summary {
  count: number;
  minNs: number;
  maxNs: number;
  /** Mean and standard deviation as HdrHistogram computes them (from bucket midpoints). */
  meanNs: number;
  stddevNs: number;
  percentiles: PercentileValue[];
}

/** The exact least and greatest latency recorded (a recorder keeps them), which no percentile of them passes. */
export interface Extremes {
  minNs: number;
  maxNs: number;
}

/** `ns` held within `exact`, when given (a bucket's bounds lie beyond the values in it). */
export function within(ns: number, exact: Extremes | undefined): number {
  return exact === undefined ? ns : Math.min(Math.max(ns, exact.minNs), exact.maxNs);
}

/**
 * Summarises a histogram; `exact` min/max (from the recorder) replace the histogram's bucket bounds, and bound every
 * percentile and its interval: no percentile reads above the max or below the min shown beside it. (`-o hgrm`
 * prints the histogram itself, as the Java reference does.)
 */
export function summarize(histogram: Histogram, percentileLabels: readonly string[], exact?: Extremes): Summary {
  const count = histogram.totalCount;
  if (count === 0) return { count, minNs: NaN, maxNs: NaN, meanNs: NaN, stddevNs: NaN, percentiles: [] };
  const buckets = CumulativeBuckets.of(histogram);
  const { mean, stdDeviation } = meanAndStdDeviation(buckets);
  return {
    count,
    minNs: exact?.minNs ?? histogram.getValueAtPercentile(0),
    maxNs: exact?.maxNs ?? highestEquivalentMax(histogram),
    // The same sums as hdr-histogram-js's `mean`/`stdDeviation`, over the buckets at hand instead of its slow iterator.
    meanNs: mean,
    stddevNs: stdDeviation,
    percentiles: percentileLabels.map((label) => percentileValue(histogram, buckets, label, exact)),
  };
}

function percentileValue(histogram: Histogram, buckets: CumulativeBuckets, label: string, exact?: Extremes): PercentileValue {
  const percentile = Number(label);
  const valueNs = within(histogram.getValueAtPercentile(percentile), exact);
  const value: PercentileValue = { label, percentile, valueNs };
  const ci = percentileInterval(buckets, percentile);
  if (ci) value.ci = { ...ci, loNs: Math.min(within(ci.loNs, exact), valueNs), hiNs: Math.max(within(ci.hiNs, exact), valueNs) };
  const insufficient = insufficiency(percentile, histogram.totalCount);
  if (insufficient) value.insufficient = insufficient;
  return value;
}

/**
 * Summary of a coordinated-omission corrected recorder. Its synthetic samples are not observations: each
 * percentile's confidence interval and sufficiency come from the real samples (`raw`) that produced it — every
 * synthetic value at or above the corrected value v was back-filled from a real one at or above v. With k real
 * samples there, v sits at the raw sample quantile q = 1 − k/n, and its interval is the raw order statistics'
 * interval for q; with k < SAMPLES_BEYOND it is insufficient, whatever the back-fill added (the HdrHistogram
 * README's 100 s stall: a corrected p99 of 98 s resting on one real request).
 */
export function summarizeCorrected(corrected: LatencyRecorder, raw: LatencyRecorder, percentileLabels: readonly string[]): Summary {
  const summary = summarizeRecorder(corrected, percentileLabels);
  // Without synthetic samples (response times against a --rate schedule: one per real request) every value is an
  // observation, and the usual rule holds.
  if (raw.count === 0 || corrected.syntheticCount === 0) return summary;
  const rawBuckets = CumulativeBuckets.of(raw.histogram());
  const n = rawBuckets.total;
  summary.percentiles = summary.percentiles.map((p) => {
    const below = rawBuckets.countBelow(p.valueNs);
    const realBeyond = n - below;
    const value: PercentileValue = { label: p.label, percentile: p.percentile, valueNs: p.valueNs };
    const ci = percentileInterval(rawBuckets, (100 * below) / n);
    if (ci) value.ci = { ...ci, loNs: Math.min(within(ci.loNs, corrected), p.valueNs), hiNs: Math.max(within(ci.hiNs, corrected), p.valueNs) };
    if (realBeyond < SAMPLES_BEYOND) value.insufficient = { ...(insufficiency(p.percentile, summary.count) ?? { needed: SAMPLES_BEYOND, have: n }), realBeyond };
    return value;
  });
  return summary;
}

/** Summary of everything a recorder holds, with its exact min and max. */
export function summarizeRecorder(recorder: LatencyRecorder, percentileLabels: readonly string[]): Summary {
  return summarize(recorder.histogram(), percentileLabels, { minNs: recorder.minNs, maxNs: recorder.maxNs });
}

/** `recorder`'s value at `percentile` within its exact min and max, as a summary gives it (without its interval). */
export function recorderPercentile(recorder: LatencyRecorder, percentile: number): number {
  return within(recorder.histogram().getValueAtPercentile(percentile), recorder);
}

/** As `summarizeRecorder`, from a histogram the recorder does not keep: for each input's row of many. */
export function summarizeInput(recorder: LatencyRecorder, percentileLabels: readonly string[]): Summary {
  return summarize(recorder.histogramNotKept(), percentileLabels, { minNs: recorder.minNs, maxNs: recorder.maxNs });
}

/** The histogram's max as Java's `getMaxValue` reports it: the highest value in the max's bucket. */
function highestEquivalentMax(histogram: Histogram): number {
  return histogram.maxValue === 0 ? 0 : layoutOf(histogram).highestEquivalentValue(histogram.maxValue);
}
