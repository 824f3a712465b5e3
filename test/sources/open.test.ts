import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { readChunks } from "../../src/sources/open.js";

const dir = mkdtempSync(path.join(tmpdir(), "latstat-open-"));

async function readAll(file: string): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of readChunks(file)) chunks.push(chunk);
  return Buffer.concat(chunks).toString("utf8");
}

describe("readChunks", () => {
  it("gunzips by magic bytes whatever the name", async () => {
    const file = path.join(dir, "values.txt");
    writeFileSync(file, gzipSync("1\n2\n3\n"));
    expect(await readAll(file)).toBe("1\n2\n3\n");
  });

  it("reads concatenated gzip members", async () => {
    const file = path.join(dir, "multi.gz");
    writeFileSync(file, Buffer.concat([gzipSync("1\n"), gzipSync("2\n")]));
    expect(await readAll(file)).toBe("1\n2\n");
  });

  it("names the byte offset of truncated gzip data", async () => {
    const file = path.join(dir, "cut.gz");
    const whole = gzipSync("12\n".repeat(10_000));
    writeFileSync(file, whole.subarray(0, whole.length - 20));
    await expect(readAll(file)).rejects.toThrow(/cut\.gz: truncated gzip data at compressed byte \d+/);
  });

  it("says which file is missing", async () => {
    await expect(readAll(path.join(dir, "nope.log"))).rejects.toThrow(/nope\.log: no such file/);
  });
});
