/** followFile (sources/follow.ts) driven step by step: what it reads when the file changes while it waits. */
import { appendFileSync, mkdtempSync, truncateSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { describe, expect, it } from "vitest";
import { followFile } from "../../src/sources/follow.js";

const lines = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => `${from + i}\n`).join("");

describe("followFile", () => {
  it("copytruncate and a rewrite past the old end while it waits: reads the new content from its start", async () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), "latstat-follow-")), "app.log");
    writeFileSync(file, lines(1, 10));
    const stop = new AbortController();
    const chunks = followFile(file, stop.signal, 300);
    expect(String((await chunks.next()).value)).toBe(lines(1, 10));
    // The next read finds the end and waits a poll; meanwhile the file is cut and written past its old size.
    const next = chunks.next();
    await sleep(100);
    truncateSync(file, 0);
    appendFileSync(file, lines(100, 105));
    expect(String((await next).value)).toBe(lines(100, 105));
    stop.abort();
    await chunks.return(undefined);
  });

  it("appends while it waits are read on from where it was", async () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), "latstat-follow-")), "app.log");
    writeFileSync(file, lines(1, 10));
    const stop = new AbortController();
    const chunks = followFile(file, stop.signal, 300);
    expect(String((await chunks.next()).value)).toBe(lines(1, 10));
    const next = chunks.next();
    await sleep(100);
    appendFileSync(file, lines(11, 20));
    expect(String((await next).value)).toBe(lines(11, 20));
    stop.abort();
    await chunks.return(undefined);
  });
});
