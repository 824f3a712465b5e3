import { mkdtempSync, truncateSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { constants, gunzipSync, gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { readChunks, readFile } from "../../src/sources/open.js";

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

  it("names the byte at which corrupt gzip data is found, not the end of a chunk", async () => {
    // Over 1 MiB compressed, so that the damage lies past the first read chunk.
    const whole = gzipSync(Buffer.from(Array.from({ length: 600_000 }, (_, i) => `${i},${(i * 7919) % 1000}\n`).join("")));
    /** The oracle: the shortest prefix zlib rejects when inflated on its own (Z_SYNC_FLUSH: a prefix is no error). */
    const detectedAt = (bytes: Buffer) => {
      const fails = (n: number) => {
        try {
          gunzipSync(bytes.subarray(0, n), { finishFlush: constants.Z_SYNC_FLUSH });
          return false;
        } catch {
          return true;
        }
      };
      let [lo, hi] = [0, bytes.length];
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (fails(mid + 1)) hi = mid;
        else lo = mid + 1;
      }
      return lo;
    };
    // Damage past the first 1 MiB (zlib finds it at the checksum), and an unknown compression method in the header.
    const middle = Buffer.from(whole);
    for (let i = 0; i < 8; i++) middle[1_100_000 + i]! ^= 0xa5;
    const header = Buffer.from(whole);
    header[2] = 7;
    const cases: [string, Buffer][] = [
      ["middle.gz", middle],
      ["header.gz", header],
    ];
    for (const [name, damaged] of cases) {
      const file = path.join(dir, name);
      writeFileSync(file, damaged);
      await expect(readAll(file)).rejects.toThrow(new RegExp(`${name.replace(".", "\\.")}: corrupt gzip data at compressed byte ${detectedAt(damaged)}$`));
    }
  });

  it("stops quietly when aborted, gzipped or not, and counts the bytes read from the file", async () => {
    const text = Buffer.from(Array.from({ length: 400_000 }, (_, i) => `${(i * 7919) % 100_003}.${i % 997}\n`).join(""));
    for (const [name, bytes] of [["big.txt", text], ["big.gz", gzipSync(text, { level: 1 })]] as const) {
      const file = path.join(dir, name);
      writeFileSync(file, bytes);
      let counted = 0;
      let received = 0;
      for await (const chunk of readChunks(file, { onBytes: (n) => (counted += n) })) received += chunk.length;
      expect([counted, received]).toEqual([bytes.length, text.length]);
      const controller = new AbortController();
      received = 0;
      for await (const chunk of readChunks(file, { signal: controller.signal })) {
        received += chunk.length;
        controller.abort();
      }
      expect(received).toBeGreaterThan(0);
      expect(received).toBeLessThan(text.length);
    }
  });

  it("says which file is missing", async () => {
    await expect(readAll(path.join(dir, "nope.log"))).rejects.toThrow(/nope\.log: no such file/);
  });
});

describe("readFile", () => {
  // Bytes that differ at every offset, so a chunk out of place or a stale buffer shows.
  const bytes = Buffer.from(Array.from({ length: 2_600_000 }, (_, i) => (i * 131 + (i >> 8)) & 0xff));
  const file = path.join(dir, "bytes.bin");
  writeFileSync(file, bytes);

  async function chunksOf(start?: number, end?: number, chunkBytes?: number): Promise<Buffer[]> {
    const chunks: Buffer[] = [];
    // Copied: a chunk is valid only until the next.
    for await (const chunk of readFile(file, start, end, chunkBytes)) chunks.push(Buffer.from(chunk));
    return chunks;
  }

  it("gives every byte in order: a first chunk of 64 KB (what detection reads), then chunks of 1 MB", async () => {
    const chunks = await chunksOf();
    expect(Buffer.concat(chunks).equals(bytes)).toBe(true);
    expect(chunks.map((c) => c.length)).toEqual([65_536, 1 << 20, 1 << 20, 2_600_000 - 65_536 - 2 * (1 << 20)]);
  });

  it("reads in chunks of the size asked for, after the first", async () => {
    const chunks = await chunksOf(100, 1_000_000, 256 << 10);
    expect(Buffer.concat(chunks).equals(bytes.subarray(100, 1_000_000))).toBe(true);
    expect(chunks.map((c) => c.length)).toEqual([65_536, 262_144, 262_144, 262_144, 1_000_000 - 100 - 65_536 - 3 * 262_144]);
  });

  it("gives the bytes of a range", async () => {
    expect(Buffer.concat(await chunksOf(1_000_001, 2_500_000)).equals(bytes.subarray(1_000_001, 2_500_000))).toBe(true);
    expect(Buffer.concat(await chunksOf(7, 9)).equals(bytes.subarray(7, 9))).toBe(true);
  });
});

describe("readFile of a file cut while it is read", () => {
  it("ends with an error saying where it ended, not as if the file were whole", async () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), "latstat-shrink-")), "big.log");
    writeFileSync(file, "12\n".repeat(2_000_000));
    const chunks = readFile(file);
    let read = (await chunks.next()).value!.length;
    truncateSync(file, 100_000);
    await expect(
      (async () => {
        for await (const chunk of chunks) read += chunk.length;
      })(),
    ).rejects.toThrow(`big.log: the file shrank while it was read: it is 100000 bytes now, of 6000000 when reading began`);
    expect(read).toBe(100_000);
    // Through readChunks, as an input is read: the same words, not wrapped as an error opening the file.
    writeFileSync(file, "12\n".repeat(2_000_000));
    const input = readChunks(file);
    await input.next();
    truncateSync(file, 100_000);
    const error = await (async () => {
      try {
        for await (const _ of input);
      } catch (caught) {
        return caught as Error;
      }
    })();
    expect(error?.message).toBe(`${file}: the file shrank while it was read: it is 100000 bytes now, of 6000000 when reading began`);
  });

  it("cut far behind where the reader is: says the size it was cut to, not where the reader found the end", async () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), "latstat-shrink-")), "big.log");
    writeFileSync(file, "12\n".repeat(2_000_000));
    const chunks = readFile(file);
    let read = 0;
    // The first chunk (64 KB) and the next (1 MB, read ahead): the reader is past byte 1,000,000 when it is cut.
    for (let i = 0; i < 2; i++) read += (await chunks.next()).value!.length;
    expect(read).toBeGreaterThan(1_000_000);
    truncateSync(file, 100_000);
    await expect(
      (async () => {
        for await (const _ of chunks);
      })(),
    ).rejects.toThrow(`big.log: the file shrank while it was read: it is 100000 bytes now, of 6000000 when reading began`);
  });
});
