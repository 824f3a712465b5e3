import { describe, expect, it } from "vitest";
import { CumulativeBuckets } from "../../src/core/buckets.js";
import { createHistogram } from "../../src/core/histogram.js";
import {
  maxValue,
  meanAndStdDeviation,
  nextPercentileLevel,
  percentileSteps,
} from "../../src/core/percentile-distribution.js";

describe("nextPercentileLevel", () => {
  it("takes `ticks` steps per half of the remaining distance to 100", () => {
    const levels = [0];
    while (levels.length < 20) levels.push(nextPercentileLevel(levels.at(-1)!, 5));
    expect(levels).toEqual([
      0, 10, 20, 30, 40, 50, 55, 60, 65, 70, 75, 77.5, 80, 82.5, 85, 87.5, 88.75, 90, 91.25, 92.5,
    ]);
  });

  it("jumps to Infinity at exactly 100, as Java's long overflow does", () => {
    expect(nextPercentileLevel(100, 5)).toBe(Infinity);
  });
});

describe("percentileSteps", () => {
  it("emits one tick on the bucket holding the maximum, then the 100% step", () => {
    const histogram = createHistogram(3);
    for (let v = 1; v <= 4; v++) histogram.recordValue(v);
    const steps = percentileSteps(CumulativeBuckets.of(histogram), 1).map((s) => [s.value, s.percentileLevel, s.totalCountToThisValue]);
    expect(steps).toEqual([[1, 0, 1], [2, 50, 2], [3, 75, 3], [4, 87.5, 4], [4, 100, 4]]);
  });

  it("is empty for an empty histogram", () => {
    expect(percentileSteps(CumulativeBuckets.of(createHistogram(3)), 5)).toEqual([]);
  });
});

describe("meanAndStdDeviation and maxValue", () => {
  it("use exact bucket bounds where hdr-histogram-js's Math.log2 is off (just under 2^49)", () => {
    const histogram = createHistogram(3);
    histogram.recordValue(2 ** 49 - 1);
    const buckets = CumulativeBuckets.of(histogram);
    // The value's bucket is [2^49 - 2^38, 2^49), median 2^49 - 2^37; hdr-histogram-js takes [2^49 - 2^39, 2^49).
    expect(meanAndStdDeviation(buckets)).toEqual({ mean: 2 ** 49 - 2 ** 37, stdDeviation: 0 });
    expect(histogram.mean).not.toBe(2 ** 49 - 2 ** 37);
    expect(maxValue(buckets)).toBe(2 ** 49 - 1);
  });
});
