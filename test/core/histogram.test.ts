import fc from "fast-check";
import hdr from "hdr-histogram-js";
import { describe, expect, it } from "vitest";
import { BucketCounter, BucketLayout, createHistogram, type SignificantDigits } from "../../src/core/histogram.js";

const digitsArb = fc.constantFrom<SignificantDigits>(1, 2, 3, 4, 5);

describe("BucketLayout", () => {
  it("puts values in the same counts index as hdr-histogram-js (below 2^47, where its log2 is exact)", () => {
    fc.assert(
      fc.property(digitsArb, fc.integer({ min: 0, max: 2 ** 47 - 1 }), (digits, value) => {
        const reference = new hdr.JsHistogram(1, 2 ** 48, digits) as unknown as { countsArrayIndex(v: number): number };
        expect(new BucketLayout(digits).indexOf(value)).toBe(reference.countsArrayIndex(value));
      }),
    );
  });

  it("maps every index back to a value in that index", () => {
    fc.assert(
      fc.property(digitsArb, fc.integer({ min: 0, max: 1e15 }), (digits, value) => {
        const layout = new BucketLayout(digits);
        const index = layout.indexOf(value);
        const lowest = layout.lowestValueAt(index);
        expect(lowest).toBeLessThanOrEqual(value);
        expect(layout.indexOf(lowest)).toBe(index);
        expect(layout.indexOf(layout.lowestValueAt(index + 1))).toBe(index + 1);
        expect(layout.highestEquivalentValue(value)).toBe(layout.lowestValueAt(index + 1) - 1);
      }),
    );
  });

  it("with a lowest discernible value above 1, indexes values like hdr-histogram-js and Java (unit magnitude)", () => {
    fc.assert(
      fc.property(digitsArb, fc.integer({ min: 1, max: 2 ** 20 }), fc.integer({ min: 0, max: 2 ** 46 }), (digits, lowest, value) => {
        const reference = new hdr.JsHistogram(lowest, 2 ** 52, digits) as unknown as {
          countsArrayIndex(v: number): number;
          valueFromIndex(i: number): number;
        };
        const layout = new BucketLayout(digits, lowest);
        const index = layout.indexOf(value);
        expect(index).toBe(reference.countsArrayIndex(value));
        expect(layout.lowestValueAt(index)).toBe(reference.valueFromIndex(index));
      }),
    );
    // jHiccup's shape: 2 digits, lowest 20000 (unit magnitude 14): 256 sub-buckets of 16384 ns at the bottom.
    const jhiccup = new BucketLayout(2, 20000);
    expect(jhiccup.unitMagnitude).toBe(14);
    expect(jhiccup.highestEquivalentValue(0)).toBe(16383);
    expect(jhiccup.bucketsNeededToCover(3_600_000_000_000)).toBe(21);
  });

  it("adds counts of another layout at each bucket's lowest value, as Java's add", () => {
    const fine = new BucketCounter(new BucketLayout(3));
    fine.record(1234567);
    const coarse = new BucketCounter(new BucketLayout(2, 20000));
    coarse.add(fine);
    const buckets: number[][] = [];
    coarse.forEachBucket((index, count) => buckets.push([index, count]));
    // 1234567 falls in [1233920, 1234943] at 3 digits; 1233920 falls in coarse index 75 (75 × 16384 = 1228800).
    expect(buckets).toEqual([[75, 1]]);
  });

  it("is exact just below powers of two where Math.log2 rounds up", () => {
    const layout = new BucketLayout(3);
    const value = 2 ** 49 - 1;
    expect(layout.indexOf(value)).toBe(layout.indexOf(2 ** 49) - 1);
  });

  it("counts buckets needed like Java's getBucketsNeededToCoverValue", () => {
    const layout = new BucketLayout(3); // 2048 sub-buckets
    expect(layout.bucketsNeededToCover(2047)).toBe(1);
    expect(layout.bucketsNeededToCover(2048)).toBe(2);
    expect(layout.bucketsNeededToCover(4096)).toBe(3);
  });
});

describe("BucketCounter", () => {
  it("gives the same histogram as recording value by value", () => {
    fc.assert(
      // 5 digits is left out here only for speed (hdr-histogram-js's mean walks ~10^6 buckets); the index
      // mapping it relies on is checked for all digit counts above.
      fc.property(fc.constantFrom<SignificantDigits>(1, 2, 3, 4), fc.array(fc.integer({ min: 0, max: 2 ** 36 }), { minLength: 1, maxLength: 300 }), (digits, values) => {
        const direct = createHistogram(digits);
        const counter = new BucketCounter(new BucketLayout(digits));
        for (const v of values) {
          direct.recordValue(v);
          counter.record(v);
        }
        const counted = createHistogram(digits);
        counter.flushInto(counted);
        expect(counted.totalCount).toBe(direct.totalCount);
        expect(counted.mean).toBeCloseTo(direct.mean, 6);
        for (const p of [0, 1, 25, 50, 90, 99, 99.9, 100]) {
          expect(counted.getValueAtPercentile(p)).toBe(direct.getValueAtPercentile(p));
        }
      }),
      { numRuns: 60 },
    );
  });

  it("settles few filled buckets into the non-empty ones only, counts kept, and spreads them out to record more", () => {
    const counter = new BucketCounter(new BucketLayout(3));
    for (const v of [5, 3_000, 1e10]) counter.record(v);
    expect(counter.heldBytes).toBe(32 * 1024 * 8);
    const before = createHistogram(3);
    counter.addTo(before);
    const visited: [number, number][] = [];
    counter.forEachBucket((index, count) => visited.push([index, count]));
    counter.settle();
    // 3 non-empty buckets, 4 + 8 bytes each.
    expect(counter.heldBytes).toBe(36);
    // By hand, 3 digits: 1,024 counts a bucket past the first two; 10 s = 1e10 ns lies in [2^33, 2^34), bucket 23,
    // at index 24 × 1,024 + (⌊1e10 / 2^23⌋ − 1,024) = 24,744.
    expect(counter.countAt(24_744)).toBe(1);
    expect(counter.countAt(24_743)).toBe(0);
    const settledVisits: [number, number][] = [];
    counter.forEachBucket((index, count) => settledVisits.push([index, count]));
    expect(settledVisits).toEqual(visited);
    const after = createHistogram(3);
    counter.addTo(after);
    expect(after.toJSON()).toEqual(before.toJSON());
    counter.record(2 ** 40);
    expect(counter.bucketCounts().length).toBeGreaterThan(25 * 1024);
    expect(counter.bucketCounts()[24_744]).toBe(1);
    expect(counter.countAt(5)).toBe(1);
  });

  it("settles many filled buckets into room up to the end of the highest one", () => {
    const counter = new BucketCounter(new BucketLayout(3));
    // Values 0-2,047 ns are exact at 3 digits: 2,048 buckets of one count each, the first two buckets' room
    // (16 KB dense against 24 KB as non-empty ones); the counts start with room for 8,192.
    for (let v = 0; v < 2048; v++) counter.record(v);
    expect(counter.heldBytes).toBe(8192 * 8);
    counter.settle();
    expect(counter.heldBytes).toBe(2048 * 8);
    expect(counter.countAt(2047)).toBe(1);
    // Nothing recorded: nothing kept, and recording starts again.
    const empty = new BucketCounter(new BucketLayout(3));
    empty.settle();
    expect(empty.heldBytes).toBe(0);
    empty.record(7);
    expect(empty.countAt(7)).toBe(1);
  });
});
