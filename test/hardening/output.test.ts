/**
 * Output safety: a result file is never written over an input, and never left half-written — on a failing
 * write, or when the process is interrupted or killed while writing.
 */
import { execFileSync, fork, spawnSync } from "node:child_process";
import { chmodSync, existsSync, lstatSync, mkdtempSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it, vi } from "vitest";
import { UserError } from "../../src/base/errors.js";
import { refuseToOverwriteInputs, writeFileAtomic } from "../../src/cli/write-file-atomic.js";
import { BIN, REPO_ROOT, runCli } from "../helpers/run-cli.js";

function directory(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), "latstat-output-"));
  for (const [name, content] of Object.entries(files)) writeFileSync(path.join(dir, name), content);
  return dir;
}

const VALUES = Array.from({ length: 100 }, (_, i) => `${i + 1}`).join("\n") + "\n";

describe("refusing to write over an input", () => {
  it.each([
    ["the same name", (dir: string) => ["x.log", "x.log"]],
    ["./ spelling", () => ["x.log", "./x.log"]],
    ["an absolute path", (dir: string) => ["x.log", path.join(dir, "x.log")]],
    ["a symlink to the input", () => ["x.log", "link.xml"]],
    ["the input through a symlink", () => ["link.xml", "x.log"]],
    ["a --budgets file", () => ["x.log", "budgets.json"]],
  ])("check --junit onto %s: exit 2, the input untouched", async (_name, paths) => {
    const dir = directory({ "x.log": VALUES, "budgets.json": '["p50 < 1s"]' });
    symlinkSync("x.log", path.join(dir, "link.xml"));
    const [input, output] = paths(dir);
    const result = await runCli(["check", input!, "--budgets", "budgets.json", "--junit", output!], { cwd: dir });
    expect(result.code).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr).toMatch(new RegExp(`^latstat: ${output!.replace(/[./]/g, "\\$&")}: refusing to write over an input file( \\(.+\\))? \\(write the result to another file\\)\\n$`));
    expect(readFileSync(path.join(dir, "x.log"), "utf8")).toBe(VALUES);
    expect(readFileSync(path.join(dir, "budgets.json"), "utf8")).toBe('["p50 < 1s"]');
    expect(readdirSync(dir).sort()).toEqual(["budgets.json", "link.xml", "x.log"]);
  });

  it("compare --hgrm-dir refuses when a side's .hgrm would be another input, before reading", async () => {
    const dir = directory({ a: VALUES, "a.hgrm": "an input named like an output\n" });
    const result = await runCli(["compare", "a", "a.hgrm", "--hgrm-dir", "."], { cwd: dir });
    expect(result.code).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr).toBe("latstat: a.hgrm: refusing to write over an input file (write the result to another file)\n");
    expect(readFileSync(path.join(dir, "a.hgrm"), "utf8")).toBe("an input named like an output\n");
  });

  it("a different file, or stdin as the input, is fine", async () => {
    const dir = directory({ "x.log": VALUES });
    expect((await runCli(["check", "x.log", "--budget", "p50 < 1s", "--junit", "out.xml"], { cwd: dir })).code).toBe(0);
    expect((await runCli(["check", "--budget", "p50 < 1s", "--junit", "x.xml"], { cwd: dir, stdin: VALUES })).code).toBe(0);
    expect(readFileSync(path.join(dir, "out.xml"), "utf8")).toMatch(/^<\?xml/);
  });

  it("writeFileAtomic itself refuses, for writers that forget to check first", async () => {
    const dir = directory({ "x.log": VALUES });
    const file = path.join(dir, "x.log");
    await expect(writeFileAtomic(file, "oops", [file])).rejects.toThrow(UserError);
    await expect(refuseToOverwriteInputs([undefined, path.join(dir, "new.xml")], [file, "-"])).resolves.toBeUndefined();
    expect(readFileSync(file, "utf8")).toBe(VALUES);
  });
});

describe("never a half-written file", () => {
  it("a write that fails half-way leaves the old file and no temporary file", async () => {
    const dir = directory({ "junit.xml": "old contents" });
    const { open } = await import("node:fs/promises");
    const probe = await open(path.join(dir, "junit.xml"), "r");
    const prototype = Object.getPrototypeOf(probe) as { writeFile: (data: string | Uint8Array) => Promise<void>; write: (b: Buffer, o: number, l: number) => Promise<unknown> };
    await probe.close();
    const spy = vi.spyOn(prototype, "writeFile").mockImplementation(async function (this: typeof prototype, data) {
      const buffer = Buffer.from(data);
      await this.write(buffer, 0, buffer.length >> 1);
      throw Object.assign(new Error("no space left on device"), { code: "ENOSPC" });
    });
    try {
      await expect(writeFileAtomic(path.join(dir, "junit.xml"), "<x/>".repeat(10_000), [])).rejects.toThrow(/junit\.xml: cannot write \(ENOSPC\)/);
    } finally {
      spy.mockRestore();
    }
    expect(readdirSync(dir)).toEqual(["junit.xml"]);
    expect(readFileSync(path.join(dir, "junit.xml"), "utf8")).toBe("old contents");
  });

  /** Starts a write that hangs half-way, waits until half is on disk, sends `signal`, and waits for the end. */
  async function interrupt(signal: NodeJS.Signals): Promise<{ dir: string; temporary: string; exit: { code: number | null; signal: NodeJS.Signals | null } }> {
    const dir = directory({ "junit.xml": "old contents" });
    const child = fork(path.join(REPO_ROOT, "test/helpers/interrupted-write.mjs"), [path.join(dir, "junit.xml"), String(8 << 20)], { stdio: "pipe" });
    const temporary = await new Promise<string>((resolve, reject) => {
      child.on("message", (message) => resolve(String(message).replace(/^half-written /, "")));
      child.on("exit", (code) => reject(new Error(`child ended early (${code})`)));
    });
    expect(existsSync(temporary)).toBe(true);
    const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on("exit", (code, s) => resolve({ code, signal: s })));
    child.kill(signal);
    return { dir, temporary, exit: await exit };
  }

  it.each(["SIGTERM", "SIGINT", "SIGHUP"] as const)("%s mid-write: the old file stays, the temporary file is removed, the process dies of the signal", async (signal) => {
    const { dir, temporary, exit } = await interrupt(signal);
    expect(exit).toEqual({ code: null, signal });
    expect(existsSync(temporary)).toBe(false);
    expect(readdirSync(dir)).toEqual(["junit.xml"]);
    expect(readFileSync(path.join(dir, "junit.xml"), "utf8")).toBe("old contents");
  });

  it("SIGKILL mid-write: the old file stays whole (only a hidden temporary file can be left)", async () => {
    const { dir, temporary, exit } = await interrupt("SIGKILL");
    expect(exit.signal).toBe("SIGKILL");
    expect(readFileSync(path.join(dir, "junit.xml"), "utf8")).toBe("old contents");
    expect(path.basename(temporary)).toMatch(/^\.junit\.xml\.\d+\.[0-9a-f]{8}\.tmp$/);
  });
});

describe("what the output path is", () => {
  it("a file written over keeps its permissions (0600 stays 0600, as with cat > file)", async () => {
    const dir = directory({ "x.log": VALUES, "private.xml": "old" });
    chmodSync(path.join(dir, "private.xml"), 0o600);
    expect((await runCli(["check", "x.log", "--budget", "p50 < 1s", "--junit", "private.xml"], { cwd: dir })).code).toBe(0);
    expect(readFileSync(path.join(dir, "private.xml"), "utf8")).toMatch(/^<\?xml/);
    expect(statSync(path.join(dir, "private.xml")).mode & 0o777).toBe(0o600);
  });

  it("a symlink: the file it points to is replaced, the link stays a link", async () => {
    const dir = directory({ "x.log": VALUES, "real.xml": "old" });
    symlinkSync("real.xml", path.join(dir, "link.xml"));
    expect((await runCli(["check", "x.log", "--budget", "p50 < 1s", "--junit", "link.xml"], { cwd: dir })).code).toBe(0);
    expect(lstatSync(path.join(dir, "link.xml")).isSymbolicLink()).toBe(true);
    expect(readFileSync(path.join(dir, "real.xml"), "utf8")).toMatch(/^<\?xml/);
    expect(readdirSync(dir).sort()).toEqual(["link.xml", "real.xml", "x.log"]);
  });

  it("a symlink to nothing, or a directory, is refused", async () => {
    const dir = directory({ "x.log": VALUES });
    symlinkSync("nothing.xml", path.join(dir, "dangling.xml"));
    const dangling = await runCli(["check", "x.log", "--budget", "p50 < 1s", "--junit", "dangling.xml"], { cwd: dir });
    expect(dangling.code).toBe(2);
    expect(dangling.stderr).toBe("latstat: dangling.xml: a symbolic link to a file that does not exist (give the path of the file to write)\n");
    const folder = await runCli(["check", "x.log", "--budget", "p50 < 1s", "--junit", "."], { cwd: dir });
    expect(folder.code).toBe(2);
    expect(folder.stderr).toBe("latstat: .: cannot write a result to a directory (give the path of a file; devices such as /dev/null and FIFOs are written to as they are)\n");
  });

  it("a FIFO is written through to its reader, and stays a FIFO", async () => {
    const dir = directory({});
    const fifo = path.join(dir, "pipe");
    execFileSync("mkfifo", [fifo]);
    const [read] = await Promise.all([readFile(fifo, "utf8"), writeFileAtomic(fifo, "through the pipe\n", [])]);
    expect(read).toBe("through the pipe\n");
    expect(lstatSync(fifo).isFIFO()).toBe(true);
    expect(readdirSync(dir)).toEqual(["pipe"]);
  });

  it("a character device is written through, not replaced by a file", async () => {
    const dir = directory({});
    const device = path.join(dir, "null");
    try {
      // A null device of our own (needs root), so that a regression cannot replace the machine's /dev/null.
      execFileSync("mknod", [device, "c", "1", "3"], { stdio: "ignore" });
    } catch {
      return;
    }
    await writeFileAtomic(device, "gone", []);
    expect(lstatSync(device).isCharacterDevice()).toBe(true);
    expect(readdirSync(dir)).toEqual(["null"]);
    // /dev/full takes nothing: said as a write error, and it stays a device.
    await expect(writeFileAtomic("/dev/full", "x", [])).rejects.toThrow("/dev/full: cannot write (ENOSPC)");
    expect(lstatSync("/dev/full").isCharacterDevice()).toBe(true);
  });

  it.each([["/dev/stdin"], ["/proc/self/fd/0"]])("reading stdin, --html %s is refused before reading", async (name) => {
    const result = await runCli(["-", "--html", name], { stdin: VALUES });
    expect(result).toEqual({ stdout: "", stderr: `latstat: ${name}: refusing to write over an input (stdin) (write the result to another file)\n`, code: 2 });
  });

  it("--html - is refused before reading: a file named -, not stdout", async () => {
    const result = await runCli(["-", "--html", "-"], { stdin: VALUES });
    expect(result).toEqual({ stdout: "", stderr: "latstat: --html -: writes a file, not stdout (which holds the report) (give a file name, e.g. --html latency.html)\n", code: 2 });
  });

  it("the file stdin is redirected from is refused as an output (spawned: the process's own stdin)", async () => {
    const dir = directory({ "x.log": VALUES });
    const result = spawnSync("bash", ["-c", `${process.execPath} ${BIN} --svg x.log < x.log`], { cwd: dir, encoding: "utf8" });
    expect(result.status).toBe(2);
    expect(result.stderr).toBe("latstat: x.log: refusing to write over an input (stdin) (write the result to another file)\n");
    expect(readFileSync(path.join(dir, "x.log"), "utf8")).toBe(VALUES);
  });
});
