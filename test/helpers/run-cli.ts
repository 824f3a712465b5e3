/** Runs the built latstat binary as a user would, capturing stdout, stderr and the exit code. */
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import path from "node:path";

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
}

export interface RunOptions {
  /** Bytes written to stdin (stdin is closed either way). */
  stdin?: string | Buffer;
  env?: Record<string, string>;
  cwd?: string;
}

export function runCli(args: string[], options: RunOptions = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd: options.cwd ?? REPO_ROOT,
      env: { ...process.env, NO_COLOR: "1", ...options.env },
    });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    child.stdout.on("data", (d: Buffer) => stdout.push(d));
    child.stderr.on("data", (d: Buffer) => stderr.push(d));
    child.on("error", reject);
    child.on("close", (code) =>
      resolve({ stdout: Buffer.concat(stdout).toString("utf8"), stderr: Buffer.concat(stderr).toString("utf8"), code }),
    );
    child.stdin.on("error", () => {});
    child.stdin.end(options.stdin ?? "");
  });
}
