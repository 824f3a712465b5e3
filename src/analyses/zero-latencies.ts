/**
 * Saying when a figure shown reads 0 because latencies are 0: no request takes no time, so a latency of 0 is one
 * shorter than the log can write (nginx's `$request_time` in ms, `ab -g` in whole ms, hey in 0.1 ms), and a
 * percentile that falls among them means "below the resolution", not "instant".
 */
import type { LatencyRecorder } from "../core/recorder.js";
import type { BudgetVerdict } from "./budgets.js";
import type { GroupSelector } from "./budget-grammar.js";
import type { AnalysisNotice } from "./notices.js";
import type { RecordedInput, ReportData } from "./report.js";

/**
 * A notice for each row of figures shown (each input's with `--per-file`, else the total) on which a percentile
 * reads 0 because of latencies of 0 — not p0, the minimum, which says itself what it is.
 */
export function zeroLatencyNotices(report: Pick<ReportData, "total" | "perFile" | "recorder">, inputs: readonly RecordedInput[]): AnalysisNotice[] {
  const rows =
    report.perFile.length > 0
      ? report.perFile.map(({ name, summary }, i) => ({ row: name, summary, recorder: inputs[i]!.recorder }))
      : [{ row: inputs.length === 1 ? inputs[0]!.name : undefined, summary: report.total, recorder: report.recorder }];
  return rows.flatMap(({ row, summary, recorder }) => (summary.percentiles.some((p) => p.percentile > 0 && p.valueNs === 0) ? zeroNotice(row, recorder) : []));
}

/**
 * For `check`: a notice for each row a budget's percentile, mean or max was judged 0 on — all requests (of the
 * input `name`, when there is one) or a group's (`KEY=VALUE`) — whose latencies (`recorderOf` the row) have zeros.
 * Only budgets judged on the raw latencies of the successes: the notice's share and percentiles are theirs (a
 * corrected figure, or one with the failures counted in, has more values below it).
 */
export function zeroBudgetNotices(verdict: BudgetVerdict, name: string | undefined, recorderOf: (group: GroupSelector | undefined) => LatencyRecorder): AnalysisNotice[] {
  const rows = new Map<string, GroupSelector | undefined>();
  for (const result of verdict.results) {
    if (result.form !== "latency" || result.actualNs !== 0 || result.basis !== "raw") continue;
    const { stat, group } = result.budget;
    // Not the minimum (p0 or min), which says itself what it is. A mean or max of 0 is every latency's.
    if (stat.name === "min" || stat.name === "stddev") continue;
    if (stat.name === "percentile" && (stat.withFailures === true || stat.percentile.value === 0)) continue;
    rows.set(group === undefined ? "" : `${group.key}=${group.value}`, group);
  }
  return [...rows].flatMap(([group, selector]) => zeroNotice(name, recorderOf(selector), group === "" ? undefined : group));
}

/** The notice for a row whose latencies are in `recorder`, when some are 0: an input's, or a group's of it. */
function zeroNotice(input: string | undefined, recorder: LatencyRecorder, group?: string): AnalysisNotice[] {
  const { zeros, count } = recorder;
  if (zeros === 0) return [];
  return [{ kind: "zero-latencies", ...(input === undefined ? {} : { input }), ...(group === undefined ? {} : { group }), zeros, count }];
}
