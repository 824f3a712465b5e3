/**
 * Exact arithmetic on percentages as written (`99.9`), so that a budget never passes or fails by a rounding
 * error: 100 − 99.9 is 0.09999999999999432 in floating point, which would make p99.9 need 10,001 samples.
 */

/** A percentage as an exact fraction: `value = numerator / denominator` (e.g. "99.9" → 999 / 10). */
interface Ratio {
  numerator: bigint;
  denominator: bigint;
}

/** Parses a plain decimal such as `99.9`, `95` or `.5` (no sign, no exponent) into an exact fraction. */
function exactPercent(text: string): Ratio {
  if (!/^(\d+\.?\d*|\.\d+)$/.test(text)) throw new Error(`not a plain decimal: ${text}`);
  const [whole = "", fraction = ""] = text.split(".");
  return { numerator: BigInt(`${whole}${fraction}` || "0"), denominator: 10n ** BigInt(fraction.length) };
}

/** Samples above a percentile that make it more than a guess. */
export const SAMPLES_ABOVE_PERCENTILE = 10;

/**
 * Fewest samples for a percentile `p` (0 ≤ p < 100) to rest on at least SAMPLES_ABOVE_PERCENTILE samples above
 * it: the smallest whole n with n ≥ 10 / (1 − p/100). p50 → 20, p99 → 1,000, p99.9 → 10,000.
 */
export function minimumSamples(percentText: string): number {
  const { numerator, denominator } = exactPercent(percentText);
  const above = 100n * denominator - numerator; // (100 − p) × denominator
  if (above <= 0n) throw new Error(`percentile ${percentText} is not below 100`);
  const needed = BigInt(SAMPLES_ABOVE_PERCENTILE) * 100n * denominator;
  return Number((needed + above - 1n) / above);
}

/**
 * Fewest requests for a share of `percentText`% (0 < share ≤ 100) to be at least SAMPLES_ABOVE_PERCENTILE of
 * them: ⌈10 × 100 / share⌉. `failed < 1%` → 1,000; undefined for 0%, which any number of requests can break.
 */
export function minimumForShare(percentText: string): number | undefined {
  const { numerator, denominator } = exactPercent(percentText);
  if (numerator === 0n) return undefined;
  const needed = BigInt(SAMPLES_ABOVE_PERCENTILE) * 100n * denominator;
  return Number((needed + numerator - 1n) / numerator);
}

/** Whether `part / whole × 100 op percentText`, decided exactly. */
export function shareHolds(part: number, whole: number, op: "<" | "<=" | ">" | ">=", percentText: string): boolean {
  const { numerator, denominator } = exactPercent(percentText);
  const left = BigInt(part) * 100n * denominator;
  const right = numerator * BigInt(whole);
  return op === "<" ? left < right : op === "<=" ? left <= right : op === ">" ? left > right : left >= right;
}

/**
 * How many of `total` requests may be slow while at least `targetPercent`% are fast: ⌊total × (100 − target) / 100⌋.
 * "At least 99.9% of 1,000 below" allows exactly 1 over.
 */
export function allowedOver(total: number, targetPercent: string): number {
  const { numerator, denominator } = exactPercent(targetPercent);
  const hundred = 100n * denominator;
  if (numerator > hundred) throw new Error(`percentage ${targetPercent} is above 100`);
  return Number((BigInt(total) * (hundred - numerator)) / hundred);
}

/**
 * The part of `total` a target percentage leaves to the rest, total × (100 − target) / 100, rounded once from the
 * exact fraction: 20,000 at "99" is exactly 200 (not 200.00000000000003), so bad/part is exactly 1 when it should be.
 */
export function complementOf(total: number, targetPercent: string): number {
  const { numerator, denominator } = exactPercent(targetPercent);
  const hundred = 100n * denominator;
  return Number(BigInt(total) * (hundred - numerator)) / Number(hundred);
}

/** `part` as a percentage of `whole` (0 when whole is 0). */
export function percentOf(part: number, whole: number): number {
  return whole === 0 ? 0 : (part * 100) / whole;
}
