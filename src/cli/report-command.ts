/** `latstat [report] [FILE...]`: read latency logs and print their distribution. */
import { Option, InvalidArgumentError, type Command } from "commander";
import { buildReport } from "../analyses/report.js";
import { DEFAULT_PERCENTILES } from "../analyses/summary.js";
import { DEFAULT_SKIP_REASON, FAILED_SKIP_REASON } from "../ingest/accounting.js";
import { UserError } from "../base/errors.js";
import { type CommandAdder, EXIT } from "./exit-codes.js";
import { parseTimeUnit, addInputOptions, type InputFlags } from "./input-options.js";
import { readInputs } from "./read-inputs.js";
import { renderReport, OUTPUT_FORMATS, type OutputFormat } from "./outputs.js";
import { colorAllowed, warn, writeResult } from "./terminal.js";
import { addCoOptions, coMode, sayCorrection, type CoFlags } from "./co-options.js";
import { applyCorrection, type CoMode, correctionRecorders } from "../analyses/correction.js";
import { IntervalCollector } from "../core/intervals.js";
import { addUnitRatioOption, hlogRange } from "./hlog-options.js";
import { noteShapes } from "./shape-notes.js";
import type { TimeUnit } from "../base/units.js";
import { LatencyRecorder } from "../core/recorder.js";
import { parseDuration } from "../base/units.js";
import { watchInterrupt } from "./interrupt.js";
import { startLive } from "./live.js";
import { addPictureOptions, checkPictureTargets, pictureStartTimes, pictureTargets, type PictureFlags } from "./picture-options.js";
import { whoRecorders, whoSuffered } from "../analyses/who-suffered.js";
import { buildBucketReport, type BucketInput } from "../analyses/bucket-report.js";
import type { BucketOutput } from "../render/bucket-report.js";
import { bucketInputs, refuseForBuckets } from "./bucket-inputs.js";
import { addMiseryOptions, parsePositiveInteger, whoOptions, type MiseryFlags } from "./misery-options.js";

/** Flags of `latstat report`. */
export interface ReportFlags extends InputFlags, CoFlags, MiseryFlags, PictureFlags {
  percentiles: string[];
  output: OutputFormat | "hlog";
  json?: boolean;
  outUnit?: TimeUnit;
  ticks: number;
  hgrmCsv?: boolean;
  corrected?: boolean;
  perFile?: boolean;
  ci?: boolean;
  color: boolean;
  unitRatio?: number;
  intervals?: boolean;
  listTags?: boolean;
  live?: boolean;
  /** `--every`, ns. */
  every?: number;
  delta?: boolean;
}

/** Parses `-p 50,95,99.9`: percentiles 0–100, kept as written (they are the keys of the JSON output). */
export function parsePercentiles(text: string): string[] {
  const labels = text.split(",").map((p) => p.trim());
  for (const label of labels) {
    const value = Number(label);
    if (label === "" || !Number.isFinite(value) || value < 0 || value > 100) {
      throw new InvalidArgumentError(`"${label}" is not a percentile from 0 to 100`);
    }
  }
  return [...new Set(labels)];
}

/** The error for a report with no values, naming what was skipped and why. */
function noValues(report: ReturnType<typeof buildReport>): UserError {
  const a = report.accounting;
  const reasons = Object.entries(a.skippedByReason).filter(([reason]) => reason !== DEFAULT_SKIP_REASON);
  const skipped = reasons.map(([reason, count]) => `${reason}: ${count}`).join(", ");
  return new UserError(
    `no values: ${a.lines} ${a.entries} read, none recorded${skipped ? ` (skipped: ${skipped})` : ""}`,
    reasons.length === 0
      ? "check --format, --column/--field and --unit; --debug explains"
      : reasons.length === 1 && reasons[0]![0] === FAILED_SKIP_REASON
        ? "every request failed; --include-errors records them"
        : "check --metric and the filters; --debug explains",
  );
}

function parseRedrawInterval(text: string): number {
  const ns = parseDuration(text, "s");
  if (ns === undefined || ns < 10e6) throw new InvalidArgumentError("must be a duration of at least 10ms, such as 1s or 500ms");
  return ns;
}

/**
 * Reads the inputs and prints the report in `output` (what `latstat report` does, and `merge` without -o).
 * Ctrl-C while reading ends the reading, not the program: what was read is reported, marked partial, and the
 * result is true (exit 130) — except with --follow, which Ctrl-C ends by design (a whole report, exit 0).
 */
export async function printReport(files: string[], flags: ReportFlags, mode: CoMode, output: OutputFormat): Promise<boolean> {
  const who = whoOptions(flags);
  if (flags.perFile && who.groupBy.length > 0) throw new UserError("--per-file and --group-by both add rows", "choose one");
  if (output === "hgrm" && (who.groupBy.length > 0 || who.thresholdNs !== undefined || who.slo !== undefined)) {
    throw new UserError("-o hgrm prints one distribution: groups, misery and SLO figures have no place in it", "use -o table, markdown, csv or json");
  }
  const extra = correctionRecorders(mode, flags.sigDigits, who.groupBy.length > 0);
  const recorders = whoRecorders(who, flags.sigDigits, extra);
  const intervals = output === "hgrm" ? new IntervalCollector() : undefined;
  const startTimes = pictureStartTimes(flags, extra.timed);
  const consumers = [...recorders.consumers, intervals, startTimes].filter((c) => c !== undefined);
  const interrupt = watchInterrupt();
  const live = flags.live ? await startLive(flags.sigDigits, flags.every ?? 1e9) : undefined;
  let inputs;
  try {
    const reading = { signal: interrupt.signal, progress: live === undefined, buckets: true };
    inputs = await readInputs(files, flags, () => new LatencyRecorder(flags.sigDigits), live === undefined ? consumers : [...consumers, live.tally], reading);
  } finally {
    interrupt.stop();
    live?.stop();
  }
  // Following a log ends with Ctrl-C by design: what was read is the whole report.
  const partial = interrupt.signal.aborted && flags.follow !== true;
  const bucketed = bucketInputs(inputs);
  if (bucketed !== undefined) {
    await printBucketReport(bucketed, flags, output, partial);
    return partial;
  }
  if (flags.delta) throw new UserError("--delta subtracts one Prometheus scrape from another", "give two scrapes of a histogram: latstat before.prom after.prom --delta");
  if (partial && inputs.every((input) => input.recorder.count === 0)) {
    warn("interrupted before any value was read");
    return true;
  }
  const report = buildReport(inputs, flags.percentiles, flags.perFile === true);
  if (partial) report.partial = true;
  if (report.total.count === 0) throw noValues(report);
  noteShapes(inputs, flags.sigDigits);
  const firstInterval = intervals?.intervals[0];
  if (firstInterval !== undefined) report.hlog = hlogRange(flags, firstInterval.logStartSec);
  const correction = applyCorrection(mode, { raw: report.recorder, ...extra }, flags.percentiles);
  sayCorrection(correction);
  report.corrected = correction.corrected;
  report.detection = correction.detection;
  if (flags.corrected && report.corrected === undefined) {
    throw new UserError("--corrected needs a coordinated-omission correction", "add --expected-interval, --rate or --co auto --apply");
  }
  const { warnings, ...figures } = whoSuffered(report, recorders, who, extra.timed);
  for (const message of warnings) warn(message);
  Object.assign(report, figures);
  const options = { outUnit: flags.outUnit, digits: report.recorder.digits, ci: flags.ci === true };
  const text = await renderReport(output, report, {
    ...options,
    color: colorAllowed(flags.color),
    hgrm: { ticksPerHalfDistance: flags.ticks, csv: flags.hgrmCsv === true, corrected: flags.corrected === true, unitRatio: flags.unitRatio },
  });
  if (partial) warn("interrupted: the report covers only what was read before Ctrl-C");
  await writeResult(text);
  if (pictureTargets(flags).length > 0) {
    // Loaded only when asked for, as the hlog modes below: most reports need neither, and start-up is their cost.
    const { writeReportPictures } = await import("./command-pictures.js");
    await writeReportPictures(flags, report, inputs, { ...options, color: false }, startTimes ?? extra.timed);
  }
  return partial;
}

/** The report of Prometheus histograms: buckets and estimates, with the flags that need requests refused. */
async function printBucketReport(inputs: BucketInput[], flags: ReportFlags, output: OutputFormat, partial: boolean): Promise<void> {
  refuseForBuckets([
    ["-o hgrm", output === "hgrm" ? true : undefined],
    ["--per-file", flags.perFile],
    ["--ci", flags.ci],
    ["--corrected", flags.corrected],
    ["--expected-interval", flags.expectedInterval],
    ["--rate", flags.rate],
    ["--apply", flags.apply],
    ["--threshold", flags.threshold],
    ["--slo", flags.slo],
    ["--session", flags.session],
    ["--session-size", flags.sessionSize],
    ["--interval", flags.interval],
    ["--sort", flags.sort],
    ["--html", flags.html],
    ["--svg", flags.svg],
  ]);
  const report = buildBucketReport(inputs, { percentiles: flags.percentiles, groupBy: flags.groupBy ?? [], delta: flags.delta === true });
  if (partial) report.partial = true;
  const { renderBucketReport } = await import("../render/bucket-report.js");
  await writeResult(renderBucketReport(output as BucketOutput, report, { outUnit: flags.outUnit }));
}

/** The report flags, for commands that end in a report (merge). */
export function addReportOutputOptions(command: Command): Command {
  return addUnitRatioOption(command)
    .option("-p, --percentiles <list>", "percentiles to report, comma-separated", parsePercentiles, [...DEFAULT_PERCENTILES])
    .option("--json", "same as -o json")
    .option("--out-unit <unit>", "unit of printed latencies: ns, us, ms, s (default: readable; ms for json/csv/hgrm)", parseTimeUnit)
    .option("--ticks <n>", "hgrm: percentile ticks per half distance", parsePositiveInteger, 5)
    .option("--hgrm-csv", "hgrm: the reference's CSV variant")
    .option("--corrected", "hgrm: print the coordinated-omission corrected distribution")
    .option("--per-file", "add a row per input file")
    .option("--ci", "show each percentile's 95% confidence interval (csv: as _lo/_hi columns; json always has them)")
    .option("--no-color", "no ANSI colour even on a terminal");
}

/** `--interval` (ns) as the whole milliseconds an interval log's timestamps can hold. */
function hlogIntervalMs(intervalNs: number | undefined): number | undefined {
  if (intervalNs === undefined) return undefined;
  if (intervalNs % 1e6 !== 0) throw new UserError("-o hlog: --interval must be a whole number of milliseconds", "e.g. --interval 1s or 250ms");
  return intervalNs / 1e6;
}

export const addReportCommand: CommandAdder = (program, exit) => {
  const command = program
    .command("report", { isDefault: true })
    .description("print the latency distribution of one or more logs (the default command)")
    .argument("[files...]", "input files, gzip or not; none or - reads stdin");
  addPictureOptions(addReportOutputOptions(addMiseryOptions(addCoOptions(addInputOptions(command)))))
    .addOption(new Option("-o, --output <format>", "output format (hlog: an HdrHistogram interval log, --interval long each, default 1s)").choices([...OUTPUT_FORMATS, "hlog"]).default("table"))
    .option("--intervals", "HdrHistogram logs: print HistogramLogProcessor's interval log (-o csv: its CSV form)")
    .option("--list-tags", "HdrHistogram logs: list the tags of the intervals and exit")
    .option("-F, --follow", "read the one log file on as it grows, through rotation and truncation (like tail -F), until Ctrl-C prints the report")
    .option("--delta", "Prometheus: the requests between two scrapes (before after), the second minus the first; counter resets are refused")
    .option("--live", "while reading, redraw a summary on stderr (when it is a terminal): count, rate, p50/p99/p99.9/max, last window's p99")
    .addOption(new Option("--every <duration>", "--live: redraw interval").argParser(parseRedrawInterval).default(1e9, "1s"))
    .action(async (files: string[], flags: ReportFlags) => {
      const output = flags.json ? "json" : flags.output;
      if (flags.listTags) return (await import("./hlog-report.js")).listTags(files, flags);
      const mode = coMode(flags);
      if (flags.intervals) {
        if (output !== "table" && output !== "csv") throw new UserError(`--intervals prints the interval log as text or csv, not ${output}`, "drop -o, or use -o csv");
        return (await import("./hlog-report.js")).printIntervalLog(files, flags, mode, output === "csv");
      }
      if (output === "hlog") {
        if (mode.kind !== "auto" || mode.apply) throw new UserError("-o hlog writes the histograms as recorded", "correct when reading the log, e.g. latstat report x.hlog --expected-interval 10ms --co-after");
        const intervalMs = hlogIntervalMs(flags.interval);
        const [{ readTimeLine }, { hlogText }] = await Promise.all([import("./read-time-line.js"), import("./write-hlog.js")]);
        const read = await readTimeLine(files, flags, flags.groupBy);
        return writeResult(hlogText(read, flags, intervalMs));
      }
      await checkPictureTargets(flags, files.length === 0 ? ["-"] : files);
      const partial = await printReport(files, flags, mode, output);
      exit(partial ? EXIT.interrupted : EXIT.ok);
    });
};
