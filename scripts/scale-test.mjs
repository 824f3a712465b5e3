#!/usr/bin/env node
// Scale test (opt-in: `npm run scale`; CI runs `npm run scale -- --bytes 300MB`).
//
// Streams a generated input of N bytes (default 5 GB) through stdin into the built latstat and checks that
//   - every line is accounted for exactly: lines, recorded, skipped (comments), rejected (bad numbers) are the
//     counts the generator wrote, and the histogram's count equals the recorded lines;
//   - peak memory stays flat: the peak RSS of the big run is within 20% (+16 MB of slack) of a small run's. The
//     small run is 50 MB, not less: V8 grows its young generation by some 20 MB over the first tens of MB read,
//     once, whatever the input's size (10 MB peaks at ~80 MB; 50 MB, 300 MB and 5 GB all at ~100–105 MB).
// Nothing is written to disk. Usage:
//   node scripts/scale-test.mjs [--bytes 5GB] [--format plain|csv|jsonl] [--small-bytes 50MB]
// Exits 0 when both checks hold, 1 when not.
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const BIN = path.join(ROOT, "bin/latstat.js");
const HOOK = path.join(ROOT, "scripts/max-rss-hook.cjs");

/** Peak RSS of the big run may exceed the small run's by this factor plus SLACK_KB. */
const RSS_FACTOR = 1.2;
const SLACK_KB = 16 * 1024;

function parseBytes(text) {
  const match = /^(\d+(?:\.\d+)?)\s*(B|KB|MB|GB|TB)?$/i.exec(text);
  if (!match) throw new Error(`not a size: ${text} (e.g. 300MB, 5GB)`);
  const scale = { B: 1, KB: 1e3, MB: 1e6, GB: 1e9, TB: 1e12 }[(match[2] ?? "B").toUpperCase()];
  return Math.round(Number(match[1]) * scale);
}

function parseArgs(argv) {
  const options = { bytes: 5e9, smallBytes: 50e6, format: "plain" };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split("=", 2);
    const value = () => inline ?? argv[++i];
    if (flag === "--bytes") options.bytes = parseBytes(value());
    else if (flag === "--small-bytes") options.smallBytes = parseBytes(value());
    else if (flag === "--format") options.format = value();
    else throw new Error(`unknown argument ${argv[i]} (see the header of scripts/scale-test.mjs)`);
  }
  if (!["plain", "csv", "jsonl"].includes(options.format)) throw new Error(`--format must be plain, csv or jsonl`);
  return options;
}

/**
 * One block of lines, repeated to make the input: latencies spread over six decades (so the histogram has many
 * buckets), a comment line every 997 lines and a bad value every 1,000. Returns the bytes and what each line is.
 */
function makeBlock(format) {
  const lines = [];
  let recorded = 0;
  let skipped = 0;
  let rejected = 0;
  let seed = 12345;
  for (let i = 1; i <= 20_000; i++) {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    const ms = ((seed % 1_000_000) / 1000) * (1 + (seed >>> 28)) + 0.001;
    if (i % 997 === 0) {
      lines.push("# a comment");
      skipped++;
    } else if (i % 1000 === 0) {
      lines.push(format === "jsonl" ? '{"latency_ms":"oops"}' : format === "csv" ? "200,oops" : "oops");
      rejected++;
    } else {
      const value = ms.toFixed(3);
      lines.push(format === "jsonl" ? `{"latency_ms":${value}}` : format === "csv" ? `200,${value}` : value);
      recorded++;
    }
  }
  return { bytes: Buffer.from(lines.join("\n") + "\n"), lines: lines.length, recorded, skipped, rejected };
}

const HEADERS = { plain: "", csv: "status,latency_ms\n", jsonl: "" };

/** Streams about `totalBytes` of whole blocks into latstat; returns the expected counts and what latstat said. */
async function run(format, totalBytes) {
  const block = makeBlock(format);
  const header = Buffer.from(HEADERS[format]);
  const blocks = Math.max(1, Math.floor((totalBytes - header.length) / block.bytes.length));
  const expected = {
    lines: blocks * block.lines + (header.length > 0 ? 1 : 0),
    recorded: blocks * block.recorded,
    skipped: blocks * block.skipped + (header.length > 0 ? 1 : 0),
    rejected: blocks * block.rejected,
  };
  const rssDir = mkdtempSync(path.join(tmpdir(), "latstat-scale-"));
  const rssFile = path.join(rssDir, "max-rss");
  const started = process.hrtime.bigint();
  const child = spawn(process.execPath, ["--require", HOOK, BIN, "--json", "-f", format], {
    env: { ...process.env, LATSTAT_MAX_RSS_FILE: rssFile, NO_COLOR: "1" },
    stdio: ["pipe", "pipe", "pipe"],
  });
  const stdout = [];
  const stderr = [];
  child.stdout.on("data", (d) => stdout.push(d));
  child.stderr.on("data", (d) => stderr.push(d));
  const exited = new Promise((resolve) => child.on("close", (code) => resolve(code)));
  child.stdin.on("error", () => {});
  const write = (bytes) => (child.stdin.write(bytes) ? undefined : new Promise((resolve) => child.stdin.once("drain", resolve)));
  if (header.length > 0) await write(header);
  for (let i = 0; i < blocks; i++) await write(block.bytes);
  child.stdin.end();
  const code = await exited;
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const maxRssKb = Number(readFileSync(rssFile, "utf8"));
  rmSync(rssDir, { recursive: true, force: true });
  if (code !== 0) throw new Error(`latstat exited with ${code}: ${Buffer.concat(stderr).toString().slice(0, 2000)}`);
  const report = JSON.parse(Buffer.concat(stdout).toString());
  return { expected, report, seconds, maxRssKb, bytes: header.length + blocks * block.bytes.length };
}

function describe(label, { bytes, seconds, maxRssKb, report }) {
  const mb = bytes / 1e6;
  console.log(
    `${label}: ${mb.toFixed(0)} MB, ${report.input.lines.toLocaleString("en")} lines in ${seconds.toFixed(1)} s ` +
      `(${(mb / seconds).toFixed(0)} MB/s), peak RSS ${(maxRssKb / 1024).toFixed(0)} MB`,
  );
}

const options = parseArgs(process.argv.slice(2));
console.log(`scale test: ${options.format}, ${(options.bytes / 1e9).toFixed(2)} GB through stdin (small run ${(options.smallBytes / 1e6).toFixed(0)} MB)`);
const small = await run(options.format, options.smallBytes);
describe("small", small);
const big = await run(options.format, options.bytes);
describe("big  ", big);

const failures = [];
for (const key of ["lines", "recorded", "skipped", "rejected"]) {
  if (big.report.input[key] !== big.expected[key]) failures.push(`${key}: latstat says ${big.report.input[key]}, the generator wrote ${big.expected[key]}`);
}
if (big.report.raw.count !== big.expected.recorded) failures.push(`histogram count ${big.report.raw.count}, expected ${big.expected.recorded}`);
const rssBound = small.maxRssKb * RSS_FACTOR + SLACK_KB;
if (big.maxRssKb > rssBound) {
  failures.push(`peak RSS ${(big.maxRssKb / 1024).toFixed(0)} MB exceeds ${(rssBound / 1024).toFixed(0)} MB (small run ${(small.maxRssKb / 1024).toFixed(0)} MB × ${RSS_FACTOR} + ${SLACK_KB / 1024} MB)`);
}
if (failures.length > 0) {
  for (const failure of failures) console.error(`scale test FAILED: ${failure}`);
  process.exit(1);
}
console.log(`scale test passed: every line accounted for (${big.expected.recorded.toLocaleString("en")} recorded, ${big.expected.skipped.toLocaleString("en")} skipped, ${big.expected.rejected.toLocaleString("en")} rejected); peak RSS flat`);
