/**
 * The statistics the tests compare with Java, computed from a JS histogram's counts array the way Java 2.1.11's
 * `AbstractHistogram` getters compute them (min from index 0, max from the last non-empty index).
 */
import type { JsHistogram } from "hdr-histogram-js";

/** Summary numbers in the order HlogDump.java prints them. */
export interface Stats {
  total: number;
  min: number;
  max: number;
  mean: number;
  p50: number;
  p90: number;
  p99: number;
  p999: number;
  p100: number;
}

/** `[lowest value of the bucket, count]` for every non-empty bucket, ascending. */
export function bucketsOf(histogram: JsHistogram): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  for (let index = 0; index < histogram.countsArrayLength; index++) {
    const count = histogram.getCountAtIndex(index);
    if (count !== 0) out.push([histogram.valueFromIndex(index), count]);
  }
  return out;
}

/**
 * Java 2.1.11's getMaxValue: the highest equivalent value of the last non-empty bucket. Quirk: an *empty*
 * histogram reports its unit mask (2^floor(log2(lowestDiscernibleValue)) - 1), because Java resets its max to
 * `0 | unitMagnitudeMask`; latstat's decoder reports 0.
 */
export function javaMaxValue(histogram: JsHistogram, buckets = bucketsOf(histogram)): number {
  const last = buckets[buckets.length - 1];
  return last === undefined ? histogram.unitMagnitudeMask : histogram.highestEquivalentValue(last[0]);
}

/** Java's getMinValue: 0 when empty or when 0 was recorded, else the lowest value of the first non-empty bucket. */
export function javaMinValue(buckets: Array<[number, number]>): number {
  return buckets.length === 0 ? 0 : buckets[0]![0];
}

/** Java's getTotalCount/getMinValue/getMaxValue/getMean/getValueAtPercentile for a JS histogram. */
export function statsOf(histogram: JsHistogram): Stats {
  const buckets = bucketsOf(histogram);
  return {
    total: histogram.totalCount,
    min: javaMinValue(buckets),
    max: javaMaxValue(histogram, buckets),
    mean: histogram.mean,
    p50: histogram.getValueAtPercentile(50),
    p90: histogram.getValueAtPercentile(90),
    p99: histogram.getValueAtPercentile(99),
    p999: histogram.getValueAtPercentile(99.9),
    p100: histogram.getValueAtPercentile(100),
  };
}
