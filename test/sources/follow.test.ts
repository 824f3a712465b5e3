/** followFile (sources/follow.ts) driven step by step: what it reads when the file changes while it waits. */
import { appendFileSync, mkdtempSync, renameSync, truncateSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { describe, expect, it } from "vitest";
import { followFile } from "../../src/sources/follow.js";

const lines = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => `${from + i}\n`).join("");

/**
 * Follows a log of lines 1-10, lets the next read reach the end and wait a poll, makes `change` to the file while it
 * waits, and returns what that read then gives.
 */
async function readAfter(change: (file: string) => void): Promise<string> {
  const file = path.join(mkdtempSync(path.join(tmpdir(), "latstat-follow-")), "app.log");
  writeFileSync(file, lines(1, 10));
  const stop = new AbortController();
  const chunks = followFile(file, stop.signal, {}, { pollMs: 300 });
  expect(String((await chunks.next()).value)).toBe(lines(1, 10));
  const next = chunks.next();
  await sleep(100);
  change(file);
  const read = String((await next).value);
  stop.abort();
  await chunks.return(undefined);
  return read;
}

describe("followFile", () => {
  it("copytruncate and a rewrite past the old end while it waits: reads the new content from its start", async () => {
    const read = await readAfter((file) => {
      truncateSync(file, 0);
      appendFileSync(file, lines(100, 105));
    });
    expect(read).toBe(lines(100, 105));
  });

  it("appends while it waits are read on from where it was", async () => {
    expect(await readAfter((file) => appendFileSync(file, lines(11, 20)))).toBe(lines(11, 20));
  });

  it("rotation: the renamed file is read on while the server still writes to it, its lines never mixed with the new file's", async () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), "latstat-follow-")), "app.log");
    writeFileSync(file, lines(1, 10));
    const stop = new AbortController();
    const read: string[] = [];
    const reading = (async () => {
      for await (const chunk of followFile(file, stop.signal, {}, { pollMs: 50, retireQuietMs: 400 })) read.push(String(chunk));
    })();
    await sleep(150);
    // logrotate's create: renamed, a new file at once; the server writes on into the old one, a line in two writes.
    renameSync(file, `${file}.1`);
    writeFileSync(file, "");
    appendFileSync(`${file}.1`, "11\n12\n1");
    await sleep(150);
    appendFileSync(file, lines(100, 102));
    await sleep(150);
    appendFileSync(`${file}.1`, "3\n");
    // Reopened: the new file only from now on.
    appendFileSync(file, lines(103, 104));
    await sleep(1000);
    stop.abort();
    await reading;
    const all = read.join("");
    expect(all.split("\n").filter((l) => l !== "").map(Number).sort((a, b) => a - b)).toEqual([...Array.from({ length: 13 }, (_, i) => i + 1), 100, 101, 102, 103, 104]);
    // Every chunk is whole lines.
    for (const chunk of read) expect(chunk.endsWith("\n"), JSON.stringify(chunk)).toBe(true);
  });

  it("a line still unfinished when the reading stops comes last, as it is, for the reader to say so", async () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), "latstat-follow-")), "app.log");
    writeFileSync(file, "1\n2\n3");
    const stop = new AbortController();
    const read: string[] = [];
    const reading = (async () => {
      for await (const chunk of followFile(file, stop.signal, {}, { pollMs: 50 })) read.push(String(chunk));
    })();
    await sleep(150);
    stop.abort();
    await reading;
    expect(read).toEqual(["1\n2\n", "3"]);
  });
});
