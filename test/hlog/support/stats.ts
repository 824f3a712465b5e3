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

/** Java's getTotalCount/getMinValue/getMaxValue/getMean/getValueAtPercentile for a JS histogram. */
export function statsOf(histogram: JsHistogram): Stats {
  const buckets = bucketsOf(histogram);
  const total = histogram.totalCount;
  const last = buckets[buckets.length - 1];
  return {
    total,
    min: total === 0 || buckets[0]![0] === 0 ? 0 : buckets[0]![0],
    max: last === undefined ? 0 : histogram.highestEquivalentValue(last[0]),
    mean: histogram.mean,
    p50: histogram.getValueAtPercentile(50),
    p90: histogram.getValueAtPercentile(90),
    p99: histogram.getValueAtPercentile(99),
    p999: histogram.getValueAtPercentile(99.9),
    p100: histogram.getValueAtPercentile(100),
  };
}
