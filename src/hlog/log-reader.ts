/**
 * A streaming reader of HdrHistogram interval logs: fed one line at a time, it returns what the line was and,
 * for interval lines, the decoded histogram with its time range — resolving timestamps exactly as Java's
 * `HistogramLogReader` (2.1.11) does:
 *
 * - `#[StartTime: s]` sets the log's start time; `#[BaseTime: b]` sets the base added to every timestamp. Each
 *   takes effect from its line on, and a later one replaces an earlier one.
 * - At the first interval line, if no StartTime was seen, the start time becomes that line's timestamp; if no
 *   BaseTime was seen, the base becomes the start time when the timestamp is more than a year (365 × 86400 s)
 *   before the start time ("relative" timestamps, as jHiccup writes), and 0 otherwise ("absolute" timestamps, as
 *   YCSB writes). This decision is made once, even if that line's histogram turns out to be bad.
 * - absolute start = timestamp + base; offset = absolute start - start time; the histogram's start/end time
 *   stamps are `trunc(absolute start × 1000)` and `trunc((absolute start + length) × 1000)` milliseconds.
 *
 * Line grammar: see log-line.ts. Histogram encodings: see codec.ts.
 */
import type { JsHistogram } from "hdr-histogram-js";
import { decodeHistogram, ReusedHistograms } from "./decode.js";
import { HlogCodecError } from "./errors.js";
import { type LogLine, parseLogLine } from "./log-line.js";

/** One interval of the log: a tagged or untagged histogram and the time range it covers. */
export interface HlogInterval {
  /** The `Tag=` name, absent for untagged lines. */
  tag?: string;
  /** Interval start, seconds since the epoch (Java's absolute start time stamp). */
  startSec: number;
  /** Interval start, seconds since the log's start time (what HistogramLogProcessor's -start/-end compare). */
  offsetSec: number;
  /** Interval length in seconds. */
  lengthSec: number;
  /** The Interval_Max column as written, in the writer's unit (Java ignores it). */
  loggedMax: number;
  /** The decoded histogram; startTimeStampMsec/endTimeStampMsec set as Java sets them, and tag when tagged. */
  histogram: JsHistogram;
}

/** What one line of the log was. Every line is one of these: nothing is dropped silently. */
export type HlogEvent = { lineNo: number } & (
  | { kind: "blank" }
  | { kind: "comment"; text: string }
  /** latstat's `# PARTIAL: …` line: the log holds only what an interrupted run read. */
  | { kind: "partial-mark"; text: string }
  | { kind: "start-time"; startTimeSec: number }
  | { kind: "base-time"; baseTimeSec: number }
  | { kind: "format-version"; version: string }
  | { kind: "legend"; columns: string[] }
  | { kind: "interval"; interval: HlogInterval }
  /** An interval line the caller's selection passed over: its histogram (`histogram`, as written) was not decoded. */
  | { kind: "unselected"; tag?: string; offsetSec: number; histogram: string }
  /** `reason` is short (`bad histogram: …`); `message` adds the line number (`line 12: bad histogram: …`). */
  | { kind: "rejected"; reason: string; message: string }
);

/** How the reader came by its base time. */
export type BaseTimeSource = "header" | "relative" | "absolute";

/** What the log's header lines (and the first interval) have established so far. */
export interface HlogHeader {
  formatVersion?: string;
  /** Start time in seconds since the epoch: from `#[StartTime:]`, else the first interval's timestamp. */
  startTimeSec?: number;
  /** Base added to timestamps; set by `#[BaseTime:]` or decided at the first interval. */
  baseTimeSec?: number;
  baseTimeSource?: BaseTimeSource;
  legend?: string[];
}

/** Whether an interval line, by its tag and its start in seconds since StartTime, is to be read. */
type IntervalSelector = (tag: string | undefined, offsetSec: number) => boolean;

const SECONDS_PER_YEAR = 365 * 24 * 3600.0;

/** Parses an interval log line by line (see the file comment for how timestamps are resolved). */
export class HlogReader {
  private readonly state: HlogHeader = {};
  private readonly reuse: ReusedHistograms | undefined;

  /**
   * With `reuseHistograms`, an interval's histogram holds its counts only until the next line is accepted (one
   * histogram per shape is refilled, see ReusedHistograms): for callers that copy what they keep.
   */
  constructor(options: { reuseHistograms?: boolean } = {}) {
    this.reuse = options.reuseHistograms === true ? new ReusedHistograms() : undefined;
  }

  /** Header information gathered so far. */
  get header(): Readonly<HlogHeader> {
    return { ...this.state, ...(this.state.legend ? { legend: [...this.state.legend] } : {}) };
  }

  /**
   * Parses one line (without its terminator; a trailing `\r` is fine) numbered `lineNo` from 1. An interval
   * that `wanted` (given its tag and seconds since StartTime) turns down is not decoded: with `--tag`, most
   * lines of a tagged log are other tags', and decoding is nearly all the work.
   */
  accept(line: string, lineNo: number, wanted?: IntervalSelector): HlogEvent {
    const text = lineNo === 1 && line.startsWith("\uFEFF") ? line.slice(1) : line;
    const parsed = parseLogLine(text);
    return { lineNo, ...this.apply(parsed, lineNo, wanted) } as HlogEvent;
  }

  private apply(parsed: LogLine, lineNo: number, wanted: IntervalSelector | undefined): DistributiveOmit<HlogEvent, "lineNo"> {
    switch (parsed.kind) {
      case "start-time":
        this.state.startTimeSec = parsed.seconds;
        return { kind: "start-time", startTimeSec: parsed.seconds };
      case "base-time":
        this.state.baseTimeSec = parsed.seconds;
        this.state.baseTimeSource = "header";
        return { kind: "base-time", baseTimeSec: parsed.seconds };
      case "format-version":
        this.state.formatVersion = parsed.version;
        return parsed;
      case "legend":
        this.state.legend = parsed.columns;
        return parsed;
      case "rejected":
        return rejected(parsed.reason, lineNo);
      case "interval":
        return this.interval(parsed.fields, lineNo, wanted);
      default:
        return parsed;
    }
  }

  private interval(fields: Extract<LogLine, { kind: "interval" }>["fields"], lineNo: number, wanted: IntervalSelector | undefined) {
    const timestampSec = fields.timestampSec;
    if (this.state.startTimeSec === undefined) this.state.startTimeSec = timestampSec;
    if (this.state.baseTimeSec === undefined) {
      const relative = timestampSec < this.state.startTimeSec - SECONDS_PER_YEAR;
      this.state.baseTimeSec = relative ? this.state.startTimeSec : 0.0;
      this.state.baseTimeSource = relative ? "relative" : "absolute";
    }
    const startSec = timestampSec + this.state.baseTimeSec;
    const offsetSec = startSec - this.state.startTimeSec;
    if (wanted !== undefined && !wanted(fields.tag, offsetSec)) {
      return { kind: "unselected" as const, ...(fields.tag !== undefined ? { tag: fields.tag } : {}), offsetSec, histogram: fields.histogram };
    }
    let histogram: JsHistogram;
    try {
      histogram = decodeHistogram(fields.histogram, this.reuse);
    } catch (error) {
      if (error instanceof HlogCodecError) return rejected(`bad histogram: ${error.message}`, lineNo);
      throw error;
    }
    histogram.startTimeStampMsec = Math.trunc(startSec * 1000.0);
    histogram.endTimeStampMsec = Math.trunc((startSec + fields.lengthSec) * 1000.0);
    if (fields.tag !== undefined) histogram.tag = fields.tag;
    const interval: HlogInterval = {
      ...(fields.tag !== undefined ? { tag: fields.tag } : {}),
      startSec,
      offsetSec,
      lengthSec: fields.lengthSec,
      loggedMax: fields.loggedMax,
      histogram,
    };
    return { kind: "interval" as const, interval };
  }
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

function rejected(reason: string, lineNo: number) {
  return { kind: "rejected" as const, reason, message: `line ${lineNo}: ${reason}` };
}
