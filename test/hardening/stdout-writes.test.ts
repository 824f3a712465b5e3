/**
 * Every write to stdout and stderr is checked: output that did not arrive — a full device, a short write on a file
 * that reached its size limit — is one line on stderr and exit 2, never a stack trace, never 0, and for `check`
 * never 1 (which would read "budget failed"). Spawned: the process's own file descriptors are what is tested.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { Readable, Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { main } from "../../src/cli/main.js";
import { BIN, fixture, REPO_ROOT } from "../helpers/run-cli.js";

/** Runs `script` in bash (latstat is `$LATSTAT`), returning its exit code and stderr. */
function shell(script: string): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn("bash", ["-c", script], { cwd: REPO_ROOT, env: { ...process.env, NO_COLOR: "1", LATSTAT: `${process.execPath} ${BIN}` } });
    let stderr = "";
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stderr }));
  });
}

const DEMO = fixture("demo.log");
const FULL = "latstat: cannot write to stdout: no space left on device\n";

describe("stdout on /dev/full", () => {
  it.each([
    ["report", `$LATSTAT ${DEMO} --co off`],
    ["check with a failing budget", `$LATSTAT check ${DEMO} --co off --budget 'p99 < 1ns'`],
    ["timeline -o csv", `$LATSTAT timeline ${DEMO} -o csv`],
    ["--help", "$LATSTAT --help"],
  ])("%s: one line on stderr, exit 2", async (_name, command) => {
    const result = await shell(`${command} > /dev/full 2> >(grep -v '^latstat: .*using column' >&2)`);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(FULL);
  });
});

describe("a short write", () => {
  it("convert on a file that reaches its size limit (ulimit -f) is an error, not 16 KB and exit 0", async () => {
    const out = path.join(mkdtempSync(path.join(tmpdir(), "latstat-short-")), "c.hlog");
    // SIGXFSZ ignored: the write that crosses the limit is short, the next one fails with EFBIG.
    const result = await shell(`ulimit -f 16; trap '' XFSZ; exec $LATSTAT convert ${DEMO} --interval 100ms 2>&1 >${out} | grep -v 'using column' >&2`);
    expect(result.stderr).toBe("latstat: cannot write to stdout: file too large\n");
    expect(result.code).toBe(0); // grep's; the latstat process is checked below
    const direct = await shell(`ulimit -f 16; trap '' XFSZ; $LATSTAT convert ${DEMO} --interval 100ms >${out} 2>/dev/null`);
    expect(direct.code).toBe(2);
    expect(statSync(out).size).toBe(16 * 1024);
  });
});

describe("stderr that cannot be written to", () => {
  it("turns success into exit 2 (the notices were lost), without a trace", async () => {
    const result = await shell(`$LATSTAT ${DEMO} --co off > /dev/null 2>/dev/full`);
    expect(result.code).toBe(2);
  });
});

describe("a stream that fails (a pipe, a socket)", () => {
  it("is said once and exit 2, in process", async () => {
    const failing = new Writable({
      write(_chunk, _encoding, done) {
        done(Object.assign(new Error("ENOSPC: no space left on device, write"), { code: "ENOSPC" }));
      },
    });
    const stderr: string[] = [];
    const capture = new Writable({
      write(chunk, _encoding, done) {
        stderr.push(String(chunk));
        done();
      },
    });
    const code = await main(["check", DEMO, "--co", "off", "--budget", "p99 < 1ns"], { stdout: failing, stderr: capture, stdin: Readable.from([]), env: { NO_COLOR: "1" } });
    expect(code).toBe(2);
    expect(stderr.filter((line) => !line.includes("using column"))).toEqual([FULL]);
  });
});
