/**
 * Percentiles that count failures as misery (Gil Tene's point: a change that turns slow requests into fast errors
 * must not read as faster). Every failed request is counted as slower than any success — it never came back
 * well — so over n = successes + failures the percentile p is the success at Java's nearest rank ⌈p·n/100⌉
 * (core/percentiles.ts `rankOf`), or, when that rank lies beyond the successes, a failure: no latency (null).
 * With `failuresAsNs` (`--failures-as`, the client's timeout) each failure is counted at that latency instead,
 * and every percentile is a number.
 *
 * Only when every failure was left out of the histogram: with `--include-errors` (or `--status`) the recorded
 * distribution already holds failures at their own latencies, and the successes alone are not kept.
 */
import { CumulativeBuckets } from "../core/buckets.js";
import { rankOf } from "../core/percentiles.js";
import type { Histogram } from "../core/histogram.js";
import type { LatencyRecorder } from "../core/recorder.js";
import { type Extremes, within } from "./summary.js";
import type { LineAccounting } from "../ingest/accounting.js";
import { FAILED_SKIP_REASON } from "../ingest/accounting.js";

export interface WithFailuresPercentile {
  /** As written in `-p`. */
  label: string;
  percentile: number;
  /** The value at the percentile in ns; null where the rank falls among the failures. */
  valueNs: number | null;
}

export interface WithFailures {
  /** Failed requests counted as slower than any success. */
  failed: number;
  /** Successes and failures. */
  requests: number;
  /** The latency failures are counted at (`--failures-as`); undefined: slower than any success. */
  failuresAsNs?: number;
  percentiles: WithFailuresPercentile[];
}

/**
 * The percentiles of `successes` with `failed` failures counted in (see the file comment). A success's value is
 * held within the successes' exact extremes when `exact` gives them (a bucket's bounds lie beyond them), and a
 * failure counted at `failuresAsNs` is that value.
 */
export function percentilesWithFailures(successes: Histogram, failed: number, labels: readonly string[], failuresAsNs?: number, exact?: Extremes): WithFailures {
  const buckets = CumulativeBuckets.of(successes);
  const succeeded = buckets.total;
  const requests = succeeded + failed;
  const percentiles = labels.map((label) => {
    const percentile = Number(label);
    const rank = rankOf(percentile, requests);
    const success = (successRank: number) => within(valueAt(buckets, successRank, percentile), exact);
    let valueNs: number | null;
    if (failuresAsNs === undefined) valueNs = rank > succeeded ? null : success(rank);
    else valueNs = withFailuresAt(buckets, rank, failed, failuresAsNs, success);
    return { label, percentile, valueNs };
  });
  return { failed, requests, ...(failuresAsNs === undefined ? {} : { failuresAsNs }), percentiles };
}

/** The success at `rank`: the bucket's highest equivalent value, its lowest for p0 (as Java's getValueAtPercentile). */
function valueAt(buckets: CumulativeBuckets, rank: number, percentile: number): number {
  const high = buckets.valueAtRank(rank);
  return percentile === 0 ? buckets.layout.lowestValueAt(buckets.layout.indexOf(high)) : high;
}

/**
 * The value at `rank` of the successes and `failed` values at `failuresAsNs`, the failures placed in order as if
 * they had been recorded in their bucket; `success` gives a success's value at its own rank.
 */
function withFailuresAt(buckets: CumulativeBuckets, rank: number, failed: number, failuresAsNs: number, success: (rank: number) => number): number {
  if (buckets.total === 0) return failuresAsNs;
  // Successes in buckets below the failures' bucket come first, then the failures and their bucket's successes.
  const failureHigh = buckets.layout.highestEquivalentValue(failuresAsNs);
  const below = buckets.countBelow(failureHigh);
  const atOrBelowFailures = buckets.countBelow(failureHigh + 1) + failed;
  if (rank <= below) return success(rank);
  if (rank <= atOrBelowFailures) return failuresAsNs;
  return success(rank - failed);
}

/**
 * The figures for a report whose successes are recorded in `successes`: undefined when the input says nothing about
 * failures, or when some failures were recorded (see the file comment).
 */
export function withFailuresOf(successes: LatencyRecorder, accounting: LineAccounting, labels: readonly string[], failuresAsNs?: number): WithFailures | undefined {
  if (!accounting.failuresKnown()) return undefined;
  return withFailuresLeftOut(successes, accounting.failed, accounting.skippedByReason[FAILED_SKIP_REASON] ?? 0, labels, failuresAsNs);
}

/** The same of `failed` failures of which `leftOut` were left out of `successes` (a group's): undefined unless all were. */
export function withFailuresLeftOut(successes: LatencyRecorder, failed: number, leftOut: number, labels: readonly string[], failuresAsNs?: number): WithFailures | undefined {
  return leftOut === failed ? percentilesWithFailures(successes.histogram(), failed, labels, failuresAsNs, successes) : undefined;
}
