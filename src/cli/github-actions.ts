/**
 * GitHub Actions integration of `check`, switched on by the variables the runner sets: annotations when
 * GITHUB_ACTIONS=true, and a markdown job summary appended to the file GITHUB_STEP_SUMMARY names.
 */
import { appendFile } from "node:fs/promises";
import type { CheckView } from "../analyses/check.js";
import type { BudgetCellOptions } from "../render/budget-cells.js";
import { renderBudgetMarkdown } from "../render/budget-markdown.js";
import { renderGithubAnnotations } from "../render/github-annotations.js";
import { terminal, warn } from "./terminal.js";

type Environment = Record<string, string | undefined>;

/** The `::error` workflow commands for budgets that fail the check; empty outside GitHub Actions. */
export function githubAnnotations(check: CheckView, options: BudgetCellOptions, env: Environment = terminal().env): string {
  return env.GITHUB_ACTIONS === "true" ? renderGithubAnnotations(check.verdict, options) : "";
}

/** Appends the results to the job summary when GITHUB_STEP_SUMMARY is set; a failure to do so is only a warning. */
export async function appendStepSummary(check: CheckView, options: BudgetCellOptions, env: Environment = terminal().env): Promise<void> {
  const file = env.GITHUB_STEP_SUMMARY;
  if (file === undefined || file === "") return;
  try {
    await appendFile(file, renderBudgetMarkdown(check, options) + "\n", "utf8");
  } catch (error) {
    warn(`warning: cannot append to GITHUB_STEP_SUMMARY ${file} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
}
