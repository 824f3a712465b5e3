/** Runs the Java reference on interval logs and parses what it prints (scripts/java/HlogDump.java, HistogramLogProcessor). */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runJava } from "./java.js";
import type { Stats } from "./stats.js";

/** One interval histogram as Java's HistogramLogReader returned it. */
export interface JavaInterval {
  tag: string | undefined;
  startTimeStampMs: number;
  endTimeStampMs: number;
  digits: number;
  lowest: number;
  highest: number;
  stats: Stats;
  buckets: Array<[number, number]>;
}

/** Everything HlogDump printed for one log. */
export interface JavaLogDump {
  intervals: JavaInterval[];
  /** Per tag ("-" for untagged), the sum of its intervals. */
  overall: Map<string, Stats>;
  startTimeSec: number;
  error: string | undefined;
}

function parseStats(fields: string[]): Stats {
  const [total, min, max, mean, p50, p90, p99, p999, p100] = fields.map(Number) as number[];
  return { total: total!, min: min!, max: max!, mean: mean!, p50: p50!, p90: p90!, p99: p99!, p999: p999!, p100: p100! };
}

const dumps = new Map<string, JavaLogDump>();

/** Runs HlogDump on one log file (once per file and test run). */
export function javaDumpLog(file: string): JavaLogDump {
  let dump = dumps.get(file);
  if (dump === undefined) {
    dump = parseDump(runJava("HlogDump", [file]));
    dumps.set(file, dump);
  }
  return dump;
}

/** Parses HlogDump's output for one file. */
export function parseDump(output: string): JavaLogDump {
  const dump: JavaLogDump = { intervals: [], overall: new Map(), startTimeSec: NaN, error: undefined };
  for (const line of output.split("\n")) {
    const [word, ...rest] = line.split(" ");
    if (word === "interval") {
      const [tag, start, end, digits, lowest, highest, ...stats] = rest as [string, ...string[]];
      dump.intervals.push({
        tag: tag === "-" ? undefined : tag,
        startTimeStampMs: Number(start),
        endTimeStampMs: Number(end),
        digits: Number(digits),
        lowest: Number(lowest),
        highest: Number(highest),
        stats: parseStats(stats),
        buckets: [],
      });
    } else if (word === "overall") {
      dump.overall.set(rest[0]!, parseStats(rest.slice(1)));
    } else if (word === "starttime") {
      dump.startTimeSec = Number(rest[0]);
    } else if (word === "error") {
      dump.error = rest.join(" ");
    } else if (word !== undefined && /^\d+$/.test(word)) {
      dump.intervals[dump.intervals.length - 1]!.buckets.push([Number(word), Number(rest[0])]);
    }
  }
  return dump;
}

/** One row of HistogramLogProcessor's interval output (values in milliseconds, 3 decimals). */
export interface ProcessorRow {
  timestampSec: number;
  count: number;
  p50: number;
  p90: number;
  max: number;
  totalCount: number;
}

/** What `HistogramLogProcessor -i FILE -o OUT` wrote to OUT and OUT.hgrm. */
export interface ProcessorOutput {
  rows: ProcessorRow[];
  hgrm: { mean: number; max: number; totalCount: number };
}

/** Runs the reference's own HistogramLogProcessor (untagged intervals, default range) on a log. */
export function runLogProcessor(file: string): ProcessorOutput {
  const dir = mkdtempSync(join(tmpdir(), "latstat-hlp-"));
  try {
    return readLogProcessorOutput(file, join(dir, "out"));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function readLogProcessorOutput(file: string, out: string): ProcessorOutput {
  runJava("org.HdrHistogram.HistogramLogProcessor", ["-i", file, "-o", out]);
  // "1.134: I:741 (   0.344   0.377   2.769 ) T:741 (   0.344 …"
  const row = /^\s*([\d.]+): I:(\d+) \(\s*([\d.]+)\s+([\d.]+)\s+([\d.]+) \) T:(\d+) /;
  const rows = readFileSync(out, "utf8")
    .split("\n")
    .flatMap((line) => {
      const match = row.exec(line);
      if (match === null) return [];
      const [timestampSec, count, p50, p90, max, totalCount] = match.slice(1).map(Number) as number[];
      return [{ timestampSec: timestampSec!, count: count!, p50: p50!, p90: p90!, max: max!, totalCount: totalCount! }];
    });
  // Footer of the .hgrm: "#[Mean    =        74.89, StdDeviation   = …]" and "#[Max     =      1551.89, Total count    =  16145]"
  const hgrm = readFileSync(`${out}.hgrm`, "utf8");
  const number = (label: string) => Number(new RegExp(`${label}\\s*=\\s*([\\d.]+)`).exec(hgrm)?.[1] ?? NaN);
  return { rows, hgrm: { mean: number("Mean"), max: number("Max"), totalCount: number("Total count") } };
}
