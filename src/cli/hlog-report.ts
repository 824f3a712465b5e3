/** The HistogramLogProcessor side of `latstat report`: `--list-tags` and `--intervals`. */
import type { CoMode } from "../analyses/correction.js";
import { correctEachInterval } from "../analyses/interval-correction.js";
import { intervalRows } from "../analyses/interval-rows.js";
import { UserError } from "../base/errors.js";
import { IntervalCollector, IntervalTags } from "../core/intervals.js";
import { LatencyRecorder } from "../core/recorder.js";
import { renderIntervalLog } from "../render/interval-log.js";
import { hlogRange } from "./hlog-options.js";
import type { InputFlags } from "./input-options.js";
import { readInputs } from "./read-inputs.js";
import { warn, writeResult } from "./terminal.js";

/** Prints the tags of the intervals in the selected time range, one per line, sorted (as Java's -listtags). */
export async function listTags(files: string[], flags: InputFlags): Promise<void> {
  const tags = new IntervalTags();
  await readInputs(files, { ...flags, tag: undefined, allTags: true }, () => tags);
  if (tags.untagged > 0) warn(`also ${tags.untagged} untagged intervals (read when no --tag is given)`);
  if (tags.tags.size === 0 && tags.untagged === 0) throw new UserError("no HdrHistogram log intervals in the input", "--list-tags reads interval logs (.hlog)");
  await writeResult([...tags.tags.keys()].sort().map((tag) => `${tag}\n`).join(""));
}

/** What `--intervals` prints. */
export interface IntervalLogFlags extends InputFlags {
  unitRatio?: number;
}

/**
 * Prints HistogramLogProcessor's interval log for the selected intervals — with `--expected-interval I --co-after`,
 * of each interval corrected as `-correctLogWithKnownCoordinatedOmission I` does.
 */
export async function printIntervalLog(files: string[], flags: IntervalLogFlags, mode: CoMode, csv: boolean): Promise<void> {
  if (mode.kind === "schedule" || (mode.kind === "expected-interval" && !mode.after) || (mode.kind === "auto" && mode.apply)) {
    throw new UserError("--intervals corrects interval logs only after the fact", "use --expected-interval I --co-after, as HistogramLogProcessor's -correctLogWithKnownCoordinatedOmission");
  }
  const collector = new IntervalCollector();
  await readInputs(files, flags, () => new LatencyRecorder(flags.sigDigits), [collector]);
  const first = collector.intervals[0];
  if (first === undefined) {
    const which = flags.allTags ? "" : flags.tag === undefined ? " untagged" : ` tagged ${flags.tag}`;
    throw new UserError(`no${which} HdrHistogram log intervals in the selected range`, "--intervals reads interval logs (.hlog); --list-tags shows their tags");
  }
  const intervals = mode.kind === "expected-interval" ? correctEachInterval(collector.intervals, mode.intervalNs) : collector.intervals;
  const text = renderIntervalLog(intervalRows(intervals), { csv, unitRatio: flags.unitRatio ?? 1e6, range: hlogRange(flags, first.logStartSec) });
  await writeResult(text);
}
