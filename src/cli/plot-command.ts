/** `latstat plot FILE...`: the percentile spectrum of each input drawn in the terminal (and, with --svg, as a picture). */
import { Option } from "commander";
import { applyCorrection, correctionRecorders } from "../analyses/correction.js";
import { inputSpectra } from "../analyses/spectra.js";
import type { Spectrum } from "../analyses/spectrum.js";
import { UserError } from "../base/errors.js";
import { type CommandAdder, EXIT } from "./exit-codes.js";
import { LatencyRecorder } from "../core/recorder.js";
import { renderBrailleChart } from "../render/braille-chart.js";
import type { AxisScale } from "../render/chart-model.js";
import { spectrumChart } from "../render/spectrum-chart.js";
import { checkReadable } from "../sources/open.js";
import { addChartSizeOptions, chartWidth, yTicksFor, type ChartSizeFlags } from "./chart-size.js";
import { addCoOptions, coMode, sayCorrection, type CoFlags } from "./co-options.js";
import { spectrumSvg } from "./command-pictures.js";
import { addInputOptions, type InputFlags } from "./input-options.js";
import { addSvgOption, checkPictureTargets, writePictures, type PictureFlags } from "./picture-options.js";
import { readInputs } from "./read-inputs.js";
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

/** Reads one input with its own coordinated-omission recorders, so each input gets its own correction. */
async function inputSpectraOf(file: string, flags: PlotFlags): Promise<Spectrum[]> {
  const mode = coMode(flags);
  const extra = correctionRecorders(mode, flags.sigDigits);
  const shared = [extra.atRecord, extra.timed].filter((c) => c !== undefined);
  const [input] = await readInputs([file], flags, () => new LatencyRecorder(flags.sigDigits), shared);
  if (input!.recorder.count === 0) {
    throw new UserError(`${input!.name}: no values: ${input!.accounting.lines} ${input!.accounting.entries} read, none recorded`, "check --format, --column/--field and --unit; --debug explains");
  }
  const correction = applyCorrection(mode, { raw: input!.recorder, ...extra }, []);
  sayCorrection(correction, `${input!.name}: `);
  return inputSpectra(input!.name, input!, correction.corrected);
}

/** Adds `plot` to the program. */
export const addPlotCommand: CommandAdder = (program, exit) => {
  const command = program
    .command("plot")
    .description("draw the percentile spectrum (latency by percentile, 0% … 99.99%) of each input in the terminal")
    .argument("[files...]", "input files, gzip or not; none or - reads stdin");
  addChartSizeOptions(addSvgOption(addCoOptions(addInputOptions(command))), DEFAULT_PLOT_HEIGHT)
    .addOption(new Option("--y-scale <scale>", "latency axis").choices(["log", "linear"]).default("log"))
    .option("--no-color", "no ANSI colour even on a terminal")
    .addHelpText("after", PLOT_HELP)
    .action(async (files: string[], flags: PlotFlags) => {
      const args = files.length === 0 ? ["-"] : files;
      if (args.filter((f) => f === "-").length > 1) throw new UserError("stdin (-) can be only one of the inputs");
      coMode(flags);
      await checkPictureTargets(flags, args);
      for (const file of args) await checkReadable(file);
      const spectra: Spectrum[] = [];
      for (const file of args) spectra.push(...(await inputSpectraOf(file, flags)));
      const chart = spectrumChart(spectra, { yScale: flags.yScale, maxYTicks: yTicksFor(flags.height) });
      await writeResult(renderBrailleChart(chart, { width: chartWidth(flags), height: flags.height, color: colorAllowed(flags.color) }));
      await writePictures(flags, args, { svg: () => spectrumSvg(spectra) });
      exit(EXIT.ok);
    });
};
