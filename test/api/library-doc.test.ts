/**
 * The examples of docs/library.md run and print what the page shows: each ```ts block, compiled to JavaScript as
 * it is written (types are checked against the published declarations in package.test.ts) with `"latstat"` the
 * built library, runs in a folder holding a copy of fixtures/; the ```text block after it is its stdout.
 */
import { writeFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { makeScratch } from "../helpers/doc-examples.js";
import { LIBRARY_PAGE, libraryExamples } from "../helpers/library-examples.js";
import { REPO_ROOT } from "../helpers/run-cli.js";
import { runProcess } from "../helpers/run-process.js";

const PAGE = LIBRARY_PAGE;

describe(PAGE, () => {
  const examples = libraryExamples();
  const scratch = makeScratch();
  const library = pathToFileURL(path.join(REPO_ROOT, "dist/api/index.js")).href;

  it("has examples of check, report and compare, each showing its output", () => {
    const code = examples.map((e) => e.code).join("\n");
    for (const name of ["check", "report", "compare"]) expect(code).toMatch(new RegExp(`\\bawait ${name}\\(`));
    for (const example of examples) expect(example.output, `${PAGE}:${example.line}`).toBeDefined();
  });

  it.each(examples)(`${PAGE}:$line prints what the page shows`, async ({ line, code, output }) => {
    const js = ts.transpileModule(code, { compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 } }).outputText;
    const file = path.join(scratch.dir, `example-${line}.mjs`);
    writeFileSync(file, js.replace(/from "latstat"/g, `from ${JSON.stringify(library)}`));
    const run = await runProcess(process.execPath, [file], { cwd: scratch.dir, env: scratch.env });
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout.replace(/\n$/, "")).toBe(output);
  }, 60_000);
});
