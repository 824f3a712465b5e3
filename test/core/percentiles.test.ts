import { createReadStream } from "node:fs";
import { basename } from "node:path";
import { createInterface } from "node:readline";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { BucketCounter, BucketLayout } from "../../src/core/histogram.js";
import { bucketStats, nextDown } from "../../src/core/percentiles.js";
import { SparseCounts } from "../../src/core/sparse-counts.js";
import { readHlogLines } from "../../src/hlog/log-stream.js";
import { javaAvailable } from "../hlog/support/java.js";
import { interopLogs } from "../hlog/support/paths.js";
import { javaDumpLog } from "../hlog/support/reference.js";

describe("nextDown", () => {
  it("is the next double towards -Infinity, as Java's Math.nextAfter(x, -Infinity)", () => {
    expect(nextDown(1)).toBe(1 - 2 ** -53);
    expect(nextDown(0)).toBe(-Number.MIN_VALUE);
    expect(nextDown(-1)).toBe(-1 - 2 ** -52);
    fc.assert(fc.property(fc.double({ min: 1e-300, max: 100, noNaN: true }), (x) => nextDown(x) < x && nextDown(x) > x - x * 2 ** -51));
  });
});

describe("bucketStats", () => {
  it("takes the value at rank max(1, ceil(nextDown(p)·n/100)), as Java's getValueAtPercentile", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 1e9 }), { minLength: 1, maxLength: 200 }), fc.double({ min: 0, max: 100, noNaN: true }), (values, p) => {
        const layout = new BucketLayout(2, 1000);
        const counter = new BucketCounter(layout);
        for (const v of values) counter.record(v);
        const sorted = [...values].sort((a, b) => a - b);
        const rank = Math.max(1, Math.ceil((Math.max(nextDown(p), 0) * values.length) / 100));
        const expected = p === 0 ? layout.lowestValueAt(layout.indexOf(sorted[0]!)) : layout.highestEquivalentValue(sorted[rank - 1]!);
        const stats = bucketStats(counter, [p]);
        expect(stats.values[0]).toBe(expected);
        expect(stats.count).toBe(values.length);
        expect(stats.maxNs).toBe(layout.highestEquivalentValue(sorted.at(-1)!));
      }),
    );
  });

  it("gives 0 and a NaN max for no values", () => {
    expect(bucketStats(new BucketCounter(new BucketLayout(3)), [50])).toEqual({ count: 0, maxNs: NaN, values: [0] });
  });

  describe.skipIf(!javaAvailable || interopLogs().length === 0)("equals Java on every interval of the public sample logs", () => {
    for (const log of interopLogs()) {
      it(basename(log), async () => {
        const java = javaDumpLog(log).intervals;
        const ours: SparseCounts[] = [];
        const lines = createInterface({ input: createReadStream(log), crlfDelay: Infinity });
        for await (const event of readHlogLines(lines)) if (event.kind === "interval") ours.push(SparseCounts.fromHistogram(event.interval.histogram));
        expect(ours).toHaveLength(java.length);
        ours.forEach((counts, i) => {
          const { stats } = java[i]!;
          const mine = bucketStats(counts, [50, 90, 99, 99.9, 100]);
          expect([mine.count, ...mine.values]).toEqual([stats.total, stats.p50, stats.p90, stats.p99, stats.p999, stats.p100]);
          if (mine.count > 0) expect(mine.maxNs).toBe(stats.max);
        });
      }, 120_000);
    }
  });
});
