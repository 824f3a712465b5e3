/**
 * What the timeline renderers share: the unit of the figures, what the rows are, the table's text cells and the flat
 * columns of a row.
 */
import { TIMELINE_PERCENTILES, type TimelineData, type TimelineRow, type TimelineFigures } from "../analyses/timeline.js";
import type { TimeUnit } from "../base/units.js";
import { counted, formatPercent, formatSignificant, readableUnit } from "./values.js";

/** The latency statistics of a window, as the table heads them. */
export const STAT_NAMES = [...TIMELINE_PERCENTILES.map((p) => `p${p}`), "max"];

/** `outUnit`, else the readable unit of the median of the windows' p50s. */
export function timelineUnit(data: TimelineData, outUnit: TimeUnit | undefined): TimeUnit {
  if (outUnit !== undefined) return outUnit;
  const medians = data.rows.map((row) => row.raw.percentilesNs[0]!).filter((ns) => Number.isFinite(ns)).sort((a, b) => a - b);
  return readableUnit(medians[medians.length >> 1] ?? 0);
}

/** Whether the rows carry failures: only when the inputs tell them (else a 0% column would claim none failed). */
export function showsFailures(data: TimelineData): boolean {
  return data.failedUnplaced !== undefined;
}

/**
 * Column names of `timelineColumns`, latencies suffixed with the unit (`p99_ms`); corrected ones start `corrected_`;
 * `failed` and `failed_rate` (0–1) last when failures are told.
 */
export function timelineHeader(data: TimelineData, unit: TimeUnit): string[] {
  const figures = ["count", ...[...TIMELINE_PERCENTILES.map((p) => `p${p}`), "max"].map((name) => `${name}_${unit}`)];
  return [
    "start_s",
    "epoch_s",
    "length_s",
    ...figures,
    ...(data.correctedLabel !== undefined ? figures.map((name) => `corrected_${name}`) : []),
    ...(showsFailures(data) ? ["failed", "failed_rate"] : []),
  ];
}

/** A window's failure rate, failed ÷ its requests (0–1); NaN when it had no requests. */
export function failedRate(failed: { count: number; requests: number }): number {
  return failed.requests === 0 ? NaN : failed.count / failed.requests;
}

/** A row's numbers in the order of `timelineHeader`, latencies in nanoseconds (NaN when the window is empty). */
export function timelineColumns(row: TimelineRow): number[] {
  const figures = (f: TimelineFigures) => [f.count, ...f.percentilesNs, f.maxNs];
  return [
    row.offsetSec,
    row.startSec,
    row.lengthSec,
    ...figures(row.raw),
    ...(row.corrected !== undefined ? figures(row.corrected) : []),
    ...(row.failed !== undefined ? [row.failed.count, failedRate(row.failed)] : []),
  ];
}

/** 1980-01-01T00:00:00Z: start times before it are no dates but offsets (hey's seconds from the run's start). */
const DATES_FROM_SEC = 315_532_800;

/** Whether the time line's times are dates (epoch times), not offsets from a run's start read as 1970. */
export function timesAreDates(data: TimelineData): boolean {
  return data.startTimeSec >= DATES_FROM_SEC;
}

/** What the rows are: how many, their windows, the start time, and --skip and --window when given. */
export function describeTimeline(data: TimelineData): string {
  const start = timesAreDates(data) ? `from ${new Date(data.startTimeSec * 1000).toISOString()}` : data.startTimeSec === 0 ? "no start time" : "times from the run's start, not dates";
  const windows = data.intervalMs === undefined ? "the log's own intervals" : `windows of ${data.intervalMs / 1000}s`;
  const unplaced = data.failedUnplaced ?? 0;
  const extras = [
    unplaced > 0 ? `${unplaced} failed ${unplaced === 1 ? "request" : "requests"} in no window (no start time, or outside the windows)` : "",
    data.skipMs > 0 ? `first ${data.skipMs / 1000}s skipped` : "",
    data.windowMs !== undefined ? `each row the moving window of the last ${data.windowMs / 1000}s` : "",
  ].filter((text) => text !== "");
  return `${counted(data.rows.length, "row")}, ${windows}, ${start}${extras.length > 0 ? `; ${extras.join("; ")}` : ""}`;
}

/** `10s`, `1.5s`, `90s`: a window start in seconds, as short as exact. */
function formatOffset(seconds: number): string {
  return `${Number(seconds.toFixed(3))}s`;
}

/** A window's failures as table cells: the count, and the rate as a percentage (`-` without requests). */
function failedCells(failed: { count: number; requests: number }): string[] {
  const rate = failedRate(failed);
  return [String(failed.count), Number.isNaN(rate) ? "-" : formatPercent(100 * rate)];
}

/**
 * The time line as a table of text: start, count, p50, p90, p99, max, then the same with `(c)` for the corrected
 * figures when there are any, then `failed` and `failed %` when failures are told; latencies in `unit` to
 * `digits` significant digits.
 */
export function timelineTable(data: TimelineData, unit: TimeUnit, digits: number): { header: string[]; rows: string[][] } {
  const cells = (f: TimelineFigures) => [String(f.count), ...[...f.percentilesNs, f.maxNs].map((ns) => formatSignificant(ns, unit, digits))];
  const corrected = data.correctedLabel !== undefined;
  const header = [
    "start",
    "count",
    ...STAT_NAMES,
    ...(corrected ? ["count", ...STAT_NAMES].map((name) => `${name} (c)`) : []),
    ...(showsFailures(data) ? ["failed", "failed %"] : []),
  ];
  const rows = data.rows.map((row) => [
    formatOffset(row.offsetSec),
    ...cells(row.raw),
    ...(row.corrected !== undefined ? cells(row.corrected) : []),
    ...(row.failed !== undefined ? failedCells(row.failed) : []),
  ]);
  return { header, rows };
}
