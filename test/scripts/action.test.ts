/**
 * The GitHub Action (action.yml), run as the runner runs a composite action (test/helpers/action-runner.ts) on a
 * copy of the repository's files — what `uses: …/latstat@ref` checks out — with the bundled fixtures in the
 * workspace: the install step builds latstat there (npm ci; dependencies from npm's cache when CI's own `npm ci`
 * fetched them, as in the pack test), then each case runs the steps after it with its inputs. Expected figures
 * come from the fixtures' numbers: exact sort, nearest rank, read at HDR's 3 significant digits.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runAction, type ActionRun } from "../helpers/action-runner.js";
import { nearestRank } from "../helpers/formats.js";
import { highestEquivalentNs } from "../helpers/multi-host-log.js";
import { fixture, REPO_ROOT } from "../helpers/run-cli.js";

const dir = mkdtempSync(path.join(tmpdir(), "latstat-action-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The action's checkout: the repository's files, without node_modules/ and dist/ (ignored by git). */
const actionPath = path.join(dir, "action");
const files = execFileSync("git", ["ls-files", "-z", "--cached", "--others", "--exclude-standard"], { cwd: REPO_ROOT, encoding: "utf8" }).split("\0");
for (const file of files.filter((f) => f !== "" && existsSync(path.join(REPO_ROOT, f)))) cpSync(path.join(REPO_ROOT, file), path.join(actionPath, file));

/** The machine's environment as a runner has it: PATH and HOME, and npm's cache preferred. */
const machine = { PATH: process.env.PATH, HOME: process.env.HOME, npm_config_prefer_offline: "true" };

/** A job's workspace: demo.log cut in two CSV files (a header each), and hey's results as a base to compare. */
function workspace(name: string): string {
  const ws = path.join(dir, name);
  mkdirSync(path.join(ws, "results"), { recursive: true });
  const [header, ...rows] = readFileSync(fixture("demo.log"), "utf8").trimEnd().split("\n");
  const half = Math.floor(rows.length / 2);
  writeFileSync(path.join(ws, "results", "part-1.csv"), [header, ...rows.slice(0, half)].join("\n") + "\n");
  writeFileSync(path.join(ws, "results", "part-2.csv"), [header, ...rows.slice(half)].join("\n") + "\n");
  cpSync(fixture("formats", "hey", "c8-search.csv"), path.join(ws, "base.csv"));
  return ws;
}
const main = workspace("main");

/** Nearest-rank percentile of `values` (ns) as the highest value of its 3-digit HDR bucket, in ms. */
function percentileMs(values: number[], percentile: number): number {
  return highestEquivalentNs(nearestRank([...values].sort((a, b) => a - b), percentile)) / 1e6;
}
// The demo's successes: its 503s are failed requests, counted apart from the latencies.
const demoNs = readFileSync(fixture("demo.log"), "utf8").trimEnd().split("\n").slice(1).filter((row) => /^[23]\d\d$/.test(row.split(",")[2]!)).map((row) => Math.round(Number(row.split(",")[3]) * 1e6));
const heyNs = readFileSync(fixture("formats", "hey", "c8-search.csv"), "utf8").trimEnd().split("\n").slice(1).map((row) => Math.round(Number(row.split(",")[0]) * 1e9));
const p50 = percentileMs(demoNs, 50);
const p99 = percentileMs(demoNs, 99);

const ACTION = path.join(actionPath, "action.yml");
const STEPS = ["Build latstat from the action's checkout", "latstat check", "Verdict"];

function act(inputs: Record<string, string>, ws = main): Promise<ActionRun> {
  return runAction(ACTION, inputs, { actionPath, workspace: ws, env: machine, fromStep: 1 });
}

describe("the GitHub Action", () => {
  let installed: ActionRun;

  beforeAll(async () => {
    installed = await runAction(ACTION, { files: "results/*.csv", budgets: "p99 < 300ms\np50 < 80ms", format: "csv" }, { actionPath, workspace: main, env: machine });
  }, 300_000);

  it("builds latstat from its own checkout and puts it on PATH for the job's later steps", () => {
    expect(installed.ran, installed.stderr).toEqual(STEPS);
    expect(existsSync(path.join(actionPath, "dist", "cli", "main.js"))).toBe(true);
    expect(installed.path).toHaveLength(1);
    const version = spawnSync("latstat", ["--version"], { env: { ...machine, PATH: `${installed.path[0]}:${machine.PATH}` }, encoding: "utf8" });
    expect(version.status).toBe(0);
    expect(version.stdout.trim()).toBe(JSON.parse(readFileSync(path.join(REPO_ROOT, "package.json"), "utf8")).version);
  });

  it("budgets met: exit 0, passed=true, p50 and p99 of all the files in ms, the summary's table, no annotation", () => {
    expect(installed.code, installed.stderr).toBe(0);
    expect(installed.outputs).toEqual({ passed: "true", p50: String(p50), p99: String(p99) });
    // 20,000 requests, of which the 503s are failed: counted and left out of the figures.
    const [ok, failed] = [demoNs.length, 20_000 - demoNs.length].map((n) => n.toLocaleString("en-US"));
    expect(installed.summary).toMatch(new RegExp(`^### latstat check — ✓ PASSED: all 2 budgets met; judged on raw figures from ${ok} samples\n`));
    expect(installed.summary).toContain(
      `\n2 inputs, format csv, unsuffixed numbers read as ms (from column name); 20,002 lines: ${ok} recorded, ${(20_002 - demoNs.length).toLocaleString("en-US")} skipped (blank, comment or header: 2, failed: ${failed}), 0 rejected; ${failed} of 20,000 requests failed`,
    );
    expect(installed.summary).toContain(`| \`p99 < 300ms\` | ${p99.toPrecision(3)} ms | 300 ms |`);
    expect(installed.summary).toContain(`| \`p50 < 80ms\` | ${p50.toPrecision(3)} ms | 80 ms |`);
    expect(installed.summary).not.toContain("latstat compare");
    expect(installed.stdout).not.toContain("::error");
  });

  it("a budget missed: exit 1 from the last step, passed=false with the figures still set, an ::error annotation", async () => {
    const run = await act({ files: "results/part-1.csv\n  results/part-2.csv  \n", budgets: "p99 < 50ms, p50 < 80ms" });
    expect(run.ran).toEqual(STEPS.slice(1));
    expect(run.code).toBe(1);
    expect(run.outputs).toEqual({ passed: "false", p50: String(p50), p99: String(p99) });
    expect(run.summary).toMatch(/^### latstat check — ✗ FAILED: 1 of 2 budgets failed/);
    expect(run.summary).toMatch(new RegExp(`\\| \`p99 < 50ms\` \\| ${p99.toPrecision(3)} ms \\| 50 ms \\| .* \\| ✗ FAIL \\|`));
    const over = (p99 - 50).toPrecision(3);
    expect(run.stdout).toContain(`::error title=latency budget::p99 < 50ms: p99 was ${p99.toPrecision(3)} ms, ${over} ms over the 50 ms limit (${Math.round(((p99 - 50) / 50) * 100)}%25)\n`);
  });

  it("compare-with: the comparison of each file with the base follows the check in the summary", async () => {
    const run = await act({ files: "results/*.csv", budgets: "p99 < 300ms", "compare-with": "base.csv" });
    expect(run.code, run.stderr).toBe(0);
    expect(run.outputs.passed).toBe("true");
    const [check, compare] = run.summary.split("### latstat compare");
    expect(check).toMatch(/^### latstat check — ✓ PASSED/);
    expect(compare).toContain("Base: base.csv: hey, 4,000 values.");
    // The demo's failed requests (its 503s) are counted apart from the values compared.
    const [, ...rows] = readFileSync(fixture("demo.log"), "utf8").trimEnd().split("\n");
    const succeeded = (part: string[]) => part.filter((row) => /^[23]\d\d$/.test(row.split(",")[2]!)).length.toLocaleString("en-US");
    const half = Math.floor(rows.length / 2);
    expect(compare).toContain(`**Candidate results/part-1.csv: csv, ${succeeded(rows.slice(0, half))} values**`);
    expect(compare).toContain(`**Candidate results/part-2.csv: csv, ${succeeded(rows.slice(half))} values**`);
    expect(compare).toMatch(new RegExp(`^\\| p50 \\| ${percentileMs(heyNs, 50).toPrecision(3)} \\(`, "m"));
    expect(run.summary.endsWith("\n\n")).toBe(true);
  });

  it("takes the budgets of latstat.config.json in the working directory when the input is empty", async () => {
    const ws = workspace("configured");
    writeFileSync(path.join(ws, "latstat.config.json"), JSON.stringify({ budgets: ["p99 < 60ms"] }));
    const run = await act({ files: "results/*.csv" }, ws);
    expect(run.code).toBe(1);
    expect(run.summary).toContain("| `p99 < 60ms` |");
  });

  it("stops with exit 2 and no outputs on a wrong input", async () => {
    const none = await act({ files: "nothing/*.csv", budgets: "p99 < 300ms" });
    expect(none.code).toBe(2);
    expect(none.ran).toEqual(["latstat check"]);
    expect(none.stdout).toContain("::error title=latstat::files: no file matches nothing/*.csv\n");
    expect(none.outputs).toEqual({ passed: "", p50: "", p99: "" });

    const malformed = await act({ files: "results/*.csv", budgets: "p99 <" });
    expect(malformed.code).toBe(2);
    expect(malformed.stderr).toMatch(/^latstat: .*p99 </m);
    expect(malformed.outputs).toEqual({ passed: "", p50: "", p99: "" });

    const wrongFormat = await act({ files: "results/*.csv", budgets: "p99 < 300ms", format: "k6" });
    expect(wrongFormat.code).toBe(2);
    expect(wrongFormat.summary).toBe("");
  });
});
