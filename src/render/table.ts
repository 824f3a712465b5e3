/** The default human-readable report: a short description of the input and a cli-table3 table. */
import { Chalk } from "chalk";
import Table from "cli-table3";
import type { ReportRenderer } from "./types.js";
import { describeAccounting, describeInputs } from "./describe-input.js";
import { CI_NOTE, insufficientNotes } from "./percentile-cells.js";
import { namedSummaries, reportRows, significantCells } from "./rows.js";

export const renderTable: ReportRenderer = (report, options) => {
  const chalk = new Chalk({ level: options.color ? 1 : 0 });
  const { unit, header, rows } = reportRows(report, options.outUnit, significantCells(options.digits), { ci: options.ci === true, machine: false });
  const table = new Table({
    head: header.map((h) => chalk.bold(h)),
    colAligns: header.map((_, i) => (i === 0 ? "left" : "right")),
    style: { head: [], border: [] },
  });
  for (const row of rows) table.push(row);
  return [
    chalk.dim(describeInputs(report)),
    chalk.dim(describeAccounting(report)),
    `latencies in ${unit}`,
    table.toString(),
    ...(options.ci ? [chalk.dim(CI_NOTE)] : []),
    ...insufficientNotes(namedSummaries(report)).map((note) => chalk.yellow(note)),
    "",
  ].join("\n");
};
