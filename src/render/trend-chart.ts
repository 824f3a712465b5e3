/**
 * The chart of `compare --trend`: each percentile of the trend (p50, p99, p99.9 unless -p) against the run's number,
 * oldest first, for the same renderers as the other charts. Latency goes on a log axis when the values span more
 * than a decade, as the time chart's does.
 */
import type { TrendData } from "../analyses/trend.js";
import { durationAxis, runAxis } from "./chart-axes.js";
import type { AxisScale, LineChart } from "./chart-model.js";
import { percentileName } from "./values.js";

/** Values spanning more than this ratio (largest / smallest) go on a log axis. */
const LOG_SCALE_RATIO = 10;

/** Every latency the chart draws, in nanoseconds. */
function plotted(data: TrendData): number[] {
  return data.runs.flatMap((run) => run.summary.percentiles.map((p) => p.valueNs));
}

/** Log when the values span more than a decade, else linear. */
export function trendYScale(data: TrendData): AxisScale {
  const positive = plotted(data).filter((v) => v > 0);
  return positive.length > 0 && Math.max(...positive) / Math.min(...positive) > LOG_SCALE_RATIO ? "log" : "linear";
}

/** The trend's chart: a series per percentile, a point per run (x = its number, 1 for the first). */
export function trendChart(data: TrendData, options: { yScale: AxisScale; maxYTicks: number; maxXTicks: number }): LineChart {
  const values = plotted(data);
  const positive = values.filter((v) => v > 0);
  return {
    title: "Percentiles per run",
    x: runAxis(data.runs.length, options.maxXTicks),
    y: durationAxis(positive.length > 0 ? Math.min(...positive) : 1, Math.max(1, ...values), options.yScale, options.maxYTicks),
    series: data.labels.map((label, i) => ({
      label: percentileName(label),
      points: data.runs.map((run, r) => [r + 1, run.summary.percentiles[i]!.valueNs] as const),
    })),
  };
}
