/**
 * docs/schema/*.json describe the JSON latstat prints: real outputs of report, check, compare and timeline, over
 * bundled captures and the flags that add keys (groups, misery, SLO, corrections of each kind, every
 * coordinated-omission verdict, bucket counts), validate against them with ajv — and the schemas are strict enough
 * to reject what latstat does not print.
 */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { Ajv2020, type ValidateFunction } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { beforeAll, describe, expect, it } from "vitest";
import { REPO_ROOT, runCli } from "../helpers/run-cli.js";

const SCHEMAS = ["report", "check", "compare", "timeline"] as const;
type SchemaName = (typeof SCHEMAS)[number];

// Strict (unknown keywords, missing types are errors), but `required` may name a property defined beside the
// `if`/`oneOf` it sits in, and a tuple may go on with more items (prefixItems + items): ajv's own lints.
const ajv = new Ajv2020({ strict: true, strictRequired: false, strictTuples: false, allErrors: true });
addFormats.default(ajv);
for (const name of SCHEMAS) ajv.addSchema(JSON.parse(readFileSync(path.join(REPO_ROOT, "docs/schema", `${name}.json`), "utf8")), `${name}.json`);
const validators = Object.fromEntries(SCHEMAS.map((name) => [name, ajv.getSchema(`${name}.json`)!])) as Record<SchemaName, ValidateFunction>;

/** Runs latstat and returns its JSON document, which must be valid against `schema`. */
async function validOutput(schema: SchemaName, args: string[], okCodes = [0]): Promise<Record<string, any>> {
  const result = await runCli(args);
  expect(okCodes, `latstat ${args.join(" ")}\n${result.stderr}`).toContain(result.code);
  const document = JSON.parse(result.stdout);
  const validate = validators[schema];
  validate(document);
  expect(validate.errors ?? [], `latstat ${args.join(" ")} against docs/schema/${schema}.json`).toEqual([]);
  return document;
}

const fixture = (...parts: string[]) => path.join("fixtures", ...parts);
const DEMO = fixture("demo.log");
let withSessions = "";

beforeAll(() => {
  // The demo log as JSON lines with a user per request, for --session (no bundled capture names users).
  const dir = mkdtempSync(path.join(tmpdir(), "latstat-schema-"));
  withSessions = path.join(dir, "demo-users.jsonl");
  const rows = readFileSync(path.join(REPO_ROOT, DEMO), "utf8").trim().split("\n").slice(1);
  writeFileSync(
    withSessions,
    rows.map((row, i) => {
      const [ts, endpoint, status, latency] = row.split(",");
      return JSON.stringify({ ts, endpoint, status: Number(status), user: `u${i % 40}`, latency_ms: Number(latency) });
    }).join("\n") + "\n",
  );
});

describe("docs/schema/report.json", () => {
  const loops = new Set<string>();
  const methods = new Set<string>();

  it.each([
    ["the demo log (closed loop, senders inferred)", [DEMO, "--json"]],
    ["corrected as detected, groups, misery per window, SLO with burn rates", [DEMO, "--json", "--apply", "--group-by", "endpoint", "--threshold", "100ms", "--interval", "10s", "--slo", "99.5% < 100ms", "--top", "2"]],
    ["back-filled at a known interval: corrected tails resting on few real requests", [fixture("co", "stalled-sender.csv"), "--json", "--expected-interval", "20ms"]],
    ["back-filled after recording", [fixture("co", "stalled-sender.csv"), "--json", "--expected-interval", "20ms", "--co-after"]],
    ["an intended schedule (service and response times)", [fixture("co", "stalled-sender.csv"), "--json", "--rate", "50/s"]],
    ["an open loop", [fixture("formats", "w3c", "u_ex261102.log"), "--json"]],
    ["with-failures percentiles counted at a timeout", [DEMO, "--json", "--failures-as", "250ms"]],
    ["a loop that cannot be told", [fixture("formats", "vegeta", "results.json"), "--json"]],
    ["a sender column", [fixture("formats", "traefik", "access.json"), "--json", "--group-by", "RouterName", "--group-by", "status"]],
    ["no detection, p100 and p99.999 in us", [fixture("formats", "hey", "flaky.csv"), "--json", "--co", "off", "-p", "50,99.999,100", "--out-unit", "us"]],
    ["files side by side, failures included, failures in misery", [fixture("formats", "hey", "c8-search.csv"), fixture("formats", "hey", "flaky.csv"), "--json", "--per-file", "--include-errors", "--threshold", "20ms", "--interval", "1s"]],
    ["sessions", [() => withSessions, "--json", "--threshold", "100ms", "--session", "user", "--interval", "10s", "--slo", "99.9% < 1s"]],
    ["groups with no requests (all failed)", [fixture("formats", "haproxy", "http.log"), "--json", "--group-by", "backend", "--threshold", "10ms", "--session-size", "1,5"]],
    ["spans: records, not lines", [fixture("formats", "otlp", "traces.json"), "--json", "--group-by", "service"]],
    ["a percentile spectrum (approximate)", [fixture("formats", "hgrm", "wrk2-L.txt"), "--json"]],
    ["an HdrHistogram log", [fixture("hlog", "tagged.hlog"), "--json", "--all-tags"]],
    ["rejected lines, a unit assumed", [fixture("formats", "k6", "small.json"), "--json", "-f", "jsonl", "--field", "data.value"]],
    ["Prometheus bucket counts, one scrape", [fixture("formats", "prometheus", "exposition.txt"), "--json"]],
    ["Prometheus bucket counts, two scrapes, per handler", [fixture("formats", "prometheus", "before.prom"), fixture("formats", "prometheus", "after.prom"), "--json", "--delta", "--group-by", "handler", "-p", "50,99,99.99"]],
  ] as [string, (string | (() => string))[]][])("%s", async (_, args) => {
    const document = await validOutput("report", args.map((a) => (typeof a === "function" ? a() : a)));
    if (document.coordinatedOmission) loops.add(document.coordinatedOmission.loop);
    if (document.corrected) methods.add(document.corrected.method);
  });

  it("was shown every loop verdict and every kind of correction", () => {
    expect([...loops].sort()).toEqual(["closed", "open", "unknown"]);
    expect([...methods].sort()).toEqual(["expected-interval", "expected-interval-after", "inferred-interval", "schedule"]);
  });

  it("describes realBeyond, the real requests a corrected percentile rests on", async () => {
    const document = await validOutput("report", [fixture("co", "stalled-sender.csv"), "--json", "--expected-interval", "20ms"]);
    // Of the 1,000 real requests only the one held up 1.2 s lies at or beyond the corrected p99 and p99.9 (~1 s).
    expect(document.corrected.percentileDetails["99"].insufficient).toEqual({ needed: 10, have: 1000, realBeyond: 1 });
    expect(document.corrected.percentileDetails["99.9"].insufficient).toEqual({ needed: 10000, have: 1098, realBeyond: 1 });
  });
});

describe("docs/schema/check.json", () => {
  it.each([
    ["latency, SLO and count budgets; a group's budget", [DEMO, "--group-by", "endpoint", "--budget", "p99 < 100ms, endpoint=/api/search: p99 < 100ms, stddev < 1s, count >= 10, 99% < 1s, p99.99 < 2s"], [1]],
    // vegeta's /missing requests all failed: a group whose figures do not exist.
    ["a group without recorded requests", [fixture("formats", "vegeta", "results.csv"), "--budget", "endpoint=/missing: p50 < 1s, endpoint=/missing: count < 10"], [1]],
    ["passing, on corrected figures", [DEMO, "--apply", "--budget", "p99 < 300ms", "--budget", "mean < 50ms"], [0]],
    ["budgets on failures: the failure rate, percentiles that count failures", [DEMO, "--budget", "failed < 1%, errors < 0.1%, p90! < 300ms, p99.9! < 1s"], [1]],
    ["insufficient allowed", [fixture("co", "stalled-sender.csv"), "--budget", "99.9% < 1s", "--allow-insufficient"], [0]],
    ["bucket counts", [fixture("formats", "prometheus", "before.prom"), fixture("formats", "prometheus", "after.prom"), "--delta", "--budget", "p99 < 500ms, p99 <= 500ms, 99% < 1s, min < 1s, max < 3s, count >= 100, mean < 1s, 99.9% < 2500ms"], [1]],
  ] as [string, string[], number[]][])("%s", async (_, args, codes) => {
    await validOutput("check", ["check", ...args, "--json"], codes);
  });
});

describe("docs/schema/compare.json", () => {
  const hey = (name: string) => fixture("formats", "hey", name);
  it.each([
    ["raw, with gates", [hey("c8-search.csv"), hey("c8-search-stall.csv"), "--fail-if", "p99 > +10%", "--fail-if", "p99.9 > +5ms"], [0]],
    ["corrected, several candidates, any slower", [hey("c8-search.csv"), hey("c8-search-stall.csv"), hey("flaky.csv"), "--co", "auto", "--apply", "--fail-if", "any slower"], [1]],
    ["a known interval, other percentiles, strict gates", [fixture("co", "steady-sender.csv"), fixture("co", "stalled-sender.csv"), "--expected-interval", "20ms", "-p", "50,95,99", "--strict-gate", "--fail-if", "p95 > +1ms"], [1]],
    ["failures weighed: failure rates, their change, with-failures percentiles, a failed gate", [DEMO, fixture("formats", "vegeta", "results.csv"), "--fail-if", "failed > +0.5pp", "--failures-as", "1s"], [0, 1]],
    ["formats of their own", [fixture("formats", "k6", "run.json.gz"), fixture("formats", "k6-csv", "run.csv.gz"), "--out-unit", "us"], [0]],
    ["inputs of different precision", [fixture("hlog", "digits2.hlog"), hey("c8-search.csv")], [0]],
    ["a trend of runs", ["--trend", hey("c8-search.csv"), hey("c8-search-stall.csv"), hey("flaky.csv")], [0]],
    ["a trend of runs of different precision, in us", ["--trend", fixture("hlog", "digits2.hlog"), hey("c8-search.csv"), "--out-unit", "us"], [0]],
    ["by group, with a gate", [DEMO, DEMO, hey("c8-search.csv"), "--group-by", "endpoint", "--fail-if", "p99 > +10%"], [0, 1]],
    // A group of failures only (status=503) has no values: its distribution is null, not NaN.
    ["by status: a group without values", [DEMO, DEMO, "--group-by", "status"], [0]],
  ] as [string, string[], number[]][])("%s", async (_, args, codes) => {
    await validOutput("compare", ["compare", ...args, "--json"], codes);
  });
});

describe("docs/schema/timeline.json", () => {
  it.each([
    ["windows of a CSV, warm-up skipped", [DEMO, "--interval", "30s", "--skip", "60s"]],
    ["response times beside service times", [fixture("co", "stalled-sender.csv"), "--rate", "50/s"]],
    ["back-filled", [DEMO, "--expected-interval", "88ms", "--out-unit", "s"]],
    ["an HdrHistogram log's own intervals, a moving window", [fixture("hlog", "tagged.hlog"), "--window", "3s"]],
    ["failures per window, with a correction", [DEMO, "--interval", "1m", "--expected-interval", "88ms"]],
    ["failures not told", [DEMO, "--status-column", "none"]],
    ["times that are no dates (hey's offsets): epoch_s null", [fixture("formats", "hey", "flaky.csv"), "--interval", "2s"]],
  ] as [string, string[]][])("%s", async (_, args) => {
    const document = await validOutput("timeline", ["timeline", ...args, "--json"]);
    if (document.startTime === null) for (const row of document.rows) expect(row[1]).toBeNull();
    for (const row of document.rows) expect(row.length).toBe(document.columns.length);
  });

  it("an input without start times: one window at time 0", async () => {
    const result = await runCli(["timeline", "--json"], { stdin: "1\n2\n3\n" });
    const document = JSON.parse(result.stdout);
    validators.timeline(document);
    expect(validators.timeline.errors ?? []).toEqual([]);
    expect(document.startTime).toBeNull();
  });
});

describe("the schemas reject what latstat does not print", () => {
  let report: Record<string, any>;
  beforeAll(async () => {
    report = JSON.parse((await runCli([DEMO, "--json", "--apply"])).stdout);
  });
  const invalid = (schema: SchemaName, document: unknown) => expect(validators[schema](document)).toBe(false);
  const edited = (edit: (d: Record<string, any>) => void) => {
    const copy = structuredClone(report);
    edit(copy);
    return copy;
  };

  it("an unknown key, a missing key, a wrong type", () => {
    expect(validators.report(report)).toBe(true);
    invalid("report", edited((d) => (d.raw.p99 = 1)));
    invalid("report", edited((d) => delete d.input.lines));
    invalid("report", edited((d) => (d.raw.count = "20000")));
    invalid("report", edited((d) => (d.schema = 2)));
  });

  it("a coordinated-omission verdict whose fields do not fit its loop", () => {
    invalid("report", edited((d) => (d.coordinatedOmission.loop = "open")));
    invalid("report", edited((d) => (d.coordinatedOmission.loop = "unknown")));
    invalid("report", edited((d) => delete d.coordinatedOmission.evidence));
  });

  it("bucket figures where exact ones belong, and the reverse", () => {
    invalid("report", edited((d) => (d.histogram = { metric: "m", series: 1, delta: false })));
    invalid("report", edited((d) => (d.raw.percentileDetails["99"].bucket = [0, 1])));
  });
});
