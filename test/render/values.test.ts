import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { formatCount, formatDuration, formatInstant, formatPercent, sharedUnit, summaryUnit } from "../../src/render/values.js";

describe("values", () => {
  it("formats percentages to 3 significant digits without exponent", () => {
    expect([0, 0.000012345, 0.615, 1.5, 33.333, 99.96, 100, 333.33].map(formatPercent)).toEqual(["0%", "0.0000123%", "0.615%", "1.50%", "33.3%", "100%", "100%", "333%"]);
  });

  it("formats epoch times as ISO-8601 UTC, with milliseconds only when there are any", () => {
    expect(formatInstant(Date.UTC(2024, 4, 1, 10, 2) * 1e6)).toBe("2024-05-01T10:02:00Z");
    expect(formatInstant(Date.UTC(2024, 4, 1, 10, 2) * 1e6 + 250e6)).toBe("2024-05-01T10:02:00.250Z");
  });

  it("formats durations to the digits asked for", () => {
    expect(formatDuration(712.3e6)).toBe("710ms");
    expect(formatDuration(712.3e6, 3)).toBe("712ms");
  });
});

describe("formatCount", () => {
  it("writes any number as toLocaleString('en-US') does", () => {
    fc.assert(
      fc.property(fc.oneof(fc.integer(), fc.maxSafeInteger(), fc.double({ noNaN: true, noDefaultInfinity: true }).filter((x) => !Object.is(x, -0))), (x) => {
        expect(formatCount(x)).toBe(x.toLocaleString("en-US"));
      }),
      { numRuns: 2000 },
    );
  });
});

describe("summaryUnit", () => {
  const summary = (p50: number, max: number) => ({ count: 10, minNs: 0, maxNs: max, meanNs: p50, stddevNs: 0, percentiles: [{ label: "50", percentile: 50, valueNs: p50 }] });
  it("reads the median as 1–999, moving up when the max would take seven digits, by the max when the median is 0", () => {
    expect(summaryUnit(summary(340e3, 900e3) as never)).toBe("us");
    expect(summaryUnit(summary(340e3, 1.8e9) as never)).toBe("ms");
    expect(summaryUnit(summary(0, 1e6) as never)).toBe("ms");
    expect(summaryUnit(summary(0, 900) as never)).toBe("ns");
  });

  it("reads all zeros in ms, the default unit, not ns", () => {
    expect(summaryUnit(summary(0, 0) as never)).toBe("ms");
  });
});

describe("sharedUnit", () => {
  const summary = (p50: number, max: number) => ({ count: 10, minNs: 0, maxNs: max, meanNs: p50, stddevNs: 0, percentiles: [{ label: "50", percentile: 50, valueNs: p50 }] });
  it("takes the first distribution's unit, passing over all-zero ones (a base of whole ms, all 0, put its candidate in ns)", () => {
    expect(sharedUnit([summary(340e3, 900e3), summary(3e9, 9e9)] as never)).toBe("us");
    expect(sharedUnit([summary(0, 0), summary(0, 3e6)] as never)).toBe("ms");
    expect(sharedUnit([summary(0, 0), summary(0, 0), summary(2e9, 3e9)] as never)).toBe("s");
    expect(sharedUnit([summary(0, 0), summary(0, 0)] as never)).toBe("ms");
  });
});
