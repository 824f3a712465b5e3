/**
 * `latstat compare --trend`: a row per run with its percentiles and their change against the first run, then a
 * sparkline per percentile across the runs — as a text table, markdown, or JSON.
 *
 * JSON: { schema: 1, command: "compare", trend: true, unit, precision?, runs: [ { file, count,
 *         percentiles: { "<label>": value }, changePercent: { "<label>": number | null }, insufficient: [labels] } ] }
 */
import { Chalk } from "chalk";
import Table from "cli-table3";
import type { TrendData } from "../analyses/trend.js";
import { COMPACT_TABLE } from "./blocks.js";
import { JSON_SCHEMA_VERSION } from "./json.js";
import { insufficientNotes, percentileCell } from "./percentile-cells.js";
import { sparkline } from "./sparkline.js";
import type { RenderOptions } from "./types.js";
import { counted, exactInUnit, formatSignificant, percentileName, sharedUnit } from "./values.js";
import { jsonText } from "./json-text.js";
import { escapeControls } from "../base/errors.js";

function signedPercent(percent: number | null): string {
  return percent === null ? "" : ` (${percent > 0 ? "+" : ""}${percent.toFixed(1)}%)`;
}

/** The header, the rows of cells and the sparkline lines, in `unit`. */
export function trendCells(data: TrendData, options: RenderOptions) {
  const unit = options.outUnit ?? sharedUnit(data.runs.map((run) => run.summary));
  const format = (ns: number) => formatSignificant(ns, unit, options.digits);
  const header = ["run", "count", ...data.labels.map(percentileName)];
  const rows = data.runs.map((run) => [escapeControls(run.name), String(run.summary.count), ...run.summary.percentiles.map((p, i) => `${percentileCell(p, format, false)}${signedPercent(run.changePercent[i]!)}`)]);
  const width = Math.max(...data.labels.map((l) => percentileName(l).length));
  const lines = data.labels.map((label, i) => `${percentileName(label).padEnd(width)}  ${sparkline(data.runs.map((run) => run.summary.percentiles[i]!.valueNs))}`);
  const head = `trend of ${counted(data.runs.length, "run")}, each against the first (${escapeControls(data.runs[0]!.name)}); latencies in ${unit}`;
  const precision = data.precision ? `runs of different precision: all taken to ${data.precision.digits} significant digits, lowest discernible value ${data.precision.lowestDiscernibleNs} ns` : undefined;
  const notes = insufficientNotes(data.runs.map((run) => ({ name: escapeControls(run.name), summary: run.summary })));
  return { unit, header, rows, lines, head, precision, notes };
}

/** The trend as a text table and sparklines. */
export function renderTrendTable(data: TrendData, options: RenderOptions): string {
  const chalk = new Chalk({ level: options.color ? 1 : 0 });
  const { header, rows, lines, head, precision, notes } = trendCells(data, options);
  const table = new Table({ head: header.map((h) => chalk.bold(h)), colAligns: header.map((_, i) => (i === 0 ? "left" : "right")), style: { head: [], border: [] }, chars: COMPACT_TABLE });
  for (const row of rows) table.push(row);
  return [chalk.dim(head), ...(precision ? [chalk.yellow(precision)] : []), table.toString(), ...lines, ...notes.map((n) => chalk.yellow(n))].join("\n") + "\n";
}

/** The trend as markdown. */
export function renderTrendMarkdown(data: TrendData, options: RenderOptions): string {
  const { header, rows, lines, head, precision, notes } = trendCells(data, options);
  const cell = (text: string) => text.replace(/[|*`]/g, "\\$&");
  return (
    [
      "### latstat compare --trend",
      "",
      `${cell(head)}.${precision ? ` ${cell(precision)}.` : ""}`,
      "",
      `| ${header.join(" | ")} |`,
      `| --- | ${header.slice(1).map(() => "---:").join(" | ")} |`,
      ...rows.map((r) => `| ${r.map(cell).join(" | ")} |`),
      "",
      ...lines.map((l) => `    ${l}`),
      ...notes.flatMap((n) => ["", cell(n)]),
    ].join("\n") + "\n"
  );
}

/** The trend as JSON (see the file comment); every latency in `unit` (ms unless --out-unit). */
export function renderTrendJson(data: TrendData, options: RenderOptions): string {
  const unit = options.outUnit ?? "ms";
  const byLabel = <T>(values: readonly T[]) => Object.fromEntries(data.labels.map((label, i) => [label, values[i]!]));
  const document = {
    schema: JSON_SCHEMA_VERSION,
    command: "compare",
    trend: true,
    unit,
    ...(data.precision ? { precision: { digits: data.precision.digits, lowestDiscernible: data.precision.lowestDiscernibleNs } } : {}),
    runs: data.runs.map((run) => ({
      file: run.name,
      count: run.summary.count,
      percentiles: byLabel(run.summary.percentiles.map((p) => exactInUnit(p.valueNs, unit))),
      changePercent: byLabel(run.changePercent.map((c) => (c === null ? null : Number(c.toFixed(4))))),
      insufficient: run.summary.percentiles.filter((p) => p.insufficient !== undefined).map((p) => p.label),
    })),
  };
  return jsonText(document);
}
