/** Shared by the .hgrm tests: golden file names, input files, and the two ways latstat fills a histogram. */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { addCorrected, recordWithExpectedInterval } from "../../src/core/backfill.js";
import { BucketCounter, BucketLayout, createHistogram, isSignificantDigits } from "../../src/core/histogram.js";
import type { Histogram, SignificantDigits } from "../../src/core/histogram.js";

export const GOLDEN_DIR = fileURLToPath(new URL("../../fixtures/golden/hgrm/", import.meta.url));

/** Coordinated-omission correction as in Java: at recording time, or on a copy afterwards. */
export type Correction = { kind: "record" | "copy"; intervalNs: number } | undefined;

/** What a golden file name `<input>[.co-record-10ms|.co-copy-10ms].d3.t5.r1e6[.csv].hgrm` stands for. */
export interface GoldenCase {
  input: string;
  correction: Correction;
  digits: SignificantDigits;
  ticks: number;
  ratio: number;
  csv: boolean;
}

const GOLDEN_NAME = /^([a-z0-9-]+?)(?:\.co-(record|copy)-(\d+)ms)?\.d(\d)\.t(\d+)\.r([0-9e.]+)(\.csv)?\.hgrm$/;

export function parseGoldenName(file: string): GoldenCase {
  const match = GOLDEN_NAME.exec(file);
  const digits = Number(match?.[4]);
  if (!match || !isSignificantDigits(digits)) throw new Error(`not a golden .hgrm name: ${file}`);
  const [, input, kind, intervalMs, , ticks, ratio, csv] = match;
  return {
    input: input!,
    correction: kind ? { kind: kind as "record" | "copy", intervalNs: Number(intervalMs) * 1e6 } : undefined,
    digits,
    ticks: Number(ticks),
    ratio: Number(ratio),
    csv: csv !== undefined,
  };
}

/** One integer per line, blank lines ignored. */
export function readValues(path: string): number[] {
  return readFileSync(path, "utf8")
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map(Number);
}

/**
 * How values get into the histogram: latstat's fast path (BucketCounter, with latstat's own back-fill from
 * src/core/backfill.ts when correcting), or hdr-histogram-js one value at a time (recordValue,
 * recordValueWithExpectedInterval, copyCorrectedForCoordinatedOmission).
 */
export type RecordVia = "bucket-counter" | "record-value";

/** A histogram like Java's `new Histogram(digits)` holding `values`, corrected as asked. */
export function buildHistogram(values: readonly number[], digits: SignificantDigits, via: RecordVia, correction?: Correction): Histogram {
  const histogram = createHistogram(digits);
  if (via === "bucket-counter") {
    const layout = new BucketLayout(digits);
    const counter = new BucketCounter(layout);
    for (const value of values) {
      if (correction?.kind === "record") recordWithExpectedInterval(counter, value, 1, correction.intervalNs);
      else counter.record(value);
    }
    if (correction?.kind === "copy") {
      const corrected = new BucketCounter(layout);
      addCorrected(corrected, counter, correction.intervalNs);
      corrected.flushInto(histogram);
    } else {
      counter.flushInto(histogram);
    }
    return histogram;
  }
  if (correction?.kind === "record") {
    for (const value of values) histogram.recordValueWithExpectedInterval(value, correction.intervalNs);
    return histogram;
  }
  for (const value of values) histogram.recordValue(value);
  return correction?.kind === "copy" ? histogram.copyCorrectedForCoordinatedOmission(correction.intervalNs) : histogram;
}
