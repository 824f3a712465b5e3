import { describe, expect, it } from "vitest";
import { binomialQuantile, inverseNormalCdf, NORMAL_APPROXIMATION_ABOVE } from "../../src/analyses/binomial.js";

/** Brute force: sums every term of the pmf, computed in log space. */
function bruteQuantile(n: number, p: number, q: number): number {
  const logs: number[] = [];
  let logChoose = 0;
  for (let k = 0; k <= n; k++) {
    if (k > 0) logChoose += Math.log(n - k + 1) - Math.log(k);
    logs.push(logChoose + k * Math.log(p) + (n - k) * Math.log1p(-p));
  }
  let cumulative = 0;
  for (let k = 0; k <= n; k++) {
    cumulative += Math.exp(logs[k]!);
    if (cumulative >= q * (1 - 1e-12)) return k;
  }
  return n;
}

describe("binomialQuantile", () => {
  // Reference values from scipy.stats.binom.ppf.
  it.each([
    [20, 0.5, 6, 14],
    [100, 0.5, 40, 60],
    [100, 0.99, 97, 100],
    [100, 0.9, 84, 95],
    [1000, 0.99, 983, 996],
    [2000, 0.9999, 1999, 2000],
    [5000, 0.999, 4990, 4999],
    [4004, 0.5, 1940, 2064],
    [1_000_000, 0.5, 499020, 500980],
    [10_000_000, 0.9999, 9998938, 9999061],
    [1_000_000_000, 0.999999, 999998938, 999999062],
  ])("Bin(%i, %f): 2.5%% → %i, 97.5%% → %i", (n, p, lo, hi) => {
    expect(binomialQuantile(n, p, 0.025)).toBe(lo);
    expect(binomialQuantile(n, p, 0.975)).toBe(hi);
  });

  it("agrees with brute force on the exact side of the threshold", () => {
    for (const n of [1, 2, 7, 30, 250, 999]) {
      for (const p of [0.01, 0.25, 0.5, 0.9, 0.99, 0.999]) {
        for (const q of [0.025, 0.5, 0.975]) expect(binomialQuantile(n, p, q), `n=${n} p=${p} q=${q}`).toBe(bruteQuantile(n, p, q));
      }
    }
  });

  it("stays within one rank of brute force just above the threshold (normal approximation)", () => {
    const n = 4004; // n·p·(1−p) = 1001 at p = 0.5
    expect(n * 0.25).toBeGreaterThan(NORMAL_APPROXIMATION_ABOVE);
    for (const q of [0.025, 0.975]) expect(Math.abs(binomialQuantile(n, 0.5, q) - bruteQuantile(n, 0.5, q))).toBeLessThanOrEqual(1);
  });

  it("handles degenerate p", () => {
    expect(binomialQuantile(10, 0, 0.975)).toBe(0);
    expect(binomialQuantile(10, 1, 0.025)).toBe(10);
    expect(binomialQuantile(0, 0.5, 0.5)).toBe(0);
  });
});

describe("inverseNormalCdf", () => {
  it("gives the familiar z values", () => {
    expect(inverseNormalCdf(0.975)).toBeCloseTo(1.959963985, 8);
    expect(inverseNormalCdf(0.025)).toBeCloseTo(-1.959963985, 8);
    expect(inverseNormalCdf(0.5)).toBeCloseTo(0, 12);
    expect(inverseNormalCdf(0.001)).toBeCloseTo(-3.090232306, 8);
  });
});
