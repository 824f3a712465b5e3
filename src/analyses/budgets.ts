/**
 * Judging latency budgets against a distribution: the actual figure, the limit, the margin and pass/fail —
 * or `insufficient` when there are too few samples for the percentile to mean anything.
 *
 * Every result satisfies "status is pass iff `actual op limit`" (for SLO budgets the comparison is
 * `belowPercent >= targetPercent`, decided exactly on counts) unless there are too few samples.
 */
import { closest } from "../base/closest.js";
import type { Histogram } from "../core/histogram.js";
import type { Budget, ComparisonOp, CountBudget, FailedBudget, GroupSelector, LatencyBudget, SloBudget } from "./budget-grammar.js";
import { countBelow, countBelowOrIn } from "./count-below.js";
import { SAMPLES_BEYOND } from "./sufficiency.js";
import { CumulativeBuckets } from "../core/buckets.js";
import { allowedOver, minimumForShare, minimumSamples, shareHolds } from "./percent-arithmetic.js";
import { percentilesWithFailures } from "./with-failures.js";
import { type Extremes, summarize, type Summary } from "./summary.js";
import { AnalysisError } from "./problems.js";

/** Which figures budgets are judged on: as logged, or corrected for coordinated omission. */
export type Basis = "raw" | "corrected";

/** Every basis, as `--on` accepts them. */
export const BASES: readonly Basis[] = ["raw", "corrected"];

/** A distribution to judge budgets on. */
export interface BudgetData {
  basis: Basis;
  histogram: Histogram;
  /** Exact min and max when known (the raw recorder keeps them); otherwise the histogram's are used. */
  exact?: Extremes;
  /**
   * Failed requests (left out of `histogram`) and the requests that were made, failed or not; undefined when the
   * input says nothing about failures. For corrected figures, the real requests' (back-fill adds no failures).
   */
  failures?: { failed: number; requests: number; recorded: boolean };
  /**
   * The real requests (the raw histogram) of corrected figures with back-filled samples: a corrected percentile
   * that fewer than SAMPLES_BEYOND of them reach is insufficient, as the report marks it, however many samples the
   * back-fill added (an SLO `PCT% < DUR` by the same rule as pPCT); and `count` counts them, not the back-fill.
   */
  real?: Histogram;
}

/**
 * Everything `check` can judge on. `corrected` is filled in by coordinated-omission correction when it is active
 * (`--expected-interval` and friends); budgets then default to it.
 */
export interface BudgetInputs {
  raw: BudgetData;
  corrected?: BudgetData;
}

/** The figures of the groups `KEY=VALUE:` budgets are judged on (`--group-by`). */
export interface BudgetGroups extends GroupValues {
  /** The figures of every request whose group has `value` for `key`, on the basis budgets are judged on. */
  data(group: GroupSelector): BudgetData;
}

/** Picks the figures to judge on: `--on` when given, else corrected when there are any, else raw. */
export function selectBasis(inputs: BudgetInputs, on: Basis | undefined): BudgetData {
  if (on === "raw") return inputs.raw;
  if (inputs.corrected !== undefined) return inputs.corrected;
  if (on === "corrected") {
    throw new AnalysisError({ kind: "no-corrected-figures" });
  }
  return inputs.raw;
}

/** The outcome of one budget; `insufficient` means too few samples to judge it. */
export type BudgetStatus = "pass" | "fail" | "insufficient";

interface ResultBase {
  expr: string;
  basis: Basis;
  status: BudgetStatus;
  /** True when this result makes `check` fail: a fail, or insufficient without --allow-insufficient. */
  failsCheck: boolean;
  /** Samples in the distribution judged. */
  samples: number;
  /** Samples a percentile or SLO budget needs (see percent-arithmetic.ts); undefined for the others. */
  minimumSamples: number | undefined;
  /** A corrected percentile reached by too few real requests: how many (see BudgetData.real). */
  realBeyond?: number;
}

/** The result of a `STAT OP DURATION` budget. */
export interface LatencyResult extends ResultBase {
  form: "latency";
  budget: LatencyBudget;
  actualNs: number;
  /** How far on the passing side of the limit: positive is headroom, negative is by how much it was missed. */
  marginNs: number;
  /** marginNs as a percentage of the limit; null when the limit is 0. */
  marginPercent: number | null;
  /**
   * Judged on bucket counts (a Prometheus histogram): the bucket the statistic lies in, `actualNs` being the
   * estimate inside it. The budget is met or broken only when every value in the bucket agrees; else insufficient.
   */
  bucket?: { lowerNs: number; upperNs: number };
}

/** The result of a `count OP N` budget. */
export interface CountResult extends ResultBase {
  form: "count";
  budget: CountBudget;
  actual: number;
  /** As LatencyResult.marginNs, in requests. */
  margin: number;
  marginPercent: number | null;
}

/** The result of a `PCT% < DUR` budget. */
export interface SloResult extends ResultBase {
  form: "slo";
  budget: SloBudget;
  /** Requests certainly below the threshold (see count-below.ts), and the rest. */
  below: number;
  over: number;
  /** How many could have been over with the target still met. */
  allowedOver: number;
  /** below / samples × 100. */
  belowPercent: number;
  /** belowPercent − target, in percentage points (positive is headroom). */
  marginPoints: number;
  /**
   * Judged on bucket counts: requests that may have been below the threshold (`below` is those that certainly
   * were), when the threshold falls inside a bucket.
   */
  belowAtMost?: number;
}

/** The result of a `failed OP PCT%` budget; `samples` are the requests made, failed or not. */
export interface FailedResult extends ResultBase {
  form: "failed";
  budget: FailedBudget;
  failed: number;
  /** failed / samples × 100. */
  failedPercent: number;
  /** How far on the passing side of the limit, in percentage points. */
  marginPoints: number;
}

/** The result of any budget, tagged by `form` like the budget itself. */
export type BudgetResult = LatencyResult | CountResult | SloResult | FailedResult;

/** Every budget judged, and whether the check passes. */
export interface BudgetVerdict {
  basis: Basis;
  samples: number;
  /** The samples with the failed requests, when some budget (a k6 threshold) was judged over every request. */
  everyRequestSamples?: number;
  allowInsufficient: boolean;
  results: BudgetResult[];
  /** No result fails the check. */
  passed: boolean;
  /** Results with each status. */
  tally: Record<BudgetStatus, number>;
}

/** How results count towards the verdict. */
export interface EvaluateOptions {
  /** Insufficient results do not fail the check. */
  allowInsufficient: boolean;
}

/** What `KEY=VALUE:` budgets may name: the group-by names, and the values each has among the requests read. */
export interface GroupValues {
  names: readonly string[];
  /** Every value `key` has among the requests read (failed ones included). */
  values(key: string): readonly string[];
}

/**
 * Rejects a `KEY=VALUE:` budget whose KEY is not a group-by name, or whose VALUE no request has — a misspelt
 * `endpoint=/api/serach` would otherwise be judged on nothing — naming the closest values there are.
 */
export function assertJudgeable(budgets: readonly Budget[], groups: GroupValues | undefined): void {
  const names = groups?.names ?? [];
  for (const { expr, group } of budgets) {
    if (group === undefined) continue;
    const { key, value } = group;
    if (!names.includes(key)) throw new AnalysisError({ kind: "budget-group", budget: expr, key, value, groupNames: [...names] });
    const values = groups!.values(key);
    if (!values.includes(value)) throw new AnalysisError({ kind: "budget-group-value", budget: expr, key, value, closest: closest(value, values) });
  }
}

/**
 * Judges every budget on `data` (which must hold at least one value), those over every request (`requests: "all"`)
 * on `everyRequest` — the same figures with the failed requests left out of them added back, needed when some
 * were — and `KEY=VALUE:` budgets on the figures of that group, which may hold none: every budget but `count` is
 * then insufficient.
 */
export function evaluateBudgets(budgets: readonly Budget[], data: BudgetData, options: EvaluateOptions, groups?: BudgetGroups, everyRequest: BudgetData = data): BudgetVerdict {
  assertJudgeable(budgets, groups);
  if (everyRequest.failures?.recorded === false && budgets.some((b) => b.requests === "all")) throw new Error("budgets over every request need the latencies of the failed requests left out");
  const dataOf = (b: Budget) => (b.group !== undefined ? groups!.data(b.group) : b.requests === "all" ? everyRequest : data);
  // A budget on the successes alone needs to know which requests failed too.
  const unknown = budgets.find((b) => (needsFailures(b) || b.requests === "successes") && dataOf(b).failures === undefined);
  if (unknown !== undefined) throw new AnalysisError({ kind: "failures-unknown", budget: unknown.expr });
  // A percentile with "!" puts the failures above the successes, and a budget on the successes leaves them out:
  // both need them left out of the histogram.
  const apart = (b: Budget) => b.requests === "successes" || (b.form === "latency" && b.stat.name === "percentile" && b.stat.withFailures === true);
  const recorded = budgets.find((b) => apart(b) && dataOf(b).failures!.recorded);
  if (recorded !== undefined) throw new AnalysisError({ kind: "failures-unknown", budget: recorded.expr, recorded: true });
  // An SLO PCT% rests on the requests at or beyond pPCT (see judge): its percentile is summarized too.
  const labels = budgets.flatMap((b) => (b.form === "latency" && b.stat.name === "percentile" ? [b.stat.percentile.text] : b.form === "slo" ? [b.targetPercent.text] : []));
  const figures = (d: BudgetData) => ({ data: d, summary: summarize(d.histogram, labels, d.exact) });
  const all = figures(data);
  const every = everyRequest === data ? all : figures(everyRequest);
  const perGroup = new Map<string, ReturnType<typeof figures>>();
  const figuresOf = ({ group, requests }: Budget) => {
    if (group === undefined) return requests === "all" ? every : all;
    const key = `${group.key}=${group.value}`;
    let found = perGroup.get(key);
    if (found === undefined) perGroup.set(key, (found = figures(groups!.data(group))));
    return found;
  };
  const results = budgets.map((budget) => {
    const judged = figuresOf(budget);
    return judge(budget, judged.data, judged.summary, options.allowInsufficient);
  });
  const tally: Record<BudgetStatus, number> = { pass: 0, fail: 0, insufficient: 0 };
  for (const r of results) tally[r.status]++;
  const overEveryRequest = every !== all && budgets.some((b) => b.group === undefined && b.requests === "all");
  return {
    basis: data.basis,
    samples: all.summary.count,
    ...(overEveryRequest ? { everyRequestSamples: every.summary.count } : {}),
    allowInsufficient: options.allowInsufficient,
    results,
    passed: results.every((r) => !r.failsCheck),
    tally,
  };
}

/** A budget on the failure rate or on a percentile that counts failures. */
export function needsFailures(budget: Budget): boolean {
  return budget.form === "failed" || (budget.form === "latency" && budget.stat.name === "percentile" && budget.stat.withFailures === true);
}

function judge(budget: Budget, data: BudgetData, summary: Summary, allowInsufficient: boolean): BudgetResult {
  // Budgets on failures count every request made, failed or not; count the requests read, whatever the basis:
  // back-filled samples are not requests.
  const samples = needsFailures(budget) ? data.failures!.requests : budget.form === "count" ? (data.real?.totalCount ?? summary.count) : summary.count;
  /**
   * `violating`: the requests certainly on the wrong side of the limit. Too few samples to show a budget met may
   * still show it broken: with SAMPLES_BEYOND of them or more the breach is measured, not luck (50 of 999 requests
   * over a p99 limit, 100 of 500 failed against 1%). Back-filled requests are not data: not on corrected figures.
   */
  const base = (passes: boolean, required: number | undefined, violating = 0, realBeyond?: number) => {
    const fewReal = realBeyond !== undefined && realBeyond < SAMPLES_BEYOND;
    // A group without requests has no statistics to judge: at least one sample is needed.
    const minimum = samples === 0 && budget.form !== "count" ? Math.max(required ?? 1, 1) : required;
    const shownBroken = !passes && data.basis === "raw" && violating >= SAMPLES_BEYOND;
    const thin = fewReal || (minimum !== undefined && samples < minimum && !shownBroken);
    const status: BudgetStatus = thin ? "insufficient" : passes ? "pass" : "fail";
    return {
      expr: budget.expr,
      basis: data.basis,
      status,
      failsCheck: status === "fail" || (status === "insufficient" && !allowInsufficient),
      samples,
      minimumSamples: minimum,
      ...(fewReal ? { realBeyond } : {}),
    };
  };
  switch (budget.form) {
    case "latency": {
      const actualNs = latencyStat(budget, summary, data);
      const marginNs = headroom(actualNs, budget.op, budget.limitNs);
      const minimum = budget.stat.name === "percentile" ? minimumSamples(budget.stat.percentile.text) : undefined;
      return {
        ...base(holds(actualNs, budget.op, budget.limitNs), minimum, violatingLatencies(budget, data), budget.stat.name === "percentile" ? realReaching(data, actualNs) : undefined),
        form: "latency",
        budget,
        actualNs,
        marginNs,
        marginPercent: percentOf(marginNs, budget.limitNs),
      };
    }
    case "count": {
      const margin = headroom(samples, budget.op, budget.limitCount);
      return {
        ...base(holds(samples, budget.op, budget.limitCount), undefined),
        form: "count",
        budget,
        actual: samples,
        margin,
        marginPercent: percentOf(margin, budget.limitCount),
      };
    }
    case "slo": {
      const below = countBelow(data.histogram, budget.thresholdNs);
      const over = samples - below;
      const allowed = allowedOver(samples, budget.targetPercent.text);
      const belowPercent = (below * 100) / samples;
      // The SLO holds as pPCT < DUR does, so it rests on the same requests: a corrected one that fewer than
      // SAMPLES_BEYOND real requests reach at pPCT is insufficient, as the percentile budget is.
      const percentileNs = summary.percentiles.find((p) => p.label === budget.targetPercent.text)?.valueNs ?? NaN;
      return {
        ...base(over <= allowed, minimumSamples(budget.targetPercent.text), samples - countBelowOrIn(data.histogram, budget.thresholdNs), realReaching(data, percentileNs)),
        form: "slo",
        budget,
        below,
        over,
        allowedOver: allowed,
        belowPercent,
        // Rounded to 1e-9 points so that 99.95 − 99.9 reads 0.05, not 0.04999999999999716.
        marginPoints: Number((belowPercent - budget.targetPercent.value).toFixed(9)),
      };
    }
    case "failed": {
      const { failed } = data.failures!;
      const failedPercent = samples === 0 ? 0 : (failed * 100) / samples;
      return {
        ...base(shareHolds(failed, samples, budget.op, budget.limitPercent.text), minimumForShare(budget.limitPercent.text), budget.op === "<" || budget.op === "<=" ? failed : samples - failed),
        form: "failed",
        budget,
        failed,
        failedPercent,
        marginPoints: Number(headroom(failedPercent, budget.op, budget.limitPercent.value).toFixed(9)),
      };
    }
  }
}

/** The real requests at or beyond a corrected percentile (summary.ts's rule); undefined on figures without back-fill. */
function realReaching(data: BudgetData, actualNs: number): number | undefined {
  if (data.real === undefined || !Number.isFinite(actualNs)) return undefined;
  const real = CumulativeBuckets.of(data.real);
  return real.total - real.countBelow(actualNs);
}

/**
 * The samples certainly on the wrong side of a percentile budget's limit (a bucket counts only when all of it is):
 * at or over it for `<`, over it for `<=`, and below for `>`, `>=` — failures counted as slower than any with "!".
 * Other statistics need no number of samples.
 */
function violatingLatencies(budget: LatencyBudget, data: BudgetData): number {
  if (budget.stat.name !== "percentile") return 0;
  const limit = budget.limitNs;
  const total = data.histogram.totalCount;
  const failed = budget.stat.withFailures ? data.failures!.failed : 0;
  switch (budget.op) {
    case "<":
      return total - countBelowOrIn(data.histogram, limit) + failed;
    case "<=":
      return total - countBelowOrIn(data.histogram, limit + 1) + failed;
    case ">":
      return countBelow(data.histogram, limit + 1);
    case ">=":
      return countBelow(data.histogram, limit);
  }
}

/** A budget's statistic; a percentile with "!" whose rank falls among the failures is Infinity (slower than any). */
function latencyStat(budget: LatencyBudget, summary: Summary, data: BudgetData): number {
  const stat = budget.stat;
  switch (stat.name) {
    case "percentile":
      if (stat.withFailures) return percentilesWithFailures(data.histogram, data.failures!.failed, [stat.percentile.text], undefined, data.exact).percentiles[0]!.valueNs ?? Infinity;
      return summary.percentiles.find((p) => p.label === stat.percentile.text)?.valueNs ?? NaN;
    case "mean":
      return summary.meanNs;
    case "stddev":
      return summary.stddevNs;
    case "min":
      return summary.minNs;
    case "max":
      return summary.maxNs;
  }
}

/** Whether `actual op limit` holds. */
export function holds(actual: number, op: ComparisonOp, limit: number): boolean {
  switch (op) {
    case "<":
      return actual < limit;
    case "<=":
      return actual <= limit;
    case ">":
      return actual > limit;
    case ">=":
      return actual >= limit;
  }
}

/** Distance from the limit, positive on the side the budget asks for. */
export function headroom(actual: number, op: ComparisonOp, limit: number): number {
  return op === "<" || op === "<=" ? limit - actual : actual - limit;
}

export function percentOf(part: number, whole: number): number | null {
  return whole === 0 ? null : (part / whole) * 100;
}
