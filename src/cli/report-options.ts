/**
 * The flags of `latstat report` (and of `merge`, which ends in a report) turned into typed options in one place:
 * every rule between flags is here, each error naming the flags.
 */
import { InvalidArgumentError, type Command } from "commander";
import type { CoMode } from "../analyses/correction.js";
import { DEFAULT_PERCENTILES } from "../analyses/summary.js";
import type { WhoOptions } from "../analyses/who-suffered.js";
import { UserError } from "../base/errors.js";
import { parseDuration, type TimeUnit } from "../base/units.js";
import { coMode, type CoFlags } from "./co-options.js";
import { addUnitRatioOption } from "./hlog-options.js";
import { inputOptions, parseTimeUnit, type InputFlags, type InputOptions } from "./input-options.js";
import { parsePositiveInteger, whoOptions, type MiseryFlags } from "./misery-options.js";
import type { OutputFormat } from "./outputs.js";
import type { PictureFlags, Pictures } from "./picture-options.js";
import type { FailureFlags } from "./failure-options.js";

/**
 * Most hgrm ticks per half distance: a distribution of N values has about 2 × ticks × log2(N) rows, so 10,000
 * ticks make at most ~600,000 (60 MB) where ten million ran out of memory on 50 values.
 */
const MAX_TICKS = 10_000;

function parseTicks(text: string): number {
  const ticks = parsePositiveInteger(text);
  if (ticks > MAX_TICKS) throw new InvalidArgumentError(`at most ${MAX_TICKS.toLocaleString("en-US")}`);
  return ticks;
}

/** Flags of `latstat report`, as commander collects them. */
export interface ReportFlags extends InputFlags, CoFlags, MiseryFlags, PictureFlags, FailureFlags {
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

/** What a report is made of and how it is printed. */
export interface ReportOptions {
  files: string[];
  input: InputOptions;
  correction: CoMode;
  who: WhoOptions;
  /** Percentiles as written (`-p`): the keys of the JSON output. */
  percentiles: string[];
  perFile: boolean;
  /** `--failures-as`: the latency failed requests count at in `withFailures`. */
  failuresAsNs?: number;
  output: OutputFormat;
  outUnit: TimeUnit | undefined;
  /** Each percentile's confidence interval (`--ci`). */
  ci: boolean;
  /** `--no-color` was not given. */
  color: boolean;
  hgrm: { ticksPerHalfDistance: number; csv: boolean; corrected: boolean; unitRatio: number | undefined };
  pictures: Pictures;
  /** Redraw a running summary while reading (`--live --every`). */
  live?: { everyNs: number };
  /** Prometheus: the second scrape minus the first (`--delta`). */
  delta: boolean;
  /** The flags given that need requests, not bucket counts: refused together when the inputs are Prometheus histograms. */
  needsRequests: string[];
}

/** What `latstat report` does: list an interval log's tags, print its interval log, write one, or report. */
export type ReportRun =
  | { mode: "list-tags"; files: string[]; input: InputOptions }
  | { mode: "intervals"; files: string[]; input: InputOptions; correction: CoMode; csv: boolean; unitRatio: number }
  | { mode: "hlog"; files: string[]; input: InputOptions; groupBy: string[]; intervalMs: number | undefined }
  | { mode: "report"; options: ReportOptions };

/** A percentile as written: plain decimal digits (not `0x32` or `1e1`, which Number() would take for 50 and 10). */
const PERCENTILE = /^(\d+(\.\d*)?|\.\d+)$/;

/** Parses `-p 50,95,99.9`: percentiles 0–100, kept as written (they are the keys of the JSON output). */
export function parsePercentiles(text: string): string[] {
  const labels = text.split(",").map((p) => p.trim());
  for (const label of labels) {
    const value = Number(label);
    if (!PERCENTILE.test(label) || value > 100) {
      throw new InvalidArgumentError(`"${label}" is not a percentile from 0 to 100`);
    }
  }
  return [...new Set(labels)];
}

/** Parses `--every`: a redraw interval of at least 10 ms. */
export function parseRedrawInterval(text: string): number {
  const ns = parseDuration(text, "s");
  if (ns === undefined || ns < 10e6) throw new InvalidArgumentError("must be a duration of at least 10ms, such as 1s or 500ms");
  return ns;
}

/** The report flags, for commands that end in a report (merge). */
export function addReportOutputOptions(command: Command): Command {
  return addUnitRatioOption(command.optionsGroup("Output:"))
    .option("-p, --percentiles <list>", "percentiles to report, comma-separated", parsePercentiles, [...DEFAULT_PERCENTILES])
    .option("--json", "same as -o json")
    .option("--out-unit <unit>", "unit of printed latencies: ns, us, ms, s (default: readable; ms for json/csv/hgrm)", parseTimeUnit)
    .option("--ticks <n>", `hgrm: percentile ticks per half distance (at most ${MAX_TICKS})`, parseTicks, 5)
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

/** True when `mode` makes corrected figures (or refuses to): the ones `--corrected` prints. */
function corrects(mode: CoMode): boolean {
  return mode.kind === "expected-interval" || mode.kind === "schedule" || (mode.kind === "auto" && mode.apply);
}

/** What `latstat report FILES` with these flags does, validated. */
export function reportRun(files: string[], flags: ReportFlags): ReportRun {
  const output = flags.json ? "json" : flags.output;
  if (flags.listTags) return { mode: "list-tags", files, input: inputOptions(files, { ...flags, tag: undefined, allTags: true }) };
  const correction = coMode(flags);
  if (flags.intervals) {
    if (output !== "table" && output !== "csv") throw new UserError(`--intervals prints the interval log as text or csv, not ${output}`, "drop -o, or use -o csv");
    if (correction.kind === "schedule" || (correction.kind === "expected-interval" && !correction.after) || (correction.kind === "auto" && correction.apply)) {
      throw new UserError("--intervals corrects interval logs only after the fact", "use --expected-interval I --co-after, as HistogramLogProcessor's -correctLogWithKnownCoordinatedOmission");
    }
    return { mode: "intervals", files, input: inputOptions(files, flags), correction, csv: output === "csv", unitRatio: flags.unitRatio ?? 1e6 };
  }
  if (output === "hlog") {
    // `--co off` asks for what -o hlog does anyway: no correction (and it detects nothing).
    const corrects = correction.kind === "expected-interval" || correction.kind === "schedule" || (correction.kind === "auto" && correction.apply);
    if (corrects) throw new UserError("-o hlog writes the histograms as recorded", "correct when reading the log, e.g. latstat report x.hlog --expected-interval 10ms --co-after");
    return { mode: "hlog", files, input: inputOptions(files, flags), groupBy: flags.groupBy ?? [], intervalMs: hlogIntervalMs(flags.interval) };
  }
  return { mode: "report", options: reportOptions(files, flags, correction, output) };
}

/** The options of a report printed as `output`, for `report` and `merge`. */
export function reportOptions(files: string[], flags: Omit<ReportFlags, "output">, correction: CoMode, output: OutputFormat): ReportOptions {
  const who = whoOptions(flags);
  if (flags.perFile && who.groupBy.length > 0) throw new UserError("--per-file and --group-by both add rows", "choose one");
  if (output === "hgrm" && (who.groupBy.length > 0 || who.thresholdNs !== undefined || who.slo !== undefined)) {
    throw new UserError("-o hgrm prints one distribution: groups, misery and SLO figures have no place in it", "use -o table, markdown, csv or json");
  }
  if (flags.corrected && !corrects(correction)) {
    throw new UserError("--corrected needs a coordinated-omission correction", "add --expected-interval, --rate or --co auto --apply");
  }
  const given: [string, unknown][] = [
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
  ];
  return {
    files,
    input: inputOptions(files, flags),
    correction,
    who,
    percentiles: flags.percentiles,
    perFile: flags.perFile === true,
    ...(flags.failuresAs === undefined ? {} : { failuresAsNs: flags.failuresAs }),
    output,
    outUnit: flags.outUnit,
    ci: flags.ci === true,
    color: flags.color,
    hgrm: { ticksPerHalfDistance: flags.ticks, csv: flags.hgrmCsv === true, corrected: flags.corrected === true, unitRatio: flags.unitRatio },
    pictures: { html: flags.html, svg: flags.svg },
    ...(flags.live ? { live: { everyNs: flags.every ?? 1e9 } } : {}),
    delta: flags.delta === true,
    needsRequests: given.filter(([, value]) => value !== undefined && value !== false).map(([flag]) => flag),
  };
}
