/**
 * Runs latstat as a user would, capturing stdout, stderr and the exit code: in this process by default (the CLI's
 * entry with captured streams, as fast as a function call), or as a real process of the built binary where a
 * process matters — exit by signal, broken pipes, TTYs, worker threads, peak memory (`spawn: true`).
 */
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { pipeline } from "node:stream/promises";
import { Readable, Writable } from "node:stream";
import { fileURLToPath } from "node:url";
import path from "node:path";
import { main } from "../../src/cli/main.js";

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
export const BIN = path.join(REPO_ROOT, "bin/latstat.js");

/** Absolute path of a file under fixtures/. */
export function fixture(...parts: string[]): string {
  return path.join(REPO_ROOT, "fixtures", ...parts);
}

export interface CliResult {
  stdout: string;
  stderr: string;
  code: number | null;
  /** Peak resident memory of the process in kilobytes, when asked for with `measureRss`. */
  maxRssKb?: number;
}

export interface RunOptions {
  /** Bytes written to stdin, or a stream piped into it (stdin is closed either way). */
  stdin?: string | Buffer | Readable;
  /** Run the built binary in a process of its own (implied by `measureRss`). */
  spawn?: boolean;
  /** Measure the peak RSS of the process (scripts/max-rss-hook.cjs). */
  measureRss?: boolean;
  env?: Record<string, string>;
  cwd?: string;
}

export function runCli(args: string[], options: RunOptions = {}): Promise<CliResult> {
  return options.spawn || options.measureRss ? runProcess(args, options) : runInProcess(args, options);
}

/** Collects what is written to it. */
class Capture extends Writable {
  private readonly chunks: Buffer[] = [];

  override _write(chunk: Buffer | string, _encoding: BufferEncoding, done: () => void): void {
    this.chunks.push(Buffer.from(chunk));
    done();
  }

  text(): string {
    return Buffer.concat(this.chunks).toString("utf8");
  }
}

/** Runs given a working directory of their own, one after another (the working directory is the process's). */
let cwdRuns: Promise<unknown> = Promise.resolve();

/**
 * Calls the CLI's entry with captured streams, stdin from `options.stdin` and the environment a spawned run
 * would have; runs may overlap (each has its own streams), except those that change the working directory.
 */
function runInProcess(args: string[], options: RunOptions): Promise<CliResult> {
  const run = async (): Promise<CliResult> => {
    const stdout = new Capture();
    const stderr = new Capture();
    const input = options.stdin ?? "";
    const stdin = typeof input === "string" || Buffer.isBuffer(input) ? Readable.from([Buffer.from(input)]) : input;
    const env = { ...process.env, NO_COLOR: "1", ...options.env };
    const code = await main(args, { stdout, stderr, stdin, env });
    return { stdout: stdout.text(), stderr: stderr.text(), code };
  };
  if (options.cwd === undefined) return run();
  const cwd = options.cwd;
  const result = cwdRuns.then(async () => {
    const previous = process.cwd();
    process.chdir(cwd);
    try {
      return await run();
    } finally {
      process.chdir(previous);
    }
  });
  cwdRuns = result.catch(() => {});
  return result;
}

function runProcess(args: string[], options: RunOptions): Promise<CliResult> {
  const rssDir = options.measureRss ? mkdtempSync(path.join(tmpdir(), "latstat-rss-")) : undefined;
  const rssFile = rssDir === undefined ? undefined : path.join(rssDir, "max-rss");
  const preload = rssFile === undefined ? [] : ["--require", path.join(REPO_ROOT, "scripts/max-rss-hook.cjs")];
  return new Promise<CliResult>((resolve, reject) => {
    const child = spawn(process.execPath, [...preload, BIN, ...args], {
      cwd: options.cwd ?? REPO_ROOT,
      env: { ...process.env, NO_COLOR: "1", ...options.env, ...(rssFile === undefined ? {} : { LATSTAT_MAX_RSS_FILE: rssFile }) },
    });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    child.stdout.on("data", (d: Buffer) => stdout.push(d));
    child.stderr.on("data", (d: Buffer) => stderr.push(d));
    child.on("error", reject);
    child.on("close", (code) => {
      const result: CliResult = { stdout: Buffer.concat(stdout).toString("utf8"), stderr: Buffer.concat(stderr).toString("utf8"), code };
      if (rssFile !== undefined) {
        result.maxRssKb = Number(readFileSync(rssFile, "utf8"));
        rmSync(rssDir!, { recursive: true, force: true });
      }
      resolve(result);
    });
    child.stdin.on("error", () => {});
    const input = options.stdin ?? "";
    if (typeof input === "string" || Buffer.isBuffer(input)) child.stdin.end(input);
    // The child may stop reading early (an error): a broken pipe then is not the test's failure.
    else pipeline(input, child.stdin).catch(() => {});
  });
}
