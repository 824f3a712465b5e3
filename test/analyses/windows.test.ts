import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { buildTimeLine } from "../../src/analyses/log-intervals.js";
import { alignIntervals, MAX_WINDOWS, windowSamples } from "../../src/analyses/windows.js";
import { BucketCounter, BucketLayout } from "../../src/core/histogram.js";
import type { IntervalCounts } from "../../src/core/intervals.js";
import { LatencyRecorder } from "../../src/core/recorder.js";
import { SparseCounts } from "../../src/core/sparse-counts.js";
import { noticeText } from "../../src/render/notices.js";
import { problemLine } from "../helpers/problems.js";

const layout = new BucketLayout(3);
const T0 = 1_700_000_000; // seconds since the epoch, a whole multiple of every window length used here
const timed = (pairs: [number, number][]) => ({ startsNs: Float64Array.from(pairs, ([s]) => s * 1e9), valuesNs: Float64Array.from(pairs, ([, v]) => v) });
const totals = (intervals: IntervalCounts[]) => intervals.map((i) => i.counts.total);

function interval(startSec: number, values: number[], tag?: string, lengthSec = 1): IntervalCounts {
  const counter = new BucketCounter(layout);
  for (const v of values) counter.record(v);
  return { startSec, lengthSec, logStartSec: T0, highestTrackableValue: 2, counts: SparseCounts.of(counter), ...(tag ? { tag } : {}) };
}

describe("windowSamples", () => {
  it("puts each sample in the window it started in, keeping empty windows between", () => {
    const windows = windowSamples([timed([[T0 + 0.5, 10], [T0 + 2.2, 20], [T0 + 0.9, 30]])], { originSec: T0, lengthMs: 1000 }, { layout });
    expect(windows.map((w) => w.startSec - T0)).toEqual([0, 1, 2]);
    expect(totals(windows)).toEqual([2, 0, 1]);
  });

  it("back-fills at record time when asked", () => {
    const [window] = windowSamples([timed([[T0, 100]])], { originSec: T0, lengthMs: 1000 }, { layout, backfillIntervalNs: 10 });
    expect(window!.counts.total).toBe(10);
  });

  it("refuses a span of more than MAX_WINDOWS windows", () => {
    expect(problemLine(() => windowSamples([timed([[0, 1], [T0, 1]])], { originSec: 0, lengthMs: 1000 }, { layout }))).toMatch(`at most ${MAX_WINDOWS.toLocaleString("en-US")}`);
  });
});

describe("alignIntervals", () => {
  it("adds the histograms that start in one window and tag, untagged first, never losing a count", () => {
    const aligned = alignIntervals(
      [interval(T0 + 0.1, [1, 2]), interval(T0 + 0.6, [3]), interval(T0 + 0.2, [4], "db"), interval(T0 + 1.05, [5, 6, 7])],
      { originSec: T0, lengthMs: 1000 },
    );
    expect(aligned.map((i) => [i.startSec - T0, i.tag, i.counts.total])).toEqual([
      [0, undefined, 3],
      [0, "db", 1],
      [1, undefined, 3],
    ]);
  });

  it("is exact: any split of samples into shards, windowed apart and aligned, gives the windows of the whole", () => {
    const sample = fc.tuple(fc.integer({ min: 0, max: 59_999 }), fc.integer({ min: 0, max: 1e9 }), fc.integer({ min: 0, max: 3 }));
    fc.assert(
      fc.property(fc.array(sample, { minLength: 1, maxLength: 200 }), (samples) => {
        const grid = { originSec: T0, lengthMs: 5000 };
        const all = windowSamples([timed(samples.map(([ms, v]) => [T0 + ms / 1000, v]))], grid, { layout });
        const shards = [0, 1, 2, 3].flatMap((s) => {
          const mine = samples.filter(([, , shard]) => shard === s);
          return mine.length === 0 ? [] : windowSamples([timed(mine.map(([ms, v]) => [T0 + ms / 1000, v]))], grid, { layout });
        });
        const merged = alignIntervals(shards, grid).filter((i) => i.counts.total > 0);
        const nonEmpty = all.filter((i) => i.counts.total > 0);
        expect(merged.map((i) => [i.startSec, [...i.counts.indices], [...i.counts.counts]])).toEqual(
          nonEmpty.map((i) => [i.startSec, [...i.counts.indices], [...i.counts.counts]]),
        );
      }),
      { numRuns: 50 },
    );
  });
});

describe("buildTimeLine", () => {
  const raw = new LatencyRecorder(3);
  raw.values(Float64Array.of(5, 6), 2);

  it("keeps one log's own intervals when no window length is asked for", () => {
    const logIntervals = [interval(T0 + 0.127, [1]), interval(T0 + 1.134, [2])];
    const line = buildTimeLine({ logIntervals, logs: 1, timed: [], untimed: 0, raw }, { intervalMs: undefined, defaultMs: 1000, layout });
    expect(line).toMatchObject({ startTimeSec: T0, intervalMs: undefined, notes: [] });
    expect(line.intervals).toEqual(logIntervals);
  });

  it("aligns several logs on an epoch-aligned grid of their median interval length, and says so", () => {
    const logIntervals = [interval(T0 + 0.127, [1]), interval(T0 + 1.134, [2]), { ...interval(T0 + 0.6, [3]), logStartSec: T0 + 0.5 }];
    const line = buildTimeLine({ logIntervals, logs: 2, timed: [], untimed: 0, raw }, { intervalMs: undefined, defaultMs: 10_000, layout });
    expect(line.startTimeSec).toBe(T0);
    expect(totals(line.intervals)).toEqual([2, 1]);
    expect(line.notes.map(noticeText)).toEqual(["intervals of 1 s (the logs' median interval length; --interval to change)"]);
  });

  it("warns when intervals much longer than the windows are each put whole into one (not for a jHiccup 1.003 s in 1 s)", () => {
    const logIntervals = [interval(T0, [1], undefined, 7), interval(T0 + 7, [2], undefined, 7), interval(T0 + 10, [3], undefined, 10), interval(T0 + 20, [4], undefined, 1.003)];
    const line = buildTimeLine({ logIntervals, logs: 2, timed: [], untimed: 0, raw }, { intervalMs: 1000, defaultMs: 1000, layout });
    expect(totals(line.intervals).reduce((a, b) => a + b)).toBe(4);
    expect(line.notes.map(noticeText)).toEqual([
      "warning: 3 intervals of 7–10 s are longer than the windows of 1 s: each is put whole into the window it starts in, so the counts per window are not those of that window's time (totals stay exact; --interval 10s or longer avoids it)",
    ]);
    expect(buildTimeLine({ logIntervals, logs: 2, timed: [], untimed: 0, raw }, { intervalMs: 10_000, defaultMs: 1000, layout }).notes).toEqual([]);
  });

  it("makes one interval at time 0 of inputs without start times, and says so", () => {
    const line = buildTimeLine({ logIntervals: [], logs: 0, timed: [], untimed: 2, raw }, { intervalMs: 1000, defaultMs: 1000, layout });
    expect(line.startTimeSec).toBe(0);
    expect(totals(line.intervals)).toEqual([2]);
    expect(line.notes.map(noticeText)).toEqual(["no start times in the input: one interval spanning all of it, at time 0"]);
  });

  it("leaves samples without start times out of a time line that has some, and says how many", () => {
    const line = buildTimeLine({ logIntervals: [], logs: 0, timed: [timed([[T0 + 3.5, 7]])], untimed: 4, raw }, { intervalMs: undefined, defaultMs: 1000, layout });
    expect(line).toMatchObject({ startTimeSec: T0 + 3, intervalMs: 1000, notes: [{ kind: "intervals-untimed", count: 4 }] });
    expect(line.notes.map(noticeText)).toEqual(["4 samples without a start time are left out of the intervals"]);
  });
});
