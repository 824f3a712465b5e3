#!/usr/bin/env node
// `npm run bench`: times latstat on generated (seeded) latency logs beside datamash, numpy and Java's
// HistogramLogProcessor where installed, and prints wall time, CPU time (user + sys: steadier than wall time on
// a busy machine), throughput, peak RSS, the ratios measured in the same run, and the issue's targets.
//
//   node bench/run.mjs [--values N] [--runs R] [--no-gb]
//
// Inputs are cached in $TMPDIR/latstat-bench (keyed by size). Peak RSS and CPU time come from GNU time.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, openSync, closeSync, writeSync, statSync, readFileSync } from "node:fs";
import { cpus, loadavg, totalmem, tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const USAGE = "usage: node bench/run.mjs [--values N] [--runs R] [--no-gb]";
const args = process.argv.slice(2);
// Anything else (a typo, --help) prints the usage instead of starting a several-minute run.
for (let i = 0; i < args.length; i++) {
  const takesNumber = args[i] === "--values" || args[i] === "--runs";
  if (!(takesNumber && Number(args[i + 1]) > 0) && args[i] !== "--no-gb") {
    console.error(USAGE);
    process.exit(args[i] === "--help" || args[i] === "-h" ? 0 : 2);
  }
  if (takesNumber) i++;
}
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

/** JMeter CSV results with a header, as `jmeter -n -l` writes them (JMeter 5 default columns). */
function* jtlRows(count) {
  const labels = ["GET users", "GET orders", "POST search"];
  let i = 0;
  for (const latency of latencies(count)) {
    const elapsed = Math.max(1, Math.round(Number(latency)));
    const label = labels[i % 3];
    yield `${1795779576126 + i * 3},${elapsed},${label},200,OK,users 1-${(i % 8) + 1},text,true,,171,118,8,8,http://127.0.0.1:8080/api/users,${elapsed},0,${i % 5}`;
    i++;
  }
}

/** `k6 run --out json` lines: per request a point of http_reqs, http_req_duration, http_req_waiting and http_req_failed. */
function* k6Lines(requests) {
  const tags = '"tags":{"expected_response":"true","group":"","method":"GET","name":"http://127.0.0.1:8080/api/users","proto":"HTTP/1.1","scenario":"default","status":"200","url":"http://127.0.0.1:8080/api/users"}';
  let i = 0;
  for (const latency of latencies(requests)) {
    const time = new Date(1795779576126 + i * 2).toISOString().replace("Z", "000+00:00");
    yield `{"metric":"http_reqs","type":"Point","data":{"time":"${time}","value":1,${tags}}}`;
    yield `{"metric":"http_req_duration","type":"Point","data":{"time":"${time}","value":${latency},${tags}}}`;
    yield `{"metric":"http_req_waiting","type":"Point","data":{"time":"${time}","value":${(Number(latency) * 0.9).toFixed(3)},${tags}}}`;
    yield `{"metric":"http_req_failed","type":"Point","data":{"time":"${time}","value":0,${tags}}}`;
    i++;
  }
}

/** nginx "combined" plus `$request_time` (seconds, ms resolution), one line per request. */
function* nginxLines(count) {
  const paths = ["/api/users", "/api/orders?page=2", "/api/search"];
  let i = 0;
  for (const latency of latencies(count)) {
    const second = Math.floor(i / 1000);
    const time = `02/Nov/2026:09:${String(Math.floor(second / 60) % 60).padStart(2, "0")}:${String(second % 60).padStart(2, "0")} +0000`;
    yield `10.0.0.${i % 250} - - [${time}] "GET ${paths[i % 3]} HTTP/1.1" 200 ${512 + (i % 97)} "-" "k6/0.54.0 (https://k6.io/)" ${(Number(latency) / 1000).toFixed(3)}`;
    i++;
  }
}

/** A CSV of 3 tags × 100 requests a second for an hour, to become an hlog of 3,600 intervals × 3 tags. */
function* taggedRows() {
  let i = 0;
  for (const latency of latencies(3600 * 300, 13)) {
    yield `${1795779600000 + Math.floor(i / 300) * 1000 + (i % 300) * 3},${["A", "B", "C"][i % 3]},${latency}`;
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

/** Best-of-RUNS wall time, with the CPU time and peak RSS of that run. */
function measure(command, input) {
  let best;
  for (let run = 0; run < RUNS; run++) {
    const shell = `${command.replaceAll("INPUT", `'${input}'`)} > /dev/null`;
    const started = process.hrtime.bigint();
    const result = hasTime
      ? spawnSync("/usr/bin/time", ["-f", "%M %U %S", "sh", "-c", shell], { encoding: "utf8" })
      : spawnSync("sh", ["-c", shell], { encoding: "utf8" });
    const wall = Number(process.hrtime.bigint() - started) / 1e9;
    if (result.status !== 0) throw new Error(`${command} failed: ${result.stderr}`);
    const [rssKb, user, sys] = hasTime ? result.stderr.trim().split("\n").pop().split(" ").map(Number) : [NaN, NaN, NaN];
    if (!best || wall < best.wall) best = { wall, cpu: user + sys, rssMb: rssKb / 1024 };
  }
  return best;
}

const numpyScript = "import sys, numpy as np; a = np.fromstring(open(sys.argv[1]).read(), sep='\\n'); print(np.percentile(a, [50, 99]), a.max())";
const hasNumpy = spawnSync("python3", ["-c", "import numpy"]).status === 0;

const plain = writeLines(path.join(DIR, `plain-${VALUES}.txt`), "", latencies(VALUES));
const csv = writeLines(path.join(DIR, `csv-${VALUES}.csv`), "timestamp,endpoint,status,latency_ms", csvRows(VALUES));
const jtlHeader = "timeStamp,elapsed,label,responseCode,responseMessage,threadName,dataType,success,failureMessage,bytes,sentBytes,grpThreads,allThreads,URL,Latency,IdleTime,Connect";
const jtl = writeLines(path.join(DIR, `jtl-${VALUES / 5}.csv`), jtlHeader, jtlRows(VALUES / 5));
const k6 = writeLines(path.join(DIR, `k6-${VALUES / 50}.json`), "", k6Lines(VALUES / 50));
const nginx = writeLines(path.join(DIR, `nginx-${VALUES / 10}.log`), "", nginxLines(VALUES / 10));
const small = writeLines(path.join(DIR, "plain-10mb.txt"), "", latencies(1_650_000, 11));

/**
 * An hlog of 3,600 intervals × 3 tags: latstat writes the 1 s intervals of an hour of requests, and each interval
 * line is given as Tag=A, Tag=B and Tag=C (the row is skipped when it cannot be made).
 */
function taggedHlog() {
  const file = path.join(DIR, "tagged-3600x3.hlog");
  if (existsSync(file)) return file;
  const source = writeLines(path.join(DIR, "tagged-3600x3.csv"), "ts,tag,latency_ms", taggedRows());
  const made = spawnSync("sh", ["-c", `node ${BIN} '${source}' --time-column ts -o hlog --interval 1s`], { encoding: "utf8", maxBuffer: 1 << 30 });
  if (made.status !== 0) return undefined;
  const lines = made.stdout.split("\n").filter((line) => line !== "").flatMap((line) => (/^\d/.test(line) ? ["A", "B", "C"].map((tag) => `Tag=${tag},${line}`) : [line]));
  writeLines(file, "", lines);
  return file;
}

const rows = [];
/** A row; `baseline` is the wall time of the row it is compared with; `target` says what the issue asks. */
const add = (name, input, command, { baseline, target } = {}) => {
  const { wall, cpu, rssMb } = measure(command, input);
  const mb = statSync(input).size / 1e6;
  rows.push({ name, input: path.basename(input), wall, cpu, mbPerS: mb / wall, rssMb, baseline, target });
  return wall;
};
const mbPerS = (row) => row.mbPerS;

// INPUT is replaced by the input's path; each tool reads it the way it reads files fastest.
const nodeStart = add("node -e 0 (startup baseline)", small, "node -e 0");
add("latstat --version", small, `node ${BIN} --version`, { target: { text: "≤ 1.5× node -e 0", met: (r) => r.wall <= 1.5 * nodeStart, detail: (r) => `${(r.wall / nodeStart).toFixed(2)}×` } });
const latstatPlain = add("latstat", plain, `node ${BIN} INPUT`, { target: { text: "≤ 0.45 s", met: (r) => r.wall <= 0.45 } });
if (has("datamash")) add("datamash perc:50 perc:99 max", plain, "datamash perc:50 1 perc:99 1 max 1 < INPUT", { baseline: latstatPlain, target: { text: "latstat ≥ 15×", met: (r) => r.wall >= 15 * latstatPlain } });
if (hasNumpy) add("numpy fromstring + percentile", plain, `python3 -c "${numpyScript}" INPUT`, { baseline: latstatPlain, target: { text: "latstat ≥ 6×", met: (r) => r.wall >= 6 * latstatPlain } });
const atLeast = (n) => ({ text: `≥ ${n} MB/s`, met: (r) => mbPerS(r) >= n });
add("latstat", csv, `node ${BIN} INPUT`, { target: atLeast(120) });
add("latstat --co off", csv, `node ${BIN} INPUT --co off`, { target: atLeast(120) });
add("latstat", jtl, `node ${BIN} INPUT`, { target: atLeast(120) });
add("latstat", k6, `node ${BIN} INPUT`, { target: atLeast(80) });
add("latstat", nginx, `node ${BIN} INPUT`, { target: atLeast(80) });
const hlog = taggedHlog();
const java = "/usr/share/java/hdrhistogram.jar";
if (hlog !== undefined && existsSync(java) && has("java")) {
  const javaWall = add("java HistogramLogProcessor -tag A", hlog, `java -cp ${java} org.HdrHistogram.HistogramLogProcessor -i INPUT -tag A`);
  add("latstat --tag A", hlog, `node ${BIN} INPUT --tag A`, { target: { text: "≥ 2× faster than Java", met: (r) => 2 * r.wall <= javaWall, detail: (r) => `${(javaWall / r.wall).toFixed(1)}×` } });
}
add("latstat (10 MB, memory baseline)", small, `node ${BIN} INPUT`);
const smallRss = rows[rows.length - 1].rssMb;
const rssTarget = { text: "≤ 100 MB, ≤ 1.2× the 10 MB run", met: (r) => r.rssMb <= 100 && r.rssMb <= 1.2 * smallRss };
if (WITH_GB) add("latstat (1 GB, memory check)", repeatTo(plain, path.join(DIR, "plain-1gb.txt"), 1e9), `node ${BIN} INPUT`, { target: rssTarget });

const cpu = cpus()[0]?.model ?? "unknown CPU";
const load = loadavg().map((l) => l.toFixed(2)).join(", ");
console.log(`machine: ${cpus().length} × ${cpu}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, node ${process.version}; best of ${RUNS} runs; load average at the end ${load}`);
console.log("| command | input | wall s | cpu s | MB/s | peak RSS MB | latstat is faster by | target |");
console.log("|---|---|---:|---:|---:|---:|---:|---|");
for (const r of rows) {
  const ratio = r.baseline ? `${(r.wall / r.baseline).toFixed(1)}×` : "";
  const detail = r.target?.detail ? ` (${r.target.detail(r)})` : "";
  const target = r.target ? `${r.target.text}: ${r.target.met(r) ? "met" : "**missed**"}${detail}` : "";
  const rss = Number.isNaN(r.rssMb) ? "n/a" : r.rssMb.toFixed(0);
  console.log(`| ${r.name} | ${r.input} | ${r.wall.toFixed(2)} | ${r.cpu.toFixed(2)} | ${r.mbPerS.toFixed(0)} | ${rss} | ${ratio} | ${target} |`);
}
