/** Turning nanoseconds into printed numbers: picking a readable unit and keeping only meaningful digits. */
import type { Summary } from "../analyses/summary.js";
import { NS_PER_UNIT, type TimeUnit } from "../base/units.js";

const UNITS_UP: readonly TimeUnit[] = ["ns", "us", "ms", "s"];

/**
 * The unit a distribution's table is printed in: where its median reads as 1–999, but a larger one when its max
 * would take seven digits or more there (a 340 µs median with a 1.8 s max reads in ms, not as 1800000 µs), and
 * where its max reads well when the median is 0 (a log of whole milliseconds, mostly 0). All zero, it is ms, the
 * default unit: a zero reads the same in any.
 */
export function summaryUnit(summary: Summary): TimeUnit {
  if (summary.maxNs === 0) return "ms";
  const medianNs = summary.percentiles.find((p) => p.percentile === 50)?.valueNs ?? summary.meanNs;
  let index = UNITS_UP.indexOf(readableUnit(medianNs > 0 ? medianNs : summary.maxNs));
  while (index < UNITS_UP.length - 1 && summary.maxNs / NS_PER_UNIT[UNITS_UP[index]!] >= 1e6) index++;
  return UNITS_UP[index]!;
}

/**
 * The unit of a table of several distributions side by side (a comparison, a trend): the first's, unless it is all
 * zero, then the first other's that is not. Else a base of whole milliseconds, all 0, put its candidate in ns.
 */
export function sharedUnit(summaries: readonly Summary[]): TimeUnit {
  return summaryUnit(summaries.find((summary) => summary.maxNs > 0) ?? summaries[0]!);
}

/** The unit in which a typical value (e.g. the median) reads as 1–999. */
export function readableUnit(typicalNs: number): TimeUnit {
  if (!(typicalNs >= 1e3)) return "ns";
  if (typicalNs < 1e6) return "us";
  if (typicalNs < 1e9) return "ms";
  return "s";
}

/**
 * A value in `unit`, rounded to `digits` significant digits (the histogram's precision), never in exponent
 * notation: 12.3, 0.0456, 98300.
 */
export function formatSignificant(ns: number, unit: TimeUnit, digits: number): string {
  if (Number.isNaN(ns)) return "-";
  const value = ns / NS_PER_UNIT[unit];
  if (value === 0) return "0";
  const magnitude = Math.floor(Math.log10(Math.abs(value)));
  const decimals = Math.max(0, digits - 1 - magnitude);
  const rounded = Number(value.toPrecision(digits));
  return rounded.toFixed(Math.min(decimals, 20));
}

/** A value in `unit` with all the nanosecond resolution there is (for machine-readable output). */
export function exactInUnit(ns: number, unit: TimeUnit): number {
  const decimals = Math.round(Math.log10(NS_PER_UNIT[unit]));
  // Round to the unit's nanosecond decimals so 1000447 ns prints as 1.000447 ms, not 1.0004469999999999.
  return Number((ns / NS_PER_UNIT[unit]).toFixed(decimals));
}

/** Statistics names as shown in tables, for a percentile label like "99.9". */
export function percentileName(label: string): string {
  return `p${label}`;
}

/** A duration for a sentence, in its own readable unit, to `digits` significant digits: `2.4s`, `850us`, `12ms`. */
export function formatDuration(ns: number, digits = 2): string {
  const unit = readableUnit(ns);
  return `${formatSignificant(ns, unit, digits)}${unit}`;
}

/** A percentage for people, to 3 significant digits without exponent: `33.3%`, `0.615%`, `100%`, `0%`. */
export function formatPercent(percent: number): string {
  const rounded = Number(percent.toPrecision(3));
  if (rounded === 0) return "0%";
  const decimals = Math.max(0, 2 - Math.floor(Math.log10(Math.abs(rounded))));
  return `${rounded.toFixed(Math.min(decimals, 20))}%`;
}

/** An epoch time in ns as ISO-8601 UTC to the nearest ms, without milliseconds when they are 0: `2024-05-01T10:02:00Z`. */
export function formatInstant(epochNs: number): string {
  return new Date(Math.round(epochNs / 1e6)).toISOString().replace(/\.000Z$/, "Z");
}

/** `1 stall`, `2,000 stalls`: a count and its noun, singular for one. */
export function counted(count: number, one: string, many = `${one}s`): string {
  return `${formatCount(count)} ${count === 1 ? one : many}`;
}

/** `lines`, `records`, `lines and records` — singular for one. */
export function entriesWord(count: number, entries: string): string {
  return count === 1 ? entries.replace(/s\b/g, "") : entries;
}

/**
 * A count with thousands separators, `1,234,567`, as `toLocaleString("en-US")` writes a whole number — without
 * it, since the first call loads ICU's number formatting (~25 ms of every run). Fractions are left to it.
 */
export function formatCount(count: number): string {
  if (!Number.isSafeInteger(count)) return count.toLocaleString("en-US");
  const digits = String(Math.abs(count));
  const grouped = digits.replace(/\B(?=(\d{3})+$)/g, ",");
  return count < 0 ? `-${grouped}` : grouped;
}
