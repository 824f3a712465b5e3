import { describe, expect, it } from "vitest";
import { kolmogorovQ, kolmogorovSmirnov } from "../../src/analyses/ks-test.js";
import { CumulativeBuckets } from "../../src/core/buckets.js";
import { LatencyRecorder } from "../../src/core/recorder.js";

function bucketsOf(values: number[], digits: 2 | 3 = 3): CumulativeBuckets {
  const recorder = new LatencyRecorder(digits);
  for (const v of values) recorder.record(v);
  return CumulativeBuckets.of(recorder.histogram());
}

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

describe("kolmogorovQ", () => {
  // Reference: scipy.special.kolmogorov.
  it.each([
    [0.2, 0.999999999999495],
    [0.5, 0.9639452436648751],
    [0.8, 0.5441424115741981],
    [1.0, 0.26999967167735456],
    [1.17, 0.12939004218561884],
    [1.19, 0.11774229287977166],
    [1.36, 0.049485876755377876],
    [2.0, 0.0006709252557796953],
    [3.0, 3.045995948942526e-8],
  ])("Q(%f) = %f", (lambda, q) => {
    expect(kolmogorovQ(lambda)).toBeCloseTo(q, 10);
  });

  it("is 1 at 0", () => expect(kolmogorovQ(0)).toBe(1));
});

describe("kolmogorovSmirnov", () => {
  it("finds no difference between identical samples", () => {
    const r = kolmogorovSmirnov(bucketsOf(range(1, 500)), bucketsOf(range(1, 500)));
    expect(r).toMatchObject({ d: 0, pValue: 1, significant: false, direction: "none" });
  });

  it("gives scipy's D, with ties", () => {
    // scipy.stats.ks_2samp([1,2,2,3,3,3,4,5], [2,3,4,4,5,5,6]).statistic = 0.4642857…, at 3
    const r = kolmogorovSmirnov(bucketsOf([1, 2, 2, 3, 3, 3, 4, 5]), bucketsOf([2, 3, 4, 4, 5, 5, 6]));
    expect(r.d).toBeCloseTo(0.4642857142857143, 12);
    expect(r.atNs).toBe(3);
    expect(r.direction).toBe("slower");
  });

  it("sees a shift of the whole body, and which way", () => {
    const base = range(1000, 1999);
    const slower = kolmogorovSmirnov(bucketsOf(base), bucketsOf(base.map((v) => v + 100)));
    expect(slower.d).toBeCloseTo(0.1, 12);
    // λ = (√500 + 0.12 + 0.11/√500)·0.1 = 2.2488…
    expect(slower.pValue).toBeCloseTo(kolmogorovQ((Math.sqrt(500) + 0.12 + 0.11 / Math.sqrt(500)) * 0.1), 12);
    expect(slower).toMatchObject({ significant: true, direction: "slower", baseCdf: 0.1, candCdf: 0 });
    const faster = kolmogorovSmirnov(bucketsOf(base.map((v) => v + 100)), bucketsOf(base));
    expect(faster.direction).toBe("faster");
  });

  it("does not call a small shift in small samples significant", () => {
    // scipy: ks_2samp(range(1,101), range(11,111)) → D = 0.1, p ≈ 0.70
    const r = kolmogorovSmirnov(bucketsOf(range(1, 100)), bucketsOf(range(11, 110)));
    expect(r.d).toBeCloseTo(0.1, 12);
    expect(r.significant).toBe(false);
    expect(r.pValue).toBeGreaterThan(0.5);
  });

  it("gives small samples their exact p-value: 3 against 3 values wholly apart is 2 orderings of 20", () => {
    const apart = kolmogorovSmirnov(bucketsOf([1, 2, 3]), bucketsOf([4, 5, 6]));
    expect(apart).toMatchObject({ d: 1, significant: false });
    expect(apart.pValue).toBeCloseTo(0.1, 12);
    expect(kolmogorovSmirnov(bucketsOf(range(1, 5)), bucketsOf(range(6, 10))).pValue).toBeCloseTo(2 / 252, 12);
  });

  it("the exact p-value is the share of all orderings of the values whose D is as large (enumerated)", () => {
    // Every way to place 4 base and 5 candidate values among 9 distinct ones: C(9, 4) = 126 orderings.
    const orderings: boolean[][] = [];
    for (let mask = 0; mask < 1 << 9; mask++) {
      const isBase = Array.from({ length: 9 }, (_, k) => ((mask >> k) & 1) === 1);
      if (isBase.filter(Boolean).length === 4) orderings.push(isBase);
    }
    expect(orderings).toHaveLength(126);
    // D·n₁n₂ of an ordering, by walking it.
    const gapOf = (isBase: boolean[]) => {
      let i = 0;
      let j = 0;
      let gap = 0;
      for (const b of isBase) {
        if (b) i++;
        else j++;
        gap = Math.max(gap, Math.abs(i * 5 - j * 4));
      }
      return gap;
    };
    const gaps = orderings.map(gapOf);
    for (const isBase of orderings.filter((_, k) => k % 9 === 0)) {
      const base = isBase.flatMap((b, k) => (b ? [k + 1] : []));
      const cand = isBase.flatMap((b, k) => (b ? [] : [k + 1]));
      const share = gaps.filter((g) => g >= gapOf(isBase)).length / orderings.length;
      expect(kolmogorovSmirnov(bucketsOf(base), bucketsOf(cand)).pValue, isBase.map(Number).join("")).toBeCloseTo(share, 12);
    }
  });

  it("refuses histograms of different precision", () => {
    expect(() => kolmogorovSmirnov(bucketsOf([1], 2), bucketsOf([1], 3))).toThrow(/significant digits/);
  });
});
