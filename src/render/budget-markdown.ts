/** `latstat check` as GitHub-flavoured markdown, for a GitHub Actions job summary ($GITHUB_STEP_SUMMARY). */
import type { CheckView } from "../analyses/check.js";
import { budgetCells, statusLabel, verdictLine, type BudgetCellOptions } from "./budget-cells.js";
import { describeAccounting, describeInputs } from "./describe-input.js";

function cell(text: string): string {
  return text.replace(/\|/g, "\\|").replace(/\r?\n/g, " ");
}

function code(text: string): string {
  return `\`${cell(text).replace(/`/g, "'")}\``;
}

/** A heading with the verdict, what was read, and a table with a row per budget. */
export function renderBudgetMarkdown(check: CheckView, options: BudgetCellOptions): string {
  const line = (cells: string[]) => `| ${cells.join(" | ")} |`;
  return [
    `### latstat check — ${cell(verdictLine(check.verdict))}`,
    "",
    `${cell(describeInputs(check.report))}; ${cell(describeAccounting(check.report))}.`,
    "",
    line(["budget", "actual", "limit", "margin", "result"]),
    "| --- | ---: | ---: | --- | --- |",
    ...budgetCells(check.verdict, options).map((c) => line([code(c.expr), cell(c.actual), cell(c.limit), cell(c.margin), cell(statusLabel(c.result))])),
    "",
  ].join("\n");
}
