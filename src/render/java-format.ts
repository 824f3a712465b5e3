/**
 * Number formatting that reproduces Java's `String.format(Locale.US, "%W.Df", double)` and `"%Wd"` byte for byte.
 *
 * Java does not round the exact binary value (as `Number.prototype.toFixed` does): it takes the decimal digits
 * `Double.toString` would print (the shortest that read back as the same double) and rounds those HALF_UP.
 * So 11.7275 (binary 11.72749999999999914…) prints as "11.728" in Java and "11.727" with `toFixed(3)`.
 */

/** Java's `%{width}.{decimals}f` under Locale.US: shortest round-trip digits, rounded half up, padded left. */
export function formatJavaFixed(value: number, decimals: number, width = 0): string {
  let text: string;
  if (Number.isNaN(value)) text = "NaN";
  else if (value === Infinity) text = "Infinity";
  else if (value === -Infinity) text = "-Infinity";
  else {
    const negative = value < 0 || Object.is(value, -0);
    text = (negative ? "-" : "") + fixedMagnitude(Math.abs(value), decimals);
  }
  return text.padStart(width);
}

/** Java's `%{width}d`: the integer padded left with spaces. */
export function formatJavaInteger(value: number, width = 0): string {
  return String(value).padStart(width);
}

/** `abs` (finite, ≥ 0) with exactly `decimals` digits after the point. */
function fixedMagnitude(abs: number, decimals: number): string {
  const scaled = roundHalfUpScaled(abs, decimals).toString().padStart(decimals + 1, "0");
  if (decimals === 0) return scaled;
  return `${scaled.slice(0, -decimals)}.${scaled.slice(-decimals)}`;
}

/** `abs × 10^decimals` as an integer, rounding the shortest round-trip decimal digits of `abs` half up. */
function roundHalfUpScaled(abs: number, decimals: number): bigint {
  if (abs === 0) return 0n;
  // toExponential() without an argument gives the shortest digits that round-trip, like Double.toString.
  const [mantissa, exponent] = abs.toExponential().split("e") as [string, string];
  const digits = mantissa.replace(".", "");
  const pointPosition = Number(exponent) + 1; // abs = 0.<digits> × 10^pointPosition
  const keep = pointPosition + decimals; // digits that land before the rounding position
  if (keep < 0) return 0n;
  if (keep >= digits.length) return BigInt(digits) * 10n ** BigInt(keep - digits.length);
  const roundUp = digits.charCodeAt(keep) >= 0x35; // '5'
  return BigInt(digits.slice(0, keep) || "0") + (roundUp ? 1n : 0n);
}
