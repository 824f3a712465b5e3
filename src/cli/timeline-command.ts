/**
 * `latstat timeline FILE... [--interval 10s]`: latency per time window, with sparklines and a chart of p50, p99
 * and max over time (and, with --html and --svg, as pictures).
 */
import { Option } from "commander";
import type { CoMode } from "../analyses/correction.js";
import { correctEachInterval } from "../analyses/interval-correction.js";
import { medianLengthMs, type TimeLine } from "../analyses/log-intervals.js";
import { scheduledSeries, scheduledValues } from "../analyses/schedule.js";
import { buildTimeline, DEFAULT_TIMELINE_INTERVAL_MS, type TimelineInput } from "../analyses/timeline.js";
import { windowSamples } from "../analyses/windows.js";
import { UserError } from "../base/errors.js";
import { BucketLayout, type SignificantDigits } from "../core/histogram.js";
import type { TimeUnit } from "../base/units.js";
import { renderBrailleChart } from "../render/braille-chart.js";
import { formatDuration } from "../render/values.js";
import { renderTimelineTable } from "../render/timeline.js";
import { timelineChart, timelineYScale } from "../render/timeline-chart.js";
import { renderTimelineCsv, renderTimelineJson } from "../render/timeline-data.js";
import { markPartial, type PartialFormat } from "../render/partial.js";
import { partialInputsNote } from "../render/describe-input.js";
import { partialInputsOf } from "../analyses/read-recorded.js";
import { addChartSizeOptions, chartWidth, yTicksFor, type ChartSizeFlags } from "./chart-size.js";
import { addCoOptions, coMode, type CoFlags } from "./co-options.js";
import { writeTimelinePictures } from "./command-pictures.js";
import { parseWholeMilliseconds } from "./hlog-options.js";
import { addInputOptions, inputOptions, parseTimeUnit, type InputFlags, type InputOptions } from "./input-options.js";
import { addPictureOptions, checkPictureTargets, type PictureFlags, type Pictures } from "./picture-options.js";
import { type ReadTimeLine, readTimeLine } from "./read-time-line.js";
import { colorAllowed, writeResult } from "./terminal.js";
import { timeLineOf } from "./write-hlog.js";
import { type CommandAdder, EXIT, type ExitCode } from "./exit-codes.js";
import { readStoppedByInterrupt, sayInterrupted } from "./interrupt.js";

/** Rows of the chart's plot area under the table when --height is not given. */
export const DEFAULT_TIMELINE_CHART_HEIGHT = 12;
/** Columns per time tick in the terminal, room for a label such as `1h30m` and a gap. */
const COLUMNS_PER_TIME_TICK = 10;

interface TimelineFlags extends InputFlags, CoFlags, PictureFlags, ChartSizeFlags {
  /** `--interval`, `--skip`, `--window`: whole ms. */
  interval?: number;
  skip?: number;
  window?: number;
  output: "table" | "csv" | "json";
  json?: boolean;
  outUnit?: TimeUnit;
  color: boolean;
}

/** What `latstat timeline` reads and prints. */
interface TimelineOptions {
  files: string[];
  input: InputOptions;
  correction: CoMode;
  /** Window length asked for, whole ms. */
  intervalMs: number | undefined;
  skipMs: number;
  /** Moving window, whole ms. */
  windowMs: number | undefined;
  output: "table" | "csv" | "json";
  outUnit: TimeUnit | undefined;
  color: boolean;
  chart: { width: number; height: number };
  pictures: Pictures;
}

const TIMELINE_HELP = `
Windows are of --interval by request start time (default 10s), or an HdrHistogram log's
own intervals. --skip drops the first windows (warm-up); --window makes every row the
moving window ending with it, as HistogramLogProcessor's -mwp/-mwpl. With
--expected-interval (add --co-after for logs) or --rate, corrected columns (c) follow.
Under the table, a chart of p50, p99 and max per window (--width, --height); latency
is on a log axis when the values span more than a decade, else on a linear one.`;

/** The corrected intervals of the time line, window for window, when a correction is asked for. */
function corrected(mode: CoMode, read: ReadTimeLine, line: TimeLine, digits: SignificantDigits): TimelineInput["corrected"] {
  // timeline has no --apply: detection alone corrects nothing.
  if (mode.kind === "off" || mode.kind === "auto") return undefined;
  if (mode.kind === "expected-interval" && mode.after) {
    return { label: `corrected at ${formatDuration(mode.intervalNs)} after recording`, intervals: correctEachInterval(line.intervals, mode.intervalNs) };
  }
  const { sources, series } = read.timeLine;
  if (sources.logIntervals.length > 0 || line.intervalMs === undefined) {
    throw new UserError(`${mode.kind === "schedule" ? "--rate" : "--expected-interval at record time"} needs samples with start times, not histograms`, "for HdrHistogram logs use --expected-interval I --co-after");
  }
  const grid = { originSec: line.startTimeSec, lengthMs: line.intervalMs };
  const layout = new BucketLayout(digits);
  if (mode.kind === "schedule") {
    const responses = scheduledSeries(series, mode.intervalNs).map((s) => scheduledValues(s, mode.intervalNs));
    return { label: `response time at one request per ${formatDuration(mode.intervalNs)}`, rawLabel: "service time", intervals: windowSamples(responses, grid, { layout }) };
  }
  return { label: `corrected at ${formatDuration(mode.intervalNs)}`, intervals: windowSamples(sources.timed, grid, { layout, backfillIntervalNs: mode.intervalNs }) };
}

/** The timeline flags, validated. */
function timelineOptions(files: string[], flags: TimelineFlags): TimelineOptions {
  const correction = coMode(flags);
  return {
    files,
    input: inputOptions(files, flags),
    correction,
    intervalMs: flags.interval,
    skipMs: flags.skip ?? 0,
    windowMs: flags.window,
    output: flags.json ? "json" : flags.output,
    outUnit: flags.outUnit,
    color: flags.color,
    chart: { width: chartWidth(flags), height: flags.height },
    pictures: { html: flags.html, svg: flags.svg },
  };
}

/** Reads the inputs and prints their time line; after Ctrl-C, what was read, marked partial (exit 130). */
async function printTimeline(options: TimelineOptions): Promise<ExitCode> {
  await checkPictureTargets(options.pictures, options.files.length === 0 ? ["-"] : options.files);
  const read = await readStoppedByInterrupt((signal) => readTimeLine(options.files, options.input, { failures: true, signal }));
  // Ctrl-C while reading, or an input that holds part of its data (a log an interrupted run wrote).
  const partialInputs = partialInputsOf(read.inputs);
  const mark = (format: PartialFormat, text: string) => {
    const marked = read.partial ? markPartial(format, text) : text;
    // JSON has one `partial` key, set already after Ctrl-C.
    return partialInputs.length === 0 || (read.partial && format === "json") ? marked : markPartial(format, marked, partialInputsNote(partialInputs));
  };
  const logIntervals = read.timeLine.sources.logIntervals;
  // Several tags at one time (--all-tags) are added into one row per window.
  const tagged = new Set(logIntervals.map((interval) => interval.tag)).size > 1;
  const untagged = { ...read, timeLine: { ...read.timeLine, sources: { ...read.timeLine.sources, logIntervals: logIntervals.map(({ tag: _, ...interval }) => interval) } } };
  const intervalMs = options.intervalMs ?? (tagged ? medianLengthMs(logIntervals) : undefined);
  const line = timeLineOf(untagged, options.input.digits, intervalMs, DEFAULT_TIMELINE_INTERVAL_MS);
  const data = buildTimeline(
    {
      startTimeSec: line.startTimeSec,
      intervalMs: line.intervalMs,
      raw: line.intervals,
      corrected: corrected(options.correction, untagged, line, options.input.digits),
      ...(read.timeLine.failures !== undefined ? { failures: read.timeLine.failures } : {}),
    },
    { skipMs: options.skipMs, windowMs: options.windowMs },
  );
  if (data.rows.length === 0) throw new UserError(`no windows left after --skip ${options.skipMs / 1000}s`, "skip less");
  const digits = read.timeLine.sources.raw.digits;
  if (options.output === "table") {
    const color = colorAllowed(options.color);
    const { width, height } = options.chart;
    const chart = timelineChart(data, { yScale: timelineYScale(data), maxYTicks: yTicksFor(height), maxXTicks: Math.floor(width / COLUMNS_PER_TIME_TICK) });
    await writeResult(mark("text", `${renderTimelineTable(data, read.report, { outUnit: options.outUnit, digits, color })}\n${renderBrailleChart(chart, { width, height, color })}`));
  } else {
    const unit = options.outUnit ?? "ms";
    await writeResult(options.output === "csv" ? mark("csv", renderTimelineCsv(data, unit)) : mark("json", renderTimelineJson(data, unit, read.report)));
  }
  if (read.partial) {
    sayInterrupted("the time line covers", [options.pictures.html, options.pictures.svg]);
    return EXIT.interrupted;
  }
  await writeTimelinePictures(options.pictures, data, read.report.files, { outUnit: options.outUnit, digits });
  return EXIT.ok;
}

/** Adds `latstat timeline`. */
export const addTimelineCommand: CommandAdder = (program, exit) => {
  const command = program
    .command("timeline")
    .description("latency per time window (count, p50, p90, p99, max) with sparklines")
    .argument("[files...]", "input files with request start times, or HdrHistogram logs; none or - reads stdin");
  addChartSizeOptions(addPictureOptions(addCoOptions(addInputOptions(command), { apply: false }), "the latency-over-time chart"), DEFAULT_TIMELINE_CHART_HEIGHT)
    .optionsGroup("Windows:")
    .option("--interval <duration>", "window length (default 10s; HdrHistogram logs: their own intervals)", parseWholeMilliseconds)
    .option("--skip <duration>", "drop the windows of the first part of the run (warm-up), e.g. 30s", parseWholeMilliseconds)
    .option("--window <duration>", "each row the moving window of this length ending with it (-mwpl), e.g. 60s", parseWholeMilliseconds)
    .optionsGroup("Output:")
    .addOption(new Option("-o, --output <format>", "output format").choices(["table", "csv", "json"]).default("table"))
    .option("--json", "same as -o json")
    .option("--out-unit <unit>", "unit of printed latencies: ns, us, ms, s (default: readable; ms for json/csv)", parseTimeUnit)
    .option("--no-color", "no ANSI colour even on a terminal")
    .addHelpText("after", TIMELINE_HELP)
    .action(async (files: string[], flags: TimelineFlags) => exit(await printTimeline(timelineOptions(files, flags))));
};
