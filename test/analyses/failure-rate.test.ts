import { describe, expect, it } from "vitest";
import { failureRate } from "../../src/analyses/failure-rate.js";

describe("failureRate", () => {
  it("no failure, or every request failed: the interval's bound is the rate itself, not a rounding away from it", () => {
    for (const requests of [1, 50, 4_000, 1_000_000]) {
      expect(failureRate(0, requests)).toMatchObject({ rate: 0, lo: 0 });
      expect(failureRate(requests, requests)).toMatchObject({ rate: 1, hi: 1 });
    }
    // Wilson's upper bound for 0 of 4,000 at 95% (z = 1.959964): z² / (n + z²) = 0.000959.
    expect(failureRate(0, 4_000).hi).toBeCloseTo(1.959964 ** 2 / (4_000 + 1.959964 ** 2), 8);
  });
});
