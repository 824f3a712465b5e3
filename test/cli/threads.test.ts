import { describe, expect, it } from "vitest";
import { fixture, runCli } from "../helpers/run-cli.js";

// Worker threads run the built workers (dist/ingest/ingest-worker.js): the threaded runs are real processes.
const PROCESS = { spawn: true };

const FILES: [string, ...string[]][] = [
  ["demo.log"],
  ["co/stalled-sender.csv"],
  ["core/quoted.csv"],
  ["core/mixed-units.txt"],
  ["core/nested.jsonl", "--field", "timing.total_ms"],
  ["core/elapsed.tsv"],
  ["formats/jtl/header.csv"],
  ["formats/jtl/results.xml"],
  ["formats/k6/small.json"],
];

describe("--threads", () => {
  it.each(FILES)("%s: worker threads report exactly what one thread does", async (name, ...flags) => {
    const single = await runCli([fixture(name), ...flags, "--json", "--threads", "1"]);
    expect(single.code).toBe(0);
    for (const threads of ["2", "3"]) {
      expect(await runCli([fixture(name), ...flags, "--json", "--threads", threads], PROCESS)).toEqual(single);
    }
  });

  it("names the same line in --strict errors", async () => {
    const single = await runCli([fixture("core/mixed-units.txt"), "--strict", "--threads", "1"]);
    expect(single.code).toBe(2);
    expect(await runCli([fixture("core/mixed-units.txt"), "--strict", "--threads", "3"], PROCESS)).toEqual(single);
  });

  it("refuses a bad count", async () => {
    const result = await runCli([fixture("demo.log"), "--threads", "0"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/--threads.*integer from 1 to 64/);
  });
});
