/** The data of a `latstat check`: what was read, and every budget judged on it. */
import { requestsOf, type GroupRecorder } from "../core/group-recorder.js";
import { LatencyRecorder } from "../core/recorder.js";
import type { Budget, GroupSelector } from "./budget-grammar.js";
import { evaluateBudgets, needsFailures, selectBasis, type Basis, type BudgetData, type BudgetGroups, type BudgetInputs, type BudgetVerdict } from "./budgets.js";
import type { InputDescription, ReportData } from "./report.js";
import { FAILED_SKIP_REASON } from "../ingest/accounting.js";
import { FILTER_SKIP_REASONS } from "../ingest/sample-filter.js";
import type { AnalysisNotice } from "./notices.js";
import { zeroBudgetNotices } from "./zero-latencies.js";
import { AnalysisError } from "./problems.js";

/** What check renderers need: a description of the input as read, and the verdict. */
export interface CheckView {
  report: InputDescription;
  verdict: BudgetVerdict;
}

/** A check of requests: the inputs as `report` sees them (accounting, summary), and the verdict. */
export interface CheckData extends CheckView {
  report: ReportData;
}

/** The flags that change how budgets are judged. */
export interface CheckOptions {
  /** `--on`: force raw or corrected figures; undefined judges on corrected ones when there are any. */
  on: Basis | undefined;
  allowInsufficient: boolean;
  /**
   * The latencies of the failed requests left out of the report (read-recorded.ts `failedLatencies`), for budgets
   * over every request; needed when there are such budgets and failures were left out.
   */
  failedLatencies?: LatencyRecorder;
}

/** Whether judging `budgets` needs the failed requests' latencies (CheckOptions.failedLatencies). */
export function needsFailedLatencies(budgets: readonly Budget[]): boolean {
  return budgets.some((b) => b.requests === "all");
}

/** The groups `KEY=VALUE:` budgets are judged on (`--group-by`), with each group's corrected recorder when corrected. */
export interface CheckGroups {
  recorder: GroupRecorder;
  corrected?: LatencyRecorder[];
}

/** Judges `budgets` on a report's figures: its corrected ones when it has them, unless `--on raw`. */
export function judgeReport(report: ReportData, budgets: readonly Budget[], options: CheckOptions, groups?: CheckGroups): CheckData {
  const a = report.accounting;
  const leftOut = a.skippedByReason[FAILED_SKIP_REASON] ?? 0;
  const failures = a.failuresKnown() ? { failed: a.failed, requests: a.recorded + leftOut, recorded: leftOut !== a.failed } : undefined;
  // Failures unknown because the input leaves some out: said so, rather than that it tells none.
  const unwritten = a.unwrittenFailures === undefined ? undefined : budgets.find((b) => needsFailures(b) || b.requests === "successes");
  if (unwritten !== undefined) throw new AnalysisError({ kind: "failures-unknown", budget: unwritten.expr, unwritten: a.unwrittenFailures });
  const all = { ...selectBasis(bases(report.recorder, report.corrected?.recorder), options.on), ...(failures ? { failures } : {}) };
  const failed = options.failedLatencies;
  // Every request: the failures left out put back at their own latencies, into the corrected figures too.
  const every =
    failed === undefined || failures === undefined || failures.recorded
      ? all
      : { ...selectBasis(bases(withFailed(report.recorder, failed), report.corrected && withFailed(report.corrected.recorder, failed)), options.on), failures: { ...failures, recorded: true } };
  const verdict = evaluateBudgets(budgets, all, { allowInsufficient: options.allowInsufficient }, groups && budgetGroups(groups, options.on, failures !== undefined), every);
  return { report, verdict };
}

/** `recorder` with the failed requests' latencies added. */
function withFailed(recorder: LatencyRecorder, failed: LatencyRecorder): LatencyRecorder {
  return merged(recorder.digits, [recorder, failed]);
}

function bases(raw: LatencyRecorder, corrected: LatencyRecorder | undefined): BudgetInputs {
  const data = (basis: Basis, recorder: LatencyRecorder): BudgetData => ({ basis, histogram: recorder.histogram(), exact: { minNs: recorder.minNs, maxNs: recorder.maxNs } });
  // Back-filled samples are not data: a corrected percentile is judged on the real requests that reach it.
  const real = corrected !== undefined && corrected.syntheticCount > 0 ? { real: raw.histogram() } : {};
  return { raw: data("raw", raw), ...(corrected ? { corrected: { ...data("corrected", corrected), ...real } } : {}) };
}

/**
 * What `check` says of the budgets' percentiles judged 0 because latencies are 0 (zero-latencies.ts): of all
 * requests (named when they are one input's) or of a group's.
 */
export function zeroNoticesOf(judged: CheckData, groups?: CheckGroups): AnalysisNotice[] {
  const { files, recorder } = judged.report;
  // A group's budget was judged, so there are groups (assertJudgeable refuses it otherwise).
  const rawOf = (group: GroupSelector | undefined) => (group === undefined ? recorder : merged(groups!.recorder.options.digits, members(groups!, group).map((g) => g.raw)));
  return zeroBudgetNotices(judged.verdict, files.length === 1 ? files[0] : undefined, rawOf);
}

/**
 * What `check` says of a failure budget judged after a status filter left requests out: the failures among them
 * are not counted, so `--status 2xx` with `failed < 1%` would pass at 0% whatever failed.
 */
export function filteredFailureNotices(judged: CheckData): AnalysisNotice[] {
  const leftOut = judged.report.accounting.skippedByReason[FILTER_SKIP_REASONS.status] ?? 0;
  const budget = judged.verdict.results.find((r) => r.form === "failed");
  return leftOut > 0 && budget !== undefined ? [{ kind: "failures-filtered", budget: budget.expr, leftOut }] : [];
}

/** The groups with `value` for the group-by name `key`. */
function members(groups: CheckGroups, { key, value }: GroupSelector) {
  const { names } = groups.recorder.options;
  return groups.recorder.groups.filter((g) => g.values[names.indexOf(key)] === value);
}

/** `recorders` added together. */
function merged(digits: LatencyRecorder["digits"], recorders: LatencyRecorder[]): LatencyRecorder {
  const sum = new LatencyRecorder(digits);
  for (const r of recorders) sum.add(r);
  return sum;
}

/** The figures of a selector: every group with that value for that name, added together (none: no requests). */
function budgetGroups(groups: CheckGroups, on: Basis | undefined, known: boolean): BudgetGroups {
  const { names, digits } = groups.recorder.options;
  return {
    names,
    values: (key) => groups.recorder.groups.map((g) => g.values[names.indexOf(key)]!),
    data: (selector: GroupSelector) => {
      const selected = members(groups, selector);
      const corrected = groups.corrected && merged(digits, selected.map((g) => groups.corrected![g.index]!));
      const data = selectBasis(bases(merged(digits, selected.map((g) => g.raw)), corrected), on);
      if (!known) return data;
      const sum = (f: (g: (typeof selected)[number]) => number) => selected.reduce((total, g) => total + f(g), 0);
      const failed = sum((g) => g.failed);
      const leftOut = sum((g) => g.leftOut);
      return { ...data, failures: { failed, requests: sum(requestsOf), recorded: leftOut !== failed } };
    },
  };
}
