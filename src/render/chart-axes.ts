/** Axis ranges and ticks: percentiles on the 1/(1−p) axis, latencies on a log or linear axis, and elapsed time. */
import { NS_PER_UNIT } from "../base/units.js";
import type { AxisScale, ChartAxis, Tick } from "./chart-model.js";
import { readableUnit } from "./values.js";

/** `0%` at x = 1, `90%` at 10, `99%` at 100, `99.9%` at 1,000 … for x = 10^decade. */
export function percentileTickLabel(decade: number): string {
  if (decade === 0) return "0%";
  if (decade === 1) return "90%";
  return `99${decade > 2 ? "." + "9".repeat(decade - 2) : ""}%`;
}

/**
 * The percentile axis, x = 1/(1 − p) on a log scale from 0% to `maxX` (the furthest point of any series, at least
 * 90%), with a tick at each power of ten it reaches: 0%, 90%, 99%, 99.9% …
 */
export function percentileAxis(maxX: number, title = "percentile (log scale of 1/(1−p))"): ChartAxis {
  const max = Math.max(maxX, 10);
  const decades = Math.floor(Math.log10(max) + 1e-9);
  const ticks: Tick[] = [];
  for (let decade = 0; decade <= decades; decade++) ticks.push({ value: 10 ** decade, label: percentileTickLabel(decade) });
  return { title, scale: "log", kind: "percentile", min: 1, max, ticks };
}

/** A latency for an axis label, in its own readable unit, up to 3 significant digits: `500 us`, `1 ms`, `1.5 s`. */
export function durationTickLabel(ns: number): string {
  if (ns === 0) return "0";
  const unit = readableUnit(ns);
  return `${Number((ns / NS_PER_UNIT[unit]).toPrecision(3))} ${unit}`;
}

/** The 1-2-5 (or, for short ranges, 1…9) multiples of powers of ten from below `lo` to above `hi`. */
function logCandidates(lo: number, hi: number, mantissas: readonly number[]): number[] {
  const values: number[] = [];
  for (let exponent = Math.floor(Math.log10(lo)) - 1; exponent <= Math.ceil(Math.log10(hi)) + 1; exponent++) {
    for (const m of mantissas) values.push(Number((m * 10 ** exponent).toPrecision(12)));
  }
  return values;
}

/** At most `maxTicks` of `values`: powers of ten first, then every n-th. */
function thin(values: number[], maxTicks: number): number[] {
  if (values.length <= maxTicks) return values;
  const powers = values.filter((v) => Number.isInteger(Math.log10(v)));
  const pool = powers.length >= 2 ? powers : values;
  const step = Math.ceil(pool.length / maxTicks);
  return pool.filter((_, i) => i % step === 0);
}

function logDurationAxis(lo: number, hi: number, maxTicks: number, title: string): ChartAxis {
  const positiveLo = lo > 0 ? lo : 1;
  const top = Math.max(hi, positiveLo);
  for (const mantissas of [[1, 2, 5], [1, 2, 3, 4, 5, 6, 7, 8, 9]]) {
    const candidates = logCandidates(positiveLo, top, mantissas);
    const min = candidates.filter((v) => v <= positiveLo).at(-1)!;
    const max = candidates.find((v) => v >= top && v > min)!;
    const values = candidates.filter((v) => v >= min && v <= max);
    if (values.length < 4 && mantissas.length === 3) continue;
    return { title, scale: "log", kind: "duration", min, max, ticks: thin(values, maxTicks).map((value) => ({ value, label: durationTickLabel(value) })) };
  }
  throw new Error("unreachable");
}

/** A step of 1, 2 or 5 times a power of ten, at least `rough`. */
function niceStep(rough: number): number {
  const power = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= rough * (1 - 1e-9));
  return Number(step!.toPrecision(12));
}

/** From 0 to the first multiple of `step` at or above `top`, with a labelled tick at each multiple. */
function linearRange(top: number, step: number, label: (value: number) => string): { max: number; ticks: Tick[] } {
  const max = Math.ceil(top / step - 1e-9) * step;
  const ticks: Tick[] = [];
  for (let i = 0; i * step <= max * (1 + 1e-12); i++) {
    const value = Number((i * step).toPrecision(12));
    ticks.push({ value, label: label(value) });
  }
  return { max, ticks };
}

function linearDurationAxis(hi: number, maxTicks: number, title: string): ChartAxis {
  const top = hi > 0 ? hi : 1;
  const { max, ticks } = linearRange(top, niceStep(top / Math.max(1, maxTicks - 1)), durationTickLabel);
  return { title, scale: "linear", kind: "duration", min: 0, max, ticks };
}

/**
 * A share axis in percent (values 0–100), linear from 0 to a round value at or above `hi` (at least 1%, so that
 * a rate of 0 lies on the bottom line of a readable axis).
 */
export function percentAxis(hi: number, maxTicks: number, title: string): ChartAxis {
  const top = Math.min(100, Math.max(hi, 1));
  const { max, ticks } = linearRange(top, niceStep(top / Math.max(1, maxTicks - 1)), (value) => `${value}%`);
  return { title, scale: "linear", kind: "percent", min: 0, max, ticks };
}

/**
 * A latency axis (values in nanoseconds) covering `lo`…`hi`: on a log scale from the 1-2-5 value at or below the
 * smallest positive latency to the one above the largest; on a linear scale from 0 to a round value above `hi`.
 * At most `maxTicks` ticks.
 */
export function durationAxis(lo: number, hi: number, scale: AxisScale, maxTicks: number, title = "latency"): ChartAxis {
  const room = Math.max(2, maxTicks);
  return scale === "log" ? logDurationAxis(lo, hi, room, title) : linearDurationAxis(hi, room, title);
}

/** Steps of a time axis from a second up, in seconds: round numbers of seconds, minutes and hours. */
const TIME_STEPS_SEC = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400];

/** A time step of at least `rough` seconds: 1-2-5 below a second, whole days beyond the last of TIME_STEPS_SEC. */
function timeStep(rough: number): number {
  if (rough < 1) return niceStep(rough);
  return TIME_STEPS_SEC.find((s) => s >= rough * (1 - 1e-9)) ?? niceStep(rough / 86400) * 86400;
}

/** Seconds from the start for an axis label, in hours, minutes and seconds: `0s`, `45s`, `1m30s`, `2h`, `0.5s`. */
export function elapsedTickLabel(seconds: number): string {
  if (seconds < 60) return `${Number(seconds.toPrecision(12))}s`;
  const parts: [number, string][] = [
    [Math.floor(seconds / 3600), "h"],
    [Math.floor((seconds % 3600) / 60), "m"],
    [Number((seconds % 60).toPrecision(12)), "s"],
  ];
  return parts
    .filter(([n]) => n > 0)
    .map(([n, unit]) => `${n}${unit}`)
    .join("");
}

/**
 * A time axis of seconds from the start, linear from 0 to the first tick at or above `maxSec` (to 1 s when it is 0),
 * with ticks at round seconds, minutes or hours; at most `maxTicks`.
 */
export function elapsedAxis(maxSec: number, maxTicks: number, title = "time from start"): ChartAxis {
  const top = maxSec > 0 ? maxSec : 1;
  const { max, ticks } = linearRange(top, timeStep(top / Math.max(1, maxTicks - 1)), elapsedTickLabel);
  return { title, scale: "linear", kind: "seconds", min: 0, max, ticks };
}

/** An axis of runs numbered 1…`count` (oldest first), a tick on every run when there is room, else on every k-th. */
export function runAxis(count: number, maxTicks: number, title = "run (oldest first)"): ChartAxis {
  const step = Math.ceil(count / Math.max(2, maxTicks));
  const ticks: Tick[] = [];
  for (let run = 1; run <= count; run += step) ticks.push({ value: run, label: String(run) });
  return { title, scale: "linear", kind: "number", min: 1, max: Math.max(2, count), ticks };
}
