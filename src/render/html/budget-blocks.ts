/** `check --html`: the budgets as a table with their verdict, in the words of the check's other outputs. */
import type { BudgetVerdict } from "../../analyses/budgets.js";
import { budgetCells, statusLabel, verdictLine, type BudgetCellOptions } from "../budget-cells.js";
import type { HtmlBlock } from "./page.js";

/** A heading, the verdict line, and a row per budget (a failing row marked `fail-row`, an excused one `warn-row`). */
export function budgetBlocks(verdict: BudgetVerdict, options: BudgetCellOptions): HtmlBlock[] {
  const cells = budgetCells(verdict, options);
  return [
    { kind: "heading", text: "Budgets" },
    { kind: "paragraphs", lines: [verdictLine(verdict)], className: verdict.passed ? "pass" : "fail" },
    {
      kind: "table",
      header: ["budget", "actual", "limit", "margin", "result"],
      numeric: [false, true, true, false, false],
      rows: cells.map((c) => ({
        cells: [{ text: c.expr }, { text: c.actual }, { text: c.limit }, { text: c.margin }, { text: statusLabel(c.result) }],
        ...(c.result.status === "pass" ? {} : { className: c.result.failsCheck ? "fail-row" : "warn-row" }),
      })),
    },
  ];
}
