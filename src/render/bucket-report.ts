/**
 * The report of bucket counts (a Prometheus histogram) in each output: every percentile as the bucket it lies in and
 * histogram_quantile's estimate, never as a bare number that would read as exact.
 *
 *   table, markdown   a column per row (everything together, or each --group-by group and all), a row per
 *                     statistic: `p99  ∈ (250ms, 500ms] ≈ 410ms`
 *   csv               a row per group: count, mean, and pX_lower, pX_upper, pX_estimate per percentile,
 *                     min_lower … max_upper, in the unit in the header (`+Inf` for the open bucket)
 *   json              schema 1 as `report`'s, with `approximate` saying why; in `raw` (and each group) min, max and
 *                     stddev are null, `percentiles` hold the estimates, `percentileDetails.<p>.bucket` is
 *                     [lower, upper] (upper null for +Inf), `minBucket`/`maxBucket` likewise; `histogram` is
 *                     { metric, series, delta }
 */
import Table from "cli-table3";
import type { BucketReportData } from "../analyses/bucket-report.js";
import { BUCKETS_APPROXIMATE, type Bucket, type BucketSummary } from "../analyses/bucket-summary.js";
import type { TimeUnit } from "../base/units.js";
import { COMPACT_TABLE, markdownCell } from "./blocks.js";
import { csvField } from "./csv-field.js";
import { describeAccounting, describeInputs, PARTIAL_NOTE } from "./describe-input.js";
import { JSON_SCHEMA_VERSION } from "./json.js";
import { exactInUnit, formatCount, formatSignificant, percentileName, readableUnit } from "./values.js";
import { jsonText } from "./json-text.js";
import { jsonInput } from "./json-input.js";

/** The outputs a bucket report has (not hgrm: there is no HDR histogram to print). */
export type BucketOutput = "table" | "markdown" | "csv" | "json";

export interface BucketRenderOptions {
  outUnit: TimeUnit | undefined;
}

/** Every row of the report: each group, then everything together. */
function rowsOf(report: BucketReportData): { name: string; summary: BucketSummary }[] {
  const total = { name: report.groups === undefined && report.files.length === 1 ? report.files[0]! : "all", summary: report.total };
  return [...(report.groups?.rows ?? []), total];
}

/** The unit tables use: where the median's estimate reads as 1–999. */
function tableUnit(report: BucketReportData, options: BucketRenderOptions): TimeUnit {
  const median = report.total.percentiles.find((p) => p.percentile === 50);
  return options.outUnit ?? readableUnit(median ? (Number.isFinite(median.estimateNs) ? median.estimateNs : median.lowerNs) : report.total.meanNs);
}

/** `histogram x: 3 series added (second scrape − first)`. */
function describeHistogram(report: BucketReportData): string {
  const series = `${formatCount(report.series)} series${report.series > 1 ? " added" : ""}`;
  return `histogram ${report.metric}: ${series}${report.delta ? ", the second scrape minus the first" : ""}`;
}

function cellsOf(report: BucketReportData, unit: TimeUnit): { header: string[]; rows: string[][] } {
  const columns = rowsOf(report);
  const bound = (ns: number) => (ns === Infinity ? "+Inf" : `${exactInUnit(ns, unit)}${unit}`);
  const bucket = (b: Bucket) => `∈ (${bound(b.lowerNs)}, ${bound(b.upperNs)}]`;
  const estimate = (ns: number) => (Number.isNaN(ns) ? "" : ` ≈ ${formatSignificant(ns, unit, 3)}${unit}`);
  const rows = [
    ["count", ...columns.map((c) => formatCount(c.summary.count))],
    ["mean", ...columns.map((c) => (Number.isNaN(c.summary.meanNs) ? "-" : `${formatSignificant(c.summary.meanNs, unit, 3)}${unit}`))],
    ["min", ...columns.map((c) => bucket(c.summary.min))],
    ...report.total.percentiles.map((p, i) => [percentileName(p.label), ...columns.map((c) => `${bucket(c.summary.percentiles[i]!)}${estimate(c.summary.percentiles[i]!.estimateNs)}`)]),
    ["max", ...columns.map((c) => bucket(c.summary.max))],
  ];
  const first = report.groups === undefined ? "" : report.groups.names.join(", ");
  return { header: [first, ...columns.map((c) => c.name)], rows };
}

const NOTE = `APPROXIMATE: ${BUCKETS_APPROXIMATE}. The mean is exact (sum / count).`;

function renderTable(report: BucketReportData, options: BucketRenderOptions): string {
  const { header, rows } = cellsOf(report, tableUnit(report, options));
  const table = new Table({ head: header, colAligns: header.map((_, i) => (i === 0 ? "left" : "right")), style: { head: [], border: [] }, chars: COMPACT_TABLE });
  for (const row of rows) table.push(row);
  return [...(report.partial ? [PARTIAL_NOTE] : []), describeInputs(report), describeAccounting(report), describeHistogram(report), table.toString(), NOTE, ""].join("\n");
}

function renderMarkdown(report: BucketReportData, options: BucketRenderOptions): string {
  const { header, rows } = cellsOf(report, tableUnit(report, options));
  const line = (cells: string[]) => `| ${cells.map(markdownCell).join(" | ")} |`;
  return [
    ...(report.partial ? [`**${PARTIAL_NOTE}**`, ""] : []),
    markdownCell(`${describeInputs(report)}; ${describeAccounting(report)}; ${describeHistogram(report)}.`),
    "",
    line(header),
    `|${header.map((_, i) => (i === 0 ? " --- " : " ---: ")).join("|")}|`,
    ...rows.map(line),
    "",
    markdownCell(NOTE),
    "",
  ].join("\n");
}

function renderCsv(report: BucketReportData, options: BucketRenderOptions): string {
  const unit = options.outUnit ?? "ms";
  const value = (ns: number) => (ns === Infinity ? "+Inf" : Number.isNaN(ns) ? "" : String(exactInUnit(ns, unit)));
  const names = report.total.percentiles.map((p) => percentileName(p.label));
  const header = [
    report.groups === undefined ? "input" : "group",
    "count",
    `mean_${unit}`,
    `min_lower_${unit}`,
    `min_upper_${unit}`,
    ...names.flatMap((n) => [`${n}_lower_${unit}`, `${n}_upper_${unit}`, `${n}_estimate_${unit}`]),
    `max_lower_${unit}`,
    `max_upper_${unit}`,
  ];
  const rows = rowsOf(report).map(({ name, summary: s }) => [
    name,
    String(s.count),
    value(s.meanNs),
    value(s.min.lowerNs),
    value(s.min.upperNs),
    ...s.percentiles.flatMap((p) => [value(p.lowerNs), value(p.upperNs), value(p.estimateNs)]),
    value(s.max.lowerNs),
    value(s.max.upperNs),
  ]);
  return [header, ...rows].map((row) => row.map(csvField).join(",")).join("\n") + "\n";
}

function jsonSummary(summary: BucketSummary, unit: TimeUnit): Record<string, unknown> {
  const value = (ns: number) => (Number.isFinite(ns) ? exactInUnit(ns, unit) : null);
  const bucket = (b: Bucket) => [value(b.lowerNs), value(b.upperNs)];
  return {
    count: summary.count,
    min: null,
    max: null,
    mean: value(summary.meanNs),
    stddev: null,
    percentiles: Object.fromEntries(summary.percentiles.map((p) => [p.label, value(p.estimateNs)])),
    percentileDetails: Object.fromEntries(summary.percentiles.map((p) => [p.label, { ci: null, ciClamped: null, bucket: bucket(p), approximate: true }])),
    minBucket: bucket(summary.min),
    maxBucket: bucket(summary.max),
    approximate: BUCKETS_APPROXIMATE,
  };
}

function renderJson(report: BucketReportData, options: BucketRenderOptions): string {
  const unit = options.outUnit ?? "ms";
  const document = {
    schema: JSON_SCHEMA_VERSION,
    unit,
    ...(report.partial ? { partial: true } : {}),
    // Bucket counts say why they are approximate in their own words; no failed request is left out of them.
    input: { ...jsonInput(report), approximate: BUCKETS_APPROXIMATE },
    histogram: { metric: report.metric, series: report.series, delta: report.delta },
    raw: jsonSummary(report.total, unit),
    ...(report.groups
      ? {
          groupBy: { names: report.groups.names, groups: report.groups.rows.length, shown: report.groups.rows.length },
          groups: report.groups.rows.map((g) => ({ name: g.name, ...jsonSummary(g.summary, unit) })),
        }
      : {}),
  };
  return jsonText(document);
}

export function renderBucketReport(output: BucketOutput, report: BucketReportData, options: BucketRenderOptions): string {
  switch (output) {
    case "table":
      return renderTable(report, options);
    case "markdown":
      return renderMarkdown(report, options);
    case "csv":
      return renderCsv(report, options);
    case "json":
      return renderJson(report, options);
  }
}
