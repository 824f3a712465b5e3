import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { BIN, fixture, runCli, type RunOptions } from "../helpers/run-cli.js";

const scratch = mkdtempSync(path.join(tmpdir(), "latstat-check-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

let made = 0;
/** A fresh directory under the scratch directory, optionally with files in it. */
function directory(files: Record<string, string> = {}): string {
  const dir = path.join(scratch, `d${made++}`);
  rmSync(dir, { recursive: true, force: true });
  spawnSync("mkdir", ["-p", dir]);
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
  return dir;
}

// 2,000 requests in ms: 1,970 of 0.1 ms and 30 of 5 ms (p50 0.1 ms, p99 5 ms; 98.5% under 1 ms).
const LOG = `${"0.1\n".repeat(1970)}${"5\n".repeat(30)}`;

/** Runs `latstat check` outside any CI environment and without a config file (unless `cwd` has one). */
function check(args: string[], options: RunOptions = {}) {
  return runCli(["check", ...args], {
    stdin: LOG,
    cwd: options.cwd ?? directory(),
    ...options,
    env: { GITHUB_ACTIONS: "", GITHUB_STEP_SUMMARY: "", ...options.env },
  });
}

describe("exit codes", () => {
  it("--junit and --html naming one file is refused before anything is read (the HTML would be lost)", async () => {
    const same = path.join(mkdtempSync(path.join(tmpdir(), "latstat-same-")), "report.out");
    const r = await runCli(["check", fixture("demo.log"), "--budget", "p99 < 10s", "--junit", same, "--html", same]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`latstat: --html ${same}: --junit writes the same file (give each output its own file)\n`);
  });

  it("a failed budget is exit 1, and its JUnit file written, when the reader of stdout went away (| true)", () => {
    const junit = path.join(mkdtempSync(path.join(tmpdir(), "latstat-pipe-")), "check.xml");
    const result = spawnSync("bash", ["-c", `node ${BIN} check ${fixture("demo.log")} --budget 'p99 < 1ms' --junit ${junit} | true; echo "status=\${PIPESTATUS[0]}"`], { encoding: "utf8" });
    expect(result.stdout).toBe("status=1\n");
    expect(readFileSync(junit, "utf8")).toContain("<failure");
    const met = spawnSync("bash", ["-c", `node ${BIN} check ${fixture("demo.log")} --budget 'p99 < 10s' | true; echo "status=\${PIPESTATUS[0]}"`], { encoding: "utf8" });
    expect(met.stdout).toBe("status=0\n");
  });

  it("0 when every budget is met", async () => {
    const r = await check(["--unit", "ms", "--budget", "p50 < 1ms, 98% < 1ms", "--budget", "count >= 2000"]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("✓ PASS");
    expect(r.stdout).not.toContain("FAIL");
    expect(r.stdout.trimEnd().split("\n").at(-1)).toBe("✓ PASSED: all 3 budgets met; judged on raw figures from 2,000 samples");
  });

  it("1 when a budget fails", async () => {
    const r = await check(["--unit", "ms", "--budget", "p50 < 1ms, p99 < 1ms"]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/│ p99 < 1ms\s+│\s+5\.00 ms │\s+1 ms │ 4\.00 ms over \(400%\)\s+│ ✗ FAIL\s+│/);
    expect(r.stdout.trimEnd().split("\n").at(-1)).toBe("✗ FAILED: 1 of 2 budgets failed; judged on raw figures from 2,000 samples");
  });

  it("a corrected percentile that fewer than 10 real requests reach is insufficient, however many back-filled ones", async () => {
    // 500 requests every 10 ms, 5 of them stalled 5 s: the back-fill adds ~2,500 samples above the real 495.
    const rows = Array.from({ length: 500 }, (_, i) => `${(1_700_000_000 + i / 100).toFixed(3)},${i % 100 === 50 ? 5000 : 2}`);
    const stdin = "timestamp,latency_ms\n" + rows.join("\n") + "\n";
    const r = await check(["--expected-interval", "10ms", "--budget", "p99 < 300ms", "--json"], { stdin });
    const [budget] = JSON.parse(r.stdout).budgets;
    expect(budget).toMatchObject({ basis: "corrected", status: "insufficient", realBeyond: 5 });
    expect(budget.samples).toBeGreaterThan(1000);
    expect((await check(["--expected-interval", "10ms", "--budget", "p99 < 300ms"], { stdin })).stdout).toContain("INSUFFICIENT (rests on 5 real requests, needs 10; back-filled ones are not data)");
  });

  /**
   * `slow` requests of `slowMs` among `total`, the others 2 ms, by endpoint (every fifth one /b), and the back-fill
   * coordinated-omission.md documents for an expected interval of 10 ms: a 5,000 ms request adds 4,990, 4,980, …
   * 10 ms. Returned: the log, and the corrected samples split into real and back-filled, in ms.
   */
  function stalledLog(total: number, slow: number, slowMs = 5000) {
    const real = Array.from({ length: total }, (_, i) => (i < slow ? slowMs : 2));
    const backfill = real.flatMap((ms) => Array.from({ length: Math.ceil(ms / 10) - 1 }, (_, k) => ms - 10 * (k + 1)));
    const stdin = "latency_ms,endpoint\n" + real.map((ms, i) => `${ms},${i % 5 === 4 ? "/b" : "/a"}`).join("\n") + "\n";
    return { stdin, real, backfill };
  }

  it("count counts the requests read on corrected figures too: back-filled samples are not requests", async () => {
    const { stdin, real, backfill } = stalledLog(500, 5);
    expect([real.length, backfill.length]).toEqual([500, 5 * 499]);
    const r = await check(["--expected-interval", "10ms", "--json", "--group-by", "endpoint", "--budget", "count >= 501, count >= 500, endpoint=/b: count >= 100, endpoint=/b: count > 100"], { stdin });
    expect(r.code).toBe(1);
    const json = JSON.parse(r.stdout) as { basis: string; samples: number; budgets: { expr: string; actual: number; status: string }[] };
    // The figures judged are the corrected ones, back-fill and all…
    expect([json.basis, json.samples]).toEqual(["corrected", real.length + backfill.length]);
    // …but count is of the 500 requests read, 100 of them /b (every fifth, none of the slow ones).
    expect(json.budgets.map((b) => [b.expr, b.actual, b.status])).toEqual([
      ["count >= 501", 500, "fail"],
      ["count >= 500", 500, "pass"],
      ["endpoint=/b: count >= 100", 100, "pass"],
      ["endpoint=/b: count > 100", 100, "fail"],
    ]);
    const stalled = await check([fixture("co", "stalled-sender.csv"), "--expected-interval", "10ms", "--budget", "count >= 1100"], { stdin: "" });
    expect(stalled.code).toBe(1);
    expect(stalled.stdout).toMatch(/│ count >= 1100 │\s+1,000 │\s+1,100 │ 100 requests fewer\s+│ ✗ FAIL │/);
  });

  it("on corrected figures an SLO rests on the real requests its percentile does: insufficient or judged alike", async () => {
    for (const slow of [5, 20]) {
      const { stdin, real, backfill } = stalledLog(500, slow);
      // pPCT by nearest rank over the corrected samples (an exact sort), and the real requests at or beyond it.
      const corrected = [...real, ...backfill].sort((a, b) => a - b);
      const p90 = corrected[Math.ceil(0.9 * corrected.length) - 1]!;
      const realBeyond = real.filter((ms) => ms >= p90).length;
      expect(realBeyond).toBe(slow);
      // 90% < 10ms is missed on the corrected samples (the back-fill alone puts thousands over 10 ms).
      const over = corrected.filter((ms) => ms >= 10).length;
      expect(over).toBeGreaterThan(Math.floor(corrected.length / 10));
      const r = await check(["--expected-interval", "10ms", "--json", "--budget", "p90 < 10ms, 90% < 10ms"], { stdin });
      const budgets = (JSON.parse(r.stdout) as { budgets: { expr: string; status: string; realBeyond?: number; over?: number }[] }).budgets;
      const expected = realBeyond < 10 ? { status: "insufficient", realBeyond } : { status: "fail" };
      expect(budgets[0]).toMatchObject(expected);
      expect(budgets[1]).toMatchObject({ ...expected, over });
      if (realBeyond >= 10) expect(budgets.every((b) => b.realBeyond === undefined)).toBe(true);
    }
  });

  it("says where a failure rate lies against its limit, whichever way the budget points", async () => {
    // 20 of 100 requests failed: 20%.
    const stdin = "latency_ms,status\n" + Array.from({ length: 100 }, (_, i) => (i % 5 === 0 ? "5,503" : "5,200")).join("\n") + "\n";
    const margin = async (budget: string) => (await check(["--budget", budget, "--allow-insufficient"], { stdin })).stdout;
    expect(await margin("failed > 30%")).toContain("20 of 100 failed, 10 points under");
    expect(await margin("failed > 10%")).toContain("20 of 100 failed, 10 points over");
    expect(await margin("failed < 19%")).toContain("20 of 100 failed, 1 point over");
  });

  it("warns when --status left requests out of a failure budget: --status 2xx keeps no failure to count", async () => {
    // 100 requests: 20 of 503, 10 of 404, 70 of 200; 503 and 404 are failures (outside 200–399).
    const stdin = "latency_ms,status\n" + Array.from({ length: 100 }, (_, i) => (i < 20 ? "5,503" : i < 30 ? "5,404" : "5,200")).join("\n") + "\n";
    const run = (status: string) => check(["--status", status, "--json", "--allow-insufficient", "--budget", "failed < 1%"], { stdin });
    const warning = (n: number) => `latstat: warning: --status left ${n} requests out of "failed < 1%": it is the share failed among the statuses kept, the failures among those left out not counted (without --status every request counts)\n`;
    // 2xx: 0 of the 70 kept failed, a pass that says nothing: warned, 30 left out.
    const ok = await run("2xx");
    expect([ok.code, JSON.parse(ok.stdout).budgets[0].actual]).toEqual([0, 0]);
    expect(ok.stderr).toContain(warning(30));
    // 2xx,5xx: 20 of 90 failed; the 10 404s left out.
    const some = await run("2xx,5xx");
    expect(JSON.parse(some.stdout).budgets[0]).toMatchObject({ failed: 20, samples: 90 });
    expect(some.stderr).toContain(warning(10));
    // Every status kept: nothing left out, nothing to say.
    const all = await run("100-599");
    expect(JSON.parse(all.stdout).budgets[0]).toMatchObject({ failed: 30, samples: 100 });
    expect(all.stderr).not.toContain("warning");
    // A latency budget alone: the filter is what was asked for.
    expect((await check(["--status", "2xx", "--budget", "p50 < 1s"], { stdin })).stderr).not.toContain("warning");
  });

  it("shows a value just past the limit whole, where rounded it would read as the limit", async () => {
    // p99 is exactly 300 ms by rank; its histogram value (the bucket's highest) is a little over.
    const stdin = `${"1\n".repeat(980)}${"300\n".repeat(15)}${"500\n".repeat(5)}`;
    const r = await check(["--unit", "ms", "--budget", "p99 <= 300ms"], { stdin });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/│ p99 <= 300ms │ 300\.\d+ ms │ 300 ms │ 0\.\d+ ms over/);
  });

  it("1 when a budget has too few samples, 0 with --allow-insufficient", async () => {
    const strict = await check(["--unit", "ms", "--budget", "p99.9 < 10ms"]);
    expect(strict.code).toBe(1);
    expect(strict.stdout).toContain("✗ INSUFFICIENT (2,000 samples, needs 10,000)");
    const allowed = await check(["--unit", "ms", "--budget", "p99.9 < 10ms", "--allow-insufficient"]);
    expect(allowed.code).toBe(0);
    expect(allowed.stdout).toContain("- INSUFFICIENT (2,000 samples, needs 10,000)");
    expect(allowed.stdout).toContain("1 had too few samples (allowed by --allow-insufficient)");
  });

  it("2 for a malformed budget, with a caret under the offending character", async () => {
    const r = await check(["--budget", "p99 < 30xs"]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    const [message, caret, ...rest] = r.stderr.split("\n");
    expect(message).toBe('latstat: --budget "p99 < 30xs": unknown unit "xs" at column 9 (use ns, us, ms, s or min; no unit means ms)');
    expect(caret).toMatch(/^ +\^$/);
    expect(message![caret!.indexOf("^")]).toBe("x");
    expect(rest).toEqual([""]);
  });

  it("2 for a malformed k6 budget later in a list", async () => {
    const r = await check(["--budget", "p(95)<500, p(99<1500"]);
    expect(r.code).toBe(2);
    const [message, caret] = r.stderr.split("\n");
    expect(message).toMatch(/^latstat: --budget "p\(95\)<500, p\(99<1500": expected "\)" after p\(99 at column 16$/);
    expect(message![caret!.indexOf("^")]).toBe("<");
  });

  it.each([
    [["--budget", "p99 < 1s", "--on", "sometimes"], /argument 'sometimes' is invalid/],
    [["--budget", "p99 < 1s", "--on", "corrected"], /--on corrected: there are no corrected figures \(coordinated-omission correction flags are needed/],
    [["--budget", "endpoint=/login: p99 < 300ms"], /^latstat: budget "endpoint=\/login: p99 < 300ms": no request has endpoint "\/login" \(closest: "\(none\)"\)\n$/],
    [[], /^latstat: no budgets to check \(give --budget/],
    [["--budget", "p99 < 1s", "--budgets", "/nonexistent/budgets.json"], /budgets\.json: cannot read the budget file \(ENOENT\)/],
    [["--budget", "p99 < 1s", "--sig-digits", "9"], /--sig-digits/],
  ])("2 for %j", async (args, stderr) => {
    const r = await check(args);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(stderr);
  });

  it("2 when the input has no values", async () => {
    const r = await check(["--budget", "p99 < 1s"], { stdin: "" });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/no values/);
  });

  it("0 on the demo log", async () => {
    const r = await check([fixture("demo.log"), "--budget", "p99 < 300ms, p50 < 50ms, count >= 5000"]);
    expect(r.code).toBe(0);
  });
});

describe("budget sources", () => {
  it("--budgets FILE: a list, or an object with budgets", async () => {
    const dir = directory({ "list.json": JSON.stringify(["p50 < 1ms", "count >= 2000"]), "object.json": JSON.stringify({ budgets: ["p99 < 10ms"] }) });
    const r = await check(["--json", "--budgets", path.join(dir, "list.json"), "--budgets", path.join(dir, "object.json")]);
    expect(r.code).toBe(0);
    expect((JSON.parse(r.stdout) as { budgets: { expr: string }[] }).budgets.map((b) => b.expr)).toEqual(["p50 < 1ms", "count >= 2000", "p99 < 10ms"]);
  });

  it("latstat.config.json in the working directory combines with the flags; --no-config ignores it", async () => {
    const cwd = directory({ "latstat.config.json": JSON.stringify({ budgets: ["p99 < 1ms"] }) });
    const both = await check(["--json", "--budget", "p50 < 1ms"], { cwd });
    expect(both.code).toBe(1);
    const json = JSON.parse(both.stdout) as { budgets: { expr: string; status: string }[] };
    expect(json.budgets.map((b) => [b.expr, b.status])).toEqual([
      ["p99 < 1ms", "fail"],
      ["p50 < 1ms", "pass"],
    ]);
    const alone = await check(["--json", "--budget", "p50 < 1ms", "--no-config"], { cwd });
    expect(alone.code).toBe(0);
    const onlyConfig = await check([], { cwd });
    expect(onlyConfig.code).toBe(1);
  });

  it("a config file without budgets is no budget at all", async () => {
    const r = await check([], { cwd: directory({ "latstat.config.json": "{}" }) });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/no budgets to check/);
  });

  it("a config file with a key it does not know is an error: a misspelt budgets would drop every budget unseen", async () => {
    const cwd = directory({ "latstat.config.json": JSON.stringify({ budget: ["p99 < 1ms"] }) });
    const r = await check(["--budget", "p99 < 200s"], { cwd });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('latstat: latstat.config.json: unknown key "budget" (did you mean "budgets"? --no-config ignores the file)\n');
    expect((await check(["--budget", "p99 < 200s", "--no-config"], { cwd })).code).toBe(0);
  });

  it("a budget file holding both budgets and k6 thresholds is refused: one list would go unjudged", async () => {
    // p99 < 1ms fails on LOG (p99 is 5 ms); the k6 threshold alone would pass.
    const dir = directory({ "both.json": JSON.stringify({ budgets: ["p99 < 1ms"], thresholds: { http_req_duration: ["p(95)<500"] } }) });
    const r = await check(["--budgets", path.join(dir, "both.json")]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toBe(`latstat: ${path.join(dir, "both.json")}: both "budgets" and "thresholds" (a budget file holds one of them: give k6's thresholds in a file of their own (--budgets is repeatable))\n`);
  });

  it.each([
    [{ budgets: ["p99 < 1ms"], comment: "CI budgets" }, 'unknown key "comment" (a budget file holds "budgets" or k6\'s "thresholds")'],
    [{ budget: ["p99 < 1ms"] }, 'unknown key "budget" (did you mean "budgets"?)'],
    [{ thresholds: { http_req_duration: ["p(95)<500"] }, thresold: {} }, 'unknown key "thresold" (did you mean "thresholds"?)'],
  ])("a budget file with a key it does not know is refused, the known ones named: %j", async (json, message) => {
    const dir = directory({ "b.json": JSON.stringify(json) });
    const r = await check(["--budgets", path.join(dir, "b.json")]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`latstat: ${path.join(dir, "b.json")}: ${message}\n`);
  });

  it("a config file with a key that is no misspelling is told what the file holds", async () => {
    const cwd = directory({ "latstat.config.json": JSON.stringify({ budgets: ["p99 < 1ms"], comment: "x" }) });
    const r = await check(["--budget", "p99 < 200s"], { cwd });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('latstat: latstat.config.json: unknown key "comment" (it holds "budgets" alone; --no-config ignores the file)\n');
  });

  it("a config file that cannot be read does not blame --budgets", async () => {
    const cwd = directory();
    spawnSync("mkdir", [path.join(cwd, "latstat.config.json")]);
    const r = await check(["--budget", "p99 < 200s"], { cwd });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe("latstat: latstat.config.json: cannot read the budget file (EISDIR) (latstat.config.json is read from the working directory; --no-config ignores it)\n");
  });

  it("a malformed budget in a file names the file and entry", async () => {
    const dir = directory({ "b.json": JSON.stringify({ budgets: ["p99 < 1s", "p99 <> 1s"] }) });
    const r = await check(["--budgets", path.join(dir, "b.json")]);
    expect(r.code).toBe(2);
    const [message, caret] = r.stderr.split("\n");
    expect(message).toContain('b.json: budgets[1] "p99 <> 1s": expected a duration such as 300ms, found ">" at column 6');
    expect(message![caret!.indexOf("^")]).toBe(">");
  });

  it.each([
    ["not json", /not valid JSON/],
    ['{"budgets": "p99 < 1s"}', /"budgets" is not a list/],
    ['["p99 < 1s", 3]', /budgets\[1\] is not a string/],
    ['"p99 < 1s"', /expected a list of budget expressions/],
    ['{"thresholds": []}', /"thresholds" is not an object/],
    ["{}", /no "budgets" key/],
  ])("2 for a budget file holding %s", async (text, stderr) => {
    const dir = directory({ "b.json": text });
    const r = await check(["--budgets", path.join(dir, "b.json")]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(stderr);
  });
});

describe("--json", () => {
  it("passed, budgets with expr, stat, op, limit, actual, status, margin, basis; latencies in ms", async () => {
    const r = await check(["--json", "--unit", "ms", "--budget", "p99 < 10ms, mean <= 1, count >= 1000, 98% < 1ms, 99.9% < 1s"]);
    expect(r.code).toBe(1);
    const json = JSON.parse(r.stdout) as Record<string, unknown> & { budgets: Record<string, unknown>[] };
    expect(json).toMatchObject({ schema: 1, unit: "ms", passed: false, basis: "raw", samples: 2000, tally: { pass: 4, fail: 0, insufficient: 1 } });
    expect(json.budgets[0]).toEqual({
      expr: "p99 < 10ms",
      group: null,
      stat: "p99",
      op: "<",
      limit: 10,
      // p99 is the 5 ms max itself (its bucket reaches 5.001215 ms, past anything recorded).
      actual: 5,
      margin: 5,
      marginPercent: 50,
      status: "pass",
      basis: "raw",
      samples: 2000,
      minimumSamples: 1000,
    });
    expect(json.budgets[1]).toMatchObject({ stat: "mean", op: "<=", limit: 1, minimumSamples: null, status: "pass" });
    expect(json.budgets[2]).toMatchObject({ stat: "count", op: ">=", limit: 1000, actual: 2000, margin: 1000, marginPercent: 100 });
    expect(json.budgets[3]).toEqual({
      expr: "98% < 1ms",
      group: null,
      stat: "percent_below",
      op: ">=",
      limit: 98,
      actual: 98.5,
      margin: 0.5,
      marginPercent: null,
      status: "pass",
      basis: "raw",
      samples: 2000,
      minimumSamples: 500,
      threshold: 1,
      below: 1970,
      over: 30,
      allowedOver: 40,
    });
    expect(json.budgets[4]).toMatchObject({ status: "insufficient", minimumSamples: 10_000 });
  });

  it("--out-unit sets the unit of latencies", async () => {
    const r = await check(["--json", "--out-unit", "s", "--budget", "p99 < 10ms"]);
    expect(JSON.parse(r.stdout)).toMatchObject({ unit: "s", budgets: [{ limit: 0.01, actual: 0.005 }] });
  });
});

describe("--junit", () => {
  it("writes a valid JUnit file atomically and still exits 1 on a failure", async () => {
    const dir = directory({ "junit.xml": "old contents" });
    const file = path.join(dir, "junit.xml");
    const r = await check(["--unit", "ms", "--budget", "p50 < 1ms, p99 < 1ms", "--junit", file]);
    expect(r.code).toBe(1);
    expect(readdirSync(dir)).toEqual(["junit.xml"]);
    const xml = readFileSync(file, "utf8");
    expect(xml).toMatch(/<testsuite name="latstat.budgets" tests="2" failures="1" errors="0" skipped="0"/);
    expect(xml).toContain('<testcase classname="latstat.budgets" name="p99 &lt; 1ms" time="0">');
    const lint = spawnSync("xmllint", ["--noout", "--schema", fixture("junit", "junit.xsd"), file], { encoding: "utf8" });
    expect(lint.stderr).toContain("validates");
    expect(lint.status).toBe(0);
  });

  it("2 when the file cannot be written, found before reading: nothing on stdout, nothing left behind", async () => {
    const dir = directory();
    for (const budget of ["p50 < 1ms", "p50 < 1s"]) {
      const r = await check(["--budget", budget, "--junit", path.join(dir, "missing", "junit.xml")]);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe("");
      expect(r.stderr).toBe(`latstat: ${path.join(dir, "missing", "junit.xml")}: cannot write (ENOENT) (check that the directory exists and is writable)\n`);
    }
    // --json too: stdout is a verdict or nothing.
    const json = await check(["--json", "--budget", "p50 < 1s", "--svg", path.join(dir, "missing", "x.svg")]);
    expect([json.code, json.stdout]).toEqual([2, ""]);
    expect(readdirSync(dir)).toEqual([]);
  });
});

describe("GitHub Actions", () => {
  it("::error lines on stdout and a markdown table appended to the step summary", async () => {
    const dir = directory({ "summary.md": "# earlier step\n" });
    const summary = path.join(dir, "summary.md");
    const r = await check(["--unit", "ms", "--budget", "p50 < 1ms, p99 < 1ms, max < 2ms, 99.9% < 1s"], {
      env: { GITHUB_ACTIONS: "true", GITHUB_STEP_SUMMARY: summary },
    });
    expect(r.code).toBe(1);
    const commands = r.stdout.split("\n").filter((l) => l.startsWith("::"));
    expect(commands).toEqual([
      "::error title=latency budget::p99 < 1ms: p99 was 5.00 ms, 4.00 ms over the 1 ms limit (400%25)",
      "::error title=latency budget::max < 2ms: max was 5.00 ms, 3.00 ms over the 2 ms limit (150%25)",
      expect.stringMatching(/^::error title=latency budget::99\.9%25 < 1s: too few samples to judge/),
    ]);
    const markdown = readFileSync(summary, "utf8");
    expect(markdown.startsWith("# earlier step\n### latstat check — ✗ FAILED: 2 of 4 budgets failed, 1 had too few samples")).toBe(true);
    expect(markdown).toContain("| budget | actual | limit | margin | result |");
    expect(markdown).toContain("| `p99 < 1ms` | 5.00 ms | 1 ms | 4.00 ms over (400%) | ✗ FAIL |");
  });

  it("with --json the workflow commands go to stderr so stdout stays JSON", async () => {
    const r = await check(["--json", "--budget", "p99 < 1ms"], { env: { GITHUB_ACTIONS: "true" } });
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout)).toMatchObject({ passed: false });
    expect(r.stderr).toMatch(/^::error title=latency budget::p99 < 1ms: /m);
  });

  it("nothing GitHub-specific outside GitHub Actions", async () => {
    const r = await check(["--budget", "p99 < 1ms"]);
    expect(r.code).toBe(1);
    expect(r.stdout).not.toContain("::error");
  });

  it("a step summary that cannot be written is only a warning", async () => {
    const r = await check(["--budget", "p50 < 1ms"], { env: { GITHUB_STEP_SUMMARY: path.join(directory(), "no", "summary.md") } });
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/warning: cannot append to GITHUB_STEP_SUMMARY/);
  });
});

describe("--help", () => {
  it("documents the grammar with examples", async () => {
    const r = await runCli(["check", "--help"]);
    expect(r.code).toBe(0);
    for (const text of ["STAT OP VALUE", "PCT% < DUR", "p(99.9)", "a bare number is ms", "--allow-insufficient", "Examples:", "Exit codes:"]) {
      expect(r.stdout).toContain(text);
    }
  });
});

describe("per-group budgets", () => {
  // /login: 980 × 10 ms + 20 × 800 ms (p99 800 ms); /search: 1,000 × 50 ms; 10 × 5 ms without an endpoint.
  const GROUPED = [
    "endpoint,latency_ms",
    ...Array.from({ length: 980 }, () => "/login,10"),
    ...Array.from({ length: 20 }, () => "/login,800"),
    ...Array.from({ length: 1000 }, () => "/search,50"),
    ...Array.from({ length: 10 }, () => ",5"),
  ].join("\n");
  const grouped = (args: string[], options: RunOptions = {}) => check(["-f", "csv", "--group-by", "endpoint", ...args], { stdin: GROUPED, ...options });

  it("0 when each group meets its budget, judged on that group alone", async () => {
    const r = await grouped(["--budget", "endpoint=/search: p99 < 100ms, endpoint=/login: p50 < 20ms, endpoint=(none): count >= 10"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/│ endpoint=\/search: p99 < 100ms\s+│\s+50\.0 ms │/);
    expect(r.stdout).toMatch(/│ endpoint=\(none\): count >= 10\s+│\s+10 │/);
    expect(r.stdout.trimEnd().split("\n").at(-1)).toBe("✓ PASSED: all 3 budgets met; judged on raw figures from 2,010 samples");
  });

  it("1 when a group misses its budget though all requests together meet it", async () => {
    const r = await grouped(["--budget", "p99 < 100ms, endpoint=/login: p99 < 500ms", "--json"], { env: { GITHUB_ACTIONS: "true" } });
    expect(r.code).toBe(1);
    const json = JSON.parse(r.stdout) as { budgets: Record<string, unknown>[] };
    expect(json.budgets.map((b) => [b.group, b.status, b.samples, b.actual])).toEqual([
      [null, "pass", 2010, 50.003967],
      [{ key: "endpoint", value: "/login" }, "fail", 1000, 800],
    ]);
    expect(r.stderr).toContain("::error title=latency budget::endpoint=/login: p99 < 500ms: p99 of endpoint=/login (1,000 requests) was 800 ms, 300 ms over the 500 ms limit (60%25)");
  });

  it("names the group in JUnit", async () => {
    const file = path.join(directory(), "junit.xml");
    await grouped(["--budget", "endpoint=/login: p99 < 500ms", "--junit", file]);
    const xml = readFileSync(file, "utf8");
    expect(xml).toContain('<testcase classname="latstat.budgets" name="endpoint=/login: p99 &lt; 500ms" time="0">');
    expect(xml).toContain("group:   endpoint=/login");
    expect(xml).toContain('message="p99 of endpoint=/login (1,000 requests) was 800 ms');
  });

  it("2 for a group value no request has (a misspelt endpoint), naming the closest values", async () => {
    const r = await grouped(["--budget", "endpoint=/logn: p99 < 1s"]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr.split("\n").at(-2)).toBe('latstat: budget "endpoint=/logn: p99 < 1s": no request has endpoint "/logn" (closest: "/login", "(none)", "/search")');
  });

  it("a group whose requests were all filtered out is insufficient too", async () => {
    // vegeta's /missing requests all got 404: failed, so left out of the histogram.
    const vegeta = fixture("formats", "vegeta", "results.csv");
    const r = await check([vegeta, "--group-by", "endpoint", "--budget", "endpoint=/missing: p99 < 1s, endpoint=/api/users: max < 50ms", "--json"]);
    expect(r.code).toBe(1);
    const json = JSON.parse(r.stdout) as { budgets: Record<string, unknown>[] };
    expect(json.budgets.map((b) => [b.status, b.samples])).toEqual([
      ["insufficient", 0],
      ["pass", 200],
    ]);
  });

  it("a budget on a group implies --group-by of its key", async () => {
    const implied = await check(["-f", "csv", "--budget", "endpoint=/login: p99 < 500ms", "--json"], { stdin: GROUPED });
    const given = await grouped(["--budget", "endpoint=/login: p99 < 500ms", "--json"]);
    expect(implied.code).toBe(1);
    expect(implied).toEqual(given);
  });

  it("judges corrected group figures when coordinated omission is corrected", async () => {
    const r = await grouped(["--budget", "endpoint=/login: mean < 50ms, endpoint=/login: count <= 1000", "--expected-interval", "100ms", "--json"]);
    const json = JSON.parse(r.stdout) as { basis: string; budgets: Record<string, unknown>[] };
    // 20 requests of 800 ms add 7 synthetic requests each at a 100 ms interval (700, 600, … 100 ms): the mean of
    // 980 × 10 + 20 × 800 ms is 25.8 ms raw, (9,800 + 16,000 + 20 × 2,800) / 1,140 corrected.
    expect(json.basis).toBe("corrected");
    expect(json.budgets[0]).toMatchObject({ status: "fail", basis: "corrected" });
    expect(json.budgets[0]!.actual as number).toBeCloseTo(81_800 / 1140, 1);
    // count is of the 1,000 requests read, not of the back-fill.
    expect(json.budgets[1]).toMatchObject({ actual: 1000, status: "pass", basis: "corrected" });
  });
});

describe("every request failed", () => {
  // The service was down: 2,000 requests, every one a 503 (a status outside 2xx/3xx is a failure, docs/formats.md).
  const DOWN = "latency_ms,status\n" + "5,503\n".repeat(2000);
  const BUDGETS = "failed < 1%, p99 < 1s, 99% < 1s, count >= 1";

  it("is a verdict, not an input error: failure budgets fail at 100%, latency budgets have no success to rest on", async () => {
    const junit = path.join(directory(), "down.xml");
    const r = await check(["-", "--budget", BUDGETS, "--junit", junit], { stdin: DOWN, env: { GITHUB_ACTIONS: "true" } });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/│ failed < 1% │ +100% │ +1% │ 2,000 of 2,000 failed, 99 points over │ ✗ FAIL +│/);
    expect(r.stdout).toMatch(/│ p99 < 1s +│ +- │ +1 s │ no successes +│ ✗ INSUFFICIENT \(0 samples, needs 1,000\) │/);
    expect(r.stdout).toMatch(/│ 99% < 1s +│ +- │ +99% │ no successes +│ ✗ INSUFFICIENT \(0 samples, needs 1,000\) │/);
    // count counts the requests recorded, the successes: none.
    expect(r.stdout).toMatch(/│ count >= 1 +│ +0 │ +1 │ 1 request fewer +│ ✗ FAIL +│/);
    expect(r.stdout).not.toMatch(/NaN/);
    const annotations = r.stdout.split("\n").filter((line) => line.startsWith("::error"));
    expect(annotations).toHaveLength(4);
    expect(annotations[0]).toBe("::error title=latency budget::failed < 1%25: failed was 100%25, the limit is 1%25 (2,000 of 2,000 failed, 99 points over)");
    expect(annotations[2]).toBe("::error title=latency budget::99%25 < 1s: too few samples to judge (0 samples, needs 1,000); the share under 1 s cannot be measured: no successful request, the budget is 99%25");
    const xml = readFileSync(junit, "utf8");
    expect(xml).toMatch(/<testsuite name="latstat.budgets" tests="4" failures="4" errors="0" skipped="0"/);
    expect(xml.match(/type="BudgetExceeded"/g)).toHaveLength(2);
    expect(xml.match(/type="InsufficientData"/g)).toHaveLength(2);
    const lint = spawnSync("xmllint", ["--noout", "--schema", fixture("junit", "junit.xsd"), junit], { encoding: "utf8" });
    expect(lint.status).toBe(0);
  });

  it("--allow-insufficient lets the latency budgets pass unjudged, never the failure budget", async () => {
    const r = await check(["-", "--json", "--allow-insufficient", "--budget", "failed < 1%, p99 < 1s"], { stdin: DOWN });
    expect(r.code).toBe(1);
    const json = JSON.parse(r.stdout) as { passed: boolean; samples: number; budgets: Record<string, unknown>[] };
    expect([json.passed, json.samples]).toEqual([false, 0]);
    expect(json.budgets[0]).toMatchObject({ status: "fail", actual: 100, failed: 2000, samples: 2000 });
    expect(json.budgets[1]).toMatchObject({ status: "insufficient", actual: null, samples: 0 });
    const latencyOnly = await check(["-", "--allow-insufficient", "--budget", "p99 < 1s"], { stdin: DOWN });
    expect(latencyOnly.code).toBe(0);
    expect(latencyOnly.stdout).toContain("- INSUFFICIENT (0 samples, needs 1,000)");
  });

  it("an input with no request at all stays an input error (exit 2): empty, or every line rejected", async () => {
    for (const stdin of ["latency_ms,status\n", "latency_ms,status\n" + "abc,200\n".repeat(5)]) {
      const r = await check(["-", "--budget", "failed < 1%", "--junit", path.join(directory(), "none.xml")], { stdin });
      expect(r.code).toBe(2);
      expect(r.stdout).toBe("");
      expect(r.stderr).toMatch(/no values/);
    }
  });
});

describe("margins say what they measure", () => {
  it("counts requests more or fewer than a count limit, without a share of it, singular for one", async () => {
    // LOG holds 2,000 requests.
    const r = await check(["-", "--budget", "count >= 1000", "--budget", "count <= 1999", "--budget", "count >= 2000", "--budget", "count >= 2002"]);
    const row = (...cells: string[]) => new RegExp(`│ *${cells.map((c) => c.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join(" *│ *")} *│`);
    expect(r.stdout).toMatch(row("count >= 1000", "2,000", "1,000", "1,000 requests more", "✓ PASS"));
    expect(r.stdout).toMatch(row("count <= 1999", "2,000", "1,999", "1 request more", "✗ FAIL"));
    expect(r.stdout).toMatch(row("count >= 2000", "2,000", "2,000", "at the limit", "✓ PASS"));
    expect(r.stdout).toMatch(row("count >= 2002", "2,000", "2,002", "2 requests fewer", "✗ FAIL"));
  });

  it("says a group whose requests all failed has no successes, never NaN", async () => {
    // /b's one request failed: the group is there, with no latency to judge.
    const csv = "endpoint,latency_ms,status\n" + "/a,1,200\n".repeat(50) + "/b,1,503\n";
    const r = await check(["-", "--group-by", "endpoint", "--budget", "endpoint=/b: p99 < 1s", "--junit", path.join(scratch, "empty-group.xml")], { stdin: csv });
    expect(r.stdout).toMatch(/│ endpoint=\/b: p99 < 1s │ +- │ +1 s │ no successes +│ ✗ INSUFFICIENT \(0 samples, needs 1,000\) │/);
    expect(r.stdout + r.stderr).not.toMatch(/NaN/);
    expect(readFileSync(path.join(scratch, "empty-group.xml"), "utf8")).toContain("p99 of endpoint=/b cannot be measured: no successful request, the limit is 1 s");
  });
});

describe("result files", () => {
  it.each([["--junit"], ["--html"], ["--svg"]])("%s - is refused: it would be a file named -, beside the report on stdout", async (flag) => {
    const r = await check(["--budget", "p99 < 1s", flag, "-"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(new RegExp(`^latstat: ${flag} -: writes a file, not stdout \\(which holds the report\\)`));
    const empty = await check(["--budget", "p99 < 1s", flag, ""]);
    expect([empty.code, empty.stdout]).toEqual([2, ""]);
    expect(empty.stderr).toMatch(new RegExp(`^latstat: ${flag}: an empty file name`));
  });
});
