/**
 * `--follow`: a writer appends to a log, rotates it (rename + new file), truncates it in place (copytruncate) and
 * appends again while latstat follows it; Ctrl-C then prints the whole report (not partial) and exits 0. Ctrl-C
 * before the file's first content was read through gives a partial report and 130.
 */
import { spawn } from "node:child_process";
import { appendFileSync, copyFileSync, mkdtempSync, readdirSync, readlinkSync, realpathSync, renameSync, truncateSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { gzipSync } from "node:zlib";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { describe, expect, it } from "vitest";
import { parseTimeBound } from "../../src/ingest/sample-filter.js";
import { BIN, REPO_ROOT, runCli } from "../helpers/run-cli.js";

/** Lines of latencies from..to ms, one a line. */
const values = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => `${from + i}ms\n`).join("");

/**
 * Waits until process `pid` holds `file` open (Linux's /proc), so that what the test does next happens to a file
 * latstat is already following, however slowly a loaded machine started it.
 */
async function waitUntilOpen(pid: number, file: string): Promise<void> {
  const target = realpathSync(file);
  for (let i = 0; i < 200; i++) {
    try {
      if (readdirSync(`/proc/${pid}/fd`).some((fd) => readlinkSync(`/proc/${pid}/fd/${fd}`) === target)) return;
    } catch {
      // the process is still starting (or /proc is not there: then the pauses alone have to do)
    }
    await sleep(50);
  }
}

describe("--follow", () => {
  it("reads through appends, rotation and truncation; Ctrl-C prints the report, exit 0", { timeout: 20_000 }, async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "latstat-follow-"));
    const log = path.join(dir, "access.log");
    writeFileSync(log, values(1, 10));
    const child = spawn(process.execPath, [BIN, "--follow", log, "--json", "--co", "off"], { cwd: REPO_ROOT, env: { ...process.env, NO_COLOR: "1" } });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    const closed = new Promise<number | null>((resolve) => child.on("close", resolve));
    const pause = () => sleep(700);
    await waitUntilOpen(child.pid!, log);
    await pause();
    appendFileSync(log, values(11, 20));
    await pause();
    // logrotate's default: the file is renamed (a late write still lands in it), then a new one is created.
    renameSync(log, `${log}.1`);
    appendFileSync(`${log}.1`, values(21, 25));
    await pause();
    writeFileSync(log, values(26, 35));
    await pause();
    // copytruncate: the file is copied away and cut to nothing; writing goes on from its start.
    copyFileSync(log, `${log}.2`);
    truncateSync(log, 0);
    appendFileSync(log, values(36, 40));
    await pause();
    // A line still being written when Ctrl-C comes is not read, and that is said.
    appendFileSync(log, "41");
    await pause();
    child.kill("SIGINT");
    expect(await closed, stderr).toBe(0);
    const report = JSON.parse(stdout);
    expect(report.partial).toBeUndefined();
    expect(report.input.lines).toBe(40);
    expect(report.raw.count).toBe(40);
    expect(report.raw.min).toBe(1);
    expect(report.raw.max).toBe(40);
    expect(stderr).not.toMatch(/interrupted/);
    expect(stderr).toContain("access.log: its last 2 bytes are not read: a line without its end (still being written?)");
    expect(stderr.match(/file truncated/g)).toHaveLength(1);
  });

  it("Ctrl-C before what the file held was read through: the report is PARTIAL, exit 130", { timeout: 60_000 }, async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "latstat-follow-"));
    const log = path.join(dir, "big.csv");
    const lines = 8_000_000;
    writeFileSync(log, "latency_ms\n" + "12\n".repeat(lines));
    const child = spawn(process.execPath, [BIN, "--follow", log, "--json", "--co", "off"], { cwd: REPO_ROOT, env: { ...process.env, NO_COLOR: "1" } });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    // The column notice comes once the first chunk is read: 24 MB are left, which take far longer than a signal.
    child.stderr.on("data", (d: Buffer) => {
      const seen = stderr.includes("using column");
      stderr += d.toString();
      if (!seen && stderr.includes("using column")) child.kill("SIGINT");
    });
    const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
    expect(code, stderr).toBe(130);
    const report = JSON.parse(stdout);
    expect(report.partial).toBe(true);
    expect(report.raw.count).toBeGreaterThan(0);
    expect(report.raw.count).toBeLessThan(lines);
    expect(stderr).toMatch(/interrupted: the report covers only what was read before Ctrl-C, marked PARTIAL/);
    expect(stderr).not.toMatch(/not read: a line without its end/);
  });

  it("refuses a compressed file, told by its magic bytes whatever its name: it grows by compressed members, not lines", { timeout: 20_000 }, async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "latstat-follow-"));
    // gzip of 100 lines under a plain name; a zstd frame's magic under a .zst name; xz's under a .log name.
    const files = {
      "plain-name.log": gzipSync(values(1, 100)),
      "i.log.zst": Buffer.from([0x28, 0xb5, 0x2f, 0xfd, 0x20, 0x05, 0x29, 0x00, 0x00, 0x31, 0x0a, 0x32, 0x0a, 0x00]),
      "x.log": Buffer.from([0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00, 0x00, 0x04]),
    };
    const what = { "plain-name.log": "gzip", "i.log.zst": "zstd", "x.log": "xz" };
    for (const [name, bytes] of Object.entries(files)) {
      const file = path.join(dir, name);
      writeFileSync(file, bytes);
      const result = await runCli(["-F", file, "-o", "csv"]);
      expect(result.code, result.stderr).toBe(2);
      expect(result.stdout).toBe("");
      expect(result.stderr).toBe(`latstat: ${file}: ${what[name as keyof typeof what]}-compressed: a compressed file cannot be followed as it grows (read it without --follow, or follow the uncompressed log it is made from)\n`);
    }
  });

  it("follows one file by name, not stdin or several files", async () => {
    const many = await runCli(["--follow", "a.log", "b.log"]);
    expect(many.code).toBe(2);
    expect(many.stderr).toBe("latstat: --follow reads one file by its name (follow one file at a time)\n");
    const stdin = await runCli(["--follow"], { stdin: "1\n" });
    expect(stdin.stderr).toBe("latstat: --follow reads one file by its name (give the log file; a pipe is read as it comes anyway)\n");
  });
});

describe("relative --since/--until", () => {
  it("15m, 2h, 30s, 1.5d are that long before now", () => {
    const now = Date.UTC(2026, 10, 2, 12, 0, 0) * 1e6;
    expect(parseTimeBound("15m", now)).toBe(now - 15 * 60e9);
    expect(parseTimeBound("2h", now)).toBe(now - 2 * 3600e9);
    expect(parseTimeBound("30s", now)).toBe(now - 30e9);
    expect(parseTimeBound("1.5d", now)).toBe(now - 1.5 * 86400e9);
    expect(parseTimeBound("15x", now)).toBeUndefined();
  });

  it("keeps the requests of the last minutes of a log", async () => {
    const start = Date.now() - 30 * 60_000;
    const lines = ["ts,latency_ms", ...Array.from({ length: 30 }, (_, i) => `${(start + i * 60_000) / 1000},${i + 1}`)];
    const result = await runCli(["-f", "csv", "--since", "10m", "--json", "--co", "off"], { stdin: lines.join("\n") + "\n" });
    expect(result.code, result.stderr).toBe(0);
    // Minutes 21..30 of 30 started less than 10 minutes ago (the 20th exactly 10 minutes before the log's "now").
    expect(JSON.parse(result.stdout).raw.count).toBeGreaterThanOrEqual(9);
    expect(JSON.parse(result.stdout).raw.count).toBeLessThanOrEqual(10);
    expect(JSON.parse(result.stdout).raw.min).toBeGreaterThanOrEqual(20);
  });

  it("refuses --since on a log of bare latencies at once, not when the follow is stopped", { timeout: 20_000 }, async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "latstat-follow-"));
    const log = path.join(dir, "plain.log");
    writeFileSync(log, values(1, 100));
    const child = spawn(process.execPath, [BIN, "--follow", log, "--since", "1h"], { cwd: REPO_ROOT, env: { ...process.env, NO_COLOR: "1" } });
    let stderr = "";
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    const closed = new Promise<number | null>((resolve) => child.on("close", resolve));
    // Never stopped: it must end by itself.
    const code = await Promise.race([closed, sleep(15_000).then(() => (child.kill("SIGKILL"), "still following"))]);
    expect(code).toBe(2);
    expect(stderr).toContain("--since/--until need start times, which this input does not have");
  });
});
