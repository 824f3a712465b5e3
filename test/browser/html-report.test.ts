/**
 * Opens the HTML pages `report --html`, `compare --html` (and `--trend`) and `timeline --html` write in a real browser — Debian's
 * chromium, driven by playwright-core — and checks that the charts rendered with plotted points, that hovering shows
 * values, that nothing was logged as an error and that the page made no network request. Saves screenshots and
 * prints their paths.
 *
 * Without /usr/bin/chromium the test fails in CI (CI=true; .ci/run installs it) and is skipped elsewhere.
 */
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { chromium, type Browser, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fixture, runCli } from "../helpers/run-cli.js";

const CHROMIUM = "/usr/bin/chromium";
const MISSING = `${CHROMIUM} is missing: install Debian's chromium (apt-get install -y chromium; .ci/run does it)`;
const ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-quic",
  "--no-first-run",
  "--disable-component-update",
  "--disable-sync",
];
const inCi = process.env.CI !== undefined && process.env.CI !== "" && process.env.CI !== "false";

/** What a page did while it was open. */
interface Visit {
  page: Page;
  requests: string[];
  blocked: string[];
  errors: string[];
}

/** What the page's uPlot charts hold. */
interface ChartState {
  series: number;
  plotted: number[];
  canvas: { width: number; height: number; inked: number };
  yDistr: number;
}

let browser: Browser | undefined;
let dir = "";

/** Opens `file`, which draws `charts` charts, with every request that is not the file itself aborted and recorded. */
async function visit(file: string, charts = 1): Promise<Visit> {
  const url = pathToFileURL(file).href;
  const context = await browser!.newContext({ viewport: { width: 1200, height: 900 } });
  const result: Visit = { page: await context.newPage(), requests: [], blocked: [], errors: [] };
  await context.route("**/*", (route) => {
    const requested = route.request().url();
    if (requested === url) return route.continue();
    result.blocked.push(requested);
    return route.abort();
  });
  result.page.on("request", (request) => result.requests.push(request.url()));
  result.page.on("console", (message) => {
    if (message.type() === "error") result.errors.push(message.text());
  });
  result.page.on("pageerror", (error) => result.errors.push(error.message));
  await result.page.goto(url, { waitUntil: "load" });
  await result.page.waitForFunction((n) => (window as unknown as { latstatCharts?: unknown[] }).latstatCharts?.length === n, charts);
  return result;
}

/** The series of the `index`-th chart, its plotted points per series and how much of its canvas is drawn on. */
function chartState(page: Page, index = 0): Promise<ChartState> {
  return page.evaluate((i) => {
    type Plot = { series: unknown[]; data: (number | null)[][]; scales: { y: { distr: number } }; root: HTMLElement };
    const u = (window as unknown as { latstatCharts: Plot[] }).latstatCharts[i]!;
    const canvas = u.root.querySelector("canvas")!;
    const pixels = canvas.getContext("2d")!.getImageData(0, 0, canvas.width, canvas.height).data;
    let inked = 0;
    for (let i = 3; i < pixels.length; i += 4) if (pixels[i]! > 0) inked++;
    return {
      series: u.series.length - 1,
      plotted: u.data.slice(1).map((ys) => ys.filter((y) => y !== null).length),
      canvas: { width: canvas.width, height: canvas.height, inked },
      yDistr: u.scales.y.distr,
    };
  }, index);
}

/** Moves the mouse over the chart in the element `#id` at `fraction` of its width, and reads its legend's values. */
async function hoverValues(page: Page, id: string, fraction: number): Promise<string[]> {
  const over = page.locator(`#${id} .u-over`);
  await over.scrollIntoViewIfNeeded();
  const box = (await over.boundingBox())!;
  await page.mouse.move(box.x + box.width * fraction, box.y + box.height / 2);
  return page.locator(`#${id} .u-legend .u-series:visible .u-value`).allTextContents();
}

/** Saves a screenshot of the whole page and prints where. */
async function screenshot(page: Page, name: string, what: string): Promise<void> {
  const shot = path.join(tmpdir(), `latstat-${name}-${process.pid}.png`);
  await page.screenshot({ path: shot, fullPage: true });
  console.log(`screenshot of ${what}: ${shot}`);
}

/** The legend's values as shown (before hovering, each series' last value). */
function legendValues(page: Page, id: string): Promise<string[]> {
  return page.locator(`#${id} .u-legend .u-series:visible .u-value`).allTextContents();
}

/** Legend values before hovering: the x says so, every series a value (a latency, a percentage or `failed`), no dash. */
function expectLastValues(values: string[]): void {
  expect(values[0]).toBe("last point");
  for (const value of values.slice(1)) expect(value).toMatch(/^([\d.]+ (ns|us|ms|s)|[\d.]+%|failed)$/);
}

/** The time chart's legend labels of raw lines beside corrected ones, and of the failure rate. */
const TIME_LABELS = ["time from start (window start)", "p50 · raw", "p99 · raw", "max · raw"];
const FAILED_LABEL = "failed · % of the window's requests";

function expectOffline(v: Visit, file: string): void {
  expect(v.blocked, "requests other than the page itself").toEqual([]);
  expect(new Set(v.requests)).toEqual(new Set([pathToFileURL(file).href]));
  expect(v.errors, "console errors").toEqual([]);
}

describe("the HTML report in headless Chromium", () => {
  if (!existsSync(CHROMIUM)) {
    if (inCi) it("needs Chromium", () => expect.fail(MISSING));
    else it.skip(`skipped: ${MISSING}`, () => {});
    return;
  }

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), "latstat-browser-"));
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ARGS });
  });
  afterAll(async () => {
    await browser?.close();
  });

  it("report: draws every input and the tail, shows values on hover, makes no request", async () => {
    const file = path.join(dir, "report.html");
    const run = await runCli(["report", fixture("demo.log"), fixture("core", "lognormal-1000.txt"), "--per-file", "--html", file]);
    expect(run.code, run.stderr).toBe(0);
    // demo.log has start times: the spectrum, then the latency-over-time chart.
    const v = await visit(file, 2);
    const state = await chartState(v.page);
    // demo.log, lognormal-1000.txt and all, each with a solid part and a dashed tail; all with its 77 failures
    // counted in (ending before its tail would begin).
    expect(state.series).toBe(7);
    for (const count of state.plotted) expect(count).toBeGreaterThan(1);
    expect(state.plotted.slice(0, 3).every((n) => n > 30)).toBe(true);
    expect(state.canvas.width).toBeGreaterThan(600);
    expect(state.canvas.inked).toBeGreaterThan(2_000);
    expect(await v.page.locator("#chart-1 .u-legend .u-series:visible").count()).toBe(5);
    expect(await v.page.locator("table td.insufficient").count()).toBeGreaterThan(0);

    const values = await hoverValues(v.page, "chart-1", 0.6);
    expect(values[0]).toMatch(/^99\.\d+%$/);
    for (const value of values.slice(1, 4)) expect(value).toMatch(/^[\d.]+ (ns|us|ms|s)$/);
    // Beyond the 99.6% of requests that succeeded, the spectrum with failures reads `failed`.
    expect(values[4]).toBe("failed");

    // Taken while hovering, so it shows the legend's values under the cursor.
    await screenshot(v.page, "html-report", "the HTML report");

    // Hiding a line in the legend hides its dashed tail too.
    await v.page.locator("#chart-1 .u-legend .u-series:visible").nth(1).click();
    const hidden = await v.page.evaluate(() =>
      (window as unknown as { latstatCharts: { series: { show: boolean }[] }[] }).latstatCharts[0]!.series.flatMap((s, i) => (s.show ? [] : [i])),
    );
    expect(hidden).toEqual([1, 5]);
    await v.page.locator("#chart-1 .u-legend .u-series:visible").nth(1).click();

    await v.page.locator("#chart-1 input.log-scale").uncheck();
    expect((await chartState(v.page)).yDistr).toBe(1);
    expectOffline(v, file);
  });

  it("report with start times: the latency-over-time chart after the spectrum, with values on hover", async () => {
    const file = path.join(dir, "report-time.html");
    const run = await runCli(["report", fixture("demo.log"), "--html", file]);
    expect(run.code, run.stderr).toBe(0);
    const v = await visit(file, 2);
    const state = await chartState(v.page, 1);
    // p50, p99 and max of each of the 36 windows of 10 s, and their failure rates (demo.log has 77 5xx).
    expect(state.series).toBe(4);
    expect(state.plotted).toEqual([36, 36, 36, 36]);
    expect(state.canvas.inked).toBeGreaterThan(2_000);
    expect(state.yDistr).toBe(3);
    expect(await v.page.locator("#chart-2 h2").textContent()).toBe("Latency over time");
    const values = await hoverValues(v.page, "chart-2", 0.55);
    expect(values[0]).toMatch(/^(?=\d)(\d+h)?(\d+m)?(\d+s)?$/);
    for (const value of values.slice(1, 4)) expect(value).toMatch(/^[\d.]+ (us|ms|s)$/);
    expect(values[4]).toMatch(/^[\d.]+%$/);
    await screenshot(v.page, "html-report-time", "the HTML report with its time chart");
    expectOffline(v, file);
  });

  it("timeline: the over-time chart, raw and corrected, then the windows' table", async () => {
    const file = path.join(dir, "timeline.html");
    const run = await runCli(["timeline", fixture("demo.log"), "--expected-interval", "20ms", "--html", file]);
    expect(run.code, run.stderr).toBe(0);
    const v = await visit(file);
    const state = await chartState(v.page);
    expect(state.series).toBe(7);
    expect(state.plotted).toEqual([36, 36, 36, 36, 36, 36, 36]);
    expect(state.canvas.width).toBeGreaterThan(600);
    expect(state.canvas.inked).toBeGreaterThan(2_000);
    expect(await v.page.locator("#chart-1 .u-legend .u-series:visible .u-label").allTextContents()).toEqual([...TIME_LABELS, "p50 (c) · corrected at 20ms", "p99 (c) · corrected at 20ms", "max (c) · corrected at 20ms", FAILED_LABEL]);
    expect(await v.page.locator(".table-wrap tbody tr").count()).toBe(36);
    const values = await hoverValues(v.page, "chart-1", 0.55);
    expect(values[0]).toMatch(/^(?=\d)(\d+h)?(\d+m)?(\d+s)?$/);
    for (const value of values.slice(1, 7)) expect(value).toMatch(/^[\d.]+ (us|ms|s)$/);
    expect(values[7]).toMatch(/^[\d.]+%$/);
    await screenshot(v.page, "html-timeline", "the timeline page");
    await v.page.locator("input.log-scale").uncheck();
    expect((await chartState(v.page)).yDistr).toBe(1);
    expectOffline(v, file);
  });

  it("timeline with an outage: each line breaks at the empty windows", async () => {
    // Windows of 10 s: two with requests, four without (one of them all failed), two more.
    const rows = [[0, 200, 5], [5, 200, 6], [10, 200, 7], [35, 500, 9], [60, 200, 8], [65, 200, 9], [70, 200, 7]];
    const csv = path.join(dir, "outage.csv");
    writeFileSync(csv, ["start,status,latency_ms", ...rows.map(([sec, status, ms]) => `${1_762_074_000_000 + sec! * 1000},${status},${ms}`)].join("\n") + "\n");
    const file = path.join(dir, "outage.html");
    const run = await runCli(["timeline", csv, "--interval", "10s", "--html", file]);
    expect(run.code, run.stderr).toBe(0);
    const v = await visit(file);
    const gaps = await v.page.evaluate(() => {
      type Plot = { series: { _paths?: { gaps?: [number, number][] } | null }[] };
      const u = (window as unknown as { latstatCharts: Plot[] }).latstatCharts[0]!;
      return u.series.slice(1).map((s) => s._paths?.gaps?.length ?? 0);
    });
    // p50, p99, max: one gap (windows 20-50 s); the failure rate two (20 s and 40-50 s, no requests; 30 s all failed).
    expect(gaps).toEqual([1, 1, 1, 2]);
    expect(v.errors).toEqual([]);
    expectOffline(v, file);
  });

  it("report with coordinated-omission correction: raw and corrected, with the note", async () => {
    const file = path.join(dir, "co.html");
    const run = await runCli(["report", fixture("co", "stalled-sender.csv"), "--co", "auto", "--apply", "--html", file]);
    expect(run.code, run.stderr).toBe(0);
    const v = await visit(file, 2);
    const state = await chartState(v.page);
    expect(state.series).toBe(4);
    expect(await v.page.locator("#chart-1 .u-legend .u-series:visible .u-label").allTextContents()).toEqual([
      "percentile",
      `${fixture("co", "stalled-sender.csv")} (raw) · 1,000 samples`,
      `${fixture("co", "stalled-sender.csv")} (corrected) · 1,098 samples`,
    ]);
    await expect(v.page.locator(".callout").textContent()).resolves.toMatch(/^Corrected adds [\d,]+ synthetic samples/);
    expectOffline(v, file);
  });

  it("report: misery, SLO and corrected time lines as the terminal tells them, legends with values before hovering", async () => {
    const file = path.join(dir, "misery.html");
    const args = [fixture("demo.log"), "--expected-interval", "20ms", "--threshold", "100ms", "--interval", "10s", "--slo", "99% < 100ms"];
    const run = await runCli(["report", ...args, "--html", file]);
    expect(run.code, run.stderr).toBe(0);
    const terminal = (await runCli(["report", ...args])).stdout;
    const v = await visit(file, 2);
    expect(await v.page.locator("h2").allTextContents()).toEqual(["Summary", "Misery", "SLO", "Latency by percentile", "Latency over time"]);
    // Every misery and SLO sentence of the terminal, word for word.
    const sentences = (await v.page.locator("p.misery, p.slo").allTextContents()).map((t) => t.trim());
    expect(sentences.map((t) => t.split(":")[0])).toEqual(["Misery", "Corrected for coordinated omission", "A session of 1 / 10 / 100 requests meets at least one that took 100ms or longer", "Windows of 10s", "SLO 99% < 100ms", "Corrected for coordinated omission", "Burn rate per 10s window (bad share ÷ the share the SLO allows)"]);
    for (const sentence of sentences) expect(terminal).toContain(sentence);
    // The burn-rate table of the fastest windows.
    expect(await v.page.locator("table").nth(1).locator("th").allTextContents()).toEqual(["window", "requests", "bad", "burn rate"]);
    // The time chart draws the corrected lines beside the raw ones, window for window.
    const time = await chartState(v.page, 1);
    expect(time.plotted).toEqual([36, 36, 36, 36, 36, 36, 36]);
    expect(await v.page.locator("#chart-2 .u-legend .u-series:visible .u-label").allTextContents()).toEqual([...TIME_LABELS, "p50 (c) · corrected", "p99 (c) · corrected", "max (c) · corrected", FAILED_LABEL]);
    // Before hovering, each legend gives its series' last value, not a dash.
    for (const id of ["chart-1", "chart-2"]) expectLastValues(await legendValues(v.page, id));
    await screenshot(v.page, "html-misery", "the HTML report with misery, SLO and the corrected time chart");
    expectOffline(v, file);
  });

  it("compare: base and candidate overlaid", async () => {
    const file = path.join(dir, "compare.html");
    const run = await runCli(["compare", fixture("core", "lognormal-1000.txt"), fixture("demo.log"), "--html", file]);
    expect(run.code, run.stderr).toBe(0);
    const v = await visit(file);
    const state = await chartState(v.page);
    // Base and candidate, each with its dashed tail, and the candidate with its 77 failures counted in.
    expect(state.series).toBe(5);
    expect(state.canvas.inked).toBeGreaterThan(2_000);
    expect(await v.page.locator("h2").allTextContents()).toContain(`Candidate ${fixture("demo.log")}`);
    expectLastValues(await legendValues(v.page, "chart-1"));
    await expect(v.page.locator("#chart-1 p.note.marked").textContent()).resolves.toMatch(/^Shaded, failed: beyond p99\.615, the 0\.385% of requests that failed/);
    expectOffline(v, file);
  });

  it("report of an HdrHistogram log: the time chart, a point per interval of the log", async () => {
    const file = path.join(dir, "hlog.html");
    const run = await runCli(["report", fixture("hlog", "absolute.hlog"), "--html", file]);
    expect(run.code, run.stderr).toBe(0);
    const v = await visit(file, 2);
    // absolute.hlog: 8 intervals of 1 s (HistogramLogProcessor's absolute.default lists them).
    const time = await chartState(v.page, 1);
    expect(time.plotted).toEqual([8, 8, 8]);
    expect(time.canvas.inked).toBeGreaterThan(2_000);
    expect(await v.page.locator("#chart-2 .u-legend .u-series:visible .u-label").allTextContents()).toEqual(["time from start (window start)", "p50", "p99", "max"]);
    expectLastValues(await legendValues(v.page, "chart-2"));
    const values = await hoverValues(v.page, "chart-2", 0.5);
    for (const value of values.slice(1)) expect(value).toMatch(/^[\d.]+ (us|ms)$/);
    await screenshot(v.page, "html-hlog", "the HTML report of an HdrHistogram log with its time chart");
    expectOffline(v, file);
  });

  it("report --rate: the response times over time beside the service times, each named", async () => {
    const file = path.join(dir, "rate.html");
    const run = await runCli(["report", fixture("demo.log"), "--rate", "100/s", "--html", file]);
    expect(run.code, run.stderr).toBe(0);
    const v = await visit(file, 2);
    const time = await chartState(v.page, 1);
    expect(time.plotted).toEqual([36, 36, 36, 36, 36, 36, 36]);
    expect(await v.page.locator("#chart-2 .u-legend .u-series:visible .u-label").allTextContents()).toEqual([
      "time from start (window start)",
      "p50 · service time",
      "p99 · service time",
      "max · service time",
      "p50 (c) · response time",
      "p99 (c) · response time",
      "max (c) · response time",
      FAILED_LABEL,
    ]);
    expectLastValues(await legendValues(v.page, "chart-2"));
    await screenshot(v.page, "html-rate", "the HTML report of --rate with response times over time");
    expectOffline(v, file);
  });

  it("report of a fail-fast log: the failure rate on its own axis, the spectrum's failed tail shaded", async () => {
    // The demo turned fail-fast: every request slower than 40 ms became a 5 ms 503 (1,282 of 20,000 fail).
    const lines = readFileSync(fixture("demo.log"), "utf8").trim().split("\n");
    const failFast = path.join(dir, "failfast.log");
    writeFileSync(failFast, lines.map((line, i) => (i > 0 && Number(line.split(",")[3]) > 40 ? [...line.split(",").slice(0, 2), "503", "5"].join(",") : line)).join("\n") + "\n");
    const file = path.join(dir, "failfast.html");
    const run = await runCli(["report", failFast, "--html", file]);
    expect(run.code, run.stderr).toBe(0);
    const v = await visit(file, 2);
    // The spectrum: the successes, and all requests with the failures counted in, ending where they begin.
    expect(await v.page.locator("#chart-1 .u-legend .u-series:visible .u-label").allTextContents()).toEqual(["percentile", `${failFast} · 18,718 samples`, `${failFast} (with failures) · 20,000 samples`]);
    expectLastValues(await legendValues(v.page, "chart-1"));
    // The tail beyond p93.59 is shaded: a pixel near the top of the plot right of it is tinted red, one left of it not.
    const tint = await v.page.evaluate(() => {
      type Plot = { ctx: CanvasRenderingContext2D; bbox: { left: number; top: number; width: number }; valToPos: (v: number, s: string, c: boolean) => number };
      const u = (window as unknown as { latstatCharts: Plot[] }).latstatCharts[0]!;
      const at = (x: number) => Array.from(u.ctx.getImageData(Math.round(x), Math.round(u.bbox.top + 3), 1, 1).data);
      // Off the decade ticks, whose grid lines are grey.
      return { inside: at(u.valToPos(200, "x", true)), outside: at(u.valToPos(3, "x", true)) };
    });
    expect(tint.inside[3]).toBeGreaterThan(0);
    expect(tint.inside[0]).toBeGreaterThan(tint.inside[1]! + 50);
    expect(tint.outside[3]).toBe(0);
    await expect(v.page.locator("#chart-1 p.note.marked").textContent()).resolves.toMatch(/^Shaded, failed: beyond p93\.59, the 6\.41% of requests that failed/);
    const spectrum = await hoverValues(v.page, "chart-1", 0.85);
    expect(spectrum[2]).toBe("failed");
    // The time chart: the failure rate per window on a second axis, in percent, on the right.
    const axes = await v.page.evaluate(() => {
      type Plot = { axes: { scale: string; side: number }[]; scales: Record<string, { min: number; max: number }> };
      const u = (window as unknown as { latstatCharts: Plot[] }).latstatCharts[1]!;
      return { axes: u.axes.map((a) => [a.scale, a.side]), y2: [u.scales.y2!.min, u.scales.y2!.max] };
    });
    expect(axes.axes).toEqual([["x", 2], ["y", 3], ["y2", 1]]);
    expect(axes.y2[0]).toBe(0);
    expect((await chartState(v.page, 1)).plotted).toEqual([36, 36, 36, 36]);
    expect((await legendValues(v.page, "chart-2"))[4]).toMatch(/^[\d.]+%$/);
    const hovered = await hoverValues(v.page, "chart-2", 0.5);
    expect(hovered[4]).toMatch(/^[\d.]+%$/);
    await screenshot(v.page, "html-failures", "the HTML report of a fail-fast log: failure line and failed tail");
    expectOffline(v, file);
  });

  it("compare --trend: a line per percentile, a point per run", async () => {
    const values = readFileSync(fixture("core", "lognormal-1000.txt"), "utf8").trim().split("\n").map(Number);
    const runs = [1, 1.2, 0.9, 1.6].map((factor, i) => {
      const run = path.join(dir, `run-${i + 1}.txt`);
      writeFileSync(run, values.map((v) => (v * factor).toFixed(3)).join("\n") + "\n");
      return run;
    });
    const file = path.join(dir, "trend.html");
    const run = await runCli(["compare", "--trend", ...runs, "--html", file]);
    expect(run.code, run.stderr).toBe(0);
    const v = await visit(file);
    const state = await chartState(v.page);
    expect(state.plotted).toEqual([4, 4, 4]);
    expect(state.canvas.inked).toBeGreaterThan(1_000);
    expect(await v.page.locator("#chart-1 .u-legend .u-series:visible .u-label").allTextContents()).toEqual(["run (oldest first)", "p50", "p99", "p99.9"]);
    expectLastValues(await legendValues(v.page, "chart-1"));
    const hovered = await hoverValues(v.page, "chart-1", 0.35);
    expect(hovered[0]).toBe("2");
    for (const value of hovered.slice(1)) expect(value).toMatch(/^[\d.]+ (us|ms|s)$/);
    expect(await v.page.locator(".table-wrap tbody tr").count()).toBe(4);
    // p99.9 of 1,000 samples is insufficient in every run, with or without its change beside it.
    expect(await v.page.locator("table td.insufficient").allTextContents()).toEqual([expect.stringMatching(/^[\d.]+\*$/), ...Array(3).fill(expect.stringMatching(/^[\d.]+\* \([+-][\d.]+%\)$/))]);
    await screenshot(v.page, "html-trend", "the compare --trend page");
    expectOffline(v, file);
  });
});
