/** One-line descriptions of what was read, shared by the human-readable renderers. */
import type { ReportData } from "../analyses/report.js";

/** E.g. `2 files, format plain, unsuffixed numbers read as ms (default; set --unit)`. */
export function describeInputs(report: ReportData): string {
  const files = report.files.length === 1 ? report.files[0]! : `${report.files.length} inputs`;
  const unit = report.assumedUnit;
  const unitText =
    unit === undefined
      ? "units differ between inputs"
      : unit.source === "default"
        ? `unsuffixed numbers read as ${unit.unit} (assumed; set --unit)`
        : `unsuffixed numbers read as ${unit.unit} (from ${unit.source})`;
  return `${files}, format ${report.format}, ${unitText}`;
}

/** E.g. `10,010 lines: 10,000 recorded, 8 skipped, 2 rejected (not a number: 2)`. */
export function describeAccounting(report: ReportData): string {
  const a = report.accounting;
  const n = (x: number) => x.toLocaleString("en-US");
  const reasons = Object.entries(a.rejectedByReason)
    .map(([reason, count]) => `${reason}: ${n(count)}`)
    .join(", ");
  return `${n(a.lines)} lines: ${n(a.recorded)} recorded, ${n(a.skipped)} skipped, ${n(a.rejected)} rejected${reasons ? ` (${reasons})` : ""}`;
}
