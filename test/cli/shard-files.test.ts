/** `latstat merge DIR` and `latstat merge 'PATTERN'`: the shards a directory or a quoted glob stands for. */
import { linkSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../helpers/run-cli.js";

const dir = mkdtempSync(path.join(tmpdir(), "latstat-shards-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function merged(args: string[]): Promise<{ files: string[]; count: number }> {
  const result = await runCli(["merge", ...args, "--json"], { cwd: dir });
  expect(result.code, result.stderr).toBe(0);
  const document = JSON.parse(result.stdout) as { input: { files: string[] }; raw: { count: number } };
  return { files: document.input.files, count: document.raw.count };
}

async function refused(args: string[]): Promise<string> {
  const result = await runCli(["merge", ...args], { cwd: dir });
  expect(result.code).toBe(2);
  expect(result.stdout).toBe("");
  return result.stderr;
}

describe("latstat merge: directories and glob patterns of shards", () => {
  beforeAll(async () => {
    mkdirSync(path.join(dir, "out", "nested"), { recursive: true });
    // Shard k holds k values, so each count says which shards were added. Names out of creation order.
    const shards = { "out/b.hlog": 2, "out/a.hlog": 1, "out/c.hlog": 3, "out/nested/d.hlog": 4, "out/.hidden.hlog": 5, "part-10": 6, "part-9": 7 };
    for (const [name, count] of Object.entries(shards)) {
      const convert = await runCli(["convert", "-f", "plain"], { stdin: Array.from({ length: count }, (_, i) => `${i + 1}ms\n`).join("") });
      expect(convert.code, convert.stderr).toBe(0);
      writeFileSync(path.join(dir, name), convert.stdout);
    }
    writeFileSync(path.join(dir, "out", "notes.txt"), "not a shard\n");
    symlinkSync("a.hlog", path.join(dir, "out", "link-to-a.hlog.bak"));
    mkdirSync(path.join(dir, "empty"));
  });

  it("takes every *.hlog of a directory, in name order: no subdirectory, hidden file or other name", async () => {
    expect(await merged(["out"])).toEqual({ files: ["out/a.hlog", "out/b.hlog", "out/c.hlog"], count: 6 });
    expect(await merged(["out/"])).toEqual({ files: ["out/a.hlog", "out/b.hlog", "out/c.hlog"], count: 6 });
  });

  it("expands a quoted glob pattern, in name order (code units: part-10 before part-9)", async () => {
    expect(await merged(["part-*"])).toEqual({ files: ["part-10", "part-9"], count: 13 });
    expect(await merged(["out/**/*.hlog"])).toEqual({ files: ["out/a.hlog", "out/b.hlog", "out/c.hlog", "out/nested/d.hlog"], count: 10 });
    expect(await merged(["out/[ab].hlog", "part-9"])).toEqual({ files: ["out/a.hlog", "out/b.hlog", "part-9"], count: 10 });
  });

  it("reads a file whose name looks like a pattern as that file", async () => {
    writeFileSync(path.join(dir, "odd[1].hlog"), (await runCli(["convert", "-f", "plain"], { stdin: "5ms\n" })).stdout);
    expect(await merged(["odd[1].hlog"])).toEqual({ files: ["odd[1].hlog"], count: 1 });
  });

  it("refuses a directory without shards, a pattern without matches, and a file named twice", async () => {
    expect(await refused(["empty"])).toBe("latstat: empty: no *.hlog files in the directory (name the logs, or a pattern such as 'empty/*' in quotes)\n");
    expect(await refused(["nothing-*.hlog"])).toBe("latstat: nothing-*.hlog: no file matches the pattern (check the pattern; hidden files (.name) match only a pattern that starts with a dot)\n");
    expect(await refused(["out", "out/*.hlog"])).toBe("latstat: out/a.hlog: given twice, so its histograms would be added twice (name each shard once)\n");
    expect(await refused(["missing.hlog"])).toContain("missing.hlog");
  });

  it("refuses a file named twice through a symbolic link, a hard link, or a linked directory", async () => {
    symlinkSync("a.hlog", path.join(dir, "out", "sym.hlog"));
    linkSync(path.join(dir, "out", "a.hlog"), path.join(dir, "hard.hlog"));
    symlinkSync("out", path.join(dir, "out-link"));
    try {
      expect(await refused(["out/a.hlog", "out/sym.hlog"])).toBe("latstat: out/sym.hlog: given twice, so its histograms would be added twice (name each shard once)\n");
      expect(await refused(["out/a.hlog", "hard.hlog"])).toBe("latstat: hard.hlog: given twice, so its histograms would be added twice (name each shard once)\n");
      expect(await refused(["out/a.hlog", "out-link/a.hlog"])).toBe("latstat: out-link/a.hlog: given twice, so its histograms would be added twice (name each shard once)\n");
    } finally {
      for (const name of ["out/sym.hlog", "hard.hlog", "out-link"]) rmSync(path.join(dir, name));
    }
  });

  it("never writes the merged log over a shard of the directory it reads", async () => {
    const target = path.join("out", "all.hlog");
    const first = await runCli(["merge", "out", "-o", target], { cwd: dir });
    expect(first.code, first.stderr).toBe(0);
    // The merged log is now one of the directory's *.hlog: merging again must not add it to itself, nor replace it.
    const again = await runCli(["merge", "out", "-o", target], { cwd: dir });
    expect(again.code).toBe(2);
    expect(again.stderr).toContain("all.hlog");
    rmSync(path.join(dir, target));
  });
});
