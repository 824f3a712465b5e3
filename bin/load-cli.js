// Loads the CLI from its bundle, dist/cli/latstat.cjs (dist/cli/main.js and every module it imports in one
// CommonJS file, made by scripts/bundle.mjs), with V8's code cache for it, dist/cli/latstat.cjs.cache, when there
// is one. A command then neither resolves nor compiles ~190 modules at each start: resolving and compiling them
// was most of the time of a report of a few lines. Node 20 has no compile cache for modules
// (module.enableCompileCache is Node 22), vm.Script has one. A cache V8 rejects (another Node.js version) costs
// only the compilation it would have saved.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import vm from "node:vm";

/**
 * A CommonJS module's source as the function Node's loader would wrap it in. The build writes the bundle so
 * (scripts/bundle.mjs), and in ASCII: wrapped here at each start, the source was held twice until a collection,
 * and one non-Latin-1 character (μ) made V8 keep each copy two bytes a character (~2 MB each, not ~1 MB).
 */
export function asModuleFunction(source) {
  return "(function (exports, require, module, __filename, __dirname) {" + source + "\n})";
}

/** The bundle at `file` compiled with `cachedData` and run: its exports (`main`) and its script (for its cache). */
export function compileCli(file, cachedData) {
  const script = new vm.Script(readFileSync(file, "utf8"), { filename: file, cachedData });
  const module = { exports: {} };
  script.runInThisContext()(module.exports, createRequire(file), module, file, path.dirname(file));
  return { cli: module.exports, script };
}

/** The bundle at `file`, compiled from its code cache when there is one. */
export function loadCli(file) {
  let cachedData;
  try {
    cachedData = readFileSync(file + ".cache");
  } catch {
    cachedData = undefined;
  }
  return compileCli(file, cachedData).cli;
}
