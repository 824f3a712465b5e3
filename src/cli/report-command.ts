/** `latstat [report] [FILE...]`: read latency logs and print their distribution. */
import { InvalidArgumentError, Option, type Command } from "commander";
import { buildReport } from "../analyses/report.js";
import { DEFAULT_PERCENTILES } from "../analyses/summary.js";
import { DEFAULT_SKIP_REASON, FAILED_SKIP_REASON } from "../core/accounting.js";
import { EXIT, UserError } from "../core/errors.js";
import { parseTimeUnit, addInputOptions, type InputFlags } from "./input-options.js";
import { readInputs } from "./read-inputs.js";
import { renderReport, OUTPUT_FORMATS, type OutputFormat } from "./outputs.js";
import { colorAllowed, warn, writeResult } from "./terminal.js";
import { addCoOptions, coMode, type CoFlags } from "./co-options.js";
import { applyCorrection, correctionRecorders } from "../analyses/correction.js";
import { formatDuration } from "../render/values.js";
import type { TimeUnit } from "../core/units.js";
import { LatencyRecorder } from "../core/recorder.js";
import { writeReportPictures } from "./command-pictures.js";
import { addPictureOptions, checkPictureTargets, type PictureFlags } from "./picture-options.js";
import { whoRecorders, whoSuffered } from "../analyses/who-suffered.js";
import { addMiseryOptions, parsePositiveInteger, whoOptions, type MiseryFlags } from "./misery-options.js";

interface ReportFlags extends InputFlags, CoFlags, MiseryFlags, PictureFlags {
  percentiles: string[];
  output: OutputFormat;
  json?: boolean;
  outUnit?: TimeUnit;
  ticks: number;
  hgrmCsv?: boolean;
  corrected?: boolean;
  perFile?: boolean;
  ci?: boolean;
  color: boolean;
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

export function addReportCommand(program: Command): void {
  const command = program
    .command("report", { isDefault: true })
    .description("print the latency distribution of one or more logs (the default command)")
    .argument("[files...]", "input files, gzip or not; none or - reads stdin");
  addPictureOptions(addMiseryOptions(addCoOptions(addInputOptions(command))))
    .option("-p, --percentiles <list>", "percentiles to report, comma-separated", parsePercentiles, [...DEFAULT_PERCENTILES])
    .addOption(new Option("-o, --output <format>", "output format").choices(OUTPUT_FORMATS).default("table"))
    .option("--json", "same as -o json")
    .option("--out-unit <unit>", "unit of printed latencies: ns, us, ms, s (default: readable; ms for json/csv/hgrm)", parseTimeUnit)
    .option("--ticks <n>", "hgrm: percentile ticks per half distance", parsePositiveInteger, 5)
    .option("--hgrm-csv", "hgrm: the reference's CSV variant")
    .option("--corrected", "hgrm: print the coordinated-omission corrected distribution")
    .option("--per-file", "add a row per input file")
    .option("--ci", "show each percentile's 95% confidence interval (csv: as _lo/_hi columns; json always has them)")
    .option("--no-color", "no ANSI colour even on a terminal")
    .action(async (files: string[], flags: ReportFlags) => {
      const mode = coMode(flags);
      await checkPictureTargets(flags, files.length === 0 ? ["-"] : files);
      const who = whoOptions(flags);
      const output = flags.json ? "json" : flags.output;
      if (flags.perFile && who.groupBy.length > 0) throw new UserError("--per-file and --group-by both add rows", "choose one");
      if (output === "hgrm" && (who.groupBy.length > 0 || who.thresholdNs !== undefined || who.slo !== undefined)) {
        throw new UserError("-o hgrm prints one distribution: groups, misery and SLO figures have no place in it", "use -o table, markdown, csv or json");
      }
      const extra = correctionRecorders(mode, flags.sigDigits, who.groupBy.length > 0);
      const recorders = whoRecorders(who, flags.sigDigits, extra);
      const inputs = await readInputs(files, flags, () => new LatencyRecorder(flags.sigDigits), recorders.consumers);
      const report = buildReport(inputs, flags.percentiles, flags.perFile === true);
      if (report.total.count === 0) {
        const a = report.accounting;
        const reasons = Object.entries(a.skippedByReason).filter(([reason]) => reason !== DEFAULT_SKIP_REASON);
        const skipped = reasons.map(([reason, count]) => `${reason}: ${count}`).join(", ");
        throw new UserError(
          `no values: ${a.lines} lines read, none recorded${skipped ? ` (skipped: ${skipped})` : ""}`,
          reasons.length === 0
            ? "check --format, --column/--field and --unit; --debug explains"
            : reasons.length === 1 && reasons[0]![0] === FAILED_SKIP_REASON
              ? "every request failed; --include-errors records them"
              : "check --metric and the filters; --debug explains",
        );
      }
      const correction = applyCorrection(mode, { raw: report.recorder, ...extra }, flags.percentiles, formatDuration);
      for (const message of correction.warnings) warn(message);
      report.corrected = correction.corrected;
      report.detection = correction.detection;
      if (flags.corrected && report.corrected === undefined) {
        throw new UserError("--corrected needs a coordinated-omission correction", "add --expected-interval, --rate or --co auto --apply");
      }
      const { warnings, ...figures } = whoSuffered(report, recorders, who, extra.timed);
      for (const message of warnings) warn(message);
      Object.assign(report, figures);
      const text = renderReport(output, report, {
        outUnit: flags.outUnit,
        digits: flags.sigDigits,
        color: colorAllowed(flags.color),
        ci: flags.ci === true,
        hgrm: { ticksPerHalfDistance: flags.ticks, csv: flags.hgrmCsv === true, corrected: flags.corrected === true },
      });
      await writeResult(text);
      await writeReportPictures(flags, report, inputs, { outUnit: flags.outUnit, digits: flags.sigDigits, color: false, ci: flags.ci === true });
      process.exitCode = EXIT.ok;
    });
}
