/**
 * The time line of a report's samples with start times, for the latency-over-time chart of its HTML page: windows
 * of DEFAULT_TIMELINE_INTERVAL_MS on the epoch grid `latstat timeline` uses, so the two agree window for window.
 */
import type { BucketLayout } from "../core/histogram.js";
import type { TimedSamples } from "../core/timed-samples.js";
import { epochGrid } from "./log-intervals.js";
import type { AnalysisNotice } from "./notices.js";
import { scheduledSeries, scheduledValues } from "./schedule.js";
import type { FailureStarts } from "./time-line-sources.js";
import { buildTimeline, DEFAULT_TIMELINE_INTERVAL_MS, type TimelineData } from "./timeline.js";
import { MAX_WINDOWS, windowSamples } from "./windows.js";

/** The time line, when there is one to draw, and what to tell the user about it. */
export interface SampleTimeline {
  data?: TimelineData;
  notes: AnalysisNotice[];
}

/**
 * How the corrected lines are made, when a correction was applied: HdrHistogram's back-fill of every sample at one
 * interval (`--expected-interval`), or at its sender's (`--apply`: one interval per request, per series of
 * `TimedSamples.sorted()`); or, for `--rate`, each request's response time against its series' schedule
 * (schedule.ts), in the window of its start as the report's figures are.
 */
export type TimelineCorrection =
  | { label: string; backfillIntervalNs: number; requestIntervals?: readonly Float64Array[] }
  | { label: string; scheduleIntervalNs: number };

/**
 * The time line of `timed`'s samples, raw and, with `correction`, corrected window by window, with the failures of
 * each window when `failures` are given (the inputs tell failures); none when no sample
 * has a start time, or they cannot all be kept or windowed.
 */
export function sampleTimeline(timed: TimedSamples, layout: BucketLayout, correction?: TimelineCorrection, failures?: FailureStarts): SampleTimeline {
  const lengthMs = DEFAULT_TIMELINE_INTERVAL_MS;
  if (timed.overflowed) return { notes: [{ kind: "chart-too-many-starts", limit: timed.limit }] };
  if (timed.timed === 0) return { notes: [] };
  const series = timed.sorted().map(({ startsNs, latenciesNs, failed }) => ({ startsNs, valuesNs: latenciesNs, ...(failed ? { failed } : {}) }));
  // Each series is in start order: its ends give the span (and so how many windows windowSamples would make).
  const firstNs = series.reduce((first, s) => Math.min(first, s.startsNs[0]!), Infinity);
  const lastNs = series.reduce((last, s) => Math.max(last, s.startsNs.at(-1)!), -Infinity);
  if ((lastNs - firstNs) / 1e6 / lengthMs + 2 > MAX_WINDOWS) return { notes: [{ kind: "chart-too-many-windows", max: MAX_WINDOWS, lengthMs }] };
  const grid = epochGrid(series, [], lengthMs);
  const raw = windowSamples(series, grid, { layout });
  let corrected: { label: string; rawLabel?: string; intervals: ReturnType<typeof windowSamples> } | undefined;
  // Both on one grid of the same windows: a corrected window for every raw one.
  if (correction !== undefined && "scheduleIntervalNs" in correction) {
    const responses = scheduledSeries(timed.sorted(), correction.scheduleIntervalNs).map((s) => scheduledValues(s, correction.scheduleIntervalNs));
    corrected = { label: correction.label, rawLabel: "service time", intervals: windowSamples(responses, grid, { layout }) };
  } else if (correction !== undefined) {
    const each = correction.requestIntervals;
    const backfilled = each === undefined ? series : series.map((s, i) => ({ ...s, backfillNs: each[i] }));
    corrected = { label: correction.label, intervals: windowSamples(backfilled, grid, { layout, backfillIntervalNs: correction.backfillIntervalNs }) };
  }
  const data = buildTimeline({ startTimeSec: grid.originSec, intervalMs: lengthMs, raw, ...(corrected ? { corrected } : {}), ...(failures ? { failures } : {}) }, { skipMs: 0, windowMs: undefined });
  const notes: AnalysisNotice[] = timed.untimed > 0 ? [{ kind: "chart-untimed", count: timed.untimed }] : [];
  return { data, notes };
}
