import { describe, expect, it } from "vitest";
import { parseBudgets } from "../../src/analyses/budget-grammar.js";
import { judgeReport } from "../../src/analyses/check.js";
import { buildCompare } from "../../src/analyses/compare-report.js";
import { applyCorrection } from "../../src/analyses/correction.js";
import { buildReport, type RecordedInput } from "../../src/analyses/report.js";
import { compareSpectra, reportSpectra } from "../../src/analyses/spectra.js";
import { DEFAULT_PERCENTILES } from "../../src/analyses/summary.js";
import { LineAccounting } from "../../src/core/accounting.js";
import { budgetBlocks } from "../../src/render/html/budget-blocks.js";
import { renderCompareHtml } from "../../src/render/html/compare-page.js";
import { escapeHtml, type HtmlAssets } from "../../src/render/html/page.js";
import { renderReportHtml } from "../../src/render/html/report-page.js";
import { formatDuration } from "../../src/render/values.js";
import { logNormalRecorder } from "../helpers/spectra.js";

const ASSETS: HtmlAssets = { uplotScript: "var uPlot = function () {}; // </script> inside", uplotStyles: ".uplot{}", library: "uPlot test" };
const OPTIONS = { outUnit: undefined, digits: 3, color: false, ci: false, generator: "latstat test" };

function input(name: string, count: number, medianNs: number, seed: number): RecordedInput {
  const recorder = logNormalRecorder(count, medianNs, 0.5, seed);
  const accounting = new LineAccounting();
  accounting.lines = accounting.recorded = count;
  return { name, format: "plain", unit: { unit: "ms", source: "default" }, accounting, recorder } as unknown as RecordedInput;
}

/** The charts' data the page script reads. */
function pageData(html: string): { digits: number; charts: { series: { label: string; certain: (number | null)[]; tail: (number | null)[] }[]; xs: number[] }[] } {
  const json = /<script type="application\/json" id="latstat-data">(.*?)<\/script>/s.exec(html)![1]!;
  return JSON.parse(json);
}

describe("report --html page", () => {
  const inputs = [input("a.log", 20_000, 5e6, 1), input("<b>.log", 2_000, 8e6, 2)];
  const report = buildReport(inputs, DEFAULT_PERCENTILES, true);
  const html = renderReportHtml(report, reportSpectra(report, inputs), ASSETS, OPTIONS);

  it("is one document that forbids every fetch, with the library and data inlined", () => {
    expect(html.startsWith("<!DOCTYPE html>\n<html lang=\"en\">")).toBe(true);
    expect(html).toContain(`<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:;`);
    expect(html).not.toMatch(/<script[^>]+src=|<link |@import|url\(http/);
    expect(html).toContain("var uPlot = function () {}; // <\\/script> inside");
    expect(html.match(/<\/script>/g)).toHaveLength(3);
  });

  it("has the summary table with insufficient percentiles marked and the names escaped", () => {
    expect(html).toContain("<td>&lt;b&gt;.log</td>");
    expect(html).not.toContain("<b>.log");
    expect(html).toMatch(/<td class="num insufficient" title="insufficient data: fewer than 10 samples beyond this percentile">[\d.]+\*<\/td>/);
    expect(html).toMatch(/p99\.9 needs ≥ 10,000 samples, have 2,000/);
  });

  it("charts each input and all together, with the tail beyond the data's support apart", () => {
    const [chart] = pageData(html).charts;
    expect(chart!.series.map((s) => s.label)).toEqual(["a.log", "<b>.log", "all"]);
    for (const s of chart!.series) {
      expect(s.certain).toHaveLength(chart!.xs.length);
      expect(s.certain.filter((v) => v !== null).length).toBeGreaterThan(10);
      expect(s.tail.filter((v) => v !== null).length).toBeGreaterThan(1);
    }
    expect(html).toContain("<noscript><svg");
  });

  it("says what coordinated-omission correction did, and charts raw and corrected", () => {
    const one = [input("c.log", 1_000, 5e6, 3)];
    const corrected = buildReport(one, DEFAULT_PERCENTILES, false);
    corrected.corrected = applyCorrection({ kind: "expected-interval", intervalNs: 1e6, after: true }, { raw: corrected.recorder }, DEFAULT_PERCENTILES, formatDuration).corrected;
    const page = renderReportHtml(corrected, reportSpectra(corrected, one), ASSETS, OPTIONS);
    expect(page).toMatch(/<p class="callout">Corrected adds [\d,]+ synthetic samples/);
    expect(pageData(page).charts[0]!.series.map((s) => s.label)).toEqual(["c.log (raw)", "c.log (corrected)"]);
  });
});

describe("compare --html page", () => {
  const base = input("before.log", 5_000, 5e6, 4);
  const cand = input("after.log", 5_000, 7e6, 5);
  const data = buildCompare(base, [cand], DEFAULT_PERCENTILES, [], false);
  const html = renderCompareHtml(data, compareSpectra(base, [cand]), ASSETS, OPTIONS);

  it("has a table per candidate with slower rows marked, and both spectra overlaid", () => {
    expect(html).toContain("<h2>Candidate after.log</h2>");
    expect(html).toMatch(/<tr class="slower"><td>p50<\/td>/);
    expect(html).toMatch(/Kolmogorov–Smirnov/);
    expect(pageData(html).charts[0]!.series.map((s) => s.label)).toEqual(["before.log (base)", "after.log (candidate)"]);
  });
});

describe("check --html budgets", () => {
  it("lists each budget with its result and the verdict, after the summary", () => {
    const one = [input("d.log", 2_000, 5e6, 6)];
    const report = buildReport(one, DEFAULT_PERCENTILES, false);
    const check = judgeReport(report, parseBudgets("p50 < 1s, p99 < 1ms, 99.99% < 1s"), { on: undefined, allowInsufficient: false });
    const html = renderReportHtml(report, reportSpectra(report, one), ASSETS, { ...OPTIONS, command: "check" }, budgetBlocks(check.verdict, { outUnit: undefined, digits: 3 }));
    expect(html).toContain("<title>latstat check: d.log</title>");
    expect(html).toMatch(/<p class="fail">✗ FAILED: 1 of 3 budgets failed, 1 had too few samples/);
    expect(html).toMatch(/<tr><td>p50 &lt; 1s<\/td>.*✓ PASS<\/td><\/tr>/);
    expect(html).toMatch(/<tr class="fail-row"><td>p99 &lt; 1ms<\/td>.*✗ FAIL<\/td><\/tr>/);
    expect(html).toMatch(/<tr class="fail-row"><td>99\.99% &lt; 1s<\/td>.*✗ INSUFFICIENT \(2,000 samples, needs 100,000\)<\/td><\/tr>/);
    expect(html.indexOf("<h2>Budgets</h2>")).toBeGreaterThan(html.indexOf("<h2>Summary</h2>"));
  });
});

describe("escapeHtml", () => {
  it("escapes markup and quotes", () => {
    expect(escapeHtml(`<a title="x">'&'</a>`)).toBe("&lt;a title=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;");
  });
});
