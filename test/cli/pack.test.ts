/**
 * Installing latstat as users do: from the packed tarball, and in a clone without the dev dependencies.
 * Dependencies come from npm's cache, which CI's `npm ci` has already filled.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { REPO_ROOT } from "../helpers/run-cli.js";

const NPM_QUIET = ["--prefer-offline", "--no-audit", "--no-fund"];

/** Packs the repository as it is (dist/ already built by `npm test`) into `dir`; returns the tarball's file name. */
function pack(dir: string): string {
  // --ignore-scripts: rebuilding dist/ here would race the CLI tests that run it.
  const output = execFileSync("npm", ["pack", "--silent", "--ignore-scripts", "--pack-destination", dir], { cwd: REPO_ROOT, encoding: "utf8" });
  return output.trim().split("\n").pop()!;
}

describe("the packed tarball", () => {
  it("holds the built CLI, and installs elsewhere to run as `npx latstat`", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "latstat-pack-"));
    const tarball = pack(dir);
    const files = execFileSync("tar", ["tzf", path.join(dir, tarball)], { encoding: "utf8" }).split("\n");
    expect(files).toEqual(expect.arrayContaining(["package/bin/latstat.js", "package/bin/node-check.js", "package/dist/cli/main.js", "package/package.json"]));
    writeFileSync(path.join(dir, "package.json"), JSON.stringify({ name: "consumer", version: "1.0.0", private: true }));
    execFileSync("npm", ["install", ...NPM_QUIET, "--silent", `./${tarball}`], { cwd: dir });
    const output = execFileSync("npx", ["--no-install", "latstat", "--json"], { cwd: dir, input: "1\n2\n3\n", encoding: "utf8" });
    expect(JSON.parse(output).raw.count).toBe(3);
  }, 180_000);
});

describe("a clone installed with npm ci --omit=dev", () => {
  it("installs without the TypeScript compiler, says dist/ was not built, and runs once dist/ is there", () => {
    const clone = mkdtempSync(path.join(tmpdir(), "latstat-omit-dev-"));
    for (const entry of ["package.json", "package-lock.json", "tsconfig.json", "bin", "scripts", "src"]) {
      cpSync(path.join(REPO_ROOT, entry), path.join(clone, entry), { recursive: true });
    }
    const install = spawnSync("npm", ["ci", "--omit=dev", ...NPM_QUIET], { cwd: clone, encoding: "utf8" });
    expect(install.stderr).toContain("latstat: TypeScript is not installed (dev dependencies omitted): dist/ is not built; npm install without --omit=dev builds it");
    expect(install.status).toBe(0);

    const unbuilt = spawnSync(process.execPath, ["bin/latstat.js", "--json"], { cwd: clone, input: "1\n", encoding: "utf8" });
    expect(unbuilt.status).toBe(2);
    expect(unbuilt.stderr).toMatch(/^latstat: the CLI is not built: .*dist\/cli\/main\.js is missing \(npm install, with the dev dependencies, builds it\)\n$/);

    // dist/ as a build stage (or `npm pack`) makes it: the runtime needs no dev dependency.
    cpSync(path.join(REPO_ROOT, "dist"), path.join(clone, "dist"), { recursive: true });
    const built = spawnSync(process.execPath, ["bin/latstat.js", "--json"], { cwd: clone, input: "1\n2\n3\n", encoding: "utf8" });
    expect(built.stderr).toBe("");
    expect(JSON.parse(built.stdout).raw.count).toBe(3);
  }, 180_000);
});
