/** `latstat compare BASE CAND [CAND...]`: did the candidates get slower than the base, and are we sure? */
import path from "node:path";
import { Option } from "commander";
import { renderHgrm } from "../render/hgrm.js";
import { NS_PER_UNIT } from "../base/units.js";
import { refuseToOverwriteInputs, writeFileAtomic } from "./write-file-atomic.js";
import { inputName } from "../sources/open.js";
import { buildCompare } from "../analyses/compare-report.js";
import { gatePercentiles, parseGate } from "../analyses/gates.js";
import type { RecordedInput } from "../analyses/report.js";
import { DEFAULT_PERCENTILES } from "../analyses/summary.js";
import { UserError } from "../base/errors.js";
import { type CommandAdder, EXIT } from "./exit-codes.js";
import { LatencyRecorder } from "../core/recorder.js";
import type { TimeUnit } from "../base/units.js";
import { FORMATS } from "../formats/registry.js";
import { renderCompareJson } from "../render/compare-json.js";
import { renderCompareMarkdown } from "../render/compare-markdown.js";
import { renderCompareTable } from "../render/compare-table.js";
import { compareUnit, describeGate, significantFormat } from "../render/compare-text.js";
import { addInputOptions, parseTimeUnit, type InputFlags, collect } from "./input-options.js";
import { readInputs } from "./read-inputs.js";
import { addCoOptions, coMode, sayCorrection, type CoFlags } from "./co-options.js";
import { applyCorrection, correctionRecorders, type CoMode, type CorrectionMethod } from "../analyses/correction.js";
import { parsePercentiles } from "./report-command.js";
import { colorAllowed, warn, writeResult } from "./terminal.js";
import { writeComparePictures } from "./command-pictures.js";
import { addPictureOptions, checkPictureTargets, type PictureFlags } from "./picture-options.js";

const RENDERERS = { table: renderCompareTable, json: renderCompareJson, markdown: renderCompareMarkdown };
type CompareOutput = keyof typeof RENDERERS;

interface CompareFlags extends InputFlags, CoFlags, PictureFlags {
  baseFormat?: string;
  baseUnit?: TimeUnit;
  percentiles: string[];
  output: CompareOutput;
  json?: boolean;
  outUnit?: TimeUnit;
  failIf?: string[];
  hgrmDir?: string;
  strictGate?: boolean;
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
compared corrected, and the output says so. Groups (--group-by) are not available yet: each
input is compared as a whole.

Gates (--fail-if, repeatable; exit 1 when any is met for any candidate):
  'p99 > +10%'    p99 grew by more than 10% of the base
  'p99.9 > +5ms'  p99.9 grew by more than 5 ms (units: ns, us, ms, s)
  'any slower'    some percentile's verdict is "slower"
Limit gates count only significant changes unless --strict-gate.`;

/** Reads each input on its own and checks it recorded something; with CO flags, corrects each side on its own. */
async function readSides(files: string[], flags: InputFlags, mode: CoMode): Promise<{ inputs: RecordedInput[]; correction?: CorrectionMethod }> {
  const inputs: RecordedInput[] = [];
  let correction: CorrectionMethod | undefined;
  for (const file of files) {
    const extra = correctionRecorders(mode, flags.sigDigits);
    const [input] = await readInputs([file], flags, () => new LatencyRecorder(flags.sigDigits), [extra.atRecord, extra.timed].filter((c) => c !== undefined));
    if (input!.recorder.count === 0) {
      throw new UserError(`${input!.name}: no values: ${input!.accounting.lines} ${input!.accounting.entries} read, none recorded`, "check --format/--base-format, --column/--field and --unit");
    }
    const result = applyCorrection(mode, { raw: input!.recorder, ...extra }, []);
    sayCorrection(result, `${input!.name}: `);
    correction = result.corrected?.method;
    inputs.push(result.corrected ? { ...input!, recorder: result.corrected.recorder } : input!);
  }
  return { inputs, correction };
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

/** Writes each side's percentile distribution to its file of `hgrmFiles`; never over one of `inputArgs`. */
async function writeHgrms(dir: string, inputs: RecordedInput[], unit: TimeUnit, inputArgs: readonly string[]): Promise<void> {
  const files = hgrmFiles(dir, inputs.map((input) => input.name));
  for (const [i, input] of inputs.entries()) {
    const text = renderHgrm(input.recorder.histogram(), { ticksPerHalfDistance: 5, outputValueUnitScalingRatio: NS_PER_UNIT[unit], csv: false });
    await writeFileAtomic(files[i]!, text, inputArgs);
  }
}

export const addCompareCommand: CommandAdder = (program, exit) => {
  const command = program
    .command("compare")
    .description("did it get slower? compare a base log with candidates: changes per percentile, verdicts from 95% confidence intervals")
    .argument("<base>", "the baseline log (- for stdin)")
    .argument("<candidates...>", "logs to compare with the base");
  addPictureOptions(addCoOptions(addInputOptions(command)))
    .addOption(new Option("--base-format <name>", "input format of the base (default: --format, else detected)").choices(FORMATS.map((f) => f.name)))
    .option("--base-unit <unit>", "unit of unsuffixed numbers in the base (default: --unit)", parseTimeUnit)
    .option("-p, --percentiles <list>", "percentiles to compare, comma-separated", parsePercentiles, [...DEFAULT_PERCENTILES])
    .addOption(new Option("-o, --output <format>", "output format").choices(Object.keys(RENDERERS)).default("table"))
    .option("--json", "same as -o json")
    .option("--out-unit <unit>", "unit of printed latencies: ns, us, ms, s (default: readable; ms for json)", parseTimeUnit)
    .option("--fail-if <gate>", "exit 1 when the gate is met, e.g. 'p99 > +10%', 'p99.9 > +5ms', 'any slower' (repeatable)", collect)
    .option("--strict-gate", "limit gates also count changes that are not significant")
    .option("--hgrm-dir <dir>", "also write each side's percentile distribution as DIR/<input name>.hgrm (for plotting)")
    .option("--no-color", "no ANSI colour even on a terminal")
    .addHelpText("after", COMPARE_HELP)
    .action(async (base: string, candidates: string[], flags: CompareFlags) => {
      const gates = (flags.failIf ?? []).map(parseGate);
      if ([base, ...candidates].filter((f) => f === "-").length > 1) throw new UserError("stdin (-) can be only one of the inputs", "save the others to files first");
      const inputArgs = [base, ...candidates];
      if (flags.hgrmDir !== undefined) await refuseToOverwriteInputs(hgrmFiles(flags.hgrmDir, inputArgs.map(inputName)), inputArgs);
      await checkPictureTargets(flags, inputArgs);
      const labels = [...flags.percentiles, ...gatePercentiles(gates, flags.percentiles)];
      const mode = coMode(flags);
      const baseSide = await readSides([base], { ...flags, format: flags.baseFormat ?? flags.format, unit: flags.baseUnit ?? flags.unit }, mode);
      const candSides = await readSides(candidates, flags, mode);
      const data = buildCompare(baseSide.inputs[0]!, candSides.inputs, labels, gates, flags.strictGate === true, baseSide.correction ?? candSides.correction);
      if (flags.hgrmDir !== undefined) await writeHgrms(flags.hgrmDir, [...baseSide.inputs, ...candSides.inputs], flags.outUnit ?? "ms", inputArgs);
      const options = { outUnit: flags.outUnit, digits: flags.sigDigits, color: colorAllowed(flags.color) };
      await writeResult(RENDERERS[flags.json ? "json" : flags.output](data, options));
      await writeComparePictures(flags, data, baseSide.inputs[0]!, candSides.inputs, options);
      const unit = compareUnit(data, flags.outUnit);
      for (const { side, gates: results } of data.candidates) {
        for (const g of results) if (g.met) warn(`${side.name}: ${describeGate(g, significantFormat(unit, flags.sigDigits), unit)}`);
      }
      exit(data.failed ? EXIT.checkFailed : EXIT.ok);
    });
};
