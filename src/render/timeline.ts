/**
 * `latstat timeline` as text: what was read (as a report's first lines say it), a table with a row per window
 * (start, count, p50, p90, p99, max, and the corrected columns when a correction is active, and the failed requests
 * when the inputs tell failures), then a unicode sparkline per column, one character per window.
 */
import { Chalk } from "chalk";
import { TIMELINE_PERCENTILES, type TimelineData, type TimelineFigures } from "../analyses/timeline.js";
import type { InputDescription } from "../analyses/report.js";
import type { TimeUnit } from "../base/units.js";
import { describeAccounting, describeInputs } from "./describe-input.js";
import { sparkline } from "./sparkline.js";
import { renderTextTable } from "./text-table.js";
import { describeTimeline, failedRate, showsFailures, STAT_NAMES, timelineTable, timelineUnit } from "./timeline-columns.js";

/** What the table needs beyond the data. */
export interface TimelineRenderOptions {
  outUnit: TimeUnit | undefined;
  digits: number;
  color: boolean;
}

/** The time line as a table and sparklines, after what was read (`input`: its files, and every line's fate) as a report says it. */
export function renderTimelineTable(data: TimelineData, input: InputDescription, options: TimelineRenderOptions): string {
  const chalk = new Chalk({ level: options.color ? 1 : 0 });
  const unit = timelineUnit(data, options.outUnit);
  const { header, rows } = timelineTable(data, unit, options.digits);
  const corrected = data.correctedLabel;
  const table = renderTextTable(header.map((h) => chalk.bold(h)), rows);
  const lines = [chalk.dim(describeInputs(input)), chalk.dim(describeAccounting(input)), chalk.dim(describeTimeline(data)), `latencies in ${unit}${corrected !== undefined ? `; (c) = ${corrected}` : ""}`, table];
  const series: [string, (f: TimelineFigures) => number][] = [
    ["count", (f) => f.count],
    ...TIMELINE_PERCENTILES.map((_, i): [string, (f: TimelineFigures) => number] => [STAT_NAMES[i]!, (f) => f.percentilesNs[i]!]),
    ["max", (f) => f.maxNs],
  ];
  const width = Math.max(...series.map(([name]) => name.length)) + 4;
  for (const [name, pick] of series) lines.push(`${name.padEnd(width)}${sparkline(data.rows.map((row) => pick(row.raw)))}`);
  if (corrected !== undefined) {
    for (const [name, pick] of series) lines.push(`${`${name} (c)`.padEnd(width)}${sparkline(data.rows.map((row) => pick(row.corrected!)))}`);
  }
  if (showsFailures(data)) lines.push(`${"failed %".padEnd(width)}${sparkline(data.rows.map((row) => failedRate(row.failed!)))}`);
  return lines.join("\n") + "\n";
}
