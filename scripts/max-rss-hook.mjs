// Preloaded with `node --import` to measure a process's peak memory: on exit, writes its maximum resident set
// size in kilobytes (process.resourceUsage().maxRSS) to the file named by LATSTAT_MAX_RSS_FILE.
// Used by scripts/scale-test.mjs and the hardening tests; needs no /usr/bin/time.
import { writeFileSync } from "node:fs";

const file = process.env.LATSTAT_MAX_RSS_FILE;
if (file) {
  process.on("exit", () => {
    writeFileSync(file, `${process.resourceUsage().maxRSS}\n`);
  });
}
