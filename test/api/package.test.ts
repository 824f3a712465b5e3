/**
 * The library as a user's TypeScript project gets it: the packed tarball installed in a project of its own, with
 * the TypeScript compiler and Node's types from npm's cache (which CI's `npm ci` has filled), programs compiled
 * with `tsc --strict` against the published declarations and run — one comparing a budget check over an array of
 * samples and a report of a file with what the CLI's --json prints for the same input, and every example of
 * docs/library.md, printing what the page shows.
 */
import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { libraryExamples } from "../helpers/library-examples.js";
import { REPO_ROOT, runCli } from "../helpers/run-cli.js";
import { runProcess, type ProcessOptions } from "../helpers/run-process.js";

const NPM_QUIET = ["--prefer-offline", "--no-audit", "--no-fund", "--silent"];
const BUDGETS = ["p99 < 450ms", "p50 < 200ms", "mean < 300ms", "99% < 400ms"];
const FIXTURES = ["fixtures/demo.log", "fixtures/formats/hey/c8-search.csv", "fixtures/formats/hey/c8-search-stall.csv"];

/** 5,000 latencies in ms, 0.5 to 500.4, in a scrambled order: the program and the file hold the same. */
const SAMPLES_EXPRESSION = "Array.from({ length: 5000 }, (_, i) => ((i * 7919) % 5000) / 10 + 0.5)";

/** A program of the user's: its result as one JSON document on stdout. */
const PARITY_PROGRAM = `import { check, report, type CheckDocument, type ReportDocument } from "latstat";

const samples: number[] = ${SAMPLES_EXPRESSION};
const checked: CheckDocument = await check([{ name: "samples.txt", samples }], ${JSON.stringify(BUDGETS)});
const reported: ReportDocument = await report(["fixtures/demo.log"], { percentiles: ["50", "99", "99.9"] });
process.stdout.write(JSON.stringify({ checked, reported }));
`;

/** Runs a program that must succeed; returns its stdout. */
async function succeed(file: string, args: readonly string[], options: ProcessOptions = {}): Promise<string> {
  const result = await runProcess(file, args, options);
  expect(result.status, `${file} ${args.join(" ")}\n${result.stdout}\n${result.stderr}`).toBe(0);
  return result.stdout;
}

/** The version of a dev dependency installed here, so that the project installs it from npm's cache. */
function installedVersion(name: string): string {
  return JSON.parse(readFileSync(path.join(REPO_ROOT, "node_modules", name, "package.json"), "utf8")).version;
}

describe("a TypeScript project that installs the packed tarball", () => {
  it("compiles with tsc --strict against the published types, and its results are the CLI's", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "latstat-library-"));
    // --ignore-scripts: dist/ is built by `npm test`; rebuilding it here would race the tests that run it.
    const tarball = (await succeed("npm", ["pack", "--silent", "--ignore-scripts", "--pack-destination", dir], { cwd: REPO_ROOT })).trim().split("\n").pop()!;
    const files = (await succeed("tar", ["tzf", path.join(dir, tarball)])).split("\n");
    expect(files).toEqual(expect.arrayContaining(["package/dist/api/index.js", "package/dist/api/index.d.ts", "package/dist/render/json.d.ts"]));

    writeFileSync(path.join(dir, "package.json"), JSON.stringify({ name: "consumer", version: "1.0.0", private: true, type: "module" }));
    await succeed("npm", ["install", ...NPM_QUIET, `./${tarball}`, `typescript@${installedVersion("typescript")}`, `@types/node@${installedVersion("@types/node")}`], { cwd: dir });
    const tsconfig = { compilerOptions: { target: "ES2022", module: "NodeNext", moduleResolution: "NodeNext", types: ["node"], outDir: "out", rootDir: "src", noEmitOnError: true }, include: ["src"] };
    writeFileSync(path.join(dir, "tsconfig.json"), JSON.stringify(tsconfig));
    mkdirSync(path.join(dir, "src"));
    writeFileSync(path.join(dir, "src", "parity.ts"), PARITY_PROGRAM);
    const examples = libraryExamples();
    for (const example of examples) writeFileSync(path.join(dir, "src", `doc-${example.line}.ts`), example.code);
    await succeed(path.join(dir, "node_modules", ".bin", "tsc"), ["-p", ".", "--strict"], { cwd: dir });

    for (const fixture of FIXTURES) cpSync(path.join(REPO_ROOT, fixture), path.join(dir, fixture), { recursive: true });
    const samples = new Function(`return ${SAMPLES_EXPRESSION}`)() as number[];
    writeFileSync(path.join(dir, "samples.txt"), samples.map((s) => `${s}\n`).join(""));
    const result = JSON.parse(await succeed(process.execPath, ["out/parity.js"], { cwd: dir }));

    const cliCheck = await runCli(["check", "samples.txt", "--json", "--no-config", ...BUDGETS.flatMap((b) => ["--budget", b])], { cwd: dir });
    expect(cliCheck.code === 0).toBe(result.checked.passed);
    expect(result.checked).toEqual(JSON.parse(cliCheck.stdout));
    const cliReport = await runCli(["report", "fixtures/demo.log", "--json", "-p", "50,99,99.9"], { cwd: dir });
    expect(result.reported).toEqual(JSON.parse(cliReport.stdout));

    for (const example of examples) {
      const output = await succeed(process.execPath, [`out/doc-${example.line}.js`], { cwd: dir });
      expect(output.replace(/\n$/, ""), `docs/library.md:${example.line}`).toBe(example.output);
    }
  }, 240_000);
});
