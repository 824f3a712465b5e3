/**
 * The report of inputs of bucket counts (Prometheus histograms): the series read, added together — or, with
 * `--delta`, the second scrape minus the first, series by series, so a counter reset in any one is caught — and
 * grouped by label values with `--group-by LABEL`.
 */
import { LineAccounting } from "../ingest/accounting.js";
import { addSeries, countOf, describeLabels, subtractHistograms, type BucketRead, type BucketSeries, type ClassicHistogram } from "../core/classic-histogram.js";
import type { InputResult } from "../ingest/ingest.js";
import type { UnitChoice } from "../formats/types.js";
import { summarizeBuckets, type BucketSummary } from "./bucket-summary.js";
import { AnalysisError } from "./problems.js";

/** An input read with the bucket counts it held. */
export type BucketInput = InputResult & { buckets: BucketRead };

/** A group of series: the values of its `--group-by` labels, and their histograms added. */
export interface BucketGroup {
  name: string;
  histogram: ClassicHistogram;
}

export interface BucketReportData {
  files: string[];
  format: string;
  assumedUnit: UnitChoice | undefined;
  accounting: LineAccounting;
  /** True when reading was interrupted. */
  partial?: boolean;
  metric: string;
  /** Series added together. */
  series: number;
  /** The figures are the difference of two scrapes. */
  delta: boolean;
  histogram: ClassicHistogram;
  total: BucketSummary;
  groups?: { names: string[]; rows: { name: string; summary: BucketSummary }[] };
}

export interface BucketReportOptions {
  percentiles: readonly string[];
  /** Label names to group the series by. */
  groupBy: readonly string[];
  delta: boolean;
}

/** The series to report: every input's, or with `delta` the second input's minus the first's. */
export function seriesOf(inputs: readonly BucketInput[], delta: boolean): { metric: string; series: BucketSeries[] } {
  const metrics = [...new Set(inputs.map((i) => i.buckets.metric))];
  if (metrics.length > 1) throw new AnalysisError({ kind: "buckets-different", metrics });
  const metric = metrics[0]!;
  if (!delta) return { metric, series: inputs.flatMap((i) => i.buckets.series) };
  if (inputs.length !== 2) throw new AnalysisError({ kind: "delta-inputs", inputs: inputs.length });
  const [before, after] = inputs as [BucketInput, BucketInput];
  const key = (s: BucketSeries) => JSON.stringify(Object.entries(s.labels).sort(([a], [b]) => (a < b ? -1 : 1)));
  const earlier = new Map(before.buckets.series.map((s) => [key(s), s]));
  const series = after.buckets.series.map((s): BucketSeries => {
    const was = earlier.get(key(s));
    earlier.delete(key(s));
    // A series that appeared between the scrapes started from zero.
    return was === undefined ? s : { labels: s.labels, histogram: subtractHistograms(s.histogram, was.histogram, `${after.name}: ${metric}${describeLabels(s.labels)}`) };
  });
  const gone = [...earlier.values()][0];
  if (gone !== undefined) {
    throw new AnalysisError({ kind: "series-gone", before: before.name, after: after.name, series: `${metric}${describeLabels(gone.labels)}` });
  }
  return { metric, series };
}

/** The report of bucket-count inputs, `files` all the inputs given; at least one series must be left. */
export function buildBucketReport(inputs: readonly BucketInput[], files: readonly string[], options: BucketReportOptions): BucketReportData {
  const accounting = new LineAccounting();
  for (const input of inputs) accounting.add(input.accounting);
  const { metric, series } = seriesOf(inputs, options.delta);
  if (series.length === 0) throw new AnalysisError({ kind: "no-series", metric });
  const histogram = addSeries(series, metric);
  if (countOf(histogram) === 0) {
    throw new AnalysisError({ kind: "no-observations", metric, delta: options.delta });
  }
  const units = new Set(inputs.map((i) => (i.unit ? `${i.unit.unit}/${i.unit.source}` : "")));
  const report: BucketReportData = {
    files: [...files],
    format: [...new Set(inputs.map((i) => i.format))].join("+"),
    assumedUnit: units.size === 1 ? inputs[0]!.unit : undefined,
    accounting,
    metric,
    series: series.length,
    delta: options.delta,
    histogram,
    total: summarizeBuckets(histogram, options.percentiles),
  };
  if (options.groupBy.length > 0) {
    const groups = groupSeries(series, options.groupBy, metric);
    report.groups = { names: [...options.groupBy], rows: groups.map((g) => ({ name: g.name, summary: summarizeBuckets(g.histogram, options.percentiles) })) };
  }
  return report;
}

/** Series grouped by the values of `names` (NONE for a missing label), each group's histograms added; by name. */
export function groupSeries(series: readonly BucketSeries[], names: readonly string[], metric: string): BucketGroup[] {
  const groups = new Map<string, BucketSeries[]>();
  for (const s of series) {
    const name = names.map((n) => (Object.hasOwn(s.labels, n) && s.labels[n] !== "" ? s.labels[n] : "(none)")).join(", ");
    groups.set(name, [...(groups.get(name) ?? []), s]);
  }
  return [...groups.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([name, members]) => ({ name, histogram: addSeries(members, metric) }));
}
