import { describe, expect, it } from "vitest";
import { addCorrected } from "../../src/core/backfill.js";
import { BucketCounter, BucketLayout, createShapedHistogram, type Histogram, type HistogramShape } from "../../src/core/histogram.js";
import { LatencyRecorder } from "../../src/core/recorder.js";

/**
 * Interval histograms of three shapes in turn, as a log mixing precisions holds (a 3-digit tool's log with a
 * jHiccup-style one after it), each with a stall that the back-fill at 1 ms spreads over many buckets.
 */
const SHAPES: HistogramShape[] = [
  { digits: 3, lowestDiscernibleValue: 1, highestTrackableValue: 3_600e9 },
  { digits: 2, lowestDiscernibleValue: 1000, highestTrackableValue: 3_600e9 },
  { digits: 1, lowestDiscernibleValue: 1, highestTrackableValue: 3_600e9 },
];

function intervals(): Histogram[] {
  return Array.from({ length: 9 }, (_, i) => {
    const histogram = createShapedHistogram(SHAPES[i % 3]!);
    for (let k = 0; k < 50; k++) histogram.recordValue(300_000 + 97_531 * k + 1_013 * i);
    histogram.recordValue(40_000_000 + 5_000_000 * i);
    return histogram;
  });
}

/** HistogramLogProcessor's sum: each interval's bucket counts, back-filled in its own shape first when `intervalNs` > 0,
 * added into the first's shape at each bucket's lowest value (AbstractHistogram.add). */
function javaSum(histograms: Histogram[], intervalNs: number): BucketCounter {
  const first = SHAPES[0]!;
  const sum = new BucketCounter(new BucketLayout(first.digits, first.lowestDiscernibleValue));
  for (const histogram of histograms) {
    const layout = new BucketLayout(histogram.numberOfSignificantValueDigits as 1 | 2 | 3, histogram.lowestDiscernibleValue);
    const own = new BucketCounter(layout);
    for (let index = 0; index < histogram.countsArrayLength; index++) own.recordAtIndex(index, histogram.getCountAtIndex(index));
    const corrected = new BucketCounter(layout);
    if (intervalNs > 0) addCorrected(corrected, own, intervalNs);
    sum.add(intervalNs > 0 ? corrected : own);
  }
  return sum;
}

const counts = (counter: BucketCounter) => {
  const list: [number, number][] = [];
  counter.forEachBucket((index, count) => list.push([index, count]));
  return list;
};

/** The top of the highest non-empty bucket of `counter`: the sum's max, as Java's getMaxValue gives it. */
function topOf(counter: BucketCounter): number {
  let highest = -1;
  counter.forEachBucket((index) => (highest = index));
  return counter.layout.lowestValueAt(highest + 1) - 1;
}

describe("LatencyRecorder of interval histograms of several shapes", () => {
  const read = () => {
    const recorder = new LatencyRecorder(3);
    for (const histogram of intervals()) recorder.intervalHistogram(histogram);
    return recorder;
  };

  it("adds each in the first's shape; its max is the top of the sum's highest bucket, not of a coarser interval's", () => {
    const recorder = read();
    const expected = javaSum(intervals(), 0);
    expect(counts(recorder.counter)).toEqual(counts(expected));
    expect(recorder.maxNs).toBe(topOf(expected));
    // The last interval's stall, 80 ms at 1 digit, has a bucket up to 2^27 - 1 ns; it lands at that bucket's lowest value.
    expect(recorder.maxNs).toBeLessThan(2 ** 27 - 1);
  });

  it("corrected after the fact, back-fills each interval in its own shape (HistogramLogProcessor's -correctLogWithKnownCoordinatedOmission)", () => {
    const corrected = read().correctedAfter(1_000_000);
    const expected = javaSum(intervals(), 1_000_000);
    expect(counts(corrected.counter)).toEqual(counts(expected));
    expect(corrected.count + corrected.syntheticCount).toBe(counts(expected).reduce((sum, [, count]) => sum + count, 0));
    expect(corrected.maxNs).toBe(topOf(expected));
  });

  it("gives the same when the intervals were read into recorders of their own and added, or passed between threads", () => {
    const histograms = intervals();
    // The first four intervals in one recorder, the others in a second one that takes the shape of its first (2 digits).
    const [head, tail] = [new LatencyRecorder(3), new LatencyRecorder(3)];
    histograms.forEach((histogram, i) => (i < 4 ? head : tail).intervalHistogram(histogram));
    expect(tail.digits).toBe(2);
    const added = new LatencyRecorder(3);
    added.add(head);
    added.add(tail);
    const absorbed = new LatencyRecorder(3);
    absorbed.absorb(head.state());
    absorbed.absorb(structuredClone(tail.state()));
    const expected = javaSum(histograms, 1_000_000);
    for (const recorder of [added, absorbed]) {
      expect(counts(recorder.counter)).toEqual(counts(javaSum(histograms, 0)));
      expect(counts(recorder.correctedAfter(1_000_000).counter)).toEqual(counts(expected));
      expect(recorder.maxNs).toBe(topOf(expected));
    }
  });
});
