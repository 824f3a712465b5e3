/**
 * Budget results as cells and sentences for people, shared by the table, markdown, JUnit and GitHub renderers
 * so that they all say the same thing the same way.
 */
import type { BudgetResult, BudgetVerdict, LatencyResult, SloResult } from "../analyses/budgets.js";
import type { TimeUnit } from "../base/units.js";
import { escapeControls } from "../base/errors.js";
import { counted, exactInUnit, formatSignificant, readableUnit, formatCount } from "./values.js";

/** How budget values are printed. */
export interface BudgetCellOptions {
  /** Unit of latencies; undefined picks a readable one per budget, from its limit. */
  outUnit: TimeUnit | undefined;
  /** Histogram precision: measured values carry no more significant digits. */
  digits: number;
}

/** One budget as text cells; `result` is kept for the status cell, which each renderer draws its own way. */
export interface BudgetCells {
  expr: string;
  actual: string;
  limit: string;
  margin: string;
  result: BudgetResult;
}

const count = formatCount;

/** The margin of a latency or SLO budget with no success to judge: the failed requests are left out of latencies. */
const NO_SUCCESSES = "no successes";

/** The cells of every budget, in order. */
export function budgetCells(verdict: BudgetVerdict, options: BudgetCellOptions): BudgetCells[] {
  return verdict.results.map((result) => {
    const { actual, limit, margin } = valueCells(result, options);
    return { expr: escapeControls(result.expr), actual, limit, margin, result };
  });
}

/** Where a measured value is relative to its limit: how far, on which side, and how much of the limit that is. */
interface Distance {
  amount: string;
  side: "under" | "over" | "at";
  percent: number | null;
  /** How a sentence puts it before "the LIMIT limit", when not `AMOUNT SIDE the`. */
  words?: string;
}

interface ValueCells {
  actual: string;
  limit: string;
  margin: string;
  distance?: Distance;
}

function valueCells(result: BudgetResult, options: BudgetCellOptions): ValueCells {
  switch (result.form) {
    case "latency": {
      const unit = options.outUnit ?? readableUnit(result.budget.limitNs);
      const measured = (ns: number) => `${formatSignificant(ns, unit, options.digits)} ${unit}`;
      const limit = `${exactInUnit(result.budget.limitNs, unit)} ${unit}`;
      if (result.bucket !== undefined) return bucketCells(result, unit, measured, limit);
      // A percentile with "!" that falls among the failed requests: slower than any success, no latency.
      if (result.actualNs === Infinity) return { actual: "failed", limit, margin: "a failed request", distance: { amount: "a failed request", side: "over", percent: null } };
      // Every request failed, of a group or of all: nothing measured, so no distance to the limit (not "NaN over").
      if (Number.isNaN(result.actualNs)) return { actual: "-", limit, margin: NO_SUCCESSES };
      const d = distance(measured(Math.abs(result.marginNs)), result.actualNs - result.budget.limitNs, result.marginPercent);
      // Rounded to the digits shown, a value just past the limit would read as the limit itself: shown whole then.
      const shown = measured(result.actualNs);
      const actual = shown === limit && result.actualNs !== result.budget.limitNs ? `${exactInUnit(result.actualNs, unit)} ${unit}` : shown;
      return { actual, limit, margin: marginText(d), distance: d };
    }
    case "count": {
      // Counted in requests, more or fewer than the limit: a share of the limit says nothing here.
      const difference = result.actual - result.budget.limitCount;
      const amount = `${count(Math.abs(difference))} request${Math.abs(difference) === 1 ? "" : "s"} ${difference > 0 ? "more" : "fewer"}`;
      const d: Distance = { amount, side: difference === 0 ? "at" : difference < 0 ? "under" : "over", percent: null, words: `${amount} than the` };
      return { actual: count(result.actual), limit: count(result.budget.limitCount), margin: difference === 0 ? "at the limit" : amount, distance: d };
    }
    case "failed": {
      // Where the rate lies against the limit, whichever side the budget asks for (`failed > 10%` too).
      const points = Number(Math.abs(result.marginPoints).toPrecision(3));
      const above = result.failedPercent > result.budget.limitPercent.value;
      const side = result.marginPoints === 0 ? "at the limit" : `${points} point${points === 1 ? "" : "s"} ${above ? "over" : "under"}`;
      return { actual: `${Number(result.failedPercent.toPrecision(3))}%`, limit: `${result.budget.limitPercent.text}%`, margin: `${count(result.failed)} of ${count(result.samples)} failed, ${side}` };
    }
    case "slo": {
      // Every request failed, of a group or of all: no share, not "NaN%".
      if (result.samples === 0) return { actual: "-", limit: `${result.budget.targetPercent.text}%`, margin: NO_SUCCESSES };
      const over = result.belowAtMost === undefined ? count(result.over) : `${count(result.samples - result.belowAtMost)}–${count(result.over)}`;
      const share = result.belowAtMost === undefined ? `${sharePercent(result)}%` : `${sharePercent(result)}–${flooredPercent((result.belowAtMost * 100) / result.samples, result.budget.targetPercent.text)}%`;
      return { actual: share, limit: `${result.budget.targetPercent.text}%`, margin: `${over} over ${threshold(result, options)}, ${count(result.allowedOver)} allowed` };
    }
  }
}

/**
 * A latency judged on bucket counts: `∈ (250 ms, 500 ms] ≈ 269 ms`, and how far the whole bucket is from the
 * limit — or that it straddles it.
 */
function bucketCells(result: LatencyResult, unit: TimeUnit, measured: (ns: number) => string, limit: string): ValueCells {
  const { lowerNs, upperNs } = result.bucket!;
  const bound = (ns: number) => (ns === Infinity ? "+Inf" : `${exactInUnit(ns, unit)} ${unit}`);
  const estimate = result.budget.stat.name === "percentile" ? ` ≈ ${measured(result.actualNs)}` : "";
  const actual = `∈ (${bound(lowerNs)}, ${bound(upperNs)}]${estimate}`;
  // Where the whole bucket lies: every value in it is at most its upper bound and more than its lower one.
  const limitNs = result.budget.limitNs;
  let margin = "the bucket straddles the limit";
  if (upperNs === limitNs) margin = "the bucket ends at the limit";
  else if (upperNs < limitNs) margin = `at least ${measured(limitNs - upperNs)} under`;
  else if (lowerNs === limitNs) margin = "the bucket starts at the limit";
  else if (lowerNs > limitNs) margin = `more than ${measured(lowerNs - limitNs)} over`;
  return { actual, limit, margin };
}

function distance(amount: string, actualMinusLimit: number, percent: number | null): Distance {
  const side = actualMinusLimit === 0 ? "at" : actualMinusLimit < 0 ? "under" : "over";
  return { amount, side, percent: percent === null ? null : Math.abs(percent) };
}

/** E.g. `88.0 ms under (29%)`. */
function marginText(d: Distance): string {
  if (d.side === "at") return "at the limit";
  return d.percent === null ? `${d.amount} ${d.side}` : `${d.amount} ${d.side} (${formatPercent(d.percent)})`;
}

function formatPercent(percent: number): string {
  return `${percent >= 10 ? percent.toFixed(0) : percent.toFixed(1)}%`;
}

function sharePercent(result: SloResult): string {
  return flooredPercent(result.belowPercent, result.budget.targetPercent.text);
}

/**
 * A share of good requests, rounded down so it never reads as meeting a target it missed (99.8996% shows as
 * 99.89%, not 99.9%): one decimal more than the target (as written) has, at least two.
 */
export function flooredPercent(percent: number, targetText: string): string {
  const targetDecimals = targetText.split(".")[1]?.length ?? 0;
  const decimals = Math.max(2, targetDecimals + 1);
  const scale = 10 ** decimals;
  return String(Math.floor(percent * scale + 1e-9) / scale);
}

function threshold(result: SloResult, options: BudgetCellOptions): string {
  const unit = options.outUnit ?? readableUnit(result.budget.thresholdNs);
  return `${exactInUnit(result.budget.thresholdNs, unit)} ${unit}`;
}

/** The statistic a result is about, as people write it: `p99.9`, `mean`, `count`, `share under 300 ms`. */
export function statName(result: BudgetResult): string {
  if (result.form === "count") return "count";
  if (result.form === "slo") return "share";
  if (result.form === "failed") return "failed";
  const stat = result.budget.stat;
  return stat.name === "percentile" ? `p${stat.percentile.text}${stat.withFailures ? "!" : ""}` : stat.name;
}

/**
 * The result column: `✓ PASS`, `✗ FAIL`, `✗ INSUFFICIENT (…)`, or `- INSUFFICIENT (…)` when --allow-insufficient
 * keeps it from failing the check.
 */
export function statusLabel(result: BudgetResult): string {
  const symbol = result.status === "pass" ? "✓" : result.failsCheck ? "✗" : "-";
  const note = result.status === "insufficient" ? ` (${insufficiencyNote(result)})` : "";
  return `${symbol} ${result.status.toUpperCase()}${note}`;
}

/** The verdict line: `✓ PASSED: all 4 budgets met; …` or `✗ FAILED: 1 of 4 budgets failed; …`. */
export function verdictLine(verdict: BudgetVerdict): string {
  return `${verdict.passed ? "✓ PASSED" : "✗ FAILED"}: ${describeVerdict(verdict)}`;
}

/**
 * Why an insufficient result is: `5,000 samples, needs 10,000`; or, judged on bucket counts, `the bucket straddles
 * the limit`.
 */
export function insufficiencyNote(result: BudgetResult): string {
  const straddles = (result.form === "latency" && result.bucket !== undefined) || (result.form === "slo" && result.belowAtMost !== undefined);
  if (straddles && result.samples >= (result.minimumSamples ?? 0)) return result.form === "slo" ? "the threshold falls inside a bucket" : "the bucket straddles the limit";
  if (result.realBeyond !== undefined) return `rests on ${counted(result.realBeyond, "real request")}, needs 10; back-filled ones are not data`;
  return `${counted(result.samples, "sample")}, needs ${count(result.minimumSamples ?? 0)}`;
}

/**
 * One sentence saying what a budget found, e.g. for a JUnit failure message or a GitHub annotation:
 * `p99 was 312 ms, 12.0 ms over the 300 ms limit (4.0%)`.
 */
export function describeResult(result: BudgetResult, options: BudgetCellOptions): string {
  const cells = valueCells(result, options);
  const group = result.budget.group;
  let found: string;
  if (result.form === "slo" && cells.margin === NO_SUCCESSES) {
    const of = group === undefined ? "" : ` of ${group.key}=${group.value}`;
    found = `the share${of} under ${threshold(result, options)} cannot be measured: no successful request, the budget is ${cells.limit}`;
  } else if (result.form === "slo") {
    const whose = group === undefined ? "" : ` with ${group.key}=${group.value}`;
    found = `${cells.actual} of ${count(result.samples)} requests${whose} took less than ${threshold(result, options)}, the budget is ${cells.limit} (${cells.margin})`;
  } else if (cells.margin === NO_SUCCESSES) {
    const of = group === undefined ? "" : ` of ${group.key}=${group.value}`;
    found = `${statName(result)}${of} cannot be measured: no successful request, the limit is ${cells.limit}`;
  } else if (result.form === "failed") {
    const of = group === undefined ? "" : ` of ${group.key}=${group.value}`;
    found = `failed${of} was ${cells.actual}, the limit is ${cells.limit} (${cells.margin})`;
  } else if (cells.distance === undefined) {
    // A bucket: its cell reads "∈ (lower, upper]…".
    const of = group === undefined ? "" : ` of ${group.key}=${group.value} (${count(result.samples)} requests)`;
    found = `${statName(result)}${of} lies in ${cells.actual.slice(2)}, the limit is ${cells.limit} (${cells.margin})`;
  } else {
    const d = cells.distance!;
    const where = d.side === "at" ? "at the" : (d.words ?? `${d.amount} ${d.side} the`);
    const of = group === undefined ? "" : ` of ${group.key}=${group.value} (${count(result.samples)} requests)`;
    found = `${statName(result)}${of} was ${cells.actual}, ${where} ${cells.limit} limit${d.percent === null || d.side === "at" ? "" : ` (${formatPercent(d.percent)})`}`;
  }
  if (result.status !== "insufficient") return found;
  const note = insufficiencyNote(result);
  return note.startsWith("the ") ? `cannot be judged from bucket counts (${note}); ${found}` : `too few samples to judge (${note}); ${found}`;
}

/**
 * E.g. `1 of 4 budgets failed, 1 had too few samples; judged on raw figures from 5,000 samples`, and how many with
 * the failed requests when k6 thresholds were judged over every request.
 */
export function describeVerdict(verdict: BudgetVerdict): string {
  const n = verdict.results.length;
  const { pass, fail, insufficient } = verdict.tally;
  const budgets = (k: number) => `${k} of ${n} budget${n === 1 ? "" : "s"}`;
  const parts: string[] = [];
  if (fail > 0) parts.push(`${budgets(fail)} failed`);
  else if (pass === n) parts.push(n === 1 ? "the budget is met" : `all ${n} budgets met`);
  else parts.push(`${budgets(pass)} met`);
  if (insufficient > 0) {
    parts.push(`${count(insufficient)} had too few samples${verdict.allowInsufficient ? " (allowed by --allow-insufficient)" : ""}`);
  }
  const every = verdict.everyRequestSamples === undefined ? "" : ` (${count(verdict.everyRequestSamples)} with the failed requests, for the budgets over every request)`;
  return `${parts.join(", ")}; judged on ${verdict.basis} figures from ${counted(verdict.samples, "sample")}${every}`;
}
