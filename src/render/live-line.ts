/** The one line `--live` redraws: count, rate, running percentiles and max, and the last window's p99. */
import type { LiveFigures } from "../analyses/live-tally.js";
import { counted, formatDuration, formatCount } from "./values.js";

const duration = (ns: number) => (Number.isNaN(ns) ? "-" : formatDuration(ns));

/**
 * E.g. `12,345 values · 1,020/s · p50 4.5ms · p99 12ms · p99.9 30ms* · max 1.5s · last 1s: p99 11ms · * insufficient
 * data`: a percentile with fewer than 10 samples beyond it is marked *, as in the report.
 */
export function renderLiveLine(figures: LiveFigures, windowLabel: string): string {
  const n = (x: number) => formatCount(Math.round(x));
  const mark = (ns: number, insufficient: boolean) => `${duration(ns)}${insufficient && !Number.isNaN(ns) ? "*" : ""}`;
  const short = figures.insufficient;
  const anyShort = Object.values(short).some((s) => s);
  return [
    counted(figures.count, "value"),
    `${n(figures.ratePerSecond)}/s`,
    `p50 ${mark(figures.p50Ns, short.p50)}`,
    `p99 ${mark(figures.p99Ns, short.p99)}`,
    `p99.9 ${mark(figures.p999Ns, short.p999)}`,
    `max ${duration(figures.maxNs)}`,
    `last ${windowLabel}: p99 ${mark(figures.windowP99Ns, short.windowP99)}`,
    ...(anyShort && figures.count > 0 ? ["* insufficient data"] : []),
  ].join(" · ");
}
