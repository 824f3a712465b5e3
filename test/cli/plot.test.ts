import { mkdtempSync, readFileSync, symlinkSync, writeFileSync, existsSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { fixture, runCli } from "../helpers/run-cli.js";

let dir = "";
const file = (name: string) => path.join(dir, name);
const lines = (text: string) => text.split("\n");

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), "latstat-plot-"));
  writeFileSync(file("a.log"), Array.from({ length: 2_000 }, (_, i) => `${(1 + (i % 100) / 10).toFixed(1)}ms`).join("\n") + "\n");
});

describe("latstat plot", () => {
  it("draws the percentile spectrum of each input with a legend (exit 0)", async () => {
    const result = await runCli(["plot", fixture("demo.log"), file("a.log"), "--width", "80"]);
    expect(result.code).toBe(0);
    const out = lines(result.stdout);
    expect(out[0]).toBe("Latency by percentile (latency on a log scale)");
    expect(result.stdout).toMatch(/\n +0% +90% +99% +99\.9% +99\.99%\n/);
    expect(result.stdout).toContain(`1 ⠒⠒⠒ ${fixture("demo.log")}  19,923 samples`);
    expect(result.stdout).toContain(`2 ⠒⠒⠒ ${file("a.log")}  2,000 samples`);
    expect(result.stdout).toMatch(/dotted: fewer than 10 samples beyond/);
    const chartLines = out.slice(0, out.findIndex((l) => l.includes("└")) + 2);
    for (const line of chartLines) expect([...line].length).toBeLessThanOrEqual(80);
    // eslint-disable-next-line no-control-regex
    expect(result.stdout).not.toMatch(/\u001b\[/);
  });

  it("honours --width, --height and --y-scale", async () => {
    const result = await runCli(["plot", file("a.log"), "--width", "50", "--height", "6", "--y-scale", "linear"]);
    expect(result.code).toBe(0);
    const out = lines(result.stdout);
    expect(out[0]).toBe("Latency by percentile (latency on a linear scale)");
    expect(out.findIndex((l) => l.includes("└"))).toBe(7);
    for (const line of out.slice(0, 9)) expect([...line].length).toBeLessThanOrEqual(50);
  });

  it("reads stdin, and draws raw and corrected with a correction flag", async () => {
    const stdin = Array.from({ length: 500 }, (_, i) => (i === 250 ? "900" : "2")).join("\n") + "\n";
    const result = await runCli(["plot", "--expected-interval", "10ms"], { stdin });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("1 ⠒⠒⠒ (stdin) (raw)  500 samples");
    expect(result.stdout).toMatch(/2 ⠒⠒⠒ \(stdin\) \(corrected\) {2}5\d\d samples/);
  });

  it("refuses bad sizes, missing files and empty input with exit 2", async () => {
    const narrow = await runCli(["plot", file("a.log"), "--width", "10"]);
    expect(narrow.code).toBe(2);
    expect(narrow.stderr).toMatch(/--width.*must be an integer ≥ 30/);
    expect((await runCli(["plot", file("a.log"), "--height", "x"])).code).toBe(2);
    const missing = await runCli(["plot", file("missing.log")]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/missing\.log/);
    const empty = await runCli(["plot", "-f", "plain"], { stdin: "# nothing\n" });
    expect(empty.code).toBe(2);
    expect(empty.stderr).toMatch(/no values/);
    expect((await runCli(["plot", "-", "-"])).code).toBe(2);
  });

  it("--svg writes the chart as an SVG file", async () => {
    const result = await runCli(["plot", file("a.log"), "--svg", file("plot.svg")]);
    expect(result.code).toBe(0);
    expect(readFileSync(file("plot.svg"), "utf8")).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"[\s\S]*<\/svg>\n$/);
  });
});

describe("report and compare --html / --svg", () => {
  it("report --html writes one self-contained page, --svg the chart, and stdout is unchanged", async () => {
    const plain = await runCli(["report", file("a.log")]);
    const result = await runCli(["report", file("a.log"), "--html", file("r.html"), "--svg", file("r.svg")]);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(plain.stdout);
    const html = readFileSync(file("r.html"), "utf8");
    expect(html).toMatch(/^<!DOCTYPE html>/);
    expect(html).toContain("https://github.com/leeoniya/uPlot (v1."); // uPlot's banner: the library itself is inlined
    expect(html).not.toMatch(/<script[^>]+src=|<link /);
    expect(readFileSync(file("r.svg"), "utf8")).toMatch(/^<svg /);
    expect(readdirSync(dir).filter((f) => f.endsWith(".tmp"))).toEqual([]);
  });

  it("compare --html charts base and candidate and keeps compare's exit code", async () => {
    const result = await runCli(["compare", file("a.log"), fixture("demo.log"), "--html", file("c.html"), "--fail-if", "p50 > +10%"]);
    expect(result.code).toBe(1);
    const html = readFileSync(file("c.html"), "utf8");
    expect(html).toContain(`${file("a.log")} (base)`);
    expect(html).toContain(`<h2>Candidate ${fixture("demo.log")}</h2>`);
  });

  it("check --html adds the budgets to the report's page and keeps check's exit code", async () => {
    const result = await runCli(["check", file("a.log"), "--budget", "p50 < 1ms", "--html", file("check.html")]);
    expect(result.code).toBe(1);
    const html = readFileSync(file("check.html"), "utf8");
    expect(html).toContain("<h2>Budgets</h2>");
    expect(html).toMatch(/<td>p50<\/td>|<th class="num">p50<\/th>/);
    expect(html).toMatch(/✗ FAIL/);
    expect((await runCli(["check", file("a.log"), "--budget", "p50 < 1s", "--svg", file("a.log")])).code).toBe(2);
  });

  it("compare --html with a correction charts the corrected sides, as compared", async () => {
    const result = await runCli(["compare", fixture("co", "steady-sender.csv"), fixture("co", "stalled-sender.csv"), "--co", "auto", "--apply", "--html", file("cc.html")]);
    expect(result.code, result.stderr).toBe(0);
    const html = readFileSync(file("cc.html"), "utf8");
    expect(html).toContain(`${fixture("co", "stalled-sender.csv")} (candidate, corrected)`);
    expect(html).toMatch(/<p class="meta">corrected latencies \(coordinated omission/);
  });

  it("refuses to overwrite an input, even through a link, or to write two pictures to one file (exit 2)", async () => {
    const before = readFileSync(file("a.log"), "utf8");
    const over = await runCli(["report", file("a.log"), "--html", file("a.log")]);
    expect(over.code).toBe(2);
    expect(over.stderr).toMatch(/a\.log: refusing to write over an input file/);
    symlinkSync(file("a.log"), file("link.log"));
    const linked = await runCli(["compare", file("link.log"), fixture("demo.log"), "--svg", file("a.log")]);
    expect(linked.code).toBe(2);
    expect(readFileSync(file("a.log"), "utf8")).toBe(before);
    const twice = await runCli(["report", file("a.log"), "--html", file("x.out"), "--svg", file("x.out")]);
    expect(twice.code).toBe(2);
    expect(twice.stderr).toMatch(/--html writes the same file/);
    expect(existsSync(file("x.out"))).toBe(false);
  });

  it("reports an unwritable picture as a one-line error (exit 2)", async () => {
    const result = await runCli(["report", file("a.log"), "--svg", path.join(dir, "no-such-dir", "x.svg")]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^latstat: .*x\.svg: cannot write \(ENOENT\)/);
  });
});
