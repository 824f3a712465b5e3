/**
 * A line chart drawn with Unicode braille for a terminal: each character cell holds 2×4 dots, so an 80-column
 * terminal gives ~150 dots across. Y tick labels on the left, x tick labels below, a legend under the chart.
 * Series are told apart by colour when colour is allowed, and always by their number at the end of each line
 * (when there are several). Uncertain segments are dotted; a series' line breaks at its gaps.
 */
import { Chalk, type ChalkInstance } from "chalk";
import { axisFraction, lineRuns, type LineChart } from "./chart-model.js";

/** Size and colour of a terminal chart. */
export interface BrailleChartOptions {
  /** Total width in columns, labels and legend included. */
  width: number;
  /** Rows of the plot area (the axis, labels and legend come on top). */
  height: number;
  /** ANSI colour allowed (see cli/terminal.ts colorAllowed). */
  color: boolean;
}

/** Smallest width (columns) the chart can be drawn in. */
export const MIN_CHART_WIDTH = 30;
/** Smallest height (rows of the plot area) the chart can be drawn in. */
export const MIN_CHART_HEIGHT = 4;

const BRAILLE_BASE = 0x2800;
/** Bit of the braille dot at (dx, dy) in a cell, dx 0–1, dy 0–3. */
const DOT_BITS = [
  [0x01, 0x02, 0x04, 0x40],
  [0x08, 0x10, 0x20, 0x80],
] as const;
/** A dotted segment keeps one dot in this many. */
const DOTTED_EVERY = 3;

type Paint = (text: string) => string;

function palette(chalk: ChalkInstance): Paint[] {
  return [chalk.cyan, chalk.magenta, chalk.yellow, chalk.green, chalk.blue, chalk.red];
}

/** The cells of the plot area: braille dots, which series drew each cell last, and text placed over them. */
class DotGrid {
  readonly bits: Uint8Array;
  readonly owner: Int16Array;
  readonly text = new Map<number, { char: string; series: number }>();

  constructor(
    readonly cols: number,
    readonly rows: number,
  ) {
    this.bits = new Uint8Array(cols * rows);
    this.owner = new Int16Array(cols * rows).fill(-1);
  }

  set(px: number, py: number, series: number): void {
    const col = Math.floor(px / 2);
    const row = Math.floor(py / 4);
    if (col < 0 || row < 0 || col >= this.cols || row >= this.rows) return;
    const cell = row * this.cols + col;
    this.bits[cell]! |= DOT_BITS[px % 2]![py % 4]!;
    this.owner[cell] = series;
  }

  free(col: number, row: number): boolean {
    const cell = row * this.cols + col;
    return col >= 0 && row >= 0 && col < this.cols && row < this.rows && this.bits[cell] === 0 && !this.text.has(cell);
  }

  /** Draws a line between two dot positions; with `dotted`, only every DOTTED_EVERY-th dot (counted by `phase`). */
  line(x0: number, y0: number, x1: number, y1: number, series: number, dotted: boolean, phase: { n: number }): void {
    const dx = Math.abs(x1 - x0);
    const dy = -Math.abs(y1 - y0);
    const sx = x0 < x1 ? 1 : -1;
    const sy = y0 < y1 ? 1 : -1;
    let error = dx + dy;
    let x = x0;
    let y = y0;
    for (;;) {
      if (!dotted || phase.n++ % DOTTED_EVERY === 0) this.set(x, y, series);
      if (x === x1 && y === y1) return;
      const e2 = 2 * error;
      if (e2 >= dy) {
        error += dy;
        x += sx;
      }
      if (e2 <= dx) {
        error += dx;
        y += sy;
      }
    }
  }

  /** Row `row` as text, coloured per owning series. */
  rowText(row: number, paints: Paint[]): string {
    let out = "";
    for (let col = 0; col < this.cols; col++) {
      const cell = row * this.cols + col;
      const label = this.text.get(cell);
      if (label) out += paints[label.series % paints.length]!(label.char);
      else if (this.bits[cell] === 0) out += " ";
      else out += paints[this.owner[cell]! % paints.length]!(String.fromCharCode(BRAILLE_BASE + this.bits[cell]!));
    }
    return out;
  }
}

/** The chart as lines of text, `options.width` columns wide at most (legend labels may run longer). */
export function renderBrailleChart(chart: LineChart, options: BrailleChartOptions): string {
  const chalk = new Chalk({ level: options.color ? 1 : 0 });
  const paints = palette(chalk);
  const numbered = chart.series.length > 1;
  const margin = numbered ? String(chart.series.length).length + 1 : 0;
  const yLabelWidth = Math.max(...chart.y.ticks.map((t) => t.label.length), 1);
  const plotCols = Math.max(options.width - yLabelWidth - 2 - margin, 4);
  const rows = Math.max(options.height, 2);
  const pw = plotCols * 2;
  const ph = rows * 4;
  const grid = new DotGrid(plotCols + margin, rows);
  const toPx = (x: number) => Math.round(axisFraction(chart.x, x) * (pw - 1));
  const toPy = (y: number) => Math.round((1 - axisFraction(chart.y, y)) * (ph - 1));

  chart.series.forEach((series, index) => {
    const phase = { n: 0 };
    // A line per run; a run of one point (between two gaps) is a dot.
    for (const run of lineRuns(series)) {
      const points = run.map(([x, y]) => [toPx(x), toPy(y), x] as const);
      if (points.length === 1) grid.set(points[0]![0], points[0]![1], index);
      for (let i = 1; i < points.length; i++) {
        const [x0, y0] = points[i - 1]!;
        const [x1, y1, x] = points[i]!;
        grid.line(x0, y0, x1, y1, index, series.uncertainFromX !== undefined && x > series.uncertainFromX, phase);
      }
    }
  });
  if (numbered) chart.series.forEach((series, index) => placeEndLabel(grid, series.points.at(-1), String(index + 1), index, toPx, toPy));

  const yLabels = new Map<number, string>();
  for (const tick of chart.y.ticks) {
    const row = Math.floor(toPy(tick.value) / 4);
    if (!yLabels.has(row)) yLabels.set(row, tick.label);
  }
  const lines = [chalk.dim(fit([`${chart.title} (latency on a ${chart.y.scale} scale)`, `${chart.title}, ${chart.y.scale} scale`], options.width))];
  for (let row = 0; row < rows; row++) {
    const label = yLabels.get(row);
    lines.push(`${(label ?? "").padStart(yLabelWidth)} ${label === undefined ? "│" : "┤"}${grid.rowText(row, paints).trimEnd()}`);
  }
  const xTickCols = chart.x.ticks.map((t) => Math.floor(toPx(t.value) / 2));
  const axis = Array.from({ length: plotCols }, (_, col) => (xTickCols.includes(col) ? "┬" : "─")).join("");
  lines.push(`${" ".repeat(yLabelWidth)} └${axis}`);
  const offset = yLabelWidth + 2;
  lines.push(xTickLabels(chart.x.ticks.map((t, i) => ({ label: t.label, col: offset + xTickCols[i]! })), options.width));
  // The axis title, else without its parenthesis: "percentile (log scale of 1/(1−p))" → "percentile".
  lines.push(chalk.dim(centred(fit([chart.x.title, chart.x.title.replace(/ \(.*\)$/, "")], options.width), offset, offset + plotCols, options.width)));
  lines.push(...legend(chart, paints, chalk, numbered));
  return lines.join("\n") + "\n";
}

/** Puts `text` in a free cell just right of a series' last point, or above or below that. */
function placeEndLabel(
  grid: DotGrid,
  last: readonly [number, number] | undefined,
  text: string,
  series: number,
  toPx: (x: number) => number,
  toPy: (y: number) => number,
): void {
  if (last === undefined) return;
  const col = Math.floor(toPx(last[0]) / 2) + 1;
  const row = Math.floor(toPy(last[1]) / 4);
  for (const dr of [0, -1, 1, -2, 2]) {
    const cells = [...text].map((_, i) => col + i);
    if (cells.every((c) => grid.free(c, row + dr))) {
      [...text].forEach((char, i) => grid.text.set((row + dr) * grid.cols + cells[i]!, { char, series }));
      return;
    }
  }
}

/** Tick labels centred under their columns, skipping any that would touch the previous one or leave the width. */
function xTickLabels(ticks: { label: string; col: number }[], width: number): string {
  let line = "";
  for (const { label, col } of ticks) {
    const start = Math.min(Math.max(col - Math.floor(label.length / 2), 0), Math.max(width - label.length, 0));
    if (start < line.length + (line.length > 0 ? 1 : 0)) continue;
    line = line.padEnd(start) + label;
  }
  return line;
}

/** `text` centred between columns `from` and `to`, moved left if it would pass `width`. */
function centred(text: string, from: number, to: number, width: number): string {
  const length = [...text].length;
  const start = Math.max(Math.min(from + Math.floor((to - from - length) / 2), width - length), 0);
  return " ".repeat(start) + text;
}

/** The first of `choices` that fits in `width` columns, else the last one cut to fit. */
function fit(choices: string[], width: number): string {
  const fitting = choices.find((c) => [...c].length <= width);
  return fitting ?? [...choices.at(-1)!].slice(0, width).join("");
}

function legend(chart: LineChart, paints: Paint[], chalk: ChalkInstance, numbered: boolean): string[] {
  const solid = String.fromCharCode(BRAILLE_BASE + 0x12).repeat(3);
  const lines = chart.series.map((series, index) => {
    const paint = paints[index % paints.length]!;
    const key = numbered ? `${paint(String(index + 1))} ` : "";
    return `${key}${paint(solid)} ${series.label}${series.detail ? chalk.dim(`  ${series.detail}`) : ""}`;
  });
  if (chart.uncertainNote) lines.push(chalk.dim(`${String.fromCharCode(BRAILLE_BASE + 0x02, BRAILLE_BASE, BRAILLE_BASE + 0x10)} dotted: ${chart.uncertainNote}`));
  return lines;
}
