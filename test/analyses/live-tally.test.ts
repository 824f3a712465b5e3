import { describe, expect, it } from "vitest";
import { LiveTally } from "../../src/analyses/live-tally.js";
import { renderLiveLine } from "../../src/render/live-line.js";

describe("the live line", () => {
  it("marks percentiles with fewer than 10 samples beyond them, as the report does, and keeps them within the max", () => {
    const tally = new LiveTally(3, 0);
    // 27 values, 1 … 27 ms: p50 needs 20 samples (has them), p99 needs 1,000 and p99.9 10,000 (have 27).
    for (let ms = 1; ms <= 27; ms++) tally.value(ms * 1e6);
    const figures = tally.figures(1000);
    expect(figures.insufficient).toEqual({ p50: false, p99: true, p999: true, windowP99: true });
    // 27 ms lies in a bucket 8,192 ns wide whose top is 27,000,831 ns; the exact max is 27 ms.
    expect([figures.p999Ns, figures.maxNs]).toEqual([27e6, 27e6]);
    const line = renderLiveLine(figures, "1s");
    expect(line).toMatch(/^27 values · 27\/s · p50 [\d.]+ms · p99 27ms\* · p99\.9 27ms\* · max 27ms · last 1s: p99 27ms\* · \* insufficient data$/);
  });

  it("marks nothing before any value", () => {
    const line = renderLiveLine(new LiveTally(3, 0).figures(1000), "1s");
    expect(line).toBe("0 values · 0/s · p50 - · p99 - · p99.9 - · max - · last 1s: p99 -");
  });
});
