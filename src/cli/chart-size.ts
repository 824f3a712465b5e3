/** `--width` and `--height` of a chart drawn in the terminal (`plot`, `timeline`), and its width when none is given. */
import { InvalidArgumentError, type Command } from "commander";
import { MIN_CHART_HEIGHT, MIN_CHART_WIDTH } from "../render/braille-chart.js";
import { stdoutColumns } from "./terminal.js";
import { wholeNumber } from "./whole-number.js";

/** Columns when --width is not given and stdout is not a terminal. */
export const DEFAULT_CHART_WIDTH = 80;

/** The size flags as commander collects them. */
export interface ChartSizeFlags {
  width?: number;
  height: number;
}

function parseAtLeast(min: number): (text: string) => number {
  return (text) => {
    const n = wholeNumber(text);
    if (n === undefined || n < min) throw new InvalidArgumentError(`must be an integer ≥ ${min}`);
    return n;
  };
}

/** Adds `--width COLUMNS` and `--height ROWS` (of the plot area, `defaultHeight` when not given). */
export function addChartSizeOptions(command: Command, defaultHeight: number): Command {
  return command
    .optionsGroup("Output:")
    .option("--width <columns>", `chart width in columns (default: the terminal's, else ${DEFAULT_CHART_WIDTH})`, parseAtLeast(MIN_CHART_WIDTH))
    .option("--height <rows>", "rows of the chart's plot area", parseAtLeast(MIN_CHART_HEIGHT), defaultHeight);
}

/** `--width`, else the terminal's width when stdout is one, else DEFAULT_CHART_WIDTH. */
export function chartWidth(flags: ChartSizeFlags): number {
  return flags.width ?? stdoutColumns() ?? DEFAULT_CHART_WIDTH;
}

/** Latency ticks there is room for in a plot area of `height` rows: one every other row. */
export function yTicksFor(height: number): number {
  return Math.max(2, Math.floor(height / 2));
}
