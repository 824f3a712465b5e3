/** followFile (sources/follow.ts) driven step by step: what it reads when the file changes while it waits. */
import { appendFileSync, mkdtempSync, truncateSync, writeFileSync } from "node:fs";
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
  const chunks = followFile(file, stop.signal, 300);
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
});
