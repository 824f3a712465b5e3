import { describe, expect, it } from "vitest";
import { allowedOver, complementOf, minimumSamples } from "../../src/analyses/percent-arithmetic.js";

describe("percent arithmetic", () => {
  it("is exact where floating point is not", () => {
    expect(minimumSamples("99.9")).toBe(10_000);
    expect(allowedOver(1000, "99.9")).toBe(1);
    expect(20_000 * (1 - 0.99)).not.toBe(200);
    expect(complementOf(20_000, "99")).toBe(200);
    expect(complementOf(1100, "99.9")).toBe(1.1);
    expect(complementOf(3, "50")).toBe(1.5);
  });
});
