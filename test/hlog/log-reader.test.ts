/** HlogReader: line kinds, rejections with line numbers, and timestamps resolved exactly as Java resolves them. */
import { createReadStream } from "node:fs";
import { createInterface } from "node:readline";
import { afterAll, describe, expect, it } from "vitest";
import { encodeHistogramV2 } from "../../src/hlog/codec.js";
import { type HlogEvent, type HlogInterval, HlogReader } from "../../src/hlog/log-reader.js";
import { readHlogLines } from "../../src/hlog/log-stream.js";
import { histogramOf } from "./support/histograms.js";
import { javaAvailable } from "./support/java.js";
import { encodeLegacyBase64 } from "./support/legacy-encoder.js";
import { javaDumpLog } from "./support/reference.js";
import { bucketsOf } from "./support/stats.js";
import { removeTempFiles, tempFile } from "./support/temp.js";

afterAll(removeTempFiles);

const h1 = histogramOf({ digits: 3, lowest: 1, highest: 3_600_000_000_000, values: [[1_000_000, 5], [2_500_000, 1]] });
const h2 = histogramOf({ digits: 2, lowest: 20000, highest: 3_600_000_000_000, values: [[0, 1], [40_000_000, 2]] });
const V2 = encodeHistogramV2(h1);
const V1 = encodeLegacyBase64(h2, { version: 1, wordSizeInBytes: 2 });
const V0 = encodeLegacyBase64(h2, { version: 0, wordSizeInBytes: 8 });

function readAll(lines: string[]): { events: HlogEvent[]; reader: HlogReader } {
  const reader = new HlogReader();
  return { events: lines.map((line, i) => reader.accept(line, i + 1)), reader };
}

function intervalsOf(events: HlogEvent[]): HlogInterval[] {
  return events.flatMap((event) => (event.kind === "interval" ? [event.interval] : []));
}

describe("HlogReader line kinds", () => {
  it("classifies headers, comments, legends, blanks and intervals of a 1.3 log", () => {
    const { events, reader } = readAll([
      "#[Logged with jHiccup version 2.0.7]",
      "#[Histogram log format version 1.3]",
      "#[StartTime: 1441812279.474 (seconds since epoch), Wed Sep 09 08:24:39 PDT 2015]",
      "#[BaseTime: 1441812279.000 (seconds since epoch)]",
      '"StartTimestamp","Interval_Length","Interval_Max","Interval_Compressed_Histogram"',
      "",
      `0.127,1.007,2.769,${V2}`,
      `Tag=A,1.134,0.999,0.442,${V1}`,
    ]);
    expect(events.map((event) => event.kind)).toEqual([
      "comment",
      "format-version",
      "start-time",
      "base-time",
      "legend",
      "blank",
      "interval",
      "interval",
    ]);
    expect(events[0]).toEqual({ lineNo: 1, kind: "comment", text: "[Logged with jHiccup version 2.0.7]" });
    expect(events[1]).toEqual({ lineNo: 2, kind: "format-version", version: "1.3" });
    expect(events[2]).toEqual({ lineNo: 3, kind: "start-time", startTimeSec: 1441812279.474 });
    expect(events[3]).toEqual({ lineNo: 4, kind: "base-time", baseTimeSec: 1441812279.0 });
    expect(reader.header).toEqual({
      formatVersion: "1.3",
      startTimeSec: 1441812279.474,
      baseTimeSec: 1441812279.0,
      baseTimeSource: "header",
      legend: ["StartTimestamp", "Interval_Length", "Interval_Max", "Interval_Compressed_Histogram"],
    });
    const [untagged, tagged] = intervalsOf(events);
    expect(untagged!.tag).toBeUndefined();
    expect(untagged!.loggedMax).toBe(2.769);
    expect(bucketsOf(untagged!.histogram)).toEqual(bucketsOf(h1));
    expect(tagged!.tag).toBe("A");
    expect(tagged!.histogram.tag).toBe("A");
    expect(bucketsOf(tagged!.histogram)).toEqual(bucketsOf(h2));
  });

  it("reads the second column of a 1.01 log (legend says EndTimestamp) as an interval length, as Java does", () => {
    const { events, reader } = readAll([
      "#[Histogram log format version 1.01]",
      "#[StartTime: 1438869961.225 (seconds since epoch), Thu Aug 06 07:06:01 PDT 2015]",
      '"StartTimestamp","EndTimestamp","Interval_Max","Interval_Compressed_Histogram"',
      `0.116,1.005,3.031,${V0}`,
    ]);
    expect(reader.header.legend?.[1]).toBe("EndTimestamp");
    const [interval] = intervalsOf(events);
    expect(interval!.lengthSec).toBe(1.005);
    const start = 0.116 + 1438869961.225;
    expect(interval!.histogram.endTimeStampMsec).toBe(Math.trunc((start + 1.005) * 1000));
  });

  it("strips a BOM on line 1 and a CR at the end of any line, and allows spaces around fields", () => {
    const { events } = readAll(["\uFEFF#[StartTime: 100.5 (seconds since epoch)]\r", ` Tag=B , 1.5 , 1.0 , 2.0 , ${V2} \r`]);
    expect(events[0]).toMatchObject({ kind: "start-time", startTimeSec: 100.5 });
    expect(intervalsOf(events)[0]).toMatchObject({ tag: "B", lengthSec: 1.0 });
  });

  it("ignores trailing empty fields (a trailing comma)", () => {
    expect(readAll([`1,1,1,${V2},`]).events[0]!.kind).toBe("interval");
  });
});

describe("HlogReader rejections", () => {
  const cases: Array<[line: string, reason: RegExp]> = [
    [`1.0,2.0,${V2}`, /expected start,length,max,histogram but found 3 fields/],
    [`1.0,2.0,3.0,${V2},extra`, /found 5 fields/],
    [`x,1.0,3.0,${V2}`, /start timestamp is not a number: "x"/],
    [`1.0,NaN,3.0,${V2}`, /interval length is not a number: "NaN"/],
    [`1.0,-1,3.0,${V2}`, /interval length is negative/],
    [`-5,1,3.0,${V2}`, /start timestamp is negative/],
    [`1.0,1.0,max,${V2}`, /interval max is not a number/],
    [`1e400,1.0,1.0,${V2}`, /start timestamp is not a number: "1e400"/],
    [`${"9".repeat(60)}x,1.0,1.0,${V2}`, /start timestamp is not a number: "9{60}x"$/],
    // Quoted as every message quotes input: cut at 120 characters, controls escaped.
    [`${"9".repeat(200)}x,1.0,1.0,${V2}`, /start timestamp is not a number: "9{119}…"$/],
    [`\x1b]0;x\x07,1.0,1.0,${V2}`, /start timestamp is not a number: "\\e\]0;x\\u\{7\}"$/],
    [`Tag=,1.0,1.0,1.0,${V2}`, /bad tag ""/],
    [`Tag=A,1.0,1.0,1.0`, /expected Tag=…,start,length,max,histogram but found 3 fields/],
    ["1.0,1.0,1.0,", /found 3 fields|missing histogram/],
    ["1.0,1.0,1.0,HISTFAAAA", /^bad histogram: /],
    [`1.0,1.0,1.0,${V2.slice(0, -8)}`, /^bad histogram: /],
    ["1.0,1.0,1.0,DHISTwAAAAAAAAAA", /^bad histogram: double histograms are not supported$/],
    ["#[StartTime: soon]", /StartTime is not a number: "soon"/],
    ["#[BaseTime: ]", /BaseTime is not a number: ""/],
    ["#[StartTime: -5 (seconds since epoch)]", /StartTime is negative/],
  ];
  for (const [line, reason] of cases) {
    it(`rejects ${JSON.stringify(line.slice(0, 40))}`, () => {
      const reader = new HlogReader();
      const event = reader.accept(line, 42);
      expect(event.kind).toBe("rejected");
      if (event.kind !== "rejected") return;
      expect(event.reason).toMatch(reason);
      expect(event.message).toBe(`line 42: ${event.reason}`);
      expect(event.message).not.toContain("\n");
    });
  }

  it("keeps reading after a rejected line", () => {
    const { events } = readAll(["garbage", `1,1,1,${V2}`]);
    expect(events.map((event) => event.kind)).toEqual(["rejected", "interval"]);
  });
});

describe("HlogReader timestamps (Java HistogramLogReader rules)", () => {
  it("relative timestamps: more than a year before StartTime → base time = StartTime", () => {
    const { events, reader } = readAll(["#[StartTime: 1441812279.474 (seconds since epoch)]", `0.127,1.007,2.769,${V2}`]);
    const [interval] = intervalsOf(events);
    expect(reader.header).toMatchObject({ baseTimeSec: 1441812279.474, baseTimeSource: "relative" });
    expect(interval!.startSec).toBe(0.127 + 1441812279.474);
    expect(interval!.offsetSec).toBe(0.127 + 1441812279.474 - 1441812279.474);
    expect(interval!.histogram.startTimeStampMsec).toBe(Math.trunc((0.127 + 1441812279.474) * 1000));
    expect(interval!.histogram.endTimeStampMsec).toBe(Math.trunc((0.127 + 1441812279.474 + 1.007) * 1000));
  });

  it("absolute timestamps (YCSB): within a year of StartTime → base time 0, offsets may be negative", () => {
    const { events, reader } = readAll([
      "#[StartTime: 1438613579.295 (seconds since epoch)]",
      `1438613579.290,0.660,0.488,${V1}`,
    ]);
    expect(reader.header).toMatchObject({ baseTimeSec: 0, baseTimeSource: "absolute" });
    const [interval] = intervalsOf(events);
    expect(interval!.startSec).toBe(1438613579.29);
    expect(interval!.offsetSec).toBeCloseTo(-0.005, 6);
  });

  it("without StartTime the first timestamp becomes the start time (small relative timestamps count as absolute)", () => {
    const { events, reader } = readAll([`0.5,1,1,${V2}`, `1.5,1,1,${V2}`]);
    expect(reader.header).toMatchObject({ startTimeSec: 0.5, baseTimeSec: 0, baseTimeSource: "absolute" });
    expect(intervalsOf(events).map((interval) => [interval.startSec, interval.offsetSec])).toEqual([
      [0.5, 0],
      [1.5, 1],
    ]);
  });

  it("decides the base time once, at the first interval line, even when that line's histogram is bad", () => {
    const { events, reader } = readAll([
      "#[StartTime: 1000000000 (seconds since epoch)]",
      "5,1,1,HISTFnotvalid",
      `1000000005,1,1,${V2}`,
    ]);
    expect(events[1]!.kind).toBe("rejected");
    expect(reader.header.baseTimeSource).toBe("relative");
    // The absolute-looking timestamp is still offset by the base time decided at line 2.
    expect(intervalsOf(events)[0]!.startSec).toBe(2000000005);
  });
});

describe("HlogReader reusing histograms", () => {
  it("gives each interval its own counts, tag and times while it is the latest line", () => {
    const reader = new HlogReader({ reuseHistograms: true });
    const h3 = histogramOf({ digits: 3, lowest: 1, highest: 3_600_000_000_000, values: [[7, 1]] });
    const lines = ["#[StartTime: 1441812279.000 (seconds since epoch)]", `Tag=A,0.5,1.0,2.5,${V2}`, `1.5,1.0,0.1,${encodeHistogramV2(h3)}`, `Tag=B,2.5,1.0,2.5,${V2}`];
    // Relative timestamps (more than a year before StartTime). Read while each is the latest line: the next line of the same shape refills the same histogram.
    const seen = lines.flatMap((line, i) => {
      const event = reader.accept(line, i + 1);
      if (event.kind !== "interval") return [];
      const { histogram } = event.interval;
      return [{ tag: histogram.tag, start: histogram.startTimeStampMsec, end: histogram.endTimeStampMsec, total: histogram.totalCount, buckets: bucketsOf(histogram) }];
    });
    expect(seen).toEqual([
      { tag: "A", start: 1_441_812_279_500, end: 1_441_812_280_500, total: 6, buckets: bucketsOf(h1) },
      { tag: h3.tag, start: 1_441_812_280_500, end: 1_441_812_281_500, total: 1, buckets: bucketsOf(h3) },
      { tag: "B", start: 1_441_812_281_500, end: 1_441_812_282_500, total: 6, buckets: bucketsOf(h1) },
    ]);
  });
});

/** Writes a log and compares our time stamps, tags and counts per interval with Java's HistogramLogReader. */
function expectSameAsJava(name: string, lines: string[]): void {
  const file = tempFile(`${name}.hlog`, lines.join("\n") + "\n");
  const { events, reader } = readAll(lines);
  expect(events.filter((event) => event.kind === "rejected")).toEqual([]);
  const java = javaDumpLog(file);
  expect(java.error).toBeUndefined();
  const ours = intervalsOf(events).map((interval) => ({
    tag: interval.tag,
    start: interval.histogram.startTimeStampMsec,
    end: interval.histogram.endTimeStampMsec,
    buckets: bucketsOf(interval.histogram),
  }));
  const theirs = java.intervals.map((interval) => ({
    tag: interval.tag,
    start: interval.startTimeStampMs,
    end: interval.endTimeStampMs,
    buckets: interval.buckets,
  }));
  expect(ours).toEqual(theirs);
  expect(reader.header.startTimeSec).toBe(java.startTimeSec);
}

describe.skipIf(!javaAvailable)("HlogReader timestamps vs Java, on synthetic logs", () => {
  const legend = '"StartTimestamp","Interval_Length","Interval_Max","Interval_Compressed_Histogram"';
  const T = 60_000;

  it("relative timestamps with StartTime", { timeout: T }, () => {
    expectSameAsJava("relative", ["#[StartTime: 1441812279.474 (seconds since epoch), x]", legend,
      `0.127,1.007,2.769,${V2}`, `Tag=A,1.134,0.999,0.442,${V1}`, `2.133,1.001,0.426,${V0}`]);
  });

  it("BaseTime and StartTime both given", { timeout: T }, () => {
    expectSameAsJava("basetime", ["#[StartTime: 1441812280.000 (seconds since epoch)]",
      "#[BaseTime: 1441812279.474 (seconds since epoch)]", legend, `0.127,1.007,2.769,${V2}`, `1.134,0.999,0.442,${V1}`]);
  });

  it("BaseTime without StartTime", { timeout: T }, () => {
    expectSameAsJava("basetime-only", ["#[BaseTime: 1441812279.474 (seconds since epoch)]", legend,
      `0.127,1.007,2.769,${V2}`, `1.134,0.999,0.442,${V1}`]);
  });

  it("no StartTime, small timestamps", { timeout: T }, () => {
    expectSameAsJava("no-start", [legend, `0.127,1.007,2.769,${V2}`, `1.134,0.999,0.442,${V1}`]);
  });

  it("absolute timestamps, one before StartTime", { timeout: T }, () => {
    expectSameAsJava("absolute", ["#[StartTime: 1438613579.295 (seconds since epoch)]", legend,
      `1438613579.290,0.660,0.488,${V1}`, `1438613580.290,1.000,0.488,${V2}`]);
  });

  it("a StartTime line after the first interval", { timeout: T }, () => {
    expectSameAsJava("late-start", [legend, `1441812279.601,1.007,2.769,${V2}`,
      "#[StartTime: 1441812279.474 (seconds since epoch)]", `1441812280.608,0.999,0.442,${V1}`]);
  });
});

describe("readHlogLines", () => {
  it("streams a file through readline, numbering lines from 1", async () => {
    const file = tempFile("stream.hlog", `#[StartTime: 1441812279.474 (seconds since epoch)]\r\n0.127,1.007,2.769,${V2}\r\nbad\r\n`);
    const events: HlogEvent[] = [];
    for await (const event of readHlogLines(createInterface({ input: createReadStream(file), crlfDelay: Infinity }))) {
      events.push(event);
    }
    expect(events.map((event) => [event.lineNo, event.kind])).toEqual([
      [1, "start-time"],
      [2, "interval"],
      [3, "rejected"],
    ]);
  });

  it("accepts a plain iterable of lines", async () => {
    const events: HlogEvent[] = [];
    for await (const event of readHlogLines(["", `1,1,1,${V2}`])) events.push(event);
    expect(events.map((event) => event.kind)).toEqual(["blank", "interval"]);
  });
});
