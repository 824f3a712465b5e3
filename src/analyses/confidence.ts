/**
 * Distribution-free confidence intervals for percentiles, from order statistics.
 *
 * For the population's p-quantile ξ, the number of samples ≤ ξ is Bin(n, p) (for any continuous distribution;
 * ties only make the closed interval below more likely to cover). With l = the α/2 quantile of Bin(n, p) and
 * u = the 1−α/2 quantile + 1, P(X₍l₎ ≤ ξ ≤ X₍u₎) ≥ 1 − α: no assumption about the shape of latencies.
 *
 * The values at ranks l and u are read off the histogram as the bucket holding each rank bounds it: the lowest
 * equivalent value of X₍l₎'s bucket and the highest of X₍u₎'s. So the interval holds [X₍l₎, X₍u₎], and ξ with
 * it. (The highest value of X₍l₎'s bucket would lie above X₍l₎, and above ξ too once a bucket is as wide as the
 * interval: 2 significant digits, or millions of samples.)
 *
 * When l < 1 or u > n the bound lies beyond the sample: it is clamped to the sample's min (rank 1) or max
 * (rank n) and flagged — the true bound is lower (resp. higher) than shown, and a comparison must treat that side
 * as open.
 */
import type { CumulativeBuckets } from "../core/buckets.js";
import { binomialQuantile } from "./binomial.js";

/** Confidence level of every interval latstat prints. */
export const CONFIDENCE_LEVEL = 0.95;

/** A percentile's confidence interval: values (ns) and ranks of its bounds. */
export interface PercentileInterval {
  loNs: number;
  hiNs: number;
  /** 1-based ranks the bounds were read at (after clamping into 1…n). */
  loRank: number;
  hiRank: number;
  /** The lower bound lies below the sample's smallest value; `loNs` is that smallest value. */
  loClamped: boolean;
  /** The upper bound lies above the sample's largest value; `hiNs` is that largest value. */
  hiClamped: boolean;
}

/** Ranks (1-based) of the order statistics bounding `percentile` (0–100) of n samples; 0 and n+1 mean "beyond". */
export function confidenceRanks(n: number, percentile: number, level = CONFIDENCE_LEVEL): { lo: number; hi: number } {
  const p = percentile / 100;
  const alpha = 1 - level;
  return { lo: binomialQuantile(n, p, alpha / 2), hi: binomialQuantile(n, p, 1 - alpha / 2) + 1 };
}

/** HdrHistogram's nearest rank for a percentile: ⌈p·n/100⌉, at least 1. */
export function nearestRank(n: number, percentile: number): number {
  return Math.max(1, Math.ceil(Number(((percentile / 100) * n).toPrecision(15))));
}

/** The confidence interval of `percentile` (0–100) of the values in `buckets`; undefined when there are none. */
export function percentileInterval(buckets: CumulativeBuckets, percentile: number, level = CONFIDENCE_LEVEL): PercentileInterval | undefined {
  const n = buckets.total;
  if (n === 0) return undefined;
  const ranks = confidenceRanks(n, percentile, level);
  const point = nearestRank(n, percentile);
  // Never narrower than the point estimate itself (only matters at p0 and p100).
  const loRank = Math.min(Math.max(ranks.lo, 1), point);
  const hiRank = Math.max(Math.min(ranks.hi, n), point);
  const layout = buckets.layout;
  return {
    loNs: layout.lowestValueAt(layout.indexOf(buckets.valueAtRank(loRank))),
    hiNs: buckets.valueAtRank(hiRank),
    loRank,
    hiRank,
    loClamped: ranks.lo < 1,
    hiClamped: ranks.hi > n,
  };
}
