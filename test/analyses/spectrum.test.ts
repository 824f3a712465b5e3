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

  it("starts at 0% with the min's bucket and ends at the max's bucket with a finite x, about 1 - 1/n", () => {
    expect(points[0]).toEqual({ percentile: 0, x: 1, valueNs: 1000 });
    const last = points.at(-1)!;
    expect(Number.isFinite(last.x)).toBe(true);
    expect(last.valueNs).toBe(r.histogram().getValueAtPercentile(100));
    // ~8 values share each 8 µs bucket near 10 ms, so the iteration alone would stop near 1 - 8/n: the spectrum goes
    // on to the first level beyond the one the (n-1)-th value reaches, as n distinct values would.
    expect(last.percentile).toBeGreaterThan(100 * (1 - 1 / values.length));
    expect(points.at(-2)!.percentile).toBeLessThanOrEqual(100 * (1 - 1 / values.length));
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

  it("has one point for a single sample", () => {
    expect(spectrumPoints(CumulativeBuckets.of(recorder([5]).histogram()))).toEqual([{ percentile: 0, x: 1, valueNs: 5 }]);
  });

  it("draws a repeated value out as far as that many distinct values reach: one plateau", () => {
    const repeated = spectrumPoints(CumulativeBuckets.of(recorder([5, 5, 5]).histogram()));
    // Three distinct values: the first reaches 0-30%, the second 40-65% (≤ 66.7%), the third the next level, 70%.
    expect(repeated.map((p) => p.percentile)).toEqual([0, 10, 20, 30, 40, 50, 55, 60, 65, 70]);
    expect(repeated.every((p) => p.valueNs === 5)).toBe(true);
    const distinct = spectrumPoints(CumulativeBuckets.of(recorder([1, 2, 3]).histogram()));
    expect(distinct.map((p) => p.percentile)).toEqual(repeated.map((p) => p.percentile));
  });

  it("keeps the plateau of requests at a time-out up to about 1 - 1/n (exact sort)", () => {
    // 9,500 requests from 10 to 29 ms, then 500 at a 30 s time-out: p95 and beyond are the time-out.
    const fast = Array.from({ length: 9_500 }, (_, i) => 10e6 + ((i * 7_919) % 19_000) * 1_000);
    const all = [...fast, ...Array<number>(500).fill(30e9)];
    const sorted = [...all].sort((a, b) => a - b);
    const spectrum = spectrumPoints(CumulativeBuckets.of(recorder(all).histogram()));
    const last = spectrum.at(-1)!;
    expect(last.percentile).toBeGreaterThan(99.99);
    expect(spectrum.at(-2)!.percentile).toBeLessThanOrEqual(99.99);
    for (const p of spectrum) {
      const exact = sorted[Math.max(Math.ceil((p.percentile / 100) * all.length), 1) - 1]!;
      // The bucket's highest equivalent value: at or above the exact value, within 3 significant digits.
      expect(p.valueNs, `p${p.percentile}`).toBeGreaterThanOrEqual(exact);
      expect(p.valueNs, `p${p.percentile}`).toBeLessThan(exact * 1.001 + 1);
    }
    expect(spectrum.filter((p) => p.valueNs >= 30e9).map((p) => p.percentile).some((p) => p >= 99 && p < 99.9)).toBe(true);
  });
});

describe("spectrumOf", () => {
  it("names the input, counts its values, and says how far its data supports the tail", () => {
    const s = spectrumOf("a.log", recorder(Array.from({ length: 2_000 }, (_, i) => i + 1)), "raw");
    expect(s).toMatchObject({ name: "a.log", variant: "raw", count: 2_000, sufficientUpToX: 200 });
    expect(spectrumOf("b", recorder([1])).variant).toBeUndefined();
  });
});
