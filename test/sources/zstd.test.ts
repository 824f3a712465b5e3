/** zstd input made by the real zstd (Debian: zstd): read as the text it holds, whatever the file's name. */
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { ff, latstatJson, tempFile } from "../helpers/formats.js";
import { runCli } from "../helpers/run-cli.js";

const zstdInstalled = spawnSync("sh", ["-c", "command -v zstd"]).status === 0;
const zstd = (input: Buffer, ...args: string[]) => spawnSync("zstd", ["-q", "-c", ...args], { input }).stdout as Buffer;
const pzstdInstalled = spawnSync("sh", ["-c", "command -v pzstd"]).status === 0;

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

  it("every single damaged byte that zstd -t finds is an error too, exit 2: the frame's checksum is checked", async () => {
    const whole = zstd(plain, "-3");
    // Bytes across the frame: header, block headers, literals, sequences (a seeded walk, the same on every run).
    const offsets = Array.from({ length: 12 }, (_, k) => 6 + Math.floor(((k * 7919) % 997) / 997 * (whole.length - 10)));
    let caught = 0;
    for (const offset of offsets) {
      const damaged = Buffer.from(whole);
      damaged[offset] ^= 0x10;
      const zstdFinds = spawnSync("zstd", ["-q", "-t"], { input: damaged }).status !== 0;
      const result = await runCli([tempFile("flipped.zst", damaged), "--json"]);
      if (!zstdFinds) continue;
      caught++;
      expect(result.code, `byte ${offset}: ${result.stderr}`).toBe(2);
      // Damage that makes the first text decoded garbage is refused as soon as it is seen, as binary data.
      expect(result.stderr).toMatch(
        /flipped\.zst: ((corrupt|truncated) zstd data( \(a frame's content (does not match its checksum|is not the size its header says)\))? at compressed byte \d+|the input looks like binary data)/,
      );
    }
    expect(caught).toBeGreaterThan(6);
  });

  it("frames with and without checksums, and skippable frames between them, read as the text they hold", async () => {
    const skippable = Buffer.concat([Buffer.from([0x5a, 0x2a, 0x4d, 0x18, 5, 0, 0, 0]), Buffer.from("hello")]);
    const joined = Buffer.concat([zstd(plain, "--check"), skippable, zstd(plain, "--no-check"), skippable, zstd(Buffer.from("5\n".repeat(1000)))]);
    const result = await runCli([tempFile("frames.zst", joined), "-f", "caddy", "--json"]);
    expect(result.code, result.stderr).toBe(0);
    // The 1,000 lines of "5" are not Caddy's: rejected, but read (and their frame checked).
    expect(JSON.parse(result.stdout).input.lines).toBe(2 * plain.toString().trim().split("\n").length + 1000);
  });
});

describe.skipIf(!pzstdInstalled)("pzstd output", () => {
  it("is read: it starts with a skippable frame (the size of the frame after it), not a zstd frame's magic", async () => {
    const text = Buffer.from(Array.from({ length: 5000 }, (_, i) => `${(i * 37) % 1000}\n`).join(""));
    const packed = spawnSync("pzstd", ["-q", "-c", "-p", "2"], { input: text }).stdout as Buffer;
    expect(packed.readUInt32LE(0) & 0xfffffff0).toBe(0x184d2a50);
    for (const input of [[tempFile("values.pz.zst", packed)], []]) {
      const result = await runCli([...input, "-f", "plain", "--json"], { stdin: packed });
      expect(result.code, result.stderr).toBe(0);
      expect(JSON.parse(result.stdout).raw.count).toBe(5000);
    }
  });
});

describe.skipIf(!zstdInstalled)("zstd frames, small and split", () => {
  const lines = (n: number) => Array.from({ length: n }, (_, i) => `${i + 1}\n`).join("");

  it("frames of a few bytes (which fzstd holds back until told the input ended) are read, alone and among others", async () => {
    for (const [what, bytes, count] of [
      ["one line", zstd(Buffer.from("5\n")), 1],
      ["one line without a checksum", zstd(Buffer.from("5\n"), "--no-check"), 1],
      ["a tiny frame, then a larger one", Buffer.concat([zstd(Buffer.from("1\n"), "--no-check"), zstd(Buffer.from(lines(30)))]), 31],
      ["two tiny frames", Buffer.concat([zstd(Buffer.from("1\n")), zstd(Buffer.from("2\n"))]), 2],
    ] as const) {
      const result = await runCli([tempFile("tiny.zst", bytes), "-f", "plain", "--json"]);
      expect(result.code, `${what}: ${result.stderr}`).toBe(0);
      expect(JSON.parse(result.stdout).raw.count, what).toBe(count);
    }
  });

  it("read from stdin in chunks of every small size, its headers split anywhere: the same values", async () => {
    const { Readable } = await import("node:stream");
    const joined = Buffer.concat([zstd(Buffer.from(lines(300)), "-1"), zstd(Buffer.from("7\n")), zstd(Buffer.from(lines(50)), "--no-check", "-B1024")]);
    for (const size of [1, 2, 3, 5, 7, 13, 17, 18, 19, 64]) {
      const chunks = Array.from({ length: Math.ceil(joined.length / size) }, (_, i) => joined.subarray(i * size, (i + 1) * size));
      const result = await runCli(["-f", "plain", "--json"], { stdin: Readable.from(chunks) });
      expect(result.code, `chunks of ${size}: ${result.stderr}`).toBe(0);
      expect(JSON.parse(result.stdout).raw.count, `chunks of ${size}`).toBe(351);
    }
  });

  it("bytes after the last frame that are no frame are corrupt data, not a truncated frame, however few", async () => {
    for (const junk of ["garbage!", "x", "xyz"]) {
      const result = await runCli([tempFile("trailing.zst", Buffer.concat([zstd(Buffer.from(lines(30))), Buffer.from(junk)])), "-f", "plain"]);
      expect(result.code, junk).toBe(2);
      expect(result.stderr, junk).toMatch(/trailing\.zst: corrupt zstd data at compressed byte \d+/);
    }
    // The first bytes of a frame's magic number, though, are a frame cut short.
    const whole = zstd(Buffer.from(lines(30)));
    const cut = await runCli([tempFile("cut-magic.zst", Buffer.concat([whole, whole.subarray(0, 2)])), "-f", "plain"]);
    expect(cut.stderr).toMatch(/cut-magic\.zst: truncated zstd data/);
  });
});

describe("xxh64", () => {
  it("gives the published XXH64 digests (low 32 bits), whatever the chunks", async () => {
    const { Xxh64 } = await import("../../src/sources/xxh64.js");
    // xxHash's reference values for seed 0: "" ef46db3751d8e999, "a" d24ec4f1a98c6e5b, "abc" 44bc2cf5ad770999.
    for (const [text, low] of [["", 0x51d8e999], ["a", 0xa98c6e5b], ["abc", 0xad770999]] as const) {
      const hash = new Xxh64();
      hash.update(Buffer.from(text));
      expect(hash.digestLow32()).toBe(low);
    }
  });

  it.skipIf(!zstdInstalled)("equals the checksum zstd writes in its frames, for every length up to 200 and in chunks of every size", async () => {
    const { Xxh64 } = await import("../../src/sources/xxh64.js");
    const data = Buffer.from(Array.from({ length: 200 }, (_, i) => (i * 131 + 7) & 255));
    for (let length = 0; length <= 200; length += 7) {
      const frame = zstd(data.subarray(0, length), "--check");
      const written = frame.readUInt32LE(frame.length - 4);
      for (const chunk of [1, 5, 32, 33, 200]) {
        const hash = new Xxh64();
        for (let i = 0; i < length; i += chunk) hash.update(data.subarray(i, Math.min(length, i + chunk)));
        expect(hash.digestLow32(), `length ${length}, chunks of ${chunk}`).toBe(written);
      }
    }
  });
});
