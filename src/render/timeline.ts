/**
 * `latstat timeline` as text: a table with a row per window (start, count, p50, p90, p99, max, and the corrected
 * columns when a correction is active), then a unicode sparkline per column, one character per window.
 */
import { Chalk } from "chalk";
import Table from "cli-table3";
import { TIMELINE_PERCENTILES, type TimelineData, type WindowFigures } from "../analyses/timeline.js";
import type { TimeUnit } from "../core/units.js";
import { sparkline } from "./sparkline.js";
import { timelineUnit } from "./timeline-columns.js";
import { formatSignificant } from "./values.js";

/** What the table needs beyond the data. */
export interface TimelineRenderOptions {
  outUnit: TimeUnit | undefined;
  digits: number;
  color: boolean;
}

const COMPACT = { mid: "", "left-mid": "", "mid-mid": "", "right-mid": "" };
const STAT_NAMES = [...TIMELINE_PERCENTILES.map((p) => `p${p}`), "max"];

/** `10s`, `1.5s`, `90s`: a window start in seconds, as short as exact. */
function formatOffset(seconds: number): string {
  return `${Number(seconds.toFixed(3))}s`;
}

function describe(data: TimelineData): string {
  const start = data.startTimeSec === 0 ? "no start time" : `from ${new Date(data.startTimeSec * 1000).toISOString()}`;
  const windows = data.intervalMs === undefined ? "the log's own intervals" : `windows of ${data.intervalMs / 1000}s`;
  const extras = [
    data.skipMs > 0 ? `first ${data.skipMs / 1000}s skipped` : "",
    data.windowMs !== undefined ? `each row the moving window of the last ${data.windowMs / 1000}s` : "",
  ].filter((text) => text !== "");
  return `${data.rows.length} rows, ${windows}, ${start}${extras.length > 0 ? `; ${extras.join("; ")}` : ""}`;
}

/** The time line as a table and sparklines. */
export function renderTimelineTable(data: TimelineData, options: TimelineRenderOptions): string {
  const chalk = new Chalk({ level: options.color ? 1 : 0 });
  const unit = timelineUnit(data, options.outUnit);
  const cells = (f: WindowFigures) => [String(f.count), ...[...f.percentilesNs, f.maxNs].map((ns) => formatSignificant(ns, unit, options.digits))];
  const corrected = data.correctedLabel;
  const head = ["start", "count", ...STAT_NAMES, ...(corrected !== undefined ? ["count", ...STAT_NAMES].map((name) => `${name} (c)`) : [])];
  const table = new Table({ head: head.map((h) => chalk.bold(h)), colAligns: head.map(() => "right"), style: { head: [], border: [] }, chars: COMPACT });
  for (const row of data.rows) table.push([formatOffset(row.offsetSec), ...cells(row.raw), ...(row.corrected !== undefined ? cells(row.corrected) : [])]);
  const lines = [chalk.dim(describe(data)), `latencies in ${unit}${corrected !== undefined ? `; (c) = ${corrected}` : ""}`, table.toString()];
  const series: [string, (f: WindowFigures) => number][] = [
    ["count", (f) => f.count],
    ...TIMELINE_PERCENTILES.map((_, i): [string, (f: WindowFigures) => number] => [STAT_NAMES[i]!, (f) => f.percentilesNs[i]!]),
    ["max", (f) => f.maxNs],
  ];
  const width = Math.max(...series.map(([name]) => name.length)) + 4;
  for (const [name, pick] of series) lines.push(`${name.padEnd(width)}${sparkline(data.rows.map((row) => pick(row.raw)))}`);
  if (corrected !== undefined) {
    for (const [name, pick] of series) lines.push(`${`${name} (c)`.padEnd(width)}${sparkline(data.rows.map((row) => pick(row.corrected!)))}`);
  }
  return lines.join("\n") + "\n";
}
