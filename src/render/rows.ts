/**
 * The report as rows of cells (one row per input, one column per statistic), shared by the table, CSV and
 * markdown renderers so that they differ only in how they lay rows out.
 */
import type { ReportData } from "../analyses/report.js";
import type { Summary } from "../analyses/summary.js";
import type { TimeUnit } from "../core/units.js";
import { formatSignificant, percentileName, readableUnit } from "./values.js";

export interface Rows {
  unit: TimeUnit;
  header: string[];
  rows: string[][];
}

type CellFormat = (ns: number) => string;

function statisticCells(summary: Summary, format: CellFormat): string[] {
  return [
    String(summary.count),
    format(summary.minNs),
    format(summary.meanNs),
    format(summary.stddevNs),
    ...summary.percentiles.map((p) => format(p.valueNs)),
    format(summary.maxNs),
  ];
}

/** Rows of the report; `format` turns nanoseconds into a cell in `unit`. */
export function reportRows(report: ReportData, unit: TimeUnit | undefined, makeFormat: (unit: TimeUnit) => CellFormat): Rows {
  const median = report.total.percentiles.find((p) => p.percentile === 50)?.valueNs ?? report.total.meanNs;
  const chosen = unit ?? readableUnit(median);
  const format = makeFormat(chosen);
  const header = ["input", "count", "min", "mean", "stddev", ...statisticNames(report.total.percentiles.map((p) => p.label)), "max"];
  const rows = report.perFile.map((f) => [f.name, ...statisticCells(f.summary, format)]);
  const totalName = report.perFile.length > 0 || report.files.length !== 1 ? "all" : report.files[0]!;
  const corrected = report.corrected;
  rows.push([corrected ? `${totalName} (${corrected.rawLabel})` : totalName, ...statisticCells(report.total, format)]);
  if (corrected) rows.push([`${totalName} (${corrected.correctedLabel})`, ...statisticCells(corrected.summary, format)]);
  return { unit: chosen, header, rows };
}

/** Column names of percentiles given as labels ("99.9" → "p99.9"). */
export function statisticNames(labels: readonly string[]): string[] {
  return labels.map(percentileName);
}

/** Cells with the histogram's significant digits, for people. */
export function significantCells(digits: number): (unit: TimeUnit) => CellFormat {
  return (unit) => (ns) => formatSignificant(ns, unit, digits);
}
