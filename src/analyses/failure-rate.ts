/**
 * The failure rate of an input with its 95% interval, and whether it changed between two inputs.
 *
 * The interval is Wilson's score interval (it stays inside [0, 1] and is honest for rates near 0, where the
 * normal approximation p ± z·√(p(1−p)/n) gives [0, 0] for 0 of n). The change is judged by the two-proportion
 * z-test with the pooled rate: `worse` when the candidate's rate is higher at the 95% level, `better` when lower.
 */
import type { LineAccounting } from "../ingest/accounting.js";
import { inverseNormalCdf } from "./binomial.js";
import { CONFIDENCE_LEVEL } from "./confidence.js";

export interface FailureRate {
  failed: number;
  /** Requests made, failed or not. */
  requests: number;
  /** failed / requests (0–1). */
  rate: number;
  /** 95% interval of the rate (0–1). */
  lo: number;
  hi: number;
}

export type FailedVerdict = "worse" | "better" | "no significant change";

export interface FailedChange {
  base: FailureRate;
  cand: FailureRate;
  /** cand.rate − base.rate, in percentage points. */
  deltaPoints: number;
  verdict: FailedVerdict;
}

const Z = inverseNormalCdf(1 - (1 - CONFIDENCE_LEVEL) / 2);

/** The failure rate of what was read; undefined when the input says nothing about failures. */
export function failureRateOf(accounting: LineAccounting): FailureRate | undefined {
  if (!accounting.failuresKnown()) return undefined;
  return failureRate(accounting.failed, accounting.requests());
}

/** `failed` of `requests` with Wilson's 95% score interval. */
export function failureRate(failed: number, requests: number): FailureRate {
  if (requests === 0) return { failed, requests, rate: 0, lo: 0, hi: 1 };
  const p = failed / requests;
  const z2 = Z * Z;
  const scale = 1 + z2 / requests;
  const centre = (p + z2 / (2 * requests)) / scale;
  const half = (Z / scale) * Math.sqrt((p * (1 - p)) / requests + z2 / (4 * requests * requests));
  // At 0 (or all) failed the bound is exactly the rate; in floating point centre − half leaves 5e-20 and more.
  return { failed, requests, rate: p, lo: failed === 0 ? 0 : Math.max(0, centre - half), hi: failed === requests ? 1 : Math.min(1, centre + half) };
}

/** The change of the failure rate from `base` to `cand`, by the pooled two-proportion z-test at 95%. */
export function failedChange(base: FailureRate, cand: FailureRate): FailedChange {
  const deltaPoints = 100 * (cand.rate - base.rate);
  const pooled = (base.failed + cand.failed) / (base.requests + cand.requests);
  const se = Math.sqrt(pooled * (1 - pooled) * (1 / base.requests + 1 / cand.requests));
  const z = se > 0 ? (cand.rate - base.rate) / se : 0;
  const verdict: FailedVerdict = z > Z ? "worse" : z < -Z ? "better" : "no significant change";
  return { base, cand, deltaPoints, verdict };
}
