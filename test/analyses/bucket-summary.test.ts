import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { bucketStatus } from "../../src/analyses/bucket-budgets.js";
import { summarizeBuckets } from "../../src/analyses/bucket-summary.js";
import { addSeries, subtractHistograms, type ClassicHistogram } from "../../src/core/classic-histogram.js";
import { nearestRank } from "../helpers/formats.js";

/** Counts observations into buckets as a Prometheus client does: each into every bucket whose bound it is ≤. */
function bucketed(observations: readonly number[], boundsNs: readonly number[]): ClassicHistogram {
  const bounds = [...boundsNs, Infinity];
  return { boundsNs: bounds, cumulative: bounds.map((le) => observations.filter((o) => o <= le).length), sumNs: observations.reduce((a, b) => a + b, 0) };
}

const bounds = fc.uniqueArray(fc.integer({ min: 1, max: 1e9 }), { minLength: 1, maxLength: 12 }).map((b) => b.sort((x, y) => x - y));
const observations = fc.array(fc.integer({ min: 0, max: 2e9 }), { minLength: 1, maxLength: 300 });
const percentiles = ["0", "1", "25", "50", "90", "99", "99.9", "100"];

describe("percentiles of bucket counts", () => {
  it("each lies in the bucket reported: lower < exact nearest rank ≤ upper; the estimate inside it", () => {
    fc.assert(
      fc.property(observations, bounds, (values, b) => {
        const summary = summarizeBuckets(bucketed(values, b), percentiles);
        const sorted = [...values].sort((x, y) => x - y);
        expect(summary.count).toBe(values.length);
        expect(summary.meanNs).toBeCloseTo(sorted.reduce((x, y) => x + y, 0) / sorted.length, 3);
        for (const p of summary.percentiles) {
          const exact = nearestRank(sorted, p.percentile);
          // The first bucket's lower bound is 0, inclusive of a 0 latency.
          expect(exact > p.lowerNs || (p.lowerNs === 0 && exact === 0)).toBe(true);
          expect(exact).toBeLessThanOrEqual(p.upperNs);
          if (Number.isFinite(p.estimateNs)) {
            expect(p.estimateNs).toBeGreaterThanOrEqual(p.lowerNs);
            expect(p.estimateNs).toBeLessThanOrEqual(p.upperNs);
          }
        }
        expect(sorted[0]! > summary.min.lowerNs || sorted[0] === 0).toBe(true);
        expect(sorted[0]!).toBeLessThanOrEqual(summary.min.upperNs);
        expect(sorted.at(-1)!).toBeGreaterThan(summary.max.lowerNs - (summary.max.lowerNs === 0 ? 1 : 0));
        expect(sorted.at(-1)!).toBeLessThanOrEqual(summary.max.upperNs);
      }),
    );
  });

  it("the estimate is histogram_quantile's: linear inside the bucket, the highest finite bound in +Inf", () => {
    const h: ClassicHistogram = { boundsNs: [100, 200, 400, Infinity], cumulative: [10, 30, 40, 50], sumNs: undefined };
    const summary = summarizeBuckets(h, ["10", "50", "70", "90"]);
    // rank 5 of 10 in (0, 100]; rank 25: 15 of 20 in (100, 200]; rank 35: 5 of 10 in (200, 400]; rank 45: +Inf.
    expect(summary.percentiles.map((p) => [p.lowerNs, p.upperNs, p.estimateNs])).toEqual([
      [0, 100, 50],
      [100, 200, 175],
      [200, 400, 300],
      [400, Infinity, 400],
    ]);
    expect(summary.meanNs).toBeNaN();
  });
});

describe("budgets on a bucket", () => {
  it("pass when every value in (lower, upper] meets the limit, fail when none does, else insufficient", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 50 }), fc.integer({ min: 1, max: 50 }), fc.integer({ min: 0, max: 120 }), fc.constantFrom("<", "<=", ">", ">=" as const), (lower, width, limit, op) => {
        const upper = lower + width;
        // Observations are real numbers: just above the lower bound, around the limit, and the upper bound.
        const values = [lower + 1e-6, limit - 1e-6, limit, limit + 1e-6, upper].filter((v) => v > lower && v <= upper);
        const meets = (v: number) => (op === "<" ? v < limit : op === "<=" ? v <= limit : op === ">" ? v > limit : v >= limit);
        const expected = values.every(meets) ? "pass" : values.some(meets) ? "insufficient" : "fail";
        expect(bucketStatus({ lowerNs: lower, upperNs: upper }, op, limit)).toBe(expected);
      }),
    );
  });
});

describe("histograms of one metric", () => {
  it("add bucket by bucket, and subtract two scrapes of a series, refusing a reset", () => {
    const a = bucketed([5, 50, 500], [10, 100]);
    const b = bucketed([7, 70], [10, 100]);
    const added = (...histograms: ClassicHistogram[]) => addSeries(histograms.map((histogram, i) => ({ labels: { pod: `p${i}` }, histogram })), "x");
    expect(added(a, b)).toEqual(bucketed([5, 50, 500, 7, 70], [10, 100]));
    expect(subtractHistograms(added(a, b), a, "x")).toEqual(b);
    expect(() => subtractHistograms(a, added(a, b), "x{}")).toThrow(/^x\{\}: counter reset between the scrapes \(bucket le=1e-8s went from 2 to 1\)$/);
    // The message names the two series that differ: the file may hold hundreds.
    expect(() => added(a, bucketed([1], [10]))).toThrow(/^x\{pod="p0"\} and x\{pod="p1"\} have different buckets, so they cannot be added$/);
  });
});
