/**
 * `report --html`'s latency-over-time chart beyond samples with start times: the intervals of an HdrHistogram log
 * (checked against HistogramLogProcessor's own per-interval percentiles), the corrected lines of `--rate` (response
 * times computed here from the log's rows), and the failure rate per window (counted here from the rows' status);
 * and the failed tail of the percentile spectrum, in the page and the SVG (report) and for each side (compare).
 */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { fixture, runCli } from "../helpers/run-cli.js";

let dir = "";
const file = (name: string) => path.join(dir, name);

interface PageChart {
  title: string;
  xs: number[];
  y2?: { kind: string; min: number; max: number };
  series: { label: string; detail?: string; y2?: true; certain: (number | null)[] }[];
}

/** The charts of a written page. */
function pageCharts(html: string): PageChart[] {
  return JSON.parse(/<script type="application\/json" id="latstat-data">(.*?)<\/script>/s.exec(html)![1]!).charts;
}

/** The chart's notes, as the page writes them. */
const notes = (html: string) => [...html.matchAll(/<p class="note[^"]*">([^<]*)<\/p>/g)].map((m) => m[1]!.replace(/&#39;/g, "'"));

/** Writes a report page of `args` and returns its time chart (and the page). */
async function timeChart(args: string[], name: string): Promise<{ chart: PageChart | undefined; html: string }> {
  const result = await runCli(["report", ...args, "--html", file(name)]);
  expect(result.code, result.stderr).toBe(0);
  const html = readFileSync(file(name), "utf8");
  return { chart: pageCharts(html).find((c) => c.title === "Latency over time"), html };
}

/** A series' points as [x, y]. */
function points(chart: PageChart, label: string): [number, number][] {
  const series = chart.series.find((s) => s.label === label)!;
  return chart.xs.flatMap((x, i) => (series.certain[i] === null ? [] : [[x, series.certain[i]!] as [number, number]]));
}

interface Row {
  startNs: number;
  status: number;
  latencyNs: number;
}

/** The demo's rows: start (epoch ns, from the ISO timestamp), status, latency. */
function demoRows(): Row[] {
  return readFileSync(fixture("demo.log"), "utf8")
    .trim()
    .split("\n")
    .slice(1)
    .map((line) => {
      const [time, , status, ms] = line.split(",");
      const [whole, fraction] = time!.slice(0, -1).split(".");
      return { startNs: Date.parse(`${whole}Z`) * 1e6 + Number(`0.${fraction}`) * 1e9, status: Number(status), latencyNs: Number(ms) * 1e6 };
    });
}

/** Rows by 10 s window of the epoch grid (the report's chart windows), as [offset from the first window in s, rows]. */
function byWindow<T extends { startNs: number }>(rows: readonly T[]): [number, T[]][] {
  const windows = new Map<number, T[]>();
  for (const row of rows) {
    const k = Math.floor(row.startNs / 1e10);
    windows.set(k, [...(windows.get(k) ?? []), row]);
  }
  const first = Math.min(...windows.keys());
  return [...windows.entries()].sort(([a], [b]) => a - b).map(([k, rows]) => [(k - first) * 10, rows]);
}

/** The value at `percentile` of `values` by nearest rank (exact; the histogram's is within its precision). */
function exactPercentile(values: readonly number[], percentile: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil((percentile / 100) * sorted.length) - 1)]!;
}

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), "latstat-time-chart-"));
});

describe("report --html: the time chart of an HdrHistogram log", () => {
  it("draws each interval at its start with the interval's p50 and max of HistogramLogProcessor", async () => {
    const { chart, html } = await timeChart([fixture("hlog/absolute.hlog")], "hlog.html");
    // absolute.default: HistogramLogProcessor's interval lines, `end: I:count ( 50% 90% Max )` in ms.
    const reference = readFileSync(fixture("hlog/absolute.default"), "utf8")
      .split("\n")
      .flatMap((line) => {
        const m = /^([\d.]+): I:(\d+) \( +([\d.]+) +([\d.]+) +([\d.]+) \)/.exec(line);
        return m ? [{ endSec: Number(m[1]), p50: Number(m[3]), max: Number(m[5]) }] : [];
      });
    expect(reference.length).toBeGreaterThan(3);
    expect(chart).toBeDefined();
    const p50 = points(chart!, "p50");
    const max = points(chart!, "max");
    // Intervals of 1 s: each starts 1 s before its end.
    expect(p50.map(([x]) => x)).toEqual(reference.map((r) => Number((r.endSec - 1).toFixed(3))));
    reference.forEach((r, i) => {
      expect(p50[i]![1] / 1e6).toBeCloseTo(r.p50, 3);
      expect(max[i]![1] / 1e6).toBeCloseTo(r.max, 3);
    });
    expect(chart!.series.map((s) => s.label)).toEqual(["p50", "p99", "max"]);
    expect(notes(html)).toContain("Each point is an interval of the log, at its start: its p50, p99 and max. An empty window has no point, and the lines break there.");
  });

  it("draws the corrected lines of --co-after beside the raw ones", async () => {
    const { chart } = await timeChart([fixture("hlog/absolute.hlog"), "--expected-interval", "1ms", "--co-after"], "hlog-co.html");
    expect(chart!.series.map((s) => `${s.label} · ${s.detail}`)).toEqual(["p50 · raw", "p99 · raw", "max · raw", "p50 (c) · corrected", "p99 (c) · corrected", "max (c) · corrected"]);
    // Back-filling adds values below each one recorded: a window's corrected max is its raw max, its p50 no lower.
    expect(points(chart!, "max (c)")).toEqual(points(chart!, "max"));
    points(chart!, "p50 (c)").forEach(([, y], i) => expect(y).toBeGreaterThanOrEqual(points(chart!, "p50")[i]![1] * 0.999));
  });
});

describe("report --html: an HdrHistogram log beside samples with start times", () => {
  it("draws the samples' windows and says the log's values are left out, and why", async () => {
    const result = await runCli(["report", fixture("demo.log"), fixture("hlog/absolute.hlog"), "--co", "off", "--html", file("mixed.html")]);
    expect(result.code, result.stderr).toBe(0);
    // absolute.default: 8 intervals of 200 values.
    expect(result.stderr).toContain("latstat: --html: the latency-over-time chart is drawn from the samples with start times: 1,600 values of HdrHistogram logs are left out of it\n");
    expect(result.stderr).not.toContain("without a start time");
    const chart = pageCharts(readFileSync(file("mixed.html"), "utf8")).find((c) => c.title === "Latency over time")!;
    expect(points(chart, "p50")).toHaveLength(36);
  });
});

describe("report --html: the corrected time chart of --rate", () => {
  it("draws each window's response times beside its service times, each named in the legend", async () => {
    const { chart, html } = await timeChart([fixture("demo.log"), "--rate", "100/s"], "rate.html");
    expect(chart!.series.map((s) => `${s.label} · ${s.detail}`)).toEqual([
      "p50 · service time",
      "p99 · service time",
      "max · service time",
      "p50 (c) · response time",
      "p99 (c) · response time",
      "max (c) · response time",
      "failed · % of the window's requests",
    ]);
    expect(html).not.toContain("are not drawn over time");
    // Every request in start order, each due 10 ms after the one before it by the schedule, a failed one too (it took
    // its slot); the successes' response times (failures are left out of the histogram) run from the intended start
    // to the completion, never below the latency.
    const all = demoRows().sort((a, b) => a.startNs - b.startNs);
    const responses = all
      .map((r, i) => ({ ok: r.status < 400, startNs: r.startNs, latencyNs: Math.max(r.latencyNs, r.startNs + r.latencyNs - (all[0]!.startNs + i * 1e7)) }))
      .filter((r) => r.ok);
    const windows = byWindow(responses);
    const p99 = points(chart!, "p99 (c)");
    expect(p99.map(([x]) => x)).toEqual(windows.map(([x]) => x));
    windows.forEach(([, rows], i) => {
      const exact = exactPercentile(rows.map((r) => r.latencyNs), 99);
      expect(Math.abs(p99[i]![1] - exact) / exact).toBeLessThan(0.002);
    });
    // Far behind by the end: the last window's response times are minutes, its service times milliseconds.
    expect(p99.at(-1)![1]).toBeGreaterThan(60e9);
    expect(points(chart!, "p99").at(-1)![1]).toBeLessThan(1e9);
  });
});

/** The demo turned fail-fast: every request slower than 40 ms became a 5 ms 503. */
function writeFailFast(): Row[] {
  const lines = readFileSync(fixture("demo.log"), "utf8").trim().split("\n");
  const failFast = lines.map((line, i) => (i > 0 && Number(line.split(",")[3]) > 40 ? line.split(",").slice(0, 2).concat(["503", "5"]).join(",") : line));
  writeFileSync(file("failfast.log"), failFast.join("\n") + "\n");
  return demoRows().map((r) => (r.latencyNs > 40e6 ? { ...r, status: 503, latencyNs: 5e6 } : r));
}

describe("report --html: the failure rate per window", () => {
  it("draws each window's failed requests in percent of its requests on a second axis", async () => {
    const rows = writeFailFast();
    const { chart, html } = await timeChart([file("failfast.log")], "failfast.html");
    expect(chart!.y2).toMatchObject({ kind: "percent", min: 0 });
    const failed = chart!.series.find((s) => s.label === "failed")!;
    expect(failed.y2).toBe(true);
    const windows = byWindow(rows);
    const rates = points(chart!, "failed");
    expect(rates.map(([x]) => x)).toEqual(windows.map(([x]) => x));
    windows.forEach(([, inWindow], i) => expect(rates[i]![1]).toBeCloseTo((100 * inWindow.filter((r) => r.status >= 400).length) / inWindow.length, 9));
    expect(chart!.y2!.max).toBeGreaterThanOrEqual(Math.max(...rates.map(([, y]) => y)));
    expect(notes(html).join(" ")).toContain("The failed line (right axis) is each window's failed requests in percent of its requests, failed or not.");
  });

  it("says nothing of failures for a log without any status", async () => {
    const lines = readFileSync(fixture("demo.log"), "utf8").trim().split("\n");
    writeFileSync(file("nostatus.log"), lines.map((line) => line.split(",").filter((_, i) => i !== 2).join(",")).join("\n") + "\n");
    const { chart, html } = await timeChart([file("nostatus.log")], "nostatus.html");
    expect(chart!.series.map((s) => s.label)).toEqual(["p50", "p99", "max"]);
    expect(chart!.y2).toBeUndefined();
    // The page's body and chart data (scripts and styles aside) name no failure.
    expect(html.replace(/<(script|style)>[^]*?<\/\1>/g, "")).not.toMatch(/fail/i);
  });

  it("says no request failed when the status tells none did", async () => {
    const lines = readFileSync(fixture("demo.log"), "utf8").trim().split("\n");
    writeFileSync(file("allok.log"), lines.map((line) => line.replace(",503,", ",200,")).join("\n") + "\n");
    const { chart, html } = await timeChart([file("allok.log")], "allok.html");
    expect(chart!.series.map((s) => s.label)).toEqual(["p50", "p99", "max"]);
    expect(notes(html).join(" ")).toContain("No request failed.");
  });
});

describe("report --html/--svg: the failed tail of the spectrum", () => {
  it("draws the spectrum with failures counted in, ending where the failures begin, the rest shaded as failed", async () => {
    const rows = writeFailFast();
    const failed = rows.filter((r) => r.status >= 400).length;
    const result = await runCli(["report", file("failfast.log"), "--html", file("tail.html"), "--svg", file("tail.svg")]);
    expect(result.code, result.stderr).toBe(0);
    const html = readFileSync(file("tail.html"), "utf8");
    const spectrum = pageCharts(html).find((c) => c.title === "Latency by percentile")! as PageChart & { marked: { fromX: number; label: string }[] };
    const name = file("failfast.log");
    expect(spectrum.series.map((s) => s.label)).toEqual([name, `${name} (with failures)`]);
    expect(spectrum.marked).toHaveLength(1);
    expect(spectrum.marked[0]!.label).toBe("failed");
    expect(spectrum.marked[0]!.fromX).toBeCloseTo(rows.length / failed, 9);
    const share = ((100 * failed) / rows.length).toFixed(2);
    expect(notes(html)).toContain(`Shaded, failed: beyond p${(100 - Number(share)).toFixed(2)}, the ${share}% of requests that failed, counted as slower than any success.`);
    // The last point with failures is a success: its x is short of the failures' start.
    const last = points(spectrum, `${name} (with failures)`).at(-1)!;
    expect(last[0]).toBeLessThanOrEqual(spectrum.marked[0]!.fromX);
    const svg = readFileSync(file("tail.svg"), "utf8");
    expect(svg).toContain(">failed</text>");
  });

  it("has no failed tail when nothing failed, or nothing tells failures", async () => {
    const lines = readFileSync(fixture("demo.log"), "utf8").trim().split("\n");
    writeFileSync(file("ok.log"), lines.map((line) => line.replace(",503,", ",200,")).join("\n") + "\n");
    const result = await runCli(["report", file("ok.log"), "--html", file("ok.html")]);
    expect(result.code, result.stderr).toBe(0);
    const spectrum = pageCharts(readFileSync(file("ok.html"), "utf8"))[0]! as PageChart & { marked?: unknown };
    expect(spectrum.series).toHaveLength(1);
    expect(spectrum.marked).toBeUndefined();
  });
});

describe("compare --html: each side's failed tail", () => {
  it("draws base and candidate with their failures counted in, each tail shaded and named", async () => {
    const rows = writeFailFast();
    const base = fixture("demo.log");
    const baseFailed = demoRows().filter((r) => r.status >= 400).length;
    const candFailed = rows.filter((r) => r.status >= 400).length;
    const result = await runCli(["compare", base, file("failfast.log"), "--html", file("compare.html")]);
    expect(result.code, result.stderr).toBe(0);
    const html = readFileSync(file("compare.html"), "utf8");
    const [spectrum] = pageCharts(html) as (PageChart & { marked: { fromX: number; note: string }[] })[];
    const cand = file("failfast.log");
    expect(spectrum!.series.map((s) => s.label)).toEqual([`${base} (base)`, `${cand} (candidate)`, `${base} (base, with failures)`, `${cand} (candidate, with failures)`]);
    expect(spectrum!.marked.map((m) => m.fromX)).toEqual([expect.closeTo(rows.length / baseFailed, 9), expect.closeTo(rows.length / candFailed, 9)]);
    expect(spectrum!.marked[1]!.note).toBe(`${cand} (candidate, with failures): beyond p93.59, the 6.41% of requests that failed, counted as slower than any success`);
  });
});
