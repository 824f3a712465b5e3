/** `check(sources, budgets)`: latency budgets judged, as `latstat check --json` holds them. */
import { BudgetSyntaxError, parseBudgets, type Budget } from "../analyses/budget-grammar.js";
import { BASES, type Basis } from "../analyses/budgets.js";
import { filteredFailureNotices, judgeReport, zeroNoticesOf } from "../analyses/check.js";
import { readRecorded } from "../analyses/read-recorded.js";
import { UserError } from "../base/errors.js";
import { checkDocument, type CheckDocument } from "../render/budget-json.js";
import { withPartial } from "../render/partial.js";
import { checkTextList, reading, type ReadSettings } from "./settings.js";
import { inputArgs, type Source } from "./sources.js";

/** How budgets are judged besides how the inputs are read. */
export interface CheckOptions extends ReadSettings {
  /** Judge on raw or corrected figures (default: corrected when a correction is active, else raw). */
  on?: Basis;
  /** Budgets with too few samples do not fail the check. */
  allowInsufficient?: boolean;
  /** Columns or fields that `KEY=VALUE:` budgets name. */
  groupBy?: string[];
}

/**
 * Judges `budgets` (each as `--budget` takes it: "p99 < 300ms", "99.9% < 1s", "endpoint=/login: p99 < 300ms",
 * several in one separated by commas) on the inputs: the document of `latstat check --json`, as data; `passed`
 * says whether every budget was met. A malformed budget is a UserError naming it and the column at fault.
 */
export async function check(sources: readonly Source[], budgets: readonly string[], options: CheckOptions = {}): Promise<CheckDocument & { partial?: true }> {
  if (!Array.isArray(budgets)) throw new UserError("the budgets must be a list", 'e.g. check(files, ["p99 < 300ms"])');
  const parsed = budgets.flatMap(parseBudget);
  if (parsed.length === 0) throw new UserError("no budget given", 'e.g. check(files, ["p99 < 300ms"])');
  if (options.on !== undefined && !BASES.includes(options.on)) throw new UserError(`on ${JSON.stringify(options.on)} is not a basis`, `one of ${BASES.join(", ")}`);
  checkTextList("groupBy", options.groupBy, '["endpoint"]');
  // A budget on a group implies grouping by its key, as `--group-by` in the CLI.
  const groupBy = [...new Set([...(options.groupBy ?? []), ...parsed.flatMap((b) => (b.group === undefined ? [] : [b.group.key]))])];
  const { read, hooks, digits, correction, outUnit } = reading(sources, options, groupBy);
  const run = await readRecorded(inputArgs(sources, options.signal), { read, hooks, digits, percentiles: [], perFile: false, correction, groupBy, allFailedRead: true });
  // Bucket counts (Prometheus) are refused while reading: the hooks do not ask for them.
  if (run.kind !== "requests") throw new Error("bucket counts were read where requests were asked for");
  const judged = judgeReport(run.report, parsed, { on: options.on, allowInsufficient: options.allowInsufficient === true }, run.groups);
  for (const notice of [...zeroNoticesOf(judged, run.groups), ...filteredFailureNotices(judged)]) hooks.notice(notice);
  // Stopped by the signal, or resting on a log an interrupted run wrote: marked as the CLI's --json marks it.
  const document = checkDocument(judged, outUnit);
  return run.partial || run.report.partialInputs !== undefined ? withPartial(document) : document;
}

/** One budget argument's budgets; a syntax error as a UserError quoting the budget. */
function parseBudget(text: string): Budget[] {
  try {
    return parseBudgets(text);
  } catch (error) {
    if (error instanceof BudgetSyntaxError) throw new UserError(`budget "${text}": ${error.message}`);
    throw error;
  }
}
