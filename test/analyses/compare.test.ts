import { describe, expect, it } from "vitest";
import { compare, intervalVerdict } from "../../src/analyses/compare.js";
import { summarizeRecorder } from "../../src/analyses/summary.js";
import { createShapedHistogram } from "../../src/core/histogram.js";
import { LatencyRecorder } from "../../src/core/recorder.js";

const interval = (loNs: number, hiNs: number, loClamped = false, hiClamped = false) => ({ loNs, hiNs, loRank: 1, hiRank: 2, loClamped, hiClamped });

describe("intervalVerdict", () => {
  it("needs disjoint intervals", () => {
    expect(intervalVerdict(interval(10, 20), interval(21, 30))).toBe("slower");
    expect(intervalVerdict(interval(21, 30), interval(10, 20))).toBe("faster");
    expect(intervalVerdict(interval(10, 20), interval(20, 30))).toBe("no significant change");
    expect(intervalVerdict(interval(10, 20), interval(15, 16))).toBe("no significant change");
  });

  it("treats a bound beyond the sample as open", () => {
    expect(intervalVerdict(interval(10, 20, false, true), interval(21, 30))).toBe("no significant change");
    expect(intervalVerdict(interval(10, 20), interval(21, 30, true, false))).toBe("no significant change");
    expect(intervalVerdict(interval(21, 30, true, false), interval(10, 20))).toBe("no significant change");
    expect(intervalVerdict(undefined, interval(10, 20))).toBe("no significant change");
  });
});

function recorderOf(values: number[]): LatencyRecorder {
  const recorder = new LatencyRecorder(3);
  for (const v of values) recorder.record(v);
  return recorder;
}

function compareValues(base: number[], cand: number[], labels = ["50", "90", "99"]) {
  const b = recorderOf(base);
  const c = recorderOf(cand);
  return compare(summarizeRecorder(b, labels), b.histogram(), summarizeRecorder(c, labels), c.histogram());
}

/** 1 … 10,000 ms in ns. */
const uniform = Array.from({ length: 10_000 }, (_, i) => (i + 1) * 1e6);

describe("compare", () => {
  it("finds no significant change between identical inputs", () => {
    const result = compareValues(uniform, uniform);
    for (const c of result.changes) {
      expect(c.deltaNs).toBe(0);
      if (c.percentile) expect(c.percentile.verdict).toBe("no significant change");
    }
    expect(result.changes.map((c) => c.name)).toEqual(["min", "mean", "stddev", "p50", "p90", "p99", "max"]);
    expect(result.distribution).toMatchObject({ d: 0, significant: false });
  });

  it("finds a 20% shift of the tail slower at p99 only", () => {
    const shifted = uniform.map((v) => (v > 9_000e6 ? v * 1.2 : v));
    const result = compareValues(uniform, shifted);
    const verdicts = Object.fromEntries(result.changes.filter((c) => c.percentile).map((c) => [c.name, c.percentile!.verdict]));
    expect(verdicts).toEqual({ p50: "no significant change", p90: "no significant change", p99: "slower" });
    const p99 = result.changes.find((c) => c.name === "p99")!;
    expect(p99.deltaPercent).toBeCloseTo(20, 0);
    expect(result.distribution.significant).toBe(true);
    expect(result.distribution.direction).toBe("slower");
  });

  it("finds a faster candidate faster", () => {
    const result = compareValues(uniform, uniform.map((v) => v * 0.8));
    expect(result.changes.filter((c) => c.percentile).every((c) => c.percentile!.verdict === "faster")).toBe(true);
  });

  it("keeps small samples at no significant change, with wide intervals", () => {
    const small = Array.from({ length: 30 }, (_, i) => (i + 1) * 1e6);
    const result = compareValues(small, small.map((v) => v * 1.2));
    for (const c of result.changes.filter((c) => c.percentile)) expect(c.percentile!.verdict).toBe("no significant change");
    const p99 = result.changes.find((c) => c.name === "p99")!.percentile!;
    expect(p99.insufficient).toBe(true);
    expect(p99.base.ci!.hiClamped).toBe(true);
    const p50 = result.changes.find((c) => c.name === "p50")!.percentile!.base.ci!;
    expect((p50.hiNs - p50.loNs) / 15e6).toBeGreaterThan(0.5);
  });

  it("gives no change between percentiles in one bucket, one read as its max and the other as the bucket's top", () => {
    // 12.345 ms lies in the bucket [12.337152, 12.345344) ms at 3 digits; the base's p50 is its max, the candidate's the top.
    const result = compareValues(Array(100).fill(12.345e6), [...Array(60).fill(12.345e6), ...Array(40).fill(20e6)], ["50"]);
    const p50 = result.changes.find((c) => c.name === "p50")!;
    expect(p50.baseNs).toBe(12.345e6);
    expect(p50.candNs).toBeGreaterThan(12.345e6);
    expect(p50.deltaNs).toBe(0);
    expect(p50.deltaPercent).toBe(0);
    const max = result.changes.find((c) => c.name === "max")!;
    expect(max.deltaNs).toBe(20e6 - 12.345e6);
  });

  it("gives no percentage change from a zero base", () => {
    const result = compareValues([0, 0, 0], [1, 1, 1], ["50"]);
    expect(result.changes.find((c) => c.name === "p50")!.deltaPercent).toBeNull();
  });
});

describe("LatencyRecorder.coarsenedTo", () => {
  it("puts every value in the bucket it would have been recorded in at the coarser shape", () => {
    const values = Array.from({ length: 5_000 }, (_, i) => Math.round(1000 * 1.003 ** i));
    const fine = new LatencyRecorder(3);
    const shape = { digits: 2 as const, lowestDiscernibleValue: 1000, highestTrackableValue: 2 };
    const direct = new LatencyRecorder(2);
    // An empty histogram of the coarse shape gives the empty recorder that shape, as an interval log's first one does.
    direct.intervalHistogram(createShapedHistogram(shape));
    for (const v of values) {
      fine.record(v);
      direct.record(v);
    }
    const coarse = fine.coarsenedTo(shape);
    expect(coarse.shape).toMatchObject({ digits: 2, lowestDiscernibleValue: 1000 });
    expect([...coarse.counter.bucketCounts()]).toEqual([...direct.counter.bucketCounts()]);
    expect([coarse.count, coarse.minNs, coarse.maxNs]).toEqual([values.length, values[0], values.at(-1)]);
  });
});
