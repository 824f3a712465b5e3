import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { PROGRESS_MIN_BYTES } from "../../src/cli/progress.js";
import { BIN, REPO_ROOT } from "../helpers/run-cli.js";

const hasScript = spawnSync("sh", ["-c", "command -v script"]).status === 0;
const dir = mkdtempSync(path.join(tmpdir(), "latstat-progress-"));
const BAR = /\[[█░]+\] \d+% \| \d+\/\d+ MB \| \d+ MB\/s \| ETA /;

/** Just over the bar's threshold: "12345\n" lines. */
function largeFile(): { file: string; lines: number } {
  const file = path.join(dir, "large.txt");
  const lines = Math.ceil((PROGRESS_MIN_BYTES + 2 ** 20) / 6);
  writeFileSync(file, "12345\n".repeat(lines));
  return { file, lines };
}

/** Runs latstat with stderr on a terminal (script(1)), stdout to a file; returns what the terminal showed. */
function onTerminal(file: string, ci: string): { terminal: string; report: Record<string, any> } {
  const out = path.join(dir, "report.json");
  const command = `stty rows 24 cols 160; CI=${ci} node ${BIN} ${file} --threads 1 --json > ${out}`;
  const tty = spawnSync("script", ["-qfec", command, "/dev/null"], { cwd: REPO_ROOT, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
  expect(tty.status).toBe(0);
  return { terminal: tty.stdout, report: JSON.parse(readFileSync(out, "utf8")) };
}

describe("progress bar", () => {
  it.skipIf(!hasScript)("shows bytes, rate and ETA on a terminal for a large file, then the whole report", () => {
    const { file, lines } = largeFile();
    const { terminal, report } = onTerminal(file, "");
    expect(terminal).toMatch(BAR);
    expect(report.raw.count).toBe(lines);
  }, 120_000);

  it.skipIf(!hasScript)("is never drawn in CI, even on a terminal", () => {
    const { file } = largeFile();
    expect(onTerminal(file, "true").terminal).not.toMatch(BAR);
  }, 120_000);

  it.skipIf(!hasScript)("shows a file name's escape sequences escaped, and its braces as they are", () => {
    const { file } = largeFile();
    // A name that would set the window title and clear the screen, and a placeholder of the bar's format.
    const hostile = path.join(dir, "big\x1b]0;PWNED\x07\x1b[2J{value}.txt");
    symlinkSync(file, hostile);
    const command = `stty rows 24 cols 200; CI= node ${BIN} "$HOSTILE" --threads 1 --json > /dev/null`;
    const tty = spawnSync("script", ["-qfec", command, "/dev/null"], { cwd: REPO_ROOT, encoding: "utf8", env: { ...process.env, HOSTILE: hostile }, stdio: ["ignore", "pipe", "pipe"] });
    expect(tty.status).toBe(0);
    expect(tty.stdout).toMatch(BAR);
    expect(tty.stdout).not.toContain("\x1b]0;PWNED");
    expect(tty.stdout).toContain("big\\e]0;PWNED\\u{7}\\e[2J{value}.txt [");
  }, 120_000);

  it("is never drawn into a pipe", () => {
    const { file } = largeFile();
    const result = spawnSync(process.execPath, [BIN, file, "--threads", "1"], { cwd: REPO_ROOT, encoding: "utf8", env: { ...process.env, CI: "" } });
    expect(result.status).toBe(0);
    expect(result.stderr).not.toMatch(BAR);
  }, 120_000);
});
