/** zstd input made by the real zstd (Debian: zstd): read as the text it holds, whatever the file's name. */
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { ff, latstatJson, tempFile } from "../helpers/formats.js";
import { runCli } from "../helpers/run-cli.js";

const zstdInstalled = spawnSync("sh", ["-c", "command -v zstd"]).status === 0;
const zstd = (input: Buffer, ...args: string[]) => spawnSync("zstd", ["-q", "-c", ...args], { input }).stdout as Buffer;

describe.skipIf(!zstdInstalled)("zstd input", () => {
  const plain = readFileSync(ff("caddy/access.log"));

  it("reads a .zst file as the file it holds (and one with another name, by its magic bytes)", async () => {
    const expected = await latstatJson([ff("caddy/access.log")]);
    for (const [name, level] of [["access.log.zst", "-3"], ["access-log", "-19"]] as const) {
      const document = await latstatJson([tempFile(name, zstd(plain, level))]);
      expect(document.input.format).toBe("caddy");
      expect(document.input.lines).toBe(expected.input.lines);
      expect(document.raw).toEqual(expected.raw);
    }
  });

  it("reads frames one after another (cat a.zst b.zst), from stdin too", async () => {
    const twice = Buffer.concat([zstd(plain), zstd(plain)]);
    const result = await runCli(["--json"], { stdin: twice });
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout).input.lines).toBe(2 * plain.toString().trim().split("\n").length);
  });

  it("a truncated or corrupt file is an error naming the compressed byte, exit 2", async () => {
    const whole = zstd(plain);
    const truncated = await runCli([tempFile("cut.zst", whole.subarray(0, whole.length - 100))]);
    expect(truncated.code).toBe(2);
    expect(truncated.stderr).toMatch(/cut\.zst: truncated zstd data at compressed byte \d+ \(the file is damaged or still being written\)\n$/);
    const corrupt = Buffer.from(whole);
    for (let i = 40; i < 200; i++) corrupt[i] = 0xff;
    const damaged = await runCli([tempFile("corrupt.zst", corrupt)]);
    expect(damaged.code).toBe(2);
    expect(damaged.stderr).toMatch(/corrupt\.zst: (corrupt|truncated) zstd data at compressed byte \d+/);
    expect(damaged.stderr).not.toMatch(/\n\s+at /);
  });
});
