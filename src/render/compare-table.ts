/** `latstat compare` for people: per candidate a table of base, candidate, change and verdict, coloured by direction. */
import { escapeControls } from "../base/errors.js";
import { Chalk } from "chalk";
import Table from "cli-table3";
import type { CandidateResult, CompareData, CompareSide } from "../analyses/compare-report.js";
import type { Verdict } from "../analyses/compare.js";
import type { TimeUnit } from "../base/units.js";
import { insufficientNotes } from "./percentile-cells.js";
import {
  COMPARE_HEADER,
  compareMethod,
  compareRows,
  compareUnit,
  describeDistribution,
  describeGate,
  describeFailureChange,
  describeFailures,
  describeGroupSide,
  describePrecision,
  describeSide,
  describeUnmatched,
  FASTER_BY_FAILING,
  groupTitle,
  significantFormat,
} from "./compare-text.js";
import type { RenderOptions } from "./types.js";

type Paint = (text: string) => string;
interface Paints {
  bold: Paint;
  yellow: Paint;
  fail: Paint;
  tones: Record<Verdict, Paint>;
}

/** One candidate against the base: its heading line, the table, the distribution test, notes and gates. */
function candidateBlock(heading: string, base: CompareSide, result: CandidateResult, unit: TimeUnit, format: (ns: number) => string, paint: Paints): string[] {
  const { side, comparison, gates } = result;
  const table = new Table({
    head: COMPARE_HEADER.map((h) => paint.bold(h)),
    colAligns: ["left", "right", "right", "right", "right", "left"],
    style: { head: [], border: [] },
    // No rule between body rows: the table is a dozen rows tall.
    chars: { mid: "", "left-mid": "", "mid-mid": "", "right-mid": "" },
  });
  for (const row of compareRows(base, side, comparison.changes, format)) {
    const tone = row.tone ? paint.tones[row.tone] : (s: string) => s;
    table.push(row.cells.map((cell, i) => (i >= 3 ? tone(cell) : cell)));
  }
  return [
    "",
    heading,
    ...(side.failures ? [`           ${describeFailures(side.failures)}`] : []),
    `latencies in ${unit}`,
    table.toString(),
    describeDistribution(comparison.distribution, format, unit),
    ...describeFailureChange(result, base, format, unit).map((line) => (line.startsWith(FASTER_BY_FAILING) ? paint.fail(line) : line)),
    ...insufficientNotes([
      { name: `base ${escapeControls(base.name)}`, summary: comparison.base },
      { name: `candidate ${escapeControls(side.name)}`, summary: comparison.cand },
    ]).map((note) => paint.yellow(note)),
    ...gates.map((g) => (g.met ? paint.fail(describeGate(g, format, unit)) : describeGate(g, format, unit))),
  ];
}

/** Renders a comparison as text tables: the inputs as wholes, then group by group with `--group-by`. */
export function renderCompareTable(data: CompareData, options: RenderOptions): string {
  const chalk = new Chalk({ level: options.color ? 1 : 0 });
  const unit = compareUnit(data, options.outUnit);
  const format = significantFormat(unit, options.digits);
  const paint: Paints = { bold: chalk.bold, yellow: chalk.yellow, fail: chalk.red.bold, tones: { slower: chalk.red, faster: chalk.green, "no significant change": (s) => s } };
  const out = [chalk.dim(`base       ${describeSide(data.base)}`), ...(data.base.failures ? [chalk.dim(`           ${describeFailures(data.base.failures)}`)] : []), chalk.dim(compareMethod(data))];
  if (data.precision) out.push(chalk.yellow(describePrecision(data.precision)));
  for (const result of data.candidates) out.push(...candidateBlock(`candidate  ${describeSide(result.side)}`, data.base, result, unit, format, paint));
  const groups = data.groups;
  if (groups) {
    for (const group of groups.compared) {
      const title = groupTitle(groups, group.values);
      out.push("", chalk.bold(`group ${title}`), `base       ${describeGroupSide(group.base)}`, ...(group.base.failures ? [`           ${describeFailures(group.base.failures)}`] : []));
      for (const result of group.candidates) out.push(...candidateBlock(`candidate  ${describeGroupSide(result.side)} (group ${title})`, group.base, result, unit, format, paint));
    }
    if (groups.unmatched.length > 0) out.push("", ...groups.unmatched.map((u) => chalk.yellow(describeUnmatched(groups, u))));
  }
  return out.join("\n") + "\n";
}
