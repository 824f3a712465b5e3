/** `latstat check` for people: what was read, a row per budget, and a one-line verdict. */
import { Chalk, type ChalkInstance } from "chalk";
import Table from "cli-table3";
import type { BudgetResult } from "../analyses/budgets.js";
import type { CheckView } from "../analyses/check.js";
import { budgetCells, statusLabel, verdictLine, type BudgetCellOptions } from "./budget-cells.js";
import { describeAccounting, describeInputs } from "./describe-input.js";

/** How the budget table is printed. */
export interface BudgetTableOptions extends BudgetCellOptions {
  /** ANSI colour allowed (see cli/terminal.ts colorAllowed). */
  color: boolean;
}

const HEADER = ["budget", "actual", "limit", "margin", "result"];

/** The budget table and verdict as text. */
export function renderBudgetTable(check: CheckView, options: BudgetTableOptions): string {
  const chalk = new Chalk({ level: options.color ? 1 : 0 });
  const table = new Table({
    head: HEADER.map((h) => chalk.bold(h)),
    colAligns: ["left", "right", "right", "left", "left"],
    style: { head: [], border: [] },
  });
  for (const cells of budgetCells(check.verdict, options)) {
    table.push([cells.expr, cells.actual, cells.limit, cells.margin, paint(chalk, cells.result)(statusLabel(cells.result))]);
  }
  const verdict = check.verdict.passed ? chalk.bold.green : chalk.bold.red;
  return [
    chalk.dim(describeInputs(check.report)),
    chalk.dim(describeAccounting(check.report)),
    table.toString(),
    verdict(verdictLine(check.verdict)),
    "",
  ].join("\n");
}

function paint(chalk: ChalkInstance, result: BudgetResult): (text: string) => string {
  if (result.status === "pass") return chalk.green;
  if (result.status === "fail") return chalk.red;
  return chalk.yellow;
}
