#!/usr/bin/env node
// `npm run bench`: how fast latstat is and how much memory it takes, measured honestly on a shared machine.
//
// Inputs are generated (seeded, so the same bytes everywhere) in the shapes the tools really write and cached in
// $TMPDIR/latstat-bench. Each group of commands runs interleaved (A B A B …) --runs times; each figure is the
// median with its min–max spread, the 1-minute load average and the CPU the rest of the machine used beside it.
// Peak RSS and CPU time come from the process itself (bench/usage-hook.cjs) or from /proc for other programs.
// Every target of the speed issue is printed as met, missed (by how much) or not measured (and why).
// `--help` lists the options; docs/benchmarks.md explains the inputs and holds the latest run.
import { existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { GROUPS } from "./groups.mjs";
import { describeMachine, findTools, loadAverages } from "./machine.mjs";
import { runInterleaved } from "./measure.mjs";
import { parseOptions, USAGE } from "./options.mjs";
import { MEASUREMENTS_HEADER, measurementRows, TARGETS_HEADER, targetRow } from "./report.mjs";
import { judge } from "./targets.mjs";

/** Bump when a generator's output changes, so cached inputs of the old shape are not reused. */
const INPUTS_VERSION = "v1";

let options;
try {
  options = parseOptions(process.argv.slice(2));
} catch (error) {
  console.error(`bench: ${error.message}\n\n${USAGE}`);
  process.exit(2);
}
if (options.help) {
  console.log(USAGE);
  process.exit(0);
}
const built = path.join(path.dirname(fileURLToPath(import.meta.url)), "..", "dist");
if (!existsSync(built)) {
  console.error("bench: latstat is not built (run npm run build, or npm run bench which builds first)");
  process.exit(2);
}

const inputs = path.join(options.dir, INPUTS_VERSION);
mkdirSync(inputs, { recursive: true });
const scratch = mkdtempSync(path.join(tmpdir(), "latstat-bench-run-"));
const tools = findTools();
const ctx = { sizes: options.sizes, tools, dir: inputs, file: (name) => path.join(inputs, name) };
const started = new Date();

const header = [
  "# latstat bench",
  "",
  `machine: ${describeMachine()}`,
  `competitors: ${tools.versions.join("; ") || "none found"}`,
  ...(tools.absent.length > 0 ? [`absent: ${tools.absent.join("; ")}`] : []),
  `runs: ${options.runs} of each command (start-up: ${options.runs * 4}), interleaved; started ${started.toISOString()}, load average ${loadAverages()}`,
];
if (options.quick) header.push("**--quick: tiny inputs; the figures say nothing about the targets**");

const measurements = [];
const judged = [];
let failures = 0;
for (const group of GROUPS.filter((g) => options.only.length === 0 || options.only.includes(g.name))) {
  process.stderr.write(`bench: ${group.name}: ${group.title}\n`);
  const { commands, targets } = await group.prepare(ctx);
  const runs = Math.max(1, Math.round(options.runs * (group.runsFactor ?? 1)));
  const results = await runInterleaved(commands, runs, scratch, (command, round, result, error) => {
    const figure = error ? `failed: ${error}` : `${result.wallS.toFixed(3)} s, ${result.rssMb?.toFixed(0) ?? "n/a"} MB, load ${result.load1.toFixed(2)}`;
    const input = command.input ? ` ${path.basename(command.input)}` : "";
    process.stderr.write(`  ${round + 1}/${runs} ${command.label}${input}: ${figure}\n`);
  });
  failures += [...results.values()].filter((entry) => entry.error).length;
  const byId = new Map(commands.map((command) => [command.id, command]));
  measurements.push(...measurementRows(group.name, commands, results));
  judged.push(...targets.map((target) => judge(target, results, byId)));
}
rmSync(scratch, { recursive: true, force: true });

const minutes = ((Date.now() - started.getTime()) / 60000).toFixed(1);
const met = judged.filter((j) => j.met === true).length;
const missed = judged.filter((j) => j.met === false).length;
console.log(
  [
    ...header,
    "",
    "## Targets",
    "",
    ...TARGETS_HEADER,
    ...judged.map(targetRow),
    "",
    `${met} met, ${missed} missed, ${judged.length - met - missed} not measured.`,
    "",
    "## Measurements",
    "",
    ...MEASUREMENTS_HEADER,
    ...measurements,
    "",
    `finished after ${minutes} min, load average ${loadAverages()}. CPU s marked ≈ and peak RSS of programs other than latstat are sampled from /proc every 10 ms.`,
  ].join("\n"),
);
process.exitCode = failures > 0 ? 1 : 0;
