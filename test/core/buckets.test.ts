import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { CumulativeBuckets } from "../../src/core/buckets.js";
import { LatencyRecorder } from "../../src/core/recorder.js";

function recorded(values: number[], digits: 1 | 2 | 3 = 3): LatencyRecorder {
  const recorder = new LatencyRecorder(digits);
  for (const v of values) recorder.record(v);
  return recorder;
}

describe("CumulativeBuckets", () => {
  it("reads exact values at ranks when buckets are single units", () => {
    const buckets = CumulativeBuckets.of(recorded([5, 1, 3, 3, 9]).histogram());
    expect(buckets.total).toBe(5);
    expect([1, 2, 3, 4, 5].map((r) => buckets.valueAtRank(r))).toEqual([1, 3, 3, 5, 9]);
    expect(buckets.valueAtRank(0)).toBe(1);
    expect(buckets.valueAtRank(6)).toBe(9);
  });

  it("is empty for an empty histogram", () => {
    const buckets = CumulativeBuckets.of(recorded([]).histogram());
    expect(buckets.total).toBe(0);
    expect(buckets.valueAtRank(1)).toBeNaN();
  });

  it("agrees with getValueAtPercentile at the nearest rank", () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 1e12 }), { minLength: 1, maxLength: 300 }),
        fc.double({ min: 0.001, max: 100, noNaN: true }),
        fc.constantFrom(1 as const, 2 as const, 3 as const),
        (values, percentile, digits) => {
          const histogram = recorded(values, digits).histogram();
          const buckets = CumulativeBuckets.of(histogram);
          const rank = Math.max(1, Math.ceil((percentile / 100) * values.length - 1e-9));
          expect(buckets.valueAtRank(rank)).toBe(histogram.getValueAtPercentile(percentile));
        },
      ),
      { numRuns: 300 },
    );
  });
});
