import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { COMMAND_HELP } from "../../src/cli/command-help.js";
import { fixture, runCli } from "../helpers/run-cli.js";

const COMMANDS = ["report", "compare", "formats", "check", "plot", "convert", "merge", "timeline", "completion"];
const READING = ["report", "compare", "check", "plot", "convert", "merge", "timeline"];

/** The lines under a heading of a help text, up to the next blank line. */
function section(help: string, heading: string): string[] {
  const start = help.indexOf(`\n${heading}\n`);
  if (start < 0) return [];
  const body = help.slice(start + heading.length + 2);
  return body.slice(0, body.search(/\n\n|\n?$/)).split("\n");
}

/** A stdin that says it is a terminal, as process.stdin does on one. */
function terminalStdin(text = ""): Readable {
  return Object.assign(Readable.from([Buffer.from(text)]), { isTTY: true });
}

describe("--help of each command", () => {
  it("groups the flags under headings, the same flag under the same heading in every command", async () => {
    const headingOf = new Map<string, string>();
    for (const command of READING) {
      const { stdout, code } = await runCli([command, "--help"]);
      expect(code).toBe(0);
      for (const heading of ["Input:", "Filters:", "Reading:", "Output:"]) expect(stdout, `${command}: ${heading}`).toContain(`\n${heading}\n`);
      // Convert writes histograms as recorded: nothing to correct.
      expect(stdout.includes("\nCoordinated omission:\n"), command).toBe(command !== "convert");
      // Only -h sits under commander's catch-all heading.
      expect(section(stdout, "Options:").filter((line) => /^  -/.test(line))).toEqual([expect.stringMatching(/^  -h, --help /)]);
      let heading = "";
      // The flags end with -h; what follows is the command's prose.
      for (const line of stdout.slice(0, stdout.indexOf("  -h, --help")).split("\n")) {
        if (/^\S.*:$/.test(line)) heading = line;
        const flag = /^  (?:-\w, )?(--[\w-]+)/.exec(line)?.[1];
        if (flag === undefined || ["--interval", "--delta", "-o", "--output", "--json"].includes(flag)) continue;
        expect(headingOf.get(flag) ?? heading, `${command} ${flag}`).toBe(heading);
        headingOf.set(flag, heading);
      }
    }
    expect(headingOf.get("--expected-interval")).toBe("Coordinated omission:");
    expect(headingOf.get("--format")).toBe("Input:");
    expect(headingOf.get("--html")).toBe("Pictures:");
    expect(headingOf.get("--percentiles")).toBe("Output:");
  });

  it("ends with 3 to 6 examples and the exit codes that command can return", async () => {
    for (const command of COMMANDS) {
      const { stdout } = await runCli([command, "--help"]);
      const examples = section(stdout, "Examples:").filter((line) => !line.startsWith("  #"));
      expect(examples.length, command).toBeGreaterThanOrEqual(3);
      expect(examples.length, command).toBeLessThanOrEqual(6);
      for (const example of examples) expect(example, command).toMatch(command === "formats" ? /latstat / : new RegExp(`latstat ${command === "report" ? "" : command}`));
      const codes = section(stdout, "Exit codes:").map((line) => Number(/^\s+(\d+)\s/.exec(line)?.[1]));
      const expected = ["check", "compare"].includes(command) ? [0, 1, 2, 130] : READING.includes(command) ? [0, 2, 130] : [0, 2];
      expect(codes, command).toEqual(expected);
      expect(stdout.endsWith("\n"), command).toBe(true);
    }
    // Only check and compare end with 1; the program's own help names them.
    expect((await runCli(["report", "--help"])).stdout).not.toMatch(/\n\s+1\s+a check failed/);
    const program = await runCli(["--help"]);
    expect(section(program.stdout, "Exit codes:")).toEqual([
      "  0    success",
      "  1    a check failed (check: a budget not met; compare: a --fail-if gate met)",
      "  2    usage or input error (bad flag, unreadable file, no values)",
      "  130  interrupted by Ctrl-C",
    ]);
  });

  it("prints defaults and choices as a user writes them, never as JSON", async () => {
    const report = (await runCli(["report", "--help"])).stdout.replace(/\s+/g, " ");
    expect(report).toContain("percentiles to report, comma-separated (default: 50,90,99,99.9,99.99)");
    expect(report).toContain("(one of: auto, off; default: auto)");
    expect(report).toContain("(default: 3)");
    expect(report).toMatch(/one of: jsonl, csv, tsv, plain, k6, k6-csv, vegeta,/);
    for (const command of COMMANDS) {
      const { stdout } = await runCli([command, "--help"]);
      expect(stdout, command).not.toMatch(/choices: "|default: ["[]/);
    }
    expect((await runCli(["compare", "--help"])).stdout.replace(/\s+/g, " ")).toContain("percentiles to compare, comma-separated (default: 50,90,99,99.9,99.99)");
    expect((await runCli(["completion", "--help"])).stdout).toMatch(/shell\s+the shell \(one of: bash, zsh, fish\)/);
  });

  it("offers no flag the command refuses: timeline has no --apply (it corrects with --expected-interval or --rate)", async () => {
    expect((await runCli(["timeline", "--help"])).stdout).not.toContain("--apply");
    const applied = await runCli(["timeline", "fixtures/demo.log", "--apply"]);
    expect(applied.code).toBe(2);
    expect(applied.stderr).toMatch(/unknown option '--apply'/);
    expect((await runCli(["report", "--help"])).stdout).toContain("--apply");
  });

  it("help COMMAND is COMMAND --help", async () => {
    expect((await runCli(["help", "plot"])).stdout).toBe((await runCli(["plot", "--help"])).stdout);
  });
});

describe("help examples run as written", () => {
  // The files the examples name, made of the bundled fixtures.
  const dir = mkdtempSync(path.join(tmpdir(), "latstat-help-examples-"));
  const files: Record<string, string> = {
    "access.log": fixture("formats/nginx/combined-request-time.log"),
    "results.csv": fixture("demo.log"),
    "before.csv": fixture("formats/hey/c8-search.csv"),
    "after.csv": fixture("formats/hey/c8-search-stall.csv"),
    "other.csv": fixture("formats/hey/flaky.csv"),
    "k6.json": fixture("formats/k6/small.json"),
    "run.hlog": fixture("hlog/tagged.hlog"),
    "web1.hlog": fixture("hlog/tagged.hlog"),
    "web2.hlog": fixture("hlog/absolute.hlog"),
  };
  for (const [name, source] of Object.entries(files)) copyFileSync(source, path.join(dir, name));
  mkdirSync(path.join(dir, "shards"));
  copyFileSync(fixture("hlog/tagged.hlog"), path.join(dir, "shards/a.hlog"));
  copyFileSync(fixture("hlog/tagged.hlog"), path.join(dir, "shards/b.hlog"));
  // What the programs the examples pipe from would print.
  const producers: Record<string, string> = { hey: fixture("formats/hey/c8-search.csv") };

  /** The words of a command line, with '…' and "…" quoting. */
  function words(line: string): string[] {
    return [...line.matchAll(/'([^']*)'|"([^"]*)"|(\S+)/g)].map((m) => m[1] ?? m[2] ?? m[3]!);
  }

  const examples = Object.entries(COMMAND_HELP).flatMap(([command, help]) => help.examples.map((e) => ({ command, ...e })));
  it.each(examples)("$command: $line", async ({ line }) => {
    const [producer, consumer] = line.includes(" | ") ? line.split(" | ") : [undefined, line];
    let args = words(consumer!);
    expect(args[0]).toBe("latstat");
    args = args.slice(1);
    // A redirect of stdout is the shell's; where it goes does not change what latstat does.
    const redirect = args.indexOf(">");
    if (redirect >= 0) args = args.slice(0, redirect);
    const stdin = producer === undefined ? undefined : readFileSync(producers[producer.split(" ")[0]!]!);
    const result = await runCli(args, { cwd: dir, stdin });
    // An example may end a check with 1 (that is what it shows); never in a usage or input error.
    expect([0, 1], `${line}\n${result.stderr}`).toContain(result.code);
    // What it prints, or with merge -o, writes.
    const written = args[0] === "merge" && args.includes("-o") ? readFileSync(path.join(dir, args[args.indexOf("-o") + 1]!), "utf8") : result.stdout;
    expect(written).not.toBe("");
  });
});

describe("latstat on a terminal", () => {
  it("alone, prints a short usage on stderr and exits 2 instead of waiting for input", async () => {
    const result = await runCli([], { stdin: terminalStdin() });
    expect(result.code).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr).toMatch(/^usage: latstat \[COMMAND\] \[FLAGS\] \[FILE\.\.\.\]\n/);
    expect(result.stderr).toContain("see latstat --help");
    expect(result.stderr.split("\n").length).toBeLessThanOrEqual(8);
  });

  it("a command with no file says stdin is a terminal; - still reads it", async () => {
    for (const args of [["check", "--budget", "p99 < 1s"], ["plot"], ["timeline"], ["convert"], ["report", "-p", "50"], ["--json"]]) {
      const result = await runCli(args, { stdin: terminalStdin("5\n") });
      expect(result, args.join(" ")).toMatchObject({ code: 2, stdout: "" });
      expect(result.stderr, args.join(" ")).toBe("latstat: no input: give log files, or pipe a log in (stdin is a terminal; - reads it all the same)\n");
    }
    const typed = await runCli(["-", "--json", "--co", "off"], { stdin: terminalStdin("5\n7\n") });
    expect(typed.code).toBe(0);
    expect(JSON.parse(typed.stdout).raw.count).toBe(2);
  });

  it("piped stdin is read as always", async () => {
    const piped = await runCli(["--json"], { stdin: "1\n2\n3\n" });
    expect(piped.code).toBe(0);
    expect(JSON.parse(piped.stdout).raw.count).toBe(3);
  });

  it("on a real terminal (a pty from script(1)), ends at once with the usage", async () => {
    const { spawnSync } = await import("node:child_process");
    if (spawnSync("script", ["--version"]).status !== 0) return;
    const { BIN } = await import("../helpers/run-cli.js");
    // script's own stdin is closed: were latstat waiting on the terminal, it would read an end of file, not hang.
    const run = spawnSync("script", ["-qec", `${process.execPath} ${BIN}`, "/dev/null"], { encoding: "utf8", timeout: 30_000, stdio: ["ignore", "pipe", "pipe"] });
    expect(run.stdout).toMatch(/usage: latstat \[COMMAND\]/);
    expect(run.stdout).not.toMatch(/no values/);
    expect(run.status).toBe(2);
  });
});

describe("errors point at the help that helps", () => {
  it("a subcommand's flag error points at that subcommand's help", async () => {
    expect(await runCli(["check", "--bogus"])).toEqual({ stdout: "", stderr: "latstat: unknown option '--bogus' (see latstat check --help)\n", code: 2 });
    expect((await runCli(["compare", "a.log"])).stderr).toBe("latstat: missing required argument 'candidates' (see latstat compare --help)\n");
    expect((await runCli(["timeline", "-o", "xml"])).stderr).toMatch(/argument 'xml' is invalid\. Allowed choices are table, csv, json\. \(see latstat timeline --help\)\n$/);
    // Without a command, the flags are the default command's: report's help lists them.
    expect((await runCli(["--bogus"], { stdin: "1\n" })).stderr).toBe("latstat: unknown option '--bogus' (see latstat report --help)\n");
    expect((await runCli(["completion", "tcsh"])).stderr).toMatch(/Allowed choices are bash, zsh, fish\. \(see latstat completion --help\)\n$/);
  });

  it("a mistyped command gets a suggestion; a word that is no command is still a file", async () => {
    for (const [typo, command] of [["reprot", "report"], ["chek", "check"], ["comapre", "compare"], ["timelin", "timeline"], ["plto", "plot"], ["fromats", "formats"]]) {
      const result = await runCli([typo!, "x"]);
      expect(result, typo).toEqual({ stdout: "", stderr: `latstat: ${typo}: no such command or file (did you mean ${command}? see latstat --help)\n`, code: 2 });
    }
    // Nothing like a command: the default command's missing file.
    for (const word of ["x", "log", "results.csv", "access"]) {
      expect((await runCli([word])).stderr, word).toBe(`latstat: ${word}: no such file (check the path)\n`);
    }
  });

  it("a file named like a mistyped command is read as the file it is", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "latstat-typo-"));
    writeFileSync(path.join(dir, "reprot"), "1\n2\n3\n");
    const result = await runCli(["reprot", "--json", "--co", "off"], { cwd: dir });
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout).raw.count).toBe(3);
  });
});
