import { describe, expect, it } from "vitest";
import { bucketIsOver, overThreshold } from "../../src/analyses/count-below.js";
import { BucketLayout } from "../../src/core/histogram.js";

describe("overThreshold", () => {
  it("judges each latency as the bucket rule judges its bucket, at every precision and around every threshold", () => {
    let seed = 3;
    const disagreements: string[] = [];
    const random = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32;
    for (const digits of [1, 2, 3, 4, 5] as const) {
      const layout = new BucketLayout(digits);
      for (const thresholdNs of [0, 1, 7, 999, 1000, 1001, 50e6, 50e6 + 0.5, 123456789, 2 ** 40 + 3]) {
        const isOver = overThreshold(layout, thresholdNs);
        const near = Array.from({ length: 200 }, (_, i) => Math.max(0, Math.round(thresholdNs * (0.98 + 0.04 * random())) + i - 100));
        const far = Array.from({ length: 200 }, () => Math.floor(random() * 1e12));
        for (const latencyNs of [...near, ...far, 0, 1, 2 ** 50]) {
          if (isOver(latencyNs) !== bucketIsOver(layout, layout.indexOf(latencyNs), thresholdNs)) disagreements.push(`${digits} digits, ${thresholdNs} ns, ${latencyNs} ns`);
        }
      }
    }
    expect(disagreements).toEqual([]);
  });
});
