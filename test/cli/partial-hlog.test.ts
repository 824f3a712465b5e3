/**
 * A log that an interrupted `convert` wrote starts with `# PARTIAL: …`: reading it back warns, naming it, and marks
 * what is made of it partial — the report in every format, and a merged or converted log, which carries the mark
 * on (a `#` line, which HistogramLogProcessor skips).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { markPartial } from "../../src/render/partial.js";
import { runCli } from "../helpers/run-cli.js";

const dir = mkdtempSync(join(tmpdir(), "latstat-partial-hlog-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** `count` requests, one every 10 ms from `startSec`, of latencies 1..count ms. */
function timedCsv(name: string, startSec: number, count: number): string {
  const file = join(dir, name);
  const rows = Array.from({ length: count }, (_, i) => `${(startSec + i / 100).toFixed(2)},${i + 1}`);
  writeFileSync(file, ["ts,latency_ms", ...rows, ""].join("\n"));
  return file;
}

async function convert(input: string, output: string): Promise<string> {
  const result = await runCli(["convert", input]);
  expect(result.code, result.stderr).toBe(0);
  writeFileSync(output, result.stdout);
  return output;
}

const WARNING = "warning: marked PARTIAL (written by an interrupted run, from logs with intervals rejected, or made from such a log): it holds only part of the data, and so does every figure made of it";

describe("a log marked PARTIAL by the interrupted run that wrote it", async () => {
  const whole = await convert(timedCsv("a.csv", 1_700_000_000, 300), join(dir, "whole.hlog"));
  const other = await convert(timedCsv("b.csv", 1_700_000_000, 200), join(dir, "other.hlog"));
  // What an interrupted convert writes: its log, after the mark (the same function marks it).
  const partial = join(dir, "shard.hlog");
  writeFileSync(partial, markPartial("hlog", readFileSync(whole, "utf8")));
  const note = `PARTIAL: ${partial} is marked partial (written by an interrupted run, from logs with intervals rejected, or made from such a log); these figures cover only what it holds`;
  /** The commands whose pictures show a spectrum of the inputs, each with its arguments on the partial log. */
  const pictured = [
    ["report", ["report", partial]],
    ["check", ["check", partial, "--budget", "p50 < 1s", "--no-config"]],
    ["compare", ["compare", whole, partial]],
  ] as const;

  it("check: the verdict that rests on it is marked PARTIAL, as a table and as JSON (a CI gate must not read it as whole)", async () => {
    const table = await runCli(["check", partial, "--budget", "p50 < 1s", "--no-config", "--no-color"]);
    expect(table.code, table.stderr).toBe(0);
    expect(table.stdout.split("\n")[0]).toBe(note);
    const json = JSON.parse((await runCli(["check", partial, "--budget", "p50 < 1s", "--no-config", "--json"])).stdout);
    expect(json.partial).toBe(true);
    expect((await runCli(["check", whole, "--budget", "p50 < 1s", "--no-config", "--json"])).stdout).not.toContain('"partial"');
  });

  it("compare and timeline: what rests on it is marked PARTIAL naming it, as text and as JSON; a whole log's is not", async () => {
    const compared = await runCli(["compare", whole, partial, "--no-color"]);
    expect(compared.code, compared.stderr).toBe(0);
    expect(compared.stdout.split("\n")[0]).toBe(note);
    expect(JSON.parse((await runCli(["compare", partial, whole, "-o", "json"])).stdout).partial).toBe(true);
    expect((await runCli(["compare", whole, other, "-o", "json"])).stdout).not.toContain('"partial"');
    const trend = await runCli(["compare", "--trend", whole, partial, "--no-color"]);
    expect(trend.code, trend.stderr).toBe(0);
    expect(trend.stdout.split("\n")[0]).toBe(note);
    const timeline = await runCli(["timeline", partial, "-o", "csv"]);
    expect(timeline.code, timeline.stderr).toBe(0);
    expect(timeline.stdout.split("\n")[0]).toBe(`# ${note}`);
    const json = JSON.parse((await runCli(["timeline", partial, "-o", "json"])).stdout);
    expect(json.partial).toBe(true);
    expect((await runCli(["timeline", whole, "-o", "json"])).stdout).not.toContain('"partial"');
  });

  it("plot: the chart and its SVG are marked PARTIAL naming it (a picture is seen apart from stderr); a whole log's are not", async () => {
    const svg = join(dir, "plot.svg");
    const plotted = await runCli(["plot", whole, partial, "--no-color", "--svg", svg]);
    expect(plotted.code, plotted.stderr).toBe(0);
    expect(plotted.stdout.split("\n")[0]).toBe(note);
    // The SVG says it in lines of its own, above the plot: the note's words, in order.
    const said = [...readFileSync(svg, "utf8").matchAll(/<text [^>]*fill="#c0392b" font-weight="600">([^<]*)<\/text>/g)].map((m) => m[1]);
    expect(said.join(" ")).toBe(note);
    const clean = join(dir, "whole-plot.svg");
    const wholePlot = await runCli(["plot", whole, other, "--no-color", "--svg", clean]);
    expect(wholePlot.stdout).not.toContain("PARTIAL");
    expect(readFileSync(clean, "utf8")).not.toContain("PARTIAL");
  });

  it("report, check and compare: their SVG pictures say PARTIAL naming it, as plot's; a whole log's do not", async () => {
    const said = (file: string) => [...readFileSync(file, "utf8").matchAll(/<text [^>]*fill="#c0392b" font-weight="600">([^<]*)<\/text>/g)].map((m) => m[1]).join(" ");
    for (const [name, args] of pictured) {
      const svg = join(dir, `${name}.svg`);
      const result = await runCli([...args, "--no-color", "--svg", svg]);
      expect(result.code, result.stderr).toBe(0);
      expect(said(svg), name).toBe(note);
    }
    const clean = join(dir, "whole-report.svg");
    await runCli(["report", whole, "--no-color", "--svg", clean]);
    expect(readFileSync(clean, "utf8")).not.toContain("PARTIAL");
  });

  it("report, check and compare: their HTML pages start with the PARTIAL note naming it; a whole log's do not", async () => {
    for (const [name, args] of pictured) {
      const html = join(dir, `${name}.html`);
      const result = await runCli([...args, "--no-color", "--html", html]);
      expect(result.code, result.stderr).toBe(0);
      const page = readFileSync(html, "utf8");
      // The note, HTML-escaped, in the first callout of the page's body.
      const callout = page.match(/<p class="callout warn">([^<]*)<\/p>|<div class="callout warn">\s*<p>([^<]*)<\/p>/);
      expect(callout, name).not.toBeNull();
      expect((callout![1] ?? callout![2])!.replaceAll("&amp;", "&"), name).toBe(note);
    }
    const clean = join(dir, "whole-report.html");
    await runCli(["report", whole, "--no-color", "--html", clean]);
    expect(readFileSync(clean, "utf8")).not.toContain("PARTIAL");
  });

  it("report: warns naming it, marks every output PARTIAL naming it, exit 0 (nothing was interrupted now)", async () => {
    const csv = await runCli(["report", partial, "-o", "csv"]);
    expect(csv.code, csv.stderr).toBe(0);
    expect(csv.stderr).toContain(`latstat: ${partial}: ${WARNING}\n`);
    const [mark, header, row] = csv.stdout.split("\n");
    expect(mark).toBe(`# ${note}`);
    expect(header).toMatch(/^input,count,/);
    expect(row!.split(",")[1]).toBe("300");
    const table = await runCli(["report", partial, "--no-color"]);
    expect(table.code).toBe(0);
    expect(table.stdout.split("\n")[0]).toBe(note);
    const json = JSON.parse((await runCli(["report", partial, "--json"])).stdout);
    expect(json.partial).toBe(true);
    expect(json.partialInputs).toEqual([partial]);
    expect(json.raw.count).toBe(300);
    const markdown = await runCli(["report", partial, "-o", "markdown"]);
    expect(markdown.stdout.split("\n")[0]).toMatch(/^\*\*PARTIAL: .*shard\.hlog is marked partial/);
    const hgrm = await runCli(["report", partial, "-o", "hgrm"]);
    expect(hgrm.stdout.split("\n")[0]).toBe(`# ${note}`);
  });

  it("merge -o carries the mark into the merged log, naming the partial input; the merged log reads back partial", async () => {
    const merged = join(dir, "merged.hlog");
    const result = await runCli(["merge", partial, other, "-o", merged]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain(`latstat: ${partial}: ${WARNING}\n`);
    const text = readFileSync(merged, "utf8");
    expect(text.split("\n")[0]).toBe(`# PARTIAL: ${partial} is marked partial (written by an interrupted run, from logs with intervals rejected, or made from such a log); these figures cover only what it holds`);
    // Java's reader skips `#` lines: the log itself is as a whole merge writes it, after the mark.
    expect(text.split("\n")[1]).toMatch(/^#\[Logged with latstat /);
    const back = JSON.parse((await runCli(["report", merged, "--json"])).stdout);
    expect(back.partialInputs).toEqual([merged]);
    expect(back.raw.count).toBe(500);
  });

  it("a log written from logs with an interval rejected (a histogram cut short) is marked PARTIAL, naming the first", async () => {
    // The second interval line of `other` with its base64 cut in half, as a crash mid-write leaves it.
    const lines = readFileSync(other, "utf8").split("\n");
    const intervals = lines.flatMap((line, i) => (/^\d/.test(line) ? [i] : []));
    const cut = intervals[1]!;
    const [fields, payload] = [lines[cut]!.split(",").slice(0, -1), lines[cut]!.split(",").at(-1)!];
    lines[cut] = [...fields, payload.slice(0, payload.length / 2)].join(",");
    const damaged = join(dir, "damaged.hlog");
    writeFileSync(damaged, lines.join("\n"));
    const merged = join(dir, "from-damaged.hlog");
    const result = await runCli(["merge", damaged, whole, "-o", merged]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain(`latstat: ${damaged}:${cut + 1}: bad histogram`);
    const first = readFileSync(merged, "utf8").split("\n")[0]!;
    expect(first).toMatch(new RegExp(`^# PARTIAL: 1 interval of the input logs rejected \\(${damaged.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}:${cut + 1}: bad histogram: .*\\): this log holds only the others$`));
    const back = JSON.parse((await runCli(["check", merged, "--budget", "p50 < 1s", "--no-config", "--json"])).stdout);
    expect(back.partial).toBe(true);
  });

  it("merge without -o prints the report marked; whole logs stay unmarked", async () => {
    const report = JSON.parse((await runCli(["merge", partial, other, "--json"])).stdout);
    expect(report.partialInputs).toEqual([partial]);
    const wholeMerge = join(dir, "whole-merge.hlog");
    const clean = await runCli(["merge", whole, other, "-o", wholeMerge]);
    expect(clean.stderr).not.toMatch(/PARTIAL/);
    expect(readFileSync(wholeMerge, "utf8")).not.toMatch(/PARTIAL/);
    const json = JSON.parse((await runCli(["report", whole, "--json"])).stdout);
    expect(json.partial).toBeUndefined();
    expect(json.partialInputs).toBeUndefined();
  });
});
