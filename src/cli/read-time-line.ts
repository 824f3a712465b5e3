/** Reads inputs for the commands that work on time intervals (timeline, convert, merge -o, report -o hlog). */
import { readRecorded, type RecordedRequests } from "../analyses/read-recorded.js";
import type { TimeLineSources } from "../analyses/time-line-sources.js";
import type { InputOptions } from "./input-options.js";
import { readingHooks } from "./reading.js";

/** The inputs as read, and what their time line is made of. */
export type ReadTimeLine = RecordedRequests & { timeLine: TimeLineSources };

/** What else a time line is read with. */
export interface TimeLineReading {
  /** Tag the samples with start times by group (one `Tag=` per group in a written log). */
  groupBy?: readonly string[];
  /** Keep the failed requests' start times, for the failure rate per window (`timeline`; a written log has none). */
  failures?: boolean;
  /** Ctrl-C: ends the reading early, and the result is then `partial`. */
  signal?: AbortSignal;
}

/** Reads `files` (stdin when none) for a time line, as recorded (nothing corrected or detected). */
export async function readTimeLine(files: readonly string[], input: InputOptions, { groupBy = [], failures = false, signal }: TimeLineReading = {}): Promise<ReadTimeLine> {
  const run = await readRecorded(files, {
    read: input.read,
    hooks: readingHooks({ debug: input.debug, signal }),
    digits: input.digits,
    percentiles: [],
    perFile: false,
    correction: { kind: "off" },
    timeLine: { groupBy, failures },
  });
  // Without `buckets` in the hooks, a Prometheus histogram is refused as it is read.
  if (run.kind !== "requests" || run.timeLine === undefined) throw new Error("a time line was read without its sources");
  return run as ReadTimeLine;
}
