/**
 * Live interop: the Java reference's HistogramLogProcessor reads the HdrHistogram logs latstat writes (`convert`,
 * `merge`) and prints the same distribution latstat prints from the original input, and the same files latstat
 * prints from the log. Also runs the reference on the public sample logs (../shared/interop) when present.
 * Skipped when java or the jar is missing (CI installs them through .ci/run).
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
// @ts-expect-error -- plain JavaScript script without type declarations
import { seededRandom } from "../../scripts/make-golden-inputs.mjs";
import { interopLogs } from "../hlog/support/paths.js";
import { fixture, runCli } from "../helpers/run-cli.js";
import { runProcess } from "../helpers/run-process.js";

const JAR = process.env.HDRHISTOGRAM_JAR ?? "/usr/share/java/hdrhistogram.jar";
const javaWorks = spawnSync("java", ["-version"], { stdio: "ignore" }).status === 0;
const missing = [!javaWorks && "java", !existsSync(JAR) && JAR].filter(Boolean);
const title = missing.length === 0
  ? "HistogramLogProcessor reads latstat's HdrHistogram logs"
  : `HistogramLogProcessor reads latstat's HdrHistogram logs — SKIPPED: ${missing.join(", ")} not found (apt-get install default-jre-headless libhdrhistogram-java)`;
if (missing.length > 0) console.warn(title);

/** Several CLI runs and Java runs per test: generous for a loaded CI machine. */
const TIMEOUT_MS = 240_000;

const dir = mkdtempSync(join(tmpdir(), "latstat-hlog-java-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** HistogramLogProcessor's interval log and .hgrm for a log (and extra arguments). */
async function javaProcess(log: string, args: string[] = []): Promise<{ intervals: string; hgrm: string }> {
  const out = join(dir, `${basename(log)}.${args.join("_").replace(/[^\w.-]/g, "_") || "default"}.out`);
  const result = await runProcess("java", ["-Duser.timezone=UTC", "-cp", JAR, "org.HdrHistogram.HistogramLogProcessor", "-i", log, "-o", out, ...args]);
  if (result.status !== 0) throw new Error(`HistogramLogProcessor failed: ${result.stderr}`);
  return { intervals: readFileSync(out, "utf8"), hgrm: readFileSync(`${out}.hgrm`, "utf8") };
}

/** The distribution of an .hgrm without the range and StartTime lines HistogramLogProcessor puts above it. */
const distribution = (hgrm: string) => hgrm.replace(/^#\[Overall percentile distribution .*\n(#\[StartTime: .*\n)?/, "");

async function latstat(args: string[], file?: string): Promise<string> {
  const result = await runCli(args);
  if (result.code !== 0) throw new Error(`latstat ${args.join(" ")} exited ${result.code}: ${result.stderr}`);
  if (file !== undefined) writeFileSync(file, result.stdout);
  return result.stdout;
}

/** Seeded requests over 40 s from four workers: a lognormal body, a few stalls, start times in epoch ms. */
function timedCsv(seed: number): string {
  const random: () => number = seededRandom(seed);
  const lines = ["start_ms,worker,latency_us"];
  for (let i = 0; i < 8000; i++) {
    const start = 1_760_000_000_000 + Math.floor(random() * 40_000);
    const normal = Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
    const latencyUs = random() < 0.003 ? Math.round(random() * 3e6) : Math.round(2500 * Math.exp(0.7 * normal));
    lines.push(`${start},w${i % 4},${latencyUs}`);
  }
  return lines.join("\n") + "\n";
}

describe.skipIf(missing.length > 0)(title, () => {
  const inputs: [string, string, string[]][] = [
    ["demo.log (CSV with ISO start times)", fixture("demo.log"), []],
    ["epoch-ms CSV with workers", join(dir, "timed.csv"), ["--time-column", "start_ms", "--column", "latency_us"]],
    ["plain values without start times", fixture("core", "lognormal-1000.txt"), []],
  ];
  writeFileSync(join(dir, "timed.csv"), timedCsv(20240611));

  for (const [name, input, flags] of inputs) {
    it(`${name}: the reference reads latstat's log with the percentiles latstat reports for the input`, { timeout: TIMEOUT_MS }, async () => {
      const log = join(dir, `${basename(input)}.hlog`);
      await latstat(["convert", input, ...flags, "--interval", "2s"], log);
      const java = await javaProcess(log);
      expect(distribution(java.hgrm)).toBe(await latstat(["report", input, ...flags, "-o", "hgrm"]));
      expect(await latstat(["report", log, "-o", "hgrm"])).toBe(java.hgrm);
      expect(await latstat(["report", log, "--intervals"])).toBe(java.intervals);
    });
  }

  it("shards converted apart and merged read as the whole input", { timeout: TIMEOUT_MS }, async () => {
    const [header, ...rows] = readFileSync(fixture("demo.log"), "utf8").trimEnd().split("\n");
    const shards = [0, 1, 2].map((shard) => {
      const file = join(dir, `shard${shard}.csv`);
      writeFileSync(file, [header, ...rows.filter((_, i) => i % 3 === shard)].join("\n") + "\n");
      return file;
    });
    const logs = await Promise.all(shards.map(async (shard) => latstat(["convert", shard], `${shard}.hlog`).then(() => `${shard}.hlog`)));
    const merged = join(dir, "merged.hlog");
    await latstat(["merge", ...logs, "-o", merged]);
    const whole = join(dir, "whole.hlog");
    await latstat(["convert", fixture("demo.log")], whole);
    const java = await javaProcess(merged);
    expect(distribution(java.hgrm)).toBe(await latstat(["report", fixture("demo.log"), "-o", "hgrm"]));
    expect(java.intervals).toBe((await javaProcess(whole)).intervals);
  });

  it("a merged log keeps its Tag= lines: the reference reads each tag as in the original", { timeout: TIMEOUT_MS }, async () => {
    const merged = join(dir, "tagged-merged.hlog");
    await latstat(["merge", fixture("hlog", "tagged.hlog"), "--all-tags", "-o", merged]);
    for (const tag of ["GET", "PUT"]) {
      expect(distribution((await javaProcess(merged, ["-tag", tag])).hgrm)).toBe(distribution((await javaProcess(fixture("hlog", "tagged.hlog"), ["-tag", tag])).hgrm));
    }
  });

  it("a log written with --group-by has a Tag= per group that the reference reads on its own", { timeout: TIMEOUT_MS }, async () => {
    const log = join(dir, "groups.hlog");
    await latstat(["convert", fixture("demo.log"), "--group-by", "endpoint"], log);
    for (const tag of ["/api/orders", "/api/search", "/api/users"]) {
      expect(await latstat(["report", log, "--tag", tag, "-o", "hgrm"])).toBe((await javaProcess(log, ["-tag", tag])).hgrm);
    }
  });

  it("a log whose highestTrackableValue is 2^62 - 1, converted: the reference reads the copy with the original's Buckets", { timeout: TIMEOUT_MS }, async () => {
    const copy = join(dir, "wide-copy.hlog");
    await latstat(["convert", fixture("hlog", "wide.hlog")], copy);
    expect(distribution((await javaProcess(copy)).hgrm)).toBe(distribution(readFileSync(fixture("hlog", "wide.default.hgrm"), "utf8")));
  });

  it("logs of other precisions read together, corrected after the fact: the reference's correction of their concatenation", { timeout: TIMEOUT_MS }, async () => {
    // Both logs have the same StartTime and BaseTime: the second's intervals, headers dropped, read on in the first.
    const [first, second] = [fixture("hlog", "digits2.hlog"), fixture("hlog", "mixed.hlog")];
    const body = readFileSync(second, "utf8").split("\n").filter((line) => !line.startsWith("#") && !line.startsWith('"'));
    const joined = join(dir, "digits2-mixed.hlog");
    writeFileSync(joined, readFileSync(first, "utf8") + body.join("\n"));
    const java = await javaProcess(joined, ["-correctLogWithKnownCoordinatedOmission", "1000000"]);
    const corrected = ["--expected-interval", "1ms", "--co-after", "-o", "hgrm", "--corrected"];
    expect(await latstat(["report", first, second, ...corrected])).toBe(java.hgrm);
    expect(await latstat(["report", joined, ...corrected])).toBe(java.hgrm);
  });

  for (const log of interopLogs()) {
    it(`${basename(log)}: -o hgrm and --intervals are HistogramLogProcessor's files, and so is its reading of latstat's copy`, { timeout: TIMEOUT_MS }, async () => {
      const java = await javaProcess(log);
      expect(await latstat(["report", log, "-o", "hgrm"])).toBe(java.hgrm);
      expect(await latstat(["report", log, "--intervals"])).toBe(java.intervals);
      const copy = join(dir, `copy-${basename(log)}`);
      await latstat(["convert", log], copy);
      expect(distribution((await javaProcess(copy)).hgrm)).toBe(distribution(java.hgrm));
    });
  }
});
