import { describe, expect, it } from "vitest";
import { windowMisery } from "../../src/analyses/window-misery.js";
import { BucketLayout } from "../../src/core/histogram.js";
import { WindowRecorder } from "../../src/core/window-recorder.js";
import type { Sample } from "../../src/core/sample.js";

const MS = 1e6;
const S = 1e9;
const T0 = 1_714_557_600 * S; // 2024-05-01T10:00:00Z

function windows(samples: Sample[]): WindowRecorder {
  const recorder = new WindowRecorder(S, new BucketLayout(3));
  for (const s of samples) recorder.sample(s);
  return recorder;
}

const at = (second: number, ms: number, times: number, extra: Partial<Sample> = {}): Sample[] =>
  Array.from({ length: times }, () => ({ startNs: T0 + second * S, latencyNs: ms * MS, ...extra }));

describe("windowMisery", () => {
  // Second 0: 99 fast, 1 slow (max over, p99 not). Second 1: 9 fast, 1 slow (p99 is the slow one). Second 2: fast, one failed.
  const recorder = windows([...at(0, 1, 99), ...at(0.5, 900, 1), ...at(1, 1, 9), ...at(1.2, 900, 1), ...at(2, 1, 4), ...at(2, 1, 1, { ok: false })]);
  const misery = windowMisery(recorder, 500 * MS, true)!;

  it("counts windows whose max and whose p99 were over the threshold", () => {
    expect(misery).toMatchObject({ intervalNs: S, windows: 3, untimed: 0, maxOver: 2, p99Over: 1, withFailed: 1 });
    expect(misery.maxOverPercent).toBeCloseTo(200 / 3, 10);
    expect(misery.p99OverPercent).toBeCloseTo(100 / 3, 10);
  });

  it("names the worst window: highest p99, then max, then earliest", () => {
    const layout = new BucketLayout(3);
    expect(misery.worst).toEqual({ startNs: T0 + S, requests: 10, over: 1, failed: 0, p99Ns: layout.highestEquivalentValue(900 * MS), maxNs: 900 * MS });
    const ties = windowMisery(windows([...at(5, 7, 1), ...at(3, 7, 1)]), 500 * MS, true)!;
    expect(ties.worst.startNs).toBe(T0 + 3 * S);
  });

  it("reads p99 at rank ⌈0.99 n⌉ as HdrHistogram does", () => {
    // 100 requests: rank 99 is the last fast one; 101 requests: rank 100 is the first slow one.
    expect(windowMisery(windows([...at(0, 1, 99), ...at(0, 900, 1)]), 500 * MS, true)!.p99Over).toBe(0);
    expect(windowMisery(windows([...at(0, 1, 99), ...at(0, 900, 2)]), 500 * MS, true)!.p99Over).toBe(1);
  });

  it("is undefined when no request had a start time", () => {
    const recorder = new WindowRecorder(S, new BucketLayout(3));
    recorder.value();
    expect(windowMisery(recorder, 1, true)).toBeUndefined();
  });

  it("counts a window whose only requests failed, without latencies to judge", () => {
    const onlyFailed = windows(at(0, 1, 10));
    onlyFailed.failure({ startNs: T0 + 7 * S, latencyNs: 900 * MS, status: 503 });
    const misery = windowMisery(onlyFailed, 500 * MS, true)!;
    expect(misery).toMatchObject({ windows: 2, maxOver: 0, p99Over: 0, withFailed: 1, withFailedPercent: 50 });
    expect(misery.worst.startNs).toBe(T0);
  });

  it("leaves failures out when the input says nothing about them", () => {
    const unknown = windowMisery(recorder, 500 * MS, false)!;
    expect("withFailed" in unknown).toBe(false);
    expect(unknown.maxOver).toBe(2);
  });
});
