import { describe, expect, it } from "vitest";
import { CumulativeBuckets } from "../../src/core/buckets.js";
import { LatencyRecorder } from "../../src/core/recorder.js";
import { nextPercentileLevel } from "../../src/core/percentile-distribution.js";
import { percentileToX, spectrumOf, spectrumPoints } from "../../src/analyses/spectrum.js";

function recorder(values: number[]): LatencyRecorder {
  const r = new LatencyRecorder(3);
  for (const v of values) r.record(v);
  return r;
}

describe("percentile levels", () => {
  it("step like Java's PercentileIterator (as .hgrm): 5 ticks per half distance to 100%", () => {
    const levels = [0];
    while (levels.length < 16) levels.push(nextPercentileLevel(levels.at(-1)!, 5));
    expect(levels).toEqual([0, 10, 20, 30, 40, 50, 55, 60, 65, 70, 75, 77.5, 80, 82.5, 85, 87.5]);
  });

  it("map percentiles to x = 1/(1-p)", () => {
    expect(percentileToX(0)).toBe(1);
    expect(percentileToX(90)).toBeCloseTo(10, 12);
    expect(percentileToX(99)).toBeCloseTo(100, 10);
    expect(percentileToX(99.9)).toBeCloseTo(1000, 8);
  });
});

describe("spectrumPoints", () => {
  const values = Array.from({ length: 10_000 }, (_, i) => (i + 1) * 1000);
  const r = recorder(values);
  const points = spectrumPoints(CumulativeBuckets.of(r.histogram()));

  it("gives at each level the histogram's value at that percentile", () => {
    const histogram = r.histogram();
    for (const p of points) expect(p.valueNs, `p${p.percentile}`).toBe(histogram.getValueAtPercentile(p.percentile));
  });

  it("starts at 0% with the min's bucket and ends at the max's bucket with a finite x", () => {
    expect(points[0]).toEqual({ percentile: 0, x: 1, valueNs: 1000 });
    const last = points.at(-1)!;
    expect(Number.isFinite(last.x)).toBe(true);
    expect(last.valueNs).toBe(r.histogram().getValueAtPercentile(100));
    // The iteration stops at the first level the max's bucket reaches: about 1 - k/n for k values in that bucket
    // (here ~8 per 8 µs bucket near 10 ms), so x is of the order of n/k.
    expect(last.x).toBeGreaterThan(1_000);
    expect(last.x).toBeLessThan(20_000);
  });

  it("is non-decreasing in both x and value", () => {
    for (let i = 1; i < points.length; i++) {
      expect(points[i]!.x).toBeGreaterThan(points[i - 1]!.x);
      expect(points[i]!.valueNs).toBeGreaterThanOrEqual(points[i - 1]!.valueNs);
    }
  });

  it("shares x values between inputs: a smaller input's spectrum is a prefix of a larger one's", () => {
    const small = spectrumPoints(CumulativeBuckets.of(recorder(values.slice(0, 300)).histogram()));
    expect(small.length).toBeLessThan(points.length);
    expect(small.map((p) => p.x)).toEqual(points.slice(0, small.length).map((p) => p.x));
  });

  it("has one point for a single value", () => {
    expect(spectrumPoints(CumulativeBuckets.of(recorder([5, 5, 5]).histogram()))).toEqual([{ percentile: 0, x: 1, valueNs: 5 }]);
  });
});

describe("spectrumOf", () => {
  it("names the input, counts its values, and says how far its data supports the tail", () => {
    const s = spectrumOf("a.log", recorder(Array.from({ length: 2_000 }, (_, i) => i + 1)), "raw");
    expect(s).toMatchObject({ name: "a.log", variant: "raw", count: 2_000, sufficientUpToX: 200 });
    expect(spectrumOf("b", recorder([1])).variant).toBeUndefined();
  });
});
