/** `-o hlog` (report, convert) and `merge -o FILE`: the inputs as one HdrHistogram interval log. */
import { LineAccounting } from "../ingest/accounting.js";
import { buildTimeLine, type TimeLine } from "../analyses/log-intervals.js";
import { UserError } from "../base/errors.js";
import { BucketLayout } from "../core/histogram.js";
import { renderHlog } from "../render/hlog.js";
import type { InputFlags } from "./input-options.js";
import type { ReadTimeLine } from "./read-time-line.js";
import { warn } from "./terminal.js";
import { version } from "./version.js";

/** Window length used for samples when `--interval` is not given. */
export const DEFAULT_HLOG_INTERVAL_MS = 1000;

/** The time line of what was read, its notes told on stderr; a usage error when nothing was recorded. */
export function timeLineOf(read: ReadTimeLine, flags: InputFlags, intervalMs: number | undefined, defaultMs: number): TimeLine {
  if (read.sources.raw.count === 0) {
    const all = new LineAccounting();
    for (const input of read.inputs) all.add(input.accounting);
    throw new UserError(`no values: ${all.lines} ${all.entries} read, none recorded`, "check --format, --column/--field and --unit; --debug explains");
  }
  const line = buildTimeLine(read.sources, { intervalMs, defaultMs, layout: new BucketLayout(flags.sigDigits) });
  for (const note of line.notes) warn(note);
  return line;
}

/** The interval log text of what was read. */
export function hlogText(read: ReadTimeLine, flags: InputFlags, intervalMs: number | undefined): string {
  const line = timeLineOf(read, flags, intervalMs, DEFAULT_HLOG_INTERVAL_MS);
  return renderHlog({ comment: `Logged with latstat ${version()}`, startTimeSec: line.startTimeSec, intervals: line.intervals });
}
