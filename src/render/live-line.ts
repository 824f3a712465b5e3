/** The one line `--live` redraws: count, rate, running percentiles and max, and the last window's p99. */
import type { LiveFigures } from "../analyses/live-tally.js";
import { counted, formatDuration, formatCount } from "./values.js";

const duration = (ns: number) => (Number.isNaN(ns) ? "-" : formatDuration(ns));

/** E.g. `12,345 values · 1,020/s · p50 4.5ms · p99 12ms · p99.9 30ms · max 1.5s · last 1s: p99 11ms`. */
export function renderLiveLine(figures: LiveFigures, windowLabel: string): string {
  const n = (x: number) => formatCount(Math.round(x));
  return [
    counted(figures.count, "value"),
    `${n(figures.ratePerSecond)}/s`,
    `p50 ${duration(figures.p50Ns)}`,
    `p99 ${duration(figures.p99Ns)}`,
    `p99.9 ${duration(figures.p999Ns)}`,
    `max ${duration(figures.maxNs)}`,
    `last ${windowLabel}: p99 ${duration(figures.windowP99Ns)}`,
  ].join(" · ");
}
