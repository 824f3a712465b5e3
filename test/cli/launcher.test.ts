/**
 * bin/latstat.js before the CLI proper: the Node.js version check, and a clear message when dist/ is missing
 * (a clone installed without its dev dependencies).
 */
import { execFileSync, spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { MINIMUM_NODE_MAJOR, nodeVersionProblem } from "../../bin/node-check.js";
import { BIN, REPO_ROOT } from "../helpers/run-cli.js";

/** Runs bin/latstat.js with `process.versions.node` replaced before any of it loads. */
function runAsNode(version: string, args: string[]) {
  const fake = `data:text/javascript,Object.defineProperty(process.versions,"node",{value:${JSON.stringify(version)}})`;
  return spawnSync(process.execPath, ["--import", fake, BIN, ...args], { encoding: "utf8", input: "1\n2\n3\n" });
}

describe("the Node.js version check", () => {
  it("accepts the versions package.json's engines allow, and refuses older ones", () => {
    const engines = (JSON.parse(execFileSync("npm", ["pkg", "get", "engines.node"], { cwd: REPO_ROOT, encoding: "utf8" })) as string).trim();
    expect(engines).toBe(`>=${MINIMUM_NODE_MAJOR}`);
    for (const version of ["20.0.0", "20.19.4", "22.11.0", "24.1.0", "100.0.0"]) expect(nodeVersionProblem(version)).toBeUndefined();
    for (const version of ["19.9.0", "18.19.0", "16.20.2", "14.21.3", "8.17.0"]) {
      expect(nodeVersionProblem(version)).toBe(`needs Node.js 20 or later, this is Node.js ${version} (install a newer Node.js: https://nodejs.org)`);
    }
  });

  it("stops an older Node.js with one line on stderr and exit 2, before the CLI loads", () => {
    const result = runAsNode("18.19.0", ["--json"]);
    expect(result.status).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr).toBe("latstat: needs Node.js 20 or later, this is Node.js 18.19.0 (install a newer Node.js: https://nodejs.org)\n");
  });

  it("lets Node.js 20 through to the CLI", () => {
    const result = runAsNode("20.0.0", ["--json"]);
    expect(result.status).toBe(0);
    expect(JSON.parse(result.stdout).raw.count).toBe(3);
  });
});

describe("the CLI's bundle and its code cache", () => {
  it("gives the same report from a code cache V8 rejects (another Node.js) as from none", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "latstat-stale-cache-"));
    for (const entry of ["bin", "dist", "package.json"]) cpSync(path.join(REPO_ROOT, entry), path.join(dir, entry), { recursive: true });
    const args = ["report", path.join(REPO_ROOT, "fixtures/demo.log"), "--json"];
    const cached = spawnSync(process.execPath, [path.join(dir, "bin/latstat.js"), ...args], { encoding: "utf8", cwd: REPO_ROOT });
    writeFileSync(path.join(dir, "dist/cli/latstat.cjs.cache"), "not a V8 code cache");
    const rejected = spawnSync(process.execPath, [path.join(dir, "bin/latstat.js"), ...args], { encoding: "utf8", cwd: REPO_ROOT });
    rmSync(path.join(dir, "dist/cli/latstat.cjs.cache"));
    const none = spawnSync(process.execPath, [path.join(dir, "bin/latstat.js"), ...args], { encoding: "utf8", cwd: REPO_ROOT });
    expect(cached.status).toBe(0);
    expect(JSON.parse(cached.stdout).raw.count).toBeGreaterThan(0);
    for (const run of [rejected, none]) {
      expect(run.status).toBe(0);
      expect(run.stdout).toBe(cached.stdout);
      expect(run.stderr).toBe(cached.stderr);
    }
  });
});

describe("a launcher without dist/", () => {
  it("says the CLI is not built and how to build it, exit 2, no stack trace", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "latstat-no-dist-"));
    cpSync(path.join(REPO_ROOT, "bin"), path.join(dir, "bin"), { recursive: true });
    const result = spawnSync(process.execPath, [path.join(dir, "bin/latstat.js"), "--version"], { encoding: "utf8" });
    expect(result.status).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr).toBe(`latstat: the CLI is not built: ${path.join(dir, "dist/cli/latstat.cjs")} is missing (npm install, with the dev dependencies, builds it)\n`);
  });
});
