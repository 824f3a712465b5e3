/**
 * One line of an HdrHistogram interval log (format versions 1.0–1.3), as Java's `HistogramLogScanner` sees it.
 *
 *   #[Logged with jHiccup version 2.0.7]                      comment (any line starting with '#')
 *   # PARTIAL: reading was interrupted (Ctrl-C); …            latstat's mark of a log written by an interrupted run:
 *        it holds only what that run read (a comment to Java)
 *   #[Histogram log format version 1.2]                       format version (informational; Java ignores it)
 *   #[StartTime: 1441812279.474 (seconds since epoch), …]     start time of the log, seconds since the epoch
 *   #[BaseTime: 1441812279.474 (seconds since epoch)]         base added to every timestamp (1.3 writers, optional)
 *   "StartTimestamp","Interval_Length","Interval_Max","Interval_Compressed_Histogram"    legend
 *   "StartTimestamp","EndTimestamp","Interval_Max","Interval_Compressed_Histogram"       legend of 1.0/1.01 logs:
 *        a mislabel fixed in HdrHistogram's writer later; the second column is still the interval *length*, and
 *        Java reads it as a length
 *   [Tag=NAME,]start,length,max,HISTF…                        interval: start and length in seconds, the interval
 *        max in the writer's output unit (Java skips it), the base64 compressed histogram (see codec.ts)
 *
 * Java splits lines on single spaces and commas and ignores anything after the histogram; here fields are split
 * on commas, trimmed, and anything unexpected is a rejection with a reason. Numbers are plain decimals (no NaN,
 * Infinity or hex, which Java's Scanner would also take).
 */
import { quoted } from "../base/errors.js";

/** What one log line is, before any state (start/base time) is applied. */
export type LogLine =
  | { kind: "blank" }
  | { kind: "comment"; text: string }
  | { kind: "partial-mark"; text: string }
  | { kind: "start-time"; seconds: number }
  | { kind: "base-time"; seconds: number }
  | { kind: "format-version"; version: string }
  | { kind: "legend"; columns: string[] }
  | { kind: "interval"; fields: IntervalFields }
  | { kind: "rejected"; reason: string };

/** The fields of an interval line, as written. */
export interface IntervalFields {
  tag: string | undefined;
  timestampSec: number;
  lengthSec: number;
  /** The Interval_Max column, in whatever unit the writer chose (jHiccup: milliseconds). Java ignores it. */
  loggedMax: number;
  histogram: string;
}

// `\d+(?:\.\d*)?`, not `\d+\.?\d*`, which splits a digit run two ways: 20,000 digits before a bad character took
// half a second, a 1 MiB line minutes (see NUMBER_WITH_UNIT in base/units.ts).
const DECIMAL = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;
const TIME_HEADER = /^#\[(StartTime|BaseTime):\s*([^\s,\]]*)/;
const FORMAT_VERSION = /^#\[Histogram log format version ([^\]\s]+)\]/;
const TAG_NAME = /^[^\s,]+$/;
const PARTIAL_MARK = /^#\s*PARTIAL:/;

/** Classifies one line of an interval log (without its line terminator). */
export function parseLogLine(line: string): LogLine {
  const text = line.trim();
  if (text === "") return { kind: "blank" };
  if (text.startsWith("#")) return parseCommentLine(text);
  if (text.startsWith('"StartTimestamp"')) {
    return { kind: "legend", columns: text.split(",").map((column) => column.trim().replace(/^"|"$/g, "")) };
  }
  return parseIntervalLine(text);
}

function parseCommentLine(text: string): LogLine {
  const time = TIME_HEADER.exec(text);
  if (time !== null) {
    const [, name, value = ""] = time;
    const seconds = parseSeconds(value, name!);
    if (typeof seconds === "string") return { kind: "rejected", reason: seconds };
    return name === "StartTime" ? { kind: "start-time", seconds } : { kind: "base-time", seconds };
  }
  const version = FORMAT_VERSION.exec(text);
  if (version !== null) return { kind: "format-version", version: version[1]! };
  if (PARTIAL_MARK.test(text)) return { kind: "partial-mark", text: text.slice(1).trim() };
  return { kind: "comment", text: text.slice(1) };
}

function parseIntervalLine(text: string): LogLine {
  const fields = text.split(",").map((field) => field.trim());
  let tag: string | undefined;
  if (fields[0]!.startsWith("Tag=")) {
    tag = fields.shift()!.slice(4);
    if (!TAG_NAME.test(tag)) return { kind: "rejected", reason: `bad tag ${quote(tag)}` };
  }
  while (fields.length > 4 && fields[fields.length - 1] === "") fields.pop();
  if (fields.length !== 4) {
    return {
      kind: "rejected",
      reason: `expected ${tag === undefined ? "" : "Tag=…,"}start,length,max,histogram but found ${fields.length} fields`,
    };
  }
  const [start, length, max, histogram] = fields as [string, string, string, string];
  const timestampSec = parseSeconds(start, "start timestamp");
  if (typeof timestampSec === "string") return { kind: "rejected", reason: timestampSec };
  const lengthSec = parseSeconds(length, "interval length");
  if (typeof lengthSec === "string") return { kind: "rejected", reason: lengthSec };
  if (!DECIMAL.test(max) || !Number.isFinite(Number(max))) {
    return { kind: "rejected", reason: `interval max is not a number: ${quote(max)}` };
  }
  if (histogram === "") return { kind: "rejected", reason: "missing histogram" };
  return { kind: "interval", fields: { tag, timestampSec, lengthSec, loggedMax: Number(max), histogram } };
}

// A non-negative, finite decimal number of seconds, or why not.
function parseSeconds(text: string, what: string): number | string {
  const seconds = Number(text);
  if (!DECIMAL.test(text) || !Number.isFinite(seconds)) return `${what} is not a number: ${quote(text)}`;
  if (seconds < 0) return `${what} is negative: ${text}`;
  return seconds;
}

// Quotes a piece of the line for a message as every message quotes input: controls escaped, cut at 120 characters.
function quote(text: string): string {
  return `"${quoted(text)}"`;
}
