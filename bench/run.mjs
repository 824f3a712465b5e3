#!/usr/bin/env node
// `npm run bench`: times latstat on generated (seeded) latency logs beside datamash and numpy where installed,
// and prints wall time, throughput, peak RSS and the ratios, measured in the same run.
//
//   node bench/run.mjs [--values N] [--runs R] [--no-gb]
//
// Inputs are cached in $TMPDIR/latstat-bench (keyed by size). Peak RSS comes from GNU time (/usr/bin/time).
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, openSync, closeSync, writeSync, statSync, readFileSync } from "node:fs";
import { cpus, totalmem, tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const VALUES = option("--values", 10_000_000);
const RUNS = option("--runs", 3);
const WITH_GB = !args.includes("--no-gb");
const BIN = path.join(path.dirname(fileURLToPath(import.meta.url)), "..", "bin", "latstat.js");
const DIR = path.join(tmpdir(), "latstat-bench");
mkdirSync(DIR, { recursive: true });

/** Seeded lognormal latencies in ms (median ~4.5 ms), written with 3 decimals as load testers do. */
function* latencies(count, seed = 7) {
  let s = seed;
  const random = () => (s = (s * 16807) % 2147483647) / 2147483647;
  for (let i = 0; i < count; i++) {
    yield Math.exp(1.5 + 0.7 * Math.sqrt(-2 * Math.log(random())) * Math.cos(2 * Math.PI * random())).toFixed(3);
  }
}

function writeLines(file, header, lines) {
  if (existsSync(file)) return file;
  const fd = openSync(`${file}.tmp`, "w");
  if (header) writeSync(fd, header + "\n");
  let batch = [];
  for (const line of lines) {
    batch.push(line);
    if (batch.length === 100_000) {
      writeSync(fd, batch.join("\n") + "\n");
      batch = [];
    }
  }
  if (batch.length) writeSync(fd, batch.join("\n") + "\n");
  closeSync(fd);
  spawnSync("mv", [`${file}.tmp`, file]);
  return file;
}

function* csvRows(count) {
  const endpoints = ["/api/users", "/api/orders", "/api/search"];
  let i = 0;
  for (const latency of latencies(count)) {
    yield `2026-11-02T09:${String(Math.floor(i / 60000) % 60).padStart(2, "0")}:00.000Z,${endpoints[i % 3]},200,${latency}`;
    i++;
  }
}

/** Repeats a file until it reaches `bytes`, for the flat-memory check. */
function repeatTo(source, file, bytes) {
  if (existsSync(file)) return file;
  const content = readFileSync(source);
  const fd = openSync(`${file}.tmp`, "w");
  for (let written = 0; written < bytes; written += content.length) writeSync(fd, content);
  closeSync(fd);
  spawnSync("mv", [`${file}.tmp`, file]);
  return file;
}

const hasTime = existsSync("/usr/bin/time");
const has = (command) => spawnSync("sh", ["-c", `command -v ${command}`]).status === 0;

/** Best-of-RUNS wall time and the peak RSS of that run. */
function measure(command, input) {
  let best;
  for (let run = 0; run < RUNS; run++) {
    const shell = `${command.replaceAll("INPUT", `'${input}'`)} > /dev/null`;
    const started = process.hrtime.bigint();
    const result = hasTime
      ? spawnSync("/usr/bin/time", ["-f", "%M", "sh", "-c", shell], { encoding: "utf8" })
      : spawnSync("sh", ["-c", shell], { encoding: "utf8" });
    const wall = Number(process.hrtime.bigint() - started) / 1e9;
    if (result.status !== 0) throw new Error(`${command} failed: ${result.stderr}`);
    const rssMb = hasTime ? Number(result.stderr.trim().split("\n").pop()) / 1024 : NaN;
    if (!best || wall < best.wall) best = { wall, rssMb };
  }
  return best;
}

const numpyScript = "import sys, numpy as np; a = np.fromstring(open(sys.argv[1]).read(), sep='\\n'); print(np.percentile(a, [50, 99]), a.max())";
const hasNumpy = spawnSync("python3", ["-c", "import numpy"]).status === 0;

const plain = writeLines(path.join(DIR, `plain-${VALUES}.txt`), "", latencies(VALUES));
const csv = writeLines(path.join(DIR, `csv-${VALUES}.csv`), "timestamp,endpoint,status,latency_ms", csvRows(VALUES));
const small = writeLines(path.join(DIR, "plain-10mb.txt"), "", latencies(1_650_000, 11));

const rows = [];
const add = (name, input, command, baseline) => {
  const { wall, rssMb } = measure(command, input);
  const mb = statSync(input).size / 1e6;
  rows.push({ name, input: path.basename(input), wall, mbPerS: mb / wall, rssMb, baseline });
  return wall;
};

// INPUT is replaced by the input's path; each tool reads it the way it reads files fastest.
const latstatPlain = add("latstat", plain, `node ${BIN} INPUT`);
if (has("datamash")) add("datamash perc:50 perc:99 max", plain, "datamash perc:50 1 perc:99 1 max 1 < INPUT", latstatPlain);
if (hasNumpy) add("numpy fromstring + percentile", plain, `python3 -c "${numpyScript}" INPUT`, latstatPlain);
add("latstat", csv, `node ${BIN} INPUT`);
add("latstat (10 MB, memory baseline)", small, `node ${BIN} INPUT`);
if (WITH_GB) add("latstat (1 GB, memory check)", repeatTo(plain, path.join(DIR, "plain-1gb.txt"), 1e9), `node ${BIN} INPUT`);

const cpu = cpus()[0]?.model ?? "unknown CPU";
console.log(`machine: ${cpus().length} × ${cpu}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, node ${process.version}; best of ${RUNS} runs`);
console.log("| command | input | wall s | MB/s | peak RSS MB | latstat is faster by |");
console.log("|---|---|---:|---:|---:|---:|");
for (const r of rows) {
  const ratio = r.baseline ? `${(r.wall / r.baseline).toFixed(1)}×` : "";
  console.log(`| ${r.name} | ${r.input} | ${r.wall.toFixed(2)} | ${r.mbPerS.toFixed(0)} | ${Number.isNaN(r.rssMb) ? "n/a" : r.rssMb.toFixed(0)} | ${ratio} |`);
}
