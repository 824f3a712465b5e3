/** Runs a program other than latstat (a shell script of the repository, java), capturing its output. */
import { spawn } from "node:child_process";
import type { CliResult } from "./run-cli.js";

export interface ScriptOptions {
  cwd?: string;
  /** The whole environment of the process (nothing is inherited that is not here). */
  env?: Record<string, string | undefined>;
}

export function runScript(command: string, args: readonly string[], options: ScriptOptions = {}): Promise<CliResult> {
  return new Promise<CliResult>((resolve, reject) => {
    const child = spawn(command, args, { cwd: options.cwd, env: options.env ?? process.env, stdio: ["ignore", "pipe", "pipe"] });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    child.stdout.on("data", (d: Buffer) => stdout.push(d));
    child.stderr.on("data", (d: Buffer) => stderr.push(d));
    child.on("error", reject);
    child.on("close", (code) => resolve({ stdout: Buffer.concat(stdout).toString("utf8"), stderr: Buffer.concat(stderr).toString("utf8"), code }));
  });
}
