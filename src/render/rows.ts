/**
 * The report as rows of cells (one row per input, one column per statistic), shared by the table, CSV and
 * markdown renderers so that they differ only in how they lay rows out.
 */
import type { RequestMisery } from "../analyses/misery.js";
import type { ReportData } from "../analyses/report.js";
import type { Summary } from "../analyses/summary.js";
import type { TimeUnit } from "../base/units.js";
import { escapeControls } from "../base/errors.js";
import { insufficientCountNote, insufficientNotes, percentileCell } from "./percentile-cells.js";
import { formatDuration, formatPercent, formatSignificant, percentileName, summaryUnit, formatCount } from "./values.js";

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

/**
 * The cells of one row. A summary of no requests (a group whose requests all failed and were left out) has no
 * percentiles: its `labels.length` percentile cells are empty.
 */
function statisticCells(summary: Summary, format: CellFormat, style: PercentileStyle, labels: readonly string[]): string[] {
  const none = summary.count === 0 ? labels.map(() => format(NaN)) : undefined;
  const percentiles = none ?? (style.machine ? summary.percentiles.map((p) => format(p.valueNs)) : summary.percentiles.map((p) => percentileCell(p, format, style.ci)));
  const cells = [String(summary.count), format(summary.minNs), format(summary.meanNs), format(summary.stddevNs), ...percentiles, format(summary.maxNs)];
  if (!style.machine) return cells;
  if (style.ci) cells.push(...(none ? [...none, ...none] : summary.percentiles.flatMap((p) => [format(p.ci?.loNs ?? NaN), format(p.ci?.hiNs ?? NaN)])));
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
  const chosen = unit ?? summaryUnit(report.total);
  const format = makeFormat(chosen);
  const names = report.total.percentiles.map((p) => percentileName(p.label));
  const first = report.groups === undefined ? "input" : style.machine ? "group" : escapeControls(report.groups.names.join(", "));
  const header = [first, "count", "min", "mean", "stddev", ...names, "max"];
  if (style.machine && style.ci) header.push(...names.flatMap((name) => [`${name}_lo`, `${name}_hi`]));
  if (style.machine) header.push("insufficient");
  const inUnit = header.map((h, i) => i > 1 && h !== "insufficient");
  const misery = report.misery;
  if (misery !== undefined) {
    const failed = style.machine || misery.requests.failed !== undefined ? ["failed"] : [];
    header.push(...(style.machine ? ["over", "over_percent", "failed", "failed_percent"] : [`over ${formatDuration(misery.thresholdNs)}`, ...failed]));
  }
  // Groups show their failed requests even without --threshold (whose misery columns have them too).
  const groupFailures = report.groups !== undefined && misery === undefined && report.accounting.failuresKnown();
  if (groupFailures) header.push(...(style.machine ? ["failed", "failed_percent"] : ["failed"]));
  const rows = namedSummaries(report).map((row) => {
    const cells = [escapeControls(row.name), ...statisticCells(row.summary, format, style, report.total.percentiles.map((p) => p.label))];
    if (misery !== undefined) cells.push(...miseryCells(row.misery, style.machine, misery.requests.failed !== undefined));
    if (groupFailures) cells.push(...failedCells(row.failed, style.machine));
    return cells;
  });
  return { unit: chosen, header, rows, inUnit };
}

/** A row's share of requests over the threshold and failed; `failed` is unknown on corrected figures. */
export interface RowMisery {
  over: number;
  overPercent: number;
  failed?: number;
  failedPercent?: number;
}

/** One row of the report: its name, its figures and, with --threshold, its misery. */
export interface ReportRow {
  name: string;
  summary: Summary;
  misery?: RowMisery;
  /** Its failed requests, of all its requests (groups and their total, when the inputs tell failures). */
  failed?: { count: number; percent: number };
}

/** A row's failed cells: `8 (0.266%)` for people, the count and percent apart for machines; empty when not known. */
function failedCells(failed: ReportRow["failed"], machine: boolean): string[] {
  if (machine) return failed === undefined ? ["", ""] : [String(failed.count), String(Number(failed.percent.toFixed(6)))];
  return [failed === undefined ? "" : `${formatCount(failed.count)} (${formatPercent(failed.percent)})`];
}

/** Over and failed cells; people see no failed column when the input says nothing about failures. */
function miseryCells(misery: RowMisery | undefined, machine: boolean, failuresKnown: boolean): string[] {
  if (machine) {
    const number = (n: number | undefined) => (n === undefined ? "" : String(Number(n.toFixed(6))));
    return [number(misery?.over), number(misery?.overPercent), number(misery?.failed), number(misery?.failedPercent)];
  }
  const share = (n: number | undefined, percent: number | undefined) => (n === undefined ? "" : `${formatCount(n)} (${formatPercent(percent!)})`);
  return [share(misery?.over, misery?.overPercent), ...(failuresKnown ? [share(misery?.failed, misery?.failedPercent)] : [])];
}

/** The row or rows of one distribution: raw and corrected when coordinated omission is corrected. */
function rowsOf(name: string, summary: Summary, corrected: Summary | undefined, misery: RequestMisery | undefined, report: ReportData, failed?: ReportRow["failed"]): ReportRow[] {
  const raw: ReportRow = { name, summary };
  if (misery !== undefined) raw.misery = misery;
  if (failed !== undefined) raw.failed = failed;
  if (corrected === undefined || report.corrected === undefined) return [raw];
  const correctedRow: ReportRow = { name: `${name} (${report.corrected.correctedLabel})`, summary: corrected };
  if (misery?.corrected !== undefined) correctedRow.misery = misery.corrected;
  return [{ ...raw, name: `${name} (${report.corrected.rawLabel})` }, correctedRow];
}

/** Name of the row of everything together: the file when there is one alone, else "all". */
function totalName(report: ReportData): string {
  return report.perFile.length === 0 && report.groups === undefined && report.files.length === 1 ? report.files[0]! : "all";
}

/** Every row the report shows, in order: per file or per group, then everything together. */
export function namedSummaries(report: ReportData): ReportRow[] {
  const groups = report.groups?.shown ?? [];
  return [
    ...report.perFile.map((f) => ({ name: f.name, summary: f.summary })),
    ...groups.flatMap((g) => rowsOf(g.name, g.summary, g.corrected, g.misery, report, g.failed && { count: g.failed.count, percent: 100 * g.failed.rate })),
    ...rowsOf(totalName(report), report.total, report.corrected?.summary, report.misery?.requests, report, totalFailed(report)),
  ];
}


/** The failed requests of all inputs, when they are told and the rows are groups' (the total closes their column). */
function totalFailed(report: ReportData): ReportRow["failed"] {
  const a = report.accounting;
  return report.groups !== undefined && a.failuresKnown() ? { count: a.failed, percent: 100 * a.failureRate() } : undefined;
}

/** The insufficient-data footnotes of the rows: one per row, or one per percentile when there are groups. */
export function insufficientFootnotes(report: ReportData): string[] {
  return report.groups === undefined ? insufficientNotes(namedSummaries(report)) : insufficientCountNote(namedSummaries(report));
}

/** Column names of percentiles given as labels ("99.9" → "p99.9"). */
export function statisticNames(labels: readonly string[]): string[] {
  return labels.map(percentileName);
}

/** Cells with the histogram's significant digits, for people. */
export function significantCells(digits: number): (unit: TimeUnit) => CellFormat {
  return (unit) => (ns) => formatSignificant(ns, unit, digits);
}
