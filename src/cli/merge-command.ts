/** `latstat merge A.hlog B.hlog ... [-o merged.hlog]`: the central step of scale-out. */
import { escapeControls, UserError } from "../base/errors.js";
import { addCoOptions, coMode } from "./co-options.js";
import { type CommandAdder, EXIT } from "./exit-codes.js";
import { parseWholeMilliseconds } from "./hlog-options.js";
import { addInputOptions, inputOptions, type InputOptions } from "./input-options.js";
import { OUTPUT_FORMATS } from "./outputs.js";
import { printReport } from "./report-command.js";
import { addReportOutputOptions, reportOptions, type ReportFlags, type ReportOptions } from "./report-options.js";
import { SHARD_EXTENSION, shardFiles } from "./shard-files.js";
import { readHlog } from "./write-hlog.js";
import { warn } from "./terminal.js";
import { refuseToOverwriteInputs, writeFileAtomic } from "./write-file-atomic.js";

interface MergeFlags extends Omit<ReportFlags, "output"> {
  /** The merged log's file name. */
  output?: string;
  /** `--interval`: the merged log's interval length, whole ms. */
  interval?: number;
}

/** What `latstat merge` does: print the report of all the data, or write the merged log to a file. */
type MergeRun = { mode: "report"; options: ReportOptions } | { mode: "write"; files: string[]; input: InputOptions; target: string; intervalMs: number | undefined };

const MERGE_HELP = `
Merges interval logs from many machines: intervals are placed on one grid of --interval
(default: the logs' median interval length) by their absolute start times, so logs with
different StartTimes line up, and the histograms that land in one interval and tag are
added — never percentiles averaged. Histograms with other significant digits than the first
log's are added at each bucket's lowest value, as HdrHistogram's add() does.
With -o FILE the merged log is written there (atomically; never over an input); without it,
the report of all the data is printed (the same figures: adding histograms is exact).
A log marked PARTIAL (by an interrupted convert) is merged with a warning, and what is made
of it is marked PARTIAL too, naming it.

A directory stands for every *${SHARD_EXTENSION} file in it, a glob pattern in quotes for the files it
matches ('out/part-*', 'shards/**/*.hlog'), each in name order; a file named twice is refused.
  latstat merge shards/ -o all.hlog
  latstat merge 'out/part-*' --json`;

/** The merge flags, validated. */
function mergeRun(files: string[], flags: MergeFlags): MergeRun {
  const target = flags.output;
  const correction = coMode(flags);
  if (target === undefined) return { mode: "report", options: reportOptions(files, flags, correction, flags.json ? "json" : "table") };
  if ((OUTPUT_FORMATS as readonly string[]).includes(target) || target === "hlog") {
    throw new UserError(`merge -o names the merged log's file, not a format ("${target}")`, "e.g. -o merged.hlog; without -o the report is printed (--json for JSON)");
  }
  if (correction.kind !== "auto" || correction.apply) throw new UserError("the merged log holds the histograms as recorded", "correct when reading it, e.g. latstat report merged.hlog --expected-interval 10ms --co-after");
  return { mode: "write", files, input: inputOptions(files, flags), target, intervalMs: flags.interval };
}

/** Adds `latstat merge`. */
export const addMergeCommand: CommandAdder = (program, exit) => {
  const command = program
    .command("merge")
    .description("merge interval logs of many machines into one (histograms added on aligned intervals)")
    .argument("<files...>", `HdrHistogram logs (or any logs latstat reads), gzip or not; directories (their *${SHARD_EXTENSION}) or quoted glob patterns`);
  addReportOutputOptions(addCoOptions(addInputOptions(command)))
    .optionsGroup("Output:")
    .option("-o, --output <file>", "write the merged HdrHistogram log to this file instead of printing the report")
    .option("--interval <duration>", "interval length of the merged log (default: the logs' median)", parseWholeMilliseconds)
    .addHelpText("after", MERGE_HELP)
    .action(async (args: string[], flags: MergeFlags) => {
      const files = await shardFiles(args);
      const run = mergeRun(files, flags);
      if (run.mode === "report") return exit(await printReport(run.options));
      await refuseToOverwriteInputs([run.target], files);
      const { text, partial } = await readHlog(files, run.input, [], run.intervalMs);
      // A merged log is read later as a whole: an interrupted merge writes none.
      if (partial) {
        warn(`interrupted: nothing merged; not written: ${escapeControls(run.target)}`);
        return exit(EXIT.interrupted);
      }
      await writeFileAtomic(run.target, text, files);
    });
};
