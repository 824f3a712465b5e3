/** The problem an analysis throws, and its words as the CLI says them. */
import { AnalysisError, type Problem } from "../../src/analyses/problems.js";
import { problemText } from "../../src/cli/problem-text.js";

/** The problem `work` throws (fails the test when it throws none, or something else). */
export function problemOf(work: () => unknown): Problem {
  try {
    work();
  } catch (error) {
    if (error instanceof AnalysisError) return error.problem;
    throw error;
  }
  throw new Error("no problem was thrown");
}

/** The error line the CLI prints for the problem `work` throws: `message (hint)`. */
export function problemLine(work: () => unknown): string {
  const { message, hint } = problemText(problemOf(work));
  return hint === undefined ? message : `${message} (${hint})`;
}
