/**
 * `npm run bench` in its quickest form (tiny inputs, one run of each command): it works end to end and prints a
 * verdict for every target. A smoke test of the bench, not a timed assertion: no figure is checked.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { REPO_ROOT } from "../helpers/run-cli.js";
import { runProcess } from "../helpers/run-process.js";

const BENCH = path.join(REPO_ROOT, "bench/run.mjs");
const DOC = readFileSync(path.join(REPO_ROOT, "docs/benchmarks.md"), "utf8");
const dir = mkdtempSync(path.join(tmpdir(), "latstat-bench-test-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// Spawned without blocking the worker: a quick bench takes a minute or more on a loaded machine.
const bench = (...args: string[]) => runProcess(process.execPath, [BENCH, ...args], { timeout: 300_000 });

/** A target's label with its sizes and counts blanked ("10M plain values" and "10k plain values" alike). */
const labelShape = (row: string) => row.split("|")[1]!.trim().replace(/\d+(\.\d+)?\s?(k|M|KB|MB|GB)?\b/g, "N");

/** The rows of the Markdown table that follows `heading`, without its header and separator lines. */
function tableAfter(stdout: string, heading: string): string[] {
  const lines = stdout.slice(stdout.indexOf(heading)).split("\n");
  const start = lines.findIndex((line) => line.startsWith("|"));
  const rows = [];
  for (let i = start + 2; i < lines.length && lines[i].startsWith("|"); i++) rows.push(lines[i]);
  return rows;
}

describe("bench", () => {
  it("runs every measurement on tiny inputs and judges every target", async () => {
    const result = await bench("--quick", "--runs", "1", "--dir", dir);
    expect(result.stderr).not.toMatch(/failed:/);
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/^machine: \d+ × .+, node v/m);
    const targets = tableAfter(result.stdout, "## Targets");
    expect(targets.length).toBe(31);
    for (const row of targets) expect(row).toMatch(/\| (met|\*\*missed\*\*: [\d.]+(× the limit|% of the goal)|not measured: .+) \|$/);
    for (const target of ["≤ 0.45 s", "`datamash perc`", "numpy", "≥ 120 MB/s", "k6 ≥ 80 MB/s", "nginx ≥ 80 MB/s", "Java", "`--version`", "flat within 20%", "`--group-by`", "`--session`", "coordinated-omission", "gzipped files"]) {
      expect(targets.some((row) => row.includes(target))).toBe(true);
    }
    // docs/benchmarks.md holds a full run of this bench: the same targets, at the full sizes.
    expect(tableAfter(DOC, "## Targets").map(labelShape)).toEqual(targets.map(labelShape));
    const measured = tableAfter(result.stdout, "## Measurements").map((row) => row.split("|")[1].trim());
    expect(new Set(measured)).toEqual(new Set(["startup", "plain", "csv", "jtl", "k6", "nginx", "haproxy", "alb", ...(measured.includes("hlog") ? ["hlog"] : []), "gzip", "files", "memory", "group-by", "session"]));
  }, 300_000);

  it("runs one measurement with --only", async () => {
    const result = await bench("--quick", "--runs", "1", "--dir", dir, "--only", "startup");
    expect(result.status).toBe(0);
    expect(tableAfter(result.stdout, "## Targets").map((row) => row.split("|")[1].trim())).toEqual([
      "`--version` ≤ 1.5× `node -e 0`",
      "`report` of a 10-line file ≤ 2× `node -e 0`",
    ]);
  });

  it("is shown in docs/benchmarks.md with its --help as it prints it", async () => {
    const block = DOC.slice(DOC.indexOf("<!-- bench-help"));
    const start = block.indexOf("```\n") + 4;
    expect(block.slice(start, block.indexOf("\n```", start))).toBe((await bench("--help")).stdout.trimEnd());
  });

  it("prints its usage with --help and refuses unknown options and measurements", async () => {
    const help = await bench("--help");
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/--only NAME/);
    for (const args of [["--frobnicate"], ["--only", "nope"], ["--runs", "0"]]) {
      const refused = await bench(...args);
      expect(refused.status).toBe(2);
      expect(refused.stderr.split("\n")[0]).toMatch(/^bench: /);
    }
  });
});
