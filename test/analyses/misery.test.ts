import { describe, expect, it } from "vitest";
import { requestMisery } from "../../src/analyses/misery.js";
import { percentOf } from "../../src/analyses/percent-arithmetic.js";
import { LatencyRecorder } from "../../src/core/recorder.js";

const MS = 1e6;
const NONE = { failed: 0, leftOut: 0 };

function recorder(valuesMs: [number, number][]): LatencyRecorder {
  const r = new LatencyRecorder(3);
  for (const [ms, times] of valuesMs) for (let i = 0; i < times; i++) r.record(ms * MS);
  return r;
}

describe("requestMisery", () => {
  const raw = recorder([
    [1, 90],
    [600, 10],
  ]);

  it("counts requests over the threshold and failed ones, with their shares", () => {
    expect(requestMisery(raw, { failed: 5, leftOut: 0 }, { thresholdNs: 500 * MS, failuresKnown: true })).toEqual({ requests: 100, over: 10, overPercent: 10, failed: 5, failedPercent: 5 });
  });

  it("shares failures among all requests, those left out of the histogram included", () => {
    // 100 recorded (2 of them failed) and 25 failed ones left out: 27 of 125.
    expect(requestMisery(raw, { failed: 27, leftOut: 25 }, { thresholdNs: 500 * MS, failuresKnown: true })).toMatchObject({ requests: 100, failed: 27, failedPercent: 21.6 });
  });

  it("leaves failures out when the input says nothing about them", () => {
    expect(requestMisery(raw, NONE, { thresholdNs: 500 * MS, failuresKnown: false })).toEqual({ requests: 100, over: 10, overPercent: 10 });
  });

  it("counts a request at the threshold as over it (count-below's rule)", () => {
    expect(requestMisery(raw, NONE, { thresholdNs: 600 * MS, failuresKnown: false }).over).toBe(10);
    expect(requestMisery(raw, NONE, { thresholdNs: 601 * MS, failuresKnown: false }).over).toBe(0);
  });

  it("estimates the chance that a session of k requests meets one over, assuming independence", () => {
    const chances = requestMisery(raw, NONE, { thresholdNs: 500 * MS, failuresKnown: false, sessionSizes: [1, 10, 100] }).sessionChance!;
    expect(chances.map((c) => c.requests)).toEqual([1, 10, 100]);
    expect(chances[0]!.percent).toBeCloseTo(10, 10);
    expect(chances[1]!.percent).toBeCloseTo((1 - 0.9 ** 10) * 100, 10); // 65.13%
    expect(chances[2]!.percent).toBeCloseTo((1 - 0.9 ** 100) * 100, 10); // 99.997%
  });

  it("counts the corrected figures' requests, synthetic ones included", () => {
    const corrected = recorder([
      [1, 90],
      [600, 10],
      [550, 10],
      [100, 10],
    ]);
    expect(requestMisery(raw, NONE, { thresholdNs: 500 * MS, failuresKnown: false }, corrected).corrected).toEqual({ requests: 120, over: 20, overPercent: (20 * 100) / 120 });
  });

  it("is all zero for no requests", () => {
    expect(requestMisery(new LatencyRecorder(3), NONE, { thresholdNs: 1, failuresKnown: true, sessionSizes: [10] })).toEqual({
      requests: 0,
      over: 0,
      overPercent: 0,
      failed: 0,
      failedPercent: 0,
      sessionChance: [{ requests: 10, percent: 0 }],
    });
    expect(percentOf(3, 0)).toBe(0);
  });
});
