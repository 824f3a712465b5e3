import { describe, expect, it } from "vitest";
import { sampleTimeline } from "../../src/analyses/sample-timeline.js";
import { BucketLayout } from "../../src/core/histogram.js";
import { TimedSamples } from "../../src/core/timed-samples.js";
import { noticeText } from "../../src/render/notices.js";

const layout = new BucketLayout(3);
// 2023-11-14T22:13:25Z: 5 s into a 10 s window of the epoch grid.
const T0_NS = 1_700_000_005e9;

// Latencies under 2,048 ns, which 3-digit histograms hold exactly.
function timedSamples(samples: [offsetSec: number, latencyNs: number][], limit?: number): TimedSamples {
  const timed = new TimedSamples(false, limit);
  for (const [offsetSec, latencyNs] of samples) timed.sample({ startNs: T0_NS + offsetSec * 1e9, latencyNs });
  return timed;
}

describe("sampleTimeline", () => {
  it("puts samples in 10 s windows of the epoch grid, as latstat timeline does, empty windows kept", () => {
    const { data, notes } = sampleTimeline(timedSamples([[0, 500], [4, 700], [6, 900], [26, 1000]]), layout);
    expect(notes).toEqual([]);
    expect(data!.startTimeSec).toBe(1_700_000_000);
    expect(data!.intervalMs).toBe(10_000);
    expect(data!.rows.map((r) => [r.offsetSec, r.raw.count, r.raw.maxNs])).toEqual([
      [0, 2, 700],
      [10, 1, 900],
      [20, 0, NaN],
      [30, 1, 1000],
    ]);
  });

  it("draws nothing without start times, and says when some samples had none", () => {
    const none = new TimedSamples();
    none.value();
    expect(sampleTimeline(none, layout)).toEqual({ notes: [] });
    const some = timedSamples([[0, 5]]);
    some.value();
    expect(sampleTimeline(some, layout).notes.map(noticeText)).toEqual(["--html: 1 sample without a start time is left out of the latency-over-time chart"]);
  });

  it("draws nothing, and says why, past the start times it can keep or a span too long to window", () => {
    expect(sampleTimeline(timedSamples([[0, 5], [1, 5]], 1), layout)).toEqual({ notes: [{ kind: "chart-too-many-starts", limit: 1 }] });
    expect(noticeText({ kind: "chart-too-many-starts", limit: 1 })).toBe("--html: more than 1 requests have start times: no latency-over-time chart");
    const stray = sampleTimeline(timedSamples([[0, 5], [-1_700_000_000, 5]]), layout);
    expect(stray.data).toBeUndefined();
    expect(noticeText(stray.notes[0]!)).toMatch(/^--html: the start times span more than 1,000,000 windows of 10s/);
  });
});
