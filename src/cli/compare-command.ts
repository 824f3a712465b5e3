/** `latstat compare BASE CAND [CAND...]`: did the candidates get slower than the base, and are we sure? */
import { mkdir } from "node:fs/promises";
import path from "node:path";
import { Option } from "commander";
import { buildCompare, type CompareFailureOptions } from "../analyses/compare-report.js";
import { readSides } from "../analyses/compare-sides.js";
import { buildTrend, TREND_PERCENTILES } from "../analyses/trend.js";
import type { CoMode } from "../analyses/correction.js";
import { addFailuresAsOption, type FailureFlags } from "./failure-options.js";
import { type Gate, GateSyntaxError, gatePercentiles, parseGate } from "../analyses/gates.js";
import type { CompareInput } from "../analyses/compare-report.js";
import { DEFAULT_PERCENTILES } from "../analyses/summary.js";
import { escapeControls, UserError } from "../base/errors.js";
import { NS_PER_UNIT, type TimeUnit } from "../base/units.js";
import { FORMATS } from "../formats/registry.js";
import { renderCompareJson } from "../render/compare-json.js";
import { renderCompareMarkdown } from "../render/compare-markdown.js";
import { renderCompareTable } from "../render/compare-table.js";
import { compareUnit, describeGate, significantFormat } from "../render/compare-text.js";
import { renderHgrm } from "../render/hgrm.js";
import { markPartial } from "../render/partial.js";
import { partialInputsNote } from "../render/describe-input.js";
import { partialInputsOf } from "../analyses/read-recorded.js";
import { renderTrendJson, renderTrendMarkdown, renderTrendTable } from "../render/trend.js";
import { inputName } from "../sources/open.js";
import { addCoOptions, coMode, type CoFlags } from "./co-options.js";
import { writeComparePictures, writeTrendPictures } from "./command-pictures.js";
import { type CommandAdder, EXIT, type ExitCode } from "./exit-codes.js";
import { addInputOptions, collect, inputOptions, parseTimeUnit, type InputFlags, type InputOptions } from "./input-options.js";
import { addPictureOptions, checkPictureTargets, type PictureFlags, type Pictures } from "./picture-options.js";
import { readStoppedByInterrupt, sayInterrupted } from "./interrupt.js";
import { addGroupByOption } from "./misery-options.js";
import { readingHooks } from "./reading.js";
import { parsePercentiles } from "./report-options.js";
import { colorAllowed, finishOnBrokenPipe, warn, writeResult } from "./terminal.js";
import { refuseToOverwriteInputs, writeFileAtomic } from "./write-file-atomic.js";

const RENDERERS = { table: renderCompareTable, json: renderCompareJson, markdown: renderCompareMarkdown };
const TREND_RENDERERS = { table: renderTrendTable, json: renderTrendJson, markdown: renderTrendMarkdown };
type CompareOutput = keyof typeof RENDERERS;

interface CompareFlags extends InputFlags, CoFlags, PictureFlags, FailureFlags {
  baseFormat?: string;
  baseUnit?: TimeUnit;
  percentiles: string[];
  output: CompareOutput;
  json?: boolean;
  outUnit?: TimeUnit;
  failIf?: string[];
  hgrmDir?: string;
  strictGate?: boolean;
  groupBy?: string[];
  trend?: boolean;
  color: boolean;
}

const COMPARE_HELP = `
Each candidate is compared with the base, statistic by statistic. A percentile is "slower"
or "faster" only when the 95% confidence intervals of base and candidate (from order
statistics) do not overlap; otherwise "no significant change". A Kolmogorov-Smirnov test on
the whole distributions is shown beside them. Percentiles with fewer than 10 samples beyond
them are marked * (insufficient data).

Latencies are compared raw, as recorded, unless coordinated-omission flags are given
(--expected-interval, --rate, --co auto --apply): then each side is corrected on its own and
compared corrected, and the output says so. Inputs recorded at different precision (a
2-digit interval log against a CSV) are compared at the coarsest, and the output says so.

With --group-by NAME, each input is compared as a whole and then group by group: every group
value of the base is compared with the same group of each candidate, with its own verdicts
and gates; a group value missing from some input is listed as such.

With --trend, the inputs are a series of runs, oldest first: per run p50, p99 and p99.9 (or -p)
with the change against the first run, and a sparkline per percentile across the runs
(--html FILE: the same as a chart, a line per percentile and a point per run).

Gates (--fail-if, repeatable; exit 1 when any is met for any candidate):
  'p99 > +10%'    p99 grew by more than 10% of the base
  'p99.9 > +5ms'  p99.9 grew by more than 5 ms (units: ns, us, ms, s)
  'any slower'    some percentile's verdict is "slower"
  'failed > +0.5pp'  the failure rate rose by more than 0.5 percentage points
Limit gates count only significant changes unless --strict-gate.

Failed requests (a status outside 2xx/3xx, success=false, an error) weigh in: each input's
failure rate is shown with its 95% interval and the change judged worse, better or no
significant change (two-proportion z-test); the percentiles are also compared with every
failure counted as slower than any success (--failures-as DURATION counts them at DURATION).
A significant rise of the failure rate meets every gate, unless --allow-more-failures: a
candidate that is faster because it fails more requests is no improvement.`;

/** What `latstat compare` reads, compares and writes. */
interface CompareOptions {
  base: string;
  candidates: string[];
  /** How the base is read (`--base-format`, `--base-unit`), and the candidates. */
  baseInput: InputOptions;
  candidateInput: InputOptions;
  correction: CoMode;
  /** Percentiles compared: `-p` and every gate's. */
  labels: string[];
  gates: Gate[];
  strictGate: boolean;
  /** `--failures-as`, `--allow-more-failures`. */
  failures: CompareFailureOptions;
  /** `--group-by`: compare group by group too. */
  groupBy: string[];
  /** `--trend`: the inputs are a series of runs, each against the first. */
  trend: boolean;
  output: CompareOutput;
  outUnit: TimeUnit | undefined;
  color: boolean;
  hgrmDir: string | undefined;
  pictures: Pictures;
}

const GATE_EXAMPLES = "e.g. 'p99 > +10%', 'p99.9 > +5ms', 'failed > +0.5pp' or 'any slower'";

/** A `--fail-if` gate; a malformed one is a one-line error naming the character at fault. */
function parseGateFlag(text: string): Gate {
  try {
    return parseGate(text);
  } catch (error) {
    if (error instanceof GateSyntaxError) throw new UserError(`--fail-if '${text}': ${error.message}`, GATE_EXAMPLES);
    throw error;
  }
}

/** The compare flags, validated. */
function compareOptions(base: string, candidates: string[], flags: CompareFlags): CompareOptions {
  const gates = (flags.failIf ?? []).map(parseGateFlag);
  if ([base, ...candidates].filter((f) => f === "-").length > 1) throw new UserError("stdin (-) can be only one of the inputs", "save the others to files first");
  const trend = flags.trend === true;
  if (trend) {
    const other = [
      ["--fail-if", flags.failIf],
      ["--strict-gate", flags.strictGate],
      ["--group-by", flags.groupBy],
      ["--hgrm-dir", flags.hgrmDir],
      ["--svg", flags.svg],
    ].find(([, value]) => value !== undefined);
    if (other !== undefined) throw new UserError(`--trend shows percentiles per run: ${other[0] as string} is for a comparison with a base`, "leave out --trend to compare each run with the first");
  }
  // The trend's own percentiles unless -p gave others.
  const defaultPercentiles = flags.percentiles.join(",") === DEFAULT_PERCENTILES.join(",");
  const percentiles = trend && defaultPercentiles ? [...TREND_PERCENTILES] : flags.percentiles;
  return {
    base,
    candidates,
    baseInput: inputOptions([base], { ...flags, format: flags.baseFormat ?? flags.format, unit: flags.baseUnit ?? flags.unit }),
    candidateInput: inputOptions(candidates, flags),
    correction: coMode(flags),
    labels: [...percentiles, ...gatePercentiles(gates, percentiles)],
    gates,
    strictGate: flags.strictGate === true,
    failures: { allowMore: flags.allowMoreFailures === true, ...(flags.failuresAs === undefined ? {} : { failuresAsNs: flags.failuresAs }) },
    groupBy: flags.groupBy ?? [],
    trend,
    output: flags.json ? "json" : flags.output,
    outUnit: flags.outUnit,
    color: flags.color,
    hgrmDir: flags.hgrmDir,
    pictures: { html: flags.html, svg: flags.svg },
  };
}

/** `<dir>/<input's file name>.hgrm` for every side (by display name); two sides with the same file name get a number. */
function hgrmFiles(dir: string, names: readonly string[]): string[] {
  const used = new Set<string>();
  return names.map((inputName) => {
    let name = path.basename(inputName === "(stdin)" ? "stdin" : inputName);
    for (let n = 2; used.has(name); n++) name = `${path.basename(inputName)}-${n}`;
    used.add(name);
    return path.join(dir, `${name}.hgrm`);
  });
}

/**
 * Writes each side's percentile distribution to its file of `hgrmFiles`, creating the folder (and its parents) as
 * `mkdir -p` would; never over one of `inputArgs`.
 */
async function writeHgrms(dir: string, inputs: CompareInput[], unit: TimeUnit, inputArgs: readonly string[]): Promise<void> {
  const files = hgrmFiles(dir, inputs.map((input) => input.name));
  try {
    await mkdir(dir, { recursive: true });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UserError(`${dir}: cannot create the --hgrm-dir folder (${code ?? (error as Error).message})`, "give a folder that exists or can be created");
  }
  for (const [i, input] of inputs.entries()) {
    const text = renderHgrm(input.recorder.histogram(), { ticksPerHalfDistance: 5, outputValueUnitScalingRatio: NS_PER_UNIT[unit], csv: false });
    await writeFileAtomic(files[i]!, text, inputArgs);
  }
}

/** Reads the sides, compares them and writes the results; the exit code says whether a gate was met. */
async function runCompare(options: CompareOptions): Promise<ExitCode> {
  if (options.trend) return runTrend(options);
  const inputArgs = [options.base, ...options.candidates];
  if (options.hgrmDir !== undefined) await refuseToOverwriteInputs(hgrmFiles(options.hgrmDir, inputArgs.map(inputName)), inputArgs);
  await checkPictureTargets(options.pictures, inputArgs);
  const { baseSide, candSides, partial } = await readStoppedByInterrupt(async (signal) => {
    const sideOptions = (input: InputOptions) => ({ read: input.read, hooks: readingHooks({ debug: input.debug, signal }), digits: input.digits, correction: options.correction, groupBy: options.groupBy, percentiles: options.labels });
    return {
      baseSide: await readSides([options.base], sideOptions(options.baseInput)),
      candSides: await readSides(options.candidates, sideOptions(options.candidateInput)),
      partial: signal.aborted,
    };
  });
  if (partial && candSides.inputs.length === 0) {
    warn("interrupted by Ctrl-C before a candidate was read: nothing is compared");
    return EXIT.interrupted;
  }
  const data = buildCompare(baseSide.inputs[0]!, candSides.inputs, {
    labels: options.labels,
    gates: options.gates,
    strictGate: options.strictGate,
    correction: baseSide.correction ?? candSides.correction,
    ...(options.groupBy.length > 0 ? { groupBy: options.groupBy } : {}),
    failures: options.failures,
  });
  const digits = options.candidateInput.digits;
  const renderOptions = { outUnit: options.outUnit, digits, color: colorAllowed(options.color) };
  if (partial) {
    const unread = options.candidates.length - candSides.inputs.length;
    sayInterrupted(`the comparison covers${unread > 0 ? ` ${candSides.inputs.length} of ${options.candidates.length} candidates and` : ""}`, [options.hgrmDir, options.pictures.html, options.pictures.svg]);
    await writeResult(markPartial(options.output === "table" ? "text" : options.output, RENDERERS[options.output](data, renderOptions)));
    return EXIT.interrupted;
  }
  if (options.hgrmDir !== undefined) await writeHgrms(options.hgrmDir, [...baseSide.inputs, ...candSides.inputs], options.outUnit ?? "ms", inputArgs);
  // An input that holds part of its data (a log an interrupted run wrote) marks the comparison that rests on it.
  const partialInputs = partialInputsOf([...baseSide.inputs, ...candSides.inputs]);
  const text = RENDERERS[options.output](data, renderOptions);
  await writeResult(partialInputs.length === 0 ? text : markPartial(options.output === "table" ? "text" : options.output, text, partialInputsNote(partialInputs)));
  await writeComparePictures(options.pictures, data, baseSide.inputs[0]!, candSides.inputs, renderOptions);
  const unit = compareUnit(data, options.outUnit);
  for (const { side, gates: results } of data.candidates) {
    for (const g of results) if (g.met) warn(`${escapeControls(side.name)}: ${describeGate(g, significantFormat(unit, digits), unit)}`);
  }
  for (const group of data.groups?.compared ?? []) {
    for (const { side, gates: results } of group.candidates) {
      for (const g of results) if (g.met) warn(`${escapeControls(side.name)}, group ${escapeControls(group.name)}: ${describeGate(g, significantFormat(unit, digits), unit)}`);
    }
  }
  return data.failed ? EXIT.checkFailed : EXIT.ok;
}

/** Reads the runs and writes their trend (and its page, with --html). */
async function runTrend(options: CompareOptions): Promise<ExitCode> {
  const inputArgs = [options.base, ...options.candidates];
  await checkPictureTargets(options.pictures, inputArgs);
  const { runs, partial } = await readStoppedByInterrupt(async (signal) => {
    const sideOptions = (input: InputOptions) => ({ read: input.read, hooks: readingHooks({ debug: input.debug, signal }), digits: input.digits, correction: options.correction, percentiles: options.labels });
    const first = await readSides([options.base], sideOptions(options.baseInput));
    const rest = await readSides(options.candidates, sideOptions(options.candidateInput));
    return { runs: [...first.inputs, ...rest.inputs], partial: signal.aborted };
  });
  const data = buildTrend(runs, options.labels);
  const renderOptions = { outUnit: options.outUnit, digits: options.candidateInput.digits };
  const text = TREND_RENDERERS[options.output](data, { ...renderOptions, color: colorAllowed(options.color) });
  if (!partial) {
    const partialInputs = partialInputsOf(runs);
    await writeResult(partialInputs.length === 0 ? text : markPartial(options.output === "table" ? "text" : options.output, text, partialInputsNote(partialInputs)));
    await writeTrendPictures(options.pictures, data, inputArgs, { ...renderOptions, color: false });
    return EXIT.ok;
  }
  sayInterrupted(`the trend covers ${runs.length} of ${options.candidates.length + 1} runs and`, [options.pictures.html]);
  await writeResult(markPartial(options.output === "table" ? "text" : options.output, text));
  return EXIT.interrupted;
}

export const addCompareCommand: CommandAdder = (program, exit) => {
  const command = program
    .command("compare")
    .description("did it get slower? compare a base log with candidates: changes per percentile, verdicts from 95% confidence intervals")
    .argument("<base>", "the baseline log (- for stdin)")
    .argument("<candidates...>", "logs to compare with the base");
  addPictureOptions(addGroupByOption(addFailuresAsOption(addCoOptions(addInputOptions(command)))))
    .optionsGroup("Input:")
    .addOption(new Option("--base-format <name>", "input format of the base (default: --format, else detected)").choices(FORMATS.map((f) => f.name)))
    .option("--base-unit <unit>", "unit of unsuffixed numbers in the base (default: --unit)", parseTimeUnit)
    .optionsGroup("Output:")
    .option("-p, --percentiles <list>", "percentiles to compare, comma-separated", parsePercentiles, [...DEFAULT_PERCENTILES])
    .addOption(new Option("-o, --output <format>", "output format").choices(Object.keys(RENDERERS)).default("table"))
    .option("--json", "same as -o json")
    .option("--out-unit <unit>", "unit of printed latencies: ns, us, ms, s (default: readable; ms for json)", parseTimeUnit)
    .optionsGroup("Gates:")
    .option("--fail-if <gate>", "exit 1 when the gate is met, e.g. 'p99 > +10%', 'p99.9 > +5ms', 'any slower' (repeatable)", collect)
    .option("--strict-gate", "limit gates also count changes that are not significant")
    .option("--allow-more-failures", "a significant rise of the failure rate does not meet the gates by itself (only a 'failed > …' gate)")
    .option("--trend", "the inputs are a series of runs: p50, p99, p99.9 per run against the first, with sparklines")
    .optionsGroup("Output:")
    .option("--hgrm-dir <dir>", "also write each side's percentile distribution as DIR/<input name>.hgrm (for plotting)")
    .option("--no-color", "no ANSI colour even on a terminal")
    .addHelpText("after", COMPARE_HELP)
    .action(async (base: string, candidates: string[], flags: CompareFlags) => {
      finishOnBrokenPipe();
      exit(await runCompare(compareOptions(base, candidates, flags)));
    });
};
