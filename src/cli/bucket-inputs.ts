/**
 * Inputs of bucket counts (Prometheus histograms) in `report` and `check`: refused with every flag that needs
 * requests, so that nothing is computed from buckets as if they were exact values.
 */
import { UserError } from "../base/errors.js";

/** Refuses the flags given that bucket counts cannot serve (see ReportOptions.needsRequests): one error naming them all. */
export function refuseForBuckets(given: readonly string[]): void {
  if (given.length === 0) return;
  throw new UserError(
    `${given.join(", ")}: ${given.length === 1 ? "needs" : "need"} the requests themselves; a Prometheus histogram holds bucket counts`,
    "bucket counts give each percentile's bucket and an estimate: -p, -o table|json|csv|markdown, --group-by LABEL, --delta",
  );
}
