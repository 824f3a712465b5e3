/** The HistogramLogProcessor side of `latstat report`: `--list-tags` and `--intervals`. */
import type { CoMode } from "../analyses/correction.js";
import { correctEachInterval } from "../analyses/interval-correction.js";
import { intervalRows } from "../analyses/interval-rows.js";
import { escapeControls, UserError } from "../base/errors.js";
import { IntervalCollector, IntervalTags } from "../core/intervals.js";
import { LatencyRecorder } from "../core/recorder.js";
import { readInputs } from "../ingest/read-inputs.js";
import { renderIntervalLog } from "../render/interval-log.js";
import type { InputOptions } from "./input-options.js";
import { readingHooks } from "./reading.js";
import { warn, writeResult } from "./terminal.js";

/** Prints the tags of the intervals in the selected time range, one per line, sorted (as Java's -listtags). */
export async function listTags(files: readonly string[], input: InputOptions): Promise<void> {
  const tags = new IntervalTags();
  await readInputs(files, input.read, readingHooks({ debug: input.debug }), () => tags);
  if (tags.untagged > 0) warn(`also ${tags.untagged} untagged intervals (read when no --tag is given)`);
  if (tags.tags.size === 0 && tags.untagged === 0) throw new UserError("no HdrHistogram log intervals in the input", "--list-tags reads interval logs (.hlog)");
  await writeResult([...tags.tags.keys()].sort().map((tag) => `${escapeControls(tag)}\n`).join(""));
}

/** What `--intervals` prints: the interval log of `files`, corrected after the fact or not, as text or CSV. */
export interface IntervalLogRun {
  files: readonly string[];
  input: InputOptions;
  /** `off`/`auto` or `--expected-interval I --co-after` (ReportRun refuses the others). */
  correction: CoMode;
  csv: boolean;
  /** `--unit-ratio`. */
  unitRatio: number;
}

/**
 * Prints HistogramLogProcessor's interval log for the selected intervals — with `--expected-interval I --co-after`,
 * of each interval corrected as `-correctLogWithKnownCoordinatedOmission I` does.
 */
export async function printIntervalLog(run: IntervalLogRun): Promise<void> {
  const { input, correction } = run;
  // Each log's rows are timed from its own StartTime: several logs' rows would run back in time under one header.
  if (run.files.length > 1) throw new UserError("--intervals lists the intervals of one log", "merge several first: latstat merge A.hlog B.hlog -o AB.hlog, then latstat AB.hlog --intervals");
  const collector = new IntervalCollector();
  const [read] = (await readInputs(run.files, input.read, readingHooks({ debug: input.debug }), () => new LatencyRecorder(input.digits), [collector])).inputs;
  // A log of requests has no intervals to list: said as what it is, not as an empty selection.
  if (read !== undefined && read.format !== "hlog") throw new UserError(`${escapeControls(read.name)}: not an HdrHistogram log (read as ${read.format})`, "--intervals lists an interval log's intervals; latstat convert FILE writes one, or latstat timeline FILE shows windows");
  const first = collector.intervals[0];
  if (first === undefined) {
    const { tag, allTags } = input.read.decode.hlog ?? {};
    const which = allTags ? "" : tag === undefined ? " untagged" : ` tagged ${tag}`;
    throw new UserError(`no${which} HdrHistogram log intervals in the selected range`, "--intervals reads interval logs (.hlog); --list-tags shows their tags");
  }
  const intervals = correction.kind === "expected-interval" ? correctEachInterval(collector.intervals, correction.intervalNs) : collector.intervals;
  const range = { startTimeSec: first.logStartSec, rangeStartSec: input.read.decode.hlog?.startSec ?? 0, rangeEndSec: input.read.decode.hlog?.endSec };
  await writeResult(renderIntervalLog(intervalRows(intervals), { csv: run.csv, unitRatio: run.unitRatio, range }));
}
