/** `-o hlog` (report, convert) and `merge -o FILE`: the inputs as one HdrHistogram interval log. */
import { buildTimeLine, type TimeLine } from "../analyses/log-intervals.js";
import { BucketLayout, type SignificantDigits } from "../core/histogram.js";
import { renderHlog } from "../render/hlog.js";
import type { InputOptions } from "./input-options.js";
import { readTimeLine, type ReadTimeLine } from "./read-time-line.js";
import { say } from "./reading.js";
import { version } from "./version.js";

/** Window length used for samples when `--interval` is not given. */
export const DEFAULT_HLOG_INTERVAL_MS = 1000;

/** The time line of what was read, its notes told on stderr. */
export function timeLineOf(read: ReadTimeLine, digits: SignificantDigits, intervalMs: number | undefined, defaultMs: number): TimeLine {
  const line = buildTimeLine(read.timeLine.sources, { intervalMs, defaultMs, layout: new BucketLayout(digits) });
  for (const note of line.notes) say(note);
  return line;
}

/** The interval log text of what was read. */
export function hlogText(read: ReadTimeLine, digits: SignificantDigits, intervalMs: number | undefined): string {
  const line = timeLineOf(read, digits, intervalMs, DEFAULT_HLOG_INTERVAL_MS);
  return renderHlog({ comment: `Logged with latstat ${version()}`, startTimeSec: line.startTimeSec, intervals: line.intervals });
}

/** Reads `files` and returns them as one interval log of `intervalMs` windows (by group with `groupBy`). */
export async function writeHlog(files: readonly string[], input: InputOptions, groupBy: readonly string[], intervalMs: number | undefined): Promise<string> {
  return hlogText(await readTimeLine(files, input, { groupBy }), input.digits, intervalMs);
}
