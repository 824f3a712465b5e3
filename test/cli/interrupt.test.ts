import { spawn } from "node:child_process";
import { describe, expect, it } from "vitest";
import { BIN, REPO_ROOT } from "../helpers/run-cli.js";

/**
 * Starts latstat on a stdin that stays open, writes `input`, waits until stderr says the input is being read
 * (the CSV column notice) and a little more, then sends SIGINT.
 */
function interruptAfter(input: string, args: string[]): Promise<{ stdout: string; stderr: string; code: number | null }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: REPO_ROOT, env: { ...process.env, NO_COLOR: "1" } });
    let stdout = "";
    let stderr = "";
    let sent = false;
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => {
      stderr += d.toString();
      if (!sent && stderr.includes("using column")) {
        sent = true;
        setTimeout(() => child.kill("SIGINT"), 300);
      }
    });
    child.on("error", reject);
    child.on("close", (code) => resolve({ stdout, stderr, code }));
    child.stdin.write(input);
  });
}

const INPUT = "ts,latency_ms\n1,12\n2,15\n3,oops\n4,9.5\n";

describe("Ctrl-C while reading", () => {
  it("reports what was read, marked partial in JSON, and exits 130", async () => {
    const result = await interruptAfter(INPUT, ["-f", "csv", "--json", "--co", "off"]);
    expect(result.code).toBe(130);
    const report = JSON.parse(result.stdout);
    expect(report.partial).toBe(true);
    expect(report.input).toMatchObject({ lines: 5, recorded: 3, skipped: 1, rejected: 1 });
    expect(report.raw.count).toBe(3);
    expect(report.raw.max).toBe(15);
    expect(result.stderr).toMatch(/interrupted: the report covers only what was read before Ctrl-C/);
  });

  it("says so on top of the table and the markdown", async () => {
    const table = await interruptAfter(INPUT, ["-f", "csv", "--co", "off"]);
    expect(table.code).toBe(130);
    expect(table.stdout.split("\n")[0]).toMatch(/^PARTIAL: reading was interrupted/);
    expect(table.stdout).toMatch(/5 lines: 3 recorded, 1 skipped, 1 rejected/);
    const markdown = await interruptAfter(INPUT, ["-f", "csv", "-o", "markdown", "--co", "off"]);
    expect(markdown.code).toBe(130);
    expect(markdown.stdout.split("\n")[0]).toMatch(/^\*\*PARTIAL: reading was interrupted/);
  });

  it("keeps a full report unmarked", async () => {
    const { runCli } = await import("../helpers/run-cli.js");
    const result = await runCli(["--json", "--co", "off"], { stdin: INPUT });
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout).partial).toBeUndefined();
  });
});
