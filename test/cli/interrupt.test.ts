import { execFileSync, spawn } from "node:child_process";
import { closeSync, constants, existsSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, writeFileSync, writeSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { BIN, fixture, REPO_ROOT } from "../helpers/run-cli.js";

/**
 * Starts latstat on a stdin that stays open, writes `input`, waits until stderr says the input is being read
 * (the CSV column notice) and a little more, then sends SIGINT.
 */
function interruptAfter(input: string, args: string[], trigger = "using column", cwd = REPO_ROOT): Promise<{ stdout: string; stderr: string; code: number | null }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd, env: { ...process.env, NO_COLOR: "1" } });
    let stdout = "";
    let stderr = "";
    let sent = false;
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => {
      stderr += d.toString();
      if (!sent && stderr.includes(trigger)) {
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

  it("keeps an input of fewer than three bytes read before Ctrl-C (held back to look for a byte-order mark)", async () => {
    const child = spawn(process.execPath, [BIN, "-f", "plain", "--json"], { cwd: REPO_ROOT, env: { ...process.env, NO_COLOR: "1" } });
    let stdout = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    const closed = new Promise<number | null>((resolve) => child.on("close", resolve));
    child.stdin.write("5\n");
    setTimeout(() => child.kill("SIGINT"), 1_000);
    expect(await closed).toBe(130);
    expect(JSON.parse(stdout).raw.count).toBe(1);
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

/** Every command prints what it read, marked PARTIAL in its format, writes no result file, and exits 130. */
describe("Ctrl-C in every command", () => {
  const PARTIAL = "PARTIAL: reading was interrupted (Ctrl-C); these figures cover only the lines read before it";
  const TIMED = "ts,latency_ms\n1,12\n2,15\n3,9\n4,9.5\n";
  const scratch = () => mkdtempSync(path.join(tmpdir(), "latstat-interrupt-"));

  it("check: the verdict marked, no --junit or --html, 130 — not 0 or 1", async () => {
    const dir = scratch();
    const result = await interruptAfter(TIMED, ["check", "-f", "csv", "--co", "off", "--budget", "p50 < 1s", "--junit", "j.xml", "--html", "c.html"], "using column", dir);
    expect(result.code).toBe(130);
    expect(result.stdout.split("\n")[0]).toBe(PARTIAL);
    expect(result.stdout).toMatch(/5 lines: 4 recorded, 1 skipped/);
    expect(result.stderr).toMatch(/interrupted: the verdict covers only what was read before Ctrl-C, marked PARTIAL; not written: j\.xml, c\.html\n$/);
    expect(existsSync(path.join(dir, "j.xml")) || existsSync(path.join(dir, "c.html"))).toBe(false);
    const json = await interruptAfter(TIMED, ["check", "-f", "csv", "--co", "off", "--budget", "p50 < 1s", "--json"]);
    expect(json.code).toBe(130);
    expect(JSON.parse(json.stdout)).toMatchObject({ schema: 1, partial: true, samples: 4 });
  });

  it("report -o csv and -o hgrm: a # PARTIAL comment first", async () => {
    for (const output of ["csv", "hgrm"]) {
      const result = await interruptAfter(INPUT, ["-f", "csv", "--co", "off", "-o", output]);
      expect(result.code).toBe(130);
      expect(result.stdout.split("\n")[0]).toBe(`# ${PARTIAL}`);
    }
  });

  it("report --html: the page is not written", async () => {
    const dir = scratch();
    const result = await interruptAfter(INPUT, ["-f", "csv", "--co", "off", "--html", "r.html", "--svg", "r.svg"], "using column", dir);
    expect(result.code).toBe(130);
    expect(result.stderr).toMatch(/not written: r\.html, r\.svg\n$/);
    expect(existsSync(path.join(dir, "r.html")) || existsSync(path.join(dir, "r.svg"))).toBe(false);
  });

  it("timeline: the table, the CSV and the JSON marked", async () => {
    const table = await interruptAfter(TIMED, ["timeline", "-f", "csv", "--interval", "1s"], "start time");
    expect(table.code).toBe(130);
    const [partial, inputs, lines, rows] = table.stdout.split("\n");
    expect([partial, inputs, rows]).toEqual([PARTIAL, "(stdin), format csv, unsuffixed numbers read as ms (from column name)", "4 rows, windows of 1s, times from the run's start, not dates"]);
    expect(lines).toMatch(/^\d+ lines: \d+ recorded, /);
    const csv = await interruptAfter(TIMED, ["timeline", "-f", "csv", "--interval", "1s", "-o", "csv"], "start time");
    expect(csv.stdout.split("\n")[0]).toBe(`# ${PARTIAL}`);
    const json = await interruptAfter(TIMED, ["timeline", "-f", "csv", "--interval", "1s", "--json"], "start time");
    expect(JSON.parse(json.stdout)).toMatchObject({ schema: 1, partial: true });
  });

  it("convert: the log of what was read, a # PARTIAL comment first (readers skip # lines)", async () => {
    const result = await interruptAfter(TIMED, ["convert", "-f", "csv", "--interval", "1s"], "start time");
    expect(result.code).toBe(130);
    expect(result.stdout.split("\n")[0]).toBe(`# ${PARTIAL}`);
    const dir = scratch();
    writeFileSync(path.join(dir, "partial.hlog"), result.stdout);
    const { runCli } = await import("../helpers/run-cli.js");
    const reread = await runCli([path.join(dir, "partial.hlog"), "--json"]);
    expect(reread.code).toBe(0);
    expect(JSON.parse(reread.stdout).raw.count).toBe(4);
  });

  it("report -o hlog: the log of what was read, marked as convert's; merge -o FILE: nothing written, said", async () => {
    const hlog = await interruptAfter(TIMED, ["report", "-f", "csv", "-o", "hlog"], "start time");
    expect(hlog.code).toBe(130);
    expect(hlog.stdout.split("\n")[0]).toBe(`# ${PARTIAL}`);
    expect(hlog.stdout).toMatch(/HIST/);
    const dir = scratch();
    const target = path.join(dir, "merged.hlog");
    const merge = await interruptAfter(TIMED, ["merge", "-", "-f", "csv", "-o", target], "start time");
    expect(merge.code).toBe(130);
    expect(merge.stderr).toContain(`latstat: interrupted: nothing merged; not written: ${target}`);
    expect(existsSync(target)).toBe(false);
  });

  it("plot and compare: marked, 130", async () => {
    const plot = await interruptAfter(INPUT, ["plot", "-f", "csv", "--co", "off"]);
    expect(plot.code).toBe(130);
    expect(plot.stdout.split("\n")[0]).toBe(PARTIAL);
    // The base is read whole; the candidate, stdin, is interrupted.
    const compare = await interruptAfter(INPUT, ["compare", fixture("demo.log"), "-", "-f", "csv", "--co", "off", "--json"], "(stdin): using column");
    expect(compare.code).toBe(130);
    expect(JSON.parse(compare.stdout)).toMatchObject({ schema: 1, command: "compare", partial: true });
  });
});

/**
 * Several files read at once on worker threads (ingest/ingest-files.ts), each a named pipe that the test writes
 * into: the main thread and both workers are then stopped in the middle of their file, with a known number of
 * lines read from each. Ctrl-C must keep every file's lines read until then, not only those of files that ended.
 */
describe.runIf(existsSync("/proc/self/task"))("Ctrl-C while several files are read on worker threads", () => {
  /** Whether every thread of `pid` is asleep (waiting on a pipe), as /proc says. */
  const asleep = (pid: number) =>
    readdirSync(`/proc/${pid}/task`).every((task) => {
      try {
        return / S /.test(readFileSync(`/proc/${pid}/task/${task}/stat`, "utf8").replace(/^.*\)/, ""));
      } catch {
        return true; // a thread that ended meanwhile
      }
    });
  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
  /** Opens the pipe for writing once the reader has opened it (before that, a non-blocking open fails). */
  const openWriter = async (fifo: string): Promise<number> => {
    for (;;) {
      try {
        return openSync(fifo, constants.O_WRONLY | constants.O_NONBLOCK);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== "ENXIO") throw error;
        await sleep(20);
      }
    }
  };

  it("keeps what every file had read, marked PARTIAL, and exits 130", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "latstat-interrupt-files-"));
    // File k holds 1000·(k+1) lines of 10·(k+1) ms: 3 B each, under a pipe's 64 KiB, so each write goes in whole.
    const fifos = [0, 1, 2].map((k) => path.join(dir, `part-${k}.log`));
    for (const fifo of fifos) execFileSync("mkfifo", [fifo]);
    const child = spawn(process.execPath, [BIN, ...fifos, "-f", "plain", "--threads", "3", "--json", "--co", "off"], { env: { ...process.env, NO_COLOR: "1" } });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    const closed = new Promise<number | null>((resolve) => child.on("close", resolve));
    const writers = await Promise.all(fifos.map(openWriter));
    writers.forEach((fd, k) => writeSync(fd, `${10 * (k + 1)}\n`.repeat(1000 * (k + 1))));
    // Every thread asleep several times running: the lines were read and latstat waits for more.
    for (let quiet = 0; quiet < 5; quiet = asleep(child.pid!) ? quiet + 1 : 0) await sleep(50);
    child.kill("SIGINT");
    await sleep(300);
    // A line begun before Ctrl-C and ended after it is no line: not counted.
    writers.forEach((fd) => writeSync(fd, "99"));
    writers.forEach((fd) => closeSync(fd));
    const code = await closed;
    rmSync(dir, { recursive: true, force: true });
    expect(stderr).toMatch(/interrupted: the report covers only what was read before Ctrl-C/);
    expect(code).toBe(130);
    const report = JSON.parse(stdout);
    expect(report.partial).toBe(true);
    expect(report.input.files).toEqual(fifos);
    expect(report.input).toMatchObject({ lines: 6000, recorded: 6000, rejected: 0 });
    expect(report.raw).toMatchObject({ count: 6000, min: 10, max: 30 });
    // 1000 × 10 + 2000 × 20 + 3000 × 30 over 6000; HDR buckets of 3 digits.
    expect(report.raw.mean).toBeCloseTo(140000 / 6000, 1);
    expect(report.raw.percentiles["50"]).toBeCloseTo(20, 1);
  }, 30_000);
});
