import { describe, expect, it } from "vitest";
import { insufficiency, samplesNeeded } from "../../src/analyses/sufficiency.js";

describe("samplesNeeded", () => {
  it("asks for 10 samples beyond the percentile", () => {
    expect(samplesNeeded(0)).toBe(10);
    expect(samplesNeeded(50)).toBe(20);
    expect(samplesNeeded(75)).toBe(40);
    expect(samplesNeeded(90)).toBe(100);
    expect(samplesNeeded(99)).toBe(1_000);
    expect(samplesNeeded(99.9)).toBe(10_000);
    expect(samplesNeeded(99.99)).toBe(100_000);
    expect(samplesNeeded(99.999)).toBe(1_000_000);
    expect(samplesNeeded(99.5)).toBe(2_000);
  });

  it("never counts the max as a measured tail estimate", () => {
    expect(samplesNeeded(100)).toBe(Infinity);
  });

  it("rounds up between whole numbers", () => {
    expect(samplesNeeded(95.5)).toBe(223); // 10 / 0.045 = 222.2…
  });
});

describe("insufficiency", () => {
  it("reports what is needed and what there is, only when short", () => {
    expect(insufficiency(99.99, 2_000)).toEqual({ needed: 100_000, have: 2_000 });
    expect(insufficiency(99, 999)).toEqual({ needed: 1_000, have: 999 });
    expect(insufficiency(99, 1_000)).toBeUndefined();
  });
});
