/**
 * `check --budgets` with k6's thresholds judged as k6 judges them: http_req_duration over every request (k6
 * records it for each, failed or not), http_req_duration{expected_response:true} over the successes. The run is
 * k6's --out json of requests of which some time out at 60 s; the expected figures are exact sorts of its points.
 */
import path from "node:path";
import { describe, expect, it } from "vitest";
import { FailedLatencies } from "../../src/core/failed-latencies.js";
import { rebuild } from "../../src/ingest/part-reader.js";
import { expectHdrClose, nearestRank, tempFile } from "../helpers/formats.js";
import { k6Json, k6Ms, seeded, type K6Request } from "../helpers/k6-output.js";
import { runCli } from "../helpers/run-cli.js";

const random = seeded(95);
/** 2,000 requests: 5.75% time out at 60 s (status 0), 1% are fast 503s, the rest 5–45 ms. */
const requests: K6Request[] = Array.from({ length: 2000 }, (_, i) => {
  const timeout = i % 200 < 11 || i % 400 === 399;
  const unavailable = !timeout && i % 100 === 50;
  const status = timeout ? 0 : unavailable ? 503 : 200;
  return {
    ms: k6Ms(timeout ? 60_000 + random() * 2 : unavailable ? 1 + random() : 5 + random() * 40),
    status,
    expected: status === 200,
    scenario: "default",
    group: "",
    name: "http://127.0.0.1:8080/api/users",
  };
});
const run = tempFile("k6-timeouts.json", k6Json(requests));
const all = requests.map((r) => r.ms).sort((a, b) => a - b);
const successes = requests.filter((r) => r.expected).map((r) => r.ms).sort((a, b) => a - b);

/** A budgets file of k6 thresholds. */
function thresholds(name: string, json: unknown): string {
  return tempFile(name, JSON.stringify(json));
}

interface BudgetJson {
  expr: string;
  status: string;
  actual: number;
  samples: number;
}

async function checkJson(args: string[]): Promise<{ code: number; budgets: BudgetJson[]; stderr: string }> {
  const result = await runCli(["check", run, "--co", "off", "--json", ...args], { cwd: path.dirname(run) });
  return { code: result.code, budgets: result.code === 2 ? [] : (JSON.parse(result.stdout).budgets as BudgetJson[]), stderr: result.stderr };
}

describe("k6 thresholds judged as k6 judges them", () => {
  it("the run is as meant: 5.75% timed out, and p95 over all requests is a timeout, over the successes not", () => {
    expect(requests.filter((r) => r.status === 0).length / requests.length).toBe(0.0575);
    expect(nearestRank(all, 95)).toBeGreaterThanOrEqual(60_000);
    expect(nearestRank(successes, 95)).toBeLessThan(500);
  });

  it("http_req_duration over every request, failed ones at their own latency: p(95)<500 fails as in k6", async () => {
    const file = thresholds("th.json", { thresholds: { http_req_duration: ["p(95)<500", "avg<2000", "max<70000"], http_req_failed: ["rate<0.10"] } });
    const { code, budgets } = await checkJson(["--budgets", file]);
    expect(code).toBe(1);
    expect(budgets.map((b) => [b.expr, b.status, b.samples])).toEqual([
      ["http_req_duration: p(95)<500", "fail", requests.length],
      ["http_req_duration: avg<2000", "fail", requests.length],
      ["http_req_duration: max<70000", "pass", requests.length],
      ["failed < 10%", "pass", requests.length],
    ]);
    expectHdrClose(budgets[0]!.actual, nearestRank(all, 95));
    expect(budgets[1]!.actual).toBeCloseTo(all.reduce((sum, ms) => sum + ms, 0) / all.length, -1);
    expect(budgets[2]!.actual).toBeCloseTo(all.at(-1)!, 5);
  });

  it("http_req_duration{expected_response:true} over the successes, beside the whole metric", async () => {
    const file = thresholds("th-sub.json", { "http_req_duration{expected_response:true}": ["p(95)<500"], http_req_duration: ["p(95)<500"] });
    const { code, budgets } = await checkJson(["--budgets", file]);
    expect(code).toBe(1);
    expect(budgets.map((b) => [b.expr, b.status, b.samples])).toEqual([
      ["http_req_duration{expected_response:true}: p(95)<500", "pass", successes.length],
      ["http_req_duration: p(95)<500", "fail", requests.length],
    ]);
    expectHdrClose(budgets[0]!.actual, nearestRank(successes, 95));
    expectHdrClose(budgets[1]!.actual, nearestRank(all, 95));
    // The verdict line counts both: the successes, and every request for the budget judged over them.
    const table = await runCli(["check", run, "--co", "off", "--budgets", file], { cwd: path.dirname(run) });
    const n = (k: number) => k.toLocaleString("en-US");
    expect(table.stdout.trim().split("\n").at(-1)).toContain(`judged on raw figures from ${n(successes.length)} samples (${n(requests.length)} with the failed requests, for the budgets over every request)`);
  });

  it("with --include-errors the whole metric is what is recorded, and the successes cannot be told apart", async () => {
    const whole = await checkJson(["--budgets", thresholds("th-all.json", { http_req_duration: ["p(95)<500"] }), "--include-errors"]);
    expect(whole.budgets.map((b) => [b.status, b.samples])).toEqual([["fail", requests.length]]);
    expectHdrClose(whole.budgets[0]!.actual, nearestRank(all, 95));
    const sub = await checkJson(["--budgets", thresholds("th-sub2.json", { "http_req_duration{ expected_response : true }": ["p(95)<500"] }), "--include-errors"]);
    expect(sub.code).toBe(2);
    expect(sub.stderr).toContain('budget "http_req_duration{expected_response:true}: p(95)<500": failed requests were recorded with the successes');
  });

  it("a budget given as --budget keeps to the requests recorded (the successes)", async () => {
    const { budgets } = await checkJson(["--budget", "p95 < 500ms"]);
    expect(budgets.map((b) => [b.status, b.samples])).toEqual([["pass", successes.length]]);
  });

  it("refuses other tag filters, saying what is judged", async () => {
    for (const key of ["http_req_duration{scenario:default}", "http_req_duration{expected_response:false}", "http_req_failed{scenario:default}"]) {
      const result = await runCli(["check", run, "--budgets", thresholds("th-tag.json", { [key]: ["p(95)<500"] })]);
      expect(result.code).toBe(2);
      expect(result.stderr).toContain(`th-tag.json: k6 threshold on ${key}: latstat judges no submetric but http_req_duration{expected_response:true}`);
    }
  });

  it("refuses to judge a threshold on http_req_duration over another timing chosen by --metric", async () => {
    const file = thresholds("th-metric.json", { http_req_duration: ["p(95)<500"], http_req_failed: ["rate<0.10"] });
    const waiting = await runCli(["check", run, "--metric", "http_req_waiting", "--budgets", file]);
    expect(waiting.code).toBe(2);
    expect(waiting.stderr).toContain('--metric http_req_waiting: the k6 threshold "http_req_duration: p(95)<500" is on http_req_duration');
    // Naming the metric the thresholds are on changes nothing; a failure-rate threshold alone needs no latency.
    const named = await checkJson(["--metric", "http_req_duration", "--budgets", file]);
    expect(named.code).toBe(1);
    const rate = await checkJson(["--metric", "http_req_waiting", "--budgets", thresholds("th-rate.json", { http_req_failed: ["rate<0.10"] })]);
    expect(rate.budgets.map((b) => b.status)).toEqual(["pass"]);
  });

  it("reads an input without failures the same whichever way: every request is recorded", async () => {
    const plain = tempFile("plain-ms.log", all.map(String));
    const result = await runCli(["check", plain, "--unit", "ms", "--json", "--budgets", thresholds("th-plain.json", { http_req_duration: ["p(95)<500"] })]);
    const budgets = JSON.parse(result.stdout).budgets as BudgetJson[];
    expect(budgets.map((b) => [b.status, b.samples])).toEqual([["fail", requests.length]]);
    const sub = await runCli(["check", plain, "--unit", "ms", "--budgets", thresholds("th-plain-sub.json", { "http_req_duration{expected_response:true}": ["p(95)<500"] })]);
    expect(sub.code).toBe(2);
    expect(sub.stderr).toContain("says nothing about failed requests");
  });
});

describe("FailedLatencies", () => {
  it("keeps the failed requests handed to it, and a twin built from its recipe adds back exactly", () => {
    const whole = new FailedLatencies(3);
    const twin = rebuild(whole.recipe()) as FailedLatencies;
    whole.sample();
    whole.value();
    whole.failure({ latencyNs: 5e6 });
    twin.failure({ latencyNs: 60e9 });
    whole.absorb(twin.state());
    expect([whole.recorder.count, whole.recorder.minNs, whole.recorder.maxNs]).toEqual([2, 5e6, 60e9]);
  });
});
