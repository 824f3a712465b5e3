import { describe, expect, it } from "vitest";
import { detectOmission } from "../../src/analyses/co-detect.js";

const ms = 1e6;
/** One sender named `key`, every `intervalMs`, waiting for each response; the request at `stallAt` takes `stallMs`. */
function steady(key: string, count: number, intervalMs: number, latencyMs: number, stallAt?: number, stallMs = 0) {
  const starts: number[] = [];
  const latencies: number[] = [];
  let t = 0;
  for (let i = 0; i < count; i++) {
    starts.push(1.7e18 + t * ms);
    const latency = i === stallAt ? stallMs : latencyMs;
    latencies.push(latency * ms);
    t += Math.max(intervalMs, latency);
  }
  return { key, startsNs: Float64Array.from(starts), latenciesNs: Float64Array.from(latencies) };
}

describe("detectOmission with a sender column", () => {
  it("finds nothing in a sender that kept its schedule", () => {
    const found = detectOmission([steady("c1", 1000, 10, 2)], 3)!;
    expect(found.verdict).toEqual({ loop: "closed", evidence: { kind: "sender-column", senders: 1, overlapping: 0 } });
    expect(found).toMatchObject({ expectedIntervalNs: 10 * ms, stalls: 0, omittedEstimate: 0 });
    expect(found.backfilled!.syntheticCount).toBe(0);
  });

  it("finds a stall, its length and the requests it hid", () => {
    const found = detectOmission([steady("c1", 1000, 10, 2, 500, 2000)], 3)!;
    expect(found).toMatchObject({ stalls: 1, longestStallNs: 2000 * ms, omittedEstimate: 199 });
    // Back-fill of the 2 s response at 10 ms: 199 synthetic values.
    expect(found.backfilled!.syntheticCount).toBe(199);
  });

  it("infers an interval per sender and reports their median", () => {
    const found = detectOmission([steady("a", 100, 10, 1), steady("b", 100, 30, 1), steady("c", 100, 20, 1)], 3)!;
    expect(found).toMatchObject({ senders: 3, expectedIntervalNs: 20 * ms });
  });

  it("a sender with one request is recorded, not back-filled", () => {
    const found = detectOmission([steady("a", 100, 10, 1), steady("b", 1, 10, 500)], 3)!;
    expect(found.backfilled!.count).toBe(101);
    expect(found.backfilled!.syntheticCount).toBe(0);
  });

  it("a sender whose requests overlap does not wait for responses: an open loop, nothing omitted", () => {
    // Every 10 ms whatever the responses, each 25 ms: the next request always starts before the last one ended.
    const starts = Float64Array.from({ length: 200 }, (_, i) => 1.7e18 + i * 10 * ms);
    const found = detectOmission([{ key: "client", startsNs: starts, latenciesNs: new Float64Array(200).fill(25 * ms) }], 3)!;
    expect(found.verdict).toEqual({ loop: "open", evidence: { kind: "sender-overlap", overlapping: 199, requests: 200 } });
    expect(found).toMatchObject({ stalls: 0, omittedEstimate: 0 });
    expect(found.backfilled).toBeUndefined();
  });

  it("needs a start time", () => {
    expect(detectOmission([{ key: "", startsNs: new Float64Array(0), latenciesNs: new Float64Array(0) }], 3)).toBeUndefined();
  });
});
