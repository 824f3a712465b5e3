import { describe, expect, it } from "vitest";
import { BucketCounter, BucketLayout } from "../../src/core/histogram.js";
import type { IntervalCounts } from "../../src/core/intervals.js";
import { SparseCounts } from "../../src/core/sparse-counts.js";
import { HlogReader } from "../../src/hlog/log-reader.js";
import { renderHlog } from "../../src/render/hlog.js";
import { sparkline } from "../../src/render/sparkline.js";

function interval(startSec: number, layout: BucketLayout, values: number[], tag?: string): IntervalCounts {
  const counter = new BucketCounter(layout);
  for (const v of values) counter.record(v);
  return { startSec, lengthSec: 1, logStartSec: 1700000000, highestTrackableValue: 3.6e12, counts: SparseCounts.of(counter), ...(tag ? { tag } : {}) };
}

describe("renderHlog", () => {
  const jhiccup = new BucketLayout(2, 20000);
  const text = renderHlog({
    comment: "Logged with a test",
    startTimeSec: 1700000000.123,
    intervals: [interval(1700000000.123, jhiccup, [5e5, 2.5e6]), interval(1700000001.123, jhiccup, [], "db")],
  });

  it("writes a version 1.3 log as HistogramLogWriter lays it out", () => {
    expect(text.split("\n").slice(0, 5)).toEqual([
      "#[Logged with a test]",
      "#[Histogram log format version 1.3]",
      "#[StartTime: 1700000000.123 (seconds since epoch), Tue Nov 14 22:13:20 UTC 2023]",
      "#[BaseTime: 1700000000.123 (seconds since epoch)]",
      '"StartTimestamp","Interval_Length","Interval_Max","Interval_Compressed_Histogram"',
    ]);
    // Interval_Max is the max's highest equivalent value in ms; an empty histogram's is Java's unit mask (16383 ns).
    expect(text.split("\n")[5]).toMatch(/^0\.000,1\.000,2\.507,HISTF/);
    expect(text.split("\n")[6]).toMatch(/^Tag=db,1\.000,1\.000,0\.016,HISTF/);
  });

  it("reads back with the same times, tags, shapes and counts", () => {
    const reader = new HlogReader();
    const intervals = text
      .trimEnd()
      .split("\n")
      .map((line, i) => reader.accept(line, i + 1))
      .flatMap((event) => (event.kind === "interval" ? [event.interval] : []));
    expect(intervals.map((i) => [i.offsetSec, i.tag, i.histogram.numberOfSignificantValueDigits, i.histogram.lowestDiscernibleValue, i.histogram.totalCount])).toEqual([
      [0, undefined, 2, 20000, 2],
      [1, "db", 2, 20000, 0],
    ]);
  });
});

describe("sparkline", () => {
  it("scales from the smallest to the largest value, with a space for no data", () => {
    expect(sparkline([1, 8, NaN, 4.5])).toBe("▁█ ▅");
    expect(sparkline([3, 3])).toBe("▁▁");
  });
});
