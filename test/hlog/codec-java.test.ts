/**
 * The codec against the Java reference, run live (scripts/java/CodecCheck.java): histograms we encode decode in
 * Java to the same buckets, and Java's own uncompressed re-encoding is byte-for-byte ours; legacy V0/V1 inputs
 * made by the test encoder decode the same in Java and here. Skips without Java.
 */
import fc from "fast-check";
import hdr from "hdr-histogram-js";
import type { JsHistogram } from "hdr-histogram-js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { decodeHistogram, encodeHistogramV2, encodeV2 } from "../../src/hlog/codec.js";
import { HlogReader } from "../../src/hlog/log-reader.js";
import { histogramCase, histogramOf } from "./support/histograms.js";
import { javaAvailable, runJava } from "./support/java.js";
import { javaDumpLog } from "./support/reference.js";
import { encodeLegacyBase64, type LegacyOptions, toBase64 } from "./support/legacy-encoder.js";
import { bucketsOf, javaMaxValue, javaMinValue, statsOf } from "./support/stats.js";
import { removeTempFiles, tempFile } from "./support/temp.js";

interface JavaDecoded {
  ok: boolean;
  error?: string;
  digits?: number;
  lowest?: number;
  highest?: number;
  total?: number;
  min?: number;
  max?: number;
  buckets?: Array<[number, number]>;
  reencoded?: string;
}

/** Decodes base64 histograms with Java, one result per input. */
function javaDecode(inputs: string[]): JavaDecoded[] {
  const lines = runJava("CodecCheck", [], inputs.join("\n") + "\n").trimEnd().split("\n");
  expect(lines.length).toBe(inputs.length);
  return lines.map((line) => {
    const [word, ...rest] = line.split(" ");
    if (word !== "ok") return { ok: false, error: rest.join(" ") };
    const [digits, lowest, highest, total, min, max, buckets, reencoded] = rest as string[];
    return {
      ok: true,
      digits: Number(digits),
      lowest: Number(lowest),
      highest: Number(highest),
      total: Number(total),
      min: Number(min),
      max: Number(max),
      buckets:
        buckets === "-"
          ? []
          : buckets!.split(",").map((pair) => pair.split(":").map(Number) as [number, number]),
      reencoded: reencoded!,
    };
  });
}

/** What Java should report for a histogram decoded by us. */
function expectedFor(h: JsHistogram): JavaDecoded {
  const buckets = bucketsOf(h);
  return {
    ok: true,
    digits: h.numberOfSignificantValueDigits,
    lowest: h.lowestDiscernibleValue,
    highest: h.highestTrackableValue,
    total: h.totalCount,
    min: javaMinValue(buckets),
    max: javaMaxValue(h, buckets),
    buckets,
  };
}

const cases = fc.sample(histogramCase({ maxCount: 2 ** 46 }), { seed: 20240611, numRuns: 300 });

describe.skipIf(!javaAvailable)("codec vs the Java reference", () => {
  beforeAll(() => {
    runJava("CodecCheck", [], ""); // compile once, outside the tests' timeouts
  }, 120_000);
  afterAll(removeTempFiles);

  it("Java decodes encodeHistogramV2 output to the same histogram, and re-encodes it to our exact bytes", () => {
    const histograms = [...cases.map(histogramOf), new hdr.Float64Histogram(1, 2, 0)];
    const results = javaDecode(histograms.map((h) => encodeHistogramV2(h)));
    histograms.forEach((h, i) => {
      const { reencoded, ...java } = results[i]!;
      expect(java, `case ${i}`).toEqual(expectedFor(h));
      expect(reencoded, `case ${i}: Java's uncompressed V2 vs ours`).toBe(toBase64(encodeV2(h)));
    });
  }, 60_000);

  it("Java decodes hdr-histogram-js's own encoder output to the same histogram", () => {
    const histograms = cases.slice(0, 100).map(histogramOf);
    const results = javaDecode(histograms.map((h) => hdr.encodeIntoCompressedBase64(h)));
    histograms.forEach((h, i) => {
      const { reencoded: _ignored, ...java } = results[i]!;
      expect(java, `case ${i}`).toEqual(expectedFor(h));
    });
  }, 60_000);

  it("hdr-histogram-js output with zero counts past the array end: Java 2.1.11 refuses it, latstat skips the zeros", () => {
    const h = histogramOf({ digits: 0, lowest: 637, highest: 1910, values: [[1537, 1]] });
    const input = hdr.encodeIntoCompressedBase64(h);
    expect(javaDecode([input])[0]!.error).toMatch(/ArrayIndexOutOfBoundsException/);
    expect(bucketsOf(decodeHistogram(input))).toEqual(bucketsOf(h));
  }, 60_000);

  const readable: LegacyOptions[] = [
    { version: 0, wordSizeInBytes: 8, v0Length: "whole-buckets" },
    { version: 0, wordSizeInBytes: 8, v0Length: "to-max" },
    { version: 1, wordSizeInBytes: 2 },
    { version: 1, wordSizeInBytes: 4 },
    { version: 1, wordSizeInBytes: 8 },
  ];
  const limits = { 2: 0x7fff, 4: 0x7fffffff, 8: 2 ** 46 } as const;

  for (const layout of readable) {
    const variant = layout.v0Length ? ` (${layout.v0Length})` : "";
    it(`V${layout.version} with ${layout.wordSizeInBytes}-byte counts${variant}: Java and latstat decode the same histogram`, () => {
      const small = fc.sample(histogramCase({ maxCount: Math.floor(limits[layout.wordSizeInBytes] / 60), maxDigits: 3 }), {
        seed: 7 + layout.wordSizeInBytes,
        numRuns: 100,
      });
      const histograms = small.map(histogramOf);
      const inputs = histograms.map((h) => encodeLegacyBase64(h, layout));
      const results = javaDecode(inputs);
      inputs.forEach((input, i) => {
        const ours = decodeHistogram(input);
        const { reencoded, ...java } = results[i]!;
        expect(java, `case ${i}`).toEqual(expectedFor(ours));
        expect(bucketsOf(ours)).toEqual(bucketsOf(histograms[i]!));
        // Java's V2 re-encoding of what it decoded is what we would write for our decoding.
        expect(reencoded).toBe(toBase64(encodeV2(ours)));
      });
    }, 60_000);
  }

  it("V0 with 2- or 4-byte counts: Java 2.1.11 fails (it reads countsArrayLength × 8 bytes as short words), latstat decodes", () => {
    const h = histogramOf({ digits: 2, lowest: 1000, highest: 3_600_000_000, values: [[0, 3], [5000, 7], [3_000_000, 1]] });
    const inputs = ([2, 4] as const).map((wordSizeInBytes) => encodeLegacyBase64(h, { version: 0, wordSizeInBytes }));
    for (const result of javaDecode(inputs)) {
      expect(result.ok).toBe(false);
      expect(result.error).toMatch(/ArrayIndexOutOfBoundsException/);
    }
    for (const input of inputs) expect(bucketsOf(decodeHistogram(input))).toEqual(bucketsOf(h));
  }, 60_000);

  it("decoded histograms have Java's total, min, max, mean and percentiles (random, and 1..n uniform counts)", () => {
    const random = fc.sample(histogramCase({ maxCount: 1000 }), { seed: 99, numRuns: 200 }).filter((c) => c.digits <= 3);
    const uniform = Array.from({ length: 120 }, (_, i) => i + 1).map((n) => ({
      digits: 3,
      lowest: 1,
      highest: 100_000,
      values: Array.from({ length: n }, (_, v) => [v + 1, 1] as [number, number]),
    }));
    const lines = ["#[StartTime: 1000.000 (seconds since epoch)]"];
    [...random, ...uniform].forEach((c, i) => lines.push(`${i}.000,1.000,0.0,${encodeHistogramV2(histogramOf(c))}`));
    const file = tempFile("stats.hlog", lines.join("\n") + "\n");
    const java = javaDumpLog(file);
    const reader = new HlogReader();
    const ours = lines.flatMap((line, i) => {
      const event = reader.accept(line, i + 1);
      return event.kind === "interval" ? [statsOf(event.interval.histogram)] : [];
    });
    expect(ours).toEqual(java.intervals.map((interval) => interval.stats));
  }, 60_000);
});
