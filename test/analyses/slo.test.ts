import { describe, expect, it } from "vitest";
import { parseBudgets, type SloBudget } from "../../src/analyses/budget-grammar.js";
import { sloView } from "../../src/analyses/slo.js";
import { BucketLayout } from "../../src/core/histogram.js";
import { LatencyRecorder } from "../../src/core/recorder.js";
import { WindowRecorder } from "../../src/core/window-recorder.js";

const MS = 1e6;
const S = 1e9;
const slo = (text: string) => parseBudgets(text)[0] as SloBudget;

/** Requests of `ms` started in second `second`, into both a recorder and the windows. */
function record(raw: LatencyRecorder, windows: WindowRecorder, second: number, ms: number, times: number): void {
  for (let i = 0; i < times; i++) {
    raw.record(ms * MS);
    windows.sample({ startNs: second * S, latencyNs: ms * MS });
  }
}

/** An input that says nothing about failures. */
const UNKNOWN = { errors: "unknown", leftOut: 0 } as const;

describe("sloView", () => {
  const raw = new LatencyRecorder(3);
  const windows = new WindowRecorder(S, new BucketLayout(3));
  record(raw, windows, 0, 100, 490);
  record(raw, windows, 0, 600, 10); // 2% bad: 2× the 1% allowed
  record(raw, windows, 1, 100, 499);
  record(raw, windows, 1, 600, 1); // 0.2%: 0.2×
  record(raw, windows, 2, 100, 99);
  record(raw, windows, 2, 600, 1); // 1%: exactly 1×, not burning
  const view = sloView(slo("99% < 500ms"), 5, UNKNOWN, raw, undefined, windows);

  it("gives the SLI, the error budget and how much of it was used", () => {
    expect(view).toMatchObject({ objective: "99% < 500ms", targetPercent: 99, thresholdNs: 500 * MS, minimumSamples: 1000 });
    expect(view.raw).toEqual({ requests: 1100, good: 1088, bad: 12, sliPercent: (1088 * 100) / 1100, errorBudget: 11, budgetUsedPercent: (12 * 100) / 11, missed: true });
  });

  it("gives each window's burn rate exactly, and flags those over 1×", () => {
    expect(view.windows!.burnRates).toEqual([
      { startNs: 0, requests: 500, bad: 10, burnRate: 2 },
      { startNs: S, requests: 500, bad: 1, burnRate: 0.2 },
      { startNs: 2 * S, requests: 100, bad: 1, burnRate: 1 },
    ]);
    expect(view.windows!.burning).toBe(1);
    expect(view.windows!.fastest.map((w) => w.startNs)).toEqual([0]);
  });

  it("has no burn rate for a window whose only requests failed, unless failures count as bad", () => {
    const failedOnly = new WindowRecorder(S, new BucketLayout(3));
    failedOnly.sample({ startNs: 0, latencyNs: 100 * MS });
    failedOnly.failure({ startNs: S, latencyNs: 100 * MS, status: 500 });
    expect(sloView(slo("99% < 500ms"), 5, { errors: "excluded", leftOut: 1 }, raw, undefined, failedOnly).windows!.burnRates.map((w) => w.startNs)).toEqual([0]);
    // Counted as bad events, the failed request makes its window burn: 1 bad of 1 where 1% may be.
    expect(sloView(slo("99% < 500ms"), 5, { errors: "bad", leftOut: 1 }, raw, undefined, failedOnly).windows!.burnRates[1]).toEqual({ startNs: S, requests: 1, bad: 1, burnRate: 100 });
  });

  it("uses the exact fraction of targets like 99.9%", () => {
    const strict = sloView(slo("99.9% < 500ms"), 5, UNKNOWN, raw);
    expect(strict.raw.errorBudget).toBe(1.1);
    expect(strict.windows).toBeUndefined();
  });

  it("adds the corrected figures' standing", () => {
    const corrected = new LatencyRecorder(3);
    corrected.add(raw);
    corrected.record(700 * MS);
    expect(sloView(slo("99% < 500ms"), 5, UNKNOWN, raw, corrected).corrected).toMatchObject({ requests: 1101, bad: 13 });
  });
});
