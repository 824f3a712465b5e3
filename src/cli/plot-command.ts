/** `latstat plot FILE...`: the percentile spectrum of each input drawn in the terminal (and, with --svg, as a picture). */
import { Option } from "commander";
import type { CoMode } from "../analyses/correction.js";
import { readRecorded } from "../analyses/read-recorded.js";
import { inputSpectra } from "../analyses/spectra.js";
import type { Spectrum } from "../analyses/spectrum.js";
import { UserError } from "../base/errors.js";
import { renderBrailleChart } from "../render/braille-chart.js";
import { partialInputsNote } from "../render/describe-input.js";
import { markPartial } from "../render/partial.js";
import type { AxisScale } from "../render/chart-model.js";
import { spectrumChart } from "../render/spectrum-chart.js";
import { checkReadable, inputName } from "../sources/open.js";
import { addChartSizeOptions, chartWidth, yTicksFor, type ChartSizeFlags } from "./chart-size.js";
import { addCoOptions, coMode, type CoFlags } from "./co-options.js";
import { spectrumSvg } from "./command-pictures.js";
import { type CommandAdder, EXIT, type ExitCode } from "./exit-codes.js";
import { readStoppedByInterrupt, sayInterrupted } from "./interrupt.js";
import { addInputOptions, inputOptions, type InputFlags, type InputOptions } from "./input-options.js";
import { addSvgOption, checkPictureTargets, writePictures, type PictureFlags, type Pictures } from "./picture-options.js";
import { readingHooks } from "./reading.js";
import { colorAllowed, writeResult } from "./terminal.js";

interface PlotFlags extends InputFlags, CoFlags, PictureFlags, ChartSizeFlags {
  yScale: AxisScale;
  color: boolean;
}

/** Rows of the plot area when --height is not given. */
export const DEFAULT_PLOT_HEIGHT = 16;

const PLOT_HELP = `
The x axis is HdrHistogram's percentile axis: x = 1/(1-p) on a log scale, so 0%, 90%, 99%,
99.9%, 99.99% ... are evenly spaced and the tail gets as much room as the body. It reaches as far
as the data does (about 1 - 1/count). Latency is on a log scale (--y-scale linear to stress the
tail). A dotted stretch has fewer than 10 samples beyond it: the luck of the largest few.
With coordinated-omission correction (--expected-interval, --rate, --co auto --apply) each
input is drawn raw and corrected.`;

/** What `latstat plot` reads and draws. */
interface PlotOptions {
  /** The inputs (`-` for stdin when none is given). */
  files: string[];
  input: InputOptions;
  correction: CoMode;
  yScale: AxisScale;
  chart: { width: number; height: number };
  color: boolean;
  pictures: Pictures;
}

/** The plot flags, validated. */
function plotOptions(files: string[], flags: PlotFlags): PlotOptions {
  const args = files.length === 0 ? ["-"] : files;
  if (args.filter((f) => f === "-").length > 1) throw new UserError("stdin (-) can be only one of the inputs");
  return {
    files: args,
    input: inputOptions(files, flags),
    correction: coMode(flags),
    yScale: flags.yScale,
    chart: { width: chartWidth(flags), height: flags.height },
    color: flags.color,
    pictures: { svg: flags.svg },
  };
}

/**
 * Reads one input with its own coordinated-omission recorders, so each input gets its own correction: its spectra,
 * and whether it says it holds only part of its data (a log an interrupted run wrote).
 */
async function inputSpectraOf(file: string, options: PlotOptions, signal: AbortSignal): Promise<{ spectra: Spectrum[]; markedPartial: boolean }> {
  const { input } = options;
  const run = await readRecorded([file], {
    read: input.read,
    hooks: readingHooks({ debug: input.debug, signal }),
    digits: input.digits,
    percentiles: [],
    perFile: false,
    correction: options.correction,
    side: inputName(file),
  });
  if (run.kind !== "requests") throw new Error("bucket counts were read where requests were asked for");
  const read = run.inputs[0]!;
  return { spectra: inputSpectra(read.name, read, run.correction.corrected), markedPartial: read.markedPartial === true };
}

/** Reads every input and draws their spectra; after Ctrl-C, those of what was read, marked partial (exit 130). */
async function printPlot(options: PlotOptions): Promise<ExitCode> {
  const { files, chart } = options;
  await checkPictureTargets(options.pictures, files);
  for (const file of files) await checkReadable(file);
  const { spectra, partial, partialInputs } = await readStoppedByInterrupt(async (signal) => {
    const read: Spectrum[] = [];
    const marked: string[] = [];
    // After Ctrl-C the input being read ends there, and the others are not read.
    for (const file of files) {
      if (signal.aborted) break;
      const input = await inputSpectraOf(file, options, signal);
      read.push(...input.spectra);
      if (input.markedPartial) marked.push(inputName(file));
    }
    return { spectra: read, partial: signal.aborted, partialInputs: marked };
  });
  const model = spectrumChart(spectra, { yScale: options.yScale, maxYTicks: yTicksFor(chart.height) });
  const text = renderBrailleChart(model, { width: chart.width, height: chart.height, color: colorAllowed(options.color) });
  // Inputs that hold part of their data (logs an interrupted run wrote) mark the chart and the picture, naming them.
  const notes = partialInputs.length > 0 ? [partialInputsNote(partialInputs)] : [];
  const marked = partialInputs.length > 0 ? markPartial("text", text, notes[0]) : text;
  if (partial) {
    sayInterrupted("the plot covers", [options.pictures.svg]);
    await writeResult(markPartial("text", marked));
    return EXIT.interrupted;
  }
  await writeResult(marked);
  await writePictures(options.pictures, files, { svg: () => spectrumSvg(spectra, notes) });
  return EXIT.ok;
}

/** Adds `plot` to the program. */
export const addPlotCommand: CommandAdder = (program, exit) => {
  const command = program
    .command("plot")
    .description("draw the percentile spectrum (latency by percentile, 0% … 99.99%) of each input in the terminal")
    .argument("[files...]", "input files, gzip or not; none or - reads stdin");
  addChartSizeOptions(addSvgOption(addCoOptions(addInputOptions(command))), DEFAULT_PLOT_HEIGHT)
    .optionsGroup("Output:")
    .addOption(new Option("--y-scale <scale>", "latency axis").choices(["log", "linear"]).default("log"))
    .option("--no-color", "no ANSI colour even on a terminal")
    .addHelpText("after", PLOT_HELP)
    .action(async (files: string[], flags: PlotFlags) => exit(await printPlot(plotOptions(files, flags))));
};
