/** `latstat check` as GitHub-flavoured markdown, for a GitHub Actions job summary ($GITHUB_STEP_SUMMARY). */
import type { CheckView } from "../analyses/check.js";
import { budgetCells, statusLabel, verdictLine, type BudgetCellOptions } from "./budget-cells.js";
import { describeAccounting, describeInputs } from "./describe-input.js";
import { markdownCell } from "./blocks.js";
import { escapeControls } from "../base/errors.js";

/** A budget expression as a code span: shown as written (a code span holds no HTML), control characters escaped. */
function code(text: string): string {
  return `\`${escapeControls(text).replace(/\|/g, "\\|").replace(/`/g, "'")}\``;
}

/** A heading with the verdict, what was read, and a table with a row per budget. */
export function renderBudgetMarkdown(check: CheckView, options: BudgetCellOptions): string {
  const line = (cells: string[]) => `| ${cells.join(" | ")} |`;
  return [
    `### latstat check — ${markdownCell(verdictLine(check.verdict))}`,
    "",
    `${markdownCell(describeInputs(check.report))}; ${markdownCell(describeAccounting(check.report))}.`,
    "",
    line(["budget", "actual", "limit", "margin", "result"]),
    "| --- | ---: | ---: | --- | --- |",
    ...budgetCells(check.verdict, options).map((c) => line([code(c.expr), markdownCell(c.actual), markdownCell(c.limit), markdownCell(c.margin), markdownCell(statusLabel(c.result))])),
    "",
  ].join("\n");
}
