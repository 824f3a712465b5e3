/**
 * The latency-over-time chart of a time line, for the same renderers as the percentile spectrum: the p50, p99 and
 * max of each window against its start (seconds from the time line's start, on a linear axis), raw and — when the
 * time line has corrected columns — corrected. An empty window has no point, and the lines break there (`gapsAt`):
 * a line drawn across it would show an outage as latency going on.
 * The failure rate per window goes on a second axis (`failureRateAxis`), drawn where a renderer has room for one.
 */
import { TIMELINE_PERCENTILES, type TimelineData, type TimelineRow, type TimelineFigures } from "../analyses/timeline.js";
import { durationAxis, elapsedAxis, percentAxis } from "./chart-axes.js";
import type { AxisScale, ChartSeries, LineChart, SecondaryAxis } from "./chart-model.js";

/** How a latency-over-time chart is laid out. */
export interface TimelineChartOptions {
  /** Latency axis scale; `timelineYScale` picks the one that reads best. */
  yScale: AxisScale;
  /** Most latency ticks there is room for. */
  maxYTicks: number;
  /** Most time ticks there is room for. */
  maxXTicks: number;
}

/** The statistics drawn per window, with how to read each from the window's figures. */
const STATISTICS: readonly (readonly [string, (figures: TimelineFigures) => number])[] = [
  ["p50", (f) => f.percentilesNs[TIMELINE_PERCENTILES.indexOf(50)]!],
  ["p99", (f) => f.percentilesNs[TIMELINE_PERCENTILES.indexOf(99)]!],
  ["max", (f) => f.maxNs],
];

/** Values spanning more than this ratio (largest / smallest) go on a log axis. */
const LOG_SCALE_RATIO = 10;

/** Every latency the chart draws, in nanoseconds. */
function plottedValues(data: TimelineData): number[] {
  const figures = data.rows.flatMap((row) => (row.corrected === undefined ? [row.raw] : [row.raw, row.corrected]));
  return figures.filter((f) => f.count > 0).flatMap((f) => STATISTICS.map(([, pick]) => pick(f)));
}

/** The smallest and largest of `values` (no spread: a long time line has more values than a call takes arguments). */
function extent(values: readonly number[]): { lo: number; hi: number } | undefined {
  if (values.length === 0) return undefined;
  return { lo: values.reduce((a, b) => Math.min(a, b)), hi: values.reduce((a, b) => Math.max(a, b)) };
}

/**
 * Log when the values span more than a decade, else linear. A window's max is often 10–100× its p50 (and one
 * stall more): on a linear axis the p50 line would lie flat on the bottom row and only the spikes would show,
 * while a log axis keeps p50, p99 and max each readable. Within a decade, a linear axis has round, evenly spaced
 * ticks and shows a change as the distance it is.
 */
export function timelineYScale(data: TimelineData): AxisScale {
  const positive = extent(plottedValues(data).filter((v) => v > 0));
  return positive !== undefined && positive.hi / positive.lo > LOG_SCALE_RATIO ? "log" : "linear";
}

/** A series per statistic of the figures `which` picks from each row, labelled `name` + `suffix`. */
function statisticSeries(data: TimelineData, which: (row: TimelineRow) => TimelineFigures, suffix: string, detail?: string): ChartSeries[] {
  const empty = data.rows.filter((row) => which(row).count === 0).map(rowX);
  return STATISTICS.map(([name, pick]) => ({
    label: `${name}${suffix}`,
    ...(detail === undefined ? {} : { detail }),
    points: data.rows.flatMap((row) => (which(row).count === 0 ? [] : [[rowX(row), pick(which(row))] as const])),
    ...(empty.length > 0 ? { gapsAt: empty } : {}),
  }));
}

/** Where a row is drawn along the time axis. */
function rowX(row: TimelineRow): number {
  return Number(row.offsetSec.toFixed(3));
}

/** Raw series, then corrected ones (labelled `(c)` as in the table, each kind named in its detail) when the time line has them. */
function timelineSeries(data: TimelineData): ChartSeries[] {
  if (data.correctedLabel === undefined) return statisticSeries(data, (row) => row.raw, "");
  return [...statisticSeries(data, (row) => row.raw, "", data.rawLabel ?? "raw"), ...statisticSeries(data, (row) => row.corrected!, " (c)", data.correctedLabel)];
}

/** The chart of `data`: p50, p99 and max per window, and the failure rate when some request failed (see the file comment). */
export function timelineChart(data: TimelineData, options: TimelineChartOptions): LineChart {
  const values = plottedValues(data);
  const all = extent(values);
  const positive = extent(values.filter((v) => v > 0));
  const lastStart = data.rows.reduce((last, row) => Math.max(last, row.offsetSec), 0);
  const failures = failureRateAxis(data, options.maxYTicks);
  return {
    title: "Latency over time",
    x: elapsedAxis(lastStart, options.maxXTicks, "time from start (window start)"),
    y: durationAxis(positive?.lo ?? 1, all?.hi ?? 1, options.yScale, options.maxYTicks),
    series: timelineSeries(data),
    ...(failures ? { y2: failures } : {}),
  };
}

/**
 * The failure rate per window, in percent of the window's requests (failed or not), against an axis of its own;
 * undefined when the time line says nothing of failures or none failed. A window without requests has no point,
 * and the line breaks there.
 */
export function failureRateAxis(data: TimelineData, maxTicks: number): SecondaryAxis | undefined {
  if (!data.rows.some((row) => (row.failed?.count ?? 0) > 0)) return undefined;
  const none = (row: TimelineRow) => row.failed === undefined || row.failed.requests === 0;
  const points = data.rows.flatMap((row) => (none(row) ? [] : [[rowX(row), (100 * row.failed!.count) / row.failed!.requests] as const]));
  const empty = data.rows.filter(none).map(rowX);
  const hi = points.reduce((top, [, rate]) => Math.max(top, rate), 0);
  return { axis: percentAxis(hi, maxTicks, "failed requests"), series: [{ label: "failed", detail: "% of the window's requests", points, ...(empty.length > 0 ? { gapsAt: empty } : {}) }] };
}
