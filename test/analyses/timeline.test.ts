import { describe, expect, it } from "vitest";
import { buildTimeline } from "../../src/analyses/timeline.js";
import { BucketCounter, BucketLayout } from "../../src/core/histogram.js";
import type { IntervalCounts } from "../../src/core/intervals.js";
import { SparseCounts } from "../../src/core/sparse-counts.js";

const layout = new BucketLayout(3);
const T0 = 1_700_000_000;

function second(k: number, values: number[]): IntervalCounts {
  const counter = new BucketCounter(layout);
  for (const v of values) counter.record(v);
  return { startSec: T0 + k, lengthSec: 1, logStartSec: T0, highestTrackableValue: 2, counts: SparseCounts.of(counter) };
}

const intervals = [second(0, [100]), second(1, [200, 300]), second(2, []), second(3, [400])];

describe("buildTimeline", () => {
  it("gives each interval's count, p50, p90, p99 and max; NaN for an empty one", () => {
    const data = buildTimeline({ startTimeSec: T0, intervalMs: 1000, raw: intervals }, { skipMs: 0, windowMs: undefined });
    expect(data.rows.map((r) => [r.offsetSec, r.raw.count, ...r.raw.percentilesNs, r.raw.maxNs])).toEqual([
      [0, 1, 100, 100, 100, 100],
      [1, 2, 200, 300, 300, 300],
      [2, 0, NaN, NaN, NaN, NaN],
      [3, 1, 400, 400, 400, 400],
    ]);
  });

  it("--skip drops the first windows before anything else", () => {
    const data = buildTimeline({ startTimeSec: T0, intervalMs: 1000, raw: intervals }, { skipMs: 2000, windowMs: 2000 });
    expect(data.rows.map((r) => r.raw.count)).toEqual([0, 1]);
  });

  it("--window sums the intervals ending within the window, as -mwpl (end > this end − window)", () => {
    const data = buildTimeline({ startTimeSec: T0, intervalMs: 1000, raw: intervals }, { skipMs: 0, windowMs: 2000 });
    expect(data.rows.map((r) => [r.raw.count, r.raw.maxNs])).toEqual([
      [1, 100],
      [3, 300],
      [2, 300],
      [1, 400],
    ]);
  });

  it("carries corrected figures row for row", () => {
    const data = buildTimeline(
      { startTimeSec: T0, intervalMs: 1000, raw: intervals, corrected: { label: "corrected at 10ms", intervals: intervals.map((i) => ({ ...i })) } },
      { skipMs: 0, windowMs: undefined },
    );
    expect(data.correctedLabel).toBe("corrected at 10ms");
    expect(data.rows.every((r) => r.corrected?.count === r.raw.count)).toBe(true);
  });
});
