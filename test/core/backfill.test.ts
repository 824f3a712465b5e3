import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { addCorrected, recordWithExpectedInterval } from "../../src/core/backfill.js";
import { CountTable } from "../../src/core/count-table.js";
import { BucketCounter, BucketLayout, type SignificantDigits } from "../../src/core/histogram.js";
import { LatencyRecorder } from "../../src/core/recorder.js";

/** Java's recordValueWithCountAndExpectedInterval, one synthetic value at a time. */
function javaLoop(counter: BucketCounter, value: number, count: number, interval: number): number {
  let synthetic = 0;
  counter.recordAtIndex(counter.layout.indexOf(value), count);
  if (interval <= 0) return 0;
  for (let missing = value - interval; missing >= interval; missing -= interval) {
    counter.recordAtIndex(counter.layout.indexOf(missing), count);
    synthetic += count;
  }
  return synthetic;
}

function buckets(counter: BucketCounter): [number, number][] {
  const result: [number, number][] = [];
  counter.forEachBucket((index, count) => result.push([index, count]));
  return result;
}

const digits = fc.constantFrom<SignificantDigits>(1, 2, 3);

describe("recordWithExpectedInterval", () => {
  it("gives the same buckets as Java's one-at-a-time loop", () => {
    fc.assert(
      fc.property(digits, fc.integer({ min: 0, max: 5_000_000 }), fc.integer({ min: 1, max: 200_000 }), fc.integer({ min: 1, max: 5 }), (d, value, interval, count) => {
        const fast = new BucketCounter(new BucketLayout(d));
        const slow = new BucketCounter(new BucketLayout(d));
        expect(recordWithExpectedInterval(fast, value, count, interval)).toBe(javaLoop(slow, value, count, interval));
        expect(buckets(fast)).toEqual(buckets(slow));
      }),
      { numRuns: 300 },
    );
  });

  it("handles a 100 s stall at a 1 µs interval without 10^8 steps", () => {
    const counter = new BucketCounter(new BucketLayout(3));
    const started = performance.now();
    expect(recordWithExpectedInterval(counter, 100e9, 1, 1e3)).toBe(1e8 - 1);
    expect(performance.now() - started).toBeLessThan(2000);
    let total = 0;
    counter.forEachBucket((_, count) => (total += count));
    expect(total).toBe(1e8);
  });
});

describe("addCorrected", () => {
  it("back-fills every raw bucket at its highest equivalent value, as copyCorrectedForCoordinatedOmission does", () => {
    fc.assert(
      fc.property(digits, fc.array(fc.integer({ min: 0, max: 2_000_000 }), { minLength: 1, maxLength: 30 }), fc.integer({ min: 100, max: 100_000 }), (d, values, interval) => {
        const layout = new BucketLayout(d);
        const raw = new BucketCounter(layout);
        for (const v of values) raw.record(v);
        const corrected = new BucketCounter(layout);
        const expected = new BucketCounter(layout);
        let expectedSynthetic = 0;
        raw.forEachBucket((index, count) => {
          expectedSynthetic += javaLoop(expected, layout.highestEquivalentValue(layout.lowestValueAt(index)), count, interval);
        });
        expect(addCorrected(corrected, raw, interval)).toBe(expectedSynthetic);
        expect(buckets(corrected)).toEqual(buckets(expected));
      }),
      { numRuns: 200 },
    );
  });
});

describe("LatencyRecorder.addBucketCounts", () => {
  it("adds each sender's buckets back-filled at its own interval (0: none), on top of what is there", () => {
    const sender = fc.record({
      values: fc.array(fc.integer({ min: 0, max: 2_000_000 }), { minLength: 1, maxLength: 20 }),
      interval: fc.oneof(fc.constant(0), fc.integer({ min: 100, max: 100_000 })),
    });
    fc.assert(
      fc.property(digits, fc.array(sender, { minLength: 1, maxLength: 4 }), (d, senders) => {
        const layout = new BucketLayout(d);
        const recorder = new LatencyRecorder(d);
        const expected = new BucketCounter(layout);
        let expectedSynthetic = 0;
        // HdrHistogram records back-filled values as values: the least of them may be the min.
        let lowestMissing = Infinity;
        for (const { values, interval } of senders) {
          // A sender's latencies as bucket index -> count, in a count table (which visits them in no particular order).
          const counts = new Map<number, number>();
          for (const v of values) counts.set(layout.indexOf(v), (counts.get(layout.indexOf(v)) ?? 0) + 1);
          const table = new CountTable();
          for (const [index, count] of [...counts].reverse()) table.add(index, count);
          const exact = { count: values.length, minNs: Math.min(...values), maxNs: Math.max(...values) };
          recorder.addBucketCounts(table, exact, interval);
          for (const [index, count] of counts) {
            const value = layout.highestEquivalentValue(layout.lowestValueAt(index));
            expectedSynthetic += javaLoop(expected, value, count, interval);
            for (let missing = value - interval; interval > 0 && missing >= interval; missing -= interval) lowestMissing = Math.min(lowestMissing, missing);
          }
        }
        const all = senders.flatMap((s) => s.values);
        expect(buckets(recorder.counter)).toEqual(buckets(expected));
        expect(recorder.syntheticCount).toBe(expectedSynthetic);
        expect([recorder.count, recorder.minNs, recorder.maxNs]).toEqual([all.length, Math.min(...all, lowestMissing), Math.max(...all)]);
      }),
      { numRuns: 200 },
    );
  });
});

describe("a back-filled recorder's min and max", () => {
  // HdrHistogram records back-filled values as values: a corrected min may lie below every latency logged.
  const values = [...Array<number>(990).fill(50e6), ...Array<number>(10).fill(1000e6)];

  it("at record time: the least back-filled value (50 ms at 10 ms back-fills 40, 30, 20, 10)", () => {
    const recorder = new LatencyRecorder(3, 10e6);
    for (const v of values) recorder.record(v);
    expect(recorder.minNs).toBe(10e6);
    expect(recorder.maxNs).toBe(1000e6);
    const repeated = new LatencyRecorder(3, 10e6);
    repeated.repeated(50e6, 990);
    expect(repeated.minNs).toBe(10e6);
  });

  it("after the fact: from each bucket's highest equivalent value, as the counts are", () => {
    const raw = new LatencyRecorder(3);
    for (const v of values) raw.record(v);
    const corrected = raw.correctedAfter(10e6);
    const highest50 = raw.counter.layout.lowestValueAt(raw.counter.layout.indexOf(50e6) + 1) - 1;
    expect(corrected.minNs).toBe(highest50 - 4 * 10e6);
    expect(corrected.maxNs).toBe(1000e6);
  });

  it("a failed request's back-fill alone: its least and greatest back-filled values", () => {
    const recorder = new LatencyRecorder(3);
    recorder.record(2e6);
    recorder.recordOmittedBy(500e6, 10e6);
    expect([recorder.count, recorder.syntheticCount, recorder.minNs, recorder.maxNs]).toEqual([1, 49, 2e6, 490e6]);
  });
});
