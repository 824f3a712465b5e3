/** One-line descriptions of what was read, shared by the human-readable renderers. */
import type { InputDescription, ReportData } from "../analyses/report.js";
import { DEFAULT_SKIP_REASON, FAILED_SKIP_REASON } from "../ingest/accounting.js";
import { approximation } from "../formats/registry.js";
import type { UnitChoice } from "../formats/types.js";
import { entriesWord, formatCount } from "./values.js";
import { escapeControls } from "../base/errors.js";

/** E.g. `2 files, format plain, unsuffixed numbers read as ms (default; set --unit)`. */
export function describeInputs(report: InputDescription): string {
  const files = report.files.length === 1 ? escapeControls(report.files[0]!) : `${report.files.length} inputs`;
  const unit = report.assumedUnit;
  const unitText = unit === undefined ? unitsOf(report) : describeUnit(unit);
  const approximate = approximation(report.format);
  return `${files}, format ${report.format}${approximate ? ` (APPROXIMATE: ${approximate})` : ""}, ${unitText}`;
}

function describeUnit(unit: UnitChoice): string {
  if (unit.source === "default") return `unsuffixed numbers read as ${unit.unit} (assumed; set --unit)`;
  if (unit.source === "format") return `latencies written in ${unit.unit} (by the format)`;
  return `unsuffixed numbers read as ${unit.unit} (from ${unit.source})`;
}

/** Where a unit came from, in a few words: `from column name`, `by the format`, `assumed`. */
function unitSource(unit: UnitChoice): string {
  return unit.source === "default" ? "assumed" : unit.source === "format" ? "by the format" : `from ${unit.source}`;
}

/**
 * Inputs whose units were chosen differently, each named: `latencies in ms (demo.log from column name, run.json by
 * the format)` when they agree on the unit, else `units differ between inputs: demo.log ms (from column name), …`.
 */
function unitsOf(report: InputDescription): string {
  const units = report.inputUnits;
  if (units === undefined) return "units differ between inputs";
  if (units.every((u) => u === undefined)) return "no unit assumed";
  const same = new Set(units.map((u) => u?.unit)).size === 1 && units[0] !== undefined;
  const each = report.files.map((file, i) => {
    const unit = units[i];
    if (unit === undefined) return `${file} no unit`;
    return same ? `${file} ${unitSource(unit)}` : `${file} ${unit.unit} (${unitSource(unit)})`;
  });
  return same ? `latencies in ${units[0]!.unit} (${each.join(", ")})` : `units differ between inputs: ${each.join(", ")}`;
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
  let text = `${n(a.lines)} ${entriesWord(a.lines, a.entries)}: ${n(a.recorded)} recorded, ${n(a.skipped)} skipped${skipped ? ` (${skipped})` : ""}, ${n(a.rejected)} rejected${rejected ? ` (${rejected})` : ""}`;
  if (a.unwrittenFailures !== undefined && a.told > 0) {
    // Not a rate: the requests that got no response are not among those counted.
    const excluded = a.skippedByReason[FAILED_SKIP_REASON] ?? 0;
    const fate = a.failed === 0 ? "" : excluded === a.failed ? ", left out (--include-errors puts them in)" : excluded === 0 ? ", included" : `, ${n(excluded)} left out`;
    return `${text}; failure rate unknown: ${a.unwrittenFailures}; of the ${n(a.requests())} requests written, ${n(a.failed)} failed${fate}`;
  }
  if (a.failed > 0) {
    const excluded = a.skippedByReason[FAILED_SKIP_REASON] ?? 0;
    const requests = a.requests();
    const rate = (100 * a.failureRate()).toFixed(2);
    const fate = excluded === a.failed ? "left out (--include-errors puts them in)" : excluded === 0 ? "included" : `${n(excluded)} left out`;
    text += `; ${n(a.failed)} of ${n(requests)} requests failed (${rate}%), ${fate}`;
  }
  return text;
}

/** Said first when reading was interrupted. */
export const PARTIAL_NOTE = "PARTIAL: reading was interrupted (Ctrl-C); these figures cover only the lines read before it";

/** Said first when inputs hold only part of their data: logs marked PARTIAL by an interrupted run (or made of one). */
export function partialInputsNote(inputs: readonly string[]): string {
  const one = inputs.length === 1;
  return `PARTIAL: ${inputs.map(escapeControls).join(", ")} ${one ? "is" : "are"} marked partial (written by an interrupted run, from logs with intervals rejected, or made from such a log); these figures cover only what ${one ? "it holds" : "they hold"}`;
}

/** The PARTIAL lines a report starts with: reading was interrupted, inputs hold only part of their data, or both. */
export function partialNotes(report: Pick<ReportData, "partial" | "partialInputs">): string[] {
  const inputs = report.partialInputs ?? [];
  return [...(report.partial === true ? [PARTIAL_NOTE] : []), ...(inputs.length > 0 ? [partialInputsNote(inputs)] : [])];
}
