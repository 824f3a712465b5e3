import { describe, expect, it } from "vitest";
import { confidenceRanks, percentileInterval } from "../../src/analyses/confidence.js";
import { summarize } from "../../src/analyses/summary.js";
import { CumulativeBuckets } from "../../src/core/buckets.js";
import { BucketLayout } from "../../src/core/histogram.js";
import { LatencyRecorder } from "../../src/core/recorder.js";

function bucketsOf(values: number[]): CumulativeBuckets {
  const recorder = new LatencyRecorder(3);
  for (const v of values) recorder.record(v);
  return CumulativeBuckets.of(recorder.histogram());
}

/** 1, 2, …, n: small integers, each in its own single-unit bucket, so rank r has value r. */
const oneTo = (n: number) => Array.from({ length: n }, (_, i) => i + 1);

describe("confidenceRanks", () => {
  it("gives the textbook ranks for the median of 100 samples", () => {
    expect(confidenceRanks(100, 50)).toEqual({ lo: 40, hi: 61 });
  });

  it("reaches beyond the sample when the tail is thin", () => {
    expect(confidenceRanks(100, 99)).toEqual({ lo: 97, hi: 101 });
    expect(confidenceRanks(1000, 99)).toEqual({ lo: 983, hi: 997 });
  });
});

describe("percentileInterval", () => {
  it("reads the values at the bounding ranks", () => {
    expect(percentileInterval(bucketsOf(oneTo(100)), 50)).toEqual({ loNs: 40, hiNs: 61, loRank: 40, hiRank: 61, loClamped: false, hiClamped: false });
    expect(percentileInterval(bucketsOf(oneTo(1000)), 99)).toEqual({ loNs: 983, hiNs: 997, loRank: 983, hiRank: 997, loClamped: false, hiClamped: false });
  });

  it("clamps to the max and flags it when the upper rank is beyond the sample", () => {
    expect(percentileInterval(bucketsOf(oneTo(100)), 99)).toEqual({ loNs: 97, hiNs: 100, loRank: 97, hiRank: 100, loClamped: false, hiClamped: true });
  });

  it("clamps to the min and flags it at low percentiles of few samples", () => {
    const ci = percentileInterval(bucketsOf(oneTo(20)), 5)!;
    expect(ci).toMatchObject({ loNs: 1, loRank: 1, loClamped: true, hiClamped: false });
  });

  it("bounds each rank by its bucket: the lowest equivalent value below, the highest above", () => {
    // 1000 values in [10000, 20000): buckets 8 ns wide at 3 significant digits.
    const values = Array.from({ length: 1000 }, (_, i) => 10_000 + i * 10);
    const ci = percentileInterval(bucketsOf(values), 50)!;
    const layout = new BucketLayout(3);
    expect(ci.loRank).toBe(469); // scipy: binom.ppf(0.025, 1000, 0.5)
    expect(ci.hiRank).toBe(532); // binom.ppf(0.975, 1000, 0.5) + 1
    expect(ci.loNs).toBe(layout.lowestValueAt(layout.indexOf(values[468]!)));
    expect(ci.hiNs).toBe(layout.highestEquivalentValue(values[531]!));
    // So the interval holds the order statistics themselves, and the true percentile when they bracket it.
    expect(ci.loNs).toBeLessThanOrEqual(values[468]!);
    expect(ci.hiNs).toBeGreaterThanOrEqual(values[531]!);
  });

  it("is undefined without values", () => {
    expect(percentileInterval(bucketsOf([]), 50)).toBeUndefined();
  });
});

describe("summary percentiles", () => {
  it("carry an interval around the value and an insufficiency mark", () => {
    const recorder = new LatencyRecorder(3);
    for (const v of oneTo(2000)) recorder.record(v);
    const summary = summarize(recorder.histogram(), ["50", "99", "99.99", "100"]);
    const [p50, p99, p9999, p100] = summary.percentiles;
    expect(p50!.ci).toMatchObject({ loNs: 956, hiNs: 1045 }); // scipy ranks 956 and 1044 + 1
    expect(p50!.insufficient).toBeUndefined();
    expect(p99!.ci!.loNs).toBeLessThanOrEqual(p99!.valueNs);
    expect(p99!.ci!.hiNs).toBeGreaterThanOrEqual(p99!.valueNs);
    expect(p99!.insufficient).toBeUndefined();
    expect(p9999!.insufficient).toEqual({ needed: 100_000, have: 2000 });
    expect(p9999!.ci!.hiClamped).toBe(true);
    expect(p100!.ci).toMatchObject({ loNs: 2000, hiNs: 2000, hiClamped: true });
  });
});

/** mulberry32: a small seeded generator, so the simulation is the same on every run. */
function seededRandom(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe("coverage", () => {
  it("covers the true percentile of a lognormal at least 93% of the time (1,000 seeded resamples)", () => {
    const random = seededRandom(20260517);
    const normal = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
    // Lognormal latencies: median 12 ms, sigma 0.6 (a realistic web service), in ns.
    const mu = Math.log(12e6);
    const sigma = 0.6;
    const z = { 50: 0, 90: 1.2815515655446004, 99: 2.3263478740408408 } as const;
    const layout = new BucketLayout(3);
    const percentiles = [50, 90, 99] as const;
    const covered = { 50: 0, 90: 0, 99: 0 };
    const resamples = 1000;
    for (let i = 0; i < resamples; i++) {
      const n = [500, 1000, 2000][i % 3]!;
      const recorder = new LatencyRecorder(3);
      for (let j = 0; j < n; j++) recorder.record(Math.round(Math.exp(mu + sigma * normal())));
      const buckets = CumulativeBuckets.of(recorder.histogram());
      for (const p of percentiles) {
        const truth = layout.highestEquivalentValue(Math.round(Math.exp(mu + sigma * z[p])));
        const ci = percentileInterval(buckets, p)!;
        // A clamped bound stands for "beyond the sample": open on that side.
        if ((ci.loClamped || ci.loNs <= truth) && (ci.hiClamped || truth <= ci.hiNs)) covered[p]++;
      }
    }
    for (const p of percentiles) {
      const rate = covered[p] / resamples;
      expect(rate, `p${p} coverage`).toBeGreaterThanOrEqual(0.93);
      // …and not trivially wide.
      expect(rate, `p${p} coverage`).toBeLessThan(0.995);
    }
  });
});
