/**
 * Installing latstat as users do: from the packed tarball, in a clone without the dev dependencies, and as the
 * README's install steps and the documentation's CI recipes say, run as written against a tarball packed here.
 * Dependencies come from npm's cache, which CI's `npm ci` has already filled.
 */
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ciSteps, codeBlocks, documentationPages, TOOL_STAND_INS } from "../helpers/doc-examples.js";
import { REPO_ROOT } from "../helpers/run-cli.js";
import { runProcess, runShell, type ProcessOptions } from "../helpers/run-process.js";

const NPM_QUIET = ["--prefer-offline", "--no-audit", "--no-fund"];

/** Runs a program that must succeed; returns its stdout. */
async function succeed(file: string, args: readonly string[], options: ProcessOptions = {}): Promise<string> {
  const result = await runProcess(file, args, options);
  expect(result.status, `${file} ${args.join(" ")}\n${result.stderr}`).toBe(0);
  return result.stdout;
}

/** Packs the repository as it is (dist/ already built by `npm test`) into `dir`; returns the tarball's file name. */
async function pack(dir: string): Promise<string> {
  // --ignore-scripts: rebuilding dist/ here would race the CLI tests that run it.
  const output = await succeed("npm", ["pack", "--silent", "--ignore-scripts", "--pack-destination", dir], { cwd: REPO_ROOT });
  return output.trim().split("\n").pop()!;
}

describe("the packed tarball", () => {
  it("holds the built CLI, and installs elsewhere to run as `npx latstat`", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "latstat-pack-"));
    const tarball = await pack(dir);
    const files = (await succeed("tar", ["tzf", path.join(dir, tarball)])).split("\n");
    expect(files).toEqual(expect.arrayContaining(["package/bin/latstat.js", "package/bin/node-check.js", "package/bin/load-cli.js", "package/dist/cli/main.js", "package/dist/cli/latstat.cjs", "package/dist/cli/latstat.cjs.cache", "package/man/latstat.1", "package/package.json"]));
    writeFileSync(path.join(dir, "package.json"), JSON.stringify({ name: "consumer", version: "1.0.0", private: true }));
    await succeed("npm", ["install", ...NPM_QUIET, "--silent", `./${tarball}`], { cwd: dir });
    const output = await succeed("npx", ["--no-install", "latstat", "--json"], { cwd: dir, input: "1\n2\n3\n" });
    expect(JSON.parse(output).raw.count).toBe(3);
  }, 180_000);
});

describe("a clone installed with npm ci --omit=dev", () => {
  it("installs without the TypeScript compiler, says dist/ was not built, and runs once dist/ is there", async () => {
    const clone = mkdtempSync(path.join(tmpdir(), "latstat-omit-dev-"));
    for (const entry of ["package.json", "package-lock.json", "tsconfig.json", "bin", "scripts", "src"]) {
      cpSync(path.join(REPO_ROOT, entry), path.join(clone, entry), { recursive: true });
    }
    const install = await runProcess("npm", ["ci", "--omit=dev", ...NPM_QUIET], { cwd: clone });
    expect(install.stderr).toContain("latstat: TypeScript is not installed (dev dependencies omitted): dist/ is not built; npm install without --omit=dev builds it");
    expect(install.status).toBe(0);

    const unbuilt = await runProcess(process.execPath, ["bin/latstat.js", "--json"], { cwd: clone, input: "1\n" });
    expect(unbuilt.status).toBe(2);
    expect(unbuilt.stderr).toMatch(/^latstat: the CLI is not built: .*dist\/cli\/latstat\.cjs is missing \(npm install, with the dev dependencies, builds it\)\n$/);

    // dist/ as a build stage (or `npm pack`) makes it: the runtime needs no dev dependency.
    cpSync(path.join(REPO_ROOT, "dist"), path.join(clone, "dist"), { recursive: true });
    const built = await runProcess(process.execPath, ["bin/latstat.js", "--json"], { cwd: clone, input: "1\n2\n3\n" });
    expect(built.stderr).toBe("");
    expect(JSON.parse(built.stdout).raw.count).toBe(3);
  }, 180_000);
});

/** The sh and yaml blocks of the documentation that install latstat, with where they are. */
function installBlocks(info: "sh" | "yaml") {
  return documentationPages().flatMap((page) =>
    codeBlocks(readFileSync(path.join(REPO_ROOT, page), "utf8"))
      .filter((block) => block.info === info && /npm install --global/.test(block.text))
      .map((block) => ({ where: `${page}:${block.line}`, text: block.text })),
  );
}

/** Environment for installing globally into `dir` (not the machine's own prefix), from npm's cache. */
function globalInstallEnv(dir: string, extraPath: string[] = []): NodeJS.ProcessEnv {
  const prefix = path.join(dir, "global");
  const { GITHUB_ACTIONS: _a, GITHUB_STEP_SUMMARY: _s, ...env } = process.env;
  return {
    ...env,
    PATH: [path.join(prefix, "bin"), ...extraPath, process.env.PATH].join(path.delimiter),
    npm_config_prefix: prefix,
    npm_config_prefer_offline: "true",
    npm_config_audit: "false",
    npm_config_fund: "false",
    NO_COLOR: "1",
  };
}

describe("the README's install steps", () => {
  const blocks = installBlocks("sh").filter((block) => block.where.startsWith("README.md:"));

  it("are there: npm pack in a clone, then npm install --global of the tarball", () => {
    expect(blocks).toHaveLength(1);
    expect(blocks[0]!.text).toMatch(/^npm pack\b/m);
  });

  it.each(blocks)("$where runs as written and installs a working latstat", async ({ text }) => {
    // A clone after `npm install`: the sources and the built dist/ (node_modules is not needed to pack).
    const clone = mkdtempSync(path.join(tmpdir(), "latstat-readme-install-"));
    for (const entry of ["package.json", "package-lock.json", "tsconfig.json", "README.md", "bin", "dist", "scripts", "src", "fixtures/demo.log"]) {
      cpSync(path.join(REPO_ROOT, entry), path.join(clone, entry), { recursive: true });
    }
    const result = await runShell(text, { cwd: clone, env: globalInstallEnv(clone) });
    expect(result.status, result.stderr).toBe(0);
    const version = JSON.parse(readFileSync(path.join(REPO_ROOT, "package.json"), "utf8")).version;
    expect(result.stdout.trim().split("\n").pop()).toBe(version);
    expect(existsSync(path.join(clone, "global", "bin", "latstat"))).toBe(true);
  }, 180_000);
});

/**
 * What a CI runner has and this machine does not, replaced by scripts that do only what the recipe needs of them:
 * package installs and the service under test are assumed done; gh checks it is given a comment to post.
 */
const CI_STAND_INS: Record<string, string> = {
  sudo: '#!/bin/sh\nexec "$@"\n',
  "apt-get": "#!/bin/sh\n# apt-get update / install: the runner's packages are not installed here.\nexit 0\n",
  docker: "#!/bin/sh\n# docker compose up: the service under test is not started here.\nexit 0\n",
  gh: '#!/bin/sh\n# gh pr comment PR --body-file FILE: checks the comment is written, posts nothing.\nfor a; do [ "$prev" = --body-file ] && { [ -s "$a" ] || { echo "gh stand-in: $a is empty" >&2; exit 1; }; exit 0; }; prev=$a; done\necho "gh stand-in: no --body-file" >&2; exit 1\n',
  hey: TOOL_STAND_INS.hey!,
};

describe("the CI recipes of the documentation", () => {
  const recipes = installBlocks("yaml");

  it("are there, each installing latstat from a tarball", () => {
    expect(recipes.length).toBeGreaterThanOrEqual(3);
    for (const recipe of recipes) expect(recipe.text, recipe.where).not.toMatch(/npm install --global latstat\b/);
  });

  it.each(recipes)("$where runs its steps as written against a packed tarball", async ({ where, text }) => {
    const steps = ciSteps(text);
    expect(steps.length, where).toBeGreaterThan(0);
    const dir = mkdtempSync(path.join(tmpdir(), "latstat-ci-recipe-"));
    // The repository the job runs in: the tarball kept in ci/, and the logs earlier steps of a compare job wrote.
    mkdirSync(path.join(dir, "ci"));
    await pack(path.join(dir, "ci"));
    cpSync(path.join(REPO_ROOT, "fixtures/formats/hey/c8-search.csv"), path.join(dir, "before.log"));
    cpSync(path.join(REPO_ROOT, "fixtures/formats/hey/c8-search-stall.csv"), path.join(dir, "after.log"));
    const standIns = path.join(dir, ".stand-ins");
    mkdirSync(standIns);
    for (const [name, script] of Object.entries(CI_STAND_INS)) {
      writeFileSync(path.join(standIns, name), script);
      chmodSync(path.join(standIns, name), 0o755);
    }
    const env = { ...globalInstallEnv(dir, [standIns]), FIXTURES: path.join(REPO_ROOT, "fixtures") };
    for (const step of steps) {
      // GitHub expressions belong in env: (as the recipes do), where they cannot inject shell code.
      expect(step, where).not.toContain("${{");
      const result = await runShell(step, { cwd: dir, env });
      // A budget missed or a regression found is exit 1 by design; anything else must succeed.
      const verdicts = /\blatstat (check|compare)\b/.test(step) ? [0, 1] : [0];
      expect(verdicts, `${where}, step:\n${step}\n--- stderr:\n${result.stderr}`).toContain(result.status);
    }
    for (const [, junit] of text.matchAll(/--junit (\S+)/g)) {
      expect(readFileSync(path.join(dir, junit!), "utf8"), `${where}: ${junit}`).toMatch(/<testsuite name="latstat.budgets" tests="\d+"/);
    }
  }, 180_000);
});
