/**
 * Quantiles of the binomial distribution Bin(n, p), for the order-statistic confidence intervals.
 *
 * Exact when n·p·(1−p) ≤ NORMAL_APPROXIMATION_ABOVE: the probabilities are built by the ratio recurrence
 * P(k+1)/P(k) = (n−k)/(k+1) · p/(1−p) outward from the mode, relative to the mode's probability, and then
 * normalised — no factorials, no overflow, no log-gamma error; terms below 1e-20 of the mode's are dropped (their
 * total is far below double precision). At most ~80 standard deviations ≈ 2,600 terms are visited.
 *
 * Above the threshold the normal approximation with continuity correction is used; there the standard deviation
 * is > 31.6 ranks and the approximation's error (under one rank, from the skewness (1−2p)/√(npq) < 0.032) is
 * negligible against the interval's width of ~4 standard deviations.
 */

/** n·p·(1−p) above which the normal approximation replaces the exact computation. */
export const NORMAL_APPROXIMATION_ABOVE = 1000;

/** Relative size below which binomial terms are dropped. */
const NEGLIGIBLE = 1e-20;

/** Smallest k in 0…n with P(Bin(n, p) ≤ k) ≥ q, for integer n ≥ 0, p in [0, 1] and q in (0, 1). */
export function binomialQuantile(n: number, p: number, q: number): number {
  if (p <= 0 || n === 0) return 0;
  if (p >= 1) return n;
  const variance = n * p * (1 - p);
  if (variance > NORMAL_APPROXIMATION_ABOVE) {
    const k = Math.ceil(n * p + inverseNormalCdf(q) * Math.sqrt(variance) - 0.5);
    return Math.min(n, Math.max(0, k));
  }
  return exactQuantile(n, p, q);
}

function exactQuantile(n: number, p: number, q: number): number {
  const mode = Math.min(n, Math.floor((n + 1) * p));
  const odds = p / (1 - p);
  // Weights relative to P(mode): below the mode in `below` (nearest first), the mode and above in `above`.
  const below: number[] = [];
  for (let k = mode, w = 1; k > 0; k--) {
    w *= k / ((n - k + 1) * odds);
    if (w < NEGLIGIBLE) break;
    below.push(w);
  }
  const above: number[] = [1];
  for (let k = mode, w = 1; k < n; k++) {
    w *= ((n - k) / (k + 1)) * odds;
    if (w < NEGLIGIBLE) break;
    above.push(w);
  }
  let total = 0;
  for (const w of below) total += w;
  for (const w of above) total += w;
  const target = q * total;
  let cumulative = 0;
  const first = mode - below.length;
  for (let i = below.length - 1; i >= 0; i--) {
    cumulative += below[i]!;
    if (cumulative >= target) return first + (below.length - 1 - i);
  }
  for (let i = 0; i < above.length; i++) {
    cumulative += above[i]!;
    if (cumulative >= target) return mode + i;
  }
  return mode + above.length - 1;
}

/**
 * The standard normal quantile Φ⁻¹(q) for q in (0, 1), by Acklam's rational approximation (relative error
 * < 1.2e-9, far below what a rank needs).
 */
export function inverseNormalCdf(q: number): number {
  if (!(q > 0 && q < 1)) return q <= 0 ? -Infinity : Infinity;
  const a = [-3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2, -3.066479806614716e1, 2.506628277459239];
  const b = [-5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1, -1.328068155288572e1];
  const c = [-7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416];
  const low = 0.02425;
  if (q < low) {
    const r = Math.sqrt(-2 * Math.log(q));
    return (((((c[0]! * r + c[1]!) * r + c[2]!) * r + c[3]!) * r + c[4]!) * r + c[5]!) / ((((d[0]! * r + d[1]!) * r + d[2]!) * r + d[3]!) * r + 1);
  } else if (q <= 1 - low) {
    const s = q - 0.5;
    const r = s * s;
    return ((((((a[0]! * r + a[1]!) * r + a[2]!) * r + a[3]!) * r + a[4]!) * r + a[5]!) * s) /
      (((((b[0]! * r + b[1]!) * r + b[2]!) * r + b[3]!) * r + b[4]!) * r + 1);
  } else {
    const r = Math.sqrt(-2 * Math.log(1 - q));
    return -(((((c[0]! * r + c[1]!) * r + c[2]!) * r + c[3]!) * r + c[4]!) * r + c[5]!) / ((((d[0]! * r + d[1]!) * r + d[2]!) * r + d[3]!) * r + 1);
  }
}
