import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { fullProgram } from "../../src/cli/main.js";
import { manPage } from "../../src/cli/man-page.js";
import { REPO_ROOT } from "../helpers/run-cli.js";

const PAGE = path.join(REPO_ROOT, "man/latstat.1");

describe("man/latstat.1", () => {
  it("is what the commands' definitions make now (npm run man rewrites it)", async () => {
    expect(readFileSync(PAGE, "utf8")).toBe(manPage(await fullProgram()));
  });

  it("is listed in package.json's man and shipped in the package", () => {
    const pkg = JSON.parse(readFileSync(path.join(REPO_ROOT, "package.json"), "utf8")) as { man: string[]; files: string[] };
    expect(pkg.man).toEqual(["./man/latstat.1"]);
    expect(pkg.files).toContain("man/");
  });

  it("renders without a warning, every command and flag in it", () => {
    const groff = spawnSync("groff", ["-man", "-ww", "-z", "-K", "utf8", PAGE], { encoding: "utf8" });
    if (groff.error !== undefined) return;
    expect(groff.stderr).toBe("");
    expect(groff.status).toBe(0);
    const man = spawnSync("man", ["--warnings", "-l", PAGE], { encoding: "utf8", env: { ...process.env, MANWIDTH: "100", MANPAGER: "cat", PAGER: "cat" } });
    if (man.error !== undefined) return;
    expect(man.stderr).toBe("");
    const text = man.stdout.replace(/‐\n\s*/g, "").replace(/\s+/g, " ");
    for (const heading of ["NAME", "SYNOPSIS", "DESCRIPTION", "COMMANDS", "EXAMPLES", "EXIT STATUS"]) expect(text).toContain(heading);
    for (const text_ of ["latstat check [options] [files...]", "--expected-interval <duration>", "Coordinated omission", "default: 50,90,99,99.9,99.99", "latstat completion fish"]) {
      expect(text).toContain(text_);
    }
  });
});
