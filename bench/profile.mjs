#!/usr/bin/env node
// Where a latstat run spends its time: summarises V8 CPU profiles (`node --cpu-prof`) as the functions with the
// most self time, per profile (each thread writes its own). docs/benchmarks.md uses it to say what bounds a miss.
//
//   node --cpu-prof --cpu-prof-dir=/tmp/prof bin/latstat.js INPUT [flags] > /dev/null
//   node bench/profile.mjs [--top N] /tmp/prof/*.cpuprofile
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const args = process.argv.slice(2);
let top = 15;
const files = [];
for (let i = 0; i < args.length; i++) {
  if (args[i] === "--top" && Number(args[i + 1]) > 0) top = Number(args[++i]);
  else if (args[i].startsWith("-")) {
    console.error("usage: node bench/profile.mjs [--top N] FILE.cpuprofile...");
    process.exit(args[i] === "--help" || args[i] === "-h" ? 0 : 2);
  } else files.push(args[i]);
}

/** Where a function is: relative to the repository, or node's own module name. */
function place({ url, lineNumber }) {
  if (!url) return "";
  const file = url.startsWith("file://") ? path.relative(ROOT, fileURLToPath(url)) : url;
  return `${file}:${lineNumber + 1}`;
}

for (const file of files) {
  const profile = JSON.parse(readFileSync(file, "utf8"));
  const totalMs = (profile.endTime - profile.startTime) / 1000;
  const msPerSample = totalMs / Math.max(1, profile.samples.length);
  const selfMs = new Map();
  for (const node of profile.nodes) {
    if (!node.hitCount) continue;
    const key = `${node.callFrame.functionName || "(anonymous)"}\t${place(node.callFrame)}`;
    selfMs.set(key, (selfMs.get(key) ?? 0) + node.hitCount * msPerSample);
  }
  const rows = [...selfMs].sort((a, b) => b[1] - a[1]).slice(0, top);
  console.log(`${path.basename(file)}: ${totalMs.toFixed(0)} ms profiled`);
  console.log("| self ms | % | function | where |\n|---:|---:|---|---|");
  for (const [key, ms] of rows) {
    const [name, where] = key.split("\t");
    console.log(`| ${ms.toFixed(0)} | ${((100 * ms) / totalMs).toFixed(1)} | ${name} | ${where} |`);
  }
  console.log("");
}
