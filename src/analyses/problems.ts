/**
 * What an analysis cannot do with what it was given, as data: the CLI words each problem for the user (naming the
 * flags that would help, cli/problem-text.ts) and exits 2. Analyses never name flags themselves.
 */
import type { LineAccounting } from "../ingest/accounting.js";
import type { LoopVerdict } from "./loop-verdict.js";
import type { UndatedLogs } from "./undated-logs.js";

export type Problem =
  /** Nothing was recorded; `input` when one input of several is meant; `interrupted` when Ctrl-C came first. */
  | { kind: "no-values"; accounting: LineAccounting; input?: string; interrupted: boolean }
  /** Correction at an inferred interval was asked for, but the loop is open or cannot be told. */
  | { kind: "co-refused"; verdict: LoopVerdict; input?: string }
  /** Correction at an inferred interval was asked for, and no request has a start time. */
  | { kind: "co-no-start-times" }
  /** Response times on a schedule need every start time, and there are more than `limit`. */
  | { kind: "schedule-too-many"; limit: number }
  /** Response times on a schedule need start times, and no request has one. */
  | { kind: "schedule-no-start-times" }
  /** Time windows were asked for, and no request has a start time. */
  | { kind: "windows-no-start-times" }
  /** A time line (a written log, a timeline) of undated interval logs and dated ones (see undated-logs.ts). */
  | ({ kind: "undated-logs" } & UndatedLogs)
  /** The start times span more windows than are kept. */
  | { kind: "too-many-windows"; windows: number; lengthMs: number; max: number }
  /** Sessions were asked for, and no request names one. */
  | { kind: "no-sessions"; field: string }
  /** A time line keeps every start time, and there are more than `limit`. */
  | { kind: "time-line-too-many"; limit: number }
  /** Inputs of bucket counts and inputs of requests together. */
  | { kind: "buckets-mixed"; requests: string; buckets: string }
  /** Inputs of bucket counts of different histograms. */
  | { kind: "buckets-different"; metrics: string[] }
  /** The difference of scrapes takes exactly two. */
  | { kind: "delta-inputs"; inputs: number }
  /** A series of the first scrape is missing from the second. */
  | { kind: "series-gone"; before: string; after: string; series: string }
  /** No series is left to report. */
  | { kind: "no-series"; metric: string }
  /** The series hold no observations (between the two scrapes, with `delta`). */
  | { kind: "no-observations"; metric: string; delta: boolean }
  /** A budget on a statistic bucket counts do not give. */
  | { kind: "bucket-statistic"; budget: string; statistic: "stddev" | "mean" }
  /**
   * A budget on failures (`failed < 1%`, `p99! < 300ms`) where the input says nothing about failures, or, with
   * `unwritten` (why), leaves some failed requests out (formats/types.ts `unwrittenFailures`).
   */
  | { kind: "failures-unknown"; budget: string; recorded?: true; input?: string; unwritten?: string }
  /** Budgets were to be judged on corrected figures, and there are none. */
  | { kind: "no-corrected-figures" }
  /** A budget on a group names a key the requests are not grouped by. */
  | { kind: "budget-group"; budget: string; key: string; value: string; groupNames: string[] }
  /** A budget on a group names a value no request has; `closest` are the values nearest to it. */
  | { kind: "budget-group-value"; budget: string; key: string; value: string; closest: string[] };

/** An analysis's problem, thrown; its message is the problem's kind (the CLI words it). */
export class AnalysisError extends Error {
  constructor(readonly problem: Problem) {
    super(problem.kind);
    this.name = "AnalysisError";
  }
}
