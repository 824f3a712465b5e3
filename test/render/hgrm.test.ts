import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { createHistogram } from "../../src/core/histogram.js";
import { renderHgrm } from "../../src/render/hgrm.js";
import { GOLDEN_DIR, buildHistogram, parseGoldenName, readValues, type RecordVia } from "../helpers/hgrm.js";

/** Both ways latstat fills histograms; corrected cases use latstat's back-fill or hdr-histogram-js's. */
const WAYS: RecordVia[] = ["bucket-counter", "record-value"];
const goldenFiles = readdirSync(GOLDEN_DIR).filter((file) => file.endsWith(".hgrm")).sort();
const inputs = readdirSync(GOLDEN_DIR).filter((file) => file.endsWith(".txt")).sort();
const valuesOf = (input: string) => readValues(join(GOLDEN_DIR, input));

describe("renderHgrm against Java HdrHistogram 2.1.11 golden files", () => {
  it("finds the golden files (scripts/make-golden-hgrm.sh makes them)", () => {
    expect(goldenFiles.length).toBeGreaterThanOrEqual(30);
  });

  describe.each(goldenFiles)("%s", (file) => {
    const golden = parseGoldenName(file);
    const expected = readFileSync(join(GOLDEN_DIR, file), "utf8");
    it.each(WAYS)("is byte-identical when recorded via %s", (via) => {
      const histogram = buildHistogram(valuesOf(`${golden.input}.txt`), golden.digits, via, golden.correction);
      const options = { ticksPerHalfDistance: golden.ticks, outputValueUnitScalingRatio: golden.ratio, csv: golden.csv };
      expect(renderHgrm(histogram, options)).toBe(expected);
    });
  });
});

describe("renderHgrm", () => {
  // Guards latstat's fast path: BucketCounter + flushInto must give what recordValue gives, at every precision.
  it.each(inputs)("renders %s the same whether recorded via BucketCounter or recordValue", (input) => {
    const values = valuesOf(input);
    for (const digits of [1, 2, 3, 4, 5] as const) {
      const viaCounter = buildHistogram(values, digits, "bucket-counter");
      const viaRecord = buildHistogram(values, digits, "record-value");
      for (const csv of [false, true]) {
        const options = { ticksPerHalfDistance: 5, outputValueUnitScalingRatio: 1e3, csv };
        expect(renderHgrm(viaCounter, options)).toBe(renderHgrm(viaRecord, options));
      }
    }
  }, 60_000);

  it("reports the bucket count hdr-histogram-js reached by auto-resizing", () => {
    const values = valuesOf("pow2.txt");
    const histogram = buildHistogram(values, 3, "record-value") as unknown as { bucketCount: number };
    const footer = renderHgrm(histogram as never, { ticksPerHalfDistance: 5, outputValueUnitScalingRatio: 1, csv: false });
    expect(footer).toContain(`#[Buckets = ${String(histogram.bucketCount).padStart(12)}, SubBuckets     =         2048]`);
  });

  it("prints only the header and a zero footer for an empty histogram", () => {
    const text = renderHgrm(createHistogram(2), { ticksPerHalfDistance: 5, outputValueUnitScalingRatio: 1, csv: false });
    expect(text.split("\n")).toEqual([
      "       Value     Percentile TotalCount 1/(1-Percentile)",
      "",
      "#[Mean    =         0.00, StdDeviation   =         0.00]",
      "#[Max     =         0.00, Total count    =            0]",
      "#[Buckets =            1, SubBuckets     =          256]",
      "",
    ]);
  });

  it("rejects ticks that are not a positive integer", () => {
    const options = { ticksPerHalfDistance: 0, outputValueUnitScalingRatio: 1, csv: false };
    expect(() => renderHgrm(createHistogram(3), options)).toThrow(RangeError);
  });
});
