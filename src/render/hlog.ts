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
import { createShapedHistogram, setKnownCounts } from "../core/histogram.js";
import type { IntervalCounts } from "../core/intervals.js";
import { encodeHistogramV2 } from "../hlog/encode.js";
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
  const { layout } = interval.counts;
  let maxNs = 2 ** layout.unitMagnitude - 1; // Java's getMaxValue of an empty histogram
  interval.counts.forEachBucket((index) => (maxNs = layout.lowestValueAt(index + 1) - 1));
  // Sized to the counts present, with the interval's highestTrackableValue written in the encoding: a log of 5
  // digits up to 2^62 would otherwise make (and scan) a counts array of 6 million per interval.
  const histogram = createShapedHistogram({
    digits: layout.digits,
    lowestDiscernibleValue: layout.lowestDiscernibleValue,
    highestTrackableValue: Math.min(interval.highestTrackableValue, Math.max(maxNs, 2)),
  });
  const indexes: number[] = [];
  const counts: number[] = [];
  interval.counts.forEachBucket((index, count) => {
    histogram.recordValueWithCount(layout.lowestValueAt(index), count);
    indexes.push(index);
    counts.push(count);
  });
  setKnownCounts(histogram, indexes, counts);
  (histogram as { highestTrackableValue: number }).highestTrackableValue = Math.max(histogram.highestTrackableValue, interval.highestTrackableValue);
  const fields = [
    formatJavaFixed(interval.startSec - baseSec, 3),
    formatJavaFixed(interval.lengthSec, 3),
    formatJavaFixed(maxNs / 1e6, 3),
    encodeHistogramV2(histogram),
  ];
  return `${interval.tag !== undefined ? `Tag=${interval.tag},` : ""}${fields.join(",")}\n`;
}
