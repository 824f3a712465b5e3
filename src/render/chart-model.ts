/**
 * A line chart as plain data, drawn by every chart renderer (terminal braille, SVG, the HTML page's uPlot).
 *
 * Nothing here knows about percentiles: the percentile spectrum (spectrum-chart.ts) is one producer, and a
 * latency-over-time chart (p50/p99/max per window, for `timeline`) is another — a linear `time` x axis and one
 * series per statistic — drawn by the same renderers.
 */

/** How positions along an axis are computed. */
export type AxisScale = "log" | "linear";

/** How values on an axis are written for people: nanoseconds as durations, x = 1/(1−p) as percentiles, seconds, shares in percent. */
export type AxisKind = "duration" | "percentile" | "seconds" | "percent" | "number";

/** A labelled position on an axis. */
export interface Tick {
  value: number;
  label: string;
}

/** An axis: its range, scale, ticks and title. */
export interface ChartAxis {
  title: string;
  scale: AxisScale;
  kind: AxisKind;
  min: number;
  max: number;
  ticks: Tick[];
}

/** One line of the chart. */
export interface ChartSeries {
  /** For the legend, e.g. `fixtures/a.log (corrected)`. */
  label: string;
  /** Extra words for the legend, e.g. `20,000 samples`. */
  detail?: string;
  /** [x, y] in axis units, x ascending. */
  points: readonly (readonly [number, number])[];
  /** Points beyond this x are uncertain (fewer than 10 samples beyond); segments ending at them are drawn dotted. */
  uncertainFromX?: number;
  /** From this x on the series' values are failed requests, with no latency (a spectrum with failures). */
  failedFromX?: number;
  /** x values where the series has no value and its line breaks (a time line's empty windows), ascending. */
  gapsAt?: readonly number[];
}

/** The series' points as the runs its line is drawn in: split between two points with a gap between them. */
export function lineRuns(series: Pick<ChartSeries, "points" | "gapsAt">): (readonly (readonly [number, number])[])[] {
  const gaps = series.gapsAt ?? [];
  const runs: (readonly [number, number])[][] = [];
  let g = 0;
  series.points.forEach((point, i) => {
    // Skip the gaps up to this point: one passed since the point before breaks the line.
    let gapBetween = false;
    for (; g < gaps.length && gaps[g]! < point[0]; g++) gapBetween = i > 0;
    if (i === 0 || gapBetween) runs.push([point]);
    else runs.at(-1)!.push(point);
  });
  return runs;
}

/** A stretch of the x axis from `fromX` to its right end, shaded and labelled: the failed tail of a spectrum. */
export interface MarkedTail {
  fromX: number;
  /** Written in the shaded stretch, e.g. `failed`. */
  label: string;
  /** What the stretch holds, for the legend or a note. */
  note: string;
}

/** A second y axis, on the right, and the series drawn against it (a time chart's failure rate per window). */
export interface SecondaryAxis {
  axis: ChartAxis;
  series: ChartSeries[];
}

/** The colour of a series on the second axis (failures): dark red, apart from the latency lines' palette. */
export const SECOND_AXIS_COLOR = "#8b1a1a";

/** A chart: axes, series and a note explaining how to read it. */
export interface LineChart {
  title: string;
  x: ChartAxis;
  y: ChartAxis;
  series: ChartSeries[];
  /** What an uncertain (dotted or dashed) segment means, when some series has one; renderers prefix their word. */
  uncertainNote?: string;
  /** Shaded tails (the SVG and HTML renderers draw them; the terminal's braille has no shading). */
  marked?: MarkedTail[];
  /** A second axis on the right (the SVG and HTML renderers draw it; the terminal's braille has no room for it). */
  y2?: SecondaryAxis;
  /**
   * Said above the plot of an SVG, which is seen apart from what printed it: that the figures are PARTIAL. The
   * terminal's chart is marked by its command, as every text output is (render/partial.ts).
   */
  warnings?: readonly string[];
}

/** The colour of a marked tail's shading and label. */
export const MARKED_COLOR = "#c0392b";

/** Colours of series in SVG and HTML, in order (Tableau 10, distinguishable for most colour vision). */
export const SERIES_COLORS: readonly string[] = ["#4e79a7", "#e15759", "#59a14f", "#f28e2b", "#b07aa1", "#76b7b2", "#edc948", "#9c755f", "#ff9da7", "#bab0ac"];

/** The colour of the series at `index`. */
export function seriesColor(index: number): string {
  return SERIES_COLORS[index % SERIES_COLORS.length]!;
}

/** Where `value` lies along `axis`, from 0 (min) to 1 (max); values ≤ 0 on a log axis go to its min. */
export function axisFraction(axis: Pick<ChartAxis, "scale" | "min" | "max">, value: number): number {
  if (axis.scale === "log") {
    const lo = Math.log10(axis.min);
    const hi = Math.log10(axis.max);
    if (!(value > 0)) return 0;
    return hi === lo ? 0 : (Math.log10(value) - lo) / (hi - lo);
  }
  return axis.max === axis.min ? 0 : (value - axis.min) / (axis.max - axis.min);
}
