/** `-o hlog` (report, convert) and `merge -o FILE`: the inputs as one HdrHistogram interval log. */
import { buildTimeLine, type TimeLine } from "../analyses/log-intervals.js";
import { BucketLayout, type SignificantDigits } from "../core/histogram.js";
import { renderHlog } from "../render/hlog.js";
import type { InputOptions } from "./input-options.js";
import { markPartial } from "../render/partial.js";
import { partialInputsNote } from "../render/describe-input.js";
import { partialInputsOf } from "../analyses/read-recorded.js";
import { EXIT, type ExitCode } from "./exit-codes.js";
import { escapeControls, UserError } from "../base/errors.js";
import { approximation } from "../formats/registry.js";
import { readStoppedByInterrupt, sayInterrupted } from "./interrupt.js";
import { readTimeLine, type ReadTimeLine } from "./read-time-line.js";
import { writeResult } from "./terminal.js";
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

/**
 * The interval log text of what was read; marked PARTIAL, naming them, when inputs hold only part of their data
 * (logs an interrupted run wrote), so that the mark is carried on through merges.
 */
export function hlogText(read: ReadTimeLine, digits: SignificantDigits, intervalMs: number | undefined): string {
  refuseApproximate(read.inputs);
  const line = timeLineOf(read, digits, intervalMs, DEFAULT_HLOG_INTERVAL_MS);
  const text = renderHlog({ comment: `Logged with latstat ${version()}`, startTimeSec: line.startTimeSec, intervals: line.intervals });
  const partialInputs = partialInputsOf(read.inputs);
  if (read.partial) return text;
  if (partialInputs.length > 0) return markPartial("hlog", text, partialInputsNote(partialInputs));
  const lost = lostIntervalsNote(read.inputs);
  return lost === undefined ? text : markPartial("hlog", text, lost);
}

/**
 * Intervals of interval-log inputs that were rejected (a histogram cut short or corrupt) are missing from the log
 * written: it is marked PARTIAL, so that whoever reads it later (merge, check) is told, as stderr told now. Lines
 * rejected in other inputs are not: they are lines, not known requests, and the reading said how many.
 */
function lostIntervalsNote(inputs: ReadTimeLine["inputs"]): string | undefined {
  const hlogs = inputs.filter((input) => input.format === "hlog" && input.accounting.rejected > 0);
  if (hlogs.length === 0) return undefined;
  const count = hlogs.reduce((n, input) => n + input.accounting.rejected, 0);
  const first = hlogs[0]!.accounting.firstRejections[0];
  const where = first === undefined ? "" : ` (${escapeControls(first.file)}:${first.line}: ${first.reason}${count > 1 ? ", …" : ""})`;
  return `PARTIAL: ${count === 1 ? "1 interval" : `${count} intervals`} of the input logs rejected${where}: this log holds only the others`;
}

/**
 * An interval log holds exact counts, and its readers (latstat's, HistogramLogProcessor) take them as such: the
 * requests of a percentile spectrum, known only at its printed values, would be passed on as exact. Refused.
 */
function refuseApproximate(inputs: ReadTimeLine["inputs"]): void {
  const input = inputs.find((i) => approximation(i.format) !== undefined);
  if (input === undefined) return;
  throw new UserError(`${input.name}: ${approximation(input.format)}: an interval log of it would pass these approximations on as exact counts`, "report it (every output says APPROXIMATE), or make the log from the requests the spectrum was made of");
}

/**
 * Reads `files` to their end or to Ctrl-C: one interval log of `intervalMs` windows (by group with `groupBy`), and
 * whether Ctrl-C cut the reading short.
 */
export async function readHlog(files: readonly string[], input: InputOptions, groupBy: readonly string[], intervalMs: number | undefined): Promise<{ text: string; partial: boolean }> {
  const read = await readStoppedByInterrupt((signal) => readTimeLine(files, input, { groupBy, signal }));
  return { text: hlogText(read, input.digits, intervalMs), partial: read.partial };
}

/**
 * Prints the interval log of `files` (`convert`, `report -o hlog`); after Ctrl-C, what was read, marked partial,
 * and the exit code says so.
 */
export async function printHlog(files: readonly string[], input: InputOptions, groupBy: readonly string[], intervalMs: number | undefined): Promise<ExitCode> {
  const { text, partial } = await readHlog(files, input, groupBy, intervalMs);
  if (!partial) {
    await writeResult(text);
    return EXIT.ok;
  }
  sayInterrupted("the log covers", []);
  await writeResult(markPartial("hlog", text));
  return EXIT.interrupted;
}
