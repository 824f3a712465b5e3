/**
 * A histogram as Prometheus keeps it (a "classic" histogram): how many observations were at most each upper bound
 * `le`, cumulatively, with their sum. It does not hold the observations, only which bucket each fell in, so every
 * figure drawn from it is a bucket's bounds or an estimate between them — never to be put into an HDR histogram as
 * if exact.
 */
import { UserError } from "../base/errors.js";

export interface ClassicHistogram {
  /** Upper bounds in ns, increasing; the last is +Infinity. */
  boundsNs: number[];
  /** Observations ≤ each bound (non-decreasing); the last is the count of all. */
  cumulative: number[];
  /** Sum of the observations in ns, when the series gave one (`_sum`). */
  sumNs: number | undefined;
}

/** One series of a histogram metric: its labels (without `le`) and its buckets. */
export interface BucketSeries {
  labels: Readonly<Record<string, string>>;
  histogram: ClassicHistogram;
}

/** What an input of bucket counts held: the histogram metric read, and its series. */
export interface BucketRead {
  metric: string;
  series: BucketSeries[];
}

/** The observations of the histogram: its +Inf bucket. */
export function countOf(histogram: ClassicHistogram): number {
  return histogram.cumulative[histogram.cumulative.length - 1] ?? 0;
}

/** The bucket `i` as (lower, upper] in ns; the first bucket's lower bound is 0 (latencies are not negative). */
export function bucketBounds(histogram: ClassicHistogram, i: number): { lowerNs: number; upperNs: number } {
  return { lowerNs: i === 0 ? 0 : histogram.boundsNs[i - 1]!, upperNs: histogram.boundsNs[i]! };
}

function sameBounds(a: ClassicHistogram, b: ClassicHistogram): boolean {
  return a.boundsNs.length === b.boundsNs.length && a.boundsNs.every((bound, i) => bound === b.boundsNs[i]);
}

/** `{a="x", b="y"}`, for messages. */
export function describeLabels(labels: Readonly<Record<string, string>>): string {
  return `{${Object.entries(labels)
    .map(([k, v]) => `${k}="${v}"`)
    .join(", ")}}`;
}

/** The sum of the histograms of series of `metric` with the same buckets; at least one. Series that differ are refused, naming two. */
export function addSeries(series: readonly BucketSeries[], metric: string): ClassicHistogram {
  const first = series[0]!.histogram;
  const sum: ClassicHistogram = { boundsNs: [...first.boundsNs], cumulative: first.cumulative.map(() => 0), sumNs: 0 };
  for (const { labels, histogram: h } of series) {
    if (!sameBounds(h, first)) {
      const [a, b] = [series[0]!.labels, labels].map((l) => metric + describeLabels(l));
      throw new UserError(`${a} and ${b} have different buckets, so they cannot be added`, "choose series with the same buckets with --label NAME=VALUE");
    }
    h.cumulative.forEach((count, i) => (sum.cumulative[i]! += count));
    sum.sumNs = sum.sumNs === undefined || h.sumNs === undefined ? undefined : sum.sumNs + h.sumNs;
  }
  return sum;
}

/**
 * The observations made between two scrapes of one series: `after − before`. A count that went down (or a sum,
 * observations being latencies) means the counters were reset in between, and the difference would be wrong:
 * that is refused, naming where.
 */
export function subtractHistograms(after: ClassicHistogram, before: ClassicHistogram, where: string): ClassicHistogram {
  if (!sameBounds(after, before)) throw new UserError(`${where}: the buckets changed between the two scrapes`, "the two scrapes must come from one version of the program");
  const cumulative = after.cumulative.map((count, i) => count - before.cumulative[i]!);
  const drop = cumulative.findIndex((count) => count < 0);
  if (drop >= 0) {
    const le = after.boundsNs[drop] === Infinity ? "+Inf" : `${after.boundsNs[drop]! / 1e9}s`;
    throw new UserError(
      `${where}: counter reset between the scrapes (bucket le=${le} went from ${before.cumulative[drop]} to ${after.cumulative[drop]})`,
      "the process restarted in between; take both scrapes from one run of it",
    );
  }
  const sumNs = after.sumNs === undefined || before.sumNs === undefined ? undefined : after.sumNs - before.sumNs;
  if (sumNs !== undefined && sumNs < 0) {
    throw new UserError(`${where}: counter reset between the scrapes (the sum went down)`, "the process restarted in between; take both scrapes from one run of it");
  }
  return { boundsNs: [...after.boundsNs], cumulative, sumNs };
}
