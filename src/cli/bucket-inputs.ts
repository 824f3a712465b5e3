/**
 * Inputs of bucket counts (Prometheus histograms) in `report` and `check`: told apart from inputs of requests
 * after reading, and refused with every flag that needs requests, so that nothing is computed from buckets as if
 * they were exact values.
 */
import type { BucketInput } from "../analyses/bucket-report.js";
import { UserError } from "../base/errors.js";
import type { InputResult } from "../ingest/ingest.js";

/** The inputs as bucket inputs when they all are; undefined when none is; an error for a mix. */
export function bucketInputs(inputs: readonly InputResult[]): BucketInput[] | undefined {
  const bucketed = inputs.filter((i): i is BucketInput => i.buckets !== undefined);
  if (bucketed.length === 0) return undefined;
  if (bucketed.length < inputs.length) {
    const other = inputs.find((i) => i.buckets === undefined)!;
    throw new UserError(`${other.name}: requests cannot be added to bucket counts (${bucketed[0]!.name})`, "read the Prometheus scrapes apart from request logs");
  }
  return bucketed;
}

/**
 * Refuses the flags given (`[flag, value]`, undefined or false when not given) that bucket counts cannot serve:
 * one error naming them all.
 */
export function refuseForBuckets(flags: readonly [string, unknown][]): void {
  const given = flags.filter(([, value]) => value !== undefined && value !== false).map(([flag]) => flag);
  if (given.length === 0) return;
  throw new UserError(
    `${given.join(", ")}: ${given.length === 1 ? "needs" : "need"} the requests themselves; a Prometheus histogram holds bucket counts`,
    "bucket counts give each percentile's bucket and an estimate: -p, -o table|json|csv|markdown, --group-by LABEL, --delta",
  );
}
