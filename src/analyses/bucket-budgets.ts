/**
 * Judging latency budgets on bucket counts (a Prometheus histogram). A statistic is known only to lie in a bucket
 * (lower, upper], so a budget is met when every value in that bucket meets it, broken when every value breaks it,
 * and otherwise `insufficient`, with the bucket shown: `p99 < 300ms` on p99 ∈ (250ms, 500ms] cannot be decided.
 * The mean (from the sum) and the count are exact and judged as usual; an SLO budget counts the requests certainly
 * below its threshold and those that may be. The minimum sample counts of budgets.ts apply as well.
 */
import { countOf, type ClassicHistogram } from "../core/classic-histogram.js";
import type { Budget, ComparisonOp, GroupSelector, LatencyBudget } from "./budget-grammar.js";
import { summarizeBuckets, type Bucket } from "./bucket-summary.js";
import { assertJudgeable, headroom, holds, percentOf, type BudgetResult, type BudgetStatus, type BudgetVerdict, type EvaluateOptions, type GroupValues, type LatencyResult } from "./budgets.js";
import { allowedOver, minimumSamples } from "./percent-arithmetic.js";
import { AnalysisError } from "./problems.js";

/** The fields every result has. */
type Common = Pick<LatencyResult, "expr" | "basis" | "status" | "failsCheck" | "samples" | "minimumSamples">;

/** The groups `KEY=VALUE:` budgets are judged on: the series whose label KEY is VALUE, added. */
export interface BucketGroups extends GroupValues {
  histogram(group: GroupSelector): ClassicHistogram;
}

/** Pass when every value in (lower, upper] satisfies `value op limit`, fail when none does, else insufficient. */
export function bucketStatus(bucket: Bucket, op: ComparisonOp, limitNs: number): BudgetStatus {
  const { lowerNs, upperNs } = bucket;
  switch (op) {
    case "<":
      return upperNs < limitNs ? "pass" : lowerNs >= limitNs ? "fail" : "insufficient";
    case "<=":
      return upperNs <= limitNs ? "pass" : lowerNs >= limitNs ? "fail" : "insufficient";
    case ">":
      return lowerNs >= limitNs ? "pass" : upperNs <= limitNs ? "fail" : "insufficient";
    case ">=":
      return lowerNs >= limitNs ? "pass" : upperNs < limitNs ? "fail" : "insufficient";
  }
}

/** Judges every budget on `histogram` (at least one observation) and `KEY=VALUE:` budgets on their group's. */
export function evaluateBucketBudgets(budgets: readonly Budget[], histogram: ClassicHistogram, options: EvaluateOptions, groups?: BucketGroups): BudgetVerdict {
  assertJudgeable(budgets, groups);
  for (const budget of budgets) {
    // Bucket counts say nothing about failures: every request is in them (a budget over all of them is judged).
    if (budget.form === "failed" || budget.requests === "successes" || (budget.form === "latency" && budget.stat.name === "percentile" && budget.stat.withFailures)) {
      throw new AnalysisError({ kind: "failures-unknown", budget: budget.expr });
    }
    if (budget.form === "latency" && budget.stat.name === "stddev") {
      throw new AnalysisError({ kind: "bucket-statistic", budget: budget.expr, statistic: "stddev" });
    }
  }
  const results = budgets.map((budget) => judge(budget, budget.group === undefined ? histogram : groups!.histogram(budget.group), options.allowInsufficient));
  const tally: Record<BudgetStatus, number> = { pass: 0, fail: 0, insufficient: 0 };
  for (const r of results) tally[r.status]++;
  return { basis: "raw", samples: countOf(histogram), allowInsufficient: options.allowInsufficient, results, passed: results.every((r) => !r.failsCheck), tally };
}

function judge(budget: Budget, histogram: ClassicHistogram, allowInsufficient: boolean): BudgetResult {
  const samples = countOf(histogram);
  const base = (decided: BudgetStatus, required: number | undefined) => {
    const minimum = samples === 0 && budget.form !== "count" ? Math.max(required ?? 1, 1) : required;
    const status: BudgetStatus = minimum !== undefined && samples < minimum ? "insufficient" : decided;
    return { expr: budget.expr, basis: "raw" as const, status, failsCheck: status === "fail" || (status === "insufficient" && !allowInsufficient), samples, minimumSamples: minimum };
  };
  switch (budget.form) {
    case "latency":
      return judgeLatency(budget, histogram, base);
    case "count": {
      const margin = headroom(samples, budget.op, budget.limitCount);
      return { ...base(holds(samples, budget.op, budget.limitCount) ? "pass" : "fail", undefined), form: "count", budget, actual: samples, margin, marginPercent: percentOf(margin, budget.limitCount) };
    }
    case "failed":
      throw new AnalysisError({ kind: "failures-unknown", budget: budget.expr });
    case "slo": {
      // Requests at most a bound below the threshold were certainly below it; those up to the first bound at or
      // above it may have been.
      const boundsBelow = histogram.boundsNs.filter((b) => b < budget.thresholdNs).length;
      const below = boundsBelow === 0 ? 0 : histogram.cumulative[boundsBelow - 1]!;
      const belowAtMost = histogram.cumulative[boundsBelow]!;
      const allowed = allowedOver(samples, budget.targetPercent.text);
      const decided: BudgetStatus = samples - below <= allowed ? "pass" : samples - belowAtMost > allowed ? "fail" : "insufficient";
      const belowPercent = samples === 0 ? 0 : (below * 100) / samples;
      return {
        ...base(decided, minimumSamples(budget.targetPercent.text)),
        form: "slo",
        budget,
        below,
        over: samples - below,
        allowedOver: allowed,
        belowPercent,
        marginPoints: Number((belowPercent - budget.targetPercent.value).toFixed(9)),
        ...(belowAtMost > below ? { belowAtMost } : {}),
      };
    }
  }
}

function judgeLatency(budget: LatencyBudget, histogram: ClassicHistogram, base: (decided: BudgetStatus, required: number | undefined) => Common): BudgetResult {
  const stat = budget.stat;
  const figures = summarizeBuckets(histogram, stat.name === "percentile" ? [stat.percentile.text] : []);
  const finish = (decided: BudgetStatus, actualNs: number, required: number | undefined, bucket?: Bucket) => {
    const marginNs = headroom(actualNs, budget.op, budget.limitNs);
    return { ...base(decided, required), form: "latency" as const, budget, actualNs, marginNs, marginPercent: percentOf(marginNs, budget.limitNs), ...(bucket ? { bucket } : {}) };
  };
  if (stat.name === "mean") {
    if (Number.isNaN(figures.meanNs) && figures.count > 0) throw new AnalysisError({ kind: "bucket-statistic", budget: budget.expr, statistic: "mean" });
    return finish(holds(figures.meanNs, budget.op, budget.limitNs) ? "pass" : "fail", figures.meanNs, undefined);
  }
  const bucket: Bucket = stat.name === "percentile" ? figures.percentiles[0] ?? { lowerNs: NaN, upperNs: NaN } : stat.name === "min" ? figures.min : figures.max;
  const estimateNs = stat.name === "percentile" ? (figures.percentiles[0]?.estimateNs ?? NaN) : NaN;
  // min and max have no estimate: the bucket's middle stands for them in the margin (the open bucket's lower bound).
  const actualNs = Number.isFinite(estimateNs) ? estimateNs : Number.isFinite(bucket.upperNs) ? (bucket.lowerNs + bucket.upperNs) / 2 : bucket.lowerNs;
  const required = stat.name === "percentile" ? minimumSamples(stat.percentile.text) : undefined;
  return finish(bucketStatus(bucket, budget.op, budget.limitNs), actualNs, required, bucket);
}
