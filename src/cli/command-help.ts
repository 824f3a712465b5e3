/**
 * What each command's help says beyond its flags — examples, exit codes — and how flags' choices and defaults are
 * printed: the one source `--help`, the man page (man-page.ts) and the completions (completion.ts) are made from.
 */
import type { Command, Help, Option } from "commander";
import { EXIT, type ExitCode } from "./exit-codes.js";

export interface Example {
  /** A command line as a user types it. */
  line: string;
  /** What it does, in a few words. */
  does: string;
}

export interface CommandHelp {
  examples: Example[];
  /** The exit codes this command can end with, and what each means here. */
  exits: [ExitCode, string][];
}

const BAD_INPUT: [ExitCode, string] = [EXIT.usage, "usage or input error (bad flag, unreadable file, no values)"];

/** Every command's examples and exit codes; the program's own (`latstat --help`) under "latstat". */
export const COMMAND_HELP: Record<string, CommandHelp> = {
  latstat: {
    examples: [
      { line: "latstat access.log", does: "the latency distribution of a log (the format is detected)" },
      { line: "latstat check results.csv --budget \"p99 < 300ms\"", does: "exit 1 when a budget is not met (CI)" },
      { line: "latstat compare before.csv after.csv", does: "did it get slower?" },
      { line: "latstat report --help", does: "a command's flags and examples" },
    ],
    exits: [
      [EXIT.ok, "success"],
      [EXIT.checkFailed, "a check failed (check: a budget not met; compare: a --fail-if gate met)"],
      BAD_INPUT,
      [EXIT.interrupted, "interrupted by Ctrl-C"],
    ],
  },
  report: {
    examples: [
      { line: "latstat access.log", does: "percentiles of a server's access log, format detected" },
      { line: "latstat results.csv -p 50,99,99.9 --out-unit ms", does: "chosen percentiles, in milliseconds" },
      { line: "latstat results.csv --expected-interval 10ms", does: "correct coordinated omission at a known send interval" },
      { line: "latstat access.log --group-by endpoint --threshold 500ms", does: "the worst endpoints, and how often requests took 500ms or more" },
      { line: "latstat before.csv after.csv --per-file --json", does: "a row per file, as JSON" },
      { line: "latstat run.hlog -o hgrm", does: "an HdrHistogram log as HistogramLogProcessor's percentile distribution" },
    ],
    exits: [
      [EXIT.ok, "the report was printed"],
      BAD_INPUT,
      [EXIT.interrupted, "interrupted by Ctrl-C: what was read is reported, marked partial (no --html, --svg)"],
    ],
  },
  check: {
    examples: [
      { line: "latstat check results.csv --budget \"p99 < 300ms\" --budget \"p50 < 80ms\"", does: "two budgets" },
      { line: "latstat check results.csv --budget \"p99 < 300ms, 99.9% < 1s\" --junit latency.xml", does: "also JUnit XML for the CI's test report" },
      { line: "latstat check k6.json --budget \"p(95)<500, p(99)<1500, count>=1000\"", does: "budgets written as k6 thresholds" },
      { line: "latstat check access.log --budget \"endpoint=/api/users: p99 < 100ms\"", does: "a budget for one endpoint" },
      { line: "hey -n 2000 -o csv http://localhost:8080/ | latstat check --column response-time --unit s --budget \"99% < 250ms\"", does: "straight from a load test" },
      { line: "latstat check results.csv --budget \"p99.9 < 1s\" --allow-insufficient --json", does: "too few samples do not fail; the results as JSON" },
    ],
    exits: [
      [EXIT.ok, "every budget met"],
      [EXIT.checkFailed, "a budget not met, or with too few samples to tell (unless --allow-insufficient); so when every request failed"],
      [EXIT.usage, "usage or input error, including a malformed budget (its column is shown), or no request read"],
      [EXIT.interrupted, "interrupted by Ctrl-C: the verdict on what was read is printed, marked partial (no --junit, --html, --svg)"],
    ],
  },
  compare: {
    examples: [
      { line: "latstat compare before.csv after.csv", does: "changes per percentile, with verdicts" },
      { line: "latstat compare before.csv after.csv --fail-if 'p99 > +10%'", does: "exit 1 when p99 got 10% slower (CI)" },
      { line: "latstat compare before.csv after.csv other.csv -p 50,99", does: "several candidates against one base" },
      { line: "latstat compare before.csv after.csv --json", does: "the comparison as JSON" },
      { line: "latstat compare before.csv after.csv --hgrm-dir plots/", does: "also each side's distribution, for HdrHistogram's plotter" },
    ],
    exits: [
      [EXIT.ok, "compared (and no --fail-if gate met)"],
      [EXIT.checkFailed, "a --fail-if gate met"],
      BAD_INPUT,
      [EXIT.interrupted, "interrupted by Ctrl-C: the comparison of what was read is printed, marked partial (no --hgrm-dir, --html, --svg)"],
    ],
  },
  formats: {
    examples: [
      { line: "latstat formats", does: "every input format, what it reads and a sample line" },
      { line: "latstat -f k6 k6.json", does: "name a format when detection should not guess" },
      { line: "latstat k6.json --metric http_req_waiting", does: "another of a format's timings: k6's time to first byte" },
    ],
    exits: [
      [EXIT.ok, "the formats were listed"],
      [EXIT.usage, "usage error (bad flag)"],
    ],
  },
  plot: {
    examples: [
      { line: "latstat plot results.csv", does: "the percentile spectrum in the terminal" },
      { line: "latstat plot before.csv after.csv", does: "two inputs in one chart" },
      { line: "latstat plot results.csv --y-scale linear --width 100 --height 20", does: "a linear axis, a chart of that size" },
      { line: "latstat plot results.csv --svg spectrum.svg", does: "also as an SVG picture" },
    ],
    exits: [
      [EXIT.ok, "the chart was drawn"],
      BAD_INPUT,
      [EXIT.interrupted, "interrupted by Ctrl-C: the spectra of what was read are drawn, marked partial (no --svg)"],
    ],
  },
  convert: {
    examples: [
      { line: "latstat convert access.log > web1.hlog", does: "an interval log, one interval per second of start times" },
      { line: "latstat convert access.log --interval 10s > web1.hlog", does: "10-second intervals" },
      { line: "latstat convert access.log --group-by endpoint > endpoints.hlog", does: "a tag per endpoint" },
    ],
    exits: [
      [EXIT.ok, "the interval log was printed"],
      BAD_INPUT,
      [EXIT.interrupted, "interrupted by Ctrl-C: the log of what was read is printed, with a # PARTIAL comment"],
    ],
  },
  merge: {
    examples: [
      { line: "latstat merge web1.hlog web2.hlog -o all.hlog", does: "one interval log of two machines" },
      { line: "latstat merge shards/ -o all.hlog", does: "every *.hlog in a directory, in name order" },
      { line: "latstat merge 'shards/*.hlog' -p 50,90,99", does: "the report of all of them, from a quoted pattern" },
    ],
    exits: [
      [EXIT.ok, "merged"],
      BAD_INPUT,
      [EXIT.interrupted, "interrupted by Ctrl-C: what was read is reported, marked partial (with -o: nothing is written)"],
    ],
  },
  timeline: {
    examples: [
      { line: "latstat timeline results.csv", does: "a row per 10-second window, sparklines per column" },
      { line: "latstat timeline results.csv --interval 1m --skip 30s", does: "minute windows, the warm-up left out" },
      { line: "latstat timeline run.hlog --window 3s", does: "each row the moving window of the last 3 seconds" },
      { line: "latstat timeline results.csv -o csv --svg timeline.svg > windows.csv", does: "the windows as CSV, the chart as SVG" },
    ],
    exits: [
      [EXIT.ok, "the time line was printed"],
      BAD_INPUT,
      [EXIT.interrupted, "interrupted by Ctrl-C: the time line of what was read is printed, marked partial (no --html, --svg)"],
    ],
  },
  completion: {
    examples: [
      { line: "latstat completion bash > ~/.local/share/bash-completion/completions/latstat", does: "bash (bash-completion loads it)" },
      { line: "latstat completion zsh > ~/.zfunc/_latstat", does: "zsh, with fpath+=(~/.zfunc) before compinit in .zshrc" },
      { line: "latstat completion fish > ~/.config/fish/completions/latstat.fish", does: "fish" },
    ],
    exits: [
      [EXIT.ok, "the script was printed"],
      [EXIT.usage, "usage error (no such shell, bad flag)"],
    ],
  },
};

/** The help of `command` (the program when its name is latstat). */
export function commandHelp(command: Command): CommandHelp {
  const help = COMMAND_HELP[command.parent === null ? "latstat" : command.name()];
  if (help === undefined) throw new Error(`no examples or exit codes for command ${command.name()}`);
  return help;
}

/** The text after a command's flags in `--help`: its examples and its exit codes. */
export function helpAfterFlags(command: Command): string {
  const { examples, exits } = commandHelp(command);
  const exampleLines = examples.map((e) => `  # ${e.does}\n  ${e.line}`);
  const exitLines = exits.map(([code, meaning]) => `  ${String(code).padEnd(4)} ${meaning}`);
  return `\nExamples:\n${exampleLines.join("\n")}\n\nExit codes:\n${exitLines.join("\n")}`;
}

/** A default or choice as a user writes it on the command line: `50,90,99`, `auto`, `3`. */
function asWritten(value: unknown): string {
  return Array.isArray(value) ? value.join(",") : String(value);
}

/** What a flag's help adds to its description: its choices and its default, as a user writes them. */
export function flagExtras(option: Option): string[] {
  const extras: string[] = [];
  if (option.argChoices) extras.push(`one of: ${option.argChoices.join(", ")}`);
  // A flag without a value (--no-color's true) has no default worth saying.
  if (option.defaultValue !== undefined && (option.required || option.optional)) {
    extras.push(`default: ${option.defaultValueDescription ?? asWritten(option.defaultValue)}`);
  }
  return extras;
}

/** A flag's description with its choices and default. */
export function flagDescription(option: Option): string {
  const extras = flagExtras(option);
  return extras.length === 0 ? option.description : `${option.description} (${extras.join("; ")})`;
}

/** Commander's help, with defaults and choices printed as users write them. */
export const HELP_CONFIGURATION: Partial<Help> = {
  optionDescription: flagDescription,
  argumentDescription: (argument) =>
    argument.argChoices ? `${argument.description} (one of: ${argument.argChoices.join(", ")})` : argument.description,
};
