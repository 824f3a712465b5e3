/**
 * The time line of a report's samples with start times, for the latency-over-time chart of its HTML page: windows
 * of DEFAULT_TIMELINE_INTERVAL_MS on the epoch grid `latstat timeline` uses, so the two agree window for window.
 */
import type { BucketLayout } from "../core/histogram.js";
import type { TimedSamples } from "../core/timed-samples.js";
import { epochGrid } from "./log-intervals.js";
import type { AnalysisNotice } from "./notices.js";
import { buildTimeline, DEFAULT_TIMELINE_INTERVAL_MS, type TimelineData } from "./timeline.js";
import { MAX_WINDOWS, windowSamples } from "./windows.js";

/** The time line, when there is one to draw, and what to tell the user about it. */
export interface SampleTimeline {
  data?: TimelineData;
  notes: AnalysisNotice[];
}

/** The time line of `timed`'s samples; none when no sample has a start time, or they cannot all be kept or windowed. */
export function sampleTimeline(timed: TimedSamples, layout: BucketLayout): SampleTimeline {
  const lengthMs = DEFAULT_TIMELINE_INTERVAL_MS;
  if (timed.overflowed) return { notes: [{ kind: "chart-too-many-starts", limit: timed.limit }] };
  if (timed.timed === 0) return { notes: [] };
  const series = timed.sorted().map(({ startsNs, latenciesNs }) => ({ startsNs, valuesNs: latenciesNs }));
  // Each series is in start order: its ends give the span (and so how many windows windowSamples would make).
  const firstNs = series.reduce((first, s) => Math.min(first, s.startsNs[0]!), Infinity);
  const lastNs = series.reduce((last, s) => Math.max(last, s.startsNs.at(-1)!), -Infinity);
  if ((lastNs - firstNs) / 1e6 / lengthMs + 2 > MAX_WINDOWS) return { notes: [{ kind: "chart-too-many-windows", max: MAX_WINDOWS, lengthMs }] };
  const grid = epochGrid(series, [], lengthMs);
  const data = buildTimeline({ startTimeSec: grid.originSec, intervalMs: lengthMs, raw: windowSamples(series, grid, { layout }) }, { skipMs: 0, windowMs: undefined });
  const notes: AnalysisNotice[] = timed.untimed > 0 ? [{ kind: "chart-untimed", count: timed.untimed }] : [];
  return { data, notes };
}
