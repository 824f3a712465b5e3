/**
 * Live interop: runs Java HdrHistogram (Debian libhdrhistogram-java) on freshly generated random inputs and checks
 * renderHgrm prints the same bytes. Skipped when java, javac or the jar is missing. LATSTAT_INTEROP_SEED picks
 * another seed (the seed is in the test names, so a failure can be replayed).
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SignificantDigits } from "../../src/core/histogram.js";
import { renderHgrm } from "../../src/render/hgrm.js";
import { buildHistogram, type Correction, type RecordVia } from "../helpers/hgrm.js";
import { runProcess } from "../helpers/run-process.js";
// @ts-expect-error -- plain JavaScript script without type declarations
import { seededRandom } from "../../scripts/make-golden-inputs.mjs";

const JAR = process.env.HDRHISTOGRAM_JAR ?? "/usr/share/java/hdrhistogram.jar";
const JAVA_SOURCE = fileURLToPath(new URL("../../scripts/java/HgrmGolden.java", import.meta.url));
const SEED = Number(process.env.LATSTAT_INTEROP_SEED ?? 20240611);

const hasCommand = (command: string) => spawnSync(command, ["-version"], { stdio: "ignore" }).status === 0;
const missing = [!hasCommand("java") && "java", !hasCommand("javac") && "javac", !existsSync(JAR) && JAR].filter(Boolean);
const title = missing.length === 0
  ? `renderHgrm vs live Java HdrHistogram (seed ${SEED})`
  : `renderHgrm vs live Java HdrHistogram — SKIPPED: ${missing.join(", ")} not found (apt-get install default-jdk-headless libhdrhistogram-java)`;
if (missing.length > 0) console.warn(title); // the default reporter only counts skipped tests

/**
 * A mix of latency shapes: lognormal body around 3 ms, rare stalls up to two minutes, some zeros and (unless the
 * input is for coordinated-omission correction, which would add ~10^8 values for each) values up to 10^15 ns.
 */
function randomLatencies(seed: number, count: number, withHuge: boolean): number[] {
  const random: () => number = seededRandom(seed);
  return Array.from({ length: count }, () => {
    const u = random();
    if (u < 0.01) return 0;
    if (u < 0.02) return withHuge ? Math.floor(random() * 1e15) : 0;
    if (u < 0.05) return Math.round(Math.exp(random() * Math.log(120e9)));
    const normal = Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
    return Math.round(3e6 * Math.exp(0.9 * normal));
  });
}

interface Job {
  name: string;
  seed: number;
  digits: SignificantDigits;
  ticks: number;
  ratio: number;
  csv: boolean;
  correction: Correction;
}

/** Both ways latstat fills histograms; corrected cases use latstat's back-fill or hdr-histogram-js's. */
const WAYS: RecordVia[] = ["bucket-counter", "record-value"];
const INTERVAL_NS = 10e6;
type Options = Omit<Job, "name" | "seed" | "correction">;
const OPTIONS: Options[] = [
  { digits: 3, ticks: 5, ratio: 1e6, csv: false },
  { digits: 3, ticks: 5, ratio: 1e6, csv: true },
  { digits: 2, ticks: 3, ratio: 1e3, csv: false },
  { digits: 1, ticks: 7, ratio: 1, csv: false },
  { digits: 4, ticks: 10, ratio: 1e9, csv: true },
  { digits: 5, ticks: 2, ratio: 1e6, csv: false },
  { digits: 3, ticks: 1, ratio: 1.5, csv: false },
];
const corrected = (kind: "record" | "copy"): Omit<Job, "name"> =>
  ({ digits: 3, ticks: 5, ratio: 1e6, csv: false, seed: SEED, correction: { kind, intervalNs: INTERVAL_NS } });
// Two random inputs per option set, then both kinds of coordinated-omission correction.
const JOBS: Job[] = [
  ...OPTIONS.flatMap((options, i) => [0, 1].map((k) => ({ ...options, seed: SEED + 2 * i + k, correction: undefined }))),
  corrected("record"),
  corrected("copy"),
].map((job) => ({
  ...job,
  name: `seed ${job.seed} d${job.digits} t${job.ticks} r${job.ratio}${job.csv ? " csv" : ""}` +
    (job.correction ? ` co-${job.correction.kind}-10ms` : ""),
}));

const latenciesFor = (job: Job) => randomLatencies(job.seed, 20_000, job.correction === undefined);

describe.skipIf(missing.length > 0)(title, () => {
  let dir = "";
  const javaOutput = new Map<string, string>();

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "latstat-hgrm-interop-"));
    const javac = await runProcess("javac", ["-d", dir, "-cp", JAR, JAVA_SOURCE]);
    if (javac.status !== 0) throw new Error(`javac failed: ${javac.stderr}`);
    const lines = JOBS.map((job, i) => {
      const input = join(dir, `input-${i}.txt`);
      writeFileSync(input, latenciesFor(job).map((v) => `${v}\n`).join(""));
      const correction = job.correction ? `${job.correction.kind}:${job.correction.intervalNs}` : "none";
      return `${input} ${job.digits} ${job.ticks} ${job.ratio} ${job.csv} ${correction} ${join(dir, `out-${i}.hgrm`)}`;
    });
    const java = await runProcess("java", ["-cp", `${dir}:${JAR}`, "HgrmGolden"], { input: lines.join("\n") });
    if (java.status !== 0) throw new Error(`java failed: ${java.stderr}`);
    JOBS.forEach((job, i) => javaOutput.set(job.name, readFileSync(join(dir, `out-${i}.hgrm`), "utf8")));
  }, 120_000);

  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  describe.each(JOBS)("$name", (job) => {
    it.each(WAYS)("is byte-identical when recorded via %s", (via) => {
      const histogram = buildHistogram(latenciesFor(job), job.digits, via, job.correction);
      const options = { ticksPerHalfDistance: job.ticks, outputValueUnitScalingRatio: job.ratio, csv: job.csv };
      expect(renderHgrm(histogram, options)).toBe(javaOutput.get(job.name));
    }, 60_000);
  });
});
