/**
 * Two-sample Kolmogorov–Smirnov test computed from two histograms: does the whole distribution differ, even when
 * the tail percentiles are too noisy to tell?
 *
 * D = max over x of |F_base(x) − F_cand(x)|, with both CDFs evaluated at the upper edge of every non-empty bucket
 * of either histogram (both must have the same significant digits, so their buckets coincide). The p-value is exact
 * for small samples (n₁n₂ ≤ EXACT_MAX_PRODUCT): the share of all orderings of the n₁ + n₂ values whose D is as
 * large, counted as lattice paths (Hodges, 1957), where the asymptotic one is too small (3 against 3 values wholly
 * apart: 0.033 for the exact 0.1, the smallest p such samples can give). Beyond, it is the asymptotic Kolmogorov
 * distribution Q(λ), λ = (√nₑ + 0.12 + 0.11/√nₑ)·D, nₑ = n₁n₂/(n₁+n₂) (Stephens' small-sample correction, as in
 * Numerical Recipes' `kstwo`).
 *
 * Ties and bucketing: latencies are integer nanoseconds binned into buckets ≤ 0.1% wide (3 significant digits),
 * so the CDFs are only compared at bucket edges. That can only make D smaller than for the raw values, and with
 * ties the asymptotic p-value is conservative (too large): the test may miss a shift smaller than a bucket, but
 * does not report differences that are not there.
 */
import type { CumulativeBuckets } from "../core/buckets.js";

/** Significance level of the whole-distribution test. */
export const DISTRIBUTION_ALPHA = 0.05;

export interface KsResult {
  /** Largest distance between the two CDFs, 0–1. */
  d: number;
  /** Asymptotic p-value: the chance of a D this large if both samples came from one distribution. */
  pValue: number;
  /** p < DISTRIBUTION_ALPHA. */
  significant: boolean;
  /**
   * Which way the largest gap leans: `slower` when the candidate has less of its mass at or below the gap's value
   * (its values are larger there), `faster` when it has more, `none` when D is 0.
   */
  direction: "slower" | "faster" | "none";
  /** The value (ns, a bucket's upper edge) where the largest gap is, and each side's CDF there. */
  atNs: number;
  baseCdf: number;
  candCdf: number;
}

/** The two-sample KS test of `cand` against `base` (both with the same significant digits and some values). */
export function kolmogorovSmirnov(base: CumulativeBuckets, cand: CumulativeBuckets): KsResult {
  if (base.digits !== cand.digits) throw new Error("kolmogorovSmirnov needs histograms with the same significant digits");
  const n1 = base.total;
  const n2 = cand.total;
  let i = 0;
  let j = 0;
  // Gaps are compared as F_base·n₁n₂ − F_cand·n₁n₂ = cum_base·n₂ − cum_cand·n₁, in integers (exact while the
  // products stay below 2^53), so that of equal gaps the first one wins rather than float noise.
  let best = { gap: 0, atNs: NaN, baseCum: 0, candCum: 0 };
  while (i < base.indices.length || j < cand.indices.length) {
    const bi = i < base.indices.length ? base.indices[i]! : Infinity;
    const cj = j < cand.indices.length ? cand.indices[j]! : Infinity;
    const index = Math.min(bi, cj);
    if (bi === index) i++;
    if (cj === index) j++;
    const baseCum = i === 0 ? 0 : base.cumulative[i - 1]!;
    const candCum = j === 0 ? 0 : cand.cumulative[j - 1]!;
    const gap = baseCum * n2 - candCum * n1;
    if (Math.abs(gap) > Math.abs(best.gap)) best = { gap, atNs: bi === index ? base.highs[i - 1]! : cand.highs[j - 1]!, baseCum, candCum };
  }
  const d = Math.abs(best.gap) / (n1 * n2);
  const ne = (n1 * n2) / (n1 + n2);
  const pValue = n1 * n2 <= EXACT_MAX_PRODUCT ? exactPValue(n1, n2, Math.abs(best.gap)) : kolmogorovQ((Math.sqrt(ne) + 0.12 + 0.11 / Math.sqrt(ne)) * d);
  return {
    d,
    pValue,
    significant: pValue < DISTRIBUTION_ALPHA,
    direction: best.gap > 0 ? "slower" : best.gap < 0 ? "faster" : "none",
    atNs: best.atNs,
    baseCdf: best.baseCum / n1,
    candCdf: best.candCum / n2,
  };
}

/** Samples this small (n₁n₂, the lattice's size) get the exact p-value. */
const EXACT_MAX_PRODUCT = 10_000;

/**
 * P(D ≥ the observed D) for n₁ and n₂ values of one continuous distribution: 1 − the share of the lattice paths from
 * (0, 0) to (n₁, n₂) — each an ordering of the values, i of the base's and j of the candidate's first — that keep
 * |i·n₂ − j·n₁| below `gap` (the observed D·n₁n₂) at every point. Counts stay below 2^200 here: doubles hold them.
 * With ties (values in one bucket) D can only be smaller, so the p-value errs large, as the asymptotic one does.
 */
function exactPValue(n1: number, n2: number, gap: number): number {
  if (gap === 0) return 1;
  const paths = new Float64Array(n2 + 1);
  for (let i = 0; i <= n1; i++) {
    for (let j = 0; j <= n2; j++) {
      if (Math.abs(i * n2 - j * n1) >= gap) paths[j] = 0;
      else if (i > 0 || j > 0) paths[j] = (i > 0 ? paths[j]! : 0) + (j > 0 ? paths[j - 1]! : 0);
      else paths[j] = 1;
    }
  }
  return Math.min(1, Math.max(0, 1 - paths[n2]! / binomial(n1 + n2, n1)));
}

/** C(n, k) as a double. */
function binomial(n: number, k: number): number {
  let c = 1;
  for (let i = 1; i <= k; i++) c = (c * (n - k + i)) / i;
  return c;
}

/**
 * The Kolmogorov distribution's survival function Q(λ) = 2 Σ (−1)^(k−1) e^(−2k²λ²), with the Jacobi-transformed
 * series 1 − (√(2π)/λ) Σ e^(−(2k−1)²π²/(8λ²)) for small λ, where the first converges slowly.
 */
export function kolmogorovQ(lambda: number): number {
  if (!(lambda > 0)) return 1;
  if (lambda < 1.18) {
    const y = Math.exp((-Math.PI * Math.PI) / (8 * lambda * lambda));
    const sum = y + y ** 9 + y ** 25 + y ** 49 + y ** 81;
    return Math.min(1, Math.max(0, 1 - (Math.sqrt(2 * Math.PI) / lambda) * sum));
  }
  const x = Math.exp(-2 * lambda * lambda);
  const sum = x - x ** 4 + x ** 9 - x ** 16 + x ** 25;
  return Math.min(1, Math.max(0, 2 * sum));
}
