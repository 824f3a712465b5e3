/**
 * The figures of a histogram of bucket counts (a Prometheus histogram). It holds no observations, only how many
 * fell in each bucket, so every percentile is a bucket (lower, upper] it certainly lies in — the bucket of the
 * same nearest rank as every other latstat percentile — and an estimate inside it, interpolated linearly as
 * Prometheus's histogram_quantile does (rank q × count; in the +Inf bucket the estimate is its lower bound, the
 * highest finite one). The mean is exact when the series gave their sums; the standard deviation is not known.
 */
import { bucketBounds, countOf, type ClassicHistogram } from "../core/classic-histogram.js";
import { rankOf } from "../core/percentiles.js";

/** Why figures from buckets are approximate, as reports say it. */
export const BUCKETS_APPROXIMATE = "from histogram buckets: each percentile lies in its bucket (lower, upper]; the estimate interpolates linearly inside it, as Prometheus's histogram_quantile does";

/** A bucket of observations, (lower, upper] in ns; `upperNs` may be Infinity. */
export interface Bucket {
  lowerNs: number;
  upperNs: number;
}

export interface BucketPercentile extends Bucket {
  /** As the user wrote it in `-p`. */
  label: string;
  /** 0–100. */
  percentile: number;
  /** histogram_quantile's estimate; NaN when the histogram has only the +Inf bucket. */
  estimateNs: number;
}

export interface BucketSummary {
  count: number;
  /** Sum / count, exact; NaN without sums. */
  meanNs: number;
  percentiles: BucketPercentile[];
  /** The buckets of the smallest and largest observation. */
  min: Bucket;
  max: Bucket;
}

/** The bucket holding the `rank`-th smallest observation (ranks from 1). */
export function bucketOfRank(histogram: ClassicHistogram, rank: number): number {
  return histogram.cumulative.findIndex((count) => count >= rank);
}

function percentileOf(histogram: ClassicHistogram, label: string): BucketPercentile {
  const percentile = Number(label);
  const count = countOf(histogram);
  const index = bucketOfRank(histogram, rankOf(percentile, count));
  const { lowerNs, upperNs } = bucketBounds(histogram, index);
  let estimateNs: number;
  if (upperNs === Infinity) estimateNs = index === 0 ? NaN : lowerNs;
  else {
    const below = index === 0 ? 0 : histogram.cumulative[index - 1]!;
    const inside = histogram.cumulative[index]! - below;
    const fraction = Math.min(Math.max(((percentile / 100) * count - below) / inside, 0), 1);
    estimateNs = Math.round(lowerNs + (upperNs - lowerNs) * fraction);
  }
  return { label, percentile, lowerNs, upperNs, estimateNs };
}

/** The figures of a histogram holding at least one observation. */
export function summarizeBuckets(histogram: ClassicHistogram, percentileLabels: readonly string[]): BucketSummary {
  const count = countOf(histogram);
  return {
    count,
    meanNs: histogram.sumNs === undefined || count === 0 ? NaN : histogram.sumNs / count,
    percentiles: count === 0 ? [] : percentileLabels.map((label) => percentileOf(histogram, label)),
    min: count === 0 ? { lowerNs: NaN, upperNs: NaN } : bucketBounds(histogram, bucketOfRank(histogram, 1)),
    max: count === 0 ? { lowerNs: NaN, upperNs: NaN } : bucketBounds(histogram, bucketOfRank(histogram, count)),
  };
}
