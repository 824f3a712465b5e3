import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { afterAll, describe, expect, it } from "vitest";
import { fixture, runCli } from "../helpers/run-cli.js";

// Worker threads run the built workers (dist/ingest/ingest-worker.cjs, file-worker.cjs): the threaded runs are real
// processes.
const PROCESS = { spawn: true };

const FILES: [string, ...string[]][] = [
  ["demo.log"],
  ["demo.log", "--threshold", "20ms"],
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

  it("once detection stopped looking for senders, later files read elsewhere count their start times: the same report", async () => {
    // 10 requests a millisecond, start times in whole milliseconds: too coarse to tell senders apart, which the
    // first file's first 32,768 requests show; the files after it send counts, not their start times.
    const rotated = [0, 1, 2].map((f) => {
      const lines = ["timestamp,latency_ms"];
      for (let i = f * 40_000; i < (f + 1) * 40_000; i++) lines.push(`${new Date(Date.UTC(2026, 10, 2, 9) + Math.floor(i / 10)).toISOString()},${3 + (i % 7) / 10}`);
      const file = path.join(dir, `rotated-${f}.csv`);
      writeFileSync(file, lines.join("\n") + "\n");
      return file;
    });
    const single = await runCli([...rotated, "--json", "--threads", "1"]);
    expect(single.code).toBe(0);
    expect(JSON.parse(single.stdout).input.recorded).toBe(120_000);
    for (const threads of ["2", "3"]) expect(await runCli([...rotated, "--json", "--threads", threads], PROCESS)).toEqual(single);
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

describe("a CSV whose header comes again in another order", () => {
  const dir = mkdtempSync(path.join(tmpdir(), "latstat-reorder-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("is read by each header's names on any number of threads, whichever part the new header falls in", async () => {
    const file = path.join(dir, "two-writers.csv");
    const latencies: number[] = [];
    const section = (header: string, rows: number, first: number) => {
      const out = [header];
      for (let i = 0; i < rows; i++) {
        const latency = 1 + ((first + i) * 7919) % 997;
        latencies.push(latency);
        out.push(header.startsWith("ts,latency") ? `${first + i},${latency},200` : `${first + i},200,${latency}`);
      }
      return out.join("\n");
    };
    writeFileSync(file, [section("ts,latency_ms,status", 3000, 0), section("ts,status,latency_ms", 4000, 3000), section("ts,latency_ms,status", 2000, 7000)].join("\n") + "\n");
    const sorted = [...latencies].sort((a, b) => a - b);
    const single = await runCli([file, "--json", "--co", "off", "--threads", "1"]);
    const doc = JSON.parse(single.stdout);
    expect(doc.input).toMatchObject({ recorded: 9000, rejected: 0, failed: { count: 0 } });
    expect(doc.raw.max).toBe(sorted.at(-1));
    const p50 = sorted[Math.ceil(0.5 * 9000) - 1]!;
    // Within the histogram's resolution: 3 significant digits.
    expect(Math.abs(doc.raw.percentiles["50"] - p50)).toBeLessThanOrEqual(p50 / 1000);
    for (const threads of ["2", "3", "5"]) expect(await runCli([file, "--json", "--co", "off", "--threads", threads], PROCESS), threads).toEqual(single);
  });
});

describe("--group-by on several threads", () => {
  const dir = mkdtempSync(path.join(tmpdir(), "latstat-groups-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const demo = readFileSync(fixture("demo.log"), "utf8");
  // Groups seen only in the later parts, a group seen only in the last one, and values too long to keep whole.
  const late = path.join(dir, "late.csv");
  const tail = Array.from({ length: 600 }, (_, i) => `2026-11-02T10:00:${String(i % 60).padStart(2, "0")}.000Z,${i < 300 ? "/late" : i < 599 ? "/" + "x".repeat(300) : "/last"},${i % 7 === 0 ? 503 : 200},${1 + (i % 13)}`);
  writeFileSync(late, demo + tail.join("\n") + "\n");

  it.each([
    [["--group-by", "endpoint"]],
    [["--group-by", "endpoint", "--group-by", "status", "--include-errors"]],
    [["--group-by", "endpoint", "--expected-interval", "10ms"]],
    [["--group-by", "endpoint", "--expected-interval", "10ms", "--co-after"]],
  ])("%j: worker threads report exactly what one thread does, groups first seen late too", async (flags) => {
    const single = await runCli([late, ...flags, "--json", "--threads", "1"]);
    expect(single.code).toBe(0);
    expect(JSON.parse(single.stdout).groups.map((g: { values: { endpoint: string } }) => g.values.endpoint)).toContain("/last");
    for (const threads of ["2", "3"]) expect(await runCli([late, ...flags, "--json", "--threads", threads], PROCESS)).toEqual(single);
  });

  it("corrects groups with --apply as one thread does (their start times tagged with groups: read on one)", async () => {
    const args = [fixture("co/stalled-sender.csv"), "--group-by", "connection", "--apply", "--json"];
    const single = await runCli([...args, "--threads", "1"]);
    expect(single.code).toBe(0);
    expect(await runCli([...args, "--threads", "2"], PROCESS)).toEqual(single);
  });

  it("judges group budgets the same (check)", async () => {
    const args = [late, "--budget", "endpoint=/last: p99 < 5ms", "--budget", "endpoint=/api/users: count >= 1"];
    const single = await runCli(["check", ...args, "--threads", "1"]);
    expect(single.code).toBe(1);
    expect(await runCli(["check", ...args, "--threads", "2"], PROCESS)).toEqual(single);
  });

  it("reads several files at once into the same groups", async () => {
    // The demo log twice, as two files (one file given twice is refused).
    const again = path.join(dir, "demo-again.log");
    copyFileSync(fixture("demo.log"), again);
    const files = [fixture("demo.log"), late, again];
    const single = await runCli([...files, "--group-by", "endpoint", "--json", "--threads", "1"]);
    expect(single.code).toBe(0);
    expect(await runCli([...files, "--group-by", "endpoint", "--json", "--threads", "2"], PROCESS)).toEqual(single);
  });

  it("stops with the same error when the parts together have too many groups", async () => {
    const many = path.join(dir, "many.csv");
    const rows = Array.from({ length: 1200 }, (_, i) => `u${i},${1 + (i % 5)}`);
    writeFileSync(many, "user,latency_ms\n" + rows.join("\n") + "\n");
    const lastLine = ({ code, stdout, stderr }: { code: number | null; stdout: string; stderr: string }) => ({ code, stdout, error: stderr.trimEnd().split("\n").at(-1) });
    const single = lastLine(await runCli([many, "--group-by", "user", "--threads", "1"]));
    expect(single).toEqual({ code: 2, stdout: "", error: "latstat: more than 1000 distinct groups for --group-by user (group by something with fewer values; for per-user misery use --session)" });
    // (One thread stops inside the first chunk it reads, before the decoder's notices of that chunk are said.)
    expect(lastLine(await runCli([many, "--group-by", "user", "--threads", "2"], PROCESS))).toEqual(single);
  });
});
