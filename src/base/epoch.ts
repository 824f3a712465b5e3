/**
 * Epoch numbers: seconds, milliseconds, microseconds or nanoseconds since 1970, told apart by magnitude unless the
 * unit is given, as epoch nanoseconds in a double (exact to ~256 ns today: plenty for gaps between requests).
 */
import { NS_PER_UNIT, type TimeUnit } from "./units.js";

/** Epoch magnitudes: a number below 10^11 is seconds (until year 5138), below 10^14 ms, below 10^17 µs. */
export function epochUnitByMagnitude(value: number): TimeUnit {
  const magnitude = Math.abs(value);
  if (magnitude < 1e11) return "s";
  if (magnitude < 1e14) return "ms";
  if (magnitude < 1e17) return "us";
  return "ns";
}

/**
 * Start times further than this from the epoch (about ±3,000 years) are not times: `1e308` with --time-unit ms
 * would be Infinity nanoseconds, and gaps between such starts NaN.
 */
const MAX_EPOCH_NS = 1e20;

/** True when `ns` can be a start time: finite and within MAX_EPOCH_NS of the epoch. */
export function isEpochNs(ns: number): boolean {
  return Number.isFinite(ns) && Math.abs(ns) <= MAX_EPOCH_NS;
}

/** An epoch number in `unit` (or by magnitude) as nanoseconds; undefined when out of range. */
export function epochNumberToNs(value: number, unit?: TimeUnit): number | undefined {
  const ns = value * NS_PER_UNIT[unit ?? epochUnitByMagnitude(value)];
  return isEpochNs(ns) ? ns : undefined;
}
