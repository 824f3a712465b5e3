/**
 * Opens the HTML pages `report --html`, `compare --html` and `timeline --html` write in a real browser — Debian's
 * chromium, driven by playwright-core — and checks that the charts rendered with plotted points, that hovering shows
 * values, that nothing was logged as an error and that the page made no network request. Saves screenshots and
 * prints their paths.
 *
 * Without /usr/bin/chromium the test fails in CI (CI=true; .ci/run installs it) and is skipped elsewhere.
 */
import { existsSync, mkdtempSync } from "node:fs";
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
    // demo.log, lognormal-1000.txt and all, each with a solid part and a dashed tail.
    expect(state.series).toBe(6);
    for (const count of state.plotted) expect(count).toBeGreaterThan(1);
    expect(state.plotted.slice(0, 3).every((n) => n > 30)).toBe(true);
    expect(state.canvas.width).toBeGreaterThan(600);
    expect(state.canvas.inked).toBeGreaterThan(2_000);
    expect(await v.page.locator("#chart-1 .u-legend .u-series:visible").count()).toBe(4);
    expect(await v.page.locator("table td.insufficient").count()).toBeGreaterThan(0);

    const values = await hoverValues(v.page, "chart-1", 0.6);
    expect(values[0]).toMatch(/^99\.\d+%$/);
    for (const value of values.slice(1)) expect(value).toMatch(/^[\d.]+ (ns|us|ms|s)$/);

    // Taken while hovering, so it shows the legend's values under the cursor.
    await screenshot(v.page, "html-report", "the HTML report");

    // Hiding a line in the legend hides its dashed tail too.
    await v.page.locator("#chart-1 .u-legend .u-series:visible").nth(1).click();
    const hidden = await v.page.evaluate(() =>
      (window as unknown as { latstatCharts: { series: { show: boolean }[] }[] }).latstatCharts[0]!.series.flatMap((s, i) => (s.show ? [] : [i])),
    );
    expect(hidden).toEqual([1, 4]);
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
    // p50, p99 and max of each of the 36 windows of 10 s.
    expect(state.series).toBe(3);
    expect(state.plotted).toEqual([36, 36, 36]);
    expect(state.canvas.inked).toBeGreaterThan(2_000);
    expect(state.yDistr).toBe(3);
    expect(await v.page.locator("#chart-2 h2").textContent()).toBe("Latency over time");
    const values = await hoverValues(v.page, "chart-2", 0.55);
    expect(values[0]).toMatch(/^(?=\d)(\d+h)?(\d+m)?(\d+s)?$/);
    for (const value of values.slice(1)) expect(value).toMatch(/^[\d.]+ (us|ms|s)$/);
    await screenshot(v.page, "html-report-time", "the HTML report with its time chart");
    expectOffline(v, file);
  });

  it("timeline: the over-time chart, raw and corrected, then the windows' table", async () => {
    const file = path.join(dir, "timeline.html");
    const run = await runCli(["timeline", fixture("demo.log"), "--expected-interval", "20ms", "--html", file]);
    expect(run.code, run.stderr).toBe(0);
    const v = await visit(file);
    const state = await chartState(v.page);
    expect(state.series).toBe(6);
    expect(state.plotted).toEqual([36, 36, 36, 36, 36, 36]);
    expect(state.canvas.width).toBeGreaterThan(600);
    expect(state.canvas.inked).toBeGreaterThan(2_000);
    expect(await v.page.locator("#chart-1 .u-legend .u-series:visible .u-label").allTextContents()).toEqual([
      "time from start (window start)",
      "p50",
      "p99",
      "max",
      "p50 (c)",
      "p99 (c)",
      "max (c)",
    ]);
    expect(await v.page.locator(".table-wrap tbody tr").count()).toBe(36);
    const values = await hoverValues(v.page, "chart-1", 0.55);
    expect(values[0]).toMatch(/^(?=\d)(\d+h)?(\d+m)?(\d+s)?$/);
    for (const value of values.slice(1)) expect(value).toMatch(/^[\d.]+ (us|ms|s)$/);
    await screenshot(v.page, "html-timeline", "the timeline page");
    await v.page.locator("input.log-scale").uncheck();
    expect((await chartState(v.page)).yDistr).toBe(1);
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
      `${fixture("co", "stalled-sender.csv")} (raw)`,
      `${fixture("co", "stalled-sender.csv")} (corrected)`,
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
    expect(time.plotted).toEqual([36, 36, 36, 36, 36, 36]);
    expect(await v.page.locator("#chart-2 .u-legend .u-series:visible .u-label").allTextContents()).toEqual([
      "time from start (window start)",
      "p50",
      "p99",
      "max",
      "p50 (c)",
      "p99 (c)",
      "max (c)",
    ]);
    // Before hovering, each legend gives its series' last value, not a dash.
    for (const id of ["chart-1", "chart-2"]) {
      const values = await v.page.locator(`#${id} .u-legend .u-series:visible .u-value`).allTextContents();
      expect(values[0]).toBe("last point");
      for (const value of values.slice(1)) expect(value).toMatch(/^[\d.]+ (ns|us|ms|s)$/);
    }
    await screenshot(v.page, "html-misery", "the HTML report with misery, SLO and the corrected time chart");
    expectOffline(v, file);
  });

  it("compare: base and candidate overlaid", async () => {
    const file = path.join(dir, "compare.html");
    const run = await runCli(["compare", fixture("core", "lognormal-1000.txt"), fixture("demo.log"), "--html", file]);
    expect(run.code, run.stderr).toBe(0);
    const v = await visit(file);
    const state = await chartState(v.page);
    expect(state.series).toBe(4);
    expect(state.canvas.inked).toBeGreaterThan(2_000);
    expect(await v.page.locator("h2").allTextContents()).toContain(`Candidate ${fixture("demo.log")}`);
    expectOffline(v, file);
  });
});
