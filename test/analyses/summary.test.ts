import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { summarizeRecorder } from "../../src/analyses/summary.js";
import type { SignificantDigits } from "../../src/core/histogram.js";
import { LatencyRecorder } from "../../src/core/recorder.js";

/** Nearest-rank percentile computed exactly: rank = ceil(p/100 · n) in integer arithmetic, at least 1. */
function exactPercentile(sorted: number[], label: string): number {
  const [whole, fraction = ""] = label.split(".");
  const scaled = BigInt(whole! + fraction);
  const denominator = 100n * 10n ** BigInt(fraction.length);
  const n = BigInt(sorted.length);
  const rank = (scaled * n + denominator - 1n) / denominator;
  return sorted[Math.max(1, Number(rank)) - 1]!;
}

const LABELS = ["0", "1", "12.5", "50", "90", "99", "99.9", "99.99", "99.999", "100"];

describe("summarize", () => {
  it("reports each percentile within the histogram's precision of the exact nearest-rank value", () => {
    fc.assert(
      fc.property(
        fc.constantFrom<SignificantDigits>(1, 2, 3),
        fc.array(fc.oneof(fc.integer({ min: 0, max: 5000 }), fc.integer({ min: 0, max: 1e12 })), { minLength: 1, maxLength: 400 }),
        (digits, values) => {
          const recorder = new LatencyRecorder(digits);
          for (const v of values) recorder.record(v);
          const summary = summarizeRecorder(recorder, LABELS);
          const sorted = [...values].sort((a, b) => a - b);
          for (const p of summary.percentiles) {
            const exact = exactPercentile(sorted, p.label);
            // Never beyond the exact min and max shown beside it, nor its interval.
            expect(p.valueNs).toBeGreaterThanOrEqual(sorted[0]!);
            expect(p.valueNs).toBeLessThanOrEqual(sorted.at(-1)!);
            if (p.ci) expect([p.ci.loNs >= sorted[0]!, p.ci.hiNs <= sorted.at(-1)!]).toEqual([true, true]);
            // One bucket is at most value / 10^digits wide (sub-bucket half count ≥ 10^digits).
            const tolerance = Math.max(1, exact / 10 ** digits);
            if (p.percentile === 0) {
              expect(p.valueNs).toBeLessThanOrEqual(exact);
              expect(exact - p.valueNs).toBeLessThan(tolerance);
            } else {
              expect(p.valueNs).toBeGreaterThanOrEqual(exact);
              expect(p.valueNs - exact).toBeLessThan(tolerance);
            }
          }
          expect(summary.count).toBe(values.length);
          expect(summary.minNs).toBe(sorted[0]);
          expect(summary.maxNs).toBe(sorted[sorted.length - 1]);
        },
      ),
      { numRuns: 150 },
    );
  });

  it("computes mean and stddev from the histogram like HdrHistogram", () => {
    const recorder = new LatencyRecorder(3);
    for (const v of [1000, 2000, 3000, 4000]) recorder.record(v);
    const summary = summarizeRecorder(recorder, ["50"]);
    // Buckets above 2047 ns are 2 ns wide at 3 digits: 3000 and 4000 count as their bucket midpoints 3001, 4001.
    expect(summary.meanNs).toBe(2500.5);
    expect(summary.stddevNs).toBeCloseTo(Math.sqrt(1251000.25), 6);
  });

  it("reports an empty distribution as empty", () => {
    const summary = summarizeRecorder(new LatencyRecorder(3), ["50"]);
    expect(summary.count).toBe(0);
    expect(summary.percentiles).toEqual([]);
  });
});

describe("summarize within the exact min and max", () => {
  it("reports a percentile in the max's bucket as the max, not the bucket's top", () => {
    // 22,843,069 ns lies in a bucket 16,384 ns wide (3 digits: 2048 sub-buckets, 2^14 at 2^24–2^25 ns), whose top
    // is 22,855,679 ns; the exact max is the value itself.
    const recorder = new LatencyRecorder(3);
    for (let i = 0; i < 99; i++) recorder.record(1_000_000);
    recorder.record(22_843_069);
    const summary = summarizeRecorder(recorder, ["50", "99.9"]);
    expect(Math.floor(22_843_069 / 16_384) * 16_384 + 16_383).toBe(22_855_679);
    expect(recorder.histogram().getValueAtPercentile(99.9)).toBe(22_855_679);
    expect(summary.percentiles.map((p) => p.valueNs)).toEqual([1_000_447, 22_843_069]);
    expect(summary.maxNs).toBe(22_843_069);
  });
});
