import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { REPO_ROOT } from "../helpers/run-cli.js";

describe("the packed tarball", () => {
  it("installs elsewhere and runs as `npx latstat`", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "latstat-pack-"));
    // --ignore-scripts: dist/ is already built, and rebuilding it here would race the CLI tests that run it.
    const packed = execFileSync("npm", ["pack", "--silent", "--ignore-scripts", "--pack-destination", dir], { cwd: REPO_ROOT, encoding: "utf8" }).trim();
    writeFileSync(path.join(dir, "package.json"), JSON.stringify({ name: "consumer", version: "1.0.0", private: true }));
    // Dependencies come from npm's cache when CI's `npm ci` already fetched them.
    execFileSync("npm", ["install", "--prefer-offline", "--no-audit", "--no-fund", "--silent", `./${packed.split("\n").pop()}`], { cwd: dir });
    const output = execFileSync("npx", ["--no-install", "latstat", "--json"], { cwd: dir, input: "1\n2\n3\n", encoding: "utf8" });
    expect(JSON.parse(output).raw.count).toBe(3);
  }, 180_000);
});
