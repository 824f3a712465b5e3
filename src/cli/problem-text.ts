/**
 * The analyses' problems (analyses/problems.ts) in the user's words: what went wrong and the flags that would
 * help, as one error line `message (hint)`.
 */
import type { Problem } from "../analyses/problems.js";
import { quoted } from "../base/errors.js";
import { DEFAULT_SKIP_REASON, FAILED_SKIP_REASON } from "../ingest/accounting.js";
import { refusalText } from "../render/co-notes.js";
import { UNDATED_HINT, undatedLogsText } from "../render/notices.js";
import { entriesWord } from "../render/values.js";

export interface ProblemText {
  message: string;
  hint?: string;
}

const START_TIMES_HINT = "name the start-time column or field with --time-column / --time-field";

/** What nothing recorded says: what was skipped and why, and where to look. */
function noValuesText(problem: Extract<Problem, { kind: "no-values" }>): ProblemText {
  const a = problem.accounting;
  const reasons = Object.entries(a.skippedByReason).filter(([reason]) => reason !== DEFAULT_SKIP_REASON);
  const skipped = reasons.map(([reason, count]) => `${reason}: ${count}`).join(", ");
  const where = problem.input === undefined ? "" : `${problem.input}: `;
  return {
    message: `${where}no values: ${a.lines} ${entriesWord(a.lines, a.entries)} read, none recorded${skipped ? ` (skipped: ${skipped})` : ""}`,
    hint:
      reasons.length === 0
        ? "check --format, --column/--field and --unit; --debug explains"
        : reasons.length === 1 && reasons[0]![0] === FAILED_SKIP_REASON
          ? "every request failed; --include-errors records them"
          : "check --metric and the filters; --debug explains",
  };
}

export function problemText(problem: Problem): ProblemText {
  switch (problem.kind) {
    case "no-values":
      return problem.interrupted ? { message: "interrupted before any value was read" } : noValuesText(problem);
    case "co-refused":
      return { message: `${problem.input === undefined ? "" : `${problem.input}: `}${refusalText(problem.verdict)}`, hint: "correct with --expected-interval if you know the send interval" };
    case "undated-logs":
      return { message: `${undatedLogsText(problem)}: placed in time, ${problem.undated.length === 1 ? "it" : "they"} would sit in 1970`, hint: `${UNDATED_HINT}; merge without -o reports the sum` };
    case "co-no-start-times":
      return { message: "--apply needs request start times to infer the interval from", hint: "name them with --time-column / --time-field" };
    case "schedule-too-many":
      return {
        message: `--rate keeps every request's start time in memory, and there are more than ${problem.limit.toLocaleString("en")}`,
        hint: "split the input by time, or correct with --expected-interval, which needs no start times",
      };
    case "schedule-no-start-times":
      return { message: "--rate needs request start times", hint: START_TIMES_HINT };
    case "windows-no-start-times":
      return { message: "--interval needs request start times", hint: START_TIMES_HINT };
    case "too-many-windows":
      return {
        message: `the start times span ${problem.windows.toLocaleString("en-US")} windows of ${problem.lengthMs} ms (at most ${problem.max.toLocaleString("en-US")})`,
        hint: "check the start-time column and its unit, or choose a longer --interval",
      };
    case "no-sessions":
      return { message: `--session ${problem.field}: no request had a value for it`, hint: "name a column or field that identifies users or sessions" };
    case "time-line-too-many":
      return {
        message: `more than ${problem.limit.toLocaleString("en-US")} requests with start times to put in intervals`,
        hint: "convert the input in parts and merge their logs (latstat merge): the intervals are the same",
      };
    case "buckets-mixed":
      return { message: `${problem.requests}: requests cannot be added to bucket counts (${problem.buckets})`, hint: "read the Prometheus scrapes apart from request logs" };
    case "buckets-different":
      return { message: `the inputs hold different histograms: ${problem.metrics.join(", ")}`, hint: "choose one with --metric NAME" };
    case "delta-inputs":
      return { message: `--delta takes two scrapes, before and after; got ${problem.inputs} inputs`, hint: "latstat before.prom after.prom --delta" };
    case "series-gone":
      return { message: `${problem.after}: ${problem.series} of ${problem.before} is gone`, hint: "a series that disappears was reset (a restart?); take both scrapes from one run" };
    case "no-series":
      return { message: `no series of ${problem.metric} to report: each was rejected or left out`, hint: "the lines above say why; --label NAME=VALUE picks series" };
    case "no-observations":
      return {
        message: `no observations in ${problem.metric}${problem.delta ? " between the two scrapes" : ""}`,
        hint: problem.delta ? "was the load test run between them?" : "the histogram is empty",
      };
    case "failures-unknown":
      if (problem.unwritten !== undefined) {
        return {
          message: `${problem.input === undefined ? "budget" : "gate"} "${quoted(problem.budget)}": ${problem.input ?? "the input"} holds only some of the failed requests: ${problem.unwritten}`,
          hint: "the failure rate is unknown; count the errors in the tool's own summary",
        };
      }
      if (problem.recorded) return { message: `budget "${quoted(problem.budget)}": failed requests were recorded with the successes`, hint: "a percentile with ! and a budget on the successes count them apart: leave out --include-errors and --status" };
      return {
        message: `${problem.input === undefined ? "budget" : "gate"} "${quoted(problem.budget)}": ${problem.input ?? "the input"} says nothing about failed requests`,
        hint: "it has no status, success or error column or field; name one with --status-column or --status-field",
      };
    case "bucket-statistic":
      return problem.statistic === "stddev"
        ? { message: `budget "${quoted(problem.budget)}": the standard deviation is not known from bucket counts`, hint: "budget percentiles, the mean, min, max or count" }
        : { message: `budget "${quoted(problem.budget)}": the histogram has no _sum, so no mean`, hint: "budget percentiles, min, max or count" };
    case "no-corrected-figures":
      return { message: "--on corrected: there are no corrected figures", hint: "coordinated-omission correction flags are needed, e.g. --expected-interval" };
    case "budget-group": {
      const grouping = problem.groupNames.length === 0 ? "" : ` (grouping by ${problem.groupNames.join(", ")})`;
      return { message: `budget "${quoted(problem.budget)}": needs --group-by ${quoted(problem.key)}${grouping}`, hint: `it is judged on the requests whose ${quoted(problem.key)} is ${quoted(problem.value)}` };
    }
    case "budget-group-value": {
      const values = problem.closest.map((v) => `"${quoted(v)}"`).join(", ");
      const hint = problem.closest.length === 0 ? "no request has any" : `closest: ${values}`;
      return { message: `budget "${quoted(problem.budget)}": no request has ${quoted(problem.key)} "${quoted(problem.value)}"`, hint };
    }
  }
}
