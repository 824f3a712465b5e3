import { describe, expect, it } from "vitest";
import type { PercentileValue } from "../../src/analyses/summary.js";
import { describeInsufficient, insufficientCountNote, insufficientNotes, percentileCell } from "../../src/render/percentile-cells.js";

const format = (ns: number) => String(ns);
const ci = { loNs: 9, hiNs: 14, loRank: 40, hiRank: 61, loClamped: false, hiClamped: false };

describe("percentileCell", () => {
  it("shows the value, the interval with --ci, and the mark", () => {
    const p: PercentileValue = { label: "99", percentile: 99, valueNs: 12, ci };
    expect(percentileCell(p, format, false)).toBe("12");
    expect(percentileCell(p, format, true)).toBe("12 (9–14)");
    expect(percentileCell({ ...p, insufficient: { needed: 1000, have: 100 } }, format, true)).toBe("12 (9–14)*");
  });

  it("marks bounds clamped to the sample's min and max", () => {
    const p: PercentileValue = { label: "50", percentile: 50, valueNs: 12, ci: { ...ci, loClamped: true, hiClamped: true } };
    expect(percentileCell(p, format, true)).toBe("12 (≤9–14+)");
  });
});

describe("insufficient notes", () => {
  it("say what is needed and what there is", () => {
    expect(describeInsufficient({ label: "99.99", percentile: 99.99, valueNs: 1, insufficient: { needed: 100_000, have: 2_000 } })).toBe(
      "p99.99 needs ≥ 100,000 samples, have 2,000",
    );
    expect(describeInsufficient({ label: "100", percentile: 100, valueNs: 1, insufficient: { needed: Infinity, have: 5 } })).toBe(
      "p100 is the sample max: no number of samples makes it a measured tail",
    );
  });

  it("name the row only when there are several", () => {
    const summary = { count: 5, minNs: 1, maxNs: 9, meanNs: 4, stddevNs: 1, percentiles: [{ label: "99", percentile: 99, valueNs: 9, insufficient: { needed: 1000, have: 5 } }] };
    const fine = { ...summary, percentiles: [] };
    expect(insufficientNotes([{ name: "a.log", summary }])).toEqual(["* insufficient data (fewer than 10 samples beyond): p99 needs ≥ 1,000 samples, have 5"]);
    expect(insufficientNotes([{ name: "a.log", summary }, { name: "b.log", summary: fine }])).toEqual([
      "* insufficient data (fewer than 10 samples beyond): a.log: p99 needs ≥ 1,000 samples, have 5",
    ]);
  });
});

describe("insufficientCountNote", () => {
  it("counts the rows short of each percentile in one line", () => {
    const p = (label: string, have?: number): PercentileValue => ({
      label,
      percentile: Number(label),
      valueNs: 1,
      ...(have === undefined ? {} : { insufficient: { needed: label === "99" ? 1000 : 20, have } }),
    });
    const row = (percentiles: PercentileValue[]) => ({ summary: { count: 1, minNs: 1, maxNs: 1, meanNs: 1, stddevNs: 0, percentiles } });
    expect(insufficientCountNote([row([p("50"), p("99", 500)]), row([p("50", 5), p("99", 5)]), row([p("50"), p("99", 900)])])).toEqual([
      "* insufficient data (fewer than 10 samples beyond): p50 in 1 of 3 rows (needs ≥ 20 samples); p99 in 3 of 3 rows (needs ≥ 1,000 samples)",
    ]);
    expect(insufficientCountNote([row([p("50")])])).toEqual([]);
  });
});
