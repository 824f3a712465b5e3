#!/usr/bin/env node
// Thin launcher: checks the Node.js version, then hands over to the compiled CLI (src/cli/main.ts), where all
// behaviour lives. The CLI is imported only after the check, so an old Node.js never parses it.
import { fileURLToPath } from "node:url";
import { nodeVersionProblem } from "./node-check.js";

const MAIN = fileURLToPath(new URL("../dist/cli/main.js", import.meta.url));
const problem = nodeVersionProblem(process.versions.node);

function fail(message) {
  process.stderr.write("latstat: " + message + "\n");
  process.exitCode = 2;
}

if (problem !== undefined) {
  fail(problem);
} else {
  import("../dist/cli/main.js").then(
    (cli) =>
      cli.main(process.argv.slice(2)).then((code) => {
        process.exitCode = code;
      }),
    (error) => {
      // A clone installed without its dev dependencies (npm ci --omit=dev) has no compiler, hence no dist/.
      if (error && error.code === "ERR_MODULE_NOT_FOUND" && String(error.message).includes(MAIN)) {
        fail("the CLI is not built: " + MAIN + " is missing (npm install, with the dev dependencies, builds it)");
      } else {
        fail("cannot start: " + (error && error.message) + " (reinstall latstat)");
      }
    },
  );
}
