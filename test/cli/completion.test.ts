import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { FORMATS } from "../../src/formats/registry.js";
import { REPO_ROOT, runCli } from "../helpers/run-cli.js";

const dir = mkdtempSync(path.join(tmpdir(), "latstat-completion-"));

/** The script `latstat completion SHELL` prints, in a file. */
async function script(shell: string): Promise<string> {
  const result = await runCli(["completion", shell]);
  expect(result.code).toBe(0);
  expect(result.stderr).toBe("");
  const file = path.join(dir, `latstat.${shell}`);
  writeFileSync(file, result.stdout);
  return file;
}

function installed(shell: string): boolean {
  return spawnSync(shell, ["--version"]).status === 0;
}

/** Bash's completions for each command line, the last word being the one completed, from one bash. */
function bashCompletions(file: string, lines: string[][]): string[][] {
  const calls = lines.map((words) => {
    const quoted = words.map((w) => `'${w}'`).join(" ");
    return `COMP_WORDS=(${quoted}); COMP_CWORD=${words.length - 1}; COMPREPLY=(); _latstat; printf '%s\\n' "\${COMPREPLY[*]}"`;
  });
  const run = spawnSync("bash", ["--norc", "--noprofile", "-c", `source '${file}'\n${calls.join("\n")}`], { cwd: REPO_ROOT, encoding: "utf8" });
  expect(run.stderr).toBe("");
  expect(run.status).toBe(0);
  return run.stdout.split("\n").slice(0, lines.length).map((line) => (line === "" ? [] : line.split(" ")));
}

describe("latstat completion bash", () => {
  it("completes commands, flags, formats, enum values and files, through bash's own completion function", async () => {
    const file = await script("bash");
    const [commands, formats, ng, co, budget, shells, units, fixturesDir, afterFile, formatsFlags, helpOf, sortWords, stdinFlag] = bashCompletions(file, [
      ["latstat", ""],
      ["latstat", "-f", ""],
      ["latstat", "report", "--format", "ng"],
      ["latstat", "check", "--co", ""],
      ["latstat", "check", "--bud"],
      ["latstat", "completion", ""],
      ["latstat", "fixtures/demo.log", "--out-unit", ""],
      ["latstat", "compare", "--hgrm-dir", "fixtures/for"],
      ["latstat", "plot", "fixtures/dem"],
      ["latstat", "formats", "--"],
      ["latstat", "help", "ti"],
      ["latstat", "--sort", ""],
      ["latstat", "--li"],
    ]);
    for (const command of ["report", "compare", "formats", "check", "plot", "convert", "merge", "timeline", "completion", "help"]) expect(commands).toContain(command);
    expect(commands).toContain("fixtures");
    // Every format the registry holds, and nothing else.
    expect(formats!.sort()).toEqual(FORMATS.map((f) => f.name).sort());
    expect(ng).toEqual(["nginx"]);
    expect(co).toEqual(["auto", "off"]);
    expect(budget).toEqual(["--budget", "--budgets"]);
    expect(shells).toEqual(["bash", "zsh", "fish"]);
    expect(units).toEqual(["ns", "us", "ms", "s"]);
    expect(fixturesDir).toEqual(["fixtures/formats"]);
    expect(afterFile).toEqual(["fixtures/demo.log"]);
    expect(formatsFlags).toEqual(["--help"]);
    expect(helpOf).toEqual(["timeline"]);
    expect(sortWords).toEqual(["p50", "p99", "p99.9", "max", "count", "name"]);
    // Without a command, the default command's flags.
    expect(stdinFlag).toEqual(["--list-tags", "--live"]);
  });

  it("offers every flag of every command's --help", async () => {
    const file = await script("bash");
    const commands = ["report", "compare", "formats", "check", "plot", "convert", "merge", "timeline", "completion"];
    const offered = bashCompletions(file, commands.map((c) => ["latstat", c, "-"]));
    for (const [i, command] of commands.entries()) {
      const help = (await runCli([command, "--help"])).stdout;
      const flags = [...help.matchAll(/^ {2}(-\w, )?(--[\w-]+)/gm)].map((m) => m[2]!).filter((f) => help.indexOf(f) < help.indexOf("\nExamples:"));
      for (const flag of flags) expect(offered[i], `${command} ${flag}`).toContain(flag);
    }
  });
});

describe("latstat completion zsh and fish", () => {
  it("zsh: a script zsh reads, defining _latstat for latstat", async () => {
    const file = await script("zsh");
    if (!installed("zsh")) return;
    expect(spawnSync("zsh", ["-n", file], { encoding: "utf8" }).stderr).toBe("");
    const load = spawnSync("zsh", ["-fc", `autoload -U compinit && compinit -u -d ${dir}/zcompdump && source ${file} && print -r -- $_comps[latstat]`], { encoding: "utf8" });
    expect(load.stderr).toBe("");
    expect(load.stdout.trim()).toBe("_latstat");
  });

  it("fish: completes commands, formats and enum values", async () => {
    const file = await script("fish");
    if (!installed("fish")) return;
    expect(spawnSync("fish", ["-n", file], { encoding: "utf8" }).stderr).toBe("");
    const complete = (line: string) => {
      const run = spawnSync("fish", ["--no-config", "-c", `source ${file}; complete -C '${line}'`], { cwd: REPO_ROOT, encoding: "utf8" });
      expect(run.stderr).toBe("");
      return run.stdout.split("\n").filter((l) => l !== "").map((l) => l.split("\t")[0]);
    };
    expect(complete("latstat rep")).toEqual(["report"]);
    expect(complete("latstat -f ng")).toEqual(["nginx"]);
    expect(complete("latstat check --co ")).toEqual(["auto", "off"]);
    expect(complete("latstat completion ")).toEqual(["bash", "fish", "zsh"]);
    expect(complete("latstat timeline --out-u")).toEqual(["--out-unit"]);
  });
});
