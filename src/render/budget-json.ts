/**
 * `latstat check --json`: a versioned document (schema 1). Latencies are numbers in `unit` (ms unless
 * --out-unit), as in the report's JSON; counts are plain numbers; SLO shares are percentages (0–100).
 *
 *   { schema: 1, unit, passed, basis, samples, allowInsufficient,
 *     tally: { pass, fail, insufficient },
 *     input: { files, format, lines, entries, recorded, skipped, rejected },     (entries as in `report`)
 *     budgets: [ { expr, group, stat, op, limit, actual, status, margin, marginPercent, basis, samples, minimumSamples,
 *                  // SLO budgets (`99.9% < 300ms`) only:
 *                  threshold, below, over, allowedOver } ] }
 *
 * For every budget `actual op limit` is what was checked, and `margin` is how far on the passing side of the limit
 * the actual value is (negative: by how much it missed), in the unit of `limit`; `marginPercent` is margin as a
 * percentage of limit (null for a zero limit and for SLO budgets). `stat` is `p99.9`, `mean`, `min`, `max`,
 * `stddev`, `count`, or `percent_below` for an SLO budget, whose `op` is `>=`, `limit` the target percentage,
 * `actual` the percentage of requests below `threshold`, and `margin` the difference in percentage points.
 * `minimumSamples` is null for statistics that need no minimum. `status` is pass, fail or insufficient.
 * `realBeyond`, on corrected figures with back-filled samples, is the real requests at or beyond a percentile when
 * fewer than 10 (the budget is then insufficient).
 * `group` is `{ key, value }` for a `KEY=VALUE:` budget, judged on that group's `samples` (null otherwise).
 *
 * Budgets judged on bucket counts (a Prometheus histogram) also have, for a percentile, min or max, `bucket`:
 * [lower, upper] the statistic lies in (upper null for +Inf), `actual` being histogram_quantile's estimate (the
 * bucket's middle for min and max); status is pass or fail only when the whole bucket agrees, else insufficient.
 * An SLO budget whose threshold falls inside a bucket has `belowAtMost`: `below` requests were certainly below
 * it, up to `belowAtMost` may have been.
 */
import type { BudgetResult } from "../analyses/budgets.js";
import type { CheckView } from "../analyses/check.js";
import type { TimeUnit } from "../base/units.js";
import { statName } from "./budget-cells.js";
import { JSON_SCHEMA_VERSION } from "./json.js";
import { exactInUnit } from "./values.js";
import { jsonText } from "./json-text.js";

/** The check as a JSON document with latencies in `unit`. */
export function renderBudgetJson(check: CheckView, unit: TimeUnit): string {
  return jsonText(checkDocument(check, unit));
}

/** The check's JSON document as data, latencies in `unit`: what `renderBudgetJson` writes and the library returns. */
export function checkDocument(check: CheckView, unit: TimeUnit) {
  const { verdict, report } = check;
  const a = report.accounting;
  return {
    schema: JSON_SCHEMA_VERSION,
    unit,
    passed: verdict.passed,
    basis: verdict.basis,
    samples: verdict.samples,
    allowInsufficient: verdict.allowInsufficient,
    tally: verdict.tally,
    input: { files: report.files, format: report.format, lines: a.lines, entries: a.entries, recorded: a.recorded, skipped: a.skipped, rejected: a.rejected },
    budgets: verdict.results.map((r) => jsonBudget(r, unit)),
  };
}

/** The check's JSON document (see the file comment). */
export type CheckDocument = ReturnType<typeof checkDocument>;

/** A percentage to 6 decimals (77.684992, not 77.68499233333334). */
function rounded(percent: number | null): number | null {
  return percent === null ? null : Number(percent.toFixed(6));
}

function jsonBudget(result: BudgetResult, unit: TimeUnit) {
  const common = { expr: result.expr, group: result.budget.group ?? null, stat: result.form === "slo" ? "percent_below" : statName(result) };
  const tail = {
    status: result.status,
    basis: result.basis,
    samples: result.samples,
    minimumSamples: result.minimumSamples ?? null,
    ...(result.realBeyond !== undefined ? { realBeyond: result.realBeyond } : {}),
  };
  const ms = (ns: number) => exactInUnit(ns, unit);
  switch (result.form) {
    case "latency":
      return {
        ...common,
        op: result.budget.op,
        limit: ms(result.budget.limitNs),
        actual: ms(result.actualNs),
        margin: ms(result.marginNs),
        marginPercent: rounded(result.marginPercent),
        ...tail,
        ...(result.bucket ? { bucket: [ms(result.bucket.lowerNs), Number.isFinite(result.bucket.upperNs) ? ms(result.bucket.upperNs) : null] } : {}),
      };
    case "count":
      return { ...common, op: result.budget.op, limit: result.budget.limitCount, actual: result.actual, margin: result.margin, marginPercent: rounded(result.marginPercent), ...tail };
    case "failed":
      return {
        ...common,
        op: result.budget.op,
        limit: result.budget.limitPercent.value,
        actual: rounded(result.failedPercent),
        margin: result.marginPoints,
        marginPercent: null,
        ...tail,
        failed: result.failed,
      };
    case "slo":
      return {
        ...common,
        op: ">=",
        limit: result.budget.targetPercent.value,
        actual: rounded(result.belowPercent),
        margin: result.marginPoints,
        marginPercent: null,
        ...tail,
        threshold: ms(result.budget.thresholdNs),
        below: result.below,
        over: result.over,
        allowedOver: result.allowedOver,
        ...(result.belowAtMost !== undefined ? { belowAtMost: result.belowAtMost } : {}),
      };
  }
}
