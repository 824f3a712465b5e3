/** `latstat convert FILE... -o hlog`: the shard step of scale-out — any logs into one HdrHistogram interval log. */
import { Option } from "commander";
import type { CommandAdder } from "./exit-codes.js";
import { parseWholeMilliseconds } from "./hlog-options.js";
import { addInputOptions, inputOptions, type InputFlags } from "./input-options.js";
import { addGroupByOption } from "./misery-options.js";
import { printHlog } from "./write-hlog.js";

interface ConvertFlags extends InputFlags {
  output: "hlog";
  /** `--interval`, whole ms. */
  interval?: number;
}

const CONVERT_HELP = `
Writes an HdrHistogram interval log (format 1.3, as Java's HistogramLogWriter) to stdout:
one histogram per --interval of request start times (default 1s). HdrHistogram logs keep
their own intervals unless --interval is given. With --group-by, each group's requests are
written under its own Tag= (HistogramLogProcessor -tag NAME reads one). Inputs without start
times become one interval at time 0. Merge the logs of many machines with latstat merge.`;

/** Adds `latstat convert`. */
export const addConvertCommand: CommandAdder = (program, exit) => {
  const command = program
    .command("convert")
    .description("convert logs into an HdrHistogram interval log (the shard step of scale-out)")
    .argument("[files...]", "input files, gzip or not; none or - reads stdin");
  addGroupByOption(addInputOptions(command))
    .optionsGroup("Output:")
    .addOption(new Option("-o, --output <format>", "output format").choices(["hlog"]).default("hlog"))
    .option("--interval <duration>", "interval length (default 1s for inputs with start times; hlogs keep theirs)", parseWholeMilliseconds)
    .addHelpText("after", CONVERT_HELP)
    .action(async (files: string[], flags: ConvertFlags) => {
      // The flags have no rules between them beyond the input flags' own.
      exit(await printHlog(files, inputOptions(files, flags), flags.groupBy ?? [], flags.interval));
    });
};
