/**
 * Reads the public sample logs in ../shared/interop (every log format version and encoding jHiccup, YCSB and
 * HdrHistogram write) and compares each interval with the Java reference, run live: HlogDump.java for exact
 * shapes, bucket counts and statistics, and HistogramLogProcessor for its own interval log and .hgrm.
 * Skips when the directory is absent; the Java comparisons skip when Java or the jar is missing.
 */
import { createReadStream } from "node:fs";
import { basename } from "node:path";
import { createInterface } from "node:readline";
import hdr from "hdr-histogram-js";
import type { JsHistogram } from "hdr-histogram-js";
import { beforeAll, describe, expect, it } from "vitest";
import type { HlogEvent, HlogHeader, HlogInterval } from "../../src/hlog/log-reader.js";
import { HlogReader } from "../../src/hlog/log-reader.js";
import { readHlogLines } from "../../src/hlog/log-stream.js";
import { javaAvailable } from "./support/java.js";
import { interopLogs } from "./support/paths.js";
import { javaDumpLog, runLogProcessor } from "./support/reference.js";
import { bucketsOf, statsOf } from "./support/stats.js";

const logs = interopLogs();
const JAVA_TIMEOUT = 120_000;

interface ReadLog {
  events: HlogEvent[];
  intervals: HlogInterval[];
  header: HlogHeader;
}

async function readLog(file: string): Promise<ReadLog> {
  const reader = new HlogReader();
  const lines = createInterface({ input: createReadStream(file), crlfDelay: Infinity });
  const events: HlogEvent[] = [];
  for await (const event of readHlogLines(lines, reader)) events.push(event);
  const intervals = events.flatMap((event) => (event.kind === "interval" ? [event.interval] : []));
  return { events, intervals, header: reader.header };
}

// Sums histograms per tag the way HistogramLogProcessor does: an empty auto-resizing copy of the first one.
function sumByTag(intervals: HlogInterval[]): Map<string, JsHistogram> {
  const sums = new Map<string, JsHistogram>();
  for (const { tag = "-", histogram } of intervals) {
    let sum = sums.get(tag);
    if (sum === undefined) {
      sum = new hdr.Float64Histogram(
        histogram.lowestDiscernibleValue,
        histogram.highestTrackableValue,
        histogram.numberOfSignificantValueDigits,
      );
      sum.autoResize = true;
      sums.set(tag, sum);
    }
    sum.add(histogram);
  }
  return sums;
}

describe.skipIf(logs.length === 0)("interop logs", () => {
  for (const file of logs) {
    describe(basename(file), () => {
      let log: ReadLog;
      beforeAll(async () => {
        log = await readLog(file);
      });

      it("accounts for every line and rejects none", () => {
        expect(log.events.filter((event) => event.kind === "rejected")).toEqual([]);
        expect(log.intervals.length).toBeGreaterThan(0);
        expect(log.header.startTimeSec).toBeGreaterThan(1e9);
        for (const { histogram } of log.intervals) {
          expect(bucketsOf(histogram).reduce((sum, [, count]) => sum + count, 0)).toBe(histogram.totalCount);
        }
      });

      it.skipIf(!javaAvailable)(
        "matches Java interval by interval: time stamps, tag, shape, every bucket count and statistics",
        () => {
          const java = javaDumpLog(file);
          expect(java.error).toBeUndefined();
          expect(log.header.startTimeSec).toBe(java.startTimeSec);
          expect(log.intervals.length).toBe(java.intervals.length);
          log.intervals.forEach((interval, i) => {
            const h = interval.histogram;
            const expected = java.intervals[i]!;
            const ours = {
              tag: interval.tag,
              startTimeStampMs: h.startTimeStampMsec,
              endTimeStampMs: h.endTimeStampMsec,
              digits: h.numberOfSignificantValueDigits,
              lowest: h.lowestDiscernibleValue,
              highest: h.highestTrackableValue,
              stats: statsOf(h),
              buckets: bucketsOf(h),
            };
            expect(ours, `interval ${i}`).toEqual(expected);
            // The histogram's own tracking fields agree with Java's getters too.
            if (expected.stats.total > 0) expect(h.maxValue, `maxValue of interval ${i}`).toBe(expected.stats.max);
            if (expected.stats.total > 0 && expected.buckets.length > 0) {
              const firstNonZero = expected.buckets.find(([value]) => value !== 0);
              if (firstNonZero !== undefined) expect(h.minNonZeroValue).toBe(firstNonZero[0]);
            }
          });
        },
        JAVA_TIMEOUT,
      );

      it.skipIf(!javaAvailable)(
        "matches Java's per-tag totals (sum of all intervals)",
        () => {
          const java = javaDumpLog(file);
          const ours = new Map([...sumByTag(log.intervals)].map(([tag, sum]) => [tag, statsOf(sum)]));
          expect(ours).toEqual(java.overall);
        },
        JAVA_TIMEOUT,
      );

      it.skipIf(!javaAvailable)(
        "matches HistogramLogProcessor's interval log and overall .hgrm",
        () => {
          const java = runLogProcessor(file);
          // HistogramLogProcessor reads untagged intervals starting at or after StartTime (offset ≥ 0).
          const processed = log.intervals.filter((interval) => interval.tag === undefined && interval.offsetSec >= 0);
          expect(processed.length).toBe(java.rows.length);
          const ms = (ns: number) => ns / 1e6;
          let total = 0;
          processed.forEach((interval, i) => {
            const row = java.rows[i]!;
            const stats = statsOf(interval.histogram);
            total += stats.total;
            const end = interval.histogram.endTimeStampMsec / 1000 - log.header.startTimeSec!;
            expect(Math.abs(end - row.timestampSec), `timestamp of row ${i}`).toBeLessThanOrEqual(0.0005 + 1e-9);
            expect(stats.total, `count of row ${i}`).toBe(row.count);
            expect(total, `total count at row ${i}`).toBe(row.totalCount);
            for (const key of ["p50", "p90", "max"] as const) {
              expect(Math.abs(ms(stats[key]) - row[key]), `${key} of row ${i}`).toBeLessThanOrEqual(0.0005 + 1e-9);
            }
          });
          const sum = sumByTag(processed).get("-")!;
          const overall = statsOf(sum);
          expect(overall.total).toBe(java.hgrm.totalCount);
          expect(Math.abs(ms(overall.mean) - java.hgrm.mean)).toBeLessThanOrEqual(0.005 + 1e-9);
          expect(Math.abs(ms(overall.max) - java.hgrm.max)).toBeLessThanOrEqual(0.005 + 1e-9);
        },
        JAVA_TIMEOUT,
      );
    });
  }
});
