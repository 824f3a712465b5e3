import { describe, expect, it } from "vitest";
import { renderBudgetMarkdown } from "../../src/render/budget-markdown.js";
import { renderGithubAnnotations } from "../../src/render/github-annotations.js";
import { checkData, repeat } from "../helpers/check-data.js";

const OPTIONS = { outUnit: undefined, digits: 3 };
// 2,000 requests: 1,970 of 100 µs and 30 of 5 ms.
const VALUES = [...repeat(100_000, 1970), ...repeat(5_000_000, 30)];

describe("GitHub annotations", () => {
  it("one ::error per failing budget, none for passing ones", () => {
    const text = renderGithubAnnotations(checkData(VALUES, "p50 < 1ms, p99 < 1ms, max < 1ms").verdict, OPTIONS);
    expect(text.split("\n")).toEqual([
      "::error title=latency budget::p99 < 1ms: p99 was 5.00 ms, 4.00 ms over the 1 ms limit (400%25)",
      "::error title=latency budget::max < 1ms: max was 5.00 ms, 4.00 ms over the 1 ms limit (400%25)",
      "",
    ]);
  });

  it("insufficient budgets: ::error, or ::warning when allowed", () => {
    const strict = renderGithubAnnotations(checkData(VALUES, "99.9% < 10ms").verdict, OPTIONS);
    expect(strict).toMatch(/^::error title=latency budget::99\.9%25 < 10ms: too few samples to judge \(2,000 samples, needs 10,000\)/);
    const allowed = renderGithubAnnotations(checkData(VALUES, "99.9% < 10ms", { allowInsufficient: true }).verdict, OPTIONS);
    expect(allowed).toMatch(/^::warning title=latency budget::/);
  });

  it("nothing when every budget passes", () => {
    expect(renderGithubAnnotations(checkData(VALUES, "p50 < 1ms, count > 10").verdict, OPTIONS)).toBe("");
  });
});

describe("job summary markdown", () => {
  it("a verdict heading and a row per budget", () => {
    const text = renderBudgetMarkdown(checkData(VALUES, "p50 < 1ms, p99 < 1ms, 98% < 1ms"), OPTIONS);
    expect(text.split("\n")).toEqual([
      "### latstat check — ✗ FAILED: 1 of 3 budgets failed; judged on raw figures from 2,000 samples",
      "",
      "latencies.log, format plain, no unit assumed; 2,000 lines: 2,000 recorded, 0 skipped, 0 rejected.",
      "",
      "| budget | actual | limit | margin | result |",
      "| --- | ---: | ---: | --- | --- |",
      "| `p50 < 1ms` | 0.100 ms | 1 ms | 0.900 ms under (90%) | ✓ PASS |",
      "| `p99 < 1ms` | 5.00 ms | 1 ms | 4.00 ms over (400%) | ✗ FAIL |",
      "| `98% < 1ms` | 98.5% | 98% | 30 over 1 ms, 40 allowed | ✓ PASS |",
      "",
    ]);
  });
});
