import { describe, expect, it } from "vitest";
import { detectOmission } from "../../src/analyses/co-detect.js";

const ms = 1e6;
function steady(count: number, intervalMs: number, latencyMs: number, stallAt?: number, stallMs = 0) {
  const starts: number[] = [];
  const latencies: number[] = [];
  let t = 0;
  for (let i = 0; i < count; i++) {
    starts.push(t * ms);
    const latency = i === stallAt ? stallMs : latencyMs;
    latencies.push(latency * ms);
    t += Math.max(intervalMs, latency);
  }
  return { key: "", startsNs: Float64Array.from(starts), latenciesNs: Float64Array.from(latencies) };
}

describe("detectOmission", () => {
  it("finds nothing in a sender that kept its schedule", () => {
    const found = detectOmission([steady(1000, 10, 2)], 3)!;
    expect(found.expectedIntervalNs).toBe(10 * ms);
    expect(found.stalls).toBe(0);
    expect(found.omittedEstimate).toBe(0);
    expect(found.backfilled.syntheticCount).toBe(0);
  });

  it("finds a stall, its length and the requests it hid", () => {
    const found = detectOmission([steady(1000, 10, 2, 500, 2000)], 3)!;
    expect(found.stalls).toBe(1);
    expect(found.longestStallNs).toBe(2000 * ms);
    expect(found.omittedEstimate).toBe(199);
    // Back-fill of the 2 s response at 10 ms: 199 synthetic values.
    expect(found.backfilled.syntheticCount).toBe(199);
  });

  it("infers an interval per key and reports their median", () => {
    const found = detectOmission([steady(100, 10, 1), steady(100, 30, 1), steady(100, 20, 1)], 3)!;
    expect(found.expectedIntervalNs).toBe(20 * ms);
  });

  it("needs two start times", () => {
    expect(detectOmission([steady(1, 10, 1)], 3)).toBeUndefined();
  });
});
