/**
 * The report as rows of cells (one row per input, one column per statistic), shared by the table, CSV and
 * markdown renderers so that they differ only in how they lay rows out.
 */
import type { ReportData } from "../analyses/report.js";
import type { Summary } from "../analyses/summary.js";
import type { TimeUnit } from "../core/units.js";
import { percentileCell } from "./percentile-cells.js";
import { formatSignificant, percentileName, readableUnit } from "./values.js";

export interface Rows {
  unit: TimeUnit;
  header: string[];
  rows: string[][];
  /** Per column: whether its cells are latencies in `unit`. */
  inUnit: boolean[];
}

type CellFormat = (ns: number) => string;

/** How percentiles carry their confidence interval and "insufficient data" mark. */
export interface PercentileStyle {
  /** Show each percentile's confidence interval. */
  ci: boolean;
  /**
   * For machines: plain numbers in percentile cells; intervals as `pX_lo`/`pX_hi` columns and the insufficient
   * percentiles' names in an `insufficient` column. Otherwise both are written into the cell (`12.3 (11.9–12.8)*`).
   */
  machine: boolean;
}

function statisticCells(summary: Summary, format: CellFormat, style: PercentileStyle): string[] {
  const percentiles = style.machine ? summary.percentiles.map((p) => format(p.valueNs)) : summary.percentiles.map((p) => percentileCell(p, format, style.ci));
  const cells = [String(summary.count), format(summary.minNs), format(summary.meanNs), format(summary.stddevNs), ...percentiles, format(summary.maxNs)];
  if (!style.machine) return cells;
  if (style.ci) for (const p of summary.percentiles) cells.push(format(p.ci?.loNs ?? NaN), format(p.ci?.hiNs ?? NaN));
  cells.push(summary.percentiles.filter((p) => p.insufficient).map((p) => percentileName(p.label)).join(" "));
  return cells;
}

/** Rows of the report; `format` turns nanoseconds into a cell in `unit`. */
export function reportRows(
  report: ReportData,
  unit: TimeUnit | undefined,
  makeFormat: (unit: TimeUnit) => CellFormat,
  style: PercentileStyle = { ci: false, machine: false },
): Rows {
  const median = report.total.percentiles.find((p) => p.percentile === 50)?.valueNs ?? report.total.meanNs;
  const chosen = unit ?? readableUnit(median);
  const format = makeFormat(chosen);
  const names = report.total.percentiles.map((p) => percentileName(p.label));
  const header = ["input", "count", "min", "mean", "stddev", ...names, "max"];
  if (style.machine && style.ci) header.push(...names.flatMap((name) => [`${name}_lo`, `${name}_hi`]));
  if (style.machine) header.push("insufficient");
  const inUnit = header.map((h, i) => i > 1 && h !== "insufficient");
  const rows = report.perFile.map((f) => [f.name, ...statisticCells(f.summary, format, style)]);
  for (const { name, summary } of totalSummaries(report)) rows.push([name, ...statisticCells(summary, format, style)]);
  return { unit: chosen, header, rows, inUnit };
}

/** Name of the row of everything together: the file when there is one, else "all". */
export function totalName(report: ReportData): string {
  return report.perFile.length > 0 ? "all" : report.files.length === 1 ? report.files[0]! : "all";
}

/** The rows of everything together: one, or raw and corrected when coordinated omission is corrected. */
function totalSummaries(report: ReportData): { name: string; summary: Summary }[] {
  const name = totalName(report);
  const corrected = report.corrected;
  if (corrected === undefined) return [{ name, summary: report.total }];
  return [
    { name: `${name} (${corrected.rawLabel})`, summary: report.total },
    { name: `${name} (${corrected.correctedLabel})`, summary: corrected.summary },
  ];
}

/** Every summary the rows show, with its row name (for footnotes). */
export function namedSummaries(report: ReportData): { name: string; summary: Summary }[] {
  return [...report.perFile.map((f) => ({ name: f.name, summary: f.summary })), ...totalSummaries(report)];
}

/** Column names of percentiles given as labels ("99.9" → "p99.9"). */
export function statisticNames(labels: readonly string[]): string[] {
  return labels.map(percentileName);
}

/** Cells with the histogram's significant digits, for people. */
export function significantCells(digits: number): (unit: TimeUnit) => CellFormat {
  return (unit) => (ns) => formatSignificant(ns, unit, digits);
}
