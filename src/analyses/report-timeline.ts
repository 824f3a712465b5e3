/**
 * The latency-over-time chart of a report's HTML page, from what the report read: its samples' start times in
 * windows (sample-timeline.ts), or — when no sample has a start time — the intervals of its HdrHistogram logs, each
 * interval a point at its start (several tags at one time added into windows of their median length, as
 * `latstat timeline` does). Corrected lines follow the report's correction; the failure rate per window is kept
 * when the inputs tell failures.
 */
import { BucketLayout, type SignificantDigits } from "../core/histogram.js";
import type { IntervalCounts } from "../core/intervals.js";
import type { LatencyRecorder } from "../core/recorder.js";
import type { TimedSamples } from "../core/timed-samples.js";
import type { CorrectedFigures } from "./correction.js";
import { correctEachInterval } from "./interval-correction.js";
import type { AnalysisNotice } from "./notices.js";
import { buildTimeLine, medianLengthMs } from "./log-intervals.js";
import { sampleTimeline, type SampleTimeline, type TimelineCorrection } from "./sample-timeline.js";
import type { FailureStarts } from "./time-line-sources.js";
import { buildTimeline, DEFAULT_TIMELINE_INTERVAL_MS } from "./timeline.js";

/** What the report read that has times. */
export interface ReportTimes {
  /** Start times, one by one (`startTimes` of readRecorded). */
  timed?: TimedSamples;
  /** The interval histograms of HdrHistogram logs, in input order. */
  intervals: readonly IntervalCounts[];
  /** The failed requests' start times, when the inputs tell failures. */
  failures?: FailureStarts;
  /** How many inputs were HdrHistogram logs. */
  logs: number;
  /** Everything recorded (for the layout of windows made of log intervals). */
  raw: LatencyRecorder;
}

/**
 * How the corrected lines are drawn for samples: the report's own back-fill, or its response times against the
 * `--rate` schedule; none for an inferred correction kept only in counts.
 */
function sampleCorrection(corrected: CorrectedFigures): TimelineCorrection | undefined {
  const label = corrected.correctedLabel;
  if (corrected.method === "expected-interval" || corrected.method === "expected-interval-after") return { label, backfillIntervalNs: corrected.expectedIntervalNs };
  if (corrected.method === "inferred-interval" && corrected.requestIntervals !== undefined) return { label, backfillIntervalNs: 0, requestIntervals: corrected.requestIntervals };
  if (corrected.method === "schedule") return { label, scheduleIntervalNs: corrected.expectedIntervalNs };
  return undefined;
}

/** The time chart's data of a report (see the file comment); none when nothing read has a time. */
export function reportTimeline(times: ReportTimes, digits: SignificantDigits, corrected: CorrectedFigures | undefined): SampleTimeline {
  if (times.timed !== undefined && (times.timed.timed > 0 || times.timed.overflowed)) {
    const drawn = sampleTimeline(times.timed, new BucketLayout(digits), corrected && sampleCorrection(corrected), times.failures);
    // Start times count the values of log intervals as untimed; they are left out for another reason.
    const inLogs = times.intervals.reduce((n, interval) => n + interval.counts.total, 0);
    if (inLogs === 0) return drawn;
    const notes = drawn.notes.flatMap((note): AnalysisNotice[] => (note.kind !== "chart-untimed" ? [note] : note.count > inLogs ? [{ ...note, count: note.count - inLogs }] : []));
    return { ...drawn, notes: [...notes, { kind: "chart-log-values", count: inLogs }] };
  }
  if (times.intervals.length === 0) return { notes: [] };
  const tagged = new Set(times.intervals.map((interval) => interval.tag)).size > 1;
  const logIntervals = times.intervals.map(({ tag: _, ...interval }) => interval);
  const line = buildTimeLine(
    { logIntervals, logs: times.logs, timed: [], untimed: 0, raw: times.raw },
    { intervalMs: tagged ? medianLengthMs(logIntervals) : undefined, defaultMs: DEFAULT_TIMELINE_INTERVAL_MS, layout: new BucketLayout(digits) },
  );
  // A log's histograms can only be corrected after recording (at-record back-fill of a histogram is refused).
  const correction = corrected?.method === "expected-interval-after" ? { label: corrected.correctedLabel, intervals: correctEachInterval(line.intervals, corrected.expectedIntervalNs) } : undefined;
  const data = buildTimeline({ startTimeSec: line.startTimeSec, intervalMs: line.intervalMs, raw: line.intervals, ...(correction ? { corrected: correction } : {}) }, { skipMs: 0, windowMs: undefined });
  // The window length is in the chart's note; line.notes name timeline's flags.
  return { data, notes: [] };
}
