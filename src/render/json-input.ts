/** What was read, as every JSON document that reads requests says it: the `input` key of `report` (of requests or of bucket counts) and `timeline`. */
import type { ReportData } from "../analyses/report.js";
import { FAILED_SKIP_REASON } from "../ingest/accounting.js";
import { approximation } from "../formats/registry.js";

/** The `input` object: the files and format, and every line recorded, skipped or rejected, with the reasons. */
export function jsonInput(report: Pick<ReportData, "files" | "format" | "assumedUnit" | "accounting">) {
  const a = report.accounting;
  return {
    files: report.files,
    format: report.format,
    assumedUnit: report.assumedUnit ?? null,
    // Why the distribution is approximate (e.g. read from a percentile spectrum), or null.
    approximate: approximation(report.format) ?? null,
    lines: a.lines,
    entries: a.entries,
    recorded: a.recorded,
    skipped: a.skipped,
    skippedByReason: { ...a.skippedByReason },
    rejected: a.rejected,
    rejectedByReason: { ...a.rejectedByReason },
    // Failed requests among those the filters kept: rate = count / kept; `excluded` of them are not in `raw`.
    // `known` is false (and `rate` null) when the input says nothing about failures: no status, no success flag.
    failed: { count: a.failed, rate: a.failuresKnown() ? a.failureRate() : null, excluded: a.skippedByReason[FAILED_SKIP_REASON] ?? 0, known: a.failuresKnown() },
  };
}
