/** Percentile spectra as a line chart: x = 1/(1−p) on a log axis, latency (ns) on a log or linear axis. */
import { escapeControls } from "../base/errors.js";
import type { Spectrum } from "../analyses/spectrum.js";
import { SAMPLES_BEYOND } from "../analyses/sufficiency.js";
import { durationAxis, percentileAxis } from "./chart-axes.js";
import type { AxisScale, ChartSeries, LineChart, MarkedTail } from "./chart-model.js";
import { formatCount, formatPercent } from "./values.js";

/** How a spectrum chart is laid out. */
export interface SpectrumChartOptions {
  /** Latency axis scale. */
  yScale: AxisScale;
  /** Most latency ticks there is room for. */
  maxYTicks: number;
  title?: string;
}

/** The legend label of a spectrum: `name`, or `name (variant)`. */
export function spectrumLabel(spectrum: Spectrum): string {
  return escapeControls(spectrum.variant === undefined ? spectrum.name : `${spectrum.name} (${spectrum.variant})`);
}

/** What dashed or dotted segments of a spectrum mean (each renderer says which it draws). */
export const UNCERTAIN_NOTE = `fewer than ${SAMPLES_BEYOND} samples beyond that percentile (insufficient data: the luck of the largest few)`;

/** The chart of `spectra`, one series each, in order. */
export function spectrumChart(spectra: readonly Spectrum[], options: SpectrumChartOptions): LineChart {
  const values = spectra.flatMap((s) => s.points.map((p) => p.valueNs));
  const positive = values.filter((v) => v > 0);
  const lo = positive.length > 0 ? Math.min(...positive) : 1;
  const hi = values.length > 0 ? Math.max(...values) : 1;
  // A failed tail reaches as far right as the requests' count allows (p = 1 − 1/n), past its last success.
  const maxX = Math.max(1, ...spectra.flatMap((s) => s.points.map((p) => p.x)), ...spectra.flatMap((s) => (s.failedFromX === undefined ? [] : [Math.max(s.failedFromX * 10, s.count / 10)])));
  const series: ChartSeries[] = spectra.map((s) => ({
    label: spectrumLabel(s),
    detail: `${formatCount(s.count)} samples`,
    points: s.points.map((p) => [p.x, p.valueNs] as const),
    uncertainFromX: s.sufficientUpToX,
    ...(s.failedFromX === undefined ? {} : { failedFromX: s.failedFromX }),
  }));
  const uncertain = spectra.some((s) => s.points.some((p) => p.x > s.sufficientUpToX));
  const failing = spectra.filter((s) => s.failedFromX !== undefined);
  // One tail needs no name: the legend has a single spectrum with failures. Several say whose each is.
  const marked = failing.map((s) => failedTail(s.failedFromX!, failing.length > 1 ? spectrumLabel(s) : undefined));
  return {
    title: options.title ?? "Latency by percentile",
    x: percentileAxis(maxX),
    y: durationAxis(lo, hi, options.yScale, options.maxYTicks),
    series,
    ...(uncertain ? { uncertainNote: UNCERTAIN_NOTE } : {}),
    ...(marked.length > 0 ? { marked } : {}),
  };
}

/** The stretch of a spectrum with failures where its percentiles fall among the failed requests, of `whose` when several. */
function failedTail(fromX: number, whose: string | undefined): MarkedTail {
  const note = `beyond p${formatPercentile(fromX)}, the ${formatPercent(100 / fromX)} of requests that failed, counted as slower than any success`;
  return { fromX, label: "failed", note: whose === undefined ? note : `${whose}: ${note}` };
}

/** The percentile at `x` for a note, e.g. 93.7 (up to 4 significant decimals). */
function formatPercentile(x: number): string {
  return String(Number((100 * (1 - 1 / x)).toFixed(3)));
}
