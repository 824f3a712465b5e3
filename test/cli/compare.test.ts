import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { inverseNormalCdf } from "../../src/analyses/binomial.js";
import { expectHdrClose } from "../helpers/formats.js";
import { runCli } from "../helpers/run-cli.js";

// Constructed inputs: the exact quantiles of a lognormal (median 12 ms, sigma 0.6), so nothing depends on luck.
const N = 10_000;
const lognormal = Array.from({ length: N }, (_, i) => 12 * Math.exp(0.6 * inverseNormalCdf((i + 0.5) / N)));
const p90 = lognormal[9_000]!;
const tailShifted = lognormal.map((v) => (v > p90 ? v * 1.2 : v));
const small = lognormal.filter((_, i) => i % 333 === 0);

let dir = "";
const file = (name: string) => path.join(dir, name);
const plain = (values: number[]) => values.map((v) => v.toFixed(3)).join("\n") + "\n";
const csv = (values: number[]) => "ts,latency_ms\n" + values.map((v, i) => `${i},${v.toFixed(3)}`).join("\n") + "\n";

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), "latstat-compare-"));
  writeFileSync(file("base.log"), plain(lognormal));
  writeFileSync(file("same.csv"), csv(lognormal));
  writeFileSync(file("tail.csv"), csv(tailShifted));
  writeFileSync(file("small-base.log"), plain(small));
  writeFileSync(file("small-cand.log"), plain(small.map((v) => v * 1.2)));
  writeFileSync(file("us.log"), lognormal.map((v) => (v * 1000).toFixed(0)).join("\n") + "\n");
});

type Change = { base: number; cand: number; delta: number; deltaPercent: number | null; verdict?: string; insufficient?: boolean };
async function compareJson(args: string[]) {
  const result = await runCli(["compare", "--json", ...args]);
  return { ...result, document: result.stdout ? JSON.parse(result.stdout) : undefined };
}
const verdicts = (changes: Record<string, Change>) =>
  Object.fromEntries(Object.entries(changes).filter(([, c]) => c.verdict !== undefined).map(([name, c]) => [name, c.verdict]));

describe("latstat compare", () => {
  it("prints a base of whole milliseconds, all 0, beside its candidate in ms, not ns", async () => {
    writeFileSync(file("zero-base.log"), "0\n".repeat(100));
    writeFileSync(file("zero-cand.log"), "0\n".repeat(90) + "3\n".repeat(10));
    const { code, stdout } = await runCli(["compare", file("zero-base.log"), file("zero-cand.log")]);
    expect(code).toBe(0);
    expect(stdout).toContain("latencies in ms");
    expect(stdout).toMatch(/│ max +│ +0 │ +3\.00 │ +\+3\.00 │/);
  });

  it("finds no significant change anywhere between identical inputs (csv against plain)", async () => {
    const { document, code } = await compareJson([file("base.log"), file("same.csv"), "--fail-if", "any slower", "--fail-if", "p99 > +1%"]);
    expect(code).toBe(0);
    const cand = document.candidates[0];
    expect(document.base.input.format).toBe("plain");
    expect(cand.input.format).toBe("csv");
    expect(verdicts(cand.changes)).toEqual({ p50: "no significant change", p90: "no significant change", p99: "no significant change", "p99.9": "no significant change", "p99.99": "no significant change" });
    for (const c of Object.values(cand.changes as Record<string, Change>)) expect(c.delta).toBe(0);
    expect(cand.distribution).toMatchObject({ d: 0, pValue: 1, significant: false });
    expect(document.failed).toBe(false);
  });

  it("finds a 20% tail shift slower at p99, and the gate fails the command", async () => {
    const result = await runCli(["compare", file("base.log"), file("tail.csv"), "--fail-if", "p99 > +10%"]);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/│ p99 +│.*│ \+20\.0% │ slower/);
    expect(result.stdout).toMatch(/│ p50 +│.*│ no significant change/);
    expect(result.stdout).toContain("FAILED p99 > +10%: p99 +20.0%");
    expect(result.stdout).toContain("raw latencies");
    expect(result.stderr).toMatch(/tail\.csv: FAILED p99 > \+10%/);
    const { document } = await compareJson([file("base.log"), file("tail.csv")]);
    const cand = document.candidates[0];
    expect(cand.changes.p99.verdict).toBe("slower");
    expect(cand.changes.p99.deltaPercent).toBeCloseTo(20, 0);
    expect(cand.distribution).toMatchObject({ significant: true, direction: "slower" });
    expect(document.latencies).toBe("raw");
  });

  it("passes gates the change does not reach", async () => {
    for (const gate of ["p99 > +25%", "p99 > +20ms", "p50 > +1%"]) {
      expect((await runCli(["compare", file("base.log"), file("tail.csv"), "--fail-if", gate])).code, gate).toBe(0);
    }
    expect((await runCli(["compare", file("base.log"), file("tail.csv"), "--fail-if", "p99 > +5ms"])).code).toBe(1);
    expect((await runCli(["compare", file("base.log"), file("tail.csv"), "--fail-if", "any slower"])).code).toBe(1);
  });

  it("compares a gate's percentile even when -p leaves it out", async () => {
    const { document, code } = await compareJson([file("base.log"), file("tail.csv"), "-p", "50", "--fail-if", "p99 > +10%"]);
    expect(code).toBe(1);
    expect(Object.keys(document.candidates[0].changes)).toEqual(["min", "mean", "stddev", "p50", "p99", "max"]);
  });

  it("keeps small samples at no significant change with wide intervals, unless the gate is strict", async () => {
    const { document, code } = await compareJson([file("small-base.log"), file("small-cand.log"), "--fail-if", "p50 > +10%"]);
    expect(code).toBe(0);
    const cand = document.candidates[0];
    for (const verdict of Object.values(verdicts(cand.changes))) expect(verdict).toBe("no significant change");
    const [lo, hi] = cand.percentileDetails["50"].ci;
    expect((hi - lo) / cand.percentiles["50"]).toBeGreaterThan(0.5);
    expect(cand.changes.p99.insufficient).toBe(true);
    expect(cand.distribution.significant).toBe(false);
    expect(document.candidates[0].gates).toEqual([{ gate: "p50 > +10%", met: false, exceeded: true }]);
    const strict = await runCli(["compare", file("small-base.log"), file("small-cand.log"), "--fail-if", "p50 > +10%", "--strict-gate"]);
    expect(strict.code).toBe(1);
  });

  it("reads each side with its own format and unit", async () => {
    const { document, code } = await compareJson(["--base-format", "plain", "--base-unit", "us", "-f", "csv", file("us.log"), file("same.csv")]);
    expect(code).toBe(0);
    expect(document.base.input.format).toBe("plain");
    expect(document.base.input.assumedUnit).toEqual({ unit: "us", source: "--unit" });
    expect(Object.values(verdicts(document.candidates[0].changes)).every((v) => v === "no significant change")).toBe(true);
  });

  it("compares several candidates, each with the base", async () => {
    const { document, code } = await compareJson([file("base.log"), file("same.csv"), file("tail.csv"), "--fail-if", "any slower"]);
    expect(code).toBe(1);
    expect(document.candidates.map((c: { input: { file: string }; gates: { met: boolean }[] }) => [path.basename(c.input.file), c.gates[0]!.met])).toEqual([
      ["same.csv", false],
      ["tail.csv", true],
    ]);
  });

  it("writes markdown for a pull-request comment", async () => {
    const { stdout, code } = await runCli(["compare", "-o", "markdown", file("base.log"), file("tail.csv"), "--fail-if", "p99 > +10%"]);
    expect(code).toBe(1);
    expect(stdout).toMatch(/^### latstat compare — \*\*Regression gate failed\.\*\*$/m);
    expect(stdout).toMatch(/^\| statistic \| base \| candidate \| Δ \| Δ% \| verdict \|$/m);
    expect(stdout).toMatch(/^\| p99 \| .* \| \*\*slower\*\* \|$/m);
    expect(stdout).toMatch(/^- \*\*FAILED p99 &gt; \+10%/m);
    // eslint-disable-next-line no-control-regex
    expect(stdout).not.toMatch(/\u001b\[/);
  });

  it("exits 2 with one line for a malformed gate, naming the character", async () => {
    const result = await runCli(["compare", file("base.log"), file("tail.csv"), "--fail-if", "p99 > +10"]);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr.trim().split("\n")).toEqual([
      "latstat: --fail-if 'p99 > +10': expected '%' or a unit (ns, us, ms, s) after the number at the end (e.g. 'p99 > +10%', 'p99.9 > +5ms', 'failed > +0.5pp' or 'any slower')",
    ]);
    const other = await runCli(["compare", file("base.log"), file("tail.csv"), "--fail-if", "p99 < 10%"]);
    expect(other.code).toBe(2);
    expect(other.stderr).toContain(`at character 5 ("<")`);
  });

  it("exits 2 on usage and input errors", async () => {
    expect((await runCli(["compare", file("base.log")])).code).toBe(2);
    expect((await runCli(["compare", file("base.log"), file("missing.log")])).code).toBe(2);
    expect((await runCli(["compare", "-", "-"])).code).toBe(2);
    const empty = await runCli(["compare", "-", file("base.log")], { stdin: "" });
    expect(empty.code).toBe(2);
    expect(empty.stderr).toMatch(/no values/);
  });

  it("says in its help how groups are compared", async () => {
    const { stdout, code } = await runCli(["compare", "--help"]);
    expect(code).toBe(0);
    expect(stdout).toContain("With --group-by NAME, each input is compared as a whole and then group by group");
    expect(stdout).toMatch(/Exit codes:/);
  });
});

describe("compare with coordinated-omission correction", () => {
  it("corrects each side on its own and says so", async () => {
    writeFileSync(file("stall-base.log"), "1ms\n".repeat(10_000) + "1s\n");
    writeFileSync(file("stall-cand.log"), "1ms\n".repeat(10_000) + "100s\n");
    const raw = JSON.parse((await runCli(["compare", file("stall-base.log"), file("stall-cand.log"), "--json", "-p", "99"])).stdout);
    expect(raw.latencies).toBe("raw");
    expect(raw.candidates[0].changes.p99.verdict).toBe("no significant change");
    const result = await runCli(["compare", file("stall-base.log"), file("stall-cand.log"), "--expected-interval", "10ms", "--json", "-p", "99"]);
    const corrected = JSON.parse(result.stdout);
    expect(corrected.latencies).toBe("corrected");
    expect(corrected.correction).toBe("expected-interval");
    expect(corrected.base.count).toBe(10_100);
    expect(corrected.candidates[0].changes.p99.verdict).toBe("slower");
    const table = await runCli(["compare", file("stall-base.log"), file("stall-cand.log"), "--expected-interval", "10ms"]);
    expect(table.stdout).toContain("corrected latencies (coordinated omission, HdrHistogram back-fill, each side corrected on its own)");
  });
});

describe("compare --hgrm-dir", () => {
  it("writes each side's distribution for plotting, as report -o hgrm would", async () => {
    const out = mkdtempSync(path.join(tmpdir(), "latstat-hgrm-dir-"));
    const result = await runCli(["compare", file("base.log"), file("same.csv"), "--hgrm-dir", out]);
    expect(result.code).toBe(0);
    const expected = await runCli([file("base.log"), "-o", "hgrm"]);
    expect(readFileSync(path.join(out, "base.log.hgrm"), "utf8")).toBe(expected.stdout);
    expect(readFileSync(path.join(out, "same.csv.hgrm"), "utf8")).toMatch(/^ {7}Value {5}Percentile TotalCount 1\/\(1-Percentile\)\n/);
  });

  it("creates the folder, and its parents, when it does not exist yet", async () => {
    const out = path.join(mkdtempSync(path.join(tmpdir(), "latstat-hgrm-dir-")), "plots", "run-1");
    const result = await runCli(["compare", file("base.log"), file("same.csv"), "--hgrm-dir", out]);
    expect(result.code).toBe(0);
    expect(readdirSync(out).sort()).toEqual(["base.log.hgrm", "same.csv.hgrm"]);
  });

  it("says so in one line, exit 2, when the folder cannot be made", async () => {
    const parent = mkdtempSync(path.join(tmpdir(), "latstat-hgrm-dir-"));
    writeFileSync(path.join(parent, "plots"), "a file, not a folder\n");
    const result = await runCli(["compare", file("base.log"), file("same.csv"), "--hgrm-dir", path.join(parent, "plots")]);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr).toMatch(/\nlatstat: .*plots: cannot create the --hgrm-dir folder \((EEXIST|ENOTDIR)\) \(give a folder that exists or can be created\)\n$/);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });
});

/** The highest value of v's bucket in a histogram of 2 significant digits, lowest discernible value 1000 ns. */
function twoDigitHighest(ns: number): number {
  // 2 digits: 256 sub-buckets; lowest discernible 1000 ns: the narrowest buckets are 2^9 = 512 ns wide, and each
  // power of two above 256 × 512 ns doubles the width.
  let width = 512;
  while (ns >= 256 * width) width *= 2;
  return Math.floor(ns / width) * width + width - 1;
}

describe("compare inputs of different precision", () => {
  it("compares a 2-digit jHiccup log with a CSV at 2 digits, and says so", async () => {
    const hlog = "fixtures/hlog/digits2.hlog";
    const { document, code, stderr } = await compareJson([hlog, file("same.csv"), "-p", "50,99", "--out-unit", "ns"]);
    expect(stderr).not.toMatch(/internal error/);
    expect(code).toBe(0);
    expect(document.precision).toEqual({ digits: 2, lowestDiscernible: 1000, converted: [{ file: file("same.csv"), digits: 3, lowestDiscernible: 1 }] });
    // The base is the coarsest: its figures are the report's own.
    const report = JSON.parse((await runCli([hlog, "--json", "-p", "50,99", "--out-unit", "ns"])).stdout);
    expect(document.base.percentiles).toEqual(report.raw.percentiles);
    // The CSV's percentiles are its exact nearest-rank values, in the 2-digit buckets.
    const sorted = lognormal.map((v) => Math.round(Number(v.toFixed(3)) * 1e6)).sort((a, b) => a - b);
    const rank = (p: number) => sorted[Math.ceil((p / 100) * N) - 1]!;
    expect(document.candidates[0].percentiles).toEqual({ "50": twoDigitHighest(rank(50)), "99": twoDigitHighest(rank(99)) });
    expect(document.candidates[0].distribution.test).toBe("kolmogorov-smirnov");
    const table = await runCli(["compare", hlog, file("same.csv")]);
    expect(table.stdout).toContain(`inputs of different precision: compared at 2 significant digits, lowest discernible value 1000 ns, the coarsest; converted: ${file("same.csv")} (recorded at 3 significant digits)`);
  });
});

describe("compare --group-by", () => {
  // /a is the same in both, /b is 1.5× slower in the candidate, /old only in the base, /new only in the candidate.
  const rows = (groups: [string, number[]][]) => "endpoint,latency_ms\n" + groups.flatMap(([name, values]) => values.map((v) => `${name},${v.toFixed(3)}`)).join("\n") + "\n";
  const half = lognormal.filter((_, i) => i % 2 === 0);
  beforeAll(() => {
    writeFileSync(file("groups-base.csv"), rows([["/a", half], ["/b", half], ["/old", [5, 6, 7]]]));
    writeFileSync(file("groups-cand.csv"), rows([["/a", half], ["/b", half.map((v) => v * 1.5)], ["/new", [8]]]));
  });

  it("compares each group value present in both, with its own verdicts and gates, and names the others", async () => {
    const { document, code } = await compareJson([file("groups-base.csv"), file("groups-cand.csv"), "--group-by", "endpoint", "-p", "50,90", "--fail-if", "p50 > +20%"]);
    expect(code).toBe(1);
    expect(document.failed).toBe(true);
    const groups = document.groups;
    expect(groups.by).toEqual(["endpoint"]);
    expect(groups.compared.map((g: { group: string }) => g.group)).toEqual(["/a", "/b"]);
    const [a, b] = groups.compared;
    expect(a.base.count).toBe(half.length);
    expect(a.candidates[0].count).toBe(half.length);
    expect(verdicts(a.candidates[0].changes)).toEqual({ p50: "no significant change", p90: "no significant change" });
    expect(a.candidates[0].gates).toEqual([{ gate: "p50 > +20%", met: false, exceeded: false }]);
    expect(verdicts(b.candidates[0].changes)).toEqual({ p50: "slower", p90: "slower" });
    expect(b.candidates[0].changes.p50.deltaPercent).toBeCloseTo(50, 0);
    expect(b.candidates[0].gates[0].met).toBe(true);
    expect(groups.unmatched).toEqual([
      { group: "/new", values: ["/new"], presentIn: [file("groups-cand.csv")], missingFrom: [file("groups-base.csv")] },
      { group: "/old", values: ["/old"], presentIn: [file("groups-base.csv")], missingFrom: [file("groups-cand.csv")] },
    ]);
    // The wholes are still compared: 2 × half + 3 values against 2 × half + 1.
    expect(document.base.count).toBe(2 * half.length + 3);
    expect(document.candidates[0].count).toBe(2 * half.length + 1);
  });

  it("writes a block per group in the table and in markdown, and names the failing group on stderr", async () => {
    const args = [file("groups-base.csv"), file("groups-cand.csv"), "--group-by", "endpoint", "--fail-if", "p50 > +20%"];
    const table = await runCli(["compare", ...args]);
    expect(table.stdout).toMatch(/^group endpoint=\/a$/m);
    expect(table.stdout).toMatch(/^group endpoint=\/b$/m);
    expect(table.stdout).toContain(`group endpoint=/new: only in ${file("groups-cand.csv")} (not in ${file("groups-base.csv")})`);
    expect(table.stderr).toMatch(new RegExp(`groups-cand\\.csv, group /b: FAILED p50 > \\+20%: p50 \\+50\\.\\d%`));
    const markdown = await runCli(["compare", "-o", "markdown", ...args]);
    expect(markdown.stdout).toMatch(/^#### Group endpoint=\/b$/m);
    expect(markdown.stdout).toMatch(/^- \*\*FAILED p50 &gt; \+20%: p50 \+50\.\d%/m);
  });
});

describe("compare --trend", () => {
  const factors = [1, 1.1, 1.5, 1.8];
  beforeAll(() => {
    for (const [i, f] of factors.entries()) writeFileSync(file(`run-${i + 1}.log`), plain(lognormal.map((v) => v * f)));
  });

  it("gives p50, p99 and p99.9 per run with the change against the first, and a sparkline per percentile", async () => {
    const runs = factors.map((_, i) => file(`run-${i + 1}.log`));
    const result = await runCli(["compare", "--trend", ...runs, "--json"]);
    expect(result.code).toBe(0);
    const document = JSON.parse(result.stdout);
    expect(document).toMatchObject({ command: "compare", trend: true, unit: "ms" });
    const exact = (f: number, p: number) => {
      const sorted = lognormal.map((v) => Number((v * f).toFixed(3))).sort((a, b) => a - b);
      // Nearest rank, float noise rounded away first (99.9 / 100 × 10,000 is 9990.000000000002).
      return sorted[Math.ceil(Number(((p / 100) * N).toPrecision(12))) - 1]!;
    };
    for (const [r, run] of (document.runs as { file: string; count: number; percentiles: Record<string, number>; changePercent: Record<string, number | null> }[]).entries()) {
      expect([run.file, run.count]).toEqual([runs[r], N]);
      for (const p of ["50", "99", "99.9"]) {
        expectHdrClose(run.percentiles[p]!, exact(factors[r]!, Number(p)));
        // The change against the first run is the factor's, within two buckets' width (0.1% each).
        if (r === 0) expect(run.changePercent[p]).toBeNull();
        else expect(Math.abs(run.changePercent[p]! - 100 * (factors[r]! - 1))).toBeLessThan(0.25);
      }
    }
    // Levels of a sparkline: (f − 1) / 0.8 of 7 steps: 0, 0.875, 4.375, 7 → ▁▂▅█.
    const table = await runCli(["compare", "--trend", ...runs]);
    expect(table.stdout).toMatch(/^p50 {4}▁▂▅█$/m);
    expect(table.stdout).toMatch(/^p99\.9 {2}▁▂▅█$/m);
    expect(table.stdout).toMatch(/│ .*run-2\.log │ 10000 │ [\d.]+ \(\+10\.\d%\) │/);
  });

  it("--html writes the trend's page: a line per percentile, a point per run, and the table of runs", async () => {
    const runs = factors.map((_, i) => file(`run-${i + 1}.log`));
    const plainRun = await runCli(["compare", "--trend", ...runs]);
    const result = await runCli(["compare", "--trend", ...runs, "--html", file("trend.html")]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toBe(plainRun.stdout);
    const html = readFileSync(file("trend.html"), "utf8");
    expect(html).toContain("<title>latstat compare --trend: 4 runs</title>");
    const [chart] = JSON.parse(/<script type="application\/json" id="latstat-data">(.*?)<\/script>/s.exec(html)![1]!).charts;
    expect(chart.title).toBe("Percentiles per run");
    expect(chart.xs).toEqual([1, 2, 3, 4]);
    expect(chart.series.map((s: { label: string }) => s.label)).toEqual(["p50", "p99", "p99.9"]);
    // Each run's p99 is its factor times the first's, as sorted here (within the histogram's precision).
    const exact99 = (f: number) => lognormal.map((v) => Number((v * f).toFixed(3))).sort((a, b) => a - b)[Math.ceil(0.99 * N) - 1]!;
    factors.forEach((f, r) => expectHdrClose(chart.series[1].certain[r] / 1e6, exact99(f)));
    expect(html).toMatch(/<tr><td class="num">2<\/td><td>[^<]*run-2\.log<\/td><td class="num">10000<\/td><td class="num">[\d.]+ \(\+10\.\d%\)<\/td>/);
    expect(readdirSync(dir).filter((f) => f.endsWith(".tmp"))).toEqual([]);
  });

  it("refuses --html over one of the runs, and --svg", async () => {
    const over = await runCli(["compare", "--trend", file("run-1.log"), file("run-2.log"), "--html", file("run-2.log")]);
    expect(over.code).toBe(2);
    expect(readFileSync(file("run-2.log"), "utf8")).toBe(plain(lognormal.map((v) => v * 1.1)));
    const svg = await runCli(["compare", "--trend", file("run-1.log"), file("run-2.log"), "--svg", file("t.svg")]);
    expect(svg.code).toBe(2);
    expect(svg.stderr).toContain("--trend shows percentiles per run: --svg is for a comparison with a base");
  });

  it("refuses what only a comparison with a base means", async () => {
    const result = await runCli(["compare", "--trend", file("run-1.log"), file("run-2.log"), "--fail-if", "any slower"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("--trend shows percentiles per run: --fail-if is for a comparison with a base");
  });
});
