import { describe, expect, it } from "vitest";
import type { MiseryData } from "../../src/analyses/misery.js";
import type { SloData } from "../../src/analyses/slo.js";
import { blocksAsMarkdown } from "../../src/render/blocks.js";
import { miseryBlocks } from "../../src/render/misery-text.js";
import { sloBlocks } from "../../src/render/slo-text.js";

const MS = 1e6;
const T0 = Date.UTC(2024, 4, 1, 10, 2) * MS;
const text = (blocks: ReturnType<typeof miseryBlocks>) => blocks.map((b) => ("text" in b ? b.text : b));

describe("miseryBlocks", () => {
  const misery: MiseryData = {
    thresholdNs: 500 * MS,
    requests: { requests: 200, over: 3, overPercent: 1.5, failed: 1, failedPercent: 0.5, sessionChance: [{ requests: 1, percent: 1.5 }, { requests: 10, percent: 14.0 }] },
    windows: {
      intervalNs: 60e9,
      windows: 3,
      untimed: 0,
      maxOver: 2,
      maxOverPercent: 200 / 3,
      p99Over: 1,
      p99OverPercent: 100 / 3,
      withFailed: 0,
      withFailedPercent: 0,
      worst: { startNs: T0, requests: 10, over: 2, failed: 0, p99Ns: 712 * MS, maxNs: 712.3 * MS },
    },
  };

  it("says how many requests, windows and sessions suffered", () => {
    expect(text(miseryBlocks(misery, 3))).toEqual([
      "Misery: 3 of 200 (1.50%) requests took 500ms or longer; 1 (0.500%) failed.",
      "A session of 1 / 10 requests meets at least one that took 500ms or longer: 1.50% / 14.0% (assuming independence).",
      "Windows of 60s: 2 of 3 (66.7%) had a request that took 500ms or longer, 1 (33.3%) a p99 of 500ms or longer, 0 (0%) a failed request. " +
        "Worst: 2024-05-01T10:02:00Z, p99 712ms, max 712ms, 2 of 10 requests over.",
    ]);
  });

  it("lists the worst sessions in a table, without failures when the input says nothing of them", () => {
    const withSessions: MiseryData = {
      thresholdNs: 500 * MS,
      requests: { requests: 4, over: 2, overPercent: 50 },
      sessions: {
        field: "user",
        sessions: 2,
        missing: 0,
        withOver: 1,
        withOverPercent: 50,
        worst: [{ id: "bob", requests: 3, over: 2, failed: 0, worstNs: 1.5e9 }],
      },
    };
    expect(text(miseryBlocks(withSessions, 3))).toEqual([
      "Misery: 2 of 4 (50.0%) requests took 500ms or longer.",
      "Sessions by user: 1 of 2 (50.0%) met a request that took 500ms or longer. Worst sessions:",
      { header: ["user", "requests", "≥ 500ms", "worst"], rows: [["bob", "3", "2", "1.50s"]] },
    ]);
  });
});

describe("sloBlocks", () => {
  const slo: SloData = {
    errors: "unknown",
    objective: "99.9% < 300ms",
    targetPercent: 99.9,
    thresholdNs: 300 * MS,
    minimumSamples: 10_000,
    raw: { requests: 2000, good: 1997, bad: 3, sliPercent: 99.85, errorBudget: 2, budgetUsedPercent: 150, missed: true },
    windows: { intervalNs: 60e9, burning: 1, burnRates: [], fastest: [{ startNs: T0, requests: 1000, bad: 3, burnRate: 3 }] },
  };

  it("gives SLI rounded down, the budget used, the shortfall of samples and the fastest-burning windows", () => {
    const blocks = sloBlocks({ ...slo, windows: { ...slo.windows!, burnRates: [slo.windows!.fastest[0]!, { startNs: T0 + 60e9, requests: 1000, bad: 0, burnRate: 0 }] } });
    expect(text(blocks)).toEqual([
      "SLO 99.9% < 300ms: SLI 99.85% (1,997 of 2,000 requests under 300ms); error budget 2 requests, 3 used (150%) — objective missed.",
      "(a 99.9% objective needs ≥ 10,000 requests to rest on 10 bad ones; have 2,000)",
      "Burn rate per 60s window (bad share ÷ the share the SLO allows): 1 of 2 windows burned faster than 1×; fastest:",
      { header: ["window", "requests", "bad", "burn rate"], rows: [["2024-05-01T10:02:00Z", "1,000", "3", "3.0×"]] },
    ]);
  });

  it("lays out as markdown with escaped cells", () => {
    expect(blocksAsMarkdown([{ text: "a | b *c*" }, { header: ["x", "y"], rows: [["1", "2"]] }])).toEqual(["a \\| b \\*c\\*", "", "| x | y |", "| --- | ---: |", "| 1 | 2 |", ""]);
  });
});
