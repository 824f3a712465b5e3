/** Flags for HdrHistogram interval logs (HistogramLogProcessor's selection and output ratio) and time windows. */
import { InvalidArgumentError, type Command } from "commander";
import { UserError } from "../base/errors.js";
import { parseDuration } from "../base/units.js";
import type { HlogSelection } from "../formats/types.js";

/** Raw values commander collects for the hlog selection flags. */
export interface HlogFlags {
  tag?: string;
  allTags?: boolean;
  start?: number;
  end?: number;
  includeEarly?: boolean;
}

function parseSeconds(text: string): number {
  const seconds = Number(text);
  if (text.trim() === "" || !Number.isFinite(seconds)) throw new InvalidArgumentError("must be a number of seconds");
  return seconds;
}

function parsePositiveNumber(text: string): number {
  const n = Number(text);
  if (!(n > 0) || !Number.isFinite(n)) throw new InvalidArgumentError("must be a positive number");
  return n;
}

/** Parses `--interval`/`--window`/`--skip`: a duration in whole milliseconds (`10s`, `250ms`; bare numbers are s). */
export function parseWholeMilliseconds(text: string): number {
  const ns = parseDuration(text, "s");
  if (ns === undefined || ns <= 0 || ns % 1e6 !== 0) throw new InvalidArgumentError("must be a duration of whole milliseconds, e.g. 250ms, 10s, 5m, 1h");
  return ns / 1e6;
}

/** Adds `--tag`, `--all-tags`, `--start` and `--end` (HistogramLogProcessor's selection). */
export function addHlogSelectionOptions(command: Command): Command {
  return command
    .optionsGroup("HdrHistogram logs:")
    .option("--tag <name>", "HdrHistogram logs: read the intervals with this tag (default: the untagged ones)")
    .option("--all-tags", "HdrHistogram logs: read every interval, whatever its tag")
    .option("--start <seconds>", "HdrHistogram log (one): skip intervals starting less than this many seconds after StartTime", parseSeconds)
    .option("--end <seconds>", "HdrHistogram log (one): stop at the first interval starting more than this many seconds after StartTime", parseSeconds)
    .option("--include-early", "HdrHistogram logs: also read intervals that start before the log's StartTime (HistogramLogProcessor leaves them out)");
}

/** Adds `--unit-ratio` (HistogramLogProcessor's -outputValueUnitRatio). */
export function addUnitRatioOption(command: Command): Command {
  return command.option("--unit-ratio <r>", "divide nanoseconds by r in hgrm and interval-log output, like -outputValueUnitRatio (default: 1e6, ms)", parsePositiveNumber);
}

/** The selection the flags describe, refusing contradictions. */
export function hlogSelection(flags: HlogFlags): HlogSelection {
  if (flags.tag !== undefined && flags.allTags) throw new UserError("--tag and --all-tags contradict each other", "choose one");
  if (flags.start !== undefined && flags.end !== undefined && flags.end < flags.start) {
    throw new UserError(`--end ${flags.end} is before --start ${flags.start}`, "both are seconds after the log's StartTime");
  }
  if (flags.includeEarly && flags.start !== undefined) throw new UserError("--include-early and --start contradict each other", "--start sets where reading begins; drop one");
  return { tag: flags.tag, allTags: flags.allTags === true, startSec: flags.start, endSec: flags.end, includeEarly: flags.includeEarly === true };
}
