/** `latstat [report] [FILE...]`: read latency logs and print their distribution. */
import { InvalidArgumentError, Option, type Command } from "commander";
import { buildReport } from "../analyses/report.js";
import { DEFAULT_PERCENTILES } from "../analyses/summary.js";
import { EXIT, UserError } from "../core/errors.js";
import { parseTimeUnit, addInputOptions, type InputFlags } from "./input-options.js";
import { readInputs } from "./read-inputs.js";
import { renderReport, OUTPUT_FORMATS, type OutputFormat } from "./outputs.js";
import { colorAllowed, warn, writeResult } from "./terminal.js";
import { addCoOptions, coMode, type CoFlags } from "./co-options.js";
import { applyCorrection, type CoMode, correctionRecorders } from "../analyses/correction.js";
import { IntervalCollector } from "../core/intervals.js";
import { addUnitRatioOption, hlogRange, parseWholeMilliseconds } from "./hlog-options.js";
import { listTags, printIntervalLog } from "./hlog-report.js";
import { readTimeLine } from "./read-time-line.js";
import { noteShapes } from "./shape-notes.js";
import { hlogText } from "./write-hlog.js";
import { formatDuration } from "../render/values.js";
import type { TimeUnit } from "../core/units.js";
import { LatencyRecorder } from "../core/recorder.js";

/** Flags of `latstat report`. */
export interface ReportFlags extends InputFlags, CoFlags {
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
  interval?: number;
  intervals?: boolean;
  listTags?: boolean;
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

function parsePositiveInteger(text: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError("must be a positive integer");
  return n;
}

/** Reads the inputs and prints the report in `output` (what `latstat report` does, and `merge` without -o). */
export async function printReport(files: string[], flags: ReportFlags, mode: CoMode, output: OutputFormat): Promise<void> {
  const extra = correctionRecorders(mode, flags.sigDigits);
  const intervals = output === "hgrm" ? new IntervalCollector() : undefined;
  const shared = [extra.atRecord, extra.timed, intervals].filter((c) => c !== undefined);
  const inputs = await readInputs(files, flags, () => new LatencyRecorder(flags.sigDigits), shared);
  const report = buildReport(inputs, flags.percentiles, flags.perFile === true);
  if (report.total.count === 0) {
    throw new UserError(`no values: ${report.accounting.lines} lines read, none recorded`, "check --format, --column/--field and --unit; --debug explains");
  }
  noteShapes(inputs, flags.sigDigits);
  const firstInterval = intervals?.intervals[0];
  if (firstInterval !== undefined) report.hlog = hlogRange(flags, firstInterval.logStartSec);
  const correction = applyCorrection(mode, { raw: report.recorder, ...extra }, flags.percentiles, formatDuration);
  for (const message of correction.warnings) warn(message);
  report.corrected = correction.corrected;
  report.detection = correction.detection;
  if (flags.corrected && report.corrected === undefined) {
    throw new UserError("--corrected needs a coordinated-omission correction", "add --expected-interval, --rate or --co auto --apply");
  }
  const text = renderReport(output, report, {
    outUnit: flags.outUnit,
    digits: report.recorder.digits,
    color: colorAllowed(flags.color),
    ci: flags.ci === true,
    hgrm: { ticksPerHalfDistance: flags.ticks, csv: flags.hgrmCsv === true, corrected: flags.corrected === true, unitRatio: flags.unitRatio },
  });
  await writeResult(text);
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

export function addReportCommand(program: Command): void {
  const command = program
    .command("report", { isDefault: true })
    .description("print the latency distribution of one or more logs (the default command)")
    .argument("[files...]", "input files, gzip or not; none or - reads stdin");
  addReportOutputOptions(addCoOptions(addInputOptions(command)))
    .addOption(new Option("-o, --output <format>", "output format (hlog: an HdrHistogram interval log)").choices([...OUTPUT_FORMATS, "hlog"]).default("table"))
    .option("--interval <duration>", "-o hlog: interval length for inputs with start times (default 1s; hlogs keep theirs)", parseWholeMilliseconds)
    .option("--intervals", "HdrHistogram logs: print HistogramLogProcessor's interval log (-o csv: its CSV form)")
    .option("--list-tags", "HdrHistogram logs: list the tags of the intervals and exit")
    .action(async (files: string[], flags: ReportFlags) => {
      const output = flags.json ? "json" : flags.output;
      if (flags.listTags) return listTags(files, flags);
      const mode = coMode(flags);
      if (flags.intervals) {
        if (output !== "table" && output !== "csv") throw new UserError(`--intervals prints the interval log as text or csv, not ${output}`, "drop -o, or use -o csv");
        return printIntervalLog(files, flags, mode, output === "csv");
      }
      if (output === "hlog") {
        if (mode.kind !== "auto" || mode.apply) throw new UserError("-o hlog writes the histograms as recorded", "correct when reading the log, e.g. latstat report x.hlog --expected-interval 10ms --co-after");
        const read = await readTimeLine(files, flags);
        return writeResult(hlogText(read, flags, flags.interval));
      }
      await printReport(files, flags, mode, output);
      process.exitCode = EXIT.ok;
    });
}
