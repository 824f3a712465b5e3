import { describe, expect, it } from "vitest";
import { parseBudgets } from "../../src/analyses/budget-grammar.js";
import { judgeReport } from "../../src/analyses/check.js";
import { buildCompare } from "../../src/analyses/compare-report.js";
import { applyCorrection } from "../../src/analyses/correction.js";
import { buildReport, type RecordedInput } from "../../src/analyses/report.js";
import { compareSpectra, reportSpectra } from "../../src/analyses/spectra.js";
import { DEFAULT_PERCENTILES } from "../../src/analyses/summary.js";
import { buildTimeline, type TimelineData } from "../../src/analyses/timeline.js";
import { LineAccounting } from "../../src/ingest/accounting.js";
import { BucketLayout } from "../../src/core/histogram.js";
import type { IntervalCounts } from "../../src/core/intervals.js";
import { SparseCounts } from "../../src/core/sparse-counts.js";
import { budgetBlocks } from "../../src/render/html/budget-blocks.js";
import { renderCompareHtml } from "../../src/render/html/compare-page.js";
import { escapeHtml, type HtmlAssets } from "../../src/render/html/page.js";
import { renderReportHtml } from "../../src/render/html/report-page.js";
import { renderTimelineHtml } from "../../src/render/html/timeline-page.js";
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

/**
 * A time line of `minutes` one-minute windows of 500 samples around 5 ms (spread `sigma`) each, the third window
 * empty; with `corrected`, corrected windows around 10 ms.
 */
function timeline(minutes: number, corrected = false, sigma = 0.8): TimelineData {
  const T0 = 1_700_000_000;
  const window = (k: number, scale: number): IntervalCounts => {
    const counts = k === 2 ? SparseCounts.of(logNormalRecorder(0, 1, 0, 1).counter) : SparseCounts.of(logNormalRecorder(500, 5e6 * scale, sigma, k + 1).counter);
    return { startSec: T0 + 60 * k, lengthSec: 60, logStartSec: T0, highestTrackableValue: 2, counts };
  };
  const raw = Array.from({ length: minutes }, (_, k) => window(k, 1));
  const fixed = corrected ? { corrected: { label: "corrected at 10ms", intervals: Array.from({ length: minutes }, (_, k) => window(k, 2)) } } : {};
  return buildTimeline({ startTimeSec: T0, intervalMs: 60_000, raw, ...fixed }, { skipMs: 0, windowMs: undefined });
}

/** The charts' data the page script reads. */
function pageData(html: string): {
  digits: number;
  charts: { title: string; defaultScale: string; x: { kind: string; scale: string }; series: { label: string; certain: (number | null)[]; tail: (number | null)[] }[]; xs: number[] }[];
} {
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
  const data = buildCompare(base, [cand], { labels: DEFAULT_PERCENTILES, gates: [], strictGate: false });
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
    const html = renderReportHtml(report, reportSpectra(report, one), ASSETS, { ...OPTIONS, command: "check" }, { budgets: budgetBlocks(check.verdict, { outUnit: undefined, digits: 3 }) });
    expect(html).toContain("<title>latstat check: d.log</title>");
    expect(html).toMatch(/<p class="fail">✗ FAILED: 1 of 3 budgets failed, 1 had too few samples/);
    expect(html).toMatch(/<tr><td>p50 &lt; 1s<\/td>.*✓ PASS<\/td><\/tr>/);
    expect(html).toMatch(/<tr class="fail-row"><td>p99 &lt; 1ms<\/td>.*✗ FAIL<\/td><\/tr>/);
    expect(html).toMatch(/<tr class="fail-row"><td>99\.99% &lt; 1s<\/td>.*✗ INSUFFICIENT \(2,000 samples, needs 100,000\)<\/td><\/tr>/);
    expect(html.indexOf("<h2>Budgets</h2>")).toBeGreaterThan(html.indexOf("<h2>Summary</h2>"));
  });
});

describe("timeline --html page", () => {
  const data = timeline(10, true);
  const html = renderTimelineHtml(data, ASSETS, { files: ["access.log"], outUnit: undefined, digits: 3, generator: "latstat test" });

  it("says what the windows are, draws p50, p99 and max over time, raw and corrected, then lists the windows", () => {
    expect(html).toContain("<title>latstat timeline: access.log</title>");
    expect(html).toContain(`<p class="meta">10 rows, windows of 60s, from 2023-11-14T22:13:20.000Z</p>`);
    const [chart] = pageData(html).charts;
    expect(chart!.title).toBe("Latency over time");
    expect(chart!.x).toMatchObject({ kind: "seconds", scale: "linear" });
    // The empty window at 120 s is a column too, where each line breaks (a gap, null).
    expect(chart!.xs).toEqual([0, 60, 120, 180, 240, 300, 360, 420, 480, 540]);
    expect(chart!.series.map((s) => s.label)).toEqual(["p50", "p99", "max", "p50 (c)", "p99 (c)", "max (c)"]);
    for (const s of chart!.series) expect(s.certain.filter((v) => v !== null)).toHaveLength(9);
    for (const s of chart!.series) expect(s).toMatchObject({ gaps: [2], lone: [] });
    expect(html).toContain("<p class=\"note\">Each point is a window of 60s, at its start: its p50, p99 and max — raw, and (c) corrected at 10ms. An empty window has no point, and the lines break there.</p>");
    expect(html.indexOf("<h2>Windows</h2>")).toBeGreaterThan(html.indexOf("<h2>Latency over time</h2>"));
    expect(html).toContain("<caption>latencies in ms; (c) = corrected at 10ms</caption>");
    expect(html).toMatch(/<th class="num">p99 \(c\)<\/th>/);
    expect(html.match(/<tr><td>\d+s<\/td>/g)).toHaveLength(10);
    expect(html).toContain(`<tr><td>120s</td><td class="num">0</td><td class="num">-</td>`);
  });

  it("starts on the latency scale that reads best, with the static SVG of that scale", () => {
    expect(pageData(html).charts[0]!.defaultScale).toBe("log");
    expect(html).toContain(`<input type="checkbox" class="log-scale" checked>`);
    expect(html).toMatch(/<noscript><svg[^]*\(log scale\)<\/text>[^]*<\/noscript>/);
    const narrow = renderTimelineHtml(timeline(10, false, 0.05), ASSETS, { files: ["a.log", "b.log"], outUnit: undefined, digits: 3, generator: "latstat test" });
    expect(narrow).toContain("<title>latstat timeline: 2 inputs</title>");
    expect(pageData(narrow).charts[0]!.defaultScale).toBe("linear");
    expect(narrow).toContain(`<input type="checkbox" class="log-scale"> latency on a log scale`);
    expect(narrow).toMatch(/<noscript><svg[^]*\(linear scale\)<\/text>[^]*<\/noscript>/);
  });
});

describe("report --html with start times", () => {
  it("draws the latency-over-time chart after the spectrum", () => {
    const one = [input("e.log", 2_000, 5e6, 7)];
    const report = buildReport(one, DEFAULT_PERCENTILES, false);
    const html = renderReportHtml(report, reportSpectra(report, one), ASSETS, OPTIONS, { timeline: timeline(5) });
    expect(pageData(html).charts.map((c) => c.title)).toEqual(["Latency by percentile", "Latency over time"]);
    expect(pageData(html).charts[1]!.series.map((s) => s.label)).toEqual(["p50", "p99", "max"]);
    expect(pageData(renderReportHtml(report, reportSpectra(report, one), ASSETS, OPTIONS)).charts).toHaveLength(1);
  });
});

describe("escapeHtml", () => {
  it("escapes markup and quotes", () => {
    expect(escapeHtml(`<a title="x">'&'</a>`)).toBe("&lt;a title=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;");
  });
});

describe("the time chart's failure line", () => {
  // Failures at the start of minutes 0 and 3 of a 4-minute time line (buildTimeline places them by window).
  const T0 = 1_700_000_000;
  const base = timeline(4);
  const raw = base.rows.map((row): IntervalCounts => ({ startSec: row.startSec, lengthSec: 60, logStartSec: T0, highestTrackableValue: 2, counts: SparseCounts.of(logNormalRecorder(row.raw.count, 5e6, 0.8, 1).counter) }));
  const failures = { startsNs: [T0 * 1e9, T0 * 1e9 + 1, (T0 + 180) * 1e9], leftOut: [true, true, true], untimed: 0 };
  const data = buildTimeline({ startTimeSec: T0, intervalMs: 60_000, raw, failures }, { skipMs: 0, windowMs: undefined });
  const html = renderTimelineHtml(data, ASSETS, { files: ["access.log"], outUnit: undefined, digits: 3, generator: "latstat test" });

  it("draws the failed share of each window's requests against a percent axis on the right, in its own colour", () => {
    const chart = pageData(html).charts[0]! as ReturnType<typeof pageData>["charts"][number] & { y2: { kind: string; min: number }; series: { y2?: true; color: string }[] };
    expect(chart.y2).toMatchObject({ kind: "percent", min: 0 });
    const failed = chart.series.at(-1)!;
    expect(failed).toMatchObject({ label: "failed", y2: true, color: "#8b1a1a" });
    // Window 0: 2 failed of 500 recorded + 2 left out; window 2 is empty (no point, a gap); window 3: 1 of 501.
    expect(chart.xs).toEqual([0, 60, 120, 180]);
    expect(failed.certain).toEqual([(100 * 2) / 502, 0, null, 100 / 501]);
    expect(failed).toMatchObject({ gaps: [2], lone: [3] });
    expect(chart.series.slice(0, -1).every((s) => s.y2 === undefined)).toBe(true);
    expect(html).toContain("The failed line (right axis) is each window&#39;s failed requests in percent of its requests, failed or not.");
  });
});
