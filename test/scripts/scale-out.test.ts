/**
 * scripts/scale-out.sh, the recipe of docs/scale-out.md, run for real: GNU parallel cuts a simulated multi-host
 * nginx log into shards, `latstat convert` reads each from stdin in its own process, `latstat merge` adds the
 * directory of shard logs. The merged figures must be those of one process reading the whole log (histograms add
 * exactly), and those the simulation knows to be true, read at HDR precision. Java's HistogramLogProcessor reads
 * the merged log too, when installed. The Kubernetes Jobs of docs/scale-out.md run their container scripts here, once
 * per completion index. GNU parallel is required in CI (.ci/run installs it), skipped elsewhere.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseAllDocuments } from "yaml";
import { nearestRank } from "../helpers/formats.js";
import { highestEquivalentNs, lowestEquivalentNs, multiHostLog, type MultiHostLog } from "../helpers/multi-host-log.js";
import { BIN, REPO_ROOT, runCli } from "../helpers/run-cli.js";
import { runScript } from "../helpers/run-script.js";

const SCRIPT = path.join(REPO_ROOT, "scripts/scale-out.sh");
const JAR = process.env.HDRHISTOGRAM_JAR ?? "/usr/share/java/hdrhistogram.jar";
const hasParallel = /GNU parallel/.test(spawnSync("parallel", ["--version"], { encoding: "utf8" }).stdout ?? "");
const hasJava = spawnSync("java", ["-version"], { stdio: "ignore" }).status === 0 && existsSync(JAR);
if (!hasParallel && process.env.CI === "true") throw new Error("GNU parallel is missing: .ci/run installs it (apt-get install parallel)");
const SHARDS = 7;

const dir = mkdtempSync(path.join(tmpdir(), "latstat-scale-out-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** `latstat` on PATH, as the recipe expects it. */
const binDir = path.join(dir, "bin");
mkdirSync(binDir);
symlinkSync(BIN, path.join(binDir, "latstat"));
const env = { ...process.env, PATH: `${binDir}:${process.env.PATH}`, NO_COLOR: "1" };

function scaleOut(args: string[]) {
  return runScript(SCRIPT, args, { cwd: dir, env });
}

async function latstat(args: string[]): Promise<string> {
  const result = await runCli(args, { cwd: dir });
  if (result.code !== 0) throw new Error(`latstat ${args.join(" ")} exited ${result.code}: ${result.stderr}`);
  return result.stdout;
}

/** The .hgrm distribution without the range and StartTime lines printed above it for a log. */
const distribution = (hgrm: string) => hgrm.replace(/^#\[Overall percentile distribution .*\n(#\[StartTime: .*\n)?/, "");

describe.skipIf(!hasParallel)("scripts/scale-out.sh: shards converted in parallel, then merged", () => {
  let log: MultiHostLog;
  let whole: Record<string, any>;

  beforeAll(async () => {
    // Five hosts, 12,000 requests over 90 s; seven shards cut across the hosts' logs and their seconds.
    log = multiHostLog(5, 2400, 90, 22);
    writeFileSync(path.join(dir, "access.log"), log.text);
    const run = await scaleOut(["-n", String(SHARDS), "-j", "2", "-d", "shards", "-o", "merged.hlog", "access.log", "-f", "nginx"]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toBe("");
    whole = JSON.parse(await latstat(["report", "access.log", "-f", "nginx", "--json"])) as Record<string, any>;
  }, 180_000);

  it("writes one shard log per shard and a merged log", () => {
    const shards = readdirSync(path.join(dir, "shards")).sort();
    expect(shards).toEqual(Array.from({ length: SHARDS }, (_, i) => `shard-${i + 1}.hlog`));
    expect(readFileSync(path.join(dir, "merged.hlog"), "utf8")).toMatch(/^#\[Histogram log format version 1\.3\]$/m);
  });

  it("merges into the figures of one process reading the whole log", async () => {
    const fromDir = JSON.parse(await latstat(["merge", "shards", "--json"])) as Record<string, any>;
    const fromLog = JSON.parse(await latstat(["report", "merged.hlog", "--json"])) as Record<string, any>;
    expect(whole.raw.count).toBe(log.okLatenciesMs.length);
    for (const merged of [fromDir.raw, fromLog.raw]) {
      const { min, max, ...rest } = merged;
      const { min: wholeMin, max: wholeMax, ...wholeRest } = whole.raw;
      // Counts, percentiles with their confidence intervals, mean and stddev (bucket midpoints) are equal (but for a
      // percentile in the max's bucket, see asLogged)…
      expect(rest).toEqual(asLogged(wholeRest, wholeMax));
      // …min and max, exact values in one process, are the bounds of their buckets once written to a log.
      expect(min).toBe(lowestEquivalentNs(Math.round(wholeMin * 1e6)) / 1e6);
      expect(max).toBe(highestEquivalentNs(Math.round(wholeMax * 1e6)) / 1e6);
    }
  });

  it("gives the true percentiles, read at 3 significant digits", async () => {
    const merged = JSON.parse(await latstat(["report", "merged.hlog", "--json", "-p", "0,25,50,90,99,99.9,100"])) as Record<string, any>;
    const sorted = log.okLatenciesMs.map((ms) => ms * 1e6).sort((a, b) => a - b);
    expect(merged.raw.count).toBe(sorted.length);
    for (const [label, value] of Object.entries(merged.raw.percentiles as Record<string, number>)) {
      expect(value, `p${label}`).toBe(highestEquivalentNs(nearestRank(sorted, Math.max(Number(label), 1e-9))) / 1e6);
    }
  });

  it("prints the same -o hgrm as one process, and so does Java's HistogramLogProcessor", async () => {
    const single = await latstat(["report", "access.log", "-f", "nginx", "-o", "hgrm"]);
    expect(distribution(await latstat(["report", "merged.hlog", "-o", "hgrm"]))).toBe(single);
    if (!hasJava) return;
    const out = path.join(dir, "java");
    const java = await runScript("java", ["-Duser.timezone=UTC", "-cp", JAR, "org.HdrHistogram.HistogramLogProcessor", "-i", path.join(dir, "merged.hlog"), "-o", out]);
    expect(java.code, java.stderr).toBe(0);
    expect(distribution(readFileSync(`${out}.hgrm`, "utf8"))).toBe(single);
  });

  it("puts each request in the interval of its second, as one process does", async () => {
    const rows = (await latstat(["report", "merged.hlog", "--intervals", "-o", "csv"])).split("\n").filter((line) => /^\d/.test(line));
    const seconds = [...log.okPerSecond.keys()].sort((a, b) => a - b);
    const first = seconds[0]!;
    const expected = Array.from({ length: seconds.at(-1)! - first + 1 }, (_, i) => log.okPerSecond.get(first + i) ?? 0);
    expect(rows.map((row) => Number(row.split(",")[1]))).toEqual(expected);
    const single = path.join(dir, "single.hlog");
    writeFileSync(single, await latstat(["convert", "access.log", "-f", "nginx"]));
    expect(await latstat(["report", "merged.hlog", "--intervals", "-o", "csv"])).toBe(await latstat(["report", single, "--intervals", "-o", "csv"]));
  });

  it("corrects the merged log as one process's log: back-fill after recording adds up", async () => {
    const co = ["--expected-interval", "20ms", "--co-after", "--json"];
    const merged = JSON.parse(await latstat(["merge", "shards", ...co])) as Record<string, any>;
    const single = JSON.parse(await latstat(["report", path.join(dir, "single.hlog"), ...co])) as Record<string, any>;
    expect(merged.corrected.count).toBeGreaterThan(merged.raw.count);
    expect(merged.corrected).toEqual(single.corrected);
  });

  it("docs/scale-out.md's Kubernetes Jobs: one shard per index, then the merge, give the same figures", async () => {
    const [convert, merge] = kubernetesJobs();
    expect(convert!.spec.completionMode).toBe("Indexed");
    const completions = convert!.spec.completions!;
    expect(convert!.spec.template.spec.containers[0]!.env).toContainEqual({ name: "SHARDS", value: String(completions) });
    const volumes = { "/logs": path.join(dir, "k8s-logs"), "/work": path.join(dir, "k8s-work") };
    mkdirSync(volumes["/logs"]);
    mkdirSync(volumes["/work"]);
    writeFileSync(path.join(volumes["/logs"], "access.log"), log.text);
    for (let index = 0; index < completions; index += 2) {
      const pods = await Promise.all([index, index + 1].filter((i) => i < completions).map((i) => runPod(convert!, volumes, i)));
      for (const pod of pods) expect(pod.code, pod.stderr).toBe(0);
    }
    const shards = readdirSync(path.join(volumes["/work"], "shards"));
    expect(shards).toEqual(Array.from({ length: completions }, (_, i) => `shard-${String(i + 1).padStart(3, "0")}.hlog`));
    const merged = await runPod(merge!, volumes);
    expect(merged.code, merged.stderr).toBe(0);
    expect(merged.stdout).toContain("all.hlog, format hlog");
    const { min: _min, max: _max, ...figures } = (JSON.parse(await latstat(["report", path.join(volumes["/work"], "all.hlog"), "--json"])) as Record<string, any>).raw;
    const { min: _wholeMin, max: wholeMax, ...wholeFigures } = whole.raw;
    expect(figures).toEqual(asLogged(wholeFigures, wholeMax));
  });
});

/**
 * One process's figures as a log of the same requests gives them: one process knows the exact max (ms) and shows no
 * percentile above it; a log knows only the max's bucket, and reads a percentile there at the bucket's top.
 */
function asLogged(figures: Record<string, any>, maxMs: number): Record<string, any> {
  const top = highestEquivalentNs(Math.round(maxMs * 1e6)) / 1e6;
  const atTop = (value: unknown): unknown =>
    typeof value === "number" ? (value === maxMs ? top : value) : Array.isArray(value) ? value.map(atTop) : value !== null && typeof value === "object" ? Object.fromEntries(Object.entries(value).map(([k, v]) => [k, atTop(v)])) : value;
  return { ...figures, percentiles: atTop(figures.percentiles), percentileDetails: atTop(figures.percentileDetails) };
}

interface Container {
  command: string[];
  env?: { name: string; value: string }[];
  volumeMounts: { mountPath: string }[];
}
interface JobManifest {
  metadata: { name: string };
  spec: { completionMode?: string; completions?: number; template: { spec: { containers: Container[] } } };
}

/** The Jobs of docs/scale-out.md's Kubernetes recipe, as kubectl would read them. */
function kubernetesJobs(): JobManifest[] {
  const doc = readFileSync(path.join(REPO_ROOT, "docs", "scale-out.md"), "utf8");
  const section = doc.slice(doc.indexOf("## Kubernetes"));
  const yamlBlock = /```yaml\n([\s\S]*?)```/.exec(section)![1]!;
  return parseAllDocuments(yamlBlock).map((d) => d.toJS() as JobManifest);
}

/**
 * A Job's container script run here as the pod would run it, each volume's mount path replaced by a local
 * directory; JOB_COMPLETION_INDEX set as the Job controller sets it for an Indexed Job.
 */
function runPod(job: JobManifest, volumes: Record<string, string>, index?: number) {
  const [container] = job.spec.template.spec.containers;
  const [shell, flag, ...rest] = container!.command;
  expect([shell, flag, rest.length]).toEqual(["bash", "-c", 1]);
  let script = rest[0]!;
  for (const { mountPath } of container!.volumeMounts) script = script.replaceAll(mountPath, volumes[mountPath]!);
  const podEnv = Object.fromEntries((container!.env ?? []).map(({ name, value }) => [name, value]));
  return runScript(shell!, ["-c", script], { cwd: dir, env: { ...env, ...podEnv, ...(index === undefined ? {} : { JOB_COMPLETION_INDEX: String(index) }) } });
}

describe("latstat convert in an engine's pipe", () => {
  it("reads a partition on stdin and writes only the log to stdout: rdd.pipe(\"latstat convert -o hlog -\")", async () => {
    const partition = multiHostLog(2, 300, 10, 5).text;
    writeFileSync(path.join(dir, "partition.log"), partition);
    const piped = await runCli(["convert", "-o", "hlog", "-", "-f", "nginx"], { stdin: partition, cwd: dir });
    expect(piped.code, piped.stderr).toBe(0);
    expect(piped.stdout).toBe(await latstat(["convert", "partition.log", "-f", "nginx"]));
    expect(piped.stdout.split("\n").filter((line) => line !== "" && !line.startsWith("#") && !line.startsWith('"StartTimestamp"') && !/^\d/.test(line))).toEqual([]);
  });
});

describe.skipIf(!hasParallel)("scripts/scale-out.sh: refusals", () => {
  it("stops with exit 2 and the shard's message when latstat refuses a shard", async () => {
    writeFileSync(path.join(dir, "three.log"), "1ms\n2ms\n3ms\n");
    // Five shards of three lines: two are empty.
    const result = await scaleOut(["-n", "5", "-o", "three.hlog", "three.log", "-f", "plain"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^shard \d:\tlatstat: no values: 0 lines read, none recorded/m);
    expect(existsSync(path.join(dir, "three.hlog"))).toBe(false);
  });

  it("refuses a shard directory that already holds logs, which merge would add", async () => {
    mkdirSync(path.join(dir, "used"));
    writeFileSync(path.join(dir, "used", "old.hlog"), "");
    const result = await scaleOut(["-d", "used", "three.log"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe("scale-out: used already holds .hlog files (give an empty directory)\n");
  });

  it("refuses what split cannot cut into lines: a device, a missing file, a compressed log", async () => {
    for (const input of ["/dev/null", "missing.log"]) {
      const result = await scaleOut([input]);
      expect(result.code).toBe(2);
      expect(result.stderr).toBe(`scale-out: ${input}: not a regular file (split cuts a file it can seek in: save the stream to a file first)\n`);
    }
    writeFileSync(path.join(dir, "three.log.gz"), gzipSync("1\n2\n3\n"));
    const gz = await scaleOut(["three.log.gz"]);
    expect(gz.code).toBe(2);
    expect(gz.stderr).toBe("scale-out: three.log.gz: compressed (split cuts lines of text: gunzip or unzstd it first)\n");
  });

  it("says how to use it: -h the whole comment, a wrong use one line", async () => {
    const help = await scaleOut(["-h"]);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain("  -n SHARDS     how many shards to cut LOG into");
    expect(help.stdout).not.toContain("set -euo");
    for (const args of [[], ["-n", "0", "x.log"], ["-x"]]) {
      const result = await scaleOut(args);
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(/usage: scripts\/scale-out\.sh|-n must be a whole number/);
    }
  });
});
