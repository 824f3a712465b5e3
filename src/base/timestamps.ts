/**
 * Request start times, as epoch nanoseconds in a double (exact to ~256 ns today: plenty for gaps between
 * requests). Numbers are epoch seconds, milliseconds, microseconds or nanoseconds, told apart by magnitude
 * unless the unit is given; text may be ISO-8601 (`2026-11-02T09:00:00.123456Z`, offset or Z; fractions to ns).
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

// Written so that no digit run can be split two ways (see NUMBER_WITH_UNIT in units.ts): linear time.
const NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;
const ISO_DATE_TIME = /^(\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2})?)(?:[.,](\d{1,9}))?(Z|[+-]\d{2}:?\d{2})?$/i;

/** Parses a start time; undefined when the text is not a time. */
export function parseTimestamp(text: string, unit?: TimeUnit): number | undefined {
  const trimmed = text.trim();
  if (NUMBER.test(trimmed)) return epochNumberToNs(Number(trimmed), unit);
  const match = ISO_DATE_TIME.exec(trimmed);
  if (match === null) return undefined;
  const [, dateTime, fraction = "", zone = "Z"] = match;
  const wholeSecondsMs = Date.parse(`${dateTime!.replace(" ", "T")}${normaliseZone(zone)}`);
  if (Number.isNaN(wholeSecondsMs)) return undefined;
  return wholeSecondsMs * 1e6 + Number(fraction.padEnd(9, "0"));
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

function normaliseZone(zone: string): string {
  if (zone.toUpperCase() === "Z") return "Z";
  return zone.length === 5 ? `${zone.slice(0, 3)}:${zone.slice(3)}` : zone;
}
