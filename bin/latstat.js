#!/usr/bin/env node
// Thin launcher: checks the Node.js version, then hands over to the compiled CLI (src/cli/main.ts), where all
// behaviour lives. The CLI is loaded only after the check, so an old Node.js never parses it: from its bundle
// with V8's code cache (bin/load-cli.js), except for --version, which needs four of its modules and loads them
// as modules from dist/ (the bundle and its cache are ~2 MB to read).
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { loadCli } from "./load-cli.js";
import { nodeVersionProblem } from "./node-check.js";

const BUNDLE = fileURLToPath(new URL("../dist/cli/latstat.cjs", import.meta.url));
const args = process.argv.slice(2);
const problem = nodeVersionProblem(process.versions.node);

function fail(message) {
  process.stderr.write("latstat: " + message + "\n");
  process.exitCode = 2;
}

/** The CLI's module: main.js as an ES module for --version, else the bundle. */
async function loadMain() {
  if (args.length === 1 && (args[0] === "--version" || args[0] === "-V")) return import("../dist/cli/main.js");
  return loadCli(BUNDLE);
}

if (problem !== undefined) {
  fail(problem);
} else if (!existsSync(BUNDLE)) {
  // A clone installed without its dev dependencies (npm ci --omit=dev) has no compiler, hence no dist/.
  fail("the CLI is not built: " + BUNDLE + " is missing (npm install, with the dev dependencies, builds it)");
} else {
  loadMain().then(
    (cli) =>
      cli.main(args).then((code) => {
        process.exitCode = code;
      }),
    (error) => fail("cannot start: " + (error && error.message) + " (reinstall latstat)"),
  );
}
