import { describe, expect, it } from "vitest";
import { fixture, runCli } from "../helpers/run-cli.js";

const json = (stdout: string) => JSON.parse(stdout) as Record<string, any>;

/**
 * 2,010 requests: /login 980 × 10 ms + 20 × 800 ms (GET), /search 1,000 × 50 ms (half GET, half POST),
 * 10 × 5 ms without an endpoint. p99: /login 800 ms, /search 50 ms, (none) 5 ms.
 */
function log(): string {
  const rows = ["endpoint,method,latency_ms"];
  for (let i = 0; i < 980; i++) rows.push("/login,GET,10");
  for (let i = 0; i < 20; i++) rows.push("/login,GET,800");
  for (let i = 0; i < 1000; i++) rows.push(`/search,${i % 2 === 0 ? "GET" : "POST"},50`);
  for (let i = 0; i < 10; i++) rows.push(",GET,5");
  return rows.join("\n") + "\n";
}
const LOG = log();

const report = (args: string[]) => runCli([...args, "-f", "csv"], { stdin: LOG });

describe("report --group-by", () => {
  it("prints a row per group, worst p99 first, the (none) group counted, then all", async () => {
    const r = await report(["--group-by", "endpoint", "-p", "50,99"]);
    expect(r.code).toBe(0);
    const lines = r.stdout.split("\n");
    expect(lines).toContain("latencies in ms; 3 groups by endpoint, worst p99 first");
    const rows = lines.filter((l) => l.startsWith("│")).map((l) => l.split("│").map((c) => c.trim()).slice(1, 4));
    expect(rows).toEqual([
      ["endpoint", "count", "min"],
      ["/login", "1000", "10.0"],
      ["/search", "1000", "50.0"],
      ["(none)", "10", "5.00"],
      ["all", "2010", "5.00"],
    ]);
    expect(r.stdout).toContain("* insufficient data (fewer than 10 samples beyond): p50 in 1 of 4 rows (needs ≥ 20 samples); p99 in 1 of 4 rows (needs ≥ 1,000 samples)");
  });

  it("JSON: groupBy, and groups with the same fields as raw, their values and percentileDetails", async () => {
    const d = json((await report(["--group-by", "endpoint", "-p", "99", "--json"])).stdout);
    expect(d.groupBy).toEqual({ names: ["endpoint"], sort: "p99", groups: 3, shown: 3 });
    expect(d.groups.map((g: any) => [g.name, g.values, g.count, Math.round(g.percentiles["99"])])).toEqual([
      ["/login", { endpoint: "/login" }, 1000, 800],
      ["/search", { endpoint: "/search" }, 1000, 50],
      ["(none)", { endpoint: "(none)" }, 10, 5],
    ]);
    expect(Object.keys(d.groups[0])).toEqual(["name", "values", ...Object.keys(d.raw), "failed"]);
    // This input tells no failures: none are claimed.
    expect(d.groups[0].failed).toEqual({ count: 0, rate: null, excluded: 0, known: false });
    expect(d.groups[2].percentileDetails["99"].insufficient).toEqual({ needed: 1000, have: 10 });
    expect(d.raw.count).toBe(2010);
  });

  it("--sort and --top choose and cut the rows; markdown and CSV show the same rows", async () => {
    expect((await report(["--group-by", "endpoint", "--sort", "min"])).stderr).toMatch(/--sort <stat>' argument 'min' is invalid/);
    const byName = await report(["--group-by", "endpoint", "--sort", "name", "--top", "2", "-o", "markdown"]);
    expect(byName.stdout).toContain("; the 2 worst of 3 groups by endpoint, by name.");
    expect(byName.stdout.split("\n").filter((l) => l.startsWith("| ") && !l.startsWith("| ---")).map((l) => l.split("|")[1]!.trim())).toEqual(["endpoint", "(none)", "/login", "all"]);
    const csv = await report(["--group-by", "endpoint", "--sort", "count", "--top", "1", "-o", "csv", "-p", "50"]);
    const cells = csv.stdout.trimEnd().split("\n").map((line) => line.split(","));
    expect(cells[0]).toEqual(["group", "count", "min_ms", "mean_ms", "stddev_ms", "p50_ms", "max_ms", "insufficient"]);
    // Ties in count keep name order: /login before /search.
    expect(cells.slice(1).map((c) => [c[0], c[1], c[2], c[5], c[6], c[7]])).toEqual([
      ["/login", "1000", "10", "10.002431", "800", ""],
      ["all", "2010", "5", "50.003967", "800", ""],
    ]);
  });

  it("a group that got fast by failing sorts with the worst: its percentile counts its failures, then its failure rate", async () => {
    // /slow: 100 successes of 60 ms. /flaky: 60 of 2 ms and 40 fast 503s. /broken: 5 of 1 ms and 95 fast 503s. /ok: 100 of 10 ms.
    const rows = ["latency_ms,route,status"];
    const add = (route: string, count: number, ms: number, status: number) => rows.push(...Array<string>(count).fill(`${ms},${route},${status}`));
    add("/slow", 100, 60, 200);
    add("/flaky", 60, 2, 200);
    add("/flaky", 40, 1, 503);
    add("/broken", 5, 1, 200);
    add("/broken", 95, 1, 503);
    add("/ok", 100, 10, 200);
    const stdin = rows.join("\n") + "\n";
    // p99 with failures, by hand: /flaky's 99th of 100 requests and /broken's fall among their failures (their
    // successes are the 60 and 5 fastest), the 95% failed before the 40%; then /slow 60, /ok 10. On the successes
    // alone it was /slow, /ok, /flaky, /broken: --top 2 cut both failing groups.
    const p99 = json((await runCli(["-f", "csv", "--co", "off", "--group-by", "route", "--sort", "p99", "--json"], { stdin })).stdout);
    expect(p99.groups.map((g: any) => g.name)).toEqual(["/broken", "/flaky", "/slow", "/ok"]);
    const top2 = json((await runCli(["-f", "csv", "--co", "off", "--group-by", "route", "--sort", "p99", "--top", "2", "--json"], { stdin })).stdout);
    expect(top2.groups.map((g: any) => g.name)).toEqual(["/broken", "/flaky"]);
  });

  it("groups by combinations of names", async () => {
    const d = json((await report(["--group-by", "endpoint", "--group-by", "method", "--sort", "name", "--json"])).stdout);
    expect(d.groups.map((g: any) => [g.name, g.values.method, g.count])).toEqual([
      ["(none), GET", "GET", 10],
      ["/login, GET", "GET", 1000],
      ["/search, GET", "GET", 500],
      ["/search, POST", "POST", 500],
    ]);
  });

  it("one group is a row like any other", async () => {
    const one = json((await runCli(["--group-by", "method", "--json", "-f", "csv"], { stdin: "method,latency_ms\nGET,1\nGET,2\n" })).stdout);
    expect(one.groups.map((g: any) => [g.name, g.count])).toEqual([["GET", 2]]);
  });

  it("JSON lines: a field no request has puts all in (none), with a warning", async () => {
    const r = await runCli(["--group-by", "host", "--group-by", "route.name", "--json", "-f", "jsonl"], {
      stdin: '{"latency_ms":1,"route":{"name":"a"}}\n{"latency_ms":2,"route":{"name":"b"}}\n{"latency_ms":3}\n',
    });
    expect(r.code).toBe(0);
    expect(r.stderr).toContain("latstat: no request had a value for --group-by host: all are in the (none) group");
    expect(json(r.stdout).groups.map((g: any) => [g.name, g.count])).toEqual([
      ["(none), (none)", 1],
      ["(none), b", 1],
      ["(none), a", 1],
    ]);
  });

  it("groups a load tester's requests by the fields its format gives", async () => {
    const vegeta = fixture("formats", "vegeta", "results.csv");
    const d = json((await runCli([vegeta, "--group-by", "host", "--group-by", "method", "--group-by", "status", "--sort", "name", "--json"])).stdout);
    // Failed requests are left out of the histograms (their groups are empty) unless --include-errors.
    expect(d.groups.map((g: any) => [g.name, g.count])).toEqual([
      ["127.0.0.1:8080, GET, 0", 0],
      ["127.0.0.1:8080, GET, 200", 364],
      ["127.0.0.1:8080, GET, 404", 0],
      ["127.0.0.1:8080, GET, 500", 0],
    ]);
    const labels = json((await runCli([vegeta, "--group-by", "label", "--sort", "count", "--top", "1", "--json"])).stdout);
    expect(labels.groups.map((g: any) => [g.name, g.count])).toEqual([["GET http://127.0.0.1:8080/api/users", 200]]);
    expect(labels.groupBy).toEqual({ names: ["label"], sort: "count", groups: 3, shown: 1 });
  });

  it("a group emptied by a filter has no row", async () => {
    const vegeta = fixture("formats", "vegeta", "results.csv");
    const d = json((await runCli([vegeta, "--group-by", "endpoint", "--label", "*users*", "--json"])).stdout);
    expect(d.groups.map((g: any) => [g.name, g.count])).toEqual([["/api/users", 200]]);
  });

  it("plain numbers carry no fields: every request is in (none)", async () => {
    const r = await runCli(["--group-by", "label", "--json"], { stdin: "1\n2\n" });
    expect(json(r.stdout).groups.map((g: any) => [g.name, g.count])).toEqual([["(none)", 2]]);
    expect(r.stderr).toContain("no request had a value for --group-by label");
  });

  it("corrects coordinated omission per group; the groups add up to the corrected total", async () => {
    const d = json((await report(["--group-by", "endpoint", "--expected-interval", "100ms", "--json"])).stdout);
    // Each 800 ms request of /login adds 7 synthetic ones (700 … 100 ms); nothing else reaches 200 ms.
    expect(d.groups.map((g: any) => [g.name, g.corrected.count])).toEqual([
      ["/login", 1140],
      ["/search", 1000],
      ["(none)", 10],
    ]);
    expect(d.corrected.count).toBe(2150);
    const table = await report(["--group-by", "endpoint", "--expected-interval", "100ms"]);
    expect(table.stdout).toMatch(/│ \/login \(raw\)\s+│\s+1000 │/);
    expect(table.stdout).toMatch(/│ \/login \(corrected\)\s+│\s+1140 │/);
    expect(table.stdout).toContain("Corrected adds 140 synthetic samples");
  });

  it.each([
    [["--group-by", "endpoint", "--per-file"], /--per-file and --group-by both add rows \(choose one\)/],
    [["--group-by", "endpoint", "-o", "hgrm"], /-o hgrm prints one distribution/],
    [["--sort", "p50"], /--sort orders the groups of --group-by/],
    [["--group-by", "nope"], /no column "nope" in the header/],
  ])("2 for %j", async (args, stderr) => {
    const r = await report(args);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(stderr);
  });
});
