// Preloaded by the bench with `node --require` into each latstat it times: when the process exits, writes its peak
// resident set size (kB) and CPU time (µs, user + system, all threads: workers included) as JSON to the file named
// by LATSTAT_BENCH_USAGE_FILE. Exact where polling /proc could miss a short peak; needs no /usr/bin/time.
//
// CommonJS, not an ES module loaded with --import: a worker thread inherits the preload, and for an ES module it
// starts its own ES module loader, which latstat's worker (a CommonJS bundle) never does otherwise. That put
// 2-3 MB into every two-thread figure (plain 1 GB: 84-86 MB against 82.3 by /proc/PID/status VmHWM without a hook);
// this file costs a worker nothing measurable (82.4).
"use strict";
const { writeFileSync } = require("node:fs");
const { isMainThread } = require("node:worker_threads");

const file = process.env.LATSTAT_BENCH_USAGE_FILE;
if (file && isMainThread) {
  process.on("exit", () => {
    const usage = process.resourceUsage();
    writeFileSync(file, JSON.stringify({ maxRssKb: usage.maxRSS, cpuUs: usage.userCPUTime + usage.systemCPUTime }));
  });
}
