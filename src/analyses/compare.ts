/**
 * Base against candidate: per statistic the change, and for percentiles a verdict from confidence intervals.
 *
 * A percentile is `slower` when the base's interval lies wholly below the candidate's, `faster` when wholly above,
 * else `no significant change`. Disjoint 95% intervals are a conservative test (for intervals of similar width,
 * roughly p < 0.01), and an interval bound clamped to the sample's min or max is open on that side, so it can
 * never make two intervals disjoint: small samples give `no significant change`, never a guess.
 * Beside the percentiles, a Kolmogorov–Smirnov test on the whole distributions (ks-test.ts).
 */
import { CumulativeBuckets } from "../core/buckets.js";
import { layoutOf, type Histogram } from "../core/histogram.js";
import type { PercentileInterval } from "./confidence.js";
import { kolmogorovSmirnov, type KsResult } from "./ks-test.js";
import type { PercentileValue, Summary } from "./summary.js";

export type Verdict = "slower" | "faster" | "no significant change";

/** One statistic on both sides. */
export interface StatisticChange {
  /** `min`, `mean`, `stddev`, `max`, or `p<label>` for a percentile. */
  name: string;
  baseNs: number;
  candNs: number;
  /** cand − base. */
  deltaNs: number;
  /** 100 · (cand − base) / base; null when base is 0. */
  deltaPercent: number | null;
  /** Percentiles only. */
  percentile?: PercentileChange;
}

export interface PercentileChange {
  label: string;
  base: PercentileValue;
  cand: PercentileValue;
  verdict: Verdict;
  /** Either side has fewer than 10 samples beyond the percentile. */
  insufficient: boolean;
}

export interface Comparison {
  base: Summary;
  cand: Summary;
  /** min, mean, stddev, the percentiles in order, max. */
  changes: StatisticChange[];
  /** The two-sample test of the whole distributions; none when a side has no values (a group of failures only). */
  distribution: KsResult | undefined;
}

/** The verdict of two percentiles' intervals; no interval (no values) means no verdict. */
export function intervalVerdict(base: PercentileInterval | undefined, cand: PercentileInterval | undefined): Verdict {
  if (base === undefined || cand === undefined) return "no significant change";
  if (base.hiNs < cand.loNs && !base.hiClamped && !cand.loClamped) return "slower";
  if (cand.hiNs < base.loNs && !cand.hiClamped && !base.loClamped) return "faster";
  return "no significant change";
}

/** `indistinct`: the two lie in one bucket, a change of 0 as far as the histograms can tell. */
function change(name: string, baseNs: number, candNs: number, indistinct = false): StatisticChange {
  const deltaNs = indistinct ? 0 : candNs - baseNs;
  return { name, baseNs, candNs, deltaNs, deltaPercent: baseNs === 0 ? null : (100 * deltaNs) / baseNs };
}

/**
 * Whether two percentiles lie in one bucket of histograms alike, so no change between them can be told: one side's
 * may read as the bucket's top and the other's as its max within it (12.351 against 12.345 ms), a Δ that says only
 * how the bucket was cut.
 */
function oneBucket(baseHistogram: Histogram, candHistogram: Histogram): (baseNs: number, candNs: number) => boolean {
  const layout = layoutOf(baseHistogram);
  if (!layout.sameBucketsAs(layoutOf(candHistogram))) return () => false;
  return (baseNs, candNs) => layout.indexOf(Math.floor(baseNs)) === layout.indexOf(Math.floor(candNs));
}

/** Compares two summaries with the same percentile labels, and the histograms they were made from. */
export function compare(base: Summary, baseHistogram: Histogram, cand: Summary, candHistogram: Histogram): Comparison {
  const inOneBucket = oneBucket(baseHistogram, candHistogram);
  const percentiles = base.percentiles.map((b, i) => {
    const c = cand.percentiles[i]!;
    const row = change(`p${b.label}`, b.valueNs, c.valueNs, inOneBucket(b.valueNs, c.valueNs));
    row.percentile = { label: b.label, base: b, cand: c, verdict: intervalVerdict(b.ci, c.ci), insufficient: !!(b.insufficient || c.insufficient) };
    return row;
  });
  return {
    base,
    cand,
    changes: [
      change("min", base.minNs, cand.minNs),
      change("mean", base.meanNs, cand.meanNs),
      change("stddev", base.stddevNs, cand.stddevNs),
      ...percentiles,
      change("max", base.maxNs, cand.maxNs),
    ],
    distribution: base.count === 0 || cand.count === 0 ? undefined : kolmogorovSmirnov(CumulativeBuckets.of(baseHistogram), CumulativeBuckets.of(candHistogram)),
  };
}
