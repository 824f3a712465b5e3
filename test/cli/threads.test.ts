import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { afterAll, describe, expect, it } from "vitest";
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

describe("several files at once", () => {
  const dir = mkdtempSync(path.join(tmpdir(), "latstat-files-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const gzipped = (name: string) => {
    const to = path.join(dir, path.basename(name) + ".gz");
    writeFileSync(to, gzipSync(readFileSync(fixture(name))));
    return to;
  };
  const files = [fixture("demo.log"), gzipped("co/stalled-sender.csv"), fixture("core/elapsed.tsv"), gzipped("demo.log"), fixture("formats/k6/small.json"), fixture("co/stalled-sender.csv")];
  const PARALLEL = /^latstat: debug: reading \d+ files at once.*\n/m;

  it("are read on worker threads, gzipped ones too, and report exactly what one thread does", async () => {
    const single = await runCli([...files, "--json", "--debug", "--threads", "1"]);
    expect(single.code).toBe(0);
    expect(single.stderr).not.toMatch(PARALLEL);
    for (const threads of ["2", "3"]) {
      const parallel = await runCli([...files, "--json", "--debug", "--threads", threads], PROCESS);
      expect(parallel.stderr).toMatch(PARALLEL);
      expect({ ...parallel, stderr: parallel.stderr.replace(PARALLEL, "") }).toEqual(single);
    }
  });

  it("say the same notices, rejections and first error as one thread, in file order", async () => {
    const rejects = path.join(dir, "rejects.csv");
    writeFileSync(rejects, "latency_ms\n1\n2\nx\n3\n");
    const binary = path.join(dir, "binary.bin");
    writeFileSync(binary, Buffer.from([0x61, 0, 1, 2, 3, 10, 0x62, 0, 10]));
    for (const [list, flags] of [
      [[files[0]!, rejects, files[2]!, rejects], []],
      [[files[0]!, rejects, files[1]!], ["--strict"]],
      [[files[1]!, files[2]!, binary, rejects], []],
    ] as [string[], string[]][]) {
      const single = await runCli([...list, ...flags, "--threads", "1"]);
      expect(single.code).not.toBeNull();
      expect(await runCli([...list, ...flags, "--threads", "2"], PROCESS)).toEqual(single);
    }
  });
});
