/** `latstat timeline`'s chart of p50, p99 and max over time: under the table, and as --html and --svg pictures. */
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { spawnSync } from "node:child_process";
import { beforeAll, describe, expect, it } from "vitest";
import { fixture, runCli } from "../helpers/run-cli.js";

let dir = "";
const file = (name: string) => path.join(dir, name);
const demo = fixture("demo.log");

/** The charts' titles and series labels in a page's data. */
function pageCharts(html: string): { title: string; series: { label: string; certain: (number | null)[] }[] }[] {
  return JSON.parse(/<script type="application\/json" id="latstat-data">(.*?)<\/script>/s.exec(html)![1]!).charts;
}

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), "latstat-timeline-"));
  writeFileSync(file("untimed.log"), Array.from({ length: 500 }, (_, i) => `${1 + (i % 50)}ms`).join("\n") + "\n");
});

describe("latstat timeline chart", () => {
  it("gives no dates for times that are offsets from a run's start (hey's), wherever the first one falls", async () => {
    // hey -o csv: offset (s since the run began) in the last column, the first at 12.3 s.
    const rows = ["response-time,DNS+dialup,DNS,Request-write,Response-delay,Response-read,status-code,offset", ...Array.from({ length: 30 }, (_, i) => `0.0050,0.0000,0.0000,0.0000,0.0049,0.0001,200,${(12.3 + i).toFixed(4)}`)];
    writeFileSync(file("late-start-hey.csv"), rows.join("\n") + "\n");
    const csv = (await runCli(["timeline", file("late-start-hey.csv"), "--interval", "10s", "-o", "csv"])).stdout.trim().split("\n");
    expect(csv.slice(1).map((row) => row.split(",").slice(0, 2))).toEqual([["0", ""], ["10", ""], ["20", ""], ["30", ""]]);
    const json = JSON.parse((await runCli(["timeline", file("late-start-hey.csv"), "--interval", "10s", "--json"])).stdout);
    expect(json.startTime).toBeNull();
    expect((await runCli(["timeline", file("late-start-hey.csv"), "--interval", "10s"])).stdout).toContain("times from the run's start, not dates");
  });

  it("draws p50, p99 and max over time under the table and sparklines, in --width columns", async () => {
    const result = await runCli(["timeline", demo, "--width", "72", "--height", "8"]);
    expect(result.code, result.stderr).toBe(0);
    const out = result.stdout.split("\n");
    const top = out.indexOf("Latency over time (latency on a log scale)");
    expect(top).toBeGreaterThan(out.findIndex((l) => /^max +[▁-█]+$/.test(l)));
    const axis = out.findIndex((l, i) => i > top && l.includes("└"));
    expect(axis - top - 1).toBe(8);
    expect(out[axis + 1]).toMatch(/^ +0s +1m +2m +3m +4m +5m +6m$/);
    expect(out.slice(axis + 3, axis + 6)).toEqual(["1 ⠒⠒⠒ p50", "2 ⠒⠒⠒ p99", "3 ⠒⠒⠒ max"]);
    for (const line of out.slice(top, axis + 2)) expect([...line].length).toBeLessThanOrEqual(72);
    // eslint-disable-next-line no-control-regex
    expect(result.stdout).not.toMatch(/\u001b\[/);
  });

  it("adds the corrected lines with a correction", async () => {
    const result = await runCli(["timeline", demo, "--expected-interval", "20ms"]);
    expect(result.stdout).toContain("4 ⠒⠒⠒ p50 (c)  corrected at 20ms");
    expect(result.stdout).toContain("6 ⠒⠒⠒ max (c)  corrected at 20ms");
  });

  it("leaves -o csv and --json as data only", async () => {
    const csv = await runCli(["timeline", demo, "--interval", "60s", "-o", "csv"]);
    expect(csv.stdout.trim().split("\n")).toHaveLength(7);
    expect(csv.stdout).not.toMatch(/[⠀-⣿]|Latency over time/);
    const json = await runCli(["timeline", demo, "--interval", "60s", "--json"]);
    expect(JSON.parse(json.stdout).rows).toHaveLength(6);
  });
});

describe("latstat timeline --html / --svg", () => {
  it("writes the page and the SVG beside unchanged output", async () => {
    const plain = await runCli(["timeline", demo, "-o", "csv", "--rate", "50/s"]);
    const result = await runCli(["timeline", demo, "-o", "csv", "--rate", "50/s", "--html", file("t.html"), "--svg", file("t.svg")]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toBe(plain.stdout);
    const html = readFileSync(file("t.html"), "utf8");
    expect(html).toMatch(/^<!DOCTYPE html>/);
    expect(html).toContain(`<title>latstat timeline: ${demo}</title>`);
    expect(html).not.toMatch(/<script[^>]+src=|<link /);
    const [chart] = pageCharts(html);
    expect(chart!.title).toBe("Latency over time");
    // The demo's 77 failed requests (status 5xx) add the failure rate per window, on its own axis.
    expect(chart!.series.map((s) => s.label)).toEqual(["p50", "p99", "max", "p50 (c)", "p99 (c)", "max (c)", "failed"]);
    for (const s of chart!.series) expect(s.certain.filter((v) => v !== null)).toHaveLength(36);
    expect(html).toContain("<caption>latencies in ms; (c) = response time at one request per 20ms</caption>");
    const svg = readFileSync(file("t.svg"), "utf8");
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"[\s\S]*<title>Latency over time<\/title>[\s\S]*<\/svg>\n$/);
    const lint = spawnSync("xmllint", ["--noout", file("t.svg")], { encoding: "utf8" });
    if (lint.error === undefined) expect(lint.status, lint.stderr).toBe(0);
    expect(readdirSync(dir).filter((f) => f.endsWith(".tmp"))).toEqual([]);
  });

  it("charts an HdrHistogram log's own intervals", async () => {
    const result = await runCli(["timeline", fixture("hlog", "absolute.hlog"), "--html", file("h.html")]);
    expect(result.code, result.stderr).toBe(0);
    const html = readFileSync(file("h.html"), "utf8");
    expect(html).toContain("Each point is an interval of the log, at its start");
    expect(pageCharts(html)[0]!.series[0]!.certain.length).toBeGreaterThan(1);
  });

  it("refuses, before reading, to write over an input or two pictures to one file (exit 2)", async () => {
    const before = readFileSync(file("untimed.log"), "utf8");
    const over = await runCli(["timeline", file("untimed.log"), "--svg", file("untimed.log")]);
    expect(over.code).toBe(2);
    expect(over.stderr).toMatch(/untimed\.log: refusing to write over an input file/);
    expect(readFileSync(file("untimed.log"), "utf8")).toBe(before);
    const twice = await runCli(["timeline", demo, "--html", file("x.out"), "--svg", file("x.out")]);
    expect(twice.code).toBe(2);
    expect(existsSync(file("x.out"))).toBe(false);
  });
});

describe("report --html's latency-over-time chart", () => {
  it("is there when the samples have start times, after the spectrum, and absent otherwise", async () => {
    const timed = await runCli(["report", demo, "--co", "off", "--html", file("r.html")]);
    expect(timed.code, timed.stderr).toBe(0);
    const charts = pageCharts(readFileSync(file("r.html"), "utf8"));
    expect(charts.map((c) => c.title)).toEqual(["Latency by percentile", "Latency over time"]);
    expect(charts[1]!.series.map((s) => s.label)).toEqual(["p50", "p99", "max", "failed"]);
    expect(charts[1]!.series[0]!.certain.filter((v) => v !== null)).toHaveLength(36);

    const untimed = await runCli(["report", file("untimed.log"), "--html", file("u.html")]);
    expect(untimed.code, untimed.stderr).toBe(0);
    expect(pageCharts(readFileSync(file("u.html"), "utf8")).map((c) => c.title)).toEqual(["Latency by percentile"]);
  });

  it("says when some inputs' samples have no start time", async () => {
    const result = await runCli(["report", demo, file("untimed.log"), "--html", file("m.html")]);
    expect(result.stderr).toContain("latstat: --html: 500 samples without a start time are left out of the latency-over-time chart");
    expect(pageCharts(readFileSync(file("m.html"), "utf8"))).toHaveLength(2);
  });
});

describe("latstat timeline's max per window", () => {
  // Requests at 37 ms steps over 90 s from T0, latencies to the µs up to ~124 ms, where a bucket is 65.5 µs wide: a
  // window's max lies inside its bucket, whose top reads higher; one stall of 1,509.414 ms.
  const T0_MS = Date.UTC(2025, 0, 2, 3, 4, 0);
  const rows = Array.from({ length: 2_400 }, (_, i) => ({ startMs: T0_MS + i * 37, latencyUs: i === 1_700 ? 1_509_414 : 10_000 + ((i * 7_919) % 113_681) }));
  const csv = "start,latency_ms\n" + rows.map((r) => `${r.startMs},${(r.latencyUs / 1000).toFixed(3)}`).join("\n") + "\n";

  /** Each 10 s window's exact max in ms, bucketed here by start time from the window holding the first start. */
  function exactMaxes(windowMs: number): number[] {
    const origin = Math.floor(T0_MS / windowMs) * windowMs;
    const maxes: number[] = [];
    for (const r of rows) {
      const k = Math.floor((r.startMs - origin) / windowMs);
      maxes[k] = Math.max(maxes[k] ?? 0, r.latencyUs / 1000);
    }
    return maxes;
  }

  it("is each window's exact max, as report gives it, with no percentile above it", async () => {
    const result = await runCli(["timeline", "--interval", "10s", "--json"], { stdin: csv });
    expect(result.code, result.stderr).toBe(0);
    const document = JSON.parse(result.stdout);
    const at = (name: string) => document.columns.indexOf(name);
    const want = exactMaxes(10_000);
    expect(document.rows.map((row: number[]) => row[at("max_ms")])).toEqual(want);
    expect(want).toContain(1509.414);
    for (const row of document.rows) for (const p of ["p50_ms", "p90_ms", "p99_ms"]) expect(row[at(p)]).toBeLessThanOrEqual(row[at("max_ms")]);
    const report = JSON.parse((await runCli(["report", "--json"], { stdin: csv })).stdout);
    expect(Math.max(...document.rows.map((row: number[]) => row[at("max_ms")]))).toBe(report.raw.max);
  });

  it("is exact in moving windows and in back-filled columns too (back-fill adds only smaller values)", async () => {
    const document = JSON.parse((await runCli(["timeline", "--interval", "10s", "--window", "30s", "--expected-interval", "20ms", "--json"], { stdin: csv })).stdout);
    const at = (name: string) => document.columns.indexOf(name);
    const each = exactMaxes(10_000);
    const moving = each.map((_, k) => Math.max(...each.slice(Math.max(0, k - 2), k + 1)));
    expect(document.rows.map((row: number[]) => row[at("max_ms")])).toEqual(moving);
    expect(document.rows.map((row: number[]) => row[at("corrected_max_ms")])).toEqual(moving);
  });

  it("stays the histogram's for an HdrHistogram log's intervals, which hold no exact values", async () => {
    const document = JSON.parse((await runCli(["timeline", fixture("hlog", "tagged.hlog"), "--json"])).stdout);
    const at = document.columns.indexOf("max_ms");
    // A 3-digit histogram's bucket top: ms values with sub-bucket noise, not the round values a log's samples had.
    const report = JSON.parse((await runCli(["report", fixture("hlog", "tagged.hlog"), "--json"])).stdout);
    expect(Math.max(...document.rows.map((row: number[]) => row[at]))).toBe(report.raw.max);
  });
});
