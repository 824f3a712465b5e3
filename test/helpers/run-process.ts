/**
 * Runs a program to its end without blocking the test worker (a synchronous spawn stops vitest's own messages,
 * which time out on a loaded machine), capturing stdout, stderr and the exit status; never rejects on a status.
 */
import { spawn } from "node:child_process";

export interface ProcessResult {
  stdout: string;
  stderr: string;
  /** The exit code, or null when a signal (or the timeout) ended it. */
  status: number | null;
}

export interface ProcessOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  input?: string;
  /** Milliseconds before the process is killed (default 120 s). */
  timeout?: number;
}

export function runProcess(file: string, args: readonly string[], options: ProcessOptions = {}): Promise<ProcessResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { cwd: options.cwd, env: options.env, timeout: options.timeout ?? 120_000 });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    child.stdout.on("data", (d: Buffer) => stdout.push(d));
    child.stderr.on("data", (d: Buffer) => stderr.push(d));
    child.on("error", reject);
    child.on("close", (status) => resolve({ stdout: Buffer.concat(stdout).toString("utf8"), stderr: Buffer.concat(stderr).toString("utf8"), status }));
    child.stdin.on("error", () => {});
    child.stdin.end(options.input ?? "");
  });
}

/** Runs a shell script as the documentation's examples and recipes are run: bash, stopping at the first failure. */
export function runShell(script: string, options: ProcessOptions = {}): Promise<ProcessResult> {
  return runProcess("bash", ["-e", "-o", "pipefail", "-c", script], options);
}
