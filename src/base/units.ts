/** Time units latstat reads and prints, and how to turn text with a unit suffix into nanoseconds. */

export type TimeUnit = "ns" | "us" | "ms" | "s";

/** Nanoseconds in one of each unit. */
export const NS_PER_UNIT: Readonly<Record<TimeUnit, number>> = { ns: 1, us: 1e3, ms: 1e6, s: 1e9 };

export const TIME_UNITS: readonly TimeUnit[] = ["ns", "us", "ms", "s"];

/** Largest latency accepted: 10^15 ns (about 11.6 days); anything above is a unit mistake or garbage. */
export const MAX_LATENCY_NS = 1e15;

// Suffixes users write after a number, mapped to a unit (µ as micro sign U+00B5 and Greek mu U+03BC).
const SUFFIX_UNITS: Readonly<Record<string, TimeUnit | "min">> = {
  ns: "ns",
  us: "us",
  "µs": "us",
  "μs": "us",
  ms: "ms",
  s: "s",
  sec: "s",
  secs: "s",
  m: "min",
  min: "min",
};

export function isTimeUnit(text: string): text is TimeUnit {
  return (TIME_UNITS as readonly string[]).includes(text);
}

/** Result of reading one number with an optional unit: nanoseconds, or why it is not a latency. */
export type ParsedLatency = { ok: true; ns: number } | { ok: false; reason: RejectReason };

/** Reasons a value is rejected; they are the keys of `rejectedByReason` in the JSON report. */
export type RejectReason =
  | "not a number"
  | "unknown unit"
  | "negative"
  | "not finite"
  | "too large"
  | "missing value";

// `\d+(?:\.\d*)?`, not `\d+\.?\d*`: the latter splits a digit run two ways and backtracks quadratically on a long
// run of digits that then fails to match (a 30,000-digit line took 3 s).
const NUMBER_WITH_UNIT = /^([+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?)\s*([a-zA-Zµμ]*)$/;

/**
 * Parses text such as `850us`, `12.5ms`, `1.2s`, `340ns` or `17` (a bare number is in `defaultUnit`) and
 * rounds to the nearest integer nanosecond.
 */
export function parseLatency(text: string, defaultUnit: TimeUnit): ParsedLatency {
  const trimmed = text.trim();
  if (trimmed === "") return { ok: false, reason: "missing value" };
  const match = NUMBER_WITH_UNIT.exec(trimmed);
  if (match === null) {
    return { ok: false, reason: /^[+-]?(nan|inf(inity)?)$/i.test(trimmed) ? "not finite" : "not a number" };
  }
  const suffix = match[2] ?? "";
  let nsPerUnit: number;
  if (suffix === "") {
    nsPerUnit = NS_PER_UNIT[defaultUnit];
  } else {
    const unit = SUFFIX_UNITS[suffix.toLowerCase() === "s" ? "s" : suffix];
    if (unit === undefined) return { ok: false, reason: "unknown unit" };
    nsPerUnit = unit === "min" ? 60e9 : NS_PER_UNIT[unit];
  }
  return toNanoseconds(Number(match[1]), nsPerUnit);
}

/** Scales a number to integer nanoseconds, checking it is a usable latency. */
export function toNanoseconds(value: number, nsPerUnit: number): ParsedLatency {
  if (!Number.isFinite(value)) return { ok: false, reason: "not finite" };
  const ns = Math.round(value * nsPerUnit);
  // Checked before rounding: -0.0000001 ms rounds to 0 ns but is still a negative latency (clock skew); -0 is 0.
  if (value < 0 || ns < 0) return { ok: false, reason: "negative" };
  if (ns > MAX_LATENCY_NS) return { ok: false, reason: "too large" };
  // Math.round(-0.2) is -0; record it as 0.
  return { ok: true, ns: ns === 0 ? 0 : ns };
}

/** Hours and days, which a duration given on the command line may be in (`--interval 1h`) and a latency is not. */
const LONG_DURATION = /^\s*(\d+(?:\.\d+)?)\s*(h|d)\s*$/;
const NS_PER_LONG_UNIT: Readonly<Record<string, number>> = { h: 3600e9, d: 86400e9 };

/** Parses a duration given on the command line (`10ms`, `250us`, `1.5s`, `1h`, `1d`); a bare number is in `defaultUnit`. */
export function parseDuration(text: string, defaultUnit: TimeUnit = "ms"): number | undefined {
  const long = LONG_DURATION.exec(text);
  // Not a latency: not held to MAX_LATENCY_NS (a window of 30 days is a window).
  if (long !== null) return Math.round(Number(long[1]) * NS_PER_LONG_UNIT[long[2]!]!);
  const parsed = parseLatency(text, defaultUnit);
  return parsed.ok ? parsed.ns : undefined;
}

const NAME_SUFFIX_UNITS: Readonly<Record<string, TimeUnit>> = {
  ns: "ns", nanos: "ns", nsec: "ns", nsecs: "ns", nanosecond: "ns", nanoseconds: "ns",
  us: "us", "µs": "us", "μs": "us", micros: "us", usec: "us", usecs: "us", microsecond: "us", microseconds: "us",
  ms: "ms", millis: "ms", msec: "ms", msecs: "ms", millisecond: "ms", milliseconds: "ms",
  s: "s", sec: "s", secs: "s", second: "s", seconds: "s",
};

// A unit word at the end of a name: in brackets (`Latency (s)`, `duration[ms]`), after a separator (`latency_ms`,
// `time-us`) or camel-cased (`elapsedMs`).
const BRACKETED_SUFFIX = /[([]\s*([a-zµμ]+)\s*[)\]]$/i;
const SEPARATED_SUFFIX = /[_\-. ]([a-zµμ]+)$/i;
const CAMEL_SUFFIX = /[a-z0-9]([A-Z][a-z]*)$/;

/** Unit implied by a column or field name such as `latency_ms`, `elapsedUs`, `Latency (s)`, `seconds`. */
export function unitFromName(name: string): TimeUnit | undefined {
  const trimmed = name.trim();
  const word = BRACKETED_SUFFIX.exec(trimmed)?.[1] ?? SEPARATED_SUFFIX.exec(trimmed)?.[1] ?? CAMEL_SUFFIX.exec(trimmed)?.[1] ?? trimmed;
  return NAME_SUFFIX_UNITS[word.toLowerCase()];
}
