/**
 * The comment lines HistogramLogProcessor (2.1.11) writes above its outputs for an interval log:
 *
 *   #[Overall percentile distribution between 0.000 and <Infinite> seconds (relative to StartTime)]
 *   #[StartTime: 1441812279.474 (seconds since epoch), Wed Sep 09 15:24:39 UTC 2015]
 *
 * The range is `-start`/`-end` ("%.3f", `<Infinite>` without an end); the StartTime line is left out when the
 * log's StartTime is 0, as Java does. Dates are in UTC (Java uses the JVM's time zone).
 */
import type { HlogRange } from "../analyses/report.js";
import { formatJavaDateUtc } from "./java-date.js";
import { formatJavaFixed } from "./java-format.js";

/** `#[<title> between S and E seconds (relative to StartTime)]` and the StartTime line. */
export function hlogHeaderLines(title: string, range: HlogRange): string {
  const end = range.rangeEndSec === undefined ? "<Infinite>" : formatJavaFixed(range.rangeEndSec, 3);
  let text = `#[${title} between ${formatJavaFixed(range.rangeStartSec, 3)} and ${end} seconds (relative to StartTime)]\n`;
  if (range.startTimeSec !== 0) text += startTimeLine(range.startTimeSec);
  return text;
}

/** `#[StartTime: 1441812279.474 (seconds since epoch), Wed Sep 09 15:24:39 UTC 2015]`, as Java's writers print it. */
export function startTimeLine(startTimeSec: number): string {
  return `#[StartTime: ${formatJavaFixed(startTimeSec, 3)} (seconds since epoch), ${formatJavaDateUtc(Math.trunc(startTimeSec * 1000))}]\n`;
}
