/**
 * GitHub Actions workflow commands for `latstat check`: one `::error` per budget that fails the check (a
 * `::warning` for one that is insufficient but allowed), which GitHub shows as annotations on the run.
 * Escaping as the runner expects: `%`, CR and LF in the message; additionally `:` and `,` in properties.
 */
import type { BudgetVerdict } from "../analyses/budgets.js";
import { describeResult, type BudgetCellOptions } from "./budget-cells.js";
import { escapeControls } from "../base/errors.js";

/** The annotation title. */
export const ANNOTATION_TITLE = "latency budget";

function escapeData(text: string): string {
  return text.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
}

function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, "%3A").replace(/,/g, "%2C");
}

/** The workflow command lines (empty when every budget passed). */
export function renderGithubAnnotations(verdict: BudgetVerdict, options: BudgetCellOptions): string {
  const lines: string[] = [];
  for (const result of verdict.results) {
    if (result.status === "pass") continue;
    const command = result.failsCheck ? "error" : "warning";
    const message = escapeControls(`${result.expr}: ${describeResult(result, options)}`);
    lines.push(`::${command} title=${escapeProperty(ANNOTATION_TITLE)}::${escapeData(message)}`);
  }
  return lines.map((l) => `${l}\n`).join("");
}
