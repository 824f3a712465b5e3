/** `latstat compare` for people: per candidate a table of base, candidate, change and verdict, coloured by direction. */
import { escapeControls } from "../base/errors.js";
import { Chalk } from "chalk";
import Table from "cli-table3";
import type { CompareData } from "../analyses/compare-report.js";
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
  describeSide,
  FASTER_BY_FAILING,
  significantFormat,
} from "./compare-text.js";
import type { RenderOptions } from "./types.js";

/** Renders a comparison as text tables. */
export function renderCompareTable(data: CompareData, options: RenderOptions): string {
  const chalk = new Chalk({ level: options.color ? 1 : 0 });
  const unit = compareUnit(data, options.outUnit);
  const format = significantFormat(unit, options.digits);
  const tones = { slower: chalk.red, faster: chalk.green, "no significant change": (s: string) => s };
  const out = [chalk.dim(`base       ${describeSide(data.base)}`), ...(data.base.failures ? [chalk.dim(`           ${describeFailures(data.base.failures)}`)] : []), chalk.dim(compareMethod(data))];
  for (const result of data.candidates) {
    const { side, comparison, gates } = result;
    const table = new Table({
      head: COMPARE_HEADER.map((h) => chalk.bold(h)),
      colAligns: ["left", "right", "right", "right", "right", "left"],
      style: { head: [], border: [] },
      // No rule between body rows: the table is a dozen rows tall.
      chars: { mid: "", "left-mid": "", "mid-mid": "", "right-mid": "" },
    });
    for (const row of compareRows(data.base, side, comparison.changes, format)) {
      const paint = row.tone ? tones[row.tone] : (s: string) => s;
      table.push(row.cells.map((cell, i) => (i >= 3 ? paint(cell) : cell)));
    }
    out.push(
      "",
      `candidate  ${describeSide(side)}`,
      ...(side.failures ? [`           ${describeFailures(side.failures)}`] : []),
      `latencies in ${unit}`,
      table.toString(),
      describeDistribution(comparison.distribution, format, unit),
      ...describeFailureChange(result, data.base, format, unit).map((line) => (line.startsWith(FASTER_BY_FAILING) ? chalk.red.bold(line) : line)),
      ...insufficientNotes([
        { name: `base ${escapeControls(data.base.name)}`, summary: comparison.base },
        { name: `candidate ${escapeControls(side.name)}`, summary: comparison.cand },
      ]).map((note) => chalk.yellow(note)),
      ...gates.map((g) => (g.met ? chalk.red.bold(describeGate(g, format, unit)) : describeGate(g, format, unit))),
    );
  }
  return out.join("\n") + "\n";
}
