import { describe, expect, it } from "vitest";
import { FORMATS } from "../../src/formats/registry.js";
import { runCli } from "../helpers/run-cli.js";
import { ff, fixtureLines, latstatJson, tempFile } from "../helpers/formats.js";

describe("latstat formats", () => {
  it("lists every format with what it reads and an example line", async () => {
    const result = await runCli(["formats"]);
    expect(result.code).toBe(0);
    const blocks = result.stdout.trim().split("\n\n");
    expect(blocks.map((b) => b.split("\n")[0])).toEqual(FORMATS.map((f) => f.name));
    for (const block of blocks) {
      expect(block).toMatch(/\n {2}reads: {3}\S/);
      expect(block).toMatch(/\n {2}example: .*\S/);
    }
    for (const name of ["k6", "k6-csv", "vegeta", "hey", "ab", "jtl", "gatling", "nginx", "apache", "envoy", "haproxy", "alb", "cloudfront", "w3c", "caddy", "traefik", "hgrm", "prometheus", "otlp", "jaeger", "zipkin", "ghz"]) {
      expect(blocks.map((b) => b.split("\n")[0])).toContain(name);
    }
  });
});

describe("failed requests", () => {
  it("are counted, left out by default, and put in by --include-errors", async () => {
    const statuses = fixtureLines("hey/flaky.csv").slice(1).map((l) => Number(l.split(",")[6]));
    const failed = statuses.filter((s) => s >= 400).length;
    const left = await latstatJson([ff("hey/flaky.csv")]);
    expect(left.raw.count).toBe(statuses.length - failed);
    // hey writes no row for a request that got no response: the failures it wrote are counted, their rate unknown.
    expect(left.input.failed).toEqual({ count: failed, rate: null, excluded: failed, known: false });
    expect(left.input.skippedByReason.failed).toBe(failed);
    const all = await latstatJson([ff("hey/flaky.csv"), "--include-errors"]);
    expect(all.raw.count).toBe(statuses.length);
    expect(all.input.failed).toEqual({ count: failed, rate: null, excluded: 0, known: false });
    expect(all.input.skippedByReason.failed).toBeUndefined();
  });

  it("show in the table header with their rate", async () => {
    const codes = fixtureLines("vegeta/results.csv").map((l) => Number(l.split(",")[1]));
    const failed = codes.filter((c) => c < 200 || c >= 400).length;
    const table = await runCli([ff("vegeta/results.csv")]);
    const rate = ((100 * failed) / codes.length).toFixed(2);
    expect(table.stdout.split("\n")[1]).toContain(`; ${failed} of ${codes.length} requests failed (${rate}%), left out (--include-errors puts them in)`);
    const included = await runCli([ff("vegeta/results.csv"), "--include-errors"]);
    expect(included.stdout.split("\n")[1]).toContain(`requests failed (${rate}%), included`);
  });

  it("of hey, which writes no row for a request without a response, without a rate", async () => {
    const statuses = fixtureLines("hey/flaky.csv").slice(1).map((l) => Number(l.split(",")[6]));
    const failed = statuses.filter((s) => s >= 400).length;
    const table = await runCli([ff("hey/flaky.csv"), "--include-errors"]);
    expect(table.stdout.split("\n")[1]).toContain(`; failure rate unknown: hey -o csv writes no row for a request that got no response (a timeout, a refused connection); of the ${statuses.length} requests written, ${failed} failed, included`);
  });

  it("when every request failed, the no-values error says so", async () => {
    const file = tempFile("all-failed.csv", ["response-time,DNS+dialup,DNS,Request-write,Response-delay,Response-read,status-code,offset", "0.0100,0.0000,0.0000,0.0000,0.0100,0.0000,503,0.0000"]);
    const result = await runCli([file]);
    expect(result.code).toBe(2);
    expect(result.stderr.trim()).toBe("latstat: no values: 2 lines read, none recorded (skipped: failed: 1) (every request failed; --include-errors records them)");
  });
});

describe("filters", () => {
  it("--label keeps matching labels; every line stays accounted for", async () => {
    const document = await latstatJson([ff("vegeta/results.json"), "--label", "GET */api/users", "--include-errors"]);
    const users = fixtureLines("vegeta/results.json").filter((l) => l.includes('"url":"http://127.0.0.1:8080/api/users"')).length;
    expect(document.raw.count).toBe(users);
    expect(document.input.skippedByReason["--label"]).toBe(400 - users);
    expect(document.input.recorded + document.input.skipped + document.input.rejected).toBe(document.input.lines);
    const two = await latstatJson([ff("vegeta/results.json"), "--label", "*/users", "--label", "*/missing", "--include-errors"]);
    expect(two.raw.count).toBe(users + fixtureLines("vegeta/results.json").filter((l) => l.includes("/missing")).length);
  });

  it("--status keeps the listed codes, classes and ranges", async () => {
    const codes = fixtureLines("vegeta/results.csv").map((l) => Number(l.split(",")[1]));
    const document = await latstatJson([ff("vegeta/results.csv"), "--status", "2xx,404"]);
    expect(document.raw.count).toBe(codes.filter((c) => (c >= 200 && c < 300) || c === 404).length);
    expect(document.input.skippedByReason["--status"]).toBe(codes.filter((c) => !((c >= 200 && c < 300) || c === 404)).length);
    const bad = await runCli([ff("vegeta/results.csv"), "--status", "2xx,teapot"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--status.*"teapot" is not a status/);
  });

  it("--since/--until take ISO-8601 or epoch times, and need an input with start times", async () => {
    const starts = fixtureLines("vegeta/results.csv").map((l) => Number(l.split(",")[0]) / 1e6);
    const since = Date.UTC(2026, 10, 2, 9, 0, 1);
    const until = Date.UTC(2026, 10, 2, 9, 0, 2, 500);
    const expected = starts.filter((ms) => ms >= since && ms < until).length;
    for (const [a, b] of [["2026-11-02T09:00:01Z", "2026-11-02T10:00:02.5+01:00"], [String(since / 1000), String(until)]]) {
      const document = await latstatJson([ff("vegeta/results.csv"), "--since", a!, "--until", b!, "--include-errors"]);
      expect(document.raw.count).toBe(expected);
    }
    const plain = await runCli(["--since", "2026-11-02", "-"], { stdin: "12\n13\n" });
    expect(plain.code).toBe(2);
    expect(plain.stderr.trim()).toBe("latstat: (stdin): --since/--until need start times, which this input does not have (they work with formats that time each request)");
    const reversed = await runCli([ff("vegeta/results.csv"), "--since", "2026-11-02T10:00:00Z", "--until", "2026-11-02T09:00:00Z"]);
    expect(reversed.code).toBe(2);
    expect(reversed.stderr.trim()).toBe("latstat: --since must be before --until (the range is [since, until))");
    const bad = await runCli([ff("vegeta/results.csv"), "--until", "tomorrow"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--until.*must be ISO-8601/);
  });
});

describe("-f and --log-format", () => {
  it("-f overrides detection", async () => {
    // hey's CSV read as plain CSV: its status-code column tells the failed requests all the same.
    const failed = fixtureLines("hey/flaky.csv").slice(1).filter((l) => Number(l.split(",")[6]) >= 400).length;
    const csv = await latstatJson(["-f", "csv", "--column", "response-time", "--unit", "s", ff("hey/flaky.csv")]);
    expect(csv.input.format).toBe("csv");
    expect(csv.raw.count).toBe(400 - failed);
    expect(csv.input.failed.count).toBe(failed);
    const wrong = await runCli(["-f", "ab", ff("hey/flaky.csv")]);
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toMatch(/flaky\.csv:2: expected 6 fields, found 1/);
    const unknown = await runCli(["-f", "wrk", ff("hey/flaky.csv")]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/-f, --format <name>.*Allowed choices are .*k6, k6-csv, vegeta, hey, ab, jtl, gatling, nginx, apache, envoy, haproxy, alb, cloudfront, w3c, caddy, traefik, hgrm/);
  });

  it("--log-format with -f checks the layout; --metric names a timing the format has", async () => {
    const nginx = await latstatJson(["-f", "nginx", "--log-format", '$remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent "$http_referer" "$http_user_agent" $request_time', ff("nginx/combined-request-time.log")]);
    expect(nginx.input.format).toBe("nginx");
    const wrongMetric = await runCli([ff("nginx/combined-request-time.log"), "--metric", "upstream_response_time"]);
    expect(wrongMetric.code).toBe(2);
    expect(wrongMetric.stderr).toMatch(/combined-request-time\.log:1: --metric upstream_response_time: the log is in the "combined \+ \$request_time" layout, which has no upstream_response_time \(give the layout that has it with --log-format\)/);
  });

  it("an nginx JSON log's request that asked no upstream is skipped with its reason, and counted among the requests when it failed", async () => {
    const line = (status: number, upstream: string) => JSON.stringify({ msec: "1764928800.123", request: "GET / HTTP/1.1", status: String(status), request_time: "0.012", upstream_response_time: upstream });
    const file = tempFile("nginx-escape-json.log", [line(200, "0.011"), line(200, ""), line(200, "-"), line(504, "-"), line(200, "0.005, - : 0.010")]);
    const document = await latstatJson([file, "--field", "upstream_response_time"]);
    expect(document.raw.count).toBe(2);
    expect(document.raw.max).toBe(15);
    expect(document.input.skippedByReason).toEqual({ 'no upstream_response_time ("")': 1, "no upstream_response_time (-)": 1, failed: 1 });
    expect(document.input.rejected).toBe(0);
    expect(document.input.failed).toMatchObject({ count: 1, rate: 1 / 5 });
  });

  it("--metric given for a format without timings to choose among is said to be ignored, with what to use instead", async () => {
    const csv = await runCli([tempFile("metric.csv", ["ts,latency_ms", "1,2"]), "--metric", "upstream_response_time"]);
    expect(csv.code).toBe(0);
    expect(csv.stderr).toContain("warning: --metric upstream_response_time ignored: csv has no timings to choose among; choose a column with --column");
    const jsonl = await runCli([tempFile("metric.jsonl", ['{"latency_ms":2}']), "--metric", "upstream_response_time"]);
    expect(jsonl.stderr).toContain("warning: --metric upstream_response_time ignored: jsonl has no timings to choose among; choose a field with --field");
  });

  it("inputs of different formats go into one report", async () => {
    const document = await latstatJson([ff("hey/flaky.csv"), ff("ab/users.tsv"), "--per-file"]);
    expect(document.input.format).toBe("hey+ab");
    expect(document.files.map((f: { count: number }) => f.count).reduce((a: number, b: number) => a + b)).toBe(document.raw.count);
  });
});
