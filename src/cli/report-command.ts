/** `latstat [report] [FILE...]`: read latency logs and print their distribution. */
import { Option, type Command } from "commander";
import { buildBucketReport, type BucketInput } from "../analyses/bucket-report.js";
import { readRecorded } from "../analyses/read-recorded.js";
import { UserError } from "../base/errors.js";
import { approximation } from "../formats/registry.js";
import type { BucketOutput } from "../render/bucket-report.js";
import { markPartial, withComment } from "../render/partial.js";
import { partialInputsNote } from "../render/describe-input.js";
import { refuseForBuckets } from "./bucket-inputs.js";
import { addCoOptions } from "./co-options.js";
import { type CommandAdder, EXIT, type ExitCode } from "./exit-codes.js";
import { addInputOptions } from "./input-options.js";
import { addFailuresAsOption } from "./failure-options.js";
import { sayInterrupted, watchInterrupt } from "./interrupt.js";
import { startLive } from "./live.js";
import { addMiseryOptions } from "./misery-options.js";
import { OUTPUT_FORMATS, renderReport } from "./outputs.js";
import { addPictureOptions, checkPictureTargets, pictureTargets } from "./picture-options.js";
import { readingHooks } from "./reading.js";
import { addReportOutputOptions, parseRedrawInterval, type ReportFlags, type ReportOptions, reportRun } from "./report-options.js";
import { colorAllowed, writeResult } from "./terminal.js";

/**
 * Reads the inputs and prints the report (what `latstat report` does, and `merge` without -o).
 * Ctrl-C while reading ends the reading, not the program: what was read is reported, marked partial, and the
 * exit code is 130 — except with --follow once it has read what the file held at first: Ctrl-C ends following by
 * design (a whole report, exit 0).
 */
export async function printReport(options: ReportOptions): Promise<ExitCode> {
  const { input } = options;
  await checkPictureTargets(options.pictures, options.files.length === 0 ? ["-"] : options.files);
  const interrupt = watchInterrupt();
  const live = options.live === undefined ? undefined : await startLive(input.digits, options.live.everyNs);
  let run;
  try {
    run = await readRecorded(options.files, {
      read: input.read,
      hooks: readingHooks({ debug: input.debug, signal: interrupt.signal, buckets: true, progress: live === undefined }),
      digits: input.digits,
      percentiles: options.percentiles,
      perFile: options.perFile,
      failuresAsNs: options.failuresAsNs,
      correction: options.correction,
      who: options.who,
      hlogRange: options.output === "hgrm",
      startTimes: options.pictures.html !== undefined,
      consumers: live === undefined ? [] : [live.tally],
    });
  } finally {
    interrupt.stop();
    live?.stop();
  }
  const done = run.partial ? EXIT.interrupted : EXIT.ok;
  if (run.kind === "buckets") {
    await printBucketReport(run.inputs, run.files, options, run.partial);
    return done;
  }
  if (options.delta) throw new UserError("--delta subtracts one Prometheus scrape from another", "give two scrapes of a histogram: latstat before.prom after.prom --delta");
  const { report } = run;
  const renderOptions = { outUnit: options.outUnit, digits: report.recorder.digits, ci: options.ci };
  const rendered = await renderReport(options.output, report, { ...renderOptions, color: colorAllowed(options.color), hgrm: options.hgrm });
  // A distribution read back from a spectrum or buckets says so in every output: table, markdown and JSON in their
  // own words, CSV and hgrm (which have no place for it) in a comment line.
  const approximate = approximation(report.format);
  const text = approximate !== undefined && (options.output === "csv" || options.output === "hgrm") ? withComment(rendered, `APPROXIMATE: ${approximate}`) : rendered;
  if (run.partial) {
    // The table, markdown and JSON renderers mark a partial report themselves; pictures are not written.
    sayInterrupted("the report covers", [options.pictures.html, options.pictures.svg]);
    await writeResult(options.output === "csv" || options.output === "hgrm" ? markPartial(options.output, text) : text);
    return done;
  }
  // Inputs that hold only part of their data (logs an interrupted run wrote) make a partial report, though whole read.
  const partialInputs = report.partialInputs;
  await writeResult(partialInputs !== undefined && (options.output === "csv" || options.output === "hgrm") ? markPartial(options.output, text, partialInputsNote(partialInputs)) : text);
  if (pictureTargets(options.pictures).length > 0) {
    // Loaded only when asked for, as the hlog modes below: most reports need neither, and start-up is their cost.
    const { writeReportPictures } = await import("./command-pictures.js");
    await writeReportPictures(options.pictures, report, run.inputs, { ...renderOptions, color: false }, run.times);
  }
  return done;
}

/** The report of Prometheus histograms: buckets and estimates, with the flags that need requests refused. */
async function printBucketReport(inputs: BucketInput[], files: readonly string[], options: ReportOptions, partial: boolean): Promise<void> {
  refuseForBuckets(options.needsRequests);
  const report = buildBucketReport(inputs, files, { percentiles: options.percentiles, groupBy: options.who.groupBy, delta: options.delta });
  const { renderBucketReport } = await import("../render/bucket-report.js");
  const text = renderBucketReport(options.output as BucketOutput, partial ? { ...report, partial } : report, { outUnit: options.outUnit });
  await writeResult(partial && options.output === "csv" ? markPartial("csv", text) : text);
}

export const addReportCommand: CommandAdder = (program, exit) => {
  const command: Command = program
    .command("report", { isDefault: true })
    .description("print the latency distribution of one or more logs (the default command)")
    .argument("[files...]", "input files, gzip or not; none or - reads stdin");
  addPictureOptions(addReportOutputOptions(addMiseryOptions(addFailuresAsOption(addCoOptions(addInputOptions(command))))))
    .optionsGroup("Output:")
    .addOption(new Option("-o, --output <format>", "output format (hlog: an HdrHistogram interval log, --interval long each, default 1s)").choices([...OUTPUT_FORMATS, "hlog"]).default("table"))
    .optionsGroup("HdrHistogram logs:")
    .option("--intervals", "HdrHistogram logs: print HistogramLogProcessor's interval log (-o csv: its CSV form)")
    .option("--list-tags", "HdrHistogram logs: list the tags of the intervals and exit")
    .optionsGroup("Input:")
    .option("--delta", "Prometheus: the requests between two scrapes (before after), the second minus the first; counter resets are refused")
    .optionsGroup("Reading:")
    .option("-F, --follow", "read the one log file (not compressed) on as it grows, through rotation and truncation (like tail -F), until Ctrl-C prints the report (PARTIAL, exit 130, if the file's first content was not yet read through)")
    .option("--live", "while reading, redraw a summary on stderr (when it is a terminal): count, rate, p50/p99/p99.9/max, last window's p99")
    .addOption(new Option("--every <duration>", "--live: redraw interval").argParser(parseRedrawInterval).default(1e9, "1s"))
    .action(async (files: string[], flags: ReportFlags) => {
      const run = reportRun(files, flags);
      switch (run.mode) {
        case "list-tags":
          return (await import("./hlog-report.js")).listTags(run.files, run.input);
        case "intervals":
          return (await import("./hlog-report.js")).printIntervalLog(run);
        case "hlog": {
          const { printHlog } = await import("./write-hlog.js");
          return exit(await printHlog(run.files, run.input, run.groupBy, run.intervalMs));
        }
        case "report":
          return exit(await printReport(run.options));
      }
    });
};
