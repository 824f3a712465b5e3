/**
 * The thin layer of real processes: the built binary exits with the code the in-process runs return (0, 1, 2),
 * and prints its version without loading a command. Signals, broken pipes, TTYs and worker threads have their
 * own spawned tests (interrupt, follow, live, progress, threads, report's `| head -1`).
 */
import { describe, expect, it } from "vitest";
import { fixture, runCli } from "../helpers/run-cli.js";

const PROCESS = { spawn: true };

describe("the latstat process", () => {
  it("exits 0 with a report, 1 when a check fails, 2 on a usage error", async () => {
    const report = await runCli([fixture("demo.log"), "--co", "off", "-o", "csv"], PROCESS);
    expect(report).toEqual(await runCli([fixture("demo.log"), "--co", "off", "-o", "csv"]));
    expect(report.code).toBe(0);
    const failed = await runCli(["check", fixture("demo.log"), "--co", "off", "--budget", "p99 < 1ns"], PROCESS);
    expect(failed.code).toBe(1);
    const usage = await runCli(["report", "--no-such-flag"], PROCESS);
    expect(usage).toEqual({ stdout: "", stderr: "latstat: unknown option '--no-such-flag' (see latstat report --help)\n", code: 2 });
  });

  it("prints its version", async () => {
    const result = await runCli(["--version"], PROCESS);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^\d+\.\d+\.\d+\n$/);
  });
});
