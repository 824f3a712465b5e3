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
});
