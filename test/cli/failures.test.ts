/**
 * Failures are misery (issue 23): the fail-fast change of the demo — every request slower than 40 ms becomes a
 * 5 ms 503 — and its timeout variant — a 504 after the 40 ms timeout — must read as worse, not faster. Expected
 * values come from the rows themselves (exact sorts and counts), never from latstat's output.
 */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { fixture, runCli } from "../helpers/run-cli.js";

interface Row {
  time: string;
  endpoint: string;
  status: number;
  latencyMs: number;
}

const [header, ...lines] = readFileSync(fixture("demo.log"), "utf8").trimEnd().split("\n");
const demo: Row[] = lines.map((line) => {
  const [time, endpoint, status, latency] = line.split(",");
  return { time: time!, endpoint: endpoint!, status: Number(status), latencyMs: Number(latency) };
});
const failFast = demo.map((r) => (r.latencyMs > 40 ? { ...r, status: 503, latencyMs: 5 } : r));
const timeouts = demo.map((r) => (r.latencyMs > 40 ? { ...r, status: 504, latencyMs: 40 } : r));

const failedOf = (rows: Row[]) => rows.filter((r) => r.status < 200 || r.status >= 400);
const rateOf = (rows: Row[]) => failedOf(rows).length / rows.length;
/** Nearest rank over successes with every failure above them; Infinity: the rank falls among the failures. */
function withFailuresExact(rows: Row[], percentile: number): number {
  const successes = rows.filter((r) => r.status >= 200 && r.status < 400).map((r) => r.latencyMs).sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((percentile / 100) * rows.length - 1e-9));
  return rank > successes.length ? Infinity : successes[rank - 1]!;
}

let dir = "";
const file = (name: string) => path.join(dir, name);
const csv = (rows: Row[]) => [header, ...rows.map((r) => `${r.time},${r.endpoint},${r.status},${r.latencyMs}`)].join("\n") + "\n";

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), "latstat-failures-"));
  writeFileSync(file("demo.csv"), csv(demo));
  writeFileSync(file("failfast.csv"), csv(failFast));
  writeFileSync(file("timeouts.csv"), csv(timeouts));
  writeFileSync(file("plain.log"), demo.map((r) => r.latencyMs).join("\n") + "\n");
});

describe("the fail-fast and timeout scenarios", () => {
  it("the scenario is what the issue describes: over 6% of requests fail instead of 0.4%", () => {
    expect(rateOf(demo)).toBeLessThan(0.005);
    expect(rateOf(failFast)).toBeGreaterThan(0.06);
    expect(failedOf(failFast).length).toBe(failedOf(timeouts).length);
  });

  for (const [name, rows] of [["failfast.csv", failFast], ["timeouts.csv", timeouts]] as const) {
    it(`${name}: compare calls the failure rate worse, and every gate trips on it unless --allow-more-failures`, async () => {
      const run = await runCli(["compare", file("demo.csv"), file(name), "--json", "--fail-if", "p99 > +10%"]);
      expect(run.code).toBe(1);
      const doc = JSON.parse(run.stdout);
      const cand = doc.candidates[0];
      expect(cand.failedChange.verdict).toBe("worse");
      expect(cand.failedChange.base).toBeCloseTo(rateOf(demo), 12);
      expect(cand.failedChange.cand).toBeCloseTo(rateOf(rows), 12);
      expect(cand.failures.failed).toBe(failedOf(rows).length);
      expect(cand.failures.ci[0]).toBeLessThan(rateOf(rows));
      expect(cand.failures.ci[1]).toBeGreaterThan(rateOf(rows));
      // The latencies alone improved: faster only by failing more.
      expect(cand.changes.p99.verdict).toBe("faster");
      expect(cand.fasterByFailing).toBe(true);
      expect(cand.gates[0]).toMatchObject({ gate: "p99 > +10%", met: true, byFailures: true });
      expect(cand.withFailures.percentiles["99"]).toBeNull();

      const allowed = await runCli(["compare", file("demo.csv"), file(name), "--fail-if", "p99 > +10%", "--allow-more-failures"]);
      expect(allowed.code).toBe(0);
      const pct = (rate: number) => `${Number((100 * rate).toPrecision(3))}%`;
      expect(allowed.stdout).toContain(`faster only because more requests failed: ${pct(rateOf(demo))} → ${pct(rateOf(rows))}`);
    });

    it(`${name}: fails a 'failed < 1%' budget, judged on every request made`, async () => {
      const run = await runCli(["check", file(name), "--budget", "failed < 1%", "--json"]);
      expect(run.code).toBe(1);
      const [budget] = JSON.parse(run.stdout).budgets;
      expect(budget).toMatchObject({ stat: "failed", status: "fail", samples: rows.length, failed: failedOf(rows).length, minimumSamples: 1000 });
      expect(budget.actual).toBeCloseTo(100 * rateOf(rows), 5);
    });

    it(`${name}: the report shows p99 failed, and the with-failures percentiles by exact sort`, async () => {
      const table = await runCli(["report", file(name)]);
      expect(table.stdout).toMatch(/with failures \(.*\), in ms: .*p99 failed/);
      const doc = JSON.parse((await runCli(["report", file(name), "-o", "json"])).stdout);
      expect(doc.input.failed).toMatchObject({ count: failedOf(rows).length, known: true });
      expect(doc.withFailures.failed).toBe(failedOf(rows).length);
      for (const label of ["50", "90", "99", "99.9"]) {
        const exact = withFailuresExact(rows, Number(label));
        const value = doc.withFailures.percentiles[label];
        if (exact === Infinity) expect(value).toBeNull();
        else expect(Math.abs(value - exact)).toBeLessThanOrEqual(exact / 1000 + 1e-6);
      }
    });
  }

  it("--group-by: each group has its own failures in report and compare; the group that failed fast reads as worse", async () => {
    // One endpoint fails fast, the others are as in the demo.
    const oneEndpoint = demo.map((r) => (r.endpoint === "/api/search" && r.latencyMs > 40 ? { ...r, status: 503, latencyMs: 5 } : r));
    writeFileSync(file("search-failfast.csv"), csv(oneEndpoint));
    const byEndpoint = (rows: Row[], endpoint: string) => rows.filter((r) => r.endpoint === endpoint);
    const search = byEndpoint(oneEndpoint, "/api/search");

    const doc = JSON.parse((await runCli(["report", file("search-failfast.csv"), "--group-by", "endpoint", "-o", "json"])).stdout);
    for (const group of doc.groups) {
      const rows = byEndpoint(oneEndpoint, group.name);
      expect(group.failed, group.name).toEqual({ count: failedOf(rows).length, rate: failedOf(rows).length / rows.length, excluded: failedOf(rows).length, known: true });
      for (const label of ["50", "90", "99"]) {
        const exact = withFailuresExact(rows, Number(label));
        const value = group.withFailures.percentiles[label];
        if (exact === Infinity) expect(value, `${group.name} p${label}`).toBeNull();
        else expect(Math.abs(value - exact), `${group.name} p${label}`).toBeLessThanOrEqual(exact / 1000 + 1e-6);
      }
    }
    const table = (await runCli(["report", file("search-failfast.csv"), "--group-by", "endpoint"])).stdout;
    const searchRow = table.split("\n").find((line) => line.includes("/api/search"))!;
    expect(searchRow).toContain(`${failedOf(search).length.toLocaleString("en-US")} (${Number(((100 * failedOf(search).length) / search.length).toPrecision(3))}%)`);

    const run = await runCli(["compare", file("demo.csv"), file("search-failfast.csv"), "--group-by", "endpoint", "--fail-if", "p99 > +10%", "--json"]);
    expect(run.code).toBe(1);
    const compared = JSON.parse(run.stdout).groups.compared;
    const searchGroup = compared.find((g: { group: string }) => g.group === "/api/search");
    expect(searchGroup.base.failures.failed).toBe(failedOf(byEndpoint(demo, "/api/search")).length);
    const [cand] = searchGroup.candidates;
    expect(cand.failures).toMatchObject({ failed: failedOf(search).length, requests: search.length });
    expect(cand.failedChange.verdict).toBe("worse");
    expect(cand.fasterByFailing).toBe(true);
    expect(cand.gates[0]).toMatchObject({ met: true, byFailures: true });
    // An endpoint that did not change passes its gate, with its failures told and unchanged.
    const users = compared.find((g: { group: string }) => g.group === "/api/users").candidates[0];
    expect(users.failedChange.verdict).toBe("no significant change");
    expect(users.gates[0].met).toBe(false);
  });

  it("--failures-as counts each failure at the client's timeout, as if recorded", async () => {
    const doc = JSON.parse((await runCli(["report", file("failfast.csv"), "-o", "json", "--failures-as", "1s"])).stdout);
    expect(doc.withFailures.failuresAs).toBe(1000);
    // More than 1% failed: p99 lands on a failure, counted at 1 s (its bucket's highest equivalent value).
    expect(doc.withFailures.percentiles["99"]).toBeGreaterThanOrEqual(1000);
    expect(doc.withFailures.percentiles["99"]).toBeLessThan(1001);
    expect(doc.withFailures.percentiles["50"]).toBeCloseTo(withFailuresExact(failFast, 50), 1);
  });

  it("'failed > +0.5pp' gates the failure rate on its own", async () => {
    const run = await runCli(["compare", file("demo.csv"), file("failfast.csv"), "--json", "--fail-if", "failed > +0.5pp", "--allow-more-failures"]);
    expect(run.code).toBe(1);
    expect(JSON.parse(run.stdout).candidates[0].gates[0]).toMatchObject({ gate: "failed > +0.5pp", met: true, exceeded: true });
    const same = await runCli(["compare", file("demo.csv"), file("demo.csv"), "--json", "--fail-if", "failed > +0.5pp", "--fail-if", "p99 > +10%"]);
    expect(same.code).toBe(0);
    expect(JSON.parse(same.stdout).candidates[0].failedChange).toMatchObject({ verdict: "no significant change", deltaPoints: 0 });
  });
});

describe("a log without any status", () => {
  it("says nothing about failures: no misleading 0%", async () => {
    const doc = JSON.parse((await runCli(["report", file("plain.log"), "-o", "json"])).stdout);
    expect(doc.input.failed).toEqual({ count: 0, rate: null, excluded: 0, known: false });
    expect(doc.withFailures).toBeUndefined();
    const table = await runCli(["report", file("plain.log")]);
    expect(table.stdout.replaceAll(file("plain.log"), "")).not.toMatch(/fail/i);
    const compare = await runCli(["compare", file("plain.log"), file("plain.log"), "--json"]);
    expect(JSON.parse(compare.stdout).candidates[0].failures).toBeNull();
    expect(JSON.parse(compare.stdout).candidates[0].failedChange).toBeUndefined();
  });

  it("refuses a failure budget or gate instead of passing it", async () => {
    const check = await runCli(["check", file("plain.log"), "--budget", "failed < 1%"]);
    expect(check.code).toBe(2);
    expect(check.stderr).toContain("says nothing about failed requests");
    const gate = await runCli(["compare", file("plain.log"), file("failfast.csv"), "--fail-if", "failed > +0.5pp"]);
    expect(gate.code).toBe(2);
  });

  it("--status-column none reads the demo as it was before: failures unknown, 503s recorded", async () => {
    const doc = JSON.parse((await runCli(["report", file("failfast.csv"), "-o", "json", "--status-column", "none"])).stdout);
    expect(doc.input.failed.known).toBe(false);
    expect(doc.raw.count).toBe(failFast.length);
  });
});

describe("check budgets on failures", () => {
  it("reads k6's thresholds: http_req_failed rate<0.01 is failed < 1%", async () => {
    writeFileSync(file("k6.json"), JSON.stringify({ thresholds: { http_req_failed: ["rate<0.01"], http_req_duration: ["p(90)<500"] } }));
    const run = await runCli(["check", file("failfast.csv"), "--budgets", file("k6.json"), "--json"]);
    expect(run.code).toBe(1);
    const budgets = JSON.parse(run.stdout).budgets;
    expect(budgets.map((b: { expr: string; status: string }) => [b.expr, b.status])).toEqual([
      ["failed < 1%", "fail"],
      ["http_req_duration: p(90)<500", "pass"],
    ]);
  });

  it("k6 thresholds only on metrics not judged here: said so, not 'no budgets key'", async () => {
    for (const thresholds of [{ thresholds: { http_req_waiting: ["p(95)<1"], checks: ["rate>0.99"] } }, { http_req_waiting: ["p(95)<1"] }, { thresholds: { my_trend: ["p(95)<3"] } }]) {
      writeFileSync(file("k6-other.json"), JSON.stringify(thresholds));
      const run = await runCli(["check", file("failfast.csv"), "--budgets", file("k6-other.json")]);
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(/k6-other\.json: k6 threshold on (http_req_waiting|my_trend) cannot be judged from request timings \(latstat judges http_req_duration and http_req_failed\)\n$/);
    }
  });

  it("p99! is the with-failures percentile: failed when more than 1% failed", async () => {
    const run = await runCli(["check", file("failfast.csv"), "--budget", "p99! < 300ms", "--budget", "p50! < 300ms"]);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/p99! < 300ms\s*│\s*failed/);
    expect(run.stdout).toMatch(/p50! < 300ms.*PASS/);
  });

  it("judges a failure budget with the insufficient-data rule: 1% needs 1,000 requests to pass, 10 failed to fail", async () => {
    // 200 requests, 3 of them failed: 1.5%, but too few to tell.
    const few = demo.slice(0, 200).map((r, i) => (i < 3 ? { ...r, status: 503 } : { ...r, status: 200 }));
    writeFileSync(file("few.csv"), csv(few));
    const run = await runCli(["check", file("few.csv"), "--budget", "failed < 1%", "--json"]);
    expect(JSON.parse(run.stdout).budgets[0]).toMatchObject({ status: "insufficient", samples: 200, minimumSamples: 1000 });
    // 500 requests, 100 failed: broken however many more came, and --allow-insufficient does not pass it.
    const many = demo.slice(0, 500).map((r, i) => ({ ...r, status: i % 5 === 0 ? 503 : 200 }));
    writeFileSync(file("many-failed.csv"), csv(many));
    const broken = await runCli(["check", file("many-failed.csv"), "--budget", "failed < 1%", "--allow-insufficient", "--json"]);
    expect(broken.code).toBe(1);
    expect(JSON.parse(broken.stdout).budgets[0]).toMatchObject({ status: "fail", samples: 500, failed: 100 });
  });
});

describe("the SLO counts failed requests", () => {
  it("as bad events by default, and leaves them out with --slo-errors exclude", async () => {
    const slo = async (...extra: string[]) => JSON.parse((await runCli(["report", file("failfast.csv"), "-o", "json", "--slo", "99% < 100ms", ...extra])).stdout).slo;
    const over = failFast.filter((r) => r.status >= 200 && r.status < 400 && r.latencyMs >= 100).length;
    const failed = failedOf(failFast).length;
    expect(await slo()).toMatchObject({ errors: "bad", requests: failFast.length, bad: over + failed });
    expect(await slo("--slo-errors", "exclude")).toMatchObject({ errors: "excluded", requests: failFast.length - failed, bad: over });
    const text = await runCli(["report", file("failfast.csv"), "--slo", "99% < 100ms"]);
    expect(text.stdout).toContain("Failed requests count as bad");
  });
});
