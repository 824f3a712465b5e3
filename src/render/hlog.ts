/**
 * An HdrHistogram interval log, format version 1.3, laid out as Java's `HistogramLogWriter` (2.1.11) writes it:
 *
 *   #[Logged with latstat 0.1.0 from access.log]                               comment
 *   #[Histogram log format version 1.3]
 *   #[StartTime: 1441812279.474 (seconds since epoch), Wed Sep 09 15:24:39 UTC 2015]
 *   #[BaseTime: 1441812279.474 (seconds since epoch)]
 *   "StartTimestamp","Interval_Length","Interval_Max","Interval_Compressed_Histogram"
 *   [Tag=NAME,]0.000,1.000,2.769,HISTF…                                         one line per interval
 *
 * Timestamps are seconds after BaseTime (= StartTime), "%.3f"; Interval_Max is the histogram's max in
 * milliseconds ("%.3f" of getMaxValue / 10^6); the histogram is Java's compressed V2 encoding (hlog/encode.ts).
 * Dates are printed in UTC.
 */
import type { BucketLayout } from "../core/histogram.js";
import type { IntervalCounts } from "../core/intervals.js";
import { encodeCountsV2 } from "../hlog/encode.js";
import { formatJavaFixed } from "./java-format.js";
import { startTimeLine } from "./hlog-headers.js";

/** What a log holds: a comment, its StartTime (seconds since the epoch; also its BaseTime) and the intervals. */
export interface HlogDocument {
  comment: string;
  startTimeSec: number;
  intervals: readonly IntervalCounts[];
}

const HLOG_LEGEND = `"StartTimestamp","Interval_Length","Interval_Max","Interval_Compressed_Histogram"`;

/** The whole log as text. */
export function renderHlog(document: HlogDocument): string {
  const base = document.startTimeSec;
  const lines = [
    `#[${document.comment}]\n`,
    "#[Histogram log format version 1.3]\n",
    startTimeLine(base),
    `#[BaseTime: ${formatJavaFixed(base, 3)} (seconds since epoch)]\n`,
    `${HLOG_LEGEND}\n`,
    ...document.intervals.map((interval) => intervalLine(interval, base)),
  ];
  return lines.join("");
}

function intervalLine(interval: IntervalCounts, baseSec: number): string {
  const { layout, indices } = interval.counts;
  const maxIndex = indices.length === 0 ? undefined : indices[indices.length - 1]!;
  // Java's getMaxValue: the top of the highest non-empty bucket (of an empty histogram, 2^unitMagnitude - 1).
  const maxNs = layout.lowestValueAt((maxIndex ?? 0) + 1) - 1;
  const encodable = {
    digits: layout.digits,
    lowestDiscernibleValue: layout.lowestDiscernibleValue,
    highestTrackableValue: writtenHighestTrackableValue(layout, interval.highestTrackableValue, maxIndex),
    forEachCount: (visit: (index: number, count: number) => void) => interval.counts.forEachBucket(visit),
  };
  const fields = [formatJavaFixed(interval.startSec - baseSec, 3), formatJavaFixed(interval.lengthSec, 3), formatJavaFixed(maxNs / 1e6, 3), encodeCountsV2(encodable)];
  return `${interval.tag !== undefined ? `Tag=${interval.tag},` : ""}${fields.join(",")}\n`;
}

/**
 * The highest trackable value written for an interval whose highest non-empty counts-array index is `maxIndex`:
 * its own (at least 2 × the lowest discernible value, Java's least), unless its counts lie beyond the counts array
 * that value needs (a window made from samples carries 2) — then, as an auto-resizing histogram grows, the top of
 * the counts array that holds them.
 */
function writtenHighestTrackableValue(layout: BucketLayout, highestTrackableValue: number, maxIndex: number | undefined): number {
  const least = Math.max(highestTrackableValue, 2 * layout.lowestDiscernibleValue);
  if (maxIndex === undefined || maxIndex < layout.countsArrayLength(least)) return least;
  return Math.max(layout.lowestValueAt(layout.countsArrayLength(layout.lowestValueAt(maxIndex))) - 1, highestTrackableValue);
}
