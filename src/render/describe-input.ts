/** One-line descriptions of what was read, shared by the human-readable renderers. */
import type { InputDescription } from "../analyses/report.js";
import { DEFAULT_SKIP_REASON, FAILED_SKIP_REASON } from "../ingest/accounting.js";
import { approximation } from "../formats/registry.js";
import { formatCount } from "./values.js";
import { escapeControls } from "../base/errors.js";

/** E.g. `2 files, format plain, unsuffixed numbers read as ms (default; set --unit)`. */
export function describeInputs(report: InputDescription): string {
  const files = report.files.length === 1 ? escapeControls(report.files[0]!) : `${report.files.length} inputs`;
  const unit = report.assumedUnit;
  const unitText =
    unit === undefined
      ? "units differ between inputs"
      : unit.source === "default"
        ? `unsuffixed numbers read as ${unit.unit} (assumed; set --unit)`
        : unit.source === "format"
          ? `latencies written in ${unit.unit} (by the format)`
          : `unsuffixed numbers read as ${unit.unit} (from ${unit.source})`;
  const approximate = approximation(report.format);
  return `${files}, format ${report.format}${approximate ? ` (APPROXIMATE: ${approximate})` : ""}, ${unitText}`;
}

/**
 * E.g. `10,010 lines: 10,000 recorded, 8 skipped (failed: 5, blank, comment or header: 3), 2 rejected (not a
 * number: 2); 5 of 10,005 requests failed (0.05%), left out (--include-errors puts them in)`.
 */
export function describeAccounting(report: InputDescription): string {
  const a = report.accounting;
  const n = formatCount;
  const list = (byReason: Record<string, number>) =>
    Object.entries(byReason)
      .map(([reason, count]) => `${reason}: ${n(count)}`)
      .join(", ");
  const rejected = list(a.rejectedByReason);
  // A breakdown of skips is only news when something besides blank lines, comments and headers was skipped.
  const skippedReasons = Object.keys(a.skippedByReason);
  const skipped = skippedReasons.length > 1 || (skippedReasons.length === 1 && skippedReasons[0] !== DEFAULT_SKIP_REASON) ? list(a.skippedByReason) : "";
  let text = `${n(a.lines)} ${a.entries}: ${n(a.recorded)} recorded, ${n(a.skipped)} skipped${skipped ? ` (${skipped})` : ""}, ${n(a.rejected)} rejected${rejected ? ` (${rejected})` : ""}`;
  if (a.failed > 0) {
    const excluded = a.skippedByReason[FAILED_SKIP_REASON] ?? 0;
    const requests = a.recorded + excluded;
    const rate = (100 * a.failureRate()).toFixed(2);
    const fate = excluded === a.failed ? "left out (--include-errors puts them in)" : excluded === 0 ? "included" : `${n(excluded)} left out`;
    text += `; ${n(a.failed)} of ${n(requests)} requests failed (${rate}%), ${fate}`;
  }
  return text;
}

/** Said first when reading was interrupted. */
export const PARTIAL_NOTE = "PARTIAL: reading was interrupted (Ctrl-C); these figures cover only the lines read before it";
