// Preloaded by the bench with `node --import` into each latstat it times: when the process exits, writes its peak
// resident set size (kB) and CPU time (µs, user + system, all threads: workers included) as JSON to the file named
// by LATSTAT_BENCH_USAGE_FILE. Exact where polling /proc could miss a short peak; needs no /usr/bin/time.
import { writeFileSync } from "node:fs";
import { isMainThread } from "node:worker_threads";

const file = process.env.LATSTAT_BENCH_USAGE_FILE;
if (file && isMainThread) {
  process.on("exit", () => {
    const usage = process.resourceUsage();
    writeFileSync(file, JSON.stringify({ maxRssKb: usage.maxRSS, cpuUs: usage.userCPUTime + usage.systemCPUTime }));
  });
}
