/** The data of a `latstat check`: what was read, and every budget judged on it. */
import type { Budget } from "./budget-grammar.js";
import { evaluateBudgets, selectBasis, type Basis, type BudgetInputs, type BudgetVerdict } from "./budgets.js";
import { buildReport, type RecordedInput, type ReportData } from "./report.js";

/** What check renderers need: the input as read and the verdict. */
export interface CheckData {
  /** The inputs as `report` sees them (accounting, summary); check renderers describe the input from it. */
  report: ReportData;
  verdict: BudgetVerdict;
}

/** The flags that change how budgets are judged. */
export interface CheckOptions {
  /** `--on`: force raw or corrected figures; undefined judges on corrected ones when there are any. */
  on: Basis | undefined;
  allowInsufficient: boolean;
}

/** Judges `budgets` on everything the inputs hold together (which must be at least one value). */
export function buildCheck(inputs: RecordedInput[], budgets: readonly Budget[], options: CheckOptions): CheckData {
  return judgeReport(buildReport(inputs, [], false), budgets, options);
}

/** Judges `budgets` on a report's figures: its corrected ones when it has them, unless `--on raw`. */
export function judgeReport(report: ReportData, budgets: readonly Budget[], options: CheckOptions): CheckData {
  const recorder = report.recorder;
  const corrected = report.corrected?.recorder;
  const bases: BudgetInputs = {
    raw: { basis: "raw", histogram: recorder.histogram(), exact: { minNs: recorder.minNs, maxNs: recorder.maxNs } },
    ...(corrected ? { corrected: { basis: "corrected", histogram: corrected.histogram(), exact: { minNs: corrected.minNs, maxNs: corrected.maxNs } } } : {}),
  };
  const verdict = evaluateBudgets(budgets, selectBasis(bases, options.on), { allowInsufficient: options.allowInsufficient });
  return { report, verdict };
}
