import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runCli } from "../helpers/run-cli.js";

/**
 * A list of rotated logs read with the same column choices says them once, not once per file; a file whose
 * choices differ still says its own.
 */
describe("notices said once for several inputs", () => {
  const dir = mkdtempSync(path.join(tmpdir(), "latstat-repeated-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const rows = (order: (row: string[]) => string[]) =>
    Array.from({ length: 50 }, (_, i) => order([`2026-12-05T10:00:${String(i).padStart(2, "0")}Z`, String(10 + i), "200"]).join(","));
  const write = (name: string, header: string[], order: (row: string[]) => string[]) => {
    const file = path.join(dir, name);
    writeFileSync(file, [header.join(","), ...rows(order), ""].join("\n"));
    return file;
  };
  const same = (row: string[]) => row;
  const a = write("app.log.2.csv", ["timestamp", "latency_ms", "status"], same);
  const b = write("app.log.1.csv", ["timestamp", "latency_ms", "status"], same);
  // Latency first: its column number differs, the other two choices are the same words.
  const c = write("app.log.csv", ["latency_ms", "timestamp", "status"], ([time, latency, status]) => [latency!, time!, status!]);
  const expected = [
    `latstat: ${a}: using column "latency_ms" (column 2) as the latency; choose another with --column`,
    `latstat: ${a}: using column "timestamp" as the request start time; choose another with --time-column`,
    `latstat: ${a}: using column "status" to tell failed requests (a status outside 200-399 and not 101): they are counted and left out of the histogram unless --include-errors; choose another with --status-column, or --status-column none`,
    `latstat: ${c}: using column "latency_ms" (column 1) as the latency; choose another with --column`,
    // b's three and c's last two.
    "latstat: 2 more inputs gave notices said above for an earlier one: 5 notices not repeated",
  ];

  it.each([["1"], ["2"]])("with --threads %s", async (threads) => {
    const result = await runCli([a, b, c, "--co", "off", "--threads", threads], threads === "1" ? {} : { spawn: true });
    expect(result.code).toBe(0);
    expect(result.stderr.trimEnd().split("\n")).toEqual(expected);
    expect(result.stdout).toMatch(/150 recorded/);
  });

  it("a single input says all it has to say", async () => {
    const result = await runCli([b, "--co", "off"]);
    expect(result.stderr.trimEnd().split("\n")).toEqual(expected.slice(0, 3).map((line) => line.replace(a, b)));
  });
});
