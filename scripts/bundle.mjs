#!/usr/bin/env node
// The second step of the build (after tsc): dist/cli/main.js and every module it imports bundled by esbuild into
// dist/cli/latstat.cjs, which bin/latstat.js loads (bin/load-cli.js), and V8's code cache for it; and each worker
// thread that bundle starts (a part of a large file, ingest/ingest-parts.ts; whole files one after another,
// ingest/ingest-files.ts) into a bundle of its own, dist/ingest/NAME.cjs (see ingest/worker-script.ts). The cache is
// made after a report of fixtures/demo.log and of a few plain values has run, so that it holds the functions a
// report compiles, not only the bundle's top level.
import { readFileSync, writeFileSync } from "node:fs";
import { PassThrough, Readable } from "node:stream";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { asModuleFunction, compileCli } from "../bin/load-cli.js";
import { WORKER_NAMES } from "../dist/ingest/worker-script.js";

const BUNDLE = fileURLToPath(new URL("../dist/cli/latstat.cjs", import.meta.url));
const DEMO = fileURLToPath(new URL("../fixtures/demo.log", import.meta.url));

/** esbuild's options for a bundle of `entry` at `outfile`, CommonJS for Node 20. */
function bundleOf(entry, outfile) {
  return {
    entryPoints: [fileURLToPath(new URL(`../dist/${entry}`, import.meta.url))],
    outfile,
    bundle: true,
    platform: "node",
    format: "cjs",
    target: "node20",
    // Each module's import.meta.url becomes the bundle's. Every module of dist/ is one directory down, as the
    // bundles are, so the paths they resolve from it (../../package.json, ../ingest/…) are the same.
    define: { "import.meta.url": "__bundleUrl", LATSTAT_WORKER_EXTENSION: JSON.stringify(".cjs") },
    banner: { js: 'const __bundleUrl = require("node:url").pathToFileURL(__filename).href;' },
    logLevel: "warning",
    minifyWhitespace: true,
    minifySyntax: true,
    metafile: true,
  };
}

/**
 * `source` in ASCII: esbuild leaves a regular expression's characters as they are, and one μ (formats/plain.ts) made
 * V8 keep the whole source two bytes a character, 556 KB in the heap of every worker instead of 278 KB (and ~2 MB
 * instead of ~1 MB for the CLI's). An escape means the same character in a regular expression, a string or a name.
 */
const ascii = (source) => source.replace(/[^\0-\x7f]/g, (c) => "\\u" + c.charCodeAt(0).toString(16).padStart(4, "0"));

for (const name of WORKER_NAMES) {
  const outfile = fileURLToPath(new URL(`../dist/ingest/${name}.cjs`, import.meta.url));
  await build(bundleOf(`ingest/${name}.js`, outfile));
  writeFileSync(outfile, ascii(readFileSync(outfile, "utf8")));
}
const { metafile } = await build(bundleOf("cli/main.js", BUNDLE));
// Written as the function load-cli.js compiles, so that it compiles the text read, not a copy with a wrapper.
writeFileSync(BUNDLE, asModuleFunction(ascii(readFileSync(BUNDLE, "utf8"))));

// A vm.Script has no module loader: an import() left in the bundle (of a module outside it) would fail when run.
const dynamic = Object.values(metafile.inputs).flatMap((input) => input.imports.filter((i) => i.kind === "dynamic-import" && i.external));
if (dynamic.length > 0) throw new Error(`the bundle would import() ${dynamic.map((i) => i.path).join(", ")}: require it instead`);

const { cli, script } = compileCli(BUNDLE, undefined);
const silent = () => ({ stdout: new PassThrough().resume(), stderr: new PassThrough().resume(), env: { NO_COLOR: "1" } });
for (const [args, input] of [
  [["report", DEMO], ""],
  [["report"], "1.5\n2\n30\n"],
]) {
  const code = await cli.main(args, { ...silent(), stdin: Readable.from([Buffer.from(input)]) });
  if (code !== 0) throw new Error(`latstat ${args.join(" ")} exited ${code} while its code cache was made`);
}
writeFileSync(BUNDLE + ".cache", script.createCachedData());
