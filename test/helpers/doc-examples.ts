/**
 * The shell examples of README.md and docs/*.md, as test/docs/examples.test.ts runs them. The convention (also
 * described for writers in docs/README.md):
 *
 * - Every ```sh block is an example: its commands run in bash (`set -e -o pipefail`) in a scratch folder that
 *   holds a copy of fixtures/, with the built latstat first on PATH. The blocks of one page run in order in one
 *   folder, so a page can write a file in one block and read it in the next.
 * - A fenced block right after it (only blank lines between) that is not itself sh or yaml — ``` with no
 *   language, or text, json, csv, xml, markdown — is its output: what the commands print on stdout, compared
 *   line by line after `normalizeOutput`. A line of just `…` in the shown output stands for any number of lines.
 *   Text that a command prints on stderr is shown by writing `2>&1` in the command.
 * - The block must exit 0, unless an HTML comment on the line before it says otherwise:
 *     <!-- example: exit 1 -->                       the exit code the block ends with
 *     <!-- example: skip REASON -->                  not run; the reason is the test's name
 *     <!-- example: writes docs/pictures/x.svg -->   the file the block writes must equal the committed one
 *   (exit and writes may be joined with `;`).
 * - Load testers are not installed: `k6` and `hey` are stand-ins that write the tool's capture bundled in
 *   fixtures/formats/ where the tool would write its results (TOOL_STAND_INS), so a recipe that reads them
 *   wrongly shows other numbers and fails.
 */
import { spawnSync } from "node:child_process";
import { chmodSync, cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { BIN, REPO_ROOT } from "./run-cli.js";
import { runShell, type ProcessResult } from "./run-process.js";

export interface CodeBlock {
  /** The info string after the opening fence: `sh`, `json`, or "" for none. */
  info: string;
  /** The block's lines, without the fences and without the indentation of the opening fence. */
  text: string;
  /** 1-based line numbers of the opening and the closing fence. */
  line: number;
  endLine: number;
  /** The text of an `<!-- example: … -->` comment on the last non-blank line before the block. */
  directive?: string;
}

export interface Example {
  page: string;
  line: number;
  commands: string;
  /** The shown output, when the block has one. */
  output?: string;
  exit: number;
  skip?: string;
  /** Files (relative to the repository) the block writes, to compare with the committed ones. */
  writes: string[];
}

const OUTPUT_INFOS = new Set(["", "text", "json", "csv", "xml", "markdown"]);
const DIRECTIVE = /^<!-- example: (.*) -->$/;

/** The fenced code blocks of a markdown text, in order. */
export function codeBlocks(markdown: string): CodeBlock[] {
  const lines = markdown.split("\n");
  const blocks: CodeBlock[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^( *)(`{3,})\s*([\w-]*)\s*$/.exec(lines[i]!);
    if (!open) continue;
    const [, indent, fence, info] = open;
    const close = lines.findIndex((l, j) => j > i && l.trim() === fence);
    if (close < 0) throw new Error(`line ${i + 1}: a code block that never closes`);
    const before = lines.slice(0, i).reverse().find((l) => l.trim() !== "");
    const directive = before === undefined ? undefined : DIRECTIVE.exec(before.trim())?.[1];
    const text = lines.slice(i + 1, close).map((l) => (l.startsWith(indent!) ? l.slice(indent!.length) : l.trimStart())).join("\n");
    blocks.push({ info: info!, text, line: i + 1, endLine: close + 1, ...(directive === undefined ? {} : { directive }) });
    i = close;
  }
  return blocks;
}

/** The examples of a page (path relative to the repository). */
export function examplesIn(page: string): Example[] {
  const markdown = readFileSync(path.join(REPO_ROOT, page), "utf8");
  const lines = markdown.split("\n");
  const blocks = codeBlocks(markdown);
  const examples: Example[] = [];
  for (const [i, block] of blocks.entries()) {
    if (block.info !== "sh") continue;
    const next = blocks[i + 1];
    const adjacent = next !== undefined && lines.slice(block.endLine, next.line - 1).every((l) => l.trim() === "") && next.directive === undefined;
    const example: Example = { page, line: block.line, commands: block.text, exit: 0, writes: [] };
    if (adjacent && OUTPUT_INFOS.has(next.info)) example.output = next.text;
    // `skip` takes the rest of the comment as its reason; other directives may be joined with `;`.
    const directive = block.directive ?? "";
    const parts = directive.startsWith("skip ") ? [directive] : directive.split(";").map((p) => p.trim()).filter(Boolean);
    for (const part of parts) {
      const [word, ...rest] = part.split(/\s+/);
      const argument = rest.join(" ");
      if (word === "skip" && argument) example.skip = argument;
      else if (word === "exit" && /^\d+$/.test(argument)) example.exit = Number(argument);
      else if (word === "writes" && argument) example.writes.push(argument);
      else throw new Error(`${page}:${block.line}: unknown example directive "${part}"`);
    }
    examples.push(example);
  }
  return examples;
}

/**
 * Stand-ins for load testers, written into the scratch folder's bin/. Each replays the capture of the real tool
 * bundled in fixtures/formats/ (see fixtures/README.md) where the tool writes its results, and refuses the
 * invocations it does not replay, so that an example cannot lean on something the stand-in only pretends.
 */
export const TOOL_STAND_INS: Record<string, string> = {
  k6: `#!/usr/bin/env bash
# k6 run --out json=FILE | --out csv=FILE SCRIPT: the capture of that output format (fixtures/formats/k6/run.json.gz,
# k6-csv/run.csv.gz; gzipped when FILE ends in .gz, as k6 writes it). k6 prints its banner and summary on stdout,
# so --out json=- would mix them into the results: not replayed.
set -eu
[ "\${1:-}" = run ] || { echo "k6 stand-in: only 'k6 run' is replayed" >&2; exit 2; }
shift
out=""
while [ $# -gt 0 ]; do
  case "$1" in
    --out|-o) out="$2"; shift 2 ;;
    --out=*) out="\${1#--out=}"; shift ;;
    -q|--quiet) shift ;;
    -*) echo "k6 stand-in: $1 is not replayed" >&2; exit 2 ;;
    *) shift ;;
  esac
done
case "$out" in
  json=-|csv=-) echo "k6 stand-in: results on stdout would be mixed with k6's own output" >&2; exit 2 ;;
  json=*.gz) cp "$FIXTURES/formats/k6/run.json.gz" "\${out#json=}" ;;
  json=*) gzip -dc "$FIXTURES/formats/k6/run.json.gz" > "\${out#json=}" ;;
  csv=*.gz) cp "$FIXTURES/formats/k6-csv/run.csv.gz" "\${out#csv=}" ;;
  csv=*) gzip -dc "$FIXTURES/formats/k6-csv/run.csv.gz" > "\${out#csv=}" ;;
  *) echo "k6 stand-in: give --out json=FILE or --out csv=FILE" >&2; exit 2 ;;
esac
`,
  hey: `#!/usr/bin/env bash
# hey [flags] -o csv URL: the capture of hey's CSV output (8 workers against the test server).
set -eu
csv=no
while [ $# -gt 0 ]; do
  case "$1" in
    -o) [ "$2" = csv ] && csv=yes; shift 2 ;;
    -z|-c|-q|-n|-m|-t|-H|-d) shift 2 ;;
    http://*|https://*) shift ;;
    *) echo "hey stand-in: $1 is not replayed" >&2; exit 2 ;;
  esac
done
[ "$csv" = yes ] || { echo "hey stand-in: only -o csv is replayed (without it hey prints a summary, not results)" >&2; exit 2; }
cat "$FIXTURES/formats/hey/c8-search.csv"
`,
};

/** A scratch folder for one page's examples: a copy of fixtures/, and bin/ with latstat and the stand-ins. */
export function makeScratch(): { dir: string; env: Record<string, string> } {
  const dir = mkdtempSync(path.join(tmpdir(), "latstat-docs-"));
  cpSync(path.join(REPO_ROOT, "fixtures"), path.join(dir, "fixtures"), { recursive: true });
  mkdirSync(path.join(dir, "docs", "pictures"), { recursive: true });
  const bin = path.join(dir, ".bin");
  mkdirSync(bin);
  const tools = { latstat: `#!/bin/sh\nexec "${process.execPath}" "${BIN}" "$@"\n`, ...TOOL_STAND_INS };
  for (const [name, script] of Object.entries(tools)) {
    writeFileSync(path.join(bin, name), script);
    chmodSync(path.join(bin, name), 0o755);
  }
  // A clean environment: no CI or GitHub variables (they change what check prints), no colour, UTC.
  const env = { PATH: `${bin}:${process.env.PATH}`, HOME: dir, LANG: "C.UTF-8", TZ: "UTC", NO_COLOR: "1", FIXTURES: path.join(dir, "fixtures") };
  return { dir, env };
}

/** Runs an example's commands in the scratch folder. */
export function runExample(example: Example, scratch: { dir: string; env: Record<string, string> }): Promise<ProcessResult> {
  return runShell(example.commands, { cwd: scratch.dir, env: scratch.env });
}

/**
 * What may differ between a run and the page: the scratch folder's path (shown as `.`); what JUnit XML says about
 * the run rather than the latencies (its times, timestamp and host name); trailing blanks, which editors strip.
 * Everything else — every number, every word — must be as shown.
 */
export function normalizeOutput(text: string, scratchDir: string): string {
  return text
    .split(scratchDir + "/")
    .join("")
    .split(scratchDir)
    .join(".")
    .replace(/ (time|timestamp|hostname)="[^"]*"/g, ' $1="…"')
    .split("\n")
    .map((line) => line.trimEnd())
    .join("\n")
    .replace(/\n+$/, "");
}

const isEllipsis = (line: string) => line.trim() === "…";

/**
 * The `shown` output with each line of just `…` replaced by the lines of `actual` it stands for (any number), so
 * that comparing the result with `actual` is the whole check and a mismatch reads as a plain diff.
 */
export function fillEllipses(shown: string, actual: string): string {
  const want = shown.split("\n");
  const have = actual.split("\n");
  const filled: string[] = [];
  for (let w = 0; w < want.length; w++) {
    if (!isEllipsis(want[w]!)) {
      filled.push(want[w]!);
      continue;
    }
    // The shown lines up to the next `…` (or the end) must follow the lines this one stands for.
    const nextEllipsis = want.findIndex((line, i) => i > w && isEllipsis(line));
    const after = want.slice(w + 1, nextEllipsis < 0 ? want.length : nextEllipsis);
    const from = filled.length;
    let stop = nextEllipsis < 0 ? have.length - after.length : from;
    if (nextEllipsis >= 0) {
      while (stop + after.length <= have.length && !after.every((line, k) => have[stop + k] === line)) stop++;
    }
    if (stop < from || stop + after.length > have.length) stop = from; // not found: the diff will show where
    filled.push(...have.slice(from, stop));
  }
  return filled.join("\n");
}

/**
 * The shell steps of a CI recipe (a ```yaml block): GitHub Actions' `run:` (one line, or a `|` block) and GitLab
 * CI's `script:` items, in order.
 */
export function ciSteps(yaml: string): string[] {
  const lines = yaml.split("\n");
  const indentOf = (line: string) => line.length - line.trimStart().length;
  /** The `|` block scalar after line `at`, whose key sits at `keyIndent`: its text, and the line after it. */
  const blockScalar = (at: number, keyIndent: number): [string, number] => {
    let end = at + 1;
    while (end < lines.length && (lines[end]!.trim() === "" || indentOf(lines[end]!) > keyIndent)) end++;
    const body = lines.slice(at + 1, end);
    const indent = Math.min(...body.filter((line) => line.trim() !== "").map(indentOf));
    return [body.map((line) => line.slice(indent)).join("\n").trimEnd(), end];
  };
  const steps: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const run = /^(\s*)(- )?run:\s*(.*)$/.exec(lines[i]!);
    if (run) {
      steps.push(run[3] === "|" ? blockScalar(i, run[1]!.length + (run[2] ? 2 : 0))[0] : run[3]!);
      continue;
    }
    const script = /^(\s*)script:\s*$/.exec(lines[i]!);
    if (!script) continue;
    let j = i + 1;
    while (j < lines.length && (lines[j]!.trim() === "" || indentOf(lines[j]!) > script[1]!.length)) {
      const item = /^(\s*)- (.*)$/.exec(lines[j]!);
      if (item?.[2] === "|") {
        const [text, end] = blockScalar(j, item[1]!.length);
        steps.push(text);
        j = end;
        continue;
      }
      if (item) steps.push(item[2]!);
      j++;
    }
    i = j - 1;
  }
  return steps;
}

/** The pages whose examples run: README.md and every docs/*.md. */
export function documentationPages(): string[] {
  const docs = spawnSync("git", ["ls-files", "--cached", "--others", "--exclude-standard", "README.md", "docs/*.md"], { cwd: REPO_ROOT, encoding: "utf8" });
  return docs.stdout.split("\n").filter(Boolean).sort();
}
