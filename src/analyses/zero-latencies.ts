/**
 * Saying when a figure shown reads 0 because latencies are 0: no request takes no time, so a latency of 0 is one
 * shorter than the log can write (nginx's `$request_time` in ms, `ab -g` in whole ms, hey in 0.1 ms), and a
 * percentile that falls among them means "below the resolution", not "instant".
 */
import type { LatencyRecorder } from "../core/recorder.js";
import type { BudgetVerdict, LatencyResult, SloResult } from "./budgets.js";
import type { GroupSelector } from "./budget-grammar.js";
import type { AnalysisNotice } from "./notices.js";
import type { GivenInput } from "../ingest/read-inputs.js";
import type { ReportData } from "./report.js";

/**
 * A notice for each row of figures shown (each input's with `--per-file`, else the total) on which a percentile
 * reads 0 because of latencies of 0 — not p0, the minimum, which says itself what it is. `given` are the inputs of
 * the report's `files`, each with what was read of it (nothing for one left out as empty, whose row has no figures).
 */
export function zeroLatencyNotices(report: Pick<ReportData, "total" | "perFile" | "recorder">, given: readonly GivenInput<LatencyRecorder>[]): AnalysisNotice[] {
  const read = given.flatMap((input) => input.read ?? []);
  const rows =
    report.perFile.length > 0
      ? report.perFile.map(({ name, summary }, i) => ({ row: name, summary, recorder: given[i]!.read?.recorder }))
      : [{ row: read.length === 1 ? read[0]!.name : undefined, summary: report.total, recorder: report.recorder }];
  return rows.flatMap(({ row, summary, recorder }) => (recorder !== undefined && summary.percentiles.some((p) => p.percentile > 0 && p.valueNs === 0) ? zeroNotice(row, recorder) : []));
}

/**
 * For `check`: a notice for each row a budget was judged on with the help of latencies of 0 — all requests (of
 * the input `name`, when there is one) or a group's (`KEY=VALUE`), whose latencies are `recorderOf` the row: a
 * percentile, mean or max judged 0, or an SLO met only because its zeros were counted below a threshold that may be
 * finer than the log's resolution (see `zerosDecided`). Only budgets judged on the raw
 * latencies of the successes: the notice's share and percentiles are theirs (a corrected figure, or one with the
 * failures counted in, has more values below it).
 */
export function zeroBudgetNotices(verdict: BudgetVerdict, name: string | undefined, recorderOf: (group: GroupSelector | undefined) => LatencyRecorder): AnalysisNotice[] {
  const recorders = new Map<string, LatencyRecorder>();
  const recorder = (row: string, group: GroupSelector | undefined) => recorders.get(row) ?? recorders.set(row, recorderOf(group)).get(row)!;
  const said = new Map<string, GroupSelector | undefined>();
  for (const result of verdict.results) {
    if (result.basis !== "raw") continue;
    const { group } = result.budget;
    const row = group === undefined ? "" : `${group.key}=${group.value}`;
    if (result.form === "latency" && judgedZero(result)) said.set(row, group);
    if (result.form === "slo" && result.status === "pass" && zerosDecided(result, recorder(row, group))) said.set(row, group);
  }
  return [...said].flatMap(([row, group]) => zeroNotice(name, recorder(row, group), row === "" ? undefined : row));
}

/**
 * Whether an SLO was met only by counting its zeros below the threshold, and the threshold may be finer than the
 * log's resolution. A zero is shorter than the resolution, which is no longer than the smallest latency that is not
 * 0: a threshold at or above that one has every zero below it for certain.
 */
function zerosDecided(result: SloResult, recorder: LatencyRecorder): boolean {
  if (result.over + recorder.zeros <= result.allowedOver) return false;
  const { layout } = recorder.counter;
  const zeroIndex = layout.indexOf(0);
  // The top of the lowest bucket above 0 that holds latencies: the smallest of them is no larger.
  let smallestAtMost: number | undefined;
  recorder.counter.forEachBucket((index) => {
    if (smallestAtMost === undefined && index > zeroIndex) smallestAtMost = layout.lowestValueAt(index + 1) - 1;
  });
  return smallestAtMost === undefined || result.budget.thresholdNs < smallestAtMost;
}

/** Whether a latency budget's figure is 0 and says something of the zeros: not the minimum (p0 or min), which says itself what it is. */
function judgedZero(result: LatencyResult): boolean {
  const { stat } = result.budget;
  if (result.actualNs !== 0 || stat.name === "min" || stat.name === "stddev") return false;
  // A mean or max of 0 is every latency's.
  return stat.name !== "percentile" || (stat.withFailures !== true && stat.percentile.value !== 0);
}

/** The notice for a row whose latencies are in `recorder`, when some are 0: an input's, or a group's of it. */
function zeroNotice(input: string | undefined, recorder: LatencyRecorder, group?: string): AnalysisNotice[] {
  const { zeros, count } = recorder;
  if (zeros === 0) return [];
  return [{ kind: "zero-latencies", ...(input === undefined ? {} : { input }), ...(group === undefined ? {} : { group }), zeros, count }];
}
