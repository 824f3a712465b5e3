/**
 * What reading and the analyses have to tell the user beside the result, as data: render/notices.ts words each
 * kind, the CLI says them on stderr as they arise. `side` names the input when a command reads its inputs one by
 * one (compare, plot), for the analyses' notices that do not name one themselves.
 */
import type { HistogramShape } from "../core/histogram.js";
import type { ReadNotice } from "../ingest/notices.js";
import type { CoNotice } from "./correction.js";
import type { UndatedLogs } from "./undated-logs.js";

export type AnalysisNotice =
  | CoNotice
  /** The first input's interval-log histograms keep their own precision instead of the one asked for. */
  | { kind: "shape-kept"; input: string; shape: HistogramShape; digits: number }
  /**
   * `zeros` of `count` latencies are 0, shorter than the resolution: an input's, or (no `input`) all inputs'
   * together; for `check`, a `group`'s of them (`KEY=VALUE`).
   */
  | { kind: "zero-latencies"; input?: string; group?: string; zeros: number; count: number }
  /** A later input's histograms are added into the first one's shape at each bucket's lowest value. */
  | { kind: "shape-added"; input: string; shape: HistogramShape; into: HistogramShape }
  /** Group values longer than `maxLength` were cut to it (`count` of them, one per request and group-by name). */
  | { kind: "group-values-cut"; count: number; maxLength: number }
  /** No request had a value for a group-by name: all are in the `none` group. */
  | { kind: "group-unseen"; name: string; none: string }
  /** Requests without a start time, in no time window. */
  | { kind: "windows-untimed"; count: number }
  /** Requests without a session value, in no session. */
  | { kind: "sessions-missing"; count: number; field: string }
  /** Samples without a start time, left out of the intervals of a time line. */
  | { kind: "intervals-untimed"; count: number }
  /** No start times at all: the time line is one interval at time 0. */
  | { kind: "intervals-at-zero" }
  /** Undated interval logs read with dated ones: wherever times count, they are placed in 1970 (see undated-logs.ts). */
  | ({ kind: "undated-logs" } & UndatedLogs)
  /** Interval logs were put on one grid of their median interval length. */
  | { kind: "intervals-median"; lengthMs: number }
  /** Intervals longer than the grid's windows, each put whole into the window it starts in. */
  | { kind: "intervals-longer"; count: number; lengthsMs: number[]; windowMs: number }
  /** Groups whose names an interval log's tags cannot hold, and the tags written instead (the first few). */
  | { kind: "tags-renamed"; renamed: { group: string; tag: string }[] }
  /** Samples without a start time, left out of the HTML page's latency-over-time chart. */
  | { kind: "chart-untimed"; count: number }
  /** Values of HdrHistogram logs read beside samples with start times, left out of the HTML page's chart (drawn from the samples). */
  | { kind: "chart-log-values"; count: number }
  /** Too many start times kept for the HTML page's chart: none is drawn. */
  | { kind: "chart-too-many-starts"; limit: number }
  /** The start times span too many windows for the HTML page's chart: none is drawn. */
  | { kind: "chart-too-many-windows"; max: number; lengthMs: number }
  /**
   * A failure budget judged on the requests a status filter kept: `leftOut` requests of other statuses (the
   * failures among them) count neither as failed nor as made.
   */
  | { kind: "failures-filtered"; budget: string; leftOut: number };

export type Notice = ReadNotice | (AnalysisNotice & { side?: string });

/** Where notices go as they arise. */
export type NoticeSink = (notice: Notice) => void;
