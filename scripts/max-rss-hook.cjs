// Preloaded with `node --require` to measure a process's peak memory: on exit, writes its maximum resident set
// size in kilobytes (process.resourceUsage().maxRSS) to the file named by LATSTAT_MAX_RSS_FILE.
// Used by scripts/scale-test.mjs and the hardening tests; needs no /usr/bin/time.
//
// CommonJS, not an ES module loaded with --import: worker threads inherit the preload, and for an ES module each
// starts an ES module loader latstat's workers never start otherwise (2-3 MB more in a two-thread figure; the
// bench's own hook, bench/usage-hook.cjs, is CommonJS for the same reason).
"use strict";
const { writeFileSync } = require("node:fs");
const { isMainThread } = require("node:worker_threads");

const file = process.env.LATSTAT_MAX_RSS_FILE;
if (file && isMainThread) {
  process.on("exit", () => {
    writeFileSync(file, `${process.resourceUsage().maxRSS}\n`);
  });
}
