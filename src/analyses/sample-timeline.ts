/**
 * The time line of a report's samples with start times, for the latency-over-time chart of its HTML page: windows
 * of DEFAULT_TIMELINE_INTERVAL_MS on the epoch grid `latstat timeline` uses, so the two agree window for window.
 */
import type { BucketLayout } from "../core/histogram.js";
import type { TimedSamples } from "../core/timed-samples.js";
import { epochGrid } from "./log-intervals.js";
import { buildTimeline, DEFAULT_TIMELINE_INTERVAL_MS, type TimelineData } from "./timeline.js";
import { MAX_WINDOWS, windowSamples } from "./windows.js";

/** The time line, when there is one to draw, and what to tell the user about it. */
export interface SampleTimeline {
  data?: TimelineData;
  notes: string[];
}

/** The time line of `timed`'s samples; none when no sample has a start time, or they cannot all be kept or windowed. */
export function sampleTimeline(timed: TimedSamples, layout: BucketLayout): SampleTimeline {
  const lengthMs = DEFAULT_TIMELINE_INTERVAL_MS;
  if (timed.overflowed) return { notes: [`more than ${timed.limit.toLocaleString("en-US")} requests have start times: no latency-over-time chart`] };
  if (timed.timed === 0) return { notes: [] };
  const series = timed.sorted().map(({ startsNs, latenciesNs }) => ({ startsNs, valuesNs: latenciesNs }));
  // Each series is in start order: its ends give the span (and so how many windows windowSamples would make).
  const firstNs = series.reduce((first, s) => Math.min(first, s.startsNs[0]!), Infinity);
  const lastNs = series.reduce((last, s) => Math.max(last, s.startsNs.at(-1)!), -Infinity);
  if ((lastNs - firstNs) / 1e6 / lengthMs + 2 > MAX_WINDOWS) return { notes: [`the start times span more than ${MAX_WINDOWS.toLocaleString("en-US")} windows of ${lengthMs / 1000}s: no latency-over-time chart (check the start-time column and its unit)`] };
  const grid = epochGrid(series, [], lengthMs);
  const data = buildTimeline({ startTimeSec: grid.originSec, intervalMs: lengthMs, raw: windowSamples(series, grid, { layout }) }, { skipMs: 0, windowMs: undefined });
  const notes = timed.untimed > 0 ? [`${timed.untimed} samples without a start time are left out of the latency-over-time chart`] : [];
  return { data, notes };
}
